/**
 * HTTP in the details pane as tshark 4.0 prints it: the reassembly summary when the message
 * came in several segments, the request or status line with its chat item and parts, each
 * header line (`\r\n` shown escaped), the request/response bookkeeping lines, and the body:
 * `File Data` and, for text types, the `Line-based text data` lines; for JSON types the JSON
 * tree (details/json-body.ts).
 */
import { ascii } from '../../stack/wire/bytes.ts';
import type { HttpFrame, SegmentRef } from '../http-stream.ts';
import type { HttpMessage } from '../http.ts';
import { isLineBasedText, isOctetStream } from '../filter/fields-http.ts';
import { formatSeconds } from '../time.ts';
import { JSON_MEDIA_TYPES } from '../json.ts';
import { expertItem } from './expert.ts';
import { jsonSection } from './json-body.ts';
import { dataSection } from './udp.ts';
import { asciiString, byteCount, hexValue, textLabel, Tree } from './text.ts';

const STATUS_TEXT: Readonly<Record<number, string>> = {
  200: 'OK', 201: 'Created', 204: 'No Content', 301: 'Moved Permanently', 302: 'Found', 304: 'Not Modified',
  400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 405: 'Method Not Allowed',
  500: 'Internal Server Error', 501: 'Not Implemented', 502: 'Bad Gateway', 503: 'Service Unavailable',
};

/** Header names with their own field (packet-http.c's headers[]); others are http.unknown_header. */
const HEADER_FIELDS: ReadonlySet<string> = new Set([
  'authorization', 'proxy-authenticate', 'proxy-authorization', 'www-authenticate', 'content-type', 'content-encoding',
  'transfer-encoding', 'upgrade', 'user-agent', 'host', 'connection', 'cookie', 'accept', 'referer', 'accept-language',
  'accept-encoding', 'date', 'cache-control', 'server', 'location', 'sec-websocket-accept', 'sec-websocket-extensions',
  'sec-websocket-key', 'sec-websocket-protocol', 'sec-websocket-version', 'set-cookie', 'last-modified', 'x-forwarded-for',
  'http2-settings',
]);

export function httpSection(t: Tree, h: HttpFrame): void {
  const m = h.message!;
  if (h.segments.length > 0) reassemblySection(t, h.segments, m.bytes);
  t.proto(0, 'http', 'Hypertext Transfer Protocol');
  const first = `${escape(m.firstLine)}\\r\\n`;
  t.line(1, first);
  expertItem(t, 2, 'http.chat', 'Chat', 'Sequence', first);
  if (m.kind === 'request') {
    t.field(2, 'http.request.method', m.method, `Request Method: ${m.method}`);
    t.field(2, 'http.request.uri', m.uri, `Request URI: ${m.uri}`);
    t.field(2, 'http.request.version', m.version, `Request Version: ${m.version}`);
  } else {
    t.field(2, 'http.response.version', m.version, `Response Version: ${m.version}`);
    t.field(2, 'http.response.code', m.code, `Status Code: ${m.code}`);
    const desc = STATUS_TEXT[m.code] ?? m.phrase;
    t.field(2, 'http.response.code.desc', desc, `[Status Code Description: ${desc}]`);
    t.field(2, 'http.response.phrase', m.phrase, `Response Phrase: ${m.phrase}`);
  }
  for (const hd of m.headers) headerLines(t, m, hd);
  t.line(1, '\\r\\n');
  if (m.kind === 'request') {
    if (h.fullUri !== undefined) t.field(1, 'http.request.full_uri', h.fullUri, `[Full request URI: ${h.fullUri}]`);
    t.hidden(1, 'http.request', true);
    t.field(1, 'http.request_number', h.number, `[HTTP request ${h.number}/${h.total}]`);
    if (h.prevRequestFrame > 0) t.field(1, 'http.prev_request_in', h.prevRequestFrame, `[Prev request in frame: ${h.prevRequestFrame}]`);
  } else {
    t.hidden(1, 'http.response', true);
    t.field(1, 'http.response_number', h.number, `[HTTP response ${h.number}/${h.total}]`);
    if (h.sinceRequest) t.field(1, 'http.time', formatSeconds(h.sinceRequest, 9), `[Time since request: ${formatSeconds(h.sinceRequest, 9)} seconds]`);
    if (h.prevRequestFrame > 0) t.field(1, 'http.prev_request_in', h.prevRequestFrame, `[Prev request in frame: ${h.prevRequestFrame}]`);
    if (h.prevResponseFrame > 0) t.field(1, 'http.prev_response_in', h.prevResponseFrame, `[Prev response in frame: ${h.prevResponseFrame}]`);
    if (h.requestFrame > 0) t.field(1, 'http.request_in', h.requestFrame, `[Request in frame: ${h.requestFrame}]`);
    if (h.fullUri !== undefined) t.field(1, 'http.response_for.uri', h.fullUri, `[Request URI: ${h.fullUri}]`);
  }
  if (m.body.length > 0) body(t, m);
}

/** Bytes after the message that start no other: a second HTTP tree holding them as Data. */
export function continuationSection(t: Tree, rest: Uint8Array): void {
  t.proto(0, 'http', 'Hypertext Transfer Protocol');
  dataSection(t, rest, 1);
}

/** One header line: its own field (or http.unknown_header), then the whole line, hidden. */
function headerLines(t: Tree, m: HttpMessage, hd: HttpMessage['headers'][number]): void {
  const text = `${escape(hd.line)}\\r\\n`;
  const name = hd.name.toLowerCase();
  const value = hd.value;
  if (name === 'content-length') {
    t.field(1, 'http.content_length_header', value, text);
    if (m.contentLength !== undefined) t.field(2, 'http.content_length', m.contentLength, `[Content length: ${m.contentLength}]`);
  } else if (HEADER_FIELDS.has(name)) t.field(1, `http.${name.replace(/-/g, '_')}`, value, text);
  else t.field(1, 'http.unknown_header', hd.line, text);
  t.hidden(1, `http.${m.kind}.line`, `${hd.line}\r\n`);
}

/** The `[N Reassembled TCP Segments …]` tree of a PDU tcp_analysis put together (HTTP's, TLS's). */
export function reassemblySection(t: Tree, segments: readonly SegmentRef[], bytes: Uint8Array): void {
  const total = bytes.length;
  const list = segments.map((s) => `#${s.frame}(${s.length})`).join(', ');
  t.none(0, 'tcp.segments', `[${segments.length} Reassembled TCP Segments (${total} bytes): ${list}]`);
  let off = 0;
  for (const s of segments) {
    // the FIN that ends a message running to the close carries no bytes
    const text = s.length === 0 ? `[Frame: ${s.frame} (no data)]` : `[Frame: ${s.frame}, payload: ${off}-${off + s.length - 1} (${byteCount(s.length)})]`;
    t.field(1, 'tcp.segment', s.frame, text);
    off += s.length;
  }
  t.field(1, 'tcp.segment.count', segments.length, `[Segment count: ${segments.length}]`);
  t.field(1, 'tcp.reassembled.length', total, `[Reassembled TCP length: ${total}]`);
  t.field(1, 'tcp.reassembled.data', bytes, `[Reassembled TCP Data: ${hexValue(bytes)}]`);
}

function body(t: Tree, m: HttpMessage): void {
  // an FT_STRING: its value (what -T json prints) is a C string, cut at the body's first NUL
  const nul = m.body.indexOf(0);
  t.field(1, 'http.file_data', asciiString(nul < 0 ? m.body : m.body.subarray(0, nul)), `File Data: ${m.body.length} bytes`);
  // packet-http.c hands a body no Content-Type describes to the Data dissector
  if (m.contentType === undefined) return dataSection(t, m.body, 1);
  if (isOctetStream(m)) return dataSection(t, m.body, 0);
  if (JSON_MEDIA_TYPES.has(m.contentType)) {
    // packet-json.c hands what it could not parse to the line-based text dissector
    const rest = jsonSection(t, m.body, m.contentType);
    if (rest.length > 0) textLinesSection(t, m.contentType, rest);
    return;
  }
  if (!isLineBasedText(m.contentType)) return mediaSection(t, m, m.contentType);
  textLinesSection(t, m.contentType, m.body);
}

/** packet-media.c, for a media type no dissector registers: the type (with its parameters) and the bytes. */
function mediaSection(t: Tree, m: HttpMessage, type: string): void {
  const value = m.headers.find((h) => h.name.toLowerCase() === 'content-type')?.value ?? '';
  const semi = value.indexOf(';');
  const params = semi < 0 ? '' : value.slice(semi + 1).trimStart();
  const n = m.body.length;
  t.proto(0, 'media', 'Media Type');
  t.field(1, 'media.type', m.body, `Media type: ${params ? `${type}; ${params}` : type} (${byteCount(n)})`);
}

/** Wireshark's line-based text dissector (packet-text-media.c): one item per line. */
function textLinesSection(t: Tree, mediaType: string, b: Uint8Array): void {
  const lines = splitLines(b);
  t.proto(0, 'data-text-lines', `Line-based text data: ${mediaType} (${lines.length} lines)`);
  for (const l of lines) t.dataLine(1, textLabel(escape(l)));
}

/** Lines as Wireshark's line-based text dissector cuts them: each keeps its line end. */
function splitLines(b: Uint8Array): string[] {
  const out: string[] = [];
  let start = 0;
  for (let i = 0; i < b.length; i++) {
    if (b[i] === 0x0a) {
      out.push(ascii(b.subarray(start, i + 1)));
      start = i + 1;
    }
  }
  if (start < b.length) out.push(ascii(b.subarray(start)));
  return out;
}

/** Wireshark's format_text: C escapes for control characters, `\xhh` for the rest. */
function escape(s: string): string {
  let out = '';
  for (const ch of s) {
    const c = ch.charCodeAt(0);
    if (ch === '\r') out += '\\r';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\t') out += '\\t';
    else if (ch === '\\') out += '\\\\';
    else if (c < 0x20 || c >= 0x7f) out += `\\x${c.toString(16).padStart(2, '0')}`;
    else out += ch;
  }
  return out;
}
