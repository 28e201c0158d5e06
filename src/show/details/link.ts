/** Ethernet II and Linux cooked capture v1/v2 in the details pane (packet-eth.c, packet-sll.c). */
import { formatMac } from '../../stack/wire/addr.ts';
import { capturedPart } from '../cut.ts';
import type { Dissected } from '../dissect.ts';
import { macName, macWithName } from '../names.ts';
import { ouiLongName } from '../mac-vendors.ts';
import { expertItem } from './expert.ts';
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

/** packet-eth.c dissect_address_data: the address, its hidden name and vendor fields, the LG and IG bits. */
function macLines(t: Tree, role: 'dst' | 'src', mac: number): void {
  t.field(1, `eth.${role}`, formatMac(mac), `${role === 'dst' ? 'Destination' : 'Source'}: ${macWithName(mac)}`);
  const first = Math.floor(mac / 2 ** 40);
  const lg = (first & 2) !== 0;
  const ig = (first & 1) !== 0;
  if (ig && role === 'src') {
    // packet-eth.c's eth_src_not_group expert item, added before the address's subtree
    expertItem(t, 2, 'eth.src_not_group', 'Warning', 'Protocol', 'Source MAC must not be a group address: IEEE 802.3-2002, Section 3.2.3(b)');
  }
  const oui = Math.floor(mac / 2 ** 24);
  const vendor = ouiLongName(mac);
  for (const name of [`eth.${role}`, 'eth.addr']) {
    if (name === 'eth.addr') t.field(2, 'eth.addr', formatMac(mac), `Address: ${macWithName(mac)}`);
    t.hidden(2, `${name}_resolved`, macName(mac));
    t.hidden(2, `${name}.oui`, oui);
    if (vendor !== undefined) t.hidden(2, `${name}.oui_resolved`, vendor);
  }
  t.field(2, `eth.${role}.lg`, lg, `${bits(24, 0x020000, lg ? 0x020000 : 0)} = LG bit: ${lg ? 'Locally administered address (this is NOT the factory default)' : 'Globally unique address (factory default)'}`);
  t.hidden(2, 'eth.lg', lg);
  t.field(2, `eth.${role}.ig`, ig, `${bits(24, 0x010000, ig ? 0x010000 : 0)} = IG bit: ${ig ? 'Group address (multicast/broadcast)' : 'Individual address (unicast)'}`);
  t.hidden(2, 'eth.ig', ig);
}

export function linkSection(t: Tree, f: Dissected): void {
  const l = f.view.link;
  if (!l) return;
  if (l.kind === 'ethernet') {
    const h = l.header;
    t.proto(0, 'eth', `Ethernet II, Src: ${macWithName(h.src)}, Dst: ${macWithName(h.dst)}`);
    macLines(t, 'dst', h.dst);
    macLines(t, 'src', h.src);
    t.field(1, 'eth.type', hex4(h.etherType), `Type: ${etherTypeName(h.etherType)}`);
    const pad = f.view.trailer && capturedPart(f, f.view.trailer);
    if (pad && pad.length > 0) {
      const allZero = pad.every((b) => b === 0);
      t.field(1, allZero ? 'eth.padding' : 'eth.trailer', pad, `${allZero ? 'Padding' : 'Trailer'}: ${Array.from(pad, (b) => b.toString(16).padStart(2, '0')).join('')}`);
    }
    return;
  }
  const h = l.header;
  const src = h.addrLength === 6 ? `${macWithName(h.addr)}` : formatMac(h.addr);
  const packetType = (): void => t.field(1, 'sll.pkttype', h.packetType, `Packet type: ${PACKET_TYPES[h.packetType] ?? 'Unknown'} (${h.packetType})`);
  const protocol = (): void => t.field(1, 'sll.etype', hex4(h.protocol), `Protocol: ${etherTypeName(h.protocol)}`);
  const address = (): void => {
    t.field(1, 'sll.hatype', h.arphrdType, `Link-layer address type: ${hatypeName(h.arphrdType)}`);
    if (l.kind === 'sll2') packetType();
    t.field(1, 'sll.halen', h.addrLength, `Link-layer address length: ${h.addrLength}`);
    t.field(1, h.addrLength === 6 ? 'sll.src.eth' : 'sll.src.other', formatMac(h.addr), `Source: ${src}`);
    t.field(1, 'sll.unused', Uint8Array.of(h.addrTail >>> 8, h.addrTail & 0xff), `Unused: ${h.addrTail.toString(16).padStart(4, '0')}`);
  };
  if (l.kind === 'sll') {
    t.proto(0, 'sll', 'Linux cooked capture v1');
    packetType();
    address();
    protocol();
    return;
  }
  t.proto(0, 'sll', 'Linux cooked capture v2');
  protocol();
  t.field(1, 'sll.ifindex', l.header.ifIndex, `Interface index: ${l.header.ifIndex}`);
  address();
}
