/** HTTP's filter fields (packet-http.c names), present on the frame that completes a message. */
import type { Dissected } from '../dissect.ts';
import type { HttpMessage } from '../http.ts';
import { asciiString } from '../details/text.ts';
import { JSON_MEDIA_TYPES, parseJsonBody } from '../json.ts';
import type { FieldDef, FieldTable, Value } from './fields.ts';

const NONE: readonly Value[] = [];

const msg = (f: Dissected): HttpMessage | undefined => f.http?.message;
const req = (f: Dissected): HttpMessage | undefined => { const m = msg(f); return m?.kind === 'request' ? m : undefined; };
const res = (f: Dissected): HttpMessage | undefined => { const m = msg(f); return m?.kind === 'response' ? m : undefined; };

function field(type: FieldDef['type'], get: (f: Dissected) => Value | undefined): FieldDef {
  return { type, get: (f) => { const v = get(f); return v === undefined ? NONE : [v]; } };
}

function header(name: string): (f: Dissected) => string | undefined {
  return (f) => msg(f)?.headers.find((h) => h.name.toLowerCase() === name)?.value;
}

/**
 * The protocols after `tcp` in frame.protocols: `http`, and the body's dissector (Data when no
 * Content-Type names one); JSON adds `data-text-lines` when part of the body is not JSON to it.
 */
export function httpProtocols(m: HttpMessage): string[] {
  if (m.body.length === 0) return ['http'];
  if (m.contentType === undefined || isOctetStream(m)) return ['http', 'data'];
  if (JSON_MEDIA_TYPES.has(m.contentType)) return parseJsonBody(m.body).end < m.body.length ? ['http', 'json', 'data-text-lines'] : ['http', 'json'];
  return ['http', isLineBasedText(m.contentType) ? 'data-text-lines' : 'media'];
}

/**
 * A body the Data dissector takes as a media type: tshark 4.0's media_type table gives
 * application/octet-stream to Data (a top-level `Data (n bytes)`, no ` (type)` in Info).
 */
export const isOctetStream = (m: HttpMessage): boolean => m.contentType === 'application/octet-stream';

/** The body goes to packet-json.c (the Protocol column gets `/JSON`, the Info column its name). */
export function isJsonBody(m: HttpMessage): boolean {
  return m.body.length > 0 && m.contentType !== undefined && JSON_MEDIA_TYPES.has(m.contentType);
}

/** Content types Wireshark's media_type table gives to the line-based text dissector. */
export function isLineBasedText(type: string | undefined): boolean {
  return type !== undefined && (type.startsWith('text/') || type === 'application/x-www-form-urlencoded');
}

export function httpFields(): FieldTable {
  return {
    'http': field('protocol', (f) => msg(f)?.bytes),
    'http.request': field('bool', (f) => (req(f) ? true : undefined)),
    'http.response': field('bool', (f) => (res(f) ? true : undefined)),
    'http.request.method': field('string', (f) => req(f)?.method),
    'http.request.uri': field('string', (f) => req(f)?.uri),
    'http.request.version': field('string', (f) => req(f)?.version),
    'http.request.full_uri': field('string', (f) => (req(f) ? f.http!.fullUri : undefined)),
    'http.request.line': { type: 'string', get: (f) => (req(f) ? msg(f)!.headers.map((h) => `${h.line}\r\n`) : NONE) },
    'http.response.version': field('string', (f) => res(f)?.version),
    'http.response.code': field('u16', (f) => res(f)?.code),
    'http.response.phrase': field('string', (f) => res(f)?.phrase),
    'http.response.line': { type: 'string', get: (f) => (res(f) ? msg(f)!.headers.map((h) => `${h.line}\r\n`) : NONE) },
    'http.host': field('string', header('host')),
    'http.user_agent': field('string', header('user-agent')),
    'http.server': field('string', header('server')),
    'http.content_type': field('string', header('content-type')),
    'http.content_length_header': field('string', header('content-length')),
    'http.content_length': field('u32', (f) => msg(f)?.contentLength),
    'http.request_in': field('framenum', (f) => (res(f) && f.http!.requestFrame > 0 ? f.http!.requestFrame : undefined)),
    // FT_STRING in Wireshark 4.0: -T fields prints the body as text
    'http.file_data': field('string', (f) => { const m = msg(f); return m && m.body.length > 0 ? asciiString(m.body) : undefined; }),
  };
}
