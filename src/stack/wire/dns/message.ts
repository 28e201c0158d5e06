/**
 * DNS message (RFC 1035 §4.1).
 *
 *     +---------------------+
 *     |        Header       |   ID, flags, QDCOUNT, ANCOUNT, NSCOUNT, ARCOUNT (6 × u16)
 *     +---------------------+
 *     |       Question      |   QNAME QTYPE QCLASS
 *     +---------------------+
 *     |        Answer       |   RRs: NAME TYPE CLASS TTL RDLENGTH RDATA
 *     +---------------------+
 *     |      Authority      |
 *     +---------------------+
 *     |      Additional     |
 *     +---------------------+
 *
 * The counts are derived from the section arrays. Offsets in errors are from the start of
 * `bytes`; compression pointers are counted from `offset`, where the DNS header begins.
 */
import { u16, u32 } from '../bytes.ts';
import { type Parsed, parsed, truncated, wireError } from '../errors.ts';
import { NameCompressor, parseName, writeNameUncompressed, type DnsName } from './name.ts';
import { parseRdata, rdataType, writeRdata, type DnsRdata } from './rdata.ts';
import { DnsWriter } from './writer.ts';

export const DNS_HEADER_LENGTH = 12;

export interface DnsQuestion {
  readonly name: DnsName;
  readonly type: number;
  readonly class: number;
}

export interface DnsRecord {
  readonly name: DnsName;
  /** CLASS; for OPT the requester's UDP payload size (RFC 6891 §6.1.2) */
  readonly class: number;
  /** TTL in seconds; for OPT the extended RCODE, version and flags */
  readonly ttl: number;
  readonly rdata: DnsRdata;
}

export interface DnsMessage {
  readonly id: number;
  /** all 16 flag bits; read them with dnsFlagFields() */
  readonly flags: number;
  readonly questions: readonly DnsQuestion[];
  readonly answers: readonly DnsRecord[];
  readonly authorities: readonly DnsRecord[];
  readonly additionals: readonly DnsRecord[];
}

export interface EmitDnsOptions {
  /** compress names as real servers do (default true) */
  readonly compress?: boolean;
}

/** Parses a whole message; never throws. */
export function parseDnsMessage(bytes: Uint8Array, offset = 0): Parsed<DnsMessage> {
  if (offset + DNS_HEADER_LENGTH > bytes.length) return truncated('dns', 'header', offset, DNS_HEADER_LENGTH, bytes.length);
  const counts = [4, 6, 8, 10].map((o) => u16(bytes, offset + o)); // QD, AN, NS, AR
  let pos = offset + DNS_HEADER_LENGTH;
  const questions: DnsQuestion[] = [];
  for (let i = 0; i < counts[0]!; i++) {
    const q = parseQuestion(bytes, offset, pos);
    if (!q.ok) return q;
    questions.push(q.value);
    pos = q.end;
  }
  const sections: DnsRecord[][] = [];
  for (const [s, field] of [[1, 'answer'], [2, 'authority'], [3, 'additional']] as const) {
    const records: DnsRecord[] = [];
    for (let i = 0; i < counts[s]!; i++) {
      const r = parseRecord(bytes, offset, pos, field);
      if (!r.ok) return r;
      records.push(r.value);
      pos = r.end;
    }
    sections.push(records);
  }
  const msg: DnsMessage = {
    id: u16(bytes, offset), flags: u16(bytes, offset + 2), questions,
    answers: sections[0]!, authorities: sections[1]!, additionals: sections[2]!,
  };
  return parsed(msg, pos);
}

function parseQuestion(b: Uint8Array, msgStart: number, pos: number): Parsed<DnsQuestion> {
  const n = parseName(b, msgStart, pos, 'question.name');
  if (!n.ok) return n;
  if (n.end + 4 > b.length) return truncated('dns', 'question.type', n.end, 4, b.length);
  return parsed({ name: n.value, type: u16(b, n.end), class: u16(b, n.end + 2) }, n.end + 4);
}

function parseRecord(b: Uint8Array, msgStart: number, pos: number, section: string): Parsed<DnsRecord> {
  const n = parseName(b, msgStart, pos, `${section}.name`);
  if (!n.ok) return n;
  const o = n.end;
  if (o + 10 > b.length) return truncated('dns', `${section}.type`, o, 10, b.length);
  const type = u16(b, o);
  const len = u16(b, o + 8);
  if (o + 10 + len > b.length) {
    return wireError('dns', `${section}.rdlength`, o + 8, `rdlength ${len} runs past the end (${b.length - o - 10} bytes left)`);
  }
  const rdata = parseRdata(b, msgStart, o + 10, type, len);
  return parsed({ name: n.value, class: u16(b, o + 2), ttl: u32(b, o + 4), rdata }, o + 10 + len);
}

/** Emits a message; compression (default on) follows RFC 1035 §4.1.4 as servers do. */
export function emitDnsMessage(msg: DnsMessage, opts: EmitDnsOptions = {}): Uint8Array {
  const w = new DnsWriter();
  const names = opts.compress === false ? undefined : new NameCompressor();
  const name = (n: DnsName): void => (names ? names.write(w, n) : writeNameUncompressed(w, n));
  w.u16(msg.id);
  w.u16(msg.flags);
  for (const s of [msg.questions, msg.answers, msg.authorities, msg.additionals]) w.u16(s.length);
  for (const q of msg.questions) {
    name(q.name);
    w.u16(q.type);
    w.u16(q.class);
  }
  for (const r of [...msg.answers, ...msg.authorities, ...msg.additionals]) {
    name(r.name);
    w.u16(rdataType(r.rdata));
    w.u16(r.class);
    w.u32(r.ttl);
    const lengthAt = w.length;
    w.u16(0);
    writeRdata(w, r.rdata, names);
    w.patchU16(lengthAt, w.length - lengthAt - 2);
  }
  return w.finish();
}
