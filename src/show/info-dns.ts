/**
 * DNS's Info text (packet-dns.c): `Standard query 0x4cba A www.espnfc.com`, and for a
 * response the rcode when not 0; then the questions, then every record of the answer,
 * authority and additional sections as `TYPE data` (`Standard query response 0x9c1e No such
 * name A www.espnfc.cosm SOA a.root-servers.net`; a query with EDNS ends in ` OPT`).
 * Not yet: SRV and other types the codec keeps as Unknown show only their type name.
 */
import { formatIpv4Addr } from '../stack/wire/addr.ts';
import { formatIpv6Addr, rdataType, type DnsMessage, type DnsRecord } from '../stack/wire/dns/index.ts';
import { dnsNameText, dnsOpcodeName, dnsRcodeName, dnsTypeName } from './dns-names.ts';
import { rdataSpans, readMx, type RdataSpan } from './dns-walk.ts';

function recordInfo(r: DnsRecord, bytes: Uint8Array | undefined, span: RdataSpan | undefined): string {
  const d = r.rdata;
  const type = dnsTypeName(rdataType(d));
  if (d.kind === 'Unknown' && d.type === 15 && bytes && span) {
    const mx = readMx(bytes, span);
    if (mx) return `${type} ${mx.preference} ${mx.exchange}`;
  }
  switch (d.kind) {
    case 'A': return `${type} ${formatIpv4Addr(d.address)}`;
    case 'AAAA': return `${type} ${formatIpv6Addr(d.address)}`;
    case 'CNAME': case 'NS': case 'PTR': return `${type} ${dnsNameText(d.name)}`;
    case 'SOA': return `${type} ${dnsNameText(d.mname)}`;
    default: return type;
  }
}

/** `bytes`, the message as sent, lets records the codec keeps raw (MX) show their data. */
export function dnsInfo(m: DnsMessage, bytes?: Uint8Array): string {
  const response = (m.flags & 0x8000) !== 0;
  const opcode = (m.flags >>> 11) & 0xf;
  const rcode = m.flags & 0xf;
  let s = `${dnsOpcodeName(opcode)}${response ? ' response' : ''} 0x${m.id.toString(16).padStart(4, '0')}`;
  if (response && rcode !== 0) s += ` ${dnsRcodeName(rcode)}`;
  for (const q of m.questions) s += ` ${dnsTypeName(q.type)} ${dnsNameText(q.name)}`;
  const records = [...m.answers, ...m.authorities, ...m.additionals];
  const spans = bytes && records.some((r) => r.rdata.kind === 'Unknown') ? rdataSpans(bytes, m) : undefined;
  records.forEach((r, i) => (s += ` ${recordInfo(r, bytes, spans?.[i])}`));
  return s;
}
