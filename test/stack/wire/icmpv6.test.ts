import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  emitIcmpv6, emitIcmpv6Into, ND_FIXED, parseIcmpv6, verifyIcmpv6Checksum, type Icmpv6MessageInit, type NdOption,
} from '../../../src/stack/wire/icmpv6.ts';
import { parseIpv6Addr } from '../../../src/stack/wire/ipv6-addr.ts';
import { checkCodec, readPcap, realCapturePath } from '../../helpers/codec.ts';

// Real frames from test/fixtures/real/ipv6 (see its README); checksums as tshark -V gave them.
const nd = readPcap(realCapturePath('ipv6/nd.pcap'));
const udp = readPcap(realCapturePath('ipv6/udp.pcap'));
const SRC = parseIpv6Addr('fe80::ff:fe00:a')!;
const DST = parseIpv6Addr('ff02::1')!;
/** The ICMPv6 message of an Ethernet frame and the addresses of its IPv6 header (ICMPv6 right after it, or after a Hop-by-Hop header of `ext` bytes). */
const message = (frame: Uint8Array, ext = 0) => ({ src: frame.subarray(22, 38), dst: frame.subarray(38, 54), at: 54 + ext });

const u16 = fc.integer({ min: 0, max: 0xffff });
const code = fc.integer({ min: 0, max: 255 });
const data = fc.uint8Array({ maxLength: 60 });
const optionArb: fc.Arbitrary<NdOption> = fc.record({ type: fc.integer({ min: 1, max: 255 }), units: fc.integer({ min: 1, max: 3 }) })
  .chain(({ type, units }) => fc.uint8Array({ minLength: units * 8 - 2, maxLength: units * 8 - 2 })
    .map((rest) => ({ type, length: units, bytes: Uint8Array.from([type, units, ...rest]) })));
const ndArb = fc.constantFrom(133, 134, 135, 136, 137).chain((type) => fc.record({
  kind: fc.constant('nd' as const),
  type: fc.constant(type as 133 | 134 | 135 | 136 | 137),
  code,
  fixed: fc.uint8Array({ minLength: ND_FIXED[type]!, maxLength: ND_FIXED[type]! }),
  options: fc.array(optionArb, { maxLength: 3 }),
}));
const icmpArb: fc.Arbitrary<Icmpv6MessageInit> = fc.oneof(
  fc.record({ kind: fc.constant('echo' as const), type: fc.constantFrom(128 as const, 129 as const), code, id: u16, seq: u16, data }),
  fc.record({ kind: fc.constant('error' as const), type: fc.constantFrom(1 as const, 2 as const, 3 as const, 4 as const), code, param: fc.integer({ min: 0, max: 0xffffffff }), original: data }),
  ndArb,
  fc.record({ kind: fc.constant('other' as const), type: fc.integer({ min: 0, max: 255 }).filter((t) => !(t >= 1 && t <= 4) && t !== 128 && t !== 129 && ND_FIXED[t] === undefined), code, rest: data }),
);

describe('parseIcmpv6 / emitIcmpv6', () => {
  checkCodec({
    arbitrary: icmpArb,
    emit: (m) => emitIcmpv6(m, SRC, DST),
    emitInto: (m, out, at) => emitIcmpv6Into(m, SRC, DST, out, at),
    parse: (b, o, end) => parseIcmpv6(b, o, end),
    reemit: (p) => {
      const { checksum: _c, ...m } = p;
      return emitIcmpv6(m, SRC, DST);
    },
    // a message ends where its packet does: only the fixed part can be found short
    detectableBelow: (m) => (m.kind === 'echo' || m.kind === 'error' ? 8 : m.kind === 'nd' ? 4 + m.fixed.length : 4),
  });

  it('computes a checksum the receiver accepts', () => {
    fc.assert(fc.property(icmpArb, (m) => {
      expect(verifyIcmpv6Checksum(emitIcmpv6(m, SRC, DST), SRC, DST).ok).toBe(true);
    }));
  });

  it('reads and re-emits real messages byte for byte, checksums included', () => {
    const cases: [Uint8Array, number, string, number][] = [
      [nd.frames[0]!, 8, 'other', 0x6948], // MLDv2 report after Hop-by-Hop
      [nd.frames[2]!, 0, 'nd', 0x93d6], // DAD Neighbor Solicitation with a nonce option
      [nd.frames[17]!, 0, 'nd', 0xf104], // Router Advertisement: SLL, MTU, prefix options
      [nd.frames[20]!, 0, 'nd', 0x572a], // Neighbor Advertisement (rtr, sol, ovr)
      [nd.frames[21]!, 0, 'echo', 0x3828], // ping -6 request
      [udp.frames[7]!, 0, 'error', 0x4696], // port unreachable quoting the UDP datagram
    ];
    for (const [frame, ext, kind, checksum] of cases) {
      const { src, dst, at } = message(frame, ext);
      const r = parseIcmpv6(frame, at);
      if (!r.ok) expect.fail(JSON.stringify(r.error));
      expect([r.value.kind, r.value.checksum, verifyIcmpv6Checksum(frame, src, dst, at).ok]).toEqual([kind, checksum, true]);
      const { checksum: _c, ...init } = r.value;
      expect(emitIcmpv6(init, src, dst)).toEqual(frame.subarray(at));
    }
  });

  it('parses the Router Advertisement\'s three options in order', () => {
    const r = parseIcmpv6(nd.frames[17]!, 54);
    expect(r.ok && r.value.kind === 'nd' && r.value.options.map((o) => [o.type, o.length])).toEqual([[1, 1], [5, 1], [3, 4]]);
  });

  it('refuses an ND option of length 0 (RFC 4861 §4.6), naming where', () => {
    const b = emitIcmpv6({ kind: 'nd', type: 133, code: 0, fixed: new Uint8Array(4), options: [{ type: 1, length: 1, bytes: new Uint8Array([1, 1, 0, 0, 0, 0, 0, 0]) }] }, SRC, DST);
    b[9] = 0;
    expect(parseIcmpv6(b)).toMatchObject({ ok: false, error: { layer: 'icmpv6', field: 'option', offset: 9 } });
  });
});
