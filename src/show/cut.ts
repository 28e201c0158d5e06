/**
 * Records cut short by the snapshot length (captured length < original length), as tshark
 * shows them: headers that were captured are dissected in full, the layer whose header was
 * cut is named ("[Packet size limited during capture: TCP truncated]"), and only captured
 * bytes are ever shown — never the zeros the dissection fills in behind them.
 */
import type { CaptureRecord } from '../capture/index.ts';
import { ARP_LENGTH } from '../stack/wire/arp.ts';
import { ETHERTYPE_IPV4, ETHERTYPE_IPV6 } from '../stack/wire/ethernet.ts';
import { dissectFrame, type FrameView } from '../stack/wire/frame.ts';
import type { Dissected } from './dissect.ts';

/** A record as dissected: its layers, the bytes they alias, and the layer the capture cut. */
export interface RecordView {
  readonly view: FrameView;
  /** the bytes `view` aliases: the record's own, or a zero-filled copy (see dissectRecord) */
  readonly bytes: Uint8Array;
  /** the wire layer (a CUT_LAYERS key) whose header the snapshot length cut, if one was */
  readonly cutLayer: string | undefined;
}

/**
 * A record cut short by the snapshot length (tcpdump -s) still has whole headers: tshark takes
 * lengths from them (TCP Len= from the IP total length). The wire codecs want the bytes the
 * headers promise, so such a record is dissected as if zero-filled to its original length
 * (at most MAX_PADDED); the invented bytes are never shown (see `capturedPart`). Layers whose
 * header the capture does not hold are dropped, and `cutLayer` names the first of them, as
 * tshark's "[Packet size limited during capture: TCP truncated]" does.
 */
export function dissectRecord(rec: CaptureRecord): RecordView {
  const view = dissectFrame(rec.data, rec.linkType);
  const cut = rec.origLength > rec.data.length;
  if (!view.error || !cut) return { view, bytes: rec.data, cutLayer: undefined };
  const padTo = paddedLength(view, rec);
  if (padTo <= MAX_PADDED) {
    const padded = new Uint8Array(padTo);
    padded.set(rec.data);
    const full = dissectFrame(padded, rec.linkType);
    if (!full.error) return keepCapturedLayers(full, padded, rec.data.length);
    // a header field past the captured bytes read as zero (a TCP data offset of 0): that layer was cut
    if (full.error.offset >= rec.data.length && CUT_LAYERS[full.error.layer]) return { view: { ...full, error: undefined }, bytes: padded, cutLayer: full.error.layer };
  }
  const layer = view.error.reason.startsWith('truncated') && CUT_LAYERS[view.error.layer] ? view.error.layer : undefined;
  return { view: layer ? { ...view, error: undefined } : view, bytes: rec.data, cutLayer: layer };
}

const MAX_PADDED = 1 << 18;

/** Bytes the headers can ask for: an IPv4 packet's total length (IPv6: 40 + payload length) when its field was captured, else the original length. */
function paddedLength(view: FrameView, rec: CaptureRecord): number {
  const at = view.networkOffset;
  const type = view.link === undefined ? -1 : view.link.kind === 'ethernet' ? view.link.header.etherType : view.link.header.protocol;
  const field = type === ETHERTYPE_IPV4 ? 2 : type === ETHERTYPE_IPV6 ? 4 : -1;
  if (field < 0 || at < 0 || at + field + 2 > rec.data.length) return rec.origLength;
  const length = ((rec.data[at + field]! << 8) | rec.data[at + field + 1]!) + (type === ETHERTYPE_IPV6 ? 40 : 0);
  return Math.min(rec.origLength, Math.max(rec.data.length, at + length));
}

export const PACKET_SIZE_LIMITED = '[Packet size limited during capture]';

/** tshark's Info for a cut header: the fields it could read, then the note; here the ports of a cut TCP/UDP header. */
export function cutInfo(layer: string, bytes: Uint8Array, at: number, captured: number): string {
  if ((layer !== 'tcp' && layer !== 'udp') || at < 0 || at + 4 > captured) return PACKET_SIZE_LIMITED;
  const port = (o: number): number => (bytes[o]! << 8) | bytes[o + 1]!;
  return `${port(at)} → ${port(at + 2)}${PACKET_SIZE_LIMITED}`;
}

/**
 * The part of `part` (a view into `f.bytes`) that the capture holds: a record cut short is
 * dissected zero-filled, and tshark shows only the captured bytes of its data and trailer.
 */
export function capturedPart(f: Dissected, part: Uint8Array): Uint8Array {
  if (f.bytes === f.record.data || part.buffer !== f.bytes.buffer || f.fragmentIpv4) return part;
  const start = part.byteOffset - f.bytes.byteOffset;
  return part.subarray(0, Math.max(0, f.record.data.length - start));
}

/** Per wire layer: tshark's name in "[Packet size limited during capture: … truncated]", its Protocol column and its frame.protocols name. */
export const CUT_LAYERS: Readonly<Record<string, readonly [name: string, column: string, short: string]>> = {
  eth: ['Ethernet', 'Ethernet', 'eth'], sll: ['Linux cooked capture v1', 'SLL', 'sll'], sll2: ['Linux cooked capture v2', 'SLL2', 'sll'],
  arp: ['ARP/RARP', 'ARP', 'arp'], ipv4: ['IPv4', 'IPv4', 'ip'], tcp: ['TCP', 'TCP', 'tcp'], udp: ['UDP', 'UDP', 'udp'], icmp: ['ICMP', 'ICMP', 'icmp'],
  ipv6: ['IPv6', 'IPv6', 'ipv6'], icmpv6: ['ICMPv6', 'ICMPv6', 'icmpv6'],
};

/** Drop the layers of a zero-filled view whose headers end past the `captured` bytes. */
function keepCapturedLayers(full: FrameView, bytes: Uint8Array, captured: number): RecordView {
  const netEnd = full.arp ? full.networkOffset + ARP_LENGTH : full.ipv4 ? full.networkOffset + full.ipv4.ihl * 4
    : full.ipv6 ? full.networkOffset + full.ipv6.headerLength : -1;
  if (netEnd > captured) {
    const { arp: _a, ipv4: _i, ipv6: _6, tcp: _t, udp: _u, icmp: _c, icmpv6: _c6, payload: _p, trailer: _r, ...link } = full;
    return { view: { ...link, transportOffset: -1, payloadOffset: -1 }, bytes, cutLayer: full.arp ? 'arp' : full.ipv4 ? 'ipv4' : 'ipv6' };
  }
  const transportEnd = full.payloadOffset >= 0 && (full.tcp || full.udp) ? full.payloadOffset : full.icmp || full.icmpv6 ? full.transportOffset + 8 : -1;
  if (transportEnd > captured) {
    const { tcp: _t, udp: _u, icmp: _c, icmpv6: _c6, payload: _p, ...rest } = full;
    return { view: { ...rest, payloadOffset: -1 }, bytes, cutLayer: full.tcp ? 'tcp' : full.udp ? 'udp' : full.icmp ? 'icmp' : 'icmpv6' };
  }
  return { view: full, bytes, cutLayer: undefined };
}
