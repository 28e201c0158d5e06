/**
 * The details of the Client/Server Hello extensions tshark 4.0 dissects in the course's captures
 * (packet-tls-utils.c ssl_dissect_hnd_hello_ext_*), each under its `Extension:` line (details/tls.ts).
 * An extension not listed here shows its type and length only, and a line saying it is not detailed.
 */
import type { TlsExtension, TlsHello } from '../stack/wire/tls.ts';
import {
  TLS_EC_POINT_FORMAT, TLS_GROUP, TLS_HASH_ALGORITHM, TLS_PSK_KE_MODE, TLS_SIGNATURE_ALGORITHM, TLS_SIGNATURE_SCHEME, TLS_VERSION_NAME,
} from './tls-names.ts';
import { hex4, hexValue, NOT_DETAILED, plural, type Tree } from './details/text.ts';

const u16 = (b: Uint8Array, i: number): number => (b[i]! << 8) | b[i + 1]!;

type Detail = (t: Tree, d: Uint8Array, h: TlsHello) => void;

const DETAILS: Readonly<Record<number, Detail>> = {
  0: serverName, 10: supportedGroups, 11: ecPointFormats, 13: signatureAlgorithms, 16: alpn, 21: padding,
  22: () => {}, 23: () => {}, 35: sessionTicket, 43: supportedVersions, 45: pskModes, 51: keyShare, 65281: renegotiationInfo,
};

export function helloExtension(t: Tree, e: TlsExtension, h: TlsHello): void {
  const detail = DETAILS[e.type];
  if (detail) detail(t, e.data, h);
  else if (e.data.length > 0) t.line(4, NOT_DETAILED);
}

function serverName(t: Tree, d: Uint8Array): void {
  t.line(4, 'Server Name Indication extension');
  t.field(5, 'tls.handshake.extensions_server_name_list_len', u16(d, 0), `Server Name list length: ${u16(d, 0)}`);
  for (let i = 2; i + 3 <= d.length;) {
    const type = d[i]!;
    const n = u16(d, i + 1);
    const name = String.fromCharCode(...d.subarray(i + 3, i + 3 + n));
    t.field(5, 'tls.handshake.extensions_server_name_type', type, `Server Name Type: ${type === 0 ? 'host_name' : 'Unknown'} (${type})`);
    t.field(5, 'tls.handshake.extensions_server_name_len', n, `Server Name length: ${n}`);
    t.field(5, 'tls.handshake.extensions_server_name', name, `Server Name: ${name}`);
    i += 3 + n;
  }
}

function supportedGroups(t: Tree, d: Uint8Array): void {
  const len = u16(d, 0);
  t.field(4, 'tls.handshake.extensions_supported_groups_length', len, `Supported Groups List Length: ${len}`);
  t.none(4, 'tls.handshake.extensions_supported_groups', `Supported Groups (${plural(len / 2, 'group', 'groups')})`);
  for (let i = 2; i + 1 < 2 + len; i += 2) {
    const g = u16(d, i);
    t.field(5, 'tls.handshake.extensions_supported_group', hex4(g), `Supported Group: ${TLS_GROUP[g] ?? 'Unknown'} (${hex4(g)})`);
  }
}

function ecPointFormats(t: Tree, d: Uint8Array): void {
  const n = d[0]!;
  t.field(4, 'tls.handshake.extensions_ec_point_formats_length', n, `EC point formats Length: ${n}`);
  t.none(4, 'tls.handshake.extensions_ec_point_formats', `Elliptic curves point formats (${n})`);
  for (const f of d.subarray(1, 1 + n)) t.field(5, 'tls.handshake.extensions_ec_point_format', f, `EC point format: ${TLS_EC_POINT_FORMAT[f] ?? 'Unknown'} (${f})`);
}

function signatureAlgorithms(t: Tree, d: Uint8Array): void {
  const len = u16(d, 0);
  t.field(4, 'tls.handshake.sig_hash_alg_len', len, `Signature Hash Algorithms Length: ${len}`);
  t.none(4, 'tls.handshake.sig_hash_algs', `Signature Hash Algorithms (${plural(len / 2, 'algorithm', 'algorithms')})`);
  for (let i = 2; i + 1 < 2 + len; i += 2) {
    signatureAlgorithm(t, 5, u16(d, i));
  }
}

/** One SignatureScheme with its TLS 1.2 hash and signature halves (a hello's list, a key exchange's signature). */
export function signatureAlgorithm(t: Tree, depth: number, a: number): void {
  const [hash, sig] = [a >> 8, a & 0xff];
  t.field(depth, 'tls.handshake.sig_hash_alg', hex4(a), `Signature Algorithm: ${TLS_SIGNATURE_SCHEME[a] ?? 'Unknown'} (${hex4(a)})`);
  t.field(depth + 1, 'tls.handshake.sig_hash_hash', hash, `Signature Hash Algorithm Hash: ${TLS_HASH_ALGORITHM[hash] ?? 'Unknown'} (${hash})`);
  t.field(depth + 1, 'tls.handshake.sig_hash_sig', sig, `Signature Hash Algorithm Signature: ${TLS_SIGNATURE_ALGORITHM[sig] ?? 'Unknown'} (${sig})`);
}

function alpn(t: Tree, d: Uint8Array): void {
  t.field(4, 'tls.handshake.extensions_alpn_len', u16(d, 0), `ALPN Extension Length: ${u16(d, 0)}`);
  t.none(4, 'tls.handshake.extensions_alpn_list', 'ALPN Protocol');
  for (let i = 2; i < d.length; i += 1 + d[i]!) {
    const n = d[i]!;
    const s = String.fromCharCode(...d.subarray(i + 1, i + 1 + n));
    t.field(5, 'tls.handshake.extensions_alpn_str_len', n, `ALPN string length: ${n}`);
    t.field(5, 'tls.handshake.extensions_alpn_str', s, `ALPN Next Protocol: ${s}`);
  }
}

function padding(t: Tree, d: Uint8Array): void {
  t.field(4, 'tls.handshake.extensions_padding_data', d, `Padding Data: ${hexValue(d)}`);
}

function sessionTicket(t: Tree, d: Uint8Array): void {
  t.field(4, 'tls.handshake.extension.data', d, `Data (${plural(d.length, 'byte', 'bytes')})`);
}

function supportedVersions(t: Tree, d: Uint8Array, h: TlsHello): void {
  const version = (v: number): void => t.field(4, 'tls.handshake.extensions.supported_version', hex4(v), `Supported Version: ${TLS_VERSION_NAME[v] ?? 'Unknown'} (${hex4(v)})`);
  if (h.kind === 'server') return version(u16(d, 0));
  t.field(4, 'tls.handshake.extensions.supported_versions_len', d[0]!, `Supported Versions length: ${d[0]}`);
  for (let i = 1; i + 1 < 1 + d[0]!; i += 2) version(u16(d, i));
}

function pskModes(t: Tree, d: Uint8Array): void {
  t.field(4, 'tls.extension.psk_ke_modes_length', d[0]!, `PSK Key Exchange Modes Length: ${d[0]}`);
  for (const m of d.subarray(1, 1 + d[0]!)) t.field(4, 'tls.extension.psk_ke_mode', m, `PSK Key Exchange Mode: ${TLS_PSK_KE_MODE[m] ?? 'Unknown'} (${m})`);
}

function keyShare(t: Tree, d: Uint8Array, h: TlsHello): void {
  t.line(4, 'Key Share extension');
  let i = 0;
  if (h.kind === 'client') {
    t.field(5, 'tls.handshake.extensions_key_share_client_length', u16(d, 0), `Client Key Share Length: ${u16(d, 0)}`);
    i = 2;
  }
  for (; i + 4 <= d.length;) {
    const group = u16(d, i);
    const n = u16(d, i + 2);
    const key = d.subarray(i + 4, i + 4 + n);
    const name = TLS_GROUP[group] ?? 'Unknown';
    t.line(5, `Key Share Entry: Group: ${name}, Key Exchange length: ${n}`);
    t.field(6, 'tls.handshake.extensions_key_share_group', group, `Group: ${name} (${group})`);
    t.field(6, 'tls.handshake.extensions_key_share_key_exchange_length', n, `Key Exchange Length: ${n}`);
    t.field(6, 'tls.handshake.extensions_key_share_key_exchange', key, `Key Exchange: ${hexValue(key)}`);
    i += 4 + n;
  }
}

function renegotiationInfo(t: Tree, d: Uint8Array): void {
  t.line(4, 'Renegotiation Info extension');
  t.field(5, 'tls.handshake.extensions_reneg_info_len', d[0]!, `Renegotiation info extension length: ${d[0]}`);
}
