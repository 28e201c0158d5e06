/**
 * DNS's Info text (packet-dns.c): `Standard query 0x4cba A www.espnfc.com`, and for a
 * response the rcode when not 0; then the questions, then every record of the answer,
 * authority and additional sections as `TYPE data` (`Standard query response 0x9c1e No such
 * name A www.espnfc.cosm SOA a.root-servers.net`; a query with EDNS ends in ` OPT`).
 * Not yet: MX/SRV data (the codec keeps them as Unknown, so only the type name shows).
 */
import { formatIpv4Addr } from '../stack/wire/addr.ts';
import { formatIpv6Addr, rdataType, type DnsMessage, type DnsRecord } from '../stack/wire/dns/index.ts';
import { dnsNameText, dnsOpcodeName, dnsRcodeName, dnsTypeName } from './dns-names.ts';

function recordInfo(r: DnsRecord): string {
  const d = r.rdata;
  const type = dnsTypeName(rdataType(d));
  switch (d.kind) {
    case 'A': return `${type} ${formatIpv4Addr(d.address)}`;
    case 'AAAA': return `${type} ${formatIpv6Addr(d.address)}`;
    case 'CNAME': case 'NS': case 'PTR': return `${type} ${dnsNameText(d.name)}`;
    case 'SOA': return `${type} ${dnsNameText(d.mname)}`;
    default: return type;
  }
}

export function dnsInfo(m: DnsMessage): string {
  const response = (m.flags & 0x8000) !== 0;
  const opcode = (m.flags >>> 11) & 0xf;
  const rcode = m.flags & 0xf;
  let s = `${dnsOpcodeName(opcode)}${response ? ' response' : ''} 0x${m.id.toString(16).padStart(4, '0')}`;
  if (response && rcode !== 0) s += ` ${dnsRcodeName(rcode)}`;
  for (const q of m.questions) s += ` ${dnsTypeName(q.type)} ${dnsNameText(q.name)}`;
  for (const r of m.answers) s += ` ${recordInfo(r)}`;
  for (const r of m.authorities) s += ` ${recordInfo(r)}`;
  for (const r of m.additionals) s += ` ${recordInfo(r)}`;
  return s;
}
