/** ARP in the details pane (packet-arp.c). */
import { formatIpv4Addr } from '../../stack/wire/addr.ts';
import type { ArpPacket } from '../../stack/wire/arp.ts';
import { arpOpName } from '../info-arp.ts';
import { macWithName } from '../names.ts';
import { hex4, type Tree } from './text.ts';

export function arpSection(t: Tree, p: ArpPacket): void {
  const kind = p.op === 1 && p.senderIp === p.targetIp ? 'ARP Announcement'
    : p.op === 1 && p.senderIp === 0 ? 'ARP Probe'
      : arpOpName(p.op);
  t.line(0, `Address Resolution Protocol (${kind})`);
  t.line(1, `Hardware type: ${p.htype === 1 ? 'Ethernet' : 'Unknown'} (${p.htype})`);
  t.line(1, `Protocol type: ${p.ptype === 0x0800 ? 'IPv4' : 'Unknown'} (${hex4(p.ptype)})`);
  t.line(1, `Hardware size: ${p.hlen}`);
  t.line(1, `Protocol size: ${p.plen}`);
  t.line(1, `Opcode: ${arpOpName(p.op)} (${p.op})`);
  if (p.senderIp === p.targetIp) t.line(1, '[Is gratuitous: True]');
  if (p.op === 1 && p.senderIp === p.targetIp) t.line(1, '[Is announcement: True]');
  if (p.op === 1 && p.senderIp === 0) t.line(1, '[Is probe: True]');
  t.line(1, `Sender MAC address: ${macWithName(p.senderMac)}`);
  t.line(1, `Sender IP address: ${formatIpv4Addr(p.senderIp)}`);
  t.line(1, `Target MAC address: ${macWithName(p.targetMac)}`);
  t.line(1, `Target IP address: ${formatIpv4Addr(p.targetIp)}`);
}
