/**
 * IPv4 fragmentation and reassembly (src/stack/wire/ipv4-fragment.ts, ipv4-defrag.ts): the cut
 * Linux makes (1480-byte pieces on Ethernet, offsets in 8-byte units, MF on all but the last),
 * and a property: whatever the size and the MTU, the fragments, in any order, make the packet
 * again; the queue's rules for duplicates, overlaps, the end and the timeout.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { fragmentIpv4, isFragment } from '../../../src/stack/wire/ipv4-fragment.ts';
import { IpDefrag } from '../../../src/stack/wire/ipv4-defrag.ts';
import { emitIpv4Into, parseIpv4, IPPROTO_UDP } from '../../../src/stack/wire/ipv4.ts';
import { internetChecksum } from '../../../src/stack/wire/checksum.ts';
import { ipv4 } from '../../../src/stack/wire/addr.ts';

/** an IPv4 packet of `len` data bytes (a counting pattern), DF clear */
function packet(len: number, ident = 0x1234): Uint8Array {
  const p = new Uint8Array(20 + len);
  emitIpv4Into({ ident, flags: { df: false, mf: false }, ttl: 64, protocol: IPPROTO_UDP, src: ipv4('10.0.0.1'), dst: ipv4('10.0.0.2') }, len, p, 0);
  for (let i = 0; i < len; i++) p[20 + i] = (i * 7 + 3) & 0xff;
  return p;
}

const frags = (p: Uint8Array, mtu: number) => fragmentIpv4(p, mtu, 0, (n) => new Uint8Array(n));

describe('fragmentIpv4', () => {
  it('cuts 3008 bytes for a 1500-byte MTU into 1480 + 1480 + 48, MF on the first two, offsets 0, 185, 370', () => {
    const f = frags(packet(3008), 1500).map((x) => parseIpv4(x, 0));
    expect(f.map((h) => h.ok && [h.value.totalLength - 20, h.value.flags.mf, h.value.fragOffset, h.value.ident])).toEqual([
      [1480, true, 0, 0x1234], [1480, true, 185, 0x1234], [48, false, 370, 0x1234],
    ]);
    for (const x of frags(packet(3008), 1500)) expect(internetChecksum(x, 0, 20)).toBe(0);
  });

  it('keeps MF on the last piece of a packet that was itself a middle fragment', () => {
    const p = packet(2000);
    p[6] = 0x20; // MF, offset 0
    const last = frags(p, 1500).at(-1)!;
    expect(isFragment(last)).toBe(true);
    expect(last[6]! & 0x20).toBe(0x20);
  });
});

describe('IpDefrag', () => {
  it('makes the packet again from its fragments in any order (property)', () => {
    fc.assert(fc.property(
      fc.integer({ min: 1, max: 20000 }), fc.integer({ min: 68, max: 9000 }), fc.integer(),
      (len, mtu, seed) => {
        const p = packet(len);
        const pieces = frags(p, mtu);
        if (pieces.length === 1) return !isFragment(pieces[0]!) && [...pieces[0]!].every((b, i) => b === p[i]);
        // a seeded shuffle of the pieces
        const order = pieces.map((_, i) => i).sort((a, b) => ((a * 2654435761 + seed) >>> 0) % 97 - ((b * 2654435761 + seed) >>> 0) % 97);
        const d = new IpDefrag();
        let whole: Uint8Array | null = null;
        for (const i of order) {
          const r = d.add(pieces[i]!);
          if (r.kind === 'complete') whole = r.packet;
        }
        expect(whole).not.toBeNull();
        expect([...whole!.subarray(20)]).toEqual([...p.subarray(20)]);
        expect(isFragment(whole!)).toBe(false);
        expect(internetChecksum(whole!, 0, 20)).toBe(0);
        return d.pending === 0;
      },
    ), { seed: 16, numRuns: 200 });
  });

  it('drops an exact duplicate, discards the queue on an overlap, keeps packets with other ids apart', () => {
    const [a, b, c] = frags(packet(3008), 1500);
    const d = new IpDefrag();
    expect(d.add(a!)).toMatchObject({ kind: 'queued', isNew: true });
    expect(d.add(a!)).toMatchObject({ kind: 'queued', isNew: false });
    const other = frags(packet(3008, 0x999), 1500);
    expect(d.add(other[1]!)).toMatchObject({ kind: 'queued', isNew: true });
    // a piece overlapping the first's data: the whole queue goes (Linux 4.19+)
    const overlapping = frags(packet(3008), 1000)[1]!;
    expect(d.add(overlapping).kind).toBe('dropped');
    expect(d.add(b!)).toMatchObject({ kind: 'queued', isNew: true });
    expect(d.add(c!).kind).toBe('queued'); // the first is gone with the discarded queue
    expect(d.pending).toBe(3);
  });

  it('expire(): the queue goes; its first fragment comes back when it had one', () => {
    const [a, b] = frags(packet(3008), 1500);
    const d = new IpDefrag();
    const r = d.add(b!);
    expect(r.kind).toBe('queued');
    expect(d.expire((r as { key: string }).key)).toEqual({ first: null });
    const r2 = d.add(a!);
    const e = d.expire((r2 as { key: string }).key);
    expect(e?.first && [...e.first]).toEqual([...a!]);
    expect(d.expire((r2 as { key: string }).key)).toBeNull();
  });

  it('refuses a fragment whose data is not a multiple of 8 unless it is the last, and one past 65535', () => {
    const d = new IpDefrag();
    const odd = frags(packet(3008), 1500)[0]!.slice(0, 20 + 1479);
    odd[2] = (1499 >>> 8) & 0xff;
    odd[3] = 1499 & 0xff;
    expect(d.add(odd).kind).toBe('dropped');
    const far = frags(packet(3008), 1500)[2]!.slice();
    far[6] = 0x1f; // offset 0x1fff × 8 = 65528: past 65535 with its data
    far[7] = 0xff;
    expect(d.add(far).kind).toBe('dropped');
  });
});
