/**
 * What a packet written into a tun device costs (packetdrill's `<` packets): measured on the
 * recording machine's 6.18 with the real packetdrill and `ss -tm` (skmem r: sk_rmem_alloc after
 * one in-order segment of each size, test/fixtures/real/packetdrill/FACTS.md).
 */
import { describe, expect, it } from 'vitest';
import { tunSkbTailroom, tunSkbTruesize } from '../../src/stack/skb.ts';

/** TCP payload → skmem r, each a segment with 40 bytes of IPv4 and TCP header */
const MEASURED: ReadonlyArray<readonly [number, number]> = [
  [500, 1280], [1000, 2304], [2000, 4352], [3000, 4352], [3500, 4352], [4000, 8448], [4500, 8448],
  [5000, 8448], [8000, 12544], [9000, 12544], [12000, 16640], [16000, 20736], [30000, 33024], [60000, 61696],
];

describe('a tun skb\'s truesize', () => {
  it.each(MEASURED)('%i bytes of payload cost %i', (payload, rmem) => {
    expect(tunSkbTruesize(payload + 40)).toBe(rmem);
  });

  it('leaves room in a linear head, none once the packet spills into pages', () => {
    // 3040 bytes in a 4 KiB head: 4096 − 320 (shared info) − 64 (headroom) − 3040
    expect(tunSkbTailroom(3040)).toBe(672);
    expect(tunSkbTailroom(540)).toBe(1024 - 320 - 64 - 540);
    expect(tunSkbTailroom(4040)).toBe(0);
  });
});
