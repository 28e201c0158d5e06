/**
 * tshark -z conv,eth|ip|ipv6|tcp|udp (ui/cli/tap-iousers.c): one row per conversation, busiest
 * first (ties in order of appearance). A conversation's A side is the source of its first
 * frame; `<-` counts frames towards A, `->` frames from A. TCP conversations are TCP streams;
 * UDP ones address and port pairs; Ethernet addresses print with their vendor names.
 */
import { formatIpv4Addr } from '../../stack/wire/addr.ts';
import { formatIpv6Addr } from '../../stack/wire/ipv6-addr.ts';
import type { Dissected } from '../dissect.ts';
import { macName } from '../names.ts';
import type { Tap } from '../loop.ts';
import type { Stamp } from '../time.ts';

export const CONV_TYPES = ['eth', 'ip', 'ipv6', 'tcp', 'udp'] as const;
export type ConvType = (typeof CONV_TYPES)[number];

interface Conv {
  readonly a: string;
  readonly b: string;
  framesFromA: number;
  bytesFromA: number;
  framesToA: number;
  bytesToA: number;
  readonly start: Stamp;
  stop: Stamp;
}

/** Buffer.byteLength without Buffer (the report's viewer runs in a browser) */
const utf8 = new TextEncoder();
const TITLE: Record<ConvType, string> = { eth: 'Ethernet', ip: 'IPv4', ipv6: 'IPv6', tcp: 'TCP', udp: 'UDP' };

/** The conversation key and the frame's source and destination names, or undefined if the frame has no such layer. */
function endpoints(f: Dissected, type: ConvType): { key: string; src: string; dst: string } | undefined {
  const v = f.view;
  const ip = v.ipv4;
  const host = f.row.src !== '' && (ip || v.ipv6) ? { src: f.row.src, dst: f.row.dst } : undefined; // IPv4 or IPv6 text
  switch (type) {
    case 'eth': {
      if (v.link?.kind !== 'ethernet') return undefined;
      const { src, dst } = v.link.header;
      return { key: src < dst ? `${src}-${dst}` : `${dst}-${src}`, src: macName(src), dst: macName(dst) };
    }
    case 'ip':
      if (!ip) return undefined;
      return { key: ip.src < ip.dst ? `${ip.src}-${ip.dst}` : `${ip.dst}-${ip.src}`, src: formatIpv4Addr(ip.src), dst: formatIpv4Addr(ip.dst) };
    case 'ipv6': {
      if (!v.ipv6) return undefined;
      const [src, dst] = [formatIpv6Addr(v.ipv6.src), formatIpv6Addr(v.ipv6.dst)];
      return { key: src < dst ? `${src}-${dst}` : `${dst}-${src}`, src, dst };
    }
    case 'tcp':
      if (!host || !v.tcp || !f.tcp) return undefined;
      return { key: `s${f.tcp.stream}`, src: `${host.src}:${v.tcp.srcPort}`, dst: `${host.dst}:${v.tcp.dstPort}` };
    case 'udp':
      if (!host || !v.udp) return undefined;
      return { key: `s${f.udpStream}`, src: `${host.src}:${v.udp.srcPort}`, dst: `${host.dst}:${v.udp.dstPort}` };
  }
}

export class ConvTap implements Tap {
  private readonly convs = new Map<string, Conv>();

  constructor(private readonly type: ConvType) {}

  add(f: Dissected): void {
    const e = endpoints(f, this.type);
    if (!e) return;
    let c = this.convs.get(e.key);
    if (!c) {
      c = { a: e.src, b: e.dst, framesFromA: 0, bytesFromA: 0, framesToA: 0, bytesToA: 0, start: f.relative, stop: f.relative };
      this.convs.set(e.key, c);
    }
    const len = f.record.origLength;
    if (e.src === c.a) {
      c.framesFromA++;
      c.bytesFromA += len;
    } else {
      c.framesToA++;
      c.bytesToA += len;
    }
    c.stop = f.relative;
  }

  render(): string {
    const ports = this.type === 'tcp' || this.type === 'udp';
    const pad = ports ? '            ' : '';
    const rule = '='.repeat(80) + '\n';
    let s = rule + `${TITLE[this.type]} Conversations\nFilter:<No Filter>\n`;
    s += `${pad}                                               |       <-      | |       ->      | |     Total     |    Relative    |   Duration   |\n`;
    s += `${pad}                                               | Frames  Bytes | | Frames  Bytes | | Frames  Bytes |      Start     |              |\n`;
    const rows = [...this.convs.values()];
    // stable sort: busiest first, ties in order of appearance
    rows.sort((x, y) => (y.framesFromA + y.framesToA) - (x.framesFromA + x.framesToA));
    const w = ports ? 26 : 20;
    for (const c of rows) {
      const cell = (frames: number, bytes: number): string => `${String(frames).padStart(6)} ${formatSize(bytes).padEnd(9)}`;
      s += `${padBytes(c.a, w)} <-> ${padBytes(c.b, w)}  ${cell(c.framesToA, c.bytesToA)}  ${cell(c.framesFromA, c.bytesFromA)}  ${cell(c.framesToA + c.framesFromA, c.bytesToA + c.bytesFromA)}  `;
      s += `${seconds(c.start, 9).padStart(14)}   ${seconds(diffSecs(c.stop, c.start), 4).padStart(12)}\n`;
    }
    return s + rule;
  }
}

/** printf's %-Ns: padded to N bytes of UTF-8, not N characters (vendor names may have ü). */
function padBytes(text: string, width: number): string {
  return text + ' '.repeat(Math.max(0, width - utf8.encode(text).length));
}

/** Wireshark's format_size(…, FORMAT_SIZE_UNIT_BYTES, 0): SI prefixes once the number reaches 10 of them, truncated. */
export function formatSize(bytes: number): string {
  const prefixes = ['P', 'T', 'G', 'M', 'k'];
  for (let i = 0; i < prefixes.length; i++) {
    const unit = 1000 ** (prefixes.length - i);
    if (Math.floor(bytes / unit) >= 10) return `${Math.floor(bytes / unit)} ${prefixes[i]}B`;
  }
  return `${bytes} bytes`;
}

function diffSecs(a: Stamp, b: Stamp): Stamp {
  return { sec: a.sec - b.sec, nsec: a.nsec - b.nsec };
}

/** printf("%.Nf") of a stamp, rounded to nearest as C does. */
function seconds(t: Stamp, digits: number): string {
  return (t.sec + t.nsec / 1e9).toFixed(digits);
}
