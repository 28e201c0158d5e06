/** ARP's Info text (packet-arp.c): requests, replies, probes and announcements. */
import type { ArpPacket } from '../stack/wire/arp.ts';
import { formatIpv4Addr, formatMac } from '../stack/wire/addr.ts';

export function arpInfo(p: ArpPacket): string {
  const spa = formatIpv4Addr(p.senderIp);
  const tpa = formatIpv4Addr(p.targetIp);
  switch (p.op) {
    case 1:
      if (p.senderIp === p.targetIp) return `ARP Announcement for ${spa}`;
      if (p.senderIp === 0) return `Who has ${tpa}? (ARP Probe)`;
      return `Who has ${tpa}? Tell ${spa}`;
    case 2:
      if (p.senderIp === p.targetIp) return `Gratuitous ARP for ${spa} (Reply)`;
      return `${spa} is at ${formatMac(p.senderMac)}`;
    case 3: return `Who is ${formatMac(p.targetMac)}? Tell ${formatMac(p.senderMac)}`;
    case 4: return `${formatMac(p.targetMac)} is at ${tpa}`;
    default: return `Unknown ARP opcode 0x${p.op.toString(16).padStart(4, '0')}`;
  }
}

/** The ARP opcode names of the details pane. */
export function arpOpName(op: number): string {
  switch (op) {
    case 1: return 'request';
    case 2: return 'reply';
    case 3: return 'reverse request';
    case 4: return 'reverse reply';
    default: return 'Unknown';
  }
}
