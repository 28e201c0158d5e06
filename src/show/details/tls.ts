/**
 * TLS in the details pane as tshark 4.0 prints it (packet-tls.c dissect_ssl3_record and
 * packet-tls-utils.c): one `Transport Layer Security` section per PDU (a reassembled record
 * first, with its segment list), each record's header, Change Cipher Spec, alerts, opaque
 * application data, and handshake messages: Client and Server Hello field by field with the
 * extensions the course's captures carry (tls-extensions.ts) and JA3/JA3S, TLS 1.2's Certificate
 * (tls-x509.ts), ECDHE key exchanges and New Session Ticket (tls-handshake.ts). Not detailed yet:
 * other handshake bodies and extensions; in their place a line says so plainly.
 */
import {
  CT_ALERT, CT_APPLICATION_DATA, CT_CHANGE_CIPHER_SPEC, CT_HANDSHAKE, TLS_RECORD_HEADER_LEN, type TlsExtension, type TlsHello,
} from '../../stack/wire/tls.ts';
import type { TlsFrame, TlsMessage, TlsRecord } from '../tls-stream.ts';
import {
  TLS_ALERT_DESCRIPTION, TLS_ALERT_LEVEL, TLS_CIPHER_SUITE, TLS_CONTENT_TYPE, TLS_EXTENSION, TLS_HANDSHAKE_TYPE, TLS_VERSION_NAME,
  TLS_VERSION_SHORT,
} from '../tls-names.ts';
import { helloExtension } from '../tls-extensions.ts';
import { ja3Full, ja3Hash } from '../tls-ja3.ts';
import { handshakeBody } from '../tls-handshake.ts';
import { formatArrival } from '../time.ts';
import { UTC } from '../tz/zone.ts';
import { reassemblySection } from './http.ts';
import { hex4, hexValue, label, NOT_DETAILED, type Tree } from './text.ts';

export function tlsSections(t: Tree, tls: TlsFrame): void {
  for (const s of tls.sections) {
    if (s.segments.length > 0) reassemblySection(t, s.segments, s.reassembled!);
    t.proto(0, 'tls', 'Transport Layer Security');
    for (const r of s.records) record(t, r);
  }
}

const short = (v: number): string => TLS_VERSION_SHORT[v] ?? 'TLS';
const versionText = (v: number): string => `${TLS_VERSION_NAME[v] ?? 'Unknown'} (${hex4(v)})`;
const hex = (b: Uint8Array): string => Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');

function record(t: Tree, r: TlsRecord): void {
  const v = short(r.shownVersion);
  const body = r.bytes.subarray(TLS_RECORD_HEADER_LEN);
  const opaque = r.tls13 && r.contentType === CT_APPLICATION_DATA;
  t.none(1, 'tls.record', `${v} Record Layer: ${recordTitle(r, body)}`);
  const type = `${TLS_CONTENT_TYPE[r.contentType] ?? 'Unknown'} (${r.contentType})`;
  if (opaque) t.field(2, 'tls.record.opaque_type', r.contentType, `Opaque Type: ${type}`);
  else t.field(2, 'tls.record.content_type', r.contentType, `Content Type: ${type}`);
  t.field(2, 'tls.record.version', hex4(r.version), `Version: ${versionText(r.version)}`);
  t.field(2, 'tls.record.length', r.length, `Length: ${r.length}`);
  if (r.contentType === CT_CHANGE_CIPHER_SPEC) t.field(2, 'tls.change_cipher_spec', '', 'Change Cipher Spec Message');
  else if (r.contentType === CT_ALERT) alert(t, body);
  else if (r.contentType === CT_APPLICATION_DATA) {
    t.field(2, 'tls.app_data', body, `Encrypted Application Data: ${hexValue(body)}`);
    if (r.appProtocol) t.field(2, 'tls.app_data_proto', r.appProtocol, `[Application Data Protocol: ${r.appProtocol}]`);
  } else if (r.contentType === CT_HANDSHAKE) {
    if (r.encrypted) t.none(2, 'tls.handshake', 'Handshake Protocol: Encrypted Handshake Message');
    for (const m of r.messages) message(t, m);
  } else t.line(2, NOT_DETAILED);
}

function recordTitle(r: TlsRecord, body: Uint8Array): string {
  switch (r.contentType) {
    case CT_CHANGE_CIPHER_SPEC: return 'Change Cipher Spec Protocol: Change Cipher Spec';
    case CT_ALERT: return r.length === 2 ? `Alert (${alertText(body)})` : 'Encrypted Alert';
    case CT_APPLICATION_DATA: return `Application Data Protocol: ${r.appProtocol ?? 'Application Data'}`;
    case CT_HANDSHAKE:
      if (r.encrypted) return 'Handshake Protocol: Encrypted Handshake Message';
      return `Handshake Protocol: ${r.messages.length > 1 ? 'Multiple Handshake Messages' : handshakeName(r.messages[0]?.header.type ?? -1)}`;
    default: return TLS_CONTENT_TYPE[r.contentType] ?? 'Unknown';
  }
}

const handshakeName = (type: number): string => TLS_HANDSHAKE_TYPE[type] ?? 'Encrypted Handshake Message';
const alertText = (b: Uint8Array): string => `Level: ${TLS_ALERT_LEVEL[b[0]!] ?? 'Unknown'}, Description: ${TLS_ALERT_DESCRIPTION[b[1]!] ?? 'Unknown'}`;

function alert(t: Tree, b: Uint8Array): void {
  if (b.length !== 2) {
    t.none(2, 'tls.alert_message', 'Alert Message: Encrypted Alert');
    return;
  }
  t.none(2, 'tls.alert_message', 'Alert Message');
  t.field(3, 'tls.alert_message.level', b[0]!, `Level: ${TLS_ALERT_LEVEL[b[0]!] ?? 'Unknown'} (${b[0]})`);
  t.field(3, 'tls.alert_message.desc', b[1]!, `Description: ${TLS_ALERT_DESCRIPTION[b[1]!] ?? 'Unknown'} (${b[1]})`);
}

function message(t: Tree, m: TlsMessage): void {
  const name = handshakeName(m.header.type);
  t.none(2, 'tls.handshake', `Handshake Protocol: ${name}`);
  t.field(3, 'tls.handshake.type', m.header.type, `Handshake Type: ${name} (${m.header.type})`);
  t.field(3, 'tls.handshake.length', m.header.length, `Length: ${m.header.length}`);
  if (m.hello) hello(t, m.hello, m.helloTime);
  else if (m.header.length > 0 && !handshakeBody(t, 3, m)) t.line(3, NOT_DETAILED);
}

function hello(t: Tree, h: TlsHello, showTime: boolean): void {
  const client = h.kind === 'client';
  t.field(3, 'tls.handshake.version', hex4(h.version), `Version: ${versionText(h.version)}`);
  t.field(3, 'tls.handshake.random', h.random, `Random: ${hex(h.random)}`);
  if (showTime) {
    const sec = ((h.random[0]! << 24) >>> 0) + (h.random[1]! << 16) + (h.random[2]! << 8) + h.random[3]!;
    const time = formatArrival({ sec, nsec: 0 }, 9, UTC);
    t.field(4, 'tls.handshake.random_time', time, `GMT Unix Time: ${time}`);
    t.field(4, 'tls.handshake.random_bytes', h.random.subarray(4), `Random Bytes: ${hex(h.random.subarray(4))}`);
  }
  t.field(3, 'tls.handshake.session_id_length', h.sessionId.length, `Session ID Length: ${h.sessionId.length}`);
  if (h.sessionId.length > 0) t.field(3, 'tls.handshake.session_id', h.sessionId, `Session ID: ${hex(h.sessionId)}`);
  if (client) {
    const n = h.cipherSuites.length;
    t.field(3, 'tls.handshake.cipher_suites_length', n * 2, `Cipher Suites Length: ${n * 2}`);
    t.none(3, 'tls.handshake.ciphersuites', `Cipher Suites (${n} suite${n === 1 ? '' : 's'})`);
    for (const c of h.cipherSuites) t.field(4, 'tls.handshake.ciphersuite', hex4(c), `Cipher Suite: ${suiteName(c)} (${hex4(c)})`);
    const k = h.compressionMethods.length;
    t.field(3, 'tls.handshake.comp_methods_length', k, `Compression Methods Length: ${k}`);
    t.none(3, 'tls.handshake.comp_methods', `Compression Methods (${k} method${k === 1 ? '' : 's'})`);
    for (const c of h.compressionMethods) t.field(4, 'tls.handshake.comp_method', c, `Compression Method: ${compName(c)} (${c})`);
  } else {
    const c = h.cipherSuites[0]!;
    t.field(3, 'tls.handshake.ciphersuite', hex4(c), `Cipher Suite: ${suiteName(c)} (${hex4(c)})`);
    const m = h.compressionMethods[0]!;
    t.field(3, 'tls.handshake.comp_method', m, `Compression Method: ${compName(m)} (${m})`);
  }
  if (h.extensionsLength !== undefined) t.field(3, 'tls.handshake.extensions_length', h.extensionsLength, `Extensions Length: ${h.extensionsLength}`);
  for (const e of h.extensions) extension(t, e, h);
  ja3(t, h);
}

const suiteName = (c: number): string => TLS_CIPHER_SUITE[c] ?? `Unknown (${hex4(c)})`;
const compName = (c: number): string => (c === 0 ? 'null' : c === 1 ? 'DEFLATE' : 'Unknown');

function extension(t: Tree, e: TlsExtension, h: TlsHello): void {
  const name = TLS_EXTENSION[e.type] ?? 'Unknown type';
  t.line(3, `Extension: ${name} (len=${e.data.length})`);
  t.field(4, 'tls.handshake.extension.type', e.type, `Type: ${name} (${e.type})`);
  t.field(4, 'tls.handshake.extension.len', e.data.length, `Length: ${e.data.length}`);
  helloExtension(t, e, h);
}

function ja3(t: Tree, h: TlsHello): void {
  const full = ja3Full(h);
  const md5 = ja3Hash(h);
  const s = h.kind === 'client' ? '' : 'S';
  t.field(3, `tls.handshake.ja3${s.toLowerCase()}_full`, full, `[${label(`JA3${s} Fullstring`, full)}]`);
  t.field(3, `tls.handshake.ja3${s.toLowerCase()}`, md5, `[JA3${s}: ${md5}]`);
}

