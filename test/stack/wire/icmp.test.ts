import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  emitIcmp, emitIcmpInto, ICMP_FRAG_NEEDED, ICMP_PORT_UNREACHABLE, parseIcmp, verifyIcmpChecksum, type IcmpMessageInit,
} from '../../../src/stack/wire/icmp.ts';
import { ipv4 } from '../../../src/stack/wire/addr.ts';
import { parseIpv4, parseQuotedIpv4 } from '../../../src/stack/wire/ipv4.ts';
import { bytesOf, checkCodec, hexOf } from '../../helpers/codec.ts';

// Real frames, recorded on Linux 6.18 with tcpdump in network namespaces I built for this:
// host a (10.0.1.2) — router r (10.0.1.1 | 10.0.2.1, MTU 1000 towards b) — host b (10.0.2.2),
// plus loopback. Values in the tests below are tshark's (`tshark -V`, `-T fields`).

/** a0 frame 3: `ping -t 1 -s 16 10.0.2.2` — echo request id 0x2d9c seq 1, checksum 0xe004 */
const ECHO_REQUEST = bytesOf('02420a00010102420a00010208004500002c9e7040000101c45d0a0001020a0002020800e0042d9c00012eee066b00000000ad04080000000000');
/** a0 frame 4: the router's time exceeded (type 11 code 0, checksum 0xf4ff) quoting that request */
const TIME_EXCEEDED = bytesOf(`
  02420a00010202420a000101080045c00048a3d300004001c01f0a0001010a0001020b00f4ff00000000
  4500002c9e7040000101c45d0a0001020a0002020800e0042d9c00012eee066b00000000ad04080000000000`);
/** a0 frame 6: `ping -M do -s 1200` — fragmentation needed, next-hop MTU 1000, checksum 0x73e1, 548 bytes quoted */
const FRAG_NEEDED = bytesOf(`
  02420a00010202420a000101080045c00240a3d500004001be250a0001010a000102030473e1000003e8450004cc0000400040011f2e0a0001020a000202
  080034982d9d00012eee066b000000008953080000000000101112131415161718191a1b1c1d1e1f202122232425262728292a2b2c2d2e2f3031323334353637
  38393a3b3c3d3e3f404142434445464748494a4b4c4d4e4f505152535455565758595a5b5c5d5e5f606162636465666768696a6b6c6d6e6f7071727374757677
  78797a7b7c7d7e7f808182838485868788898a8b8c8d8e8f909192939495969798999a9b9c9d9e9fa0a1a2a3a4a5a6a7a8a9aaabacadaeafb0b1b2b3b4b5b6b7
  b8b9babbbcbdbebfc0c1c2c3c4c5c6c7c8c9cacbcccdcecfd0d1d2d3d4d5d6d7d8d9dadbdcdddedfe0e1e2e3e4e5e6e7e8e9eaebecedeeeff0f1f2f3f4f5f6f7
  f8f9fafbfcfdfeff000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f202122232425262728292a2b2c2d2e2f3031323334353637
  38393a3b3c3d3e3f404142434445464748494a4b4c4d4e4f505152535455565758595a5b5c5d5e5f606162636465666768696a6b6c6d6e6f7071727374757677
  78797a7b7c7d7e7f808182838485868788898a8b8c8d8e8f909192939495969798999a9b9c9d9e9fa0a1a2a3a4a5a6a7a8a9aaabacadaeafb0b1b2b3b4b5b6b7
  b8b9babbbcbdbebfc0c1c2c3c4c5c6c7c8c9cacbcccdcecfd0d1d2d3d4d5d6d7d8d9dadbdcdddedfe0e1e2e3e4e5e6e7e8e9eaebecedeeeff0f1f2f3f4f5f6f7
  f8f9fafbfcfdfeff0001020304050607`);
/** a0 frame 8: b's port unreachable (type 3 code 3, checksum 0xdca5) for a UDP datagram to port 9 */
const PORT_UNREACHABLE = bytesOf(`
  02420a00010202420a000101080045c00043c3a500003f01a0510a0002020a0001020303dca500000000
  450000275b8540003f11c93d0a0001020a00020286420009001317286c61627769726520756470`);
/** lo frames 1 and 2: `ping -c 1 -s 24 127.0.0.1` — request 0x8ad7 and reply 0x92d7, id 0x15ce seq 1 */
const LO_REQUEST = bytesOf('000000000000000000000000080045000034b8224000400184a47f0000017f00000108008ad715ce0001f1ec066b0000000011b10100000000001011121314151617');
const LO_REPLY = bytesOf('000000000000000000000000080045000034b82300004001c4a37f0000017f000001000092d715ce0001f1ec066b0000000011b10100000000001011121314151617');

const u16 = fc.integer({ min: 0, max: 0xffff });
const data = fc.uint8Array({ maxLength: 80 });
const icmpArb: fc.Arbitrary<IcmpMessageInit> = fc.oneof(
  fc.record({ kind: fc.constantFrom('echoRequest' as const, 'echoReply' as const), code: fc.integer({ min: 0, max: 255 }), id: u16, seq: u16, data }),
  fc.record({ kind: fc.constant('destUnreachable' as const), code: fc.integer({ min: 0, max: 255 }), unused: u16, nextHopMtu: u16, original: data }),
  fc.record({ kind: fc.constant('timeExceeded' as const), code: fc.integer({ min: 0, max: 255 }), unused: fc.integer({ min: 0, max: 0xffffffff }), original: data }),
  fc.record({
    kind: fc.constant('unknown' as const),
    type: fc.integer({ min: 0, max: 255 }).filter((t) => ![0, 3, 8, 11].includes(t)),
    code: fc.integer({ min: 0, max: 255 }),
    rest: data,
  }),
);

describe('parseIcmp / emitIcmp', () => {
  checkCodec({
    arbitrary: icmpArb,
    emit: emitIcmp,
    emitInto: emitIcmpInto,
    parse: (b, o, end) => parseIcmp(b, o, end),
    samples: [
      { name: 'an echo request', bytes: ECHO_REQUEST, offset: 34 },
      { name: 'a time exceeded', bytes: TIME_EXCEEDED, offset: 34 },
      { name: 'a fragmentation needed', bytes: FRAG_NEEDED, offset: 34 },
      { name: 'a port unreachable', bytes: PORT_UNREACHABLE, offset: 34 },
      { name: 'a loopback echo request', bytes: LO_REQUEST, offset: 34 },
      { name: 'a loopback echo reply', bytes: LO_REPLY, offset: 34 },
    ],
    detectableBelow: (v) => (v.kind === 'unknown' ? 4 : 8),
  });

  it('computes a checksum the receiver accepts', () => {
    fc.assert(fc.property(icmpArb, (m) => {
      expect(verifyIcmpChecksum(emitIcmp(m)).ok).toBe(true);
    }));
  });

  it('keeps type 13 (timestamp) as unknown with its raw rest', () => {
    const b = emitIcmp({ kind: 'unknown', type: 13, code: 0, rest: bytesOf('000100020000000000000000') });
    expect(parseIcmp(b)).toMatchObject({ ok: true, value: { kind: 'unknown', type: 13, rest: bytesOf('000100020000000000000000') } });
  });

  it('reports a 6-byte echo as a truncated header, at its absolute offset', () => {
    expect(parseIcmp(ECHO_REQUEST, 34, 40)).toMatchObject({ ok: false, error: { layer: 'icmp', field: 'header', offset: 34 } });
  });
});

describe('parseIcmp on real Linux messages (values from tshark)', () => {
  it('reads the echo request: id 0x2d9c, seq 1, checksum 0xe004, 16 data bytes', () => {
    expect(parseIcmp(ECHO_REQUEST, 34)).toEqual({
      ok: true, end: 58,
      value: { kind: 'echoRequest', code: 0, checksum: 0xe004, id: 0x2d9c, seq: 1, data: bytesOf('2eee066b00000000ad04080000000000') },
    });
  });

  it('reads the loopback echo reply: id 0x15ce (5582), seq 1, checksum 0x92d7', () => {
    expect(parseIcmp(LO_REPLY, 34)).toMatchObject({ ok: true, value: { kind: 'echoReply', code: 0, checksum: 0x92d7, id: 5582, seq: 1 } });
  });

  it('reads the time exceeded: code 0, checksum 0xf4ff, the whole 44-byte request quoted', () => {
    const r = parseIcmp(TIME_EXCEEDED, 34);
    expect(r).toMatchObject({ ok: true, value: { kind: 'timeExceeded', code: 0, checksum: 0xf4ff, unused: 0 } });
    if (r.ok && r.value.kind === 'timeExceeded') expect(hexOf(r.value.original)).toBe(hexOf(ECHO_REQUEST.subarray(14)));
  });

  it('reads the fragmentation needed: code 4, next-hop MTU 1000, 548 bytes quoted', () => {
    const r = parseIcmp(FRAG_NEEDED, 34);
    expect(r).toMatchObject({ ok: true, value: { kind: 'destUnreachable', code: ICMP_FRAG_NEEDED, checksum: 0x73e1, unused: 0, nextHopMtu: 1000 } });
    if (r.ok && r.value.kind === 'destUnreachable') expect(r.value.original.length).toBe(548);
  });

  it('reads the port unreachable: code 3, checksum 0xdca5, the 39-byte UDP datagram quoted', () => {
    const r = parseIcmp(PORT_UNREACHABLE, 34);
    expect(r).toMatchObject({ ok: true, value: { kind: 'destUnreachable', code: ICMP_PORT_UNREACHABLE, checksum: 0xdca5, nextHopMtu: 0 } });
    if (r.ok && r.value.kind === 'destUnreachable') expect(r.value.original.length).toBe(39);
  });
});

describe('parseQuotedIpv4', () => {
  it("reads the header quoted in the fragmentation needed as tshark does: total length 1228, id 0, DF, checksum 0x1f2e", () => {
    const r = parseQuotedIpv4(FRAG_NEEDED, 42);
    expect(r).toMatchObject({
      ok: true, end: 62,
      value: { totalLength: 1228, ident: 0, flags: { df: true, mf: false }, ttl: 64, protocol: 1, checksum: 0x1f2e, src: ipv4('10.0.1.2'), dst: ipv4('10.0.2.2') },
    });
  });

  it('is needed there: parseIpv4 calls the quoted packet truncated', () => {
    expect(parseIpv4(FRAG_NEEDED, 42)).toMatchObject({ ok: false, error: { field: 'totalLength', offset: 44 } });
  });

  it('still rejects what parseIpv4 rejects in the header itself', () => {
    const b = FRAG_NEEDED.slice();
    b[42] = 0x65;
    expect(parseQuotedIpv4(b, 42)).toMatchObject({ ok: false, error: { field: 'version', offset: 42 } });
  });
});

describe('verifyIcmpChecksum', () => {
  it('calls every real checksum correct, as tshark does', () => {
    for (const f of [ECHO_REQUEST, TIME_EXCEEDED, FRAG_NEEDED, PORT_UNREACHABLE, LO_REQUEST, LO_REPLY]) {
      expect(verifyIcmpChecksum(f, 34).ok).toBe(true);
    }
  });

  it('reports the expected 0xe004 when the echo request\'s data is intact but its checksum is zeroed', () => {
    const b = ECHO_REQUEST.slice();
    b[36] = 0;
    b[37] = 0;
    expect(verifyIcmpChecksum(b, 34)).toEqual({ ok: false, actual: 0, expected: 0xe004 });
  });

  it('builds the real echo request from its values', () => {
    const b = emitIcmp({ kind: 'echoRequest', id: 0x2d9c, seq: 1, data: bytesOf('2eee066b00000000ad04080000000000') });
    expect(hexOf(b)).toBe(hexOf(ECHO_REQUEST.subarray(34)));
  });
});
