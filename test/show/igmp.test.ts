/**
 * IGMP v1, v2 and v3 (with the IPv4 Router Alert option real hosts and bridges put on it) as
 * tshark 4.0 prints it: the packet list, -V and -T json, byte for byte. The capture holds every
 * message kind a LAN shows — general and group(-and-source)-specific queries of each version,
 * v1/v2 reports and leaves, a v3 report with every record type, with and without sources —
 * and the damaged cases: a bad checksum, an unknown type, a message cut short. The codec's
 * version rule and v3's Max Resp Code are checked on their own.
 */
import { describe, expect, it } from 'vitest';
import { showCommand } from '../../src/cli/show.ts';
import { emitEthernet } from '../../src/stack/wire/ethernet.ts';
import { emitIpv4 } from '../../src/stack/wire/ipv4.ts';
import { internetChecksum } from '../../src/stack/wire/checksum.ts';
import { igmpV3MaxRespTenths, parseIgmp } from '../../src/stack/wire/igmp.ts';
import { hasTshark, runTshark } from '../helpers/tshark.ts';
import { concat, ipv4, MAC1, writeCapture, type Timed } from './build.ts';

const ROUTER_ALERT = Uint8Array.of(0x94, 4, 0, 0);
const u16 = (n: number) => Uint8Array.of(n >> 8, n & 0xff);
const addr = (a: string) => { const n = ipv4(a); return Uint8Array.of(n >>> 24, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff); };

/** an IGMP message with its checksum filled in (over `covered` bytes: 8 for v1/v2, all for v3) */
function igmp(type: number, code: number, rest: Uint8Array, covered = Infinity): Uint8Array {
  const m = concat(Uint8Array.of(type, code, 0, 0), rest);
  const ck = internetChecksum(m, 0, Math.min(covered, m.length));
  m[2] = ck >> 8;
  m[3] = ck & 0xff;
  return m;
}

function frame(src: string, dst: string, body: Uint8Array, routerAlert = true): Uint8Array {
  const d = ipv4(dst);
  const mac = 0x01005e000000 + (d & 0x7fffff);
  const ip = emitIpv4({ dscpEcn: 0xc0, ident: 0, flags: { df: true, mf: false }, ttl: 1, protocol: 2, src: ipv4(src), dst: d, ...(routerAlert ? { options: ROUTER_ALERT } : {}) }, body.length);
  return emitEthernet({ dst: mac, src: MAC1, etherType: 0x0800 }, concat(ip, body));
}

const record = (type: number, group: string, sources: string[] = []) => concat(Uint8Array.of(type, 0), u16(sources.length), addr(group), ...sources.map(addr));

function capture(): string {
  const badChecksum = igmp(0x16, 0, addr('224.0.0.251'), 8);
  badChecksum[2]! ^= 0xff;
  const records = [
    record(4, '224.0.0.251'), record(3, '224.0.0.252'), record(1, '232.1.1.1', ['10.0.0.9']), record(2, '239.255.255.250'),
    record(5, '232.1.1.2', ['10.0.0.7', '10.0.0.8']), record(6, '232.1.1.3', ['10.0.0.6']), record(3, '232.1.1.4', ['10.0.0.5', '10.0.0.3']),
    record(4, '232.1.1.5', ['10.0.0.4']), record(5, '232.1.1.6'), record(9, '232.1.1.7'),
  ];
  const bodies: [string, string, Uint8Array, boolean?][] = [
    ['172.16.16.1', '224.0.0.1', igmp(0x11, 100, addr('0.0.0.0'), 8)], // v2 general query
    ['172.16.16.1', '239.1.2.3', igmp(0x11, 10, addr('239.1.2.3'), 8)], // v2 group-specific
    ['172.16.16.1', '224.0.0.1', igmp(0x11, 0, addr('0.0.0.0'), 8), false], // v1 query
    ['172.16.16.101', '224.0.0.251', igmp(0x16, 0, addr('224.0.0.251'), 8)], // v2 report
    ['172.16.16.101', '224.0.0.2', igmp(0x17, 0, addr('224.0.0.251'), 8)], // v2 leave
    ['172.16.16.101', '224.0.0.251', igmp(0x12, 0, addr('224.0.0.251'), 8), false], // v1 report
    ['172.16.16.1', '224.0.0.1', igmp(0x11, 100, concat(addr('0.0.0.0'), Uint8Array.of(0x02, 125), u16(0)))], // v3 general
    ['172.16.16.1', '239.1.2.3', igmp(0x11, 0x8a, concat(addr('239.1.2.3'), Uint8Array.of(0x0a, 0x85), u16(2), addr('10.0.0.1'), addr('10.0.0.2')))],
    ['172.16.16.1', '239.1.2.4', igmp(0x11, 0xff, concat(addr('239.1.2.4'), Uint8Array.of(0x07, 0xff), u16(1), addr('10.0.0.1')))],
    ['172.16.16.101', '224.0.0.22', igmp(0x22, 0, concat(u16(0), u16(records.length), ...records))], // every record type
    ['0.0.0.0', '224.0.0.22', igmp(0x22, 0, concat(u16(0), u16(1), record(4, '224.0.0.106')))], // a bridge's join, as recorded
    ['172.16.16.101', '224.0.0.22', igmp(0x22, 0, concat(u16(0), u16(0)))], // a report without records
    ['172.16.16.101', '224.0.0.251', badChecksum],
    ['172.16.16.101', '224.0.0.1', igmp(0x30, 0, addr('0.0.0.0'))], // a type this dissector does not know
    ['172.16.16.101', '224.0.0.1', igmp(0x16, 0, addr('224.0.0.251'), 8).subarray(0, 6)], // cut short
    ['172.16.16.101', '224.0.0.22', igmp(0x22, 0, concat(u16(0), u16(2), record(4, '224.0.0.251'), record(1, '232.1.1.1', ['10.0.0.9']).subarray(0, 10)))],
  ];
  const frames: Timed[] = bodies.map(([src, dst, body, ra], i) => ({ t: i * 1_000_001, frame: frame(src, dst, body, ra ?? true) }));
  return writeCapture('igmp.pcap', 'eth', frames);
}

async function ours(...argv: string[]): Promise<string> {
  let out = '';
  let err = '';
  expect(await showCommand(argv, (s) => (out += s), (s) => (err += s))).toBe(0);
  expect(err).toBe('');
  return out;
}

describe('the IGMP codec', () => {
  it('tells the version apart as Wireshark does: by type, and a query by its size and Max Resp', () => {
    const q = (code: number, size: number) => parseIgmp(concat(Uint8Array.of(0x11, code, 0, 0), new Uint8Array(size - 4)), 0, size);
    expect([q(0, 8).version, q(100, 8).version, q(0, 12).version, q(100, 12).version]).toEqual([1, 2, 3, 3]);
    expect(parseIgmp(Uint8Array.of(0x30, 0, 0, 0, 0, 0, 0, 0), 0, 8).version).toBe(0);
    expect(parseIgmp(Uint8Array.of(0x16, 0, 0, 0, 224, 0), 0, 6).truncated).toBe(true);
  });

  it("reads v3's Max Resp Code: below 128 in tenths, above as mantissa and exponent (RFC 3376 §4.1.1)", () => {
    expect([igmpV3MaxRespTenths(100), igmpV3MaxRespTenths(0x8a), igmpV3MaxRespTenths(0xff)]).toEqual([100, 208, 31744]);
  });
});

describe.skipIf(!hasTshark())('IGMP in show against tshark', () => {
  const file = capture();
  it.each([[[]], [['-V']], [['-T', 'json']]])('show %j prints what tshark prints', async (args) => {
    process.env['TZ'] = 'UTC';
    expect(await ours(...args, '-r', file)).toBe(runTshark([...args, '-r', file]).stdout);
  });

  it('the filter knows igmp and its fields', async () => {
    for (const filter of ['igmp', 'igmp.type == 0x22', 'igmp.version == 2', 'igmp.maddr == 224.0.0.251', 'ip.proto == 2 && !igmp']) {
      expect({ filter, out: await ours('-Y', filter, '-r', file) }).toEqual({ filter, out: runTshark(['-Y', filter, '-r', file]).stdout });
    }
  });
});
