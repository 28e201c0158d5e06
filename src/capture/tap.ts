/**
 * Where captures attach: an interface's own tap (the frames as they are, Ethernet) and a
 * host's `any` tap, which sees every interface through Linux's cooked header and marks
 * direction as the packet socket does: PACKET_OUTGOING for what the host sends, and for what
 * it receives PACKET_HOST / BROADCAST / MULTICAST / OTHERHOST by destination MAC. On `any`
 * the cooked header's address is the frame's *source* MAC (for outgoing frames, our own).
 */
import { BROADCAST_MAC, readMac, type MacAddr } from '../stack/wire/addr.ts';
import { emitSll2Into } from '../stack/wire/sll2.ts';
import { emitSllInto, ARPHRD_ETHER, ARPHRD_LOOPBACK, PACKET_BROADCAST, PACKET_HOST, PACKET_MULTICAST, PACKET_OTHERHOST, PACKET_OUTGOING } from '../stack/wire/sll.ts';
import type { Nanos } from '../stack/nanos.ts';

export interface FrameSink {
  write(timeNs: Nanos, frame: Uint8Array): void;
}

export type AnyLink = 'sll' | 'sll2';

export interface IfaceInfo {
  readonly index: number;
  readonly mac: MacAddr;
  readonly loopback: boolean;
}

/** A capture on a machine: one interface's frames as they are, or `any`'s cooked (`link`) */
export interface Tap {
  readonly iface: number | 'any';
  readonly link: AnyLink | 'raw';
  readonly sink: FrameSink;
}

/** `frame`, sent (`outgoing`) or received at `at` on interface `ifIndex` (`iface` of the machine's), to each tap that sees it */
export function writeTaps(taps: readonly Tap[], ifIndex: number, iface: { readonly mac: MacAddr; readonly kind: string }, frame: Uint8Array, at: Nanos, outgoing: boolean): void {
  for (const t of taps) {
    if (t.iface === ifIndex) t.sink.write(at, frame);
    else if (t.iface === 'any') t.sink.write(at, cook(frame, { index: ifIndex, mac: iface.mac, loopback: iface.kind === 'loopback' }, outgoing, t.link as AnyLink));
  }
}

const SLL_LEN = 16;
const SLL2_LEN = 20;
const ETH_HLEN = 14;

/** PACKET_* for a received frame, by destination MAC (net/ethernet/eth.c eth_type_trans). */
export function packetType(frame: Uint8Array, iface: IfaceInfo, outgoing: boolean): number {
  if (outgoing) return PACKET_OUTGOING;
  if (iface.loopback) return PACKET_HOST;
  const dst = readMac(frame, 0);
  if (dst === BROADCAST_MAC) return PACKET_BROADCAST;
  if (frame[0]! & 1) return PACKET_MULTICAST;
  return dst === iface.mac ? PACKET_HOST : PACKET_OTHERHOST;
}

/** Re-frame an Ethernet frame under a cooked header (v1 or v2) as the `any` device shows it. */
export function cook(frame: Uint8Array, iface: IfaceInfo, outgoing: boolean, link: AnyLink): Uint8Array {
  const hdr = link === 'sll' ? SLL_LEN : SLL2_LEN;
  const out = new Uint8Array(hdr + frame.length - ETH_HLEN);
  const protocol = (frame[12]! << 8) | frame[13]!;
  const pkt = {
    packetType: packetType(frame, iface, outgoing),
    arphrdType: iface.loopback ? ARPHRD_LOOPBACK : ARPHRD_ETHER,
    addrLength: 6,
    addr: readMac(frame, 6),
    protocol,
  };
  if (link === 'sll') emitSllInto(pkt, out, 0);
  else emitSll2Into({ ...pkt, ifIndex: iface.index + 1 }, out, 0);
  out.set(frame.subarray(ETH_HLEN), hdr);
  return out;
}
