/** Ethernet II and Linux cooked capture v1/v2 in the details pane (packet-eth.c, packet-sll.c). */
import { formatMac } from '../../stack/wire/addr.ts';
import type { Dissected } from '../dissect.ts';
import { macWithName } from '../names.ts';
import { bits, hex4, type Tree } from './text.ts';

const PACKET_TYPES = ['Unicast to us', 'Broadcast', 'Multicast', 'Unicast to another host', 'Sent by us'];

function etherTypeName(t: number): string {
  switch (t) {
    case 0x0800: return `IPv4 (${hex4(t)})`;
    case 0x0806: return `ARP (${hex4(t)})`;
    case 0x86dd: return `IPv6 (${hex4(t)})`;
    case 0x8100: return `802.1Q Virtual LAN (${hex4(t)})`;
    default: return `Unknown (${hex4(t)})`;
  }
}

function hatypeName(t: number): string {
  return t === 1 ? 'Ethernet (1)' : t === 772 ? 'Loopback (772)' : `Unknown (${t})`;
}

function macLines(t: Tree, label: string, mac: number): void {
  t.line(1, `${label}: ${macWithName(mac)}`);
  const first = Math.floor(mac / 2 ** 40);
  const lg = (first & 2) !== 0;
  const ig = (first & 1) !== 0;
  if (ig && label === 'Source') {
    // packet-eth.c's eth_src_not_group expert item, added before the address's subtree
    const text = 'Source MAC must not be a group address: IEEE 802.3-2002, Section 3.2.3(b)';
    t.line(2, `[Expert Info (Warning/Protocol): ${text}]`);
    t.line(3, `[${text}]`);
    t.line(3, '[Severity level: Warning]');
    t.line(3, '[Group: Protocol]');
  }
  t.line(2, `Address: ${macWithName(mac)}`);
  t.line(2, `${bits(24, 0x020000, lg ? 0x020000 : 0)} = LG bit: ${lg ? 'Locally administered address (this is NOT the factory default)' : 'Globally unique address (factory default)'}`);
  t.line(2, `${bits(24, 0x010000, ig ? 0x010000 : 0)} = IG bit: ${ig ? 'Group address (multicast/broadcast)' : 'Individual address (unicast)'}`);
}

export function linkSection(t: Tree, f: Dissected): void {
  const l = f.view.link;
  if (!l) return;
  if (l.kind === 'ethernet') {
    const h = l.header;
    t.line(0, `Ethernet II, Src: ${macWithName(h.src)}, Dst: ${macWithName(h.dst)}`);
    macLines(t, 'Destination', h.dst);
    macLines(t, 'Source', h.src);
    t.line(1, `Type: ${etherTypeName(h.etherType)}`);
    const pad = f.view.trailer;
    if (pad && pad.length > 0) {
      const allZero = pad.every((b) => b === 0);
      t.line(1, `${allZero ? 'Padding' : 'Trailer'}: ${Array.from(pad, (b) => b.toString(16).padStart(2, '0')).join('')}`);
    }
    return;
  }
  const h = l.header;
  const src = h.addrLength === 6 ? `${macWithName(h.addr)}` : formatMac(h.addr);
  if (l.kind === 'sll') {
    t.line(0, 'Linux cooked capture v1');
    t.line(1, `Packet type: ${PACKET_TYPES[h.packetType] ?? 'Unknown'} (${h.packetType})`);
    t.line(1, `Link-layer address type: ${hatypeName(h.arphrdType)}`);
    t.line(1, `Link-layer address length: ${h.addrLength}`);
    t.line(1, `Source: ${src}`);
    t.line(1, `Unused: ${h.addrTail.toString(16).padStart(4, '0')}`);
    t.line(1, `Protocol: ${etherTypeName(h.protocol)}`);
    return;
  }
  const h2 = l.header;
  t.line(0, 'Linux cooked capture v2');
  t.line(1, `Protocol: ${etherTypeName(h2.protocol)}`);
  t.line(1, `Interface index: ${h2.ifIndex}`);
  t.line(1, `Link-layer address type: ${hatypeName(h2.arphrdType)}`);
  t.line(1, `Packet type: ${PACKET_TYPES[h2.packetType] ?? 'Unknown'} (${h2.packetType})`);
  t.line(1, `Link-layer address length: ${h2.addrLength}`);
  t.line(1, `Source: ${src}`);
  t.line(1, `Unused: ${h2.addrTail.toString(16).padStart(4, '0')}`);
}
