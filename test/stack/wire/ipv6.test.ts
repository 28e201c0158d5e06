import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  emitIpv6, emitIpv6Into, IPPROTO_DSTOPTS, IPPROTO_FRAGMENT, IPPROTO_HOPOPTS, IPPROTO_ROUTING, parseIpv6,
  type Ipv6Extension, type Ipv6HeaderInit,
} from '../../../src/stack/wire/ipv6.ts';
import { formatIpv6Addr, parseIpv6Addr } from '../../../src/stack/wire/ipv6-addr.ts';
import { checkCodec, readPcap, realCapturePath } from '../../helpers/codec.ts';

// Real frames from test/fixtures/real/ipv6 (two namespaces on a veth, see its README).
const nd = readPcap(realCapturePath('ipv6/nd.pcap'));
const tcp = readPcap(realCapturePath('ipv6/tcp.pcap'));

/** An extension header of `type` whose own Next Header byte is filled in by `chain`. */
const extArb: fc.Arbitrary<{ type: number; body: Uint8Array }> = fc.oneof(
  fc.record({
    type: fc.constantFrom(IPPROTO_HOPOPTS, IPPROTO_ROUTING, IPPROTO_DSTOPTS),
    body: fc.integer({ min: 0, max: 2 }).chain((n) => fc.uint8Array({ minLength: 6 + 8 * n, maxLength: 6 + 8 * n })),
  }),
  fc.record({ type: fc.constant(IPPROTO_FRAGMENT), body: fc.uint8Array({ minLength: 6, maxLength: 6 }) }),
);

/** Extension headers chained in order, the last naming `upper`. */
function chain(exts: readonly { type: number; body: Uint8Array }[], upper: number): Ipv6Extension[] {
  return exts.map((e, i) => {
    const next = i + 1 < exts.length ? exts[i + 1]!.type : upper;
    const length = e.type === IPPROTO_FRAGMENT ? 0 : (e.body.length + 2) / 8 - 1;
    return { type: e.type, nextHeader: next, bytes: Uint8Array.from([next, e.type === IPPROTO_FRAGMENT ? e.body[0]! : length, ...e.body.subarray(e.type === IPPROTO_FRAGMENT ? 1 : 0), ...(e.type === IPPROTO_FRAGMENT ? [0] : [])]) };
  });
}

const addr = fc.uint8Array({ minLength: 16, maxLength: 16 });
const headerArb: fc.Arbitrary<Ipv6HeaderInit> = fc
  .record({
    trafficClass: fc.integer({ min: 0, max: 255 }),
    flowLabel: fc.integer({ min: 0, max: 0xfffff }),
    hopLimit: fc.integer({ min: 0, max: 255 }),
    src: addr,
    dst: addr,
    exts: fc.array(extArb, { maxLength: 3 }),
    upper: fc.constantFrom(6, 17, 58, 59),
  })
  .map(({ exts, upper, ...h }) => {
    const extensions = chain(exts, upper);
    return { ...h, nextHeader: exts[0]?.type ?? upper, extensions };
  });

describe('parseIpv6 / emitIpv6', () => {
  checkCodec({
    arbitrary: headerArb,
    // the header with no upper-layer bytes: the packet ends where the extension chain does
    emit: (h) => emitIpv6(h, 0),
    emitInto: (h, out, at) => emitIpv6Into(h, 0, out, at),
    parse: (b, o) => parseIpv6(b, o),
    expected: (h) => ({ ...h, version: 6, protocol: h.extensions!.length ? h.extensions!.at(-1)!.nextHeader : h.nextHeader }),
    reemit: (p) => emitIpv6(p, p.payloadLength - (p.headerLength - 40)),
    samples: [
      { name: 'an MLDv2 report with a Hop-by-Hop header', bytes: nd.frames[0]!, offset: 14 },
      { name: 'a Router Advertisement with a flow label', bytes: nd.frames[17]!, offset: 14 },
      { name: 'a TCP SYN', bytes: tcp.frames[0]!, offset: 14 },
    ],
  });

  it('reads the real MLDv2 report: Hop-by-Hop, then ICMPv6, hop limit 1, from ::', () => {
    const r = parseIpv6(nd.frames[0]!, 14);
    if (!r.ok) expect.fail(JSON.stringify(r.error));
    expect([r.value.nextHeader, r.value.protocol, r.value.hopLimit, r.value.headerLength, r.end]).toEqual([0, 58, 1, 48, 14 + 48]);
    expect([formatIpv6Addr(r.value.src), formatIpv6Addr(r.value.dst)]).toEqual(['::', 'ff02::16']);
  });

  it('reads the Router Advertisement\'s flow label (tshark: 0x68dc2)', () => {
    const r = parseIpv6(nd.frames[17]!, 14);
    expect(r.ok && [r.value.flowLabel, r.value.trafficClass, r.value.payloadLength]).toEqual([0x68dc2, 0, 64]);
  });

  it('refuses another version and a payload length past the bytes, naming the field', () => {
    const b = emitIpv6({ nextHeader: 59, hopLimit: 1, src: new Uint8Array(16), dst: new Uint8Array(16) }, 0);
    b[0] = 0x45;
    expect(parseIpv6(b)).toMatchObject({ ok: false, error: { layer: 'ipv6', field: 'version', offset: 0 } });
    b[0] = 0x60;
    b[5] = 1;
    expect(parseIpv6(b)).toMatchObject({ ok: false, error: { layer: 'ipv6', field: 'payloadLength', offset: 4 } });
  });

  it('gives a fragment header\'s offset, more-fragments bit and identification', () => {
    const frag = { type: IPPROTO_FRAGMENT, nextHeader: 17, bytes: Uint8Array.from([17, 0, 0x05, 0x41, 0xde, 0xad, 0xbe, 0xef]) };
    const b = emitIpv6({ nextHeader: IPPROTO_FRAGMENT, hopLimit: 64, src: new Uint8Array(16), dst: new Uint8Array(16), extensions: [frag] }, 0);
    const r = parseIpv6(b);
    expect(r.ok && r.value.fragment).toEqual({ offset: 0x540, more: true, ident: 0xdeadbeef });
  });
});

describe('IPv6 address text (RFC 5952, as Wireshark prints it)', () => {
  it('writes the forms tshark 4.0 printed for the same addresses', () => {
    // tshark -r on a capture with these addresses (test of 2026-12-05)
    const cases: [string, string][] = [
      ['0:0:0:0:0:ffff:a00:1', '::ffff:10.0.0.1'], ['::a00:2', '::10.0.0.2'], ['::1', '::1'], ['::', '::'],
      ['64:ff9b::a00:1', '64:ff9b::a00:1'], ['1:0:0:1:0:0:1:0', '1::1:0:0:1:0'], ['::ffff:0:1', '::ffff:0.0.0.1'],
      ['2001:0:4136:e378:8000:63bf:3fff:fdd2', '2001:0:4136:e378:8000:63bf:3fff:fdd2'], ['FE80:0:0:0:0:FF:FE00:B', 'fe80::ff:fe00:b'],
    ];
    for (const [text, shown] of cases) expect(formatIpv6Addr(parseIpv6Addr(text)!)).toBe(shown);
  });

  it('reads back every address it writes', () => {
    fc.assert(fc.property(addr, (b) => {
      expect(parseIpv6Addr(formatIpv6Addr(b))).toEqual(b);
    }), { numRuns: 500 });
  });

  it('refuses a dotted quad out of range or not at the end', () => {
    for (const t of ['::1.2.3.256', '1.2.3.4::', '::1.2.3', ':::']) expect(parseIpv6Addr(t)).toBeUndefined();
  });
});
