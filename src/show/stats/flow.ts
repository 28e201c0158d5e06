/**
 * tshark -z flow,tcp,network|standard: TCP segments as a sequence diagram in text
 * (epan/sequence_analysis.c sequence_analysis_dump_to_file, fed by packet-tcp.c's
 * tcp_seq_analysis_packet). Each endpoint address is a column NODE_WIDTH characters wide; a
 * segment prints its flags (and `- Len: N`) between its two columns with `Seq = … Ack = …`
 * after, then an arrow with the ports at its ends. With several TCP streams each line starts
 * with the stream number and a dashed line separates changes of stream.
 */
import type { Dissected } from '../dissect.ts';
import { tcpFlagNames } from '../info-tcp.ts';
import { timeColumn, type TimeFormat } from '../output/time-column.ts';
import type { Tap } from '../loop.ts';

const NODE_WIDTH = 20;

interface Item {
  readonly time: string;
  /** the IPv4 or IPv6 address as the packet list prints it */
  readonly src: string;
  readonly dst: string;
  readonly srcPort: number;
  readonly dstPort: number;
  readonly label: string;
  readonly comment: string;
  readonly conv: number;
}

export class FlowTap implements Tap {
  private readonly items: Item[] = [];
  private prev: Dissected | undefined;

  constructor(private readonly time: TimeFormat = 'r') {}

  add(f: Dissected): void {
    const seg = f.view.tcp;
    const ip = f.view.ipv4 ?? f.view.ipv6;
    const a = f.tcp;
    const prev = this.prev;
    this.prev = f;
    if (!seg || !ip || !a) return;
    const flags = tcpFlagNames(seg.flags, seg.reserved);
    const label = a.seglen !== 0 ? `${flags} - Len: ${a.seglen}` : flags;
    const comment = seg.flags & 0x10 ? `Seq = ${a.relSeq} Ack = ${a.relAck}` : `Seq = ${a.relSeq}`;
    this.items.push({ time: timeColumn(f, this.time, prev), src: f.row.src, dst: f.row.dst, srcPort: seg.srcPort, dstPort: seg.dstPort, label, comment, conv: a.stream & 0xffff });
  }

  render(): string {
    if (this.items.length === 0) return '';
    const nodes: string[] = [];
    const node = (addr: string): number => {
      let i = nodes.indexOf(addr);
      if (i < 0) i = nodes.push(addr) - 1;
      return i;
    };
    const placed = this.items.map((it) => ({ it, s: node(it.src), d: node(it.dst) }));
    const severalConvs = this.items.some((it) => it.conv !== this.items[0]!.conv);
    const emptyHeader = severalConvs ? '     |         ' : '|         ';
    let out = severalConvs ? 'Conv.| Time    ' : '|Time     ';
    let emptyLine = '';
    for (let i = 0; i < nodes.length; i += 2) {
      out += `| ${nodes[i]!}`.padEnd(NODE_WIDTH * 2);
      emptyLine += '| '.padEnd(NODE_WIDTH);
    }
    out += `|\n${emptyHeader}${'| '.padEnd(NODE_WIDTH)}`;
    for (let i = 1; i < nodes.length; i += 2) {
      let label = `| ${nodes[i]!}`;
      if (label.length < NODE_WIDTH) label = label.padEnd(NODE_WIDTH) + '| ';
      out += label.padEnd(NODE_WIDTH * 2);
      emptyLine += '| '.padEnd(NODE_WIDTH);
    }
    out += '\n';
    emptyLine += '|';
    const separator = '-'.repeat(emptyLine.length + (severalConvs ? 16 : 10));
    let conv = this.items[0]!.conv;
    for (const { it, s, d } of placed) {
      const start = s * NODE_WIDTH + NODE_WIDTH / 2;
      let end = d * NODE_WIDTH + NODE_WIDTH / 2;
      let width = Math.abs(end - start);
      if (start === end) {
        end = start + NODE_WIDTH;
        width = NODE_WIDTH;
      }
      if (it.conv !== conv) {
        out += separator + '\n';
        conv = it.conv;
      }
      if (severalConvs) out += String(it.conv).padEnd(5);
      out += `|${it.time}`.padEnd(10);
      out += overwrite(emptyLine, it.label, start, end) + it.comment + '\n';
      const arrow = start < end ? '-'.repeat(width - 2) + '>' : '<'.padEnd(width - 1, '-');
      let line = overwrite(emptyLine, arrow, start, end);
      const sp = `(${it.srcPort})`;
      const dp = `(${it.dstPort})`;
      if (start < end) line = overwrite(overwrite(line, sp, start - 9, start - 1), dp, end + 1, end + 9);
      else line = overwrite(overwrite(line, sp, start + 1, start + 9), dp, end - 9, end + 1);
      out += emptyHeader + line + '\n';
    }
    return out;
  }
}

/** Replace the characters between p1 and p2 with `text`, cut to fit (sequence_analysis.c overwrite). */
function overwrite(s: string, text: string, p1: number, p2: number): string {
  if (p1 === p2) return s;
  const pos = Math.min(Math.min(p1, p2), s.length);
  const len = Math.min(Math.abs(p2 - p1), [...text].length);
  const ins = [...text].slice(0, len).join('');
  return s.slice(0, pos) + ins + s.slice(pos + len);
}
