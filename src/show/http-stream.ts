/**
 * HTTP over TCP conversations, one pass: which conversations are HTTP (port or heuristic),
 * and per direction the bytes of a message still being reassembled. tshark's defaults
 * (tcp.desegment_tcp_streams, http.desegment_headers, http.desegment_body) put a message on
 * the frame that completes it; the frames before it show `[TCP segment of a reassembled PDU]`.
 *
 * Memory: per HTTP conversation a few numbers and the request list's last entries, and per
 * direction the bytes of the one message in progress (bounded by MAX_PDU, copied out of the
 * reader's buffer); nothing for a conversation until it is known to be HTTP.
 */
import { diff, type Stamp } from './time.ts';
import { decodedAs, type DecodeAs } from './decode-as.ts';
import { firstLineOf, HTTP_TCP_PORTS, httpHeuristic, parseHttp, type HttpMessage } from './http.ts';

/** A segment that went into a reassembled message. */
export interface SegmentRef {
  readonly frame: number;
  readonly length: number;
}

export interface HttpFrame {
  /** the message this frame completes, or undefined for a segment / continuation */
  readonly message: HttpMessage | undefined;
  /** the segments of a message reassembled over more than one frame */
  readonly segments: readonly SegmentRef[];
  /** this frame's bytes wait for more; the first line when one is known */
  readonly pending: boolean;
  readonly pendingLine: string | undefined;
  /** request or response number in the conversation, and how many so far */
  readonly number: number;
  readonly total: number;
  /** for a request: http://host/uri; for a response: its request's frame, time and URI */
  readonly fullUri: string | undefined;
  readonly requestFrame: number;
  readonly sinceRequest: Stamp | undefined;
  /** the frames of the conversation's previous request and response (0: none): http.prev_request_in / prev_response_in */
  readonly prevRequestFrame: number;
  readonly prevResponseFrame: number;
  /**
   * bytes after the message in this segment that start no message (their first line is no
   * request or status line): packet-http.c's loop dissects them as a `Continuation`, Data in a
   * second HTTP tree (the course's http.py ends every response with an extra `\r\n\r\n`)
   */
  readonly continuation: Uint8Array | undefined;
  /** bytes after the message with no line end yet: kept for the next segment (TCP's `TCP segment data`) */
  readonly waiting: Uint8Array | undefined;
}

interface Direction {
  buf: Uint8Array | undefined;
  segments: SegmentRef[];
  /** the message in `buf` has all its header lines (only its body is awaited) */
  headersDone: boolean;
}

interface Request {
  readonly frame: number;
  readonly time: Stamp;
  readonly fullUri: string;
}

interface Conversation {
  /** per direction, by TcpAnalysis.forward: [false, true] */
  readonly dirs: [Direction, Direction];
  readonly requests: Request[];
  requestCount: number;
  responseCount: number;
  /** the last request's and response's frames (0: none yet) */
  lastRequestFrame: number;
  lastResponseFrame: number;
}

/** A message longer than this is not reassembled further (tshark has no such limit; memory does). */
const MAX_PDU = 1 << 24;
/** requests kept per conversation for matching responses (pipelining deeper than this is rare) */
const MAX_REQUESTS = 64;

export class HttpTracker {
  private readonly conversations = new Map<number, Conversation>();

  /** `decodeAs`: tshark -d rules (tcp.port==N,http makes a port HTTP; …,data keeps it Data) */
  constructor(private readonly decodeAs: readonly DecodeAs[] = []) {}

  /** Has HTTP claimed the stream (its heuristic sets the conversation's dissector, ahead of any port's)? */
  claims(stream: number): boolean {
    return this.conversations.has(stream);
  }

  /**
   * One TCP segment's payload in stream `stream`, sent by its `forward` end (TcpAnalysis);
   * returns undefined when the payload is not HTTP.
   */
  segment(stream: number, forward: boolean, ports: readonly [number, number], frame: number, time: Stamp, payload: Uint8Array): HttpFrame | undefined {
    let conv = this.conversations.get(stream);
    if (!conv) {
      const forced = decodedAs(this.decodeAs, 'tcp', ports[0], ports[1]);
      if (forced === 'data') return undefined;
      // not HTTP by port: each segment is tried until one looks like HTTP (a conversation that never does costs nothing)
      const http = forced === 'http' || HTTP_TCP_PORTS.has(ports[0]) || HTTP_TCP_PORTS.has(ports[1]);
      if (!http && !httpHeuristic(payload)) return undefined;
      conv = { dirs: [newDirection(), newDirection()], requests: [], requestCount: 0, responseCount: 0, lastRequestFrame: 0, lastResponseFrame: 0 };
      this.conversations.set(stream, conv);
    } else if (decodedAs(this.decodeAs, 'tcp', ports[0], ports[1]) === 'data') return undefined;
    const dir = conv.dirs[forward ? 1 : 0];
    // HTTP sees each segment until the header lines are all in (it asks TCP for more and
    // names the message in the Info column each time); body segments only TCP sees
    const httpSees = dir.buf === undefined || !dir.headersDone;
    const bytes = dir.buf ? concat(dir.buf, payload) : payload;
    dir.segments.push({ frame, length: payload.length });
    const r = parseHttp(bytes);
    if (r.status === 'incomplete' && bytes.length < MAX_PDU) {
      // the payload is a view into the reader's buffer, which the next read overwrites
      dir.buf = bytes === payload ? payload.slice() : bytes;
      dir.headersDone = r.headersDone;
      return { ...EMPTY, pending: true, pendingLine: httpSees ? r.firstLine : undefined };
    }
    const segments = dir.segments.length > 1 ? dir.segments : [];
    dir.buf = undefined;
    dir.segments = [];
    dir.headersDone = false;
    if (r.status !== 'complete') return EMPTY;
    const h = this.exchange(conv, r.message, segments, frame, time);
    const rest = bytes.subarray(r.message.bytes.length);
    if (rest.length === 0) return h;
    if (firstLineOf(rest) === undefined) {
      // no line end yet: HTTP asks TCP for more, as for any message's start
      dir.buf = rest.slice();
      dir.segments = [{ frame, length: rest.length }];
      return { ...h, waiting: rest };
    }
    return parseHttp(rest).status === 'not-http' ? { ...h, continuation: rest } : h;
  }

  /**
   * The sender's FIN in stream `stream`: a message that runs to the close is complete now,
   * on this frame (tshark shows it there).
   */
  fin(stream: number, forward: boolean, frame: number, time: Stamp): HttpFrame | undefined {
    const conv = this.conversations.get(stream);
    const dir = conv?.dirs[forward ? 1 : 0];
    if (!conv || !dir || dir.buf === undefined) return undefined;
    const r = parseHttp(dir.buf, true);
    dir.segments.push({ frame, length: 0 });
    const segments = dir.segments;
    dir.buf = undefined;
    dir.segments = [];
    dir.headersDone = false;
    return r.status === 'complete' ? this.exchange(conv, r.message, segments, frame, time) : undefined;
  }

  private exchange(conv: Conversation, m: HttpMessage, segments: readonly SegmentRef[], frame: number, time: Stamp): HttpFrame {
    if (m.kind === 'request') {
      const host = m.headers.find((h) => h.name.toLowerCase() === 'host')?.value;
      const fullUri = host !== undefined && m.uri.startsWith('/') ? `http://${host}${m.uri}` : m.uri;
      conv.requests.push({ frame, time, fullUri });
      if (conv.requests.length > MAX_REQUESTS) conv.requests.shift();
      const number = ++conv.requestCount;
      const prevRequestFrame = conv.lastRequestFrame;
      conv.lastRequestFrame = frame;
      // the request shows a full URI only when it can build one (a Host header, or an absolute URI); its response shows the URI either way
      return { ...EMPTY, message: m, segments, number, total: number, fullUri: fullUri !== m.uri || !m.uri.startsWith('/') ? fullUri : undefined, prevRequestFrame };
    }
    const number = ++conv.responseCount;
    const back = conv.requestCount - number;
    const at = conv.requests.length - 1 - back;
    const req = back >= 0 ? conv.requests[at] : undefined;
    const prevResponseFrame = conv.lastResponseFrame;
    conv.lastResponseFrame = frame;
    return {
      ...EMPTY, message: m, segments, number, total: number, fullUri: req?.fullUri,
      requestFrame: req?.frame ?? 0, sinceRequest: req ? diff(time, req.time) : undefined,
      prevRequestFrame: back >= 0 ? (conv.requests[at - 1]?.frame ?? 0) : 0, prevResponseFrame,
    };
  }
}

function newDirection(): Direction {
  return { buf: undefined, segments: [], headersDone: false };
}

const EMPTY: HttpFrame = {
  message: undefined, segments: [], pending: false, pendingLine: undefined, number: 0, total: 0,
  fullUri: undefined, requestFrame: 0, sinceRequest: undefined, prevRequestFrame: 0, prevResponseFrame: 0, continuation: undefined, waiting: undefined,
};

/** `a` then `b` in a new array (a PDU's bytes so far, then a segment's). */
export function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}
