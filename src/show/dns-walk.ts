/**
 * Where each resource record's RDATA sits in a DNS message, for what the codec keeps as
 * Unknown but Wireshark decodes (MX), and for RDLENGTH as sent. Walks names by their length
 * bytes and pointers only; the message has already parsed, so the walk stays in bounds.
 */
import { u16 } from '../stack/wire/bytes.ts';
import { parseName, type DnsMessage } from '../stack/wire/dns/index.ts';

export interface RdataSpan {
  readonly offset: number;
  readonly length: number;
}

export function rdataSpans(bytes: Uint8Array, m: DnsMessage): RdataSpan[] {
  const out: RdataSpan[] = [];
  let pos = 12;
  const skipName = (): void => {
    while (pos < bytes.length) {
      const len = bytes[pos]!;
      if (len === 0) return void pos++;
      if ((len & 0xc0) === 0xc0) return void (pos += 2);
      pos += 1 + len;
    }
  };
  for (let i = 0; i < m.questions.length; i++) {
    skipName();
    pos += 4;
  }
  const n = m.answers.length + m.authorities.length + m.additionals.length;
  for (let i = 0; i < n && pos + 10 <= bytes.length; i++) {
    skipName();
    const length = u16(bytes, pos + 8);
    out.push({ offset: pos + 10, length });
    pos += 10 + length;
  }
  return out;
}

/** An MX record's preference and exchange, read from the message (the exchange may be compressed). */
export function readMx(bytes: Uint8Array, span: RdataSpan): { preference: number; exchange: string } | undefined {
  if (span.length < 3) return undefined;
  const name = parseName(bytes.subarray(0, span.offset + span.length), 0, span.offset + 2);
  return name.ok ? { preference: u16(bytes, span.offset), exchange: name.value === '' ? '<Root>' : name.value } : undefined;
}
