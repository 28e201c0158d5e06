/**
 * IPv6 in `labwire show`, against tshark 4.0 on real captures (test/fixtures/real/ipv6: ND,
 * MLDv2, ping, TCP, UDP, DNS; Ethernet and Linux cooked v2): display filters and -T fields on
 * the IPv6 and ICMPv6 fields, conversations, and the not-detailed line where labwire stops.
 * (The packet list and -V of every frame are compared in real-fixtures.test.ts.)
 */
import { describe, expect, it } from 'vitest';
import { showCommand } from '../../src/cli/show.ts';
import { hasTshark, runTshark } from '../helpers/tshark.ts';
import { realCapturePath } from '../helpers/codec.ts';
import { NOT_DETAILED } from '../../src/show/details/index.ts';
import { Dissector } from '../../src/show/dissect.ts';
import { renderDetails } from '../../src/show/details/index.ts';
import { emitEthernet } from '../../src/stack/wire/ethernet.ts';
import { emitIpv6 } from '../../src/stack/wire/ipv6.ts';
import { emitIcmpv6 } from '../../src/stack/wire/icmpv6.ts';
import { parseIpv6Addr } from '../../src/stack/wire/ipv6-addr.ts';
import { LINKTYPE_ETHERNET } from '../../src/stack/wire/frame.ts';

const FILES = ['nd.pcap', 'tcp.pcap', 'udp.pcap', 'any.pcap'].map((n) => realCapturePath(`ipv6/${n}`));

async function cli(...argv: string[]): Promise<{ status: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const status = await showCommand(argv, (s) => (out += s), (s) => (err += s));
  return { status, out, err };
}

async function sameAsTshark(args: readonly string[]): Promise<void> {
  for (const file of FILES) {
    const ours = await cli(...args, file);
    const theirs = runTshark(['-r', file, ...args]);
    expect({ file, err: ours.err, out: ours.out }).toEqual({ file, err: '', out: theirs.stdout });
  }
}

const FILTERS = [
  'ipv6', 'ipv6.src == fd00:6c77::1', 'ipv6.dst == ff02::16', 'ipv6.addr == fd00:6c77::/32', 'ipv6.addr == fe80::/10 && icmpv6',
  'ipv6.src > fd00::', 'ipv6.nxt == 0', 'ipv6.hlim == 255', 'ipv6.plen > 60', 'ipv6.flow != 0', 'icmpv6.type == 135',
  'icmpv6.code == 4', 'icmpv6.echo.identifier == 0x4203', 'icmpv6.echo.sequence_number == 2', 'icmpv6.resp_to',
  'udp.port == 10001', 'udp.stream == 1', 'tcp.stream == 0 && tcp.len > 0', 'dns.qry.type == 28',
];

const FIELDS = [
  'ipv6.src', 'ipv6.dst', 'ipv6.addr', 'ipv6.nxt', 'ipv6.hlim', 'ipv6.plen', 'ipv6.flow', 'ipv6.tclass', 'ipv6.version', 'ipv6.host',
  'icmpv6.type', 'icmpv6.code', 'icmpv6.checksum', 'icmpv6.echo.identifier', 'icmpv6.echo.sequence_number', 'icmpv6.resp_to',
  'icmpv6.nd.ns.target_address', 'ipv6', 'icmpv6', 'frame.protocols', 'udp.srcport', 'udp.stream', 'tcp.stream',
];

describe.skipIf(!hasTshark())('show on IPv6 captures, as tshark', () => {
  it.each(FILTERS)('-Y %s', (filter) => sameAsTshark(['-Y', filter]));

  it('-T fields -e on the IPv6 and ICMPv6 fields (quoted packets\' values too)', () => sameAsTshark(['-T', 'fields', ...FIELDS.flatMap((f) => ['-e', f])]));

  it.each(['conv,ipv6', 'conv,udp', 'conv,tcp', 'flow,tcp,network'])('-q -z %s', (z) => sameAsTshark(['-q', '-z', z]));

  it('an IPv6 literal that is not one, and a prefix over 128, with tshark\'s messages', async () => {
    const file = FILES[0]!;
    expect((await cli('-Y', 'ipv6.src == 1.2.3.4', file)).err).toContain('"1.2.3.4" is not a valid hostname or IPv6 address.');
    expect(runTshark(['-r', file, '-Y', 'ipv6.src == 1.2.3.4']).stderr).toContain('"1.2.3.4" is not a valid hostname or IPv6 address.');
    expect((await cli('-Y', 'ipv6.addr == fd00::/129', file)).err).toContain('Prefix in a IPv6 address should be <= 128, not 129');
  });
});

describe('IPv6 details labwire does not know', () => {
  const a = parseIpv6Addr('2002:a00:1::1')!; // a 6to4 address: tshark adds gateway items labwire does not
  const b = parseIpv6Addr('fe80::1')!;

  function details(nextHeader: number, body: Uint8Array, src = a): string {
    const ip = emitIpv6({ nextHeader, hopLimit: 64, src, dst: b }, body.length);
    const frame = emitEthernet({ dst: 1, src: 2, etherType: 0x86dd }, new Uint8Array([...ip, ...body]));
    const d = new Dissector().next({ index: 0, sec: 0, nsec: 0, data: frame, origLength: frame.length, linkType: LINKTYPE_ETHERNET, ifIndex: 0, offset: 0 } as never);
    return renderDetails(d, undefined);
  }

  it('says so for 6to4 address items, and prints no guess', () => {
    const text = details(58, emitIcmpv6({ kind: 'echo', type: 128, code: 0, id: 1, seq: 1, data: new Uint8Array(0) }, a, b));
    expect(text).toContain(`    Destination Address: fe80::1\n    ${NOT_DETAILED}\n`);
    expect(text).not.toMatch(/6to4/);
  });

  it('shows a routing header\'s final destination as the destination, as tshark does (ipv6-routing-header.pcap of tcpdump\'s tests)', () => {
    const last = parseIpv6Addr('2200::210:2:0:0:4')!;
    const rh = Uint8Array.from([58, 4, 0, 1, 0, 0, 0, 0, ...parseIpv6Addr('2200::1')!, ...last]); // type 0, 1 segment left
    const icmp = emitIcmpv6({ kind: 'echo', type: 128, code: 0, id: 0, seq: 0, data: new Uint8Array(0) }, a, last);
    const ip = emitIpv6({ nextHeader: 43, hopLimit: 4, src: a, dst: b, extensions: [{ type: 43, nextHeader: 58, bytes: rh }] }, icmp.length);
    const frame = emitEthernet({ dst: 1, src: 2, etherType: 0x86dd }, new Uint8Array([...ip, ...icmp]));
    const d = new Dissector().next({ index: 0, sec: 0, nsec: 0, data: frame, origLength: frame.length, linkType: LINKTYPE_ETHERNET, ifIndex: 0, offset: 0 } as never);
    expect([d.row.src, d.row.dst, d.row.protocol]).toEqual(['2002:a00:1::1', '2200::210:2:0:0:4', 'ICMPv6']);
  });

  it('says so for an ICMPv6 type it does not detail (Router Renumbering) and for a Redirect', () => {
    const src = parseIpv6Addr('fe80::2')!;
    for (const m of [{ kind: 'other' as const, type: 138, code: 0, rest: new Uint8Array(12) }, { kind: 'nd' as const, type: 137 as const, code: 0, fixed: new Uint8Array(36), options: [] }]) {
      const text = details(58, emitIcmpv6(m, src, b), src);
      expect(text).toContain(`    [Checksum Status: Good]\n    ${NOT_DETAILED}\n`);
    }
  });
});
