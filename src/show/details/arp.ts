/** ARP in the details pane (packet-arp.c). */
import { formatIpv4Addr, formatMac } from '../../stack/wire/addr.ts';
import type { ArpPacket } from '../../stack/wire/arp.ts';
import { arpOpName } from '../info-arp.ts';
import { macWithName } from '../names.ts';
import { hex4, type Tree } from './text.ts';

export function arpSection(t: Tree, p: ArpPacket): void {
  const kind = p.op === 1 && p.senderIp === p.targetIp ? 'ARP Announcement'
    : p.op === 1 && p.senderIp === 0 ? 'ARP Probe'
      : arpOpName(p.op);
  t.proto(0, 'arp', `Address Resolution Protocol (${kind})`);
  t.field(1, 'arp.hw.type', p.htype, `Hardware type: ${p.htype === 1 ? 'Ethernet' : 'Unknown'} (${p.htype})`);
  t.field(1, 'arp.proto.type', hex4(p.ptype), `Protocol type: ${p.ptype === 0x0800 ? 'IPv4' : 'Unknown'} (${hex4(p.ptype)})`);
  t.field(1, 'arp.hw.size', p.hlen, `Hardware size: ${p.hlen}`);
  t.field(1, 'arp.proto.size', p.plen, `Protocol size: ${p.plen}`);
  t.field(1, 'arp.opcode', p.op, `Opcode: ${arpOpName(p.op)} (${p.op})`);
  if (p.senderIp === p.targetIp) t.field(1, 'arp.isgratuitous', true, '[Is gratuitous: True]');
  if (p.op === 1 && p.senderIp === p.targetIp) t.field(1, 'arp.isannouncement', true, '[Is announcement: True]');
  if (p.op === 1 && p.senderIp === 0) t.field(1, 'arp.isprobe', true, '[Is probe: True]');
  t.field(1, 'arp.src.hw_mac', formatMac(p.senderMac), `Sender MAC address: ${macWithName(p.senderMac)}`);
  t.field(1, 'arp.src.proto_ipv4', formatIpv4Addr(p.senderIp), `Sender IP address: ${formatIpv4Addr(p.senderIp)}`);
  t.field(1, 'arp.dst.hw_mac', formatMac(p.targetMac), `Target MAC address: ${macWithName(p.targetMac)}`);
  t.field(1, 'arp.dst.proto_ipv4', formatIpv4Addr(p.targetIp), `Target IP address: ${formatIpv4Addr(p.targetIp)}`);
}
