/**
 * Teaching comments: one line per frame saying why the simulator sent it, taken from the
 * timeline's recorded cause (never guessed from headers), in the report's language. The same
 * text goes into the pcapng (EPB opt_comment) and the report's details pane.
 */
import { dissectFrame } from '../stack/wire/frame.ts';
import type { CaptureRecord } from '../capture/record.ts';
import { packetKey, type FrameCause, type TimelineData } from '../sim/timeline.ts';
import type { Catalog } from './i18n/index.ts';

/** Wireshark shows longer comments cut, with `[truncated]`; ours never are. */
export const MAX_COMMENT_BYTES = 240;

export function causeText(c: FrameCause, t: Catalog): string {
  const l = t.lang;
  switch (c.kind) {
    case 'call': return c.queued ? t.causeQueued(c.call, c.bytes, l) : t.causeCall(c.call, c.bytes, l);
    case 'urgent': return t.causeUrgent(c.call, c.bytes, c.pointer, l);
    case 'connect': return t.causeConnect(c.call);
    case 'close': return t.causeClose(c.call);
    case 'syn-ack': return t.causeSynAck;
    case 'handshake-ack': return t.causeHandshakeAck;
    case 'ack-now': return t.causeAckNow;
    case 'delayed-ack': return t.causeDelayedAck;
    case 'call-ack': return c.read ? t.causeReadAck(c.call) : t.causeCallAck(c.call);
    case 'rto': return t.causeRto(c.attempt);
    case 'fin-ack': return t.causeFinAck;
    case 'fin-released': return t.causeFinReleased;
    case 'reset': return t.causeReset;
    case 'abort': return t.causeAbort(c.call);
    case 'arp-request': return t.causeArpRequest(c.ip);
    case 'arp-reply': return t.causeArpReply;
    case 'dns': return t.causeDns(c.call);
    case 'datagram': return t.causeDatagram(c.call, c.bytes, c.to, l);
    case 'igmp': return t.causeIgmp;
    case 'icmp': return t.causeIcmp(c.what);
    case 'forward': return t.causeForward;
    case 'arp-held': return t.causeArpHeld;
    case 'ack-released': return t.causeAckReleased;
    case 'other': return t.causeOther(c.note);
    default: return assertNever(c);
  }
}

function assertNever(x: never): never {
  throw new Error(`unknown frame cause ${JSON.stringify(x)}`);
}

/** `s` cut to at most `max` bytes of UTF-8 at a character boundary, ending in `…` when cut. */
export function clampUtf8(s: string, max = MAX_COMMENT_BYTES): string {
  const enc = new TextEncoder();
  if (enc.encode(s).length <= max) return s;
  const chars = [...s];
  while (chars.length > 0 && enc.encode(chars.join('') + '…').length > max) chars.pop();
  return chars.join('') + '…';
}

/**
 * The comment for each record: the cause the timeline recorded for the same packet (the n-th
 * copy of a packet in the capture is the n-th time it was sent), or `causeUnknown`.
 */
export function commentsFor(records: readonly CaptureRecord[], timeline: TimelineData, t: Catalog): string[] {
  const sent = new Map<string, FrameCause[]>();
  for (const f of timeline.frames) (sent.get(f.key) ?? sent.set(f.key, []).get(f.key)!).push(f.cause);
  const seen = new Map<string, number>();
  return records.map((r) => {
    const v = dissectFrame(r.data, r.linkType);
    if (v.networkOffset < 0) return clampUtf8(t.causeUnknown);
    const key = packetKey(r.data, v.networkOffset);
    const n = seen.get(key) ?? 0;
    seen.set(key, n + 1);
    const causes = sent.get(key);
    const cause = causes?.[Math.min(n, causes.length - 1)];
    return clampUtf8(cause ? causeText(cause, t) : t.causeUnknown);
  });
}
