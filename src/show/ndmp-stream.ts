/**
 * TCP port 10000 as tshark 4.0 sees it: the port of NDMP (packet-ndmp.c), and of the course's
 * servers (rm77/progjar). NDMP frames its messages with an ONC RPC record mark (4 bytes: the
 * last-fragment bit, 31 bits of length), and its dissector claims a conversation's bytes when
 * that mark looks sane (check_ndmp_rm: 1 to 1 000 000) or when fewer than 4 bytes are there to
 * judge. Then tcp_dissect_pdus asks TCP for more (one more segment while the mark is
 * incomplete, the rest of the record once it is known), so a 1-byte send (a MSG_OOB byte, a
 * short command) shows as `[TCP segment of a reassembled PDU]` and is reassembled with what
 * follows; a reassembled run whose first 4 bytes are no sane mark goes to Data, and a record
 * with a sane mark (a length-prefixed message: 4-byte big-endian length, then the body) shows
 * as an NDMP fragment. A payload of 4 or more bytes whose mark is not sane is not NDMP: HTTP,
 * TLS or Data take it as on any port.
 *
 * Per direction it keeps the bytes of the record or mark in progress and the fragments of a
 * message not yet ended (fragsA/fragsB, keyed by where the next fragment starts), as
 * packet-ndmp.c does in one pass. A message's last fragment (the mark's top bit) completes it;
 * a message of 24 bytes or more with a sane NDMP header is not detailed (no course sends one).
 */
import type { SegmentRef } from './http-stream.ts';
import { concat } from './http-stream.ts';

export const NDMP_TCP_PORT = 10000;
/** RPC_RM_LASTFRAG and RPC_RM_FRAGLEN */
const LASTFRAG = 0x8000_0000;
const FRAGLEN = 0x7fff_ffff;
/** the record mark tcp_dissect_pdus must have before it can ask for a PDU's length */
const MARK_LENGTH = 4;
/** a record longer than this is not reassembled further (tshark has no such limit; memory does) */
const MAX_PDU = 1 << 24;

/** An item of TCP's own tree that NDMP's reassembly adds, in order. */
export type NdmpTcpItem =
  /** `[PDU Size: N]`: a record tcp_dissect_pdus handed to NDMP */
  | { readonly kind: 'pdu-size'; readonly size: number }
  /** `TCP segment data (N bytes)`: bytes that went to a reassembly */
  | { readonly kind: 'segment-data'; readonly bytes: Uint8Array };

/** A tree after TCP's, in order. */
export type NdmpSection =
  /** `[N Reassembled TCP Segments …]` of a record (or refused run) put together from several segments */
  | { readonly kind: 'reassembled'; readonly segments: readonly SegmentRef[]; readonly bytes: Uint8Array }
  /** a record that is not its message's last fragment: `Network Data Management Protocol`, its mark and data */
  | { readonly kind: 'fragment'; readonly mark: number; readonly data: Uint8Array }
  /** a message's last fragment after others: `[N NDMP fragments (T bytes): …]` */
  | { readonly kind: 'fragments'; readonly parts: readonly SegmentRef[] }
  /** a whole NDMP message (24 bytes or more, a sane header): not detailed */
  | { readonly kind: 'message'; readonly bytes: Uint8Array }
  /** bytes NDMP refused after a reassembly, or after a record in the same segment: Data */
  | { readonly kind: 'data'; readonly bytes: Uint8Array };

export interface NdmpFrame {
  readonly tcpItems: readonly NdmpTcpItem[];
  readonly sections: readonly NdmpSection[];
  /** a fragment was dissected: Protocol NDMP, Info `[NDMP fragment] ` */
  readonly fragment: boolean;
  /** NDMP's dissector took a record here, shown or not: frame.protocols names it */
  readonly dissected: boolean;
  /** nothing in the segment was dissected, all of it waits: `[TCP segment of a reassembled PDU]` */
  readonly segmentOnly: boolean;
}

interface Pending {
  bytes: Uint8Array;
  segments: SegmentRef[];
  /** the record's whole length once its mark is in; 0 while it is not (one more segment) */
  need: number;
  /** where the bytes start in the direction's stream */
  start: number;
}

interface Fragments {
  /** the frames the fragments were dissected in, with their data's lengths */
  readonly parts: readonly SegmentRef[];
  readonly data: Uint8Array;
}

interface Direction {
  pending: Pending | undefined;
  /** a message's fragments so far, by where its next fragment starts in the stream */
  readonly frags: Map<number, Fragments>;
  /** the stream offset of the next byte */
  offset: number;
}

/** check_ndmp_rm(): a mark NDMP would take, or too few bytes to judge */
function sane(bytes: Uint8Array): boolean {
  if (bytes.length < MARK_LENGTH) return true;
  const len = u32(bytes, 0) & FRAGLEN;
  return len >= 1 && len <= 1_000_000;
}

/** check_ndmp_hdr() on a message (after its mark): 24 bytes or more, timestamp 1980–2030, type, message, error */
function ndmpHeader(b: Uint8Array): boolean {
  if (b.length < 24) return false;
  const time = u32(b, 4);
  if (time < 0x12ceec50 || time > 0x70dc1ed0) return false;
  if (u32(b, 8) > 1) return false;
  const msg = u32(b, 12);
  return msg !== 0 && msg <= 0xa09 && u32(b, 20) <= 0x17;
}

function u32(b: Uint8Array, at: number): number {
  return ((b[at]! << 24) | (b[at + 1]! << 16) | (b[at + 2]! << 8) | b[at + 3]!) >>> 0;
}

/** the segments of a run of bytes, from `skip` bytes in, at most `take` bytes */
function clip(segments: readonly SegmentRef[], skip: number, take: number): SegmentRef[] {
  const out: SegmentRef[] = [];
  let off = 0;
  for (const s of segments) {
    const from = Math.max(skip, off);
    const to = Math.min(skip + take, off + s.length);
    if (to > from) out.push({ frame: s.frame, length: to - from });
    off += s.length;
  }
  return out;
}

class FrameBuilder {
  readonly tcpItems: NdmpTcpItem[] = [];
  readonly sections: NdmpSection[] = [];
  fragment = false;
  dissected = false;
}

export class NdmpTracker {
  /** per TCP stream, per direction (TcpAnalysis.forward: [false, true]) */
  private readonly streams = new Map<number, [Direction, Direction]>();

  /**
   * One in-order TCP segment's payload in stream `stream` with port 10000 at one end; undefined
   * when NDMP leaves it (a fresh payload of 4 bytes or more whose mark is not sane).
   */
  segment(stream: number, forward: boolean, frame: number, payload: Uint8Array): NdmpFrame | undefined {
    let dirs = this.streams.get(stream);
    const dir0 = dirs?.[forward ? 1 : 0];
    if (!dir0?.pending && !sane(payload)) {
      if (dir0) dir0.offset += payload.length;
      return undefined;
    }
    if (!dirs) {
      dirs = [newDirection(), newDirection()];
      this.streams.set(stream, dirs);
    }
    const dir = dirs[forward ? 1 : 0];
    const out = new FrameBuilder();
    let rest = payload;
    let restStart = dir.offset;
    dir.offset += payload.length;
    const p = dir.pending;
    if (p) {
      if (p.need === 0) {
        // DESEGMENT_ONE_MORE_SEGMENT: the whole segment joins the bytes in wait, then NDMP looks again
        const bytes = concat(p.bytes, payload);
        const segments = [...p.segments, { frame, length: payload.length }];
        dir.pending = undefined;
        this.run(dir, out, frame, bytes, p.start, segments);
        out.tcpItems.push({ kind: 'segment-data', bytes: payload });
        return finish(out, dir);
      }
      const want = p.need - p.bytes.length;
      if (payload.length < want || p.bytes.length + want > MAX_PDU) {
        p.bytes = concat(p.bytes, payload);
        p.segments.push({ frame, length: payload.length });
        out.tcpItems.push({ kind: 'segment-data', bytes: payload });
        return finish(out, dir);
      }
      // the record is whole: NDMP gets exactly it; what follows in the segment starts anew
      const piece = payload.subarray(0, want);
      dir.pending = undefined;
      this.run(dir, out, frame, concat(p.bytes, piece), p.start, [...p.segments, { frame, length: want }]);
      out.tcpItems.push({ kind: 'segment-data', bytes: piece });
      rest = payload.subarray(want);
      restStart += want;
      if (rest.length === 0) return finish(out, dir);
      if (!sane(rest)) {
        // TCP offers the rest to the other dissectors: none takes it, Data does
        out.sections.push({ kind: 'data', bytes: rest });
        return finish(out, dir);
      }
    }
    this.run(dir, out, frame, rest, restStart, undefined);
    // what waits is shown as TCP's segment data
    if (dir.pending && dir.pending.start >= restStart) out.tcpItems.push({ kind: 'segment-data', bytes: rest.subarray(dir.pending.start - restStart) });
    return finish(out, dir);
  }

  /**
   * A segment whose payload the capture cut: TCP cannot reassemble it, so a record in progress
   * is given up and the captured bytes go on as any port's (no sane record mark in a course's
   * data). Returns undefined: NDMP shows nothing of it.
   */
  cut(stream: number, forward: boolean, length: number): undefined {
    const dir = this.streams.get(stream)?.[forward ? 1 : 0];
    if (dir) {
      dir.pending = undefined;
      dir.offset += length;
    }
    return undefined;
  }

  /**
   * dissect_ndmp() over `bytes` (a segment's, or a reassembly's whose `segments` are given), from
   * stream offset `start`: the mark is judged once, then tcp_dissect_pdus takes record after
   * record and leaves an incomplete one waiting.
   */
  private run(dir: Direction, out: FrameBuilder, frame: number, bytes: Uint8Array, start: number, segments: readonly SegmentRef[] | undefined): void {
    if (!sane(bytes)) {
      // NDMP refuses the reassembly: TCP shows it whole, then Data
      if (segments) out.sections.push({ kind: 'reassembled', segments, bytes }, { kind: 'data', bytes });
      else out.sections.push({ kind: 'data', bytes });
      return;
    }
    let off = 0;
    let shownTree = false;
    while (off < bytes.length) {
      const left = bytes.length - off;
      const need = left < MARK_LENGTH ? 0 : (u32(bytes, off) & FRAGLEN) + MARK_LENGTH;
      if (need === 0 || left < need) {
        dir.pending = {
          bytes: bytes.slice(off),
          segments: segments ? clip(segments, off, left) : [{ frame, length: left }],
          need,
          start: start + off,
        };
        break;
      }
      if (segments && !shownTree) {
        // the reassembly's tree, its segments listed up to the end of what NDMP took (desegment_offset)
        out.sections.push({ kind: 'reassembled', segments: clip(segments, 0, pduEnd(bytes, off)), bytes });
        shownTree = true;
      }
      out.tcpItems.push({ kind: 'pdu-size', size: need });
      this.record(dir, out, frame, bytes.subarray(off, off + need), start + off);
      off += need;
    }
  }

  /** dissect_ndmp_message(): one record, a fragment of a message */
  private record(dir: Direction, out: FrameBuilder, frame: number, rec: Uint8Array, at: number): void {
    out.dissected = true;
    const mark = u32(rec, 0);
    const data = rec.subarray(MARK_LENGTH);
    const chain = dir.frags.get(at);
    if (chain) dir.frags.delete(at);
    const part = { frame, length: data.length };
    if (!(mark & LASTFRAG)) {
      const sofar = chain ? concat(chain.data, data) : data.slice();
      if (sofar.length <= MAX_PDU) dir.frags.set(at + rec.length, { parts: [...(chain?.parts ?? []), part], data: sofar });
      out.fragment = true;
      out.sections.push({ kind: 'fragment', mark, data });
      return;
    }
    // the last fragment: after others the message is reassembled from them (fragment_add_seq_check)
    const message = chain ? concat(chain.data, data) : data;
    if (chain) out.sections.push({ kind: 'fragments', parts: [...chain.parts, part] });
    // a message shorter than an NDMP header, or not one, shows nothing more
    if (ndmpHeader(message)) out.sections.push({ kind: 'message', bytes: message });
  }
}

/** where the records NDMP takes from `off` on end, within what `bytes` holds */
function pduEnd(bytes: Uint8Array, off: number): number {
  let end = off;
  while (bytes.length - end >= MARK_LENGTH) {
    const need = (u32(bytes, end) & FRAGLEN) + MARK_LENGTH;
    if (bytes.length - end < need) break;
    end += need;
  }
  return end;
}

function finish(out: FrameBuilder, dir: Direction): NdmpFrame {
  const waitingFromStart = !out.dissected && out.sections.length === 0 && dir.pending !== undefined;
  return { tcpItems: out.tcpItems, sections: out.sections, fragment: out.fragment, dissected: out.dissected, segmentOnly: waitingFromStart };
}

function newDirection(): Direction {
  return { pending: undefined, frags: new Map(), offset: 0 };
}
