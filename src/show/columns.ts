/**
 * One packet-list line as tshark prints it (tshark.c print_columns): No. right-aligned in 5,
 * Time right-aligned in 10, Source right-aligned in 12, Destination left-aligned in 12,
 * then Protocol, Length and Info as they are. Source and Destination are joined by " → ";
 * every other pair of columns by one space. Wider values push the line out, never cut.
 */

import { decimalDigits, written, type TextWriter } from './output/text-writer.ts';

export interface Row {
  readonly no: number;
  readonly time: string;
  readonly src: string;
  readonly dst: string;
  readonly protocol: string;
  readonly length: number;
  readonly info: string;
  /** the time's text length and the time and info written without making their strings (dissect.ts's rows have them) */
  timeWidth?(): number;
  writeTime?(w: TextWriter): void;
  writeInfo?(w: TextWriter): void;
}

/** The line, without its newline; `time` in place of the row's own (another -t format). */
export function formatRow(r: Row, time?: string): string {
  return written((w) => writeRow(w, r, time));
}

/** formatRow into a writer. */
export function writeRow(w: TextWriter, r: Row, time?: string): void {
  const SP = 0x20;
  w.spaces(5 - decimalDigits(r.no));
  w.uint(r.no);
  w.byte(SP);
  if (time === undefined && r.timeWidth && r.writeTime) {
    w.spaces(10 - r.timeWidth());
    r.writeTime(w);
  } else {
    const t = time ?? r.time;
    w.spaces(10 - t.length);
    w.text(t);
  }
  w.byte(SP);
  w.spaces(12 - r.src.length);
  w.text(r.src);
  w.arrow();
  w.text(r.dst);
  w.spaces(12 - r.dst.length);
  w.byte(SP);
  w.text(r.protocol);
  w.byte(SP);
  w.uint(r.length);
  w.byte(SP);
  if (r.writeInfo) r.writeInfo(w);
  else w.text(r.info);
}
