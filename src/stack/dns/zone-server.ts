/**
 * The resolver at 10.255.255.254 as a pure function: a query in, the response a recursive
 * resolver sends out. No cache, no clock; per-asker answers come from the zone's `for` lists.
 *
 * - NOERROR: the CNAME chain from the asked name (RFC 1034 §4.3.2 step 3a/3b, followed as a
 *   recursive resolver does, across zones) then the records of the asked type.
 * - NODATA: NOERROR, no records of the type at the end of the chain, the covering SOA in the
 *   authority section (RFC 2308 §2.2).
 * - NXDOMAIN: the chain ends at a name that does not exist; the SOA in authority (§2.1).
 * Flags as a recursive resolver sets them: QR, RD copied, RA, CD copied, AA off.
 */
import type { Ipv4Addr } from '../wire/addr.ts';
import { DNS_CD, DNS_QR, DNS_RA, DNS_RD, Opcode, Rcode } from '../wire/dns/flags.ts';
import type { DnsMessage, DnsRecord } from '../wire/dns/message.ts';
import { canonicalName } from '../wire/dns/name.ts';
import { DNS_CLASS_IN, DnsType } from '../wire/dns/rdata.ts';
import { coveringSoa, nameExists, recordsAt, type Zone, type ZoneRecord } from './zone.ts';

/** CNAME hops followed before giving up with SERVFAIL (BIND's max-cname-depth is 16 too). */
export const MAX_CNAME_CHAIN = 16;

/** The EDNS payload size advertised back to a client that sent OPT (DNS Flag Day 2020). */
export const EDNS_UDP_SIZE = 1232;

const toRecord = (r: ZoneRecord): DnsRecord => ({ name: r.name, class: DNS_CLASS_IN, ttl: r.ttl, rdata: r.rdata });

function reply(query: DnsMessage, rcode: number, answers: DnsRecord[], authorities: DnsRecord[]): DnsMessage {
  const flags = DNS_QR | (query.flags & (0x7800 | DNS_RD | DNS_CD)) | DNS_RA | rcode;
  const opt = query.additionals.find((r) => r.rdata.kind === 'OPT');
  const additionals: DnsRecord[] = opt ? [{ name: '', class: EDNS_UDP_SIZE, ttl: 0, rdata: { kind: 'OPT', options: [] } }] : [];
  return { id: query.id, flags, questions: query.questions, answers, authorities, additionals };
}

/** Answers one query from `zone` as seen by `asker`. */
export function answerQuery(zone: Zone, query: DnsMessage, asker: Ipv4Addr): DnsMessage {
  const opcode = (query.flags >>> 11) & 0xf;
  if (opcode !== Opcode.QUERY) return reply(query, Rcode.NOTIMP, [], []);
  if (query.questions.length !== 1) return reply(query, Rcode.FORMERR, [], []);
  const q = query.questions[0]!;
  if (q.class !== DNS_CLASS_IN) return reply(query, Rcode.REFUSED, [], []);

  const answers: DnsRecord[] = [];
  const seen = new Set<string>();
  let name = q.name;
  for (let hop = 0; ; hop++) {
    if (hop > MAX_CNAME_CHAIN || seen.has(canonicalName(name))) return reply(query, Rcode.SERVFAIL, [], []);
    seen.add(canonicalName(name));
    const wanted = recordsAt(zone, name, q.type, asker);
    if (wanted.length > 0) {
      answers.push(...wanted.map(toRecord));
      return reply(query, Rcode.NOERROR, answers, []);
    }
    const cname = q.type === DnsType.CNAME ? [] : recordsAt(zone, name, DnsType.CNAME, asker);
    if (cname.length === 0) break;
    answers.push(toRecord(cname[0]!));
    name = (cname[0]!.rdata as { name: string }).name;
  }
  const soa = coveringSoa(zone, name, asker);
  const authority = soa ? [toRecord(soa)] : [];
  const rcode = nameExists(zone, name, asker) ? Rcode.NOERROR : Rcode.NXDOMAIN;
  return reply(query, rcode, answers, authority);
}
