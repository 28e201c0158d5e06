/** TLS's filter fields (packet-tls.c / packet-tls-utils.c names), over every record a frame completes. */
import type { Dissected } from '../dissect.ts';
import type { TlsHello } from '../../stack/wire/tls.ts';
import { CT_ALERT, CT_APPLICATION_DATA, EXT_ALPN, HS_CERTIFICATE, EXT_SERVER_NAME, EXT_SUPPORTED_VERSIONS, tlsAlpnProtocols, tlsServerName, tlsSupportedVersions } from '../../stack/wire/tls.ts';
import type { TlsMessage, TlsRecord } from '../tls-stream.ts';
import { certificateList } from '../tls-handshake.ts';
import { ja3Full, ja3Hash } from '../tls-ja3.ts';
import type { FieldDef, FieldTable, FieldType, Value } from './fields.ts';

const NONE: readonly Value[] = [];

// defined here, not imported from fields.ts: that module builds its table from this one's at load time
function many(type: FieldType, get: (f: Dissected) => readonly Value[]): FieldDef {
  return { type, get };
}

function records(f: Dissected): TlsRecord[] {
  return f.tls ? f.tls.sections.flatMap((s) => s.records) : [];
}

function perRecord(get: (r: TlsRecord) => Value | undefined): (f: Dissected) => readonly Value[] {
  return (f) => (f.tls ? records(f).flatMap((r) => { const v = get(r); return v === undefined ? [] : [v]; }) : NONE);
}

function perMessage(get: (m: TlsMessage) => readonly Value[]): (f: Dissected) => readonly Value[] {
  return (f) => (f.tls ? records(f).flatMap((r) => r.messages.flatMap(get)) : NONE);
}

function perHello(get: (h: TlsHello) => readonly Value[]): (f: Dissected) => readonly Value[] {
  return perMessage((m) => (m.hello ? get(m.hello) : []));
}

function extensionValues(type: number, get: (data: Uint8Array, h: TlsHello) => readonly Value[]): (f: Dissected) => readonly Value[] {
  return perHello((h) => h.extensions.filter((e) => e.type === type).flatMap((e) => get(e.data, h)));
}

function certificateMessages(get: (body: Uint8Array) => readonly Value[]): (f: Dissected) => readonly Value[] {
  return perMessage((m) => (m.header.type === HS_CERTIFICATE && m.body.length >= 3 ? get(m.body) : []));
}

/** a TLS 1.3 application data record shows its type as the opaque type, not the content type */
function opaque(r: TlsRecord): boolean {
  return r.tls13 && r.contentType === CT_APPLICATION_DATA;
}

/** TLS integer fields Wireshark shows in hexadecimal (BASE_HEX), with their digit counts (output/fields.ts). */
export const TLS_HEX_DIGITS: Readonly<Record<string, number>> = {
  'tls.record.version': 4, 'tls.handshake.version': 4, 'tls.handshake.ciphersuite': 4, 'tls.handshake.extensions.supported_version': 4,
};

export function tlsFields(): FieldTable {
  return {
    'tls': many('protocol', (f) => (f.tls ? f.tls.sections.map((s) => s.reassembled ?? concatRecords(s.records)) : NONE)),
    'tls.record': many('none', perRecord(() => true)),
    'tls.record.content_type': many('u8', perRecord((r) => (opaque(r) ? undefined : r.contentType))),
    'tls.record.opaque_type': many('u8', perRecord((r) => (opaque(r) ? r.contentType : undefined))),
    'tls.record.version': many('u16', perRecord((r) => r.version)),
    'tls.record.length': many('u16', perRecord((r) => r.length)),
    'tls.app_data': many('bytes', perRecord((r) => (r.contentType === CT_APPLICATION_DATA ? r.bytes.subarray(5) : undefined))),
    'tls.app_data_proto': many('string', perRecord((r) => r.appProtocol)),
    'tls.alert_message': many('none', perRecord((r) => (r.contentType === CT_ALERT ? true : undefined))),
    'tls.alert_message.level': many('u8', perRecord((r) => (r.contentType === CT_ALERT && r.length === 2 ? r.bytes[5] : undefined))),
    'tls.alert_message.desc': many('u8', perRecord((r) => (r.contentType === CT_ALERT && r.length === 2 ? r.bytes[6] : undefined))),
    'tls.handshake.type': many('u8', perMessage((m) => [m.header.type])),
    'tls.handshake.length': many('u24', perMessage((m) => [m.header.length])),
    'tls.handshake.version': many('u16', perHello((h) => [h.version])),
    'tls.handshake.random': many('bytes', perHello((h) => [h.random])),
    'tls.handshake.session_id_length': many('u8', perHello((h) => [h.sessionId.length])),
    'tls.handshake.session_id': many('bytes', perHello((h) => (h.sessionId.length > 0 ? [h.sessionId] : []))),
    'tls.handshake.ciphersuite': many('u16', perHello((h) => h.cipherSuites)),
    'tls.handshake.comp_method': many('u8', perHello((h) => h.compressionMethods)),
    'tls.handshake.extension.type': many('u16', perHello((h) => h.extensions.map((e) => e.type))),
    'tls.handshake.extension.len': many('u16', perHello((h) => h.extensions.map((e) => e.data.length))),
    'tls.handshake.extensions_server_name': many('string', extensionValues(EXT_SERVER_NAME, (d) => { const n = tlsServerName(d); return n === undefined ? [] : [n]; })),
    'tls.handshake.extensions_alpn_str': many('string', extensionValues(EXT_ALPN, (d) => tlsAlpnProtocols(d))),
    'tls.handshake.ja3_full': many('string', perHello((h) => (h.kind === 'client' ? [ja3Full(h)] : []))),
    'tls.handshake.ja3': many('string', perHello((h) => (h.kind === 'client' ? [ja3Hash(h)] : []))),
    'tls.handshake.ja3s_full': many('string', perHello((h) => (h.kind === 'server' ? [ja3Full(h)] : []))),
    'tls.handshake.ja3s': many('string', perHello((h) => (h.kind === 'server' ? [ja3Hash(h)] : []))),
    'tls.handshake.certificates_length': many('u24', certificateMessages((b) => [(b[0]! << 16) | (b[1]! << 8) | b[2]!])),
    'tls.handshake.certificate_length': many('u24', certificateMessages((b) => certificateList(b).map((c) => c.length))),
    'tls.handshake.certificate': many('bytes', certificateMessages((b) => certificateList(b))),
    'tls.handshake.extensions.supported_version': many('u16', extensionValues(EXT_SUPPORTED_VERSIONS, (d, h) => tlsSupportedVersions(d, h.kind))),
  };
}

function concatRecords(rs: readonly TlsRecord[]): Uint8Array {
  const out = new Uint8Array(rs.reduce((n, r) => n + r.bytes.length, 0));
  let at = 0;
  for (const r of rs) {
    out.set(r.bytes, at);
    at += r.bytes.length;
  }
  return out;
}
