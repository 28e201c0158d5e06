/**
 * tcp_grow_skb() on the send stream (SendStream.growSkb): the skb ending at `end` takes bytes
 * from the front of the next skb, a next skb taken whole is freed (its truesize leaves
 * sk_wmem_queued), and nothing moves past an MSG_EOR end or out of the last skb. The wire
 * side is in test/packetdrill/scripts/snd-grow-skb.pkt (checked on real Linux 6.18).
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { SendStream } from '../../../src/stack/tcp/stream.ts';
import { SKB_TX_TRUESIZE } from '../../../src/stack/tcp/linux.ts';

/** The skb ends from the first skb's start to the stream's end, walking nextSkbEnd. */
function skbEnds(s: SendStream): number[] {
  const ends: number[] = [];
  for (let at = s.baseSeq; at !== s.end;) {
    at = s.nextSkbEnd(at);
    if (at === -1) throw new Error("an skb end is missing");
    ends.push(at);
  }
  return ends;
}

/** skbs of the given sizes; `eorAfter` lists the skbs that end an MSG_EOR write */
function streamOf(sizes: readonly number[], eorAfter: readonly number[] = []): SendStream {
  const s = new SendStream(1000);
  sizes.forEach((n, i) => {
    s.append(new Uint8Array(n), false);
    if (eorAfter.includes(i)) s.markEor();
  });
  return s;
}

describe('SendStream.growSkb (tcp_grow_skb)', () => {
  it('takes part of the next skb, or all of it and frees its truesize', () => {
    const s = streamOf([6000, 16000, 16000]);
    expect(s.wmemQueued).toBe(38000 + 3 * SKB_TX_TRUESIZE);
    expect(s.growSkb(7000, 4000)).toBe(11000);
    expect(skbEnds(s)).toEqual([11000, 23000, 39000]);
    expect(s.wmemQueued).toBe(38000 + 3 * SKB_TX_TRUESIZE);
    expect(s.growSkb(11000, 30000)).toBe(23000);
    expect(skbEnds(s)).toEqual([23000, 39000]);
    expect(s.wmemQueued).toBe(38000 + 2 * SKB_TX_TRUESIZE);
  });

  it('moves nothing out of the last skb, past an MSG_EOR end, or for no room', () => {
    const s = streamOf([6000, 16000, 16000], [0]);
    expect(s.growSkb(7000, 4000)).toBe(7000);
    expect(s.growSkb(23000, 0)).toBe(23000);
    expect(s.growSkb(39000, 4000)).toBe(39000);
    expect(skbEnds(s)).toEqual([7000, 23000, 39000]);
  });

  it('keeps the bytes and the skb ends in order, the last at the stream end, for any grows', () => {
    const sizes = fc.array(fc.integer({ min: 1, max: 20_000 }), { minLength: 1, maxLength: 8 });
    const grows = fc.array(fc.record({ skb: fc.nat(), amount: fc.integer({ min: -1000, max: 40_000 }) }), { maxLength: 10 });
    fc.assert(fc.property(sizes, fc.array(fc.nat(7)), grows, (sz, eor, ops) => {
      const s = streamOf(sz, eor);
      const total = sz.reduce((a, b) => a + b, 0);
      const eorEnds = new Set(eor.filter((i) => i < sz.length).map((i) => 1000 + sz.slice(0, i + 1).reduce((a, b) => a + b, 0)));
      for (const op of ops) {
        const ends = skbEnds(s);
        const end = ends[op.skb % ends.length]!;
        const next = ends[ends.indexOf(end) + 1];
        const grown = s.growSkb(end, op.amount);
        if (next === undefined || eorEnds.has(end) || op.amount <= 0) expect(grown).toBe(end);
        else expect(grown).toBe(end + Math.min(op.amount, next - end));
      }
      const ends = skbEnds(s);
      expect(s.length).toBe(total);
      expect(ends[ends.length - 1]).toBe(s.end);
      for (let i = 1; i < ends.length; i++) expect(ends[i]!).toBeGreaterThan(ends[i - 1]!);
      expect(s.wmemQueued).toBe(total + ends.length * SKB_TX_TRUESIZE);
      for (const e of eorEnds) expect(ends).toContain(e);
    }));
  });
});
