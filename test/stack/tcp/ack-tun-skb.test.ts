/**
 * What packetdrill's tun device makes of each packet (skb.ts tunRxSkb) and how the receive
 * queue charges it (RecvStream): a kmalloc'ed head is never stolen, bytes that fit the tail's
 * tailroom are copied, a paged packet's frags join the tail.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { tunRxSkb } from '../../../src/stack/skb.ts';
import { RecvStream } from '../../../src/stack/tcp/stream.ts';

describe('tunRxSkb (tun_get_user → tun_alloc_skb)', () => {
  it('puts a 1040-byte packet in a kmalloc-2048 head: truesize 2304, as real 6.18.44 showed (scaling_ratio 111)', () => {
    const rx = tunRxSkb(1040);
    expect(rx).toEqual({ truesize: 2304, tailroom: 2048 - 320 - 64 - 1040, fragsTruesize: -1 });
    expect(Math.floor((1000 * 256) / rx.truesize)).toBe(111);
  });

  it('puts a packet past a page in frags behind a small head, charged as its length', () => {
    expect(tunRxSkb(20040)).toEqual({ truesize: 832 + 20040, tailroom: -1, fragsTruesize: 20040 });
  });
});

describe('RecvStream with tun skbs', () => {
  const bytes = (n: number) => new Uint8Array(n);

  it('queues each linear skb whole and copies what fits the tail skb’s tailroom for free', () => {
    const r = new RecvStream();
    r.push(bytes(1000), tunRxSkb(1040));
    r.push(bytes(1000), tunRxSkb(1040));
    expect(r.truesize).toBe(2 * 2304);
    r.push(bytes(500), tunRxSkb(540)); // 624 bytes of tailroom left in the second skb
    expect(r.truesize).toBe(2 * 2304);
    r.push(bytes(500), tunRxSkb(540)); // 124 left: a skb of its own
    expect(r.truesize).toBe(2 * 2304 + tunRxSkb(540).truesize);
  });

  it('adds a paged skb’s frags to the tail skb, its head freed', () => {
    const r = new RecvStream();
    r.push(bytes(1000), tunRxSkb(1040));
    r.push(bytes(20000), tunRxSkb(20040));
    expect(r.truesize).toBe(2304 + 20040);
  });

  it('uncharges everything once everything is read, whatever the mix of sizes', () => {
    fc.assert(fc.property(fc.array(fc.integer({ min: 1, max: 30000 }), { minLength: 1, maxLength: 40 }), fc.integer({ min: 1, max: 5000 }), (sizes, chunk) => {
      const r = new RecvStream();
      for (const n of sizes) r.push(bytes(n), tunRxSkb(52 + n));
      expect(r.truesize).toBeGreaterThanOrEqual(sizes.reduce((a, n) => a + n, 0));
      while (r.length > 0) r.read(chunk);
      expect(r.truesize).toBe(0);
    }));
  });
});
