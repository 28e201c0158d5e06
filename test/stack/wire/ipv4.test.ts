import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ipv4 } from '../../../src/stack/wire/addr.ts';
import type { Parsed } from '../../../src/stack/wire/errors.ts';
import {
  emitIpv4, emitIpv4Into, IPPROTO_TCP, parseIpv4, parseQuotedIpv4, verifyIpv4Checksum, type Ipv4Header, type Ipv4HeaderInit,
} from '../../../src/stack/wire/ipv4.ts';
import { bytesOf, checkCodec, hexOf, readPcap, realCapturePath } from '../../helpers/codec.ts';

/** A header with its payload: IPv4's own length field says where the packet ends. */
interface Packet<H> { readonly header: H; readonly payload: Uint8Array }

function emitPacket(p: Packet<Ipv4HeaderInit>): Uint8Array {
  const h = emitIpv4(p.header, p.payload.length);
  const out = new Uint8Array(h.length + p.payload.length);
  out.set(h);
  out.set(p.payload, h.length);
  return out;
}

function parsePacket(b: Uint8Array, offset: number): Parsed<Packet<Ipv4Header>> {
  const r = parseIpv4(b, offset);
  if (!r.ok) return r;
  const end = offset + r.value.totalLength;
  return { ok: true, value: { header: r.value, payload: b.subarray(r.end, end) }, end };
}

const bool = fc.boolean();
const headerArb: fc.Arbitrary<Ipv4HeaderInit> = fc.record({
  dscpEcn: fc.integer({ min: 0, max: 255 }),
  ident: fc.integer({ min: 0, max: 0xffff }),
  flags: fc.record({ rf: bool, df: bool, mf: bool }),
  fragOffset: fc.integer({ min: 0, max: 0x1fff }),
  ttl: fc.integer({ min: 0, max: 255 }),
  protocol: fc.integer({ min: 0, max: 255 }),
  src: fc.integer({ min: 0, max: 0xffffffff }),
  dst: fc.integer({ min: 0, max: 0xffffffff }),
  options: fc.integer({ min: 0, max: 10 }).chain((words) => fc.uint8Array({ minLength: 4 * words, maxLength: 4 * words })),
});
const packetArb = fc.record({ header: headerArb, payload: fc.uint8Array({ maxLength: 64 }) });

const any = realCapturePath('echo10000/mesin1-any.pcap');
const anyFrames = readPcap(any).frames;

/** a-eth frame 4 (Linux 6.18 router in namespaces): an ICMP time exceeded with DSCP CS6, no DF */
const TIME_EXCEEDED = bytesOf(`
  02420a00010202420a000101080045c00048a3d300004001c01f0a0001010a0001020b00f4ff00000000
  4500002c9e7040000101c45d0a0001020a0002020800e0042d9c00012eee066b00000000ad04080000000000`);

describe('parseIpv4 / emitIpv4', () => {
  checkCodec<Packet<Ipv4HeaderInit>, Packet<Ipv4Header>>({
    arbitrary: packetArb,
    emit: emitPacket,
    emitInto: (p, out, at) => {
      const start = emitIpv4Into(p.header, p.payload.length, out, at);
      out.set(p.payload, start);
      return start + p.payload.length;
    },
    parse: (b, o) => parsePacket(b, o),
    expected: (p) => ({
      header: { ...p.header, version: 4, ihl: 5 + p.header.options!.length / 4, totalLength: 20 + p.header.options!.length + p.payload.length },
      payload: p.payload,
    }),
    samples: [
      ...anyFrames.slice(2).map((bytes, i) => ({ name: `echo10000/mesin1-any.pcap frame ${i + 3}`, bytes, offset: 16 })),
      { name: 'a router\'s time exceeded', bytes: TIME_EXCEEDED, offset: 14 },
      { name: 'the datagram quoted in it', bytes: TIME_EXCEEDED, offset: 42 },
    ],
    detectableBelow: (_, b) => b.length, // the total length makes any cut visible
  });

  it('fills in a checksum that the receiver\'s rule accepts', () => {
    fc.assert(fc.property(headerArb, fc.nat(1480), (h, len) => {
      expect(verifyIpv4Checksum(emitIpv4(h, len)).ok).toBe(true);
    }));
  });

  it('throws on options that are not whole words (a caller\'s bug, not input)', () => {
    expect(() => emitIpv4({ ident: 0, flags: { df: false, mf: false }, ttl: 1, protocol: 1, src: 0, dst: 0, options: new Uint8Array(3) }, 0)).toThrow(RangeError);
  });
});

describe('parseQuotedIpv4', () => {
  it('never throws, and agrees with parseIpv4 whenever parseIpv4 succeeds', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 80 }), fc.boolean(), (b, steer) => {
      if (steer && b.length > 0) b[0] = 0x45;
      const strict = parseIpv4(b);
      const quoted = parseQuotedIpv4(b);
      if (strict.ok) expect(quoted).toEqual(strict);
    }), { numRuns: 2000 });
  });
});

describe('parseIpv4 errors', () => {
  const good = (): Uint8Array => emitPacket({ header: { ident: 1, flags: { df: true, mf: false }, ttl: 64, protocol: 6, src: 1, dst: 2 }, payload: new Uint8Array(8) });

  it('rejects version 6 at the first byte', () => {
    const b = good();
    b[0] = 0x65;
    expect(parseIpv4(b)).toMatchObject({ ok: false, error: { layer: 'ipv4', field: 'version', offset: 0 } });
  });

  it('rejects an IHL below 5', () => {
    const b = good();
    b[0] = 0x44;
    expect(parseIpv4(b)).toMatchObject({ ok: false, error: { field: 'ihl', offset: 0 } });
  });

  it('rejects a total length shorter than the header', () => {
    const b = good();
    b[3] = 19;
    expect(parseIpv4(b)).toMatchObject({ ok: false, error: { field: 'totalLength', offset: 2 } });
  });

  it('rejects a total length longer than the bytes there, at the absolute offset of the field', () => {
    const b = new Uint8Array(10 + 28);
    b.set(good(), 10);
    expect(parseIpv4(b.subarray(0, 37), 10)).toMatchObject({ ok: false, error: { field: 'totalLength', offset: 12 } });
  });

  it('rejects an IHL that runs past the buffer as truncated options', () => {
    const b = good();
    b[0] = 0x4f;
    expect(parseIpv4(b)).toMatchObject({ ok: false, error: { field: 'options', offset: 20 } });
  });
});

describe('parseIpv4 on echo10000/mesin1-any.pcap (values from tshark -V)', () => {
  it('reads frame 3, the SYN: 172.16.16.102 → .101, id 0x1db1, DF, TTL 64, TCP, checksum 0xa41f', () => {
    const r = parseIpv4(anyFrames[2]!, 16);
    expect(r).toEqual({
      ok: true, end: 36,
      value: {
        version: 4, ihl: 5, dscpEcn: 0, totalLength: 60, ident: 0x1db1, flags: { rf: false, df: true, mf: false }, fragOffset: 0,
        ttl: 64, protocol: IPPROTO_TCP, checksum: 0xa41f, src: ipv4('172.16.16.102'), dst: ipv4('172.16.16.101'), options: new Uint8Array(0),
      },
    });
  });

  it('reads frame 4, the SYN/ACK, with id 0 and checksum 0xc1d0', () => {
    expect(parseIpv4(anyFrames[3]!, 16)).toMatchObject({ ok: true, value: { ident: 0, checksum: 0xc1d0, totalLength: 60, src: ipv4('172.16.16.101') } });
  });

  it('reads frame 6, the 46-byte data segment, with total length 98', () => {
    expect(parseIpv4(anyFrames[5]!, 16)).toMatchObject({ ok: true, value: { ident: 0x1db3, totalLength: 98, checksum: 0xa3f7 } });
  });
});

describe('verifyIpv4Checksum', () => {
  it('calls every header checksum in the echo capture correct, as tshark does', () => {
    for (const f of anyFrames.slice(2)) expect(verifyIpv4Checksum(f, 16)).toMatchObject({ ok: true, actual: (f[26]! << 8) | f[27]! });
  });

  it('gives tshark\'s calculated checksum (0xc01f) for the time exceeded with its checksum field zeroed', () => {
    const b = TIME_EXCEEDED.slice();
    b[24] = 0;
    b[25] = 0;
    expect(verifyIpv4Checksum(b, 14)).toEqual({ ok: false, actual: 0, expected: 0xc01f });
  });

  it('accepts the quoted header inside the ICMP error (0xc45d)', () => {
    expect(verifyIpv4Checksum(TIME_EXCEEDED, 42)).toEqual({ ok: true, actual: 0xc45d, expected: 0xc45d });
  });

  it('reports a short buffer as not ok instead of throwing', () => {
    expect(verifyIpv4Checksum(TIME_EXCEEDED.subarray(0, 20), 14).ok).toBe(false);
  });

  it('emits the real SYN header (the bytes tshark shows) from its values', () => {
    const h = emitIpv4({ ident: 0x1db1, flags: { df: true, mf: false }, ttl: 64, protocol: 6, src: ipv4('172.16.16.102'), dst: ipv4('172.16.16.101') }, 40);
    expect(hexOf(h)).toBe('4500003c1db140004006a41fac101066ac101065');
  });
});
