/**
 * tshark -z io,stat,INTERVAL with its one default column, "Frames and bytes"
 * (ui/cli/tap-iostat.c as tshark 4.0 prints it): the capture cut into intervals from the
 * first frame, each row the frames and bytes in [start, start + interval). An interval longer
 * than the capture (or 0) gives one row for the whole capture. Times are in microseconds,
 * rounded and printed with as many decimals as INTERVAL was written with (for a whole-capture
 * row: 3 below 10 s, 1 above), as tap-iostat does; with no decimals the last row ends in
 * `Dur` and the Duration line keeps tshark's space-padded microseconds.
 */
import type { Dissected } from '../dissect.ts';
import type { Tap } from '../loop.ts';

/** INTERVAL in microseconds (tshark reads at most 6 decimals), or undefined if it is not a number. */
export function parseInterval(text: string): number | undefined {
  if (!/^\d+(\.\d*)?$|^\.\d+$/.test(text)) return undefined;
  const [whole, frac = ''] = text.split('.');
  return Number(whole || '0') * 1e6 + Number((frac + '000000').slice(0, 6));
}

interface Row {
  frames: number;
  bytes: number;
}

export class IoStatTap implements Tap {
  /** frames and bytes per interval (by index), and in all; memory per interval, not per frame */
  private readonly buckets = new Map<number, Row>();
  private readonly total: Row = { frames: 0, bytes: 0 };
  private lastUs = 0;

  constructor(private readonly intervalUs: number, private readonly text: string) {}

  add(f: Dissected): void {
    const us = Math.round((f.relative.sec * 1e9 + f.relative.nsec) / 1000);
    const index = this.intervalUs > 0 ? Math.floor(us / this.intervalUs) : 0;
    let b = this.buckets.get(index);
    if (!b) this.buckets.set(index, (b = { frames: 0, bytes: 0 }));
    b.frames++;
    b.bytes += f.record.origLength;
    this.total.frames++;
    this.total.bytes += f.record.origLength;
    this.lastUs = Math.max(this.lastUs, us);
  }

  render(): string {
    const rawDur = this.lastUs;
    const whole = this.intervalUs === 0 || this.intervalUs > rawDur;
    const durSecs0 = Math.floor(rawDur / 1e6);
    const prec = whole ? (digits(durSecs0) >= 2 ? 1 : 3) : decimals(this.text);
    const dv = 10 ** (6 - prec);
    const duration = rawDur + (prec > 0 ? dv / 2 : 500000);
    const interval = whole ? duration : this.intervalUs;
    const w = digits(Math.floor(duration / 1e6));
    // a last, partial interval gets a row when it reaches half a unit of the printed precision
    const rowsN = Math.max(1, Math.floor(duration / interval) + (duration % interval >= dv / 2 ? 1 : 0));
    const rows: Row[] = Array.from({ length: rowsN }, () => ({ frames: 0, bytes: 0 }));
    if (whole) rows[0] = this.total;
    else {
      for (const [index, b] of this.buckets) {
        const r = rows[Math.min(rowsN - 1, index)]!;
        r.frames += b.frames;
        r.bytes += b.bytes;
      }
    }
    const fw = Math.max(6, digits(Math.max(...rows.map((r) => r.frames))));
    const bw = Math.max(5, digits(Math.max(...rows.map((r) => r.bytes))));
    const time = (us: number, width: number): string => (prec === 0
      ? String(Math.floor(us / 1e6)).padStart(width)
      : `${String(Math.floor(us / 1e6)).padStart(width)}.${String(Math.floor((us % 1e6) / dv)).padStart(prec, '0')}`);
    const cells: string[] = [];
    for (let i = 0; i < rowsN; i++) {
      const start = i * interval;
      const last = i === rowsN - 1;
      // whole seconds: one-digit durations print in a column two wide, the end left-aligned
      // (as tshark 4.0 does); longer ones right-aligned; the last row ends in `Dur`
      const narrow = w === 1;
      const end = narrow ? time(start + interval, 0).padEnd(2) : time(start + interval, w);
      const span = prec === 0
        ? `| ${time(start, narrow ? 2 : w)} <> ${last ? (narrow ? 'Dur|' : 'Dur |') : `${end} |`}`
        : `| ${time(start, w)} <> ${time(last ? duration : start + interval, w)} |`;
      cells.push(`${span} ${String(rows[i]!.frames).padStart(fw)} | ${String(rows[i]!.bytes).padStart(bw)} |`);
    }
    const inner = prec === 0 ? Math.max(10, 2 * w + 6) : 2 * (w + 1 + prec) + 6;
    const block = fw + bw + 6;
    const border = inner + 2 + block;
    const line = (text: string): string => `${text.padEnd(border - 1)}|\n`;
    const durText = prec === 0 ? `${Math.floor(duration / 1e6)}.${String(rawDur % 1e6).padStart(6)}` : time(duration, 0);
    let s = `\n${'='.repeat(border)}\n`;
    s += line('| IO Statistics') + line('|') + line(`| Duration: ${durText} secs`);
    s += line(`| Interval: ${whole ? time(duration, 0) : time(interval, w)} secs`) + line('|');
    s += line('| Col 1: Frames and bytes') + `|${'-'.repeat(border - 2)}|\n`;
    s += `|${' '.repeat(inner)}|${'1'.padEnd(block - 1)}|\n`;
    s += `${'| Interval'.padEnd(inner + 1)}|${center('Frames', fw)}${center('Bytes', bw)}\n`;
    s += `|${'-'.repeat(border - 2)}|\n`;
    for (const c of cells) s += c + '\n';
    return s + '='.repeat(border) + '\n';
  }
}

/** tap-iostat's printcenter: the label in a cell `width` + 2 wide, the odd space on the left. */
function center(label: string, width: number): string {
  const pad = Math.floor((width - label.length) / 2) + 1;
  const left = (width - label.length) % 2 === 0 ? pad : pad + 1;
  return `${' '.repeat(left)}${label}${' '.repeat(pad)}|`;
}

function digits(n: number): number {
  return String(Math.max(0, Math.floor(n))).length;
}

function decimals(text: string): number {
  const dot = text.indexOf('.');
  return dot < 0 ? 0 : Math.min(6, text.length - dot - 1);
}
