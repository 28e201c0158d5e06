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

export function formatRow(r: Row): string {
  const no = String(r.no).padStart(5, ' ');
  const time = r.time.padStart(10, ' ');
  const src = r.src.padStart(12, ' ');
  const dst = r.dst.padEnd(12, ' ');
  return `${no} ${time} ${src} → ${dst} ${r.protocol} ${r.length} ${r.info}`;
}
