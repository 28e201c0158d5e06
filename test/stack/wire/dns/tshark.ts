/**
 * Test helper: wraps DNS messages in Linux cooked (SLL v1) + IPv4 + UDP, writes a pcap and
 * asks tshark to dissect it. Used by the DNS tests to check our bytes against Wireshark.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { putU16, putU16le, putU32le } from '../../../../src/stack/wire/bytes.ts';
import { internetChecksum, pseudoHeaderSum } from '../../../../src/stack/wire/checksum.ts';
import { ipv4, writeIpv4 } from '../../../../src/stack/wire/addr.ts';

import { TSHARK } from '../../../helpers/tshark.ts';
export { hasTshark } from '../../../helpers/tshark.ts';

export interface UdpFrame {
  readonly src: string;
  readonly dst: string;
  readonly srcPort: number;
  readonly dstPort: number;
  readonly payload: Uint8Array;
}

/** SLL v1 (16) + IPv4 (20) + UDP (8) + payload, as a Linux `any` capture holds it. */
export function sllFrame(f: UdpFrame): Uint8Array {
  const out = new Uint8Array(16 + 20 + 8 + f.payload.length);
  putU16(out, 0, 4); // outgoing
  putU16(out, 2, 1); // ARPHRD_ETHER
  putU16(out, 4, 6);
  out.set([0x02, 0x42, 0xac, 0x14, 0x00, 0x03], 6);
  putU16(out, 14, 0x0800);
  const ip = out.subarray(16);
  ip[0] = 0x45;
  putU16(ip, 2, 28 + f.payload.length);
  putU16(ip, 6, 0x4000);
  ip[8] = 64;
  ip[9] = 17;
  writeIpv4(ip, 12, ipv4(f.src));
  writeIpv4(ip, 16, ipv4(f.dst));
  putU16(ip, 10, internetChecksum(ip, 0, 20));
  const udp = ip.subarray(20);
  putU16(udp, 0, f.srcPort);
  putU16(udp, 2, f.dstPort);
  putU16(udp, 4, 8 + f.payload.length);
  udp.set(f.payload, 8);
  const sum = internetChecksum(udp, 0, udp.length, pseudoHeaderSum(ipv4(f.src), ipv4(f.dst), 17, udp.length));
  putU16(udp, 6, sum === 0 ? 0xffff : sum);
  return out;
}

export function pcap(frames: readonly Uint8Array[]): Uint8Array {
  const parts: Uint8Array[] = [];
  const g = new Uint8Array(24);
  putU32le(g, 0, 0xa1b2c3d4);
  putU16le(g, 4, 2);
  putU16le(g, 6, 4);
  putU32le(g, 16, 262144);
  putU32le(g, 20, 113);
  parts.push(g);
  frames.forEach((fr, i) => {
    const h = new Uint8Array(16);
    putU32le(h, 0, 1000 + i);
    putU32le(h, 8, fr.length);
    putU32le(h, 12, fr.length);
    parts.push(h, fr);
  });
  const all = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    all.set(p, o);
    o += p.length;
  }
  return all;
}

/** Runs tshark over the frames and returns one row of the requested fields per frame. */
export function tsharkFields(frames: readonly Uint8Array[], fields: readonly string[]): string[][] {
  const dir = mkdtempSync(join(tmpdir(), 'labwire-dns-'));
  const file = join(dir, 'dns.pcap');
  writeFileSync(file, pcap(frames));
  const args = ['-r', file, '-T', 'fields', '-E', 'separator=|', '-o', 'udp.check_checksum:TRUE'];
  for (const f of fields) args.push('-e', f);
  const out = execFileSync(TSHARK, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  return out.trimEnd().split('\n').map((line) => line.split('|'));
}
