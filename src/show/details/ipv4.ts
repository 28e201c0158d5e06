/** IPv4 in the details pane (packet-ip.c), header fields in wire order; of the options, Router Alert. */
import { formatIpv4Addr } from '../../stack/wire/addr.ts';
import type { Ipv4Header } from '../../stack/wire/ipv4.ts';
import { expertItem } from './expert.ts';
import { bits, byteCount, hex4, hexValue, type Tree } from './text.ts';
import type { IpReassembly } from '../dissect.ts';

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
    case 2: return 'IGMP';
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
  const hex2 = (n: number): string => `0x${n.toString(16).padStart(2, '0')}`;
  t.proto(base + 0, 'ip', `Internet Protocol Version 4, Src: ${src}, Dst: ${dst}`);
  t.field(base + 1, 'ip.version', 4, `${bits(8, 0xf0, 0x40)} = Version: 4`);
  t.field(base + 1, 'ip.hdr_len', h.ihl * 4, `${bits(8, 0x0f, h.ihl)} = Header Length: ${h.ihl * 4} bytes (${h.ihl})`);
  const dscp = h.dscpEcn >>> 2;
  const ecn = h.dscpEcn & 3;
  t.field(base + 1, 'ip.dsfield', hex2(h.dscpEcn), `Differentiated Services Field: ${hex2(h.dscpEcn)} (DSCP: ${DSCP_SHORT[dscp] ?? `Unknown (${dscp})`}, ECN: ${ECN_SHORT[ecn]})`);
  t.field(base + 2, 'ip.dsfield.dscp', dscp, `${bits(8, 0xfc, h.dscpEcn)} = Differentiated Services Codepoint: ${DSCP[dscp] ?? 'Unknown'} (${dscp})`);
  t.field(base + 2, 'ip.dsfield.ecn', ecn, `${bits(8, 0x03, h.dscpEcn)} = Explicit Congestion Notification: ${ECN[ecn]} (${ecn})`);
  t.field(base + 1, 'ip.len', h.totalLength, `Total Length: ${h.totalLength}`);
  t.field(base + 1, 'ip.id', hex4(h.ident), `Identification: ${hex4(h.ident)} (${h.ident})`);
  const fv = (h.flags.rf ? 0x80 : 0) | (h.flags.df ? 0x40 : 0) | (h.flags.mf ? 0x20 : 0);
  t.field(base + 1, 'ip.flags', hex2(fv >>> 5), `${bits(8, 0xe0, fv)} = Flags: ${flagsText(h)}`);
  t.field(base + 2, 'ip.flags.rb', h.flags.rf, `${bits(8, 0x80, fv)} = Reserved bit: ${h.flags.rf ? 'Set' : 'Not set'}`);
  t.field(base + 2, 'ip.flags.df', h.flags.df, `${bits(8, 0x40, fv)} = Don't fragment: ${h.flags.df ? 'Set' : 'Not set'}`);
  t.field(base + 2, 'ip.flags.mf', h.flags.mf, `${bits(8, 0x20, fv)} = More fragments: ${h.flags.mf ? 'Set' : 'Not set'}`);
  t.field(base + 1, 'ip.frag_offset', h.fragOffset, `${bits(16, 0x1fff, h.fragOffset)} = Fragment Offset: ${h.fragOffset * 8}`);
  t.field(base + 1, 'ip.ttl', h.ttl, `Time to Live: ${h.ttl}`);
  // packet-ip.c: a unicast packet with a TTL under 5 gets a note
  if (h.ttl < 5 && h.dst >>> 28 !== 0xe && h.dst !== 0xffffffff && h.protocol !== 103) {
    expertItem(t, base + 2, 'ip.ttl.too_small', 'Note', 'Sequence', `"Time To Live" only ${h.ttl}`);
  }
  t.field(base + 1, 'ip.proto', h.protocol, `Protocol: ${ipProtoName(h.protocol)} (${h.protocol})`);
  t.field(base + 1, 'ip.checksum', hex4(h.checksum), `Header Checksum: ${hex4(h.checksum)} [validation disabled]`);
  t.field(base + 1, 'ip.checksum.status', 2, '[Header checksum status: Unverified]');
  for (const [role, addr, text] of [['src', src, 'Source Address'], ['dst', dst, 'Destination Address']] as const) {
    t.field(base + 1, `ip.${role}`, addr, `${text}: ${addr}`);
    t.hidden(base + 1, 'ip.addr', addr);
    t.hidden(base + 1, `ip.${role}_host`, addr);
    t.hidden(base + 1, 'ip.host', addr);
  }
  if (h.ihl > 5) optionItems(t, h.options, base);
}

/**
 * IPv4 options (packet-ip.c): Router Alert with value 0 (RFC 2113, what IGMP carries) in
 * detail; anything else keeps the not-detailed line.
 */
function optionItems(t: Tree, o: Uint8Array, base: number): void {
  if (o.length !== 4 || o[0] !== 0x94 || o[1] !== 4 || o[2] !== 0 || o[3] !== 0) {
    t.line(base + 1, '[Options: not detailed by labwire show yet]');
    return;
  }
  const what = 'Router shall examine packet (0)';
  t.line(base + 1, 'Options: (4 bytes), Router Alert');
  t.field(base + 2, 'ip.options.routeralert', o, `IP Option - Router Alert (4 bytes): ${what}`);
  t.field(base + 3, 'ip.opt.type', 148, 'Type: 148');
  t.field(base + 4, 'ip.opt.type.copy', true, `${bits(8, 0x80, 0x94)} = Copy on fragmentation: Yes`);
  t.field(base + 4, 'ip.opt.type.class', 0, `${bits(8, 0x60, 0x94)} = Class: Control (0)`);
  t.field(base + 4, 'ip.opt.type.number', 20, `${bits(8, 0x1f, 0x94)} = Number: Router Alert (20)`);
  t.field(base + 3, 'ip.opt.len', 4, 'Length: 4');
  t.field(base + 3, 'ip.opt.ra', 0, `Router Alert: ${what}`);
}

/** packet-ip.c's reassembly tree under the IPv4 header of the frame that completed a packet */
export function ipFragmentsSection(t: Tree, r: IpReassembly): void {
  const total = r.data.length;
  const list = r.fragments.map((x) => `#${x.frame}(${x.length})`).join(', ');
  t.field(1, 'ip.fragments', r.data, `[${r.fragments.length} IPv4 Fragments (${byteCount(total)}): ${list}]`);
  for (const x of r.fragments) t.field(2, 'ip.fragment', x.frame, `[Frame: ${x.frame}, payload: ${x.offset}-${x.offset + x.length - 1} (${byteCount(x.length)})]`);
  t.field(2, 'ip.fragment.count', r.fragments.length, `[Fragment count: ${r.fragments.length}]`);
  t.field(2, 'ip.reassembled.length', total, `[Reassembled IPv4 length: ${total}]`);
  t.field(2, 'ip.reassembled.data', r.data, `[Reassembled IPv4 data: ${hexValue(r.data)}]`);
}
