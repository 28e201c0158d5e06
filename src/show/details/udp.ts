/** UDP in the details pane (packet-udp.c), and the Data protocol for payloads no dissector takes. */
import type { UdpDatagram } from '../../stack/wire/udp.ts';
import type { Dissected } from '../dissect.ts';
import { capturedPart } from '../cut.ts';
import { formatSeconds } from '../time.ts';
import { expertItem } from './expert.ts';
import { byteCount, hex4, hexDump, hexValue, type Tree } from './text.ts';

export function udpSection(t: Tree, f: Dissected): void {
  const u = f.view.udp!;
  udpLines(t, 0, u, f.udpStream, capturedPart(f, u.payload), f.view.ipv6 !== undefined, () => {
    t.line(1, '[Timestamps]');
    t.field(2, 'udp.time_relative', formatSeconds(f.udpSinceFirst!, 9), `[Time since first frame: ${formatSeconds(f.udpSinceFirst!, 9)} seconds]`);
    t.field(2, 'udp.time_delta', formatSeconds(f.udpSincePrev!, 9), `[Time since previous frame: ${formatSeconds(f.udpSincePrev!, 9)} seconds]`);
  });
}

/**
 * A UDP header at `base` (a datagram quoted by an ICMP error sits one level down), then its
 * payload. `ipv6`: the datagram travels in IPv6, where a zero checksum is illegal (RFC 8200 §8.1).
 */
export function udpLines(t: Tree, base: number, u: UdpDatagram, stream: number, payload: Uint8Array, ipv6 = false, timestamps?: () => void): void {
  t.proto(base, 'udp', `User Datagram Protocol, Src Port: ${u.srcPort}, Dst Port: ${u.dstPort}`);
  t.field(base + 1, 'udp.srcport', u.srcPort, `Source Port: ${u.srcPort}`);
  t.field(base + 1, 'udp.dstport', u.dstPort, `Destination Port: ${u.dstPort}`);
  t.hidden(base + 1, 'udp.port', u.srcPort);
  t.hidden(base + 1, 'udp.port', u.dstPort);
  t.field(base + 1, 'udp.length', u.length, `Length: ${u.length}`);
  if (u.checksum === 0 && ipv6) {
    t.field(base + 1, 'udp.checksum', hex4(0), 'Checksum: 0x0000 [zero-value illegal]');
    expertItem(t, base + 2, 'udp.checksum.zero', 'Error', 'Checksum', 'Illegal checksum value (0)');
    t.field(base + 2, 'udp.checksum.status', 4, '[Checksum Status: Illegal]');
  } else if (u.checksum === 0) {
    t.field(base + 1, 'udp.checksum', hex4(0), 'Checksum: 0x0000 [zero-value ignored]');
    t.field(base + 1, 'udp.checksum.status', 3, '[Checksum Status: Not present]');
  } else {
    t.field(base + 1, 'udp.checksum', hex4(u.checksum), `Checksum: ${hex4(u.checksum)} [unverified]`);
    t.field(base + 1, 'udp.checksum.status', 2, '[Checksum Status: Unverified]');
  }
  t.field(base + 1, 'udp.stream', stream, `[Stream index: ${stream}]`);
  // an empty datagram ends here: tshark adds the timestamps and payload only when there are bytes after the header
  if (u.payload.length === 0) return;
  timestamps?.();
  t.field(base + 1, 'udp.payload', payload, `UDP payload (${byteCount(u.payload.length)})`);
}

/** The Data protocol at `depth`: the bytes (with their hex dump in -V) and their length. */
export function dataSection(t: Tree, data: Uint8Array, depth = 0): void {
  t.proto(depth, 'data', `Data (${byteCount(data.length)})`);
  if (t.inlineHex) t.raw('\n' + hexDump(data));
  t.field(depth + 1, 'data.data', data, `Data: ${hexValue(data)}`);
  t.field(depth + 1, 'data.len', data.length, `[Length: ${data.length}]`);
}
