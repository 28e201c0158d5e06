/**
 * HTTP in the details pane as tshark 4.0 prints it: the reassembly summary when the message
 * came in several segments, the request or status line with its chat item and parts, each
 * header line (`\r\n` shown escaped), the request/response bookkeeping lines, and the body:
 * `File Data` and, for text types, the `Line-based text data` lines.
 */
import type { HttpFrame } from '../http-stream.ts';
import type { HttpMessage } from '../http.ts';
import { isLineBasedText } from '../filter/fields-http.ts';
import { formatSeconds } from '../time.ts';
import { expert } from './tcp.ts';
import { hexValue, NOT_DETAILED, Tree } from './text.ts';

const STATUS_TEXT: Readonly<Record<number, string>> = {
  200: 'OK', 201: 'Created', 204: 'No Content', 301: 'Moved Permanently', 302: 'Found', 304: 'Not Modified',
  400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 405: 'Method Not Allowed',
  500: 'Internal Server Error', 501: 'Not Implemented', 502: 'Bad Gateway', 503: 'Service Unavailable',
};

export function httpSection(t: Tree, h: HttpFrame): void {
  const m = h.message!;
  if (h.segments.length > 0) reassembly(t, h, m.bytes.length);
  t.line(0, 'Hypertext Transfer Protocol');
  const first = `${escape(m.firstLine)}\\r\\n`;
  t.line(1, first);
  expert(t, 2, 'Chat', first);
  if (m.kind === 'request') {
    t.line(2, `Request Method: ${m.method}`);
    t.line(2, `Request URI: ${m.uri}`);
    t.line(2, `Request Version: ${m.version}`);
  } else {
    t.line(2, `Response Version: ${m.version}`);
    t.line(2, `Status Code: ${m.code}`);
    t.line(2, `[Status Code Description: ${STATUS_TEXT[m.code] ?? m.phrase}]`);
    t.line(2, `Response Phrase: ${m.phrase}`);
  }
  for (const hd of m.headers) {
    t.line(1, `${escape(hd.line)}\\r\\n`);
    if (hd.name.toLowerCase() === 'content-length' && m.contentLength !== undefined) t.line(2, `[Content length: ${m.contentLength}]`);
  }
  t.line(1, '\\r\\n');
  if (m.kind === 'request') {
    if (h.fullUri !== undefined) t.line(1, `[Full request URI: ${h.fullUri}]`);
    t.line(1, `[HTTP request ${h.number}/${h.total}]`);
  } else {
    t.line(1, `[HTTP response ${h.number}/${h.total}]`);
    if (h.sinceRequest) t.line(1, `[Time since request: ${formatSeconds(h.sinceRequest, 9)} seconds]`);
    if (h.requestFrame > 0) t.line(1, `[Request in frame: ${h.requestFrame}]`);
    if (h.fullUri !== undefined) t.line(1, `[Request URI: ${h.fullUri}]`);
  }
  if (m.body.length > 0) body(t, m);
}

function reassembly(t: Tree, h: HttpFrame, total: number): void {
  const list = h.segments.map((s) => `#${s.frame}(${s.length})`).join(', ');
  t.line(0, `[${h.segments.length} Reassembled TCP Segments (${total} bytes): ${list}]`);
  let off = 0;
  for (const s of h.segments) {
    // the FIN that ends a message running to the close carries no bytes
    if (s.length === 0) t.line(1, `[Frame: ${s.frame} (no data)]`);
    else t.line(1, `[Frame: ${s.frame}, payload: ${off}-${off + s.length - 1} (${s.length} byte${s.length === 1 ? '' : 's'})]`);
    off += s.length;
  }
  t.line(1, `[Segment count: ${h.segments.length}]`);
  t.line(1, `[Reassembled TCP length: ${total}]`);
  t.line(1, `[Reassembled TCP Data: ${hexValue(h.message!.bytes)}]`);
}

function body(t: Tree, m: HttpMessage): void {
  t.line(1, `File Data: ${m.body.length} byte${m.body.length === 1 ? '' : 's'}`);
  if (!isLineBasedText(m.contentType)) {
    t.line(0, NOT_DETAILED);
    return;
  }
  const lines = splitLines(m.body);
  t.line(0, `Line-based text data: ${m.contentType} (${lines.length} lines)`);
  for (const l of lines) t.line(1, escape(l));
}

/** Lines as Wireshark's line-based text dissector cuts them: each keeps its line end. */
function splitLines(b: Uint8Array): string[] {
  const out: string[] = [];
  let start = 0;
  for (let i = 0; i < b.length; i++) {
    if (b[i] === 0x0a) {
      out.push(latin1(b.subarray(start, i + 1)));
      start = i + 1;
    }
  }
  if (start < b.length) out.push(latin1(b.subarray(start)));
  return out;
}

function latin1(b: Uint8Array): string {
  let s = '';
  for (const c of b) s += String.fromCharCode(c);
  return s;
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
