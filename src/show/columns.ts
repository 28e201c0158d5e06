/**
 * One packet-list line as tshark prints it (tshark.c print_columns): No. right-aligned in 5,
 * Time right-aligned in 10, Source right-aligned in 12, Destination left-aligned in 12,
 * then Protocol, Length and Info as they are. Source and Destination are joined by " → ";
 * every other pair of columns by one space. Wider values push the line out, never cut.
 */

export interface Row {
  readonly no: number;
  readonly time: string;
  readonly src: string;
  readonly dst: string;
  readonly protocol: string;
  readonly length: number;
  readonly info: string;
}

/** The line, without its newline; `time` in place of the row's own (another -t format). */
export function formatRow(r: Row, time = r.time): string {
  const no = r.no < 10000 ? String(r.no).padStart(5, ' ') : String(r.no);
  return `${no} ${time.length < 10 ? time.padStart(10, ' ') : time} ${r.src.length < 12 ? r.src.padStart(12, ' ') : r.src} → ${r.dst.length < 12 ? r.dst.padEnd(12, ' ') : r.dst} ${r.protocol} ${r.length} ${r.info}`;
}
