/**
 * TLS record and handshake layers (RFC 8446 §5.1 TLSPlaintext, §4 Handshake; RFC 5246 §6.2,
 * §7.4): a pure codec of what travels in clear. A record is its 5-byte header and fragment;
 * a handshake message is its 4-byte header and body; a Client/Server Hello is split into its
 * fields with the extensions kept raw (type, data) in wire order, and the few extensions a
 * reader asks for by meaning (server_name, ALPN, supported_versions) have small parsers.
 * Nothing here decrypts: records after a ChangeCipherSpec are opaque bytes.
 */
import { u16 } from './bytes.ts';
import { parsed, truncated, type Parsed } from './errors.ts';

export const TLS_RECORD_HEADER_LEN = 5;
export const TLS_HANDSHAKE_HEADER_LEN = 4;
/** RFC 8446 §5.1/§5.2: 2^14 plaintext, + 2048 ciphertext expansion (TLS 1.2's bound, the larger) */
export const TLS_MAX_RECORD_LENGTH = 0x4000 + 2048;

export const CT_CHANGE_CIPHER_SPEC = 20;
export const CT_ALERT = 21;
export const CT_HANDSHAKE = 22;
export const CT_APPLICATION_DATA = 23;
export const CT_HEARTBEAT = 24;

export const HS_CLIENT_HELLO = 1;
export const HS_SERVER_HELLO = 2;
export const HS_NEW_SESSION_TICKET = 4;
export const HS_CERTIFICATE = 11;
export const HS_SERVER_KEY_EXCHANGE = 12;
export const HS_CLIENT_KEY_EXCHANGE = 16;

export const EXT_SERVER_NAME = 0;
export const EXT_SUPPORTED_GROUPS = 10;
export const EXT_EC_POINT_FORMATS = 11;
export const EXT_ALPN = 16;
export const EXT_SUPPORTED_VERSIONS = 43;

export const TLS1_3_VERSION = 0x0304;

export interface TlsRecordHeader {
  readonly contentType: number;
  readonly version: number;
  readonly length: number;
}

/** A record content type RFC 8446 §B.1 (and RFC 6520's heartbeat) defines. */
export function isTlsContentType(t: number): boolean {
  return t >= CT_CHANGE_CIPHER_SPEC && t <= CT_HEARTBEAT;
}

/** The record header at `off`, or undefined when fewer than 5 bytes remain. */
export function parseTlsRecordHeader(b: Uint8Array, off: number): TlsRecordHeader | undefined {
  if (b.length - off < TLS_RECORD_HEADER_LEN) return undefined;
  return { contentType: b[off]!, version: u16(b, off + 1), length: u16(b, off + 3) };
}

export interface TlsHandshakeHeader {
  readonly type: number;
  /** the body's length (u24) */
  readonly length: number;
}

export function parseTlsHandshakeHeader(b: Uint8Array, off: number): TlsHandshakeHeader | undefined {
  if (b.length - off < TLS_HANDSHAKE_HEADER_LEN) return undefined;
  return { type: b[off]!, length: (b[off + 1]! << 16) | u16(b, off + 2) };
}

export interface TlsExtension {
  readonly type: number;
  readonly data: Uint8Array;
  /** offset of the extension's type field in the hello body */
  readonly offset: number;
}

export interface TlsHello {
  readonly kind: 'client' | 'server';
  readonly version: number;
  readonly random: Uint8Array;
  readonly sessionId: Uint8Array;
  /** a ClientHello's offered suites; a ServerHello's one chosen suite */
  readonly cipherSuites: readonly number[];
  readonly compressionMethods: readonly number[];
  /** undefined when the hello ends before its extensions block (allowed before TLS 1.3) */
  readonly extensionsLength: number | undefined;
  readonly extensions: readonly TlsExtension[];
}

const LAYER = 'tls';

/** A ClientHello (RFC 8446 §4.1.2) or ServerHello (§4.1.3) body: `body` starts after the 4-byte handshake header. */
export function parseTlsHello(body: Uint8Array, kind: 'client' | 'server'): Parsed<TlsHello> {
  const r = new Cursor(body);
  const version = r.u16('version');
  const random = r.bytes('random', 32);
  const sessionId = r.bytes('session_id', r.u8('session_id_length'));
  const cipherSuites: number[] = [];
  const compressionMethods: number[] = [];
  if (kind === 'client') {
    const n = r.u16('cipher_suites_length');
    for (let end = r.at + n; r.ok && r.at < end;) cipherSuites.push(r.u16('cipher_suite'));
    const m = r.u8('compression_methods_length');
    for (let i = 0; i < m; i++) compressionMethods.push(r.u8('compression_method'));
  } else {
    cipherSuites.push(r.u16('cipher_suite'));
    compressionMethods.push(r.u8('compression_method'));
  }
  let extensionsLength: number | undefined;
  const extensions: TlsExtension[] = [];
  if (r.ok && r.at < body.length) {
    extensionsLength = r.u16('extensions_length');
    for (let end = r.at + extensionsLength; r.ok && r.at < end;) {
      const offset = r.at;
      const type = r.u16('extension_type');
      extensions.push({ type, data: r.bytes('extension_data', r.u16('extension_length')), offset });
    }
  }
  if (r.error) return r.error;
  return parsed({ kind, version, random, sessionId, cipherSuites, compressionMethods, extensionsLength, extensions }, r.at);
}

/** The host_name of a server_name extension (RFC 6066 §3), the first one listed. */
export function tlsServerName(data: Uint8Array): string | undefined {
  if (data.length < 5 || data[2] !== 0) return undefined;
  const n = u16(data, 3);
  return data.length >= 5 + n ? String.fromCharCode(...data.subarray(5, 5 + n)) : undefined;
}

/** The protocol names of an ALPN extension (RFC 7301 §3.1). */
export function tlsAlpnProtocols(data: Uint8Array): string[] {
  const out: string[] = [];
  for (let i = 2; i < data.length; i += 1 + data[i]!) out.push(String.fromCharCode(...data.subarray(i + 1, i + 1 + data[i]!)));
  return out;
}

/** supported_versions (RFC 8446 §4.2.1): a ClientHello's list, or a ServerHello's one selected version. */
export function tlsSupportedVersions(data: Uint8Array, kind: 'client' | 'server'): number[] {
  if (kind === 'server') return data.length >= 2 ? [u16(data, 0)] : [];
  const out: number[] = [];
  for (let i = 1; i + 1 < 1 + (data[0] ?? 0) && i + 1 < data.length; i += 2) out.push(u16(data, i));
  return out;
}

/** A bounds-checked reader that remembers its first short read instead of throwing. */
class Cursor {
  at = 0;
  error: Parsed<never> | undefined;
  constructor(private readonly b: Uint8Array) {}
  get ok(): boolean {
    return this.error === undefined;
  }
  private need(field: string, n: number): boolean {
    if (this.error) return false;
    if (this.at + n > this.b.length) {
      this.error = this.at >= this.b.length && n === 0 ? undefined : truncated(LAYER, field, this.at, n, this.b.length);
      return false;
    }
    return true;
  }
  u8(field: string): number {
    return this.need(field, 1) ? this.b[this.at++]! : 0;
  }
  u16(field: string): number {
    if (!this.need(field, 2)) return 0;
    this.at += 2;
    return u16(this.b, this.at - 2);
  }
  bytes(field: string, n: number): Uint8Array {
    if (!this.need(field, n)) return new Uint8Array(0);
    this.at += n;
    return this.b.subarray(this.at - n, this.at);
  }
}
