/** DNS in the details pane (packet-dns.c): header, flags bit by bit, then each section's records. */
import { formatIpv4Addr } from '../../stack/wire/addr.ts';
import { formatIpv6Addr, nameLabels, rdataType, type DnsMessage, type DnsRecord } from '../../stack/wire/dns/index.ts';
import type { Dissected } from '../dissect.ts';
import { dnsClassName, dnsNameText, dnsOpcodeName, dnsRcodeName, dnsTypeLong, dnsTypeName } from '../dns-names.ts';
import { formatSeconds } from '../time.ts';
import { bits, duration, hex4, type Tree } from './text.ts';
import { rdataSpans, readMx, type RdataSpan } from '../dns-walk.ts';

function flagLines(t: Tree, flags: number): void {
  const response = (flags & 0x8000) !== 0;
  const b = (mask: number, label: string, on: string, off: string): void => t.line(2, `${bits(16, mask, flags)} = ${label}: ${flags & mask ? on : off}`);
  b(0x8000, 'Response', 'Message is a response', 'Message is a query');
  const op = (flags >>> 11) & 0xf;
  t.line(2, `${bits(16, 0x7800, flags)} = Opcode: ${dnsOpcodeName(op)} (${op})`);
  if (response) b(0x0400, 'Authoritative', 'Server is an authority for domain', 'Server is not an authority for domain');
  b(0x0200, 'Truncated', 'Message is truncated', 'Message is not truncated');
  b(0x0100, 'Recursion desired', 'Do query recursively', "Don't do query recursively");
  if (response) b(0x0080, 'Recursion available', 'Server can do recursive queries', "Server can't do recursive queries");
  t.line(2, `${bits(16, 0x0040, flags)} = Z: reserved (${flags & 0x40 ? 1 : 0})`);
  if (response) b(0x0020, 'Answer authenticated', 'Answer/authority portion was authenticated by the server', 'Answer/authority portion was not authenticated by the server');
  else if (flags & 0x0020) t.line(2, `${bits(16, 0x0020, flags)} = AD bit: Set`);
  b(0x0010, 'Non-authenticated data', 'Acceptable', 'Unacceptable');
  if (response) t.line(2, `${bits(16, 0x000f, flags)} = Reply code: ${dnsRcodeName(flags & 0xf)} (${flags & 0xf})`);
}

function labelCount(name: string): number {
  try {
    return nameLabels(name).length;
  } catch {
    return 0;
  }
}

/** `, addr 52.13.202.65`: what the record's summary line adds after its class. */
function summaryData(r: DnsRecord): string {
  const d = r.rdata;
  switch (d.kind) {
    case 'A': return `, addr ${formatIpv4Addr(d.address)}`;
    case 'AAAA': return `, addr ${formatIpv6Addr(d.address)}`;
    case 'CNAME': return `, cname ${dnsNameText(d.name)}`;
    case 'NS': return `, ns ${dnsNameText(d.name)}`;
    case 'PTR': return `, ${dnsNameText(d.name)}`;
    case 'SOA': return `, mname ${dnsNameText(d.mname)}`;
    default: return '';
  }
}

function rdataLines(t: Tree, r: DnsRecord): void {
  const d = r.rdata;
  switch (d.kind) {
    case 'A': return t.line(3, `Address: ${formatIpv4Addr(d.address)}`);
    case 'AAAA': return t.line(3, `AAAA Address: ${formatIpv6Addr(d.address)}`);
    case 'CNAME': return t.line(3, `CNAME: ${dnsNameText(d.name)}`);
    case 'NS': return t.line(3, `Name Server: ${dnsNameText(d.name)}`);
    case 'PTR': return t.line(3, `Domain Name: ${dnsNameText(d.name)}`);
    case 'SOA':
      t.line(3, `Primary name server: ${dnsNameText(d.mname)}`);
      t.line(3, `Responsible authority's mailbox: ${dnsNameText(d.rname)}`);
      t.line(3, `Serial Number: ${d.serial}`);
      t.line(3, `Refresh Interval: ${d.refresh} (${duration(d.refresh)})`);
      t.line(3, `Retry Interval: ${d.retry} (${duration(d.retry)})`);
      t.line(3, `Expire limit: ${d.expire} (${duration(d.expire)})`);
      t.line(3, `Minimum TTL: ${d.minimum} (${duration(d.minimum)})`);
      return;
    case 'TXT':
      for (const s of d.strings) {
        t.line(3, `TXT Length: ${s.length}`);
        t.line(3, `TXT: ${s}`);
      }
      return;
    default:
      return t.line(3, '[Record data: not detailed by labwire show yet]');
  }
}

function recordLines(t: Tree, r: DnsRecord, bytes: Uint8Array, span: RdataSpan | undefined): void {
  const type = rdataType(r.rdata);
  const name = dnsNameText(r.name);
  if (r.rdata.kind === 'OPT') return optLines(t, r, name, span);
  const mx = type === 15 && span ? readMx(bytes, span) : undefined;
  const summary = mx ? `, preference ${mx.preference}, mx ${mx.exchange}` : summaryData(r);
  t.line(2, `${name}: type ${dnsTypeName(type)}, class ${dnsClassName(r.class)}${summary}`);
  t.line(3, `Name: ${name}`);
  t.line(3, `Type: ${dnsTypeLong(type)} (${type})`);
  t.line(3, `Class: ${dnsClassName(r.class)} (${hex4(r.class)})`);
  t.line(3, `Time to live: ${r.ttl} (${duration(r.ttl)})`);
  t.line(3, `Data length: ${span?.length ?? 0}`);
  if (mx) {
    t.line(3, `Preference: ${mx.preference}`);
    t.line(3, `Mail Exchange: ${mx.exchange}`);
  } else rdataLines(t, r);
}

/** EDNS's pseudo-record (RFC 6891 §6.1.2): CLASS is the UDP payload size, TTL the extended flags. */
function optLines(t: Tree, r: DnsRecord, name: string, span: RdataSpan | undefined): void {
  const ttl = r.ttl >>> 0;
  const z = ttl & 0xffff;
  t.line(2, `${name}: type OPT`);
  t.line(3, `Name: ${name}`);
  t.line(3, 'Type: OPT (41)');
  t.line(3, `UDP payload size: ${r.class}`);
  t.line(3, `Higher bits in extended RCODE: 0x${(ttl >>> 24).toString(16).padStart(2, '0')}`);
  t.line(3, `EDNS0 version: ${(ttl >>> 16) & 0xff}`);
  t.line(3, `Z: ${hex4(z)}`);
  t.line(4, `${bits(16, 0x8000, z)} = DO bit: ${z & 0x8000 ? 'Accepts DNSSEC security RRs' : 'Cannot handle DNSSEC security RRs'}`);
  t.line(4, `${bits(16, 0x7fff, z)} = Reserved: ${hex4(z & 0x7fff)}`);
  t.line(3, `Data length: ${span?.length ?? 0}`);
  if ((span?.length ?? 0) > 0) t.line(3, '[EDNS options: not detailed by labwire show yet]');
}

export function dnsSection(t: Tree, f: Dissected): void {
  dnsMessageSection(t, f.dns!, f.view.udp!.payload, f.row.protocol, f);
}

/** A DNS message's tree; `f` (the frame it is the top layer of) adds the request/response lines. */
export function dnsMessageSection(t: Tree, m: DnsMessage, bytes: Uint8Array, protocol: string, f: Dissected | undefined): void {
  const response = (m.flags & 0x8000) !== 0;
  const title = protocol === 'MDNS' ? 'Multicast Domain Name System' : protocol === 'LLMNR' ? 'Link-local Multicast Name Resolution' : 'Domain Name System';
  t.line(0, `${title} (${response ? 'response' : 'query'})`);
  t.line(1, `Transaction ID: ${hex4(m.id)}`);
  const op = dnsOpcodeName((m.flags >>> 11) & 0xf);
  t.line(1, `Flags: ${hex4(m.flags)} ${op}${response ? ` response, ${dnsRcodeName(m.flags & 0xf)}` : ''}`);
  flagLines(t, m.flags);
  t.line(1, `Questions: ${m.questions.length}`);
  t.line(1, `Answer RRs: ${m.answers.length}`);
  t.line(1, `Authority RRs: ${m.authorities.length}`);
  t.line(1, `Additional RRs: ${m.additionals.length}`);
  if (m.questions.length > 0) t.line(1, 'Queries');
  for (const q of m.questions) {
    const name = dnsNameText(q.name);
    t.line(2, `${name}: type ${dnsTypeName(q.type)}, class ${dnsClassName(q.class)}`);
    t.line(3, `Name: ${name}`);
    t.line(3, `[Name Length: ${name.length}]`);
    t.line(3, `[Label Count: ${labelCount(q.name)}]`);
    t.line(3, `Type: ${dnsTypeLong(q.type)} (${q.type})`);
    t.line(3, `Class: ${dnsClassName(q.class)} (${hex4(q.class)})`);
  }
  const spans = rdataSpans(bytes, m);
  let k = 0;
  const sections: [string, readonly DnsRecord[]][] = [['Answers', m.answers], ['Authoritative nameservers', m.authorities], ['Additional records', m.additionals]];
  for (const [title, records] of sections) {
    if (records.length === 0) continue;
    t.line(1, title);
    for (const r of records) recordLines(t, r, bytes, spans[k++]);
  }
  if (response && f) {
    if (f.dnsRequestIn > 0) {
      t.line(1, `[Request In: ${f.dnsRequestIn}]`);
      t.line(1, `[Time: ${formatSeconds(f.dnsTime!, 9)} seconds]`);
    } else t.line(1, '[Unsolicited: True]');
  }
}
