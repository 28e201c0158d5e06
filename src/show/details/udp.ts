/** UDP in the details pane (packet-udp.c), and the Data protocol for payloads no dissector takes. */
import type { Dissected } from '../dissect.ts';
import { formatSeconds } from '../time.ts';
import { hex4, hexDump, hexValue, type Tree } from './text.ts';

export function udpSection(t: Tree, f: Dissected): void {
  const u = f.view.udp!;
  t.line(0, `User Datagram Protocol, Src Port: ${u.srcPort}, Dst Port: ${u.dstPort}`);
  t.line(1, `Source Port: ${u.srcPort}`);
  t.line(1, `Destination Port: ${u.dstPort}`);
  t.line(1, `Length: ${u.length}`);
  const illegal = u.checksum === 0 && f.view.ipv6 !== undefined; // RFC 8200 §8.1: IPv6 has no checksum-less UDP
  if (illegal) {
    t.line(1, 'Checksum: 0x0000 [zero-value illegal]');
    t.line(2, '[Expert Info (Error/Checksum): Illegal checksum value (0)]');
    t.line(3, '[Illegal checksum value (0)]');
    t.line(3, '[Severity level: Error]');
    t.line(3, '[Group: Checksum]');
    t.line(2, '[Checksum Status: Illegal]');
  } else if (u.checksum === 0) {
    t.line(1, 'Checksum: 0x0000 [zero-value ignored]');
    t.line(1, '[Checksum Status: Not present]');
  } else {
    t.line(1, `Checksum: ${hex4(u.checksum)} [unverified]`);
    t.line(1, '[Checksum Status: Unverified]');
  }
  t.line(1, `[Stream index: ${f.udpStream}]`);
  if (illegal && u.payload.length === 0) return; // what tshark 4.0 prints for an empty one
  t.line(1, '[Timestamps]');
  t.line(2, `[Time since first frame: ${formatSeconds(f.udpSinceFirst!, 9)} seconds]`);
  t.line(2, `[Time since previous frame: ${formatSeconds(f.udpSincePrev!, 9)} seconds]`);
  t.line(1, `UDP payload (${u.payload.length} bytes)`);
}

export function dataSection(t: Tree, data: Uint8Array): void {
  t.line(0, `Data (${data.length} bytes)`);
  if (t.inlineHex) t.raw('\n' + hexDump(data));
  t.line(1, `Data: ${hexValue(data)}`);
  t.line(1, `[Length: ${data.length}]`);
}
