/** IPv4 in the details pane (packet-ip.c), header fields in wire order; options not detailed. */
import { formatIpv4Addr } from '../../stack/wire/addr.ts';
import type { Ipv4Header } from '../../stack/wire/ipv4.ts';
import { bits, hex4, type Tree } from './text.ts';

export const DSCP: Readonly<Record<number, string>> = {
  0: 'Default', 8: 'Class Selector 1', 16: 'Class Selector 2', 24: 'Class Selector 3', 32: 'Class Selector 4',
  40: 'Class Selector 5', 46: 'Expedited Forwarding', 48: 'Class Selector 6', 56: 'Class Selector 7',
};
export const DSCP_SHORT: Readonly<Record<number, string>> = { 0: 'CS0', 8: 'CS1', 16: 'CS2', 24: 'CS3', 32: 'CS4', 40: 'CS5', 46: 'EF', 48: 'CS6', 56: 'CS7' };
export const ECN = ['Not ECN-Capable Transport', 'ECN-Capable Transport codepoint \'10\'', 'ECN-Capable Transport codepoint \'01\'', 'Congestion Experienced'];
export const ECN_SHORT = ['Not-ECT', 'ECT(1)', 'ECT(0)', 'CE'];

export function ipProtoName(p: number): string {
  switch (p) {
    case 1: return 'ICMP';
    case 6: return 'TCP';
    case 17: return 'UDP';
    default: return 'Unknown';
  }
}

function flagsText(h: Ipv4Header): string {
  const v = (h.flags.rf ? 4 : 0) | (h.flags.df ? 2 : 0) | (h.flags.mf ? 1 : 0);
  const names = [h.flags.rf ? 'Reserved bit' : '', h.flags.df ? "Don't fragment" : '', h.flags.mf ? 'More fragments' : ''].filter((x) => x);
  return `0x${v}${names.length ? ', ' + names.join(', ') : ''}`;
}

export function ipv4Section(t: Tree, h: Ipv4Header, base = 0): void {
  const src = formatIpv4Addr(h.src);
  const dst = formatIpv4Addr(h.dst);
  t.line(base + 0, `Internet Protocol Version 4, Src: ${src}, Dst: ${dst}`);
  t.line(base + 1, `${bits(8, 0xf0, 0x40)} = Version: 4`);
  t.line(base + 1, `${bits(8, 0x0f, h.ihl)} = Header Length: ${h.ihl * 4} bytes (${h.ihl})`);
  const dscp = h.dscpEcn >>> 2;
  const ecn = h.dscpEcn & 3;
  t.line(base + 1, `Differentiated Services Field: 0x${h.dscpEcn.toString(16).padStart(2, '0')} (DSCP: ${DSCP_SHORT[dscp] ?? `Unknown (${dscp})`}, ECN: ${ECN_SHORT[ecn]})`);
  t.line(base + 2, `${bits(8, 0xfc, h.dscpEcn)} = Differentiated Services Codepoint: ${DSCP[dscp] ?? 'Unknown'} (${dscp})`);
  t.line(base + 2, `${bits(8, 0x03, h.dscpEcn)} = Explicit Congestion Notification: ${ECN[ecn]} (${ecn})`);
  t.line(base + 1, `Total Length: ${h.totalLength}`);
  t.line(base + 1, `Identification: ${hex4(h.ident)} (${h.ident})`);
  const fv = (h.flags.rf ? 0x80 : 0) | (h.flags.df ? 0x40 : 0) | (h.flags.mf ? 0x20 : 0);
  t.line(base + 1, `${bits(8, 0xe0, fv)} = Flags: ${flagsText(h)}`);
  t.line(base + 2, `${bits(8, 0x80, fv)} = Reserved bit: ${h.flags.rf ? 'Set' : 'Not set'}`);
  t.line(base + 2, `${bits(8, 0x40, fv)} = Don't fragment: ${h.flags.df ? 'Set' : 'Not set'}`);
  t.line(base + 2, `${bits(8, 0x20, fv)} = More fragments: ${h.flags.mf ? 'Set' : 'Not set'}`);
  t.line(base + 1, `${bits(16, 0x1fff, h.fragOffset)} = Fragment Offset: ${h.fragOffset * 8}`);
  t.line(base + 1, `Time to Live: ${h.ttl}`);
  // packet-ip.c: a unicast packet with a TTL under 5 gets a note
  if (h.ttl < 5 && h.dst >>> 28 !== 0xe && h.dst !== 0xffffffff && h.protocol !== 103) {
    t.line(base + 2, `[Expert Info (Note/Sequence): "Time To Live" only ${h.ttl}]`);
    t.line(base + 3, `["Time To Live" only ${h.ttl}]`);
    t.line(base + 3, '[Severity level: Note]');
    t.line(base + 3, '[Group: Sequence]');
  }
  t.line(base + 1, `Protocol: ${ipProtoName(h.protocol)} (${h.protocol})`);
  t.line(base + 1, `Header Checksum: ${hex4(h.checksum)} [validation disabled]`);
  t.line(base + 1, '[Header checksum status: Unverified]');
  t.line(base + 1, `Source Address: ${src}`);
  t.line(base + 1, `Destination Address: ${dst}`);
  if (h.ihl > 5) t.line(base + 1, '[Options: not detailed by labwire show yet]');
}
