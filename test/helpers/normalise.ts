/**
 * Frames reduced to what two runs of one task must share whatever their ports, ISNs,
 * timestamps and times: direction, ARP opcode, TCP flags, payload length, options with their
 * values (TSval/TSecr reduced to "present"), window, frame length.
 */
import { readCaptureFile } from '../../src/capture/reader.ts';
import { dissectFrame } from '../../src/stack/wire/frame.ts';
import { formatIpv4Addr, formatMac } from '../../src/stack/wire/addr.ts';
import type { TcpOption } from '../../src/stack/wire/tcp-options.ts';
import type { CaptureEntry } from '../../src/capture/record.ts';

const FLAG_NAMES = ['FIN', 'SYN', 'RST', 'PSH', 'ACK', 'URG', 'ECE', 'CWR'];

export function flagText(flags: number): string {
  return FLAG_NAMES.filter((_, i) => flags & (1 << i)).join(',');
}

function optionText(o: TcpOption): string {
  switch (o.kind) {
    case 'mss': return `MSS=${o.mss}`;
    case 'wscale': return `WS=${o.shift}`;
    case 'timestamps': return 'TS';
    case 'sack': return `SACK${o.blocks.length}`;
    default: return o.kind;
  }
}

export interface NormalFrame {
  readonly text: string;
}

/** One line per frame: "len=76 dir=in SYN win=64240 len0 [mss=1460,sackPermitted,TS,nop,WS=7]". */
export function normaliseCapture(path: string): string[] {
  return normaliseEntries(readCaptureFile(path));
}

/**
 * The same for capture entries already read. A frame cut by the capture's snap length is
 * padded back to its length with zeros: past the headers only lengths are compared.
 */
export function normaliseEntries(entries: Iterable<CaptureEntry>): string[] {
  const out: string[] = [];
  for (const e of entries) {
    if (e.kind === 'error') throw new Error(`${e.file}@${e.offset}: ${e.reason}`);
    if (e.kind !== 'record') continue;
    const data = e.data.length < e.origLength ? padded(e.data, e.origLength) : e.data;
    const f = dissectFrame(data, e.linkType);
    const parts = [`len=${e.origLength}`];
    if (f.link?.kind === 'sll') parts.push(`pkt=${f.link.header.packetType}`);
    if (f.link?.kind === 'ethernet') parts.push(`src=${formatMac(f.link.header.src)}`);
    if (f.arp) parts.push(`arp op=${f.arp.op} ${formatIpv4Addr(f.arp.senderIp)}>${formatIpv4Addr(f.arp.targetIp)}`);
    if (f.ipv4) parts.push(`${formatIpv4Addr(f.ipv4.src)}>${formatIpv4Addr(f.ipv4.dst)} ttl=${f.ipv4.ttl} df=${f.ipv4.flags.df}`);
    if (f.tcp) {
      const t = f.tcp;
      parts.push(`${flagText(t.flags)} win=${t.window} data=${t.payload.length} [${t.options.map(optionText).join(',')}]`);
    }
    if (f.udp) parts.push(`udp data=${f.udp.payload.length}`);
    if (f.icmp) parts.push(`icmp ${f.icmp.kind}`);
    out.push(parts.join(' '));
  }
  return out;
}

function padded(data: Uint8Array, length: number): Uint8Array {
  const whole = new Uint8Array(length);
  whole.set(data);
  return whole;
}
