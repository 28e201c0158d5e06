/**
 * tshark judges what the codecs emit: frames built by emitEthernetInto + emitIpv4Into +
 * emitTcpInto / emitUdpInto / emitIcmpInto and emitArpInto, written to a pcap with a
 * test-local writer, must read with every checksum good, nothing malformed, and the field
 * values we put in. Skipped when tshark is absent.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { dockerMac, ipv4 } from '../../../src/stack/wire/addr.ts';
import { emitArpInto } from '../../../src/stack/wire/arp.ts';
import { emitEthernetInto } from '../../../src/stack/wire/ethernet.ts';
import { emitIcmpInto, icmpLength, type IcmpMessageInit } from '../../../src/stack/wire/icmp.ts';
import { emitIpv4Into, IPPROTO_ICMP, IPPROTO_TCP, IPPROTO_UDP } from '../../../src/stack/wire/ipv4.ts';
import { emitTcpInto, tcpSegmentLength, type TcpSegmentInit } from '../../../src/stack/wire/tcp.ts';
import type { TcpOption } from '../../../src/stack/wire/tcp-options.ts';
import { emitUdpInto, type UdpDatagramInit } from '../../../src/stack/wire/udp.ts';
import { hasTshark, tsharkCheck, tsharkFields } from '../../helpers/tshark.ts';

const A = ipv4('172.16.16.102');
const B = ipv4('172.16.16.101');
const ipInit = (protocol: number, ident: number) => ({ ident, flags: { df: true, mf: false }, ttl: 64, protocol, src: A, dst: B });
const ethInit = { dst: dockerMac(B), src: dockerMac(A), etherType: 0x0800 };

function tcpFrame(seg: TcpSegmentInit, ident: number): Uint8Array {
  const len = tcpSegmentLength(seg);
  const out = new Uint8Array(34 + len);
  emitTcpInto(seg, A, B, out, emitIpv4Into(ipInit(IPPROTO_TCP, ident), len, out, emitEthernetInto(ethInit, out, 0)));
  return out;
}

function udpFrame(d: UdpDatagramInit, ident: number): Uint8Array {
  const out = new Uint8Array(42 + d.payload.length);
  emitUdpInto(d, A, B, out, emitIpv4Into(ipInit(IPPROTO_UDP, ident), 8 + d.payload.length, out, emitEthernetInto(ethInit, out, 0)));
  return out;
}

function icmpFrame(m: IcmpMessageInit, ident: number): Uint8Array {
  const out = new Uint8Array(34 + icmpLength(m));
  emitIcmpInto(m, out, emitIpv4Into(ipInit(IPPROTO_ICMP, ident), icmpLength(m), out, emitEthernetInto(ethInit, out, 0)));
  return out;
}

function arpFrame(): Uint8Array {
  const out = new Uint8Array(42);
  const at = emitEthernetInto({ dst: 0xffffffffffff, src: dockerMac(A), etherType: 0x0806 }, out, 0);
  emitArpInto({ op: 1, senderMac: dockerMac(A), senderIp: A, targetMac: 0, targetIp: B }, out, at);
  return out;
}

/** A classic little-endian µs pcap, Ethernet. */
function pcap(frames: readonly Uint8Array[]): Uint8Array {
  const size = 24 + frames.reduce((n, f) => n + 16 + f.length, 0);
  const out = new Uint8Array(size);
  const dv = new DataView(out.buffer);
  dv.setUint32(0, 0xa1b2c3d4, true);
  dv.setUint16(4, 2, true);
  dv.setUint16(6, 4, true);
  dv.setUint32(16, 262144, true);
  dv.setUint32(20, 1, true);
  let o = 24;
  frames.forEach((f, i) => {
    dv.setUint32(o, 1_700_000_000 + i, true);
    dv.setUint32(o + 8, f.length, true);
    dv.setUint32(o + 12, f.length, true);
    out.set(f, o + 16);
    o += 16 + f.length;
  });
  return out;
}

const u16 = fc.integer({ min: 1, max: 0xffff });
const u32 = fc.integer({ min: 0, max: 0xffffffff });
/** the options real stacks send, in the orders they send them */
const optionsArb: fc.Arbitrary<TcpOption[]> = fc.oneof(
  fc.constant<TcpOption[]>([]),
  fc.tuple(u32, u32).map(([tsval, tsecr]): TcpOption[] => [{ kind: 'nop' }, { kind: 'nop' }, { kind: 'timestamps', tsval, tsecr }]),
  fc.tuple(fc.integer({ min: 536, max: 9000 }), u32, fc.integer({ min: 0, max: 14 })).map(([mss, tsval, shift]): TcpOption[] => [
    { kind: 'mss', mss }, { kind: 'sackPermitted' }, { kind: 'timestamps', tsval, tsecr: 0 }, { kind: 'nop' }, { kind: 'wscale', shift },
  ]),
  fc.tuple(u32, u32, u32).map(([tsval, left, len]): TcpOption[] => [
    { kind: 'nop' }, { kind: 'nop' }, { kind: 'timestamps', tsval, tsecr: 1 }, { kind: 'nop' }, { kind: 'nop' },
    { kind: 'sack', blocks: [[left, (left + 1 + (len % 100000)) >>> 0]] },
  ]),
  fc.integer({ min: 536, max: 1460 }).map((mss): TcpOption[] => [{ kind: 'mss', mss }, { kind: 'wscale', shift: 7 }]), // padded by emit
);
const segmentArb: fc.Arbitrary<TcpSegmentInit> = fc.record({
  srcPort: u16, dstPort: u16, seq: u32, ack: u32, flags: fc.constantFrom(0x02, 0x12, 0x10, 0x18, 0x11, 0x14, 0x04, 0x19),
  window: fc.integer({ min: 0, max: 0xffff }), urgent: fc.constant(0), options: optionsArb, payload: fc.uint8Array({ maxLength: 1400 }),
});
const udpArb: fc.Arbitrary<UdpDatagramInit> = fc.record({ srcPort: u16, dstPort: fc.integer({ min: 20000, max: 0xffff }), payload: fc.uint8Array({ maxLength: 600 }) });

/** RFC 9293 §3.2 sizes, written out for the expectation (not our tcpOptionLength) */
function optionBytes(o: TcpOption): number {
  switch (o.kind) {
    case 'mss': return 4;
    case 'wscale': return 3;
    case 'sackPermitted': return 2;
    case 'timestamps': return 10;
    case 'sack': return 2 + 8 * o.blocks.length;
    case 'unknown': return 2 + o.data.length;
    default: return 1;
  }
}

describe.skipIf(!hasTshark())('what the codecs emit, read by tshark', () => {
  const dir = mkdtempSync(join(tmpdir(), 'labwire-wire-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const segments = fc.sample(segmentArb, { seed: 3, numRuns: 120 });
  const datagrams = fc.sample(udpArb, { seed: 4, numRuns: 40 });
  const echo: IcmpMessageInit = { kind: 'echoRequest', id: 0x2d9c, seq: 1, data: new Uint8Array(56).map((_, i) => i) };
  const frames = [
    arpFrame(),
    icmpFrame(echo, 1),
    icmpFrame({ kind: 'echoReply', id: 0x2d9c, seq: 1, data: echo.data }, 2),
    ...segments.map((s, i) => tcpFrame(s, 100 + i)),
    ...datagrams.map((d, i) => udpFrame(d, 1000 + i)),
  ];
  const file = join(dir, 'emitted.pcap');
  writeFileSync(file, pcap(frames));

  it('finds every IPv4, TCP, UDP and ICMP checksum good and nothing malformed', () => {
    const check = tsharkCheck(file);
    expect(check.readError).toBeUndefined();
    expect(check.frames).toBe(frames.length);
    expect(check.malformed).toEqual([]);
    expect(check.badChecksums).toEqual([]);
  });

  /** one tshark run for every field the tests below read; rows are frames in file order */
  const FIELDS = [
    'tcp.srcport', 'tcp.dstport', 'tcp.seq_raw', 'tcp.ack_raw', 'tcp.flags', 'tcp.window_size_value', 'tcp.len', 'tcp.hdr_len',
    'tcp.option_kind', 'tcp.options.mss_val', 'tcp.options.wscale.shift',
    'udp.srcport', 'udp.dstport', 'udp.length', 'icmp.type', 'icmp.ident', 'icmp.seq', 'arp.opcode', 'arp.src.proto_ipv4', 'arp.dst.proto_ipv4',
  ] as const;
  let rows: string[][] | undefined;
  const field = (frame: number, name: (typeof FIELDS)[number]): string => {
    rows ??= tsharkFields(file, FIELDS, undefined, { args: ['-o', 'tcp.analyze_sequence_numbers:FALSE'] });
    return rows[frame]![FIELDS.indexOf(name)]!;
  };
  const tcpAt = 3;
  const udpAt = tcpAt + segments.length;

  it('reads back the TCP fields we wrote', () => {
    segments.forEach((s, i) => {
      const hdr = 20 + ((s.options.reduce((n, o) => n + optionBytes(o), 0) + 3) & ~3);
      const got = (['tcp.srcport', 'tcp.dstport', 'tcp.seq_raw', 'tcp.ack_raw', 'tcp.flags', 'tcp.window_size_value', 'tcp.len', 'tcp.hdr_len'] as const)
        .map((f) => field(tcpAt + i, f));
      expect(got).toEqual([
        String(s.srcPort), String(s.dstPort), String(s.seq), String(s.ack), `0x${s.flags.toString(16).padStart(4, '0')}`,
        String(s.window), String(s.payload.length), String(hdr),
      ]);
    });
  });

  it('reads the SYN options we wrote in order, as tshark names them', () => {
    const i = segments.findIndex((s) => s.options[0]?.kind === 'mss' && s.options.length === 5);
    expect(i).toBeGreaterThanOrEqual(0);
    const s = segments[i]!;
    expect(field(tcpAt + i, 'tcp.option_kind')).toBe('2,4,8,1,3');
    expect(field(tcpAt + i, 'tcp.options.mss_val')).toBe(String((s.options[0] as { mss: number }).mss));
    expect(field(tcpAt + i, 'tcp.options.wscale.shift')).toBe(String((s.options[4] as { shift: number }).shift));
  });

  it('reads back the UDP ports and lengths', () => {
    datagrams.forEach((d, i) => {
      expect([field(udpAt + i, 'udp.srcport'), field(udpAt + i, 'udp.dstport'), field(udpAt + i, 'udp.length')])
        .toEqual([String(d.srcPort), String(d.dstPort), String(8 + d.payload.length)]);
    });
  });

  it('reads the ICMP echo request and reply with their id and sequence', () => {
    expect([1, 2].map((f) => [field(f, 'icmp.type'), field(f, 'icmp.ident'), field(f, 'icmp.seq')])).toEqual([['8', '11676', '1'], ['0', '11676', '1']]);
  });

  it('reads the ARP request as who-has 172.16.16.101, tell 172.16.16.102', () => {
    expect([field(0, 'arp.opcode'), field(0, 'arp.src.proto_ipv4'), field(0, 'arp.dst.proto_ipv4')]).toEqual(['1', '172.16.16.102', '172.16.16.101']);
  });
});
