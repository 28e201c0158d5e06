/**
 * HTTP/1.x messages as Wireshark's HTTP dissector reads them (packet-http.c): the request or
 * status line, the header lines up to the empty line, and a body of Content-Length bytes.
 *
 * Which TCP payloads are HTTP: those on the ports tshark 4.0 hands to HTTP by default
 * (`tshark -G decodes`: tcp.port 80, 8080 …), and, on any other port, a conversation whose
 * first line starts with `HTTP/1.` or ends with it — Wireshark's `http_tcp` heuristic, on by
 * default, after which the whole conversation is HTTP (it is how HTTP on the course's 8000
 * and 8889 decodes).
 */
import { ascii } from '../stack/wire/bytes.ts';

/** tcp.port entries for HTTP in tshark 4.0's default decode table. */
export const HTTP_TCP_PORTS: ReadonlySet<number> = new Set([80, 631, 1900, 2710, 2869, 3128, 3132, 3689, 5985, 8080, 8088, 11371]);

export interface HttpHeader {
  readonly name: string;
  readonly value: string;
  /** the line as sent, without its line end */
  readonly line: string;
}

export interface HttpMessage {
  readonly kind: 'request' | 'response';
  /** the first line without its line end */
  readonly firstLine: string;
  readonly method: string;
  readonly uri: string;
  readonly version: string;
  readonly code: number;
  readonly phrase: string;
  readonly headers: readonly HttpHeader[];
  readonly contentType: string | undefined;
  readonly contentLength: number | undefined;
  readonly body: Uint8Array;
  /** every byte of the message (first line to the end of the body) */
  readonly bytes: Uint8Array;
}

/** What the first line of `b` is, as packet-http.c's is_http_request_or_reply sees it. */
export function firstLineOf(b: Uint8Array): { line: string; end: number } | undefined {
  const lf = b.indexOf(0x0a);
  if (lf < 0) return undefined;
  const len = lf > 0 && b[lf - 1] === 0x0d ? lf - 1 : lf;
  return { line: ascii(b.subarray(0, len)), end: lf + 1 };
}

const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'OPTIONS', 'TRACE', 'CONNECT', 'PATCH']);

/** Wireshark's http_tcp heuristic: a first line that starts or ends with `HTTP/1.`. */
export function httpHeuristic(b: Uint8Array): boolean {
  const l = firstLineOf(b);
  if (!l || l.line.length === 8) return false;
  return l.line.toUpperCase().startsWith('HTTP/1.') || l.line.slice(-8).toUpperCase().startsWith('HTTP/1.');
}

export type ParseResult =
  | { readonly status: 'complete'; readonly message: HttpMessage }
  /** more bytes are needed; `firstLine` is known once a line end came */
  | { readonly status: 'incomplete'; readonly firstLine: string | undefined; readonly headersDone: boolean }
  | { readonly status: 'not-http' };

/**
 * Parse one message from the start of `b`. A response with neither Content-Length nor a
 * bodiless status ends where the connection does (RFC 9112 §6.3): it is incomplete until
 * `atClose`, when the sender's FIN has come.
 */
export function parseHttp(b: Uint8Array, atClose = false): ParseResult {
  const first = firstLineOf(b);
  if (!first) return { status: 'incomplete', firstLine: undefined, headersDone: false };
  const start = parseFirstLine(first.line);
  if (!start) return { status: 'not-http' };
  const headers: HttpHeader[] = [];
  let off = first.end;
  for (;;) {
    const lf = b.indexOf(0x0a, off);
    if (lf < 0) return { status: 'incomplete', firstLine: first.line, headersDone: false };
    const end = lf > off && b[lf - 1] === 0x0d ? lf - 1 : lf;
    const line = ascii(b.subarray(off, end));
    off = lf + 1;
    if (line === '') break;
    const colon = line.indexOf(':');
    headers.push({ name: colon > 0 ? line.slice(0, colon) : line, value: colon > 0 ? line.slice(colon + 1).trim() : '', line });
  }
  const get = (n: string): string | undefined => headers.find((h) => h.name.toLowerCase() === n)?.value;
  const lengthText = get('content-length');
  const contentLength = lengthText !== undefined && /^\d+$/.test(lengthText) ? Number(lengthText) : undefined;
  const ct = get('content-type');
  const contentType = ct === undefined ? undefined : ct.split(';')[0]!.trim().toLowerCase();
  // without Content-Length a request has no body, nor do 1xx, 204 and 304 responses; any other
  // response runs to the close (chunked bodies are not decoded: what is here is the body)
  const chunked = /chunked/i.test(get('transfer-encoding') ?? '');
  const bodiless = start.kind === 'request' || start.code < 200 || start.code === 204 || start.code === 304;
  const bodyLength = contentLength ?? (bodiless ? 0 : chunked || atClose ? b.length - off : undefined);
  if (bodyLength === undefined || b.length < off + bodyLength) return { status: 'incomplete', firstLine: first.line, headersDone: true };
  const body = b.subarray(off, off + bodyLength);
  return { status: 'complete', message: { ...start, firstLine: first.line, headers, contentType, contentLength, body, bytes: b.subarray(0, off + bodyLength) } };
}

type Start = Pick<HttpMessage, 'kind' | 'method' | 'uri' | 'version' | 'code' | 'phrase'>;

function parseFirstLine(line: string): Start | undefined {
  if (line.startsWith('HTTP/1.')) {
    const m = /^(HTTP\/1\.\d) (\d{3})(?: (.*))?$/.exec(line);
    if (!m) return undefined;
    return { kind: 'response', method: '', uri: '', version: m[1]!, code: Number(m[2]), phrase: m[3] ?? '' };
  }
  const m = /^(\S+) (\S+) (HTTP\/1\.\d)$/.exec(line);
  if (!m || !METHODS.has(m[1]!)) return undefined;
  return { kind: 'request', method: m[1]!, uri: m[2]!, version: m[3]!, code: 0, phrase: '' };
}
