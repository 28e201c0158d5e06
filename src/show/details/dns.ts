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
  const b = (name: string, mask: number, label: string, on: string, off: string): void => t.field(2, `dns.flags.${name}`, (flags & mask) !== 0, `${bits(16, mask, flags)} = ${label}: ${flags & mask ? on : off}`);
  b('response', 0x8000, 'Response', 'Message is a response', 'Message is a query');
  const op = (flags >>> 11) & 0xf;
  t.field(2, 'dns.flags.opcode', op, `${bits(16, 0x7800, flags)} = Opcode: ${dnsOpcodeName(op)} (${op})`);
  if (response) b('authoritative', 0x0400, 'Authoritative', 'Server is an authority for domain', 'Server is not an authority for domain');
  b('truncated', 0x0200, 'Truncated', 'Message is truncated', 'Message is not truncated');
  b('recdesired', 0x0100, 'Recursion desired', 'Do query recursively', "Don't do query recursively");
  if (response) b('recavail', 0x0080, 'Recursion available', 'Server can do recursive queries', "Server can't do recursive queries");
  t.field(2, 'dns.flags.z', (flags & 0x40) !== 0, `${bits(16, 0x0040, flags)} = Z: reserved (${flags & 0x40 ? 1 : 0})`);
  if (response) b('authenticated', 0x0020, 'Answer authenticated', 'Answer/authority portion was authenticated by the server', 'Answer/authority portion was not authenticated by the server');
  else if (flags & 0x0020) t.field(2, 'dns.flags.authenticated', true, `${bits(16, 0x0020, flags)} = AD bit: Set`);
  b('checkdisable', 0x0010, 'Non-authenticated data', 'Acceptable', 'Unacceptable');
  if (response) t.field(2, 'dns.flags.rcode', flags & 0xf, `${bits(16, 0x000f, flags)} = Reply code: ${dnsRcodeName(flags & 0xf)} (${flags & 0xf})`);
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
  const name = (abbrev: string, label: string, n: string): void => t.field(3, abbrev, dnsNameText(n), `${label}: ${dnsNameText(n)}`);
  switch (d.kind) {
    case 'A': return t.field(3, 'dns.a', formatIpv4Addr(d.address), `Address: ${formatIpv4Addr(d.address)}`);
    case 'AAAA': return t.field(3, 'dns.aaaa', formatIpv6Addr(d.address), `AAAA Address: ${formatIpv6Addr(d.address)}`);
    case 'CNAME': return name('dns.cname', 'CNAME', d.name);
    case 'NS': return name('dns.ns', 'Name Server', d.name);
    case 'PTR': return name('dns.ptr.domain_name', 'Domain Name', d.name);
    case 'SOA': {
      name('dns.soa.mname', 'Primary name server', d.mname);
      name('dns.soa.rname', "Responsible authority's mailbox", d.rname);
      t.field(3, 'dns.soa.serial_number', d.serial, `Serial Number: ${d.serial}`);
      const interval = (abbrev: string, label: string, v: number): void => t.field(3, abbrev, v, `${label}: ${v} (${duration(v)})`);
      interval('dns.soa.refresh_interval', 'Refresh Interval', d.refresh);
      interval('dns.soa.retry_interval', 'Retry Interval', d.retry);
      interval('dns.soa.expire_limit', 'Expire limit', d.expire);
      interval('dns.soa.minimum_ttl', 'Minimum TTL', d.minimum);
      return;
    }
    case 'TXT':
      for (const s of d.strings) {
        t.field(3, 'dns.txt.length', s.length, `TXT Length: ${s.length}`);
        t.field(3, 'dns.txt', s, `TXT: ${s}`);
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
  t.field(3, 'dns.resp.name', name, `Name: ${name}`);
  t.field(3, 'dns.resp.type', type, `Type: ${dnsTypeLong(type)} (${type})`);
  t.field(3, 'dns.resp.class', hex4(r.class), `Class: ${dnsClassName(r.class)} (${hex4(r.class)})`);
  t.field(3, 'dns.resp.ttl', r.ttl, `Time to live: ${r.ttl} (${duration(r.ttl)})`);
  t.field(3, 'dns.resp.len', span?.length ?? 0, `Data length: ${span?.length ?? 0}`);
  if (mx) {
    t.field(3, 'dns.mx.preference', mx.preference, `Preference: ${mx.preference}`);
    t.field(3, 'dns.mx.mail_exchange', mx.exchange, `Mail Exchange: ${mx.exchange}`);
  } else rdataLines(t, r);
}

/** EDNS's pseudo-record (RFC 6891 §6.1.2): CLASS is the UDP payload size, TTL the extended flags. */
function optLines(t: Tree, r: DnsRecord, name: string, span: RdataSpan | undefined): void {
  const ttl = r.ttl >>> 0;
  const z = ttl & 0xffff;
  t.line(2, `${name}: type OPT`);
  t.field(3, 'dns.resp.name', name, `Name: ${name}`);
  t.field(3, 'dns.resp.type', 41, 'Type: OPT (41)');
  t.field(3, 'dns.rr.udp_payload_size', r.class, `UDP payload size: ${r.class}`);
  const ext = `0x${(ttl >>> 24).toString(16).padStart(2, '0')}`;
  t.field(3, 'dns.resp.ext_rcode', ext, `Higher bits in extended RCODE: ${ext}`);
  t.field(3, 'dns.resp.edns0_version', (ttl >>> 16) & 0xff, `EDNS0 version: ${(ttl >>> 16) & 0xff}`);
  t.field(3, 'dns.resp.z', hex4(z), `Z: ${hex4(z)}`);
  t.field(4, 'dns.resp.z.do', (z & 0x8000) !== 0, `${bits(16, 0x8000, z)} = DO bit: ${z & 0x8000 ? 'Accepts DNSSEC security RRs' : 'Cannot handle DNSSEC security RRs'}`);
  t.field(4, 'dns.resp.z.reserved', hex4(z & 0x7fff), `${bits(16, 0x7fff, z)} = Reserved: ${hex4(z & 0x7fff)}`);
  t.field(3, 'dns.resp.len', span?.length ?? 0, `Data length: ${span?.length ?? 0}`);
  if ((span?.length ?? 0) > 0) t.line(3, '[EDNS options: not detailed by labwire show yet]');
}

export function dnsSection(t: Tree, f: Dissected): void {
  dnsMessageSection(t, f.dns!, f.view.udp!.payload, f.row.protocol, f);
}

/** A DNS message's tree; `f` (the frame it is the top layer of) adds the request/response lines. */
export function dnsMessageSection(t: Tree, m: DnsMessage, bytes: Uint8Array, protocol: string, f: Dissected | undefined): void {
  const response = (m.flags & 0x8000) !== 0;
  const title = protocol === 'MDNS' ? 'Multicast Domain Name System' : protocol === 'LLMNR' ? 'Link-local Multicast Name Resolution' : 'Domain Name System';
  t.proto(0, protocol === 'MDNS' ? 'mdns' : protocol === 'LLMNR' ? 'llmnr' : 'dns', `${title} (${response ? 'response' : 'query'})`);
  t.field(1, 'dns.id', hex4(m.id), `Transaction ID: ${hex4(m.id)}`);
  const op = dnsOpcodeName((m.flags >>> 11) & 0xf);
  t.field(1, 'dns.flags', hex4(m.flags), `Flags: ${hex4(m.flags)} ${op}${response ? ` response, ${dnsRcodeName(m.flags & 0xf)}` : ''}`);
  flagLines(t, m.flags);
  t.field(1, 'dns.count.queries', m.questions.length, `Questions: ${m.questions.length}`);
  t.field(1, 'dns.count.answers', m.answers.length, `Answer RRs: ${m.answers.length}`);
  t.field(1, 'dns.count.auth_rr', m.authorities.length, `Authority RRs: ${m.authorities.length}`);
  t.field(1, 'dns.count.add_rr', m.additionals.length, `Additional RRs: ${m.additionals.length}`);
  if (m.questions.length > 0) t.line(1, 'Queries');
  for (const q of m.questions) {
    const name = dnsNameText(q.name);
    t.line(2, `${name}: type ${dnsTypeName(q.type)}, class ${dnsClassName(q.class)}`);
    t.field(3, 'dns.qry.name', name, `Name: ${name}`);
    t.field(3, 'dns.qry.name.len', name.length, `[Name Length: ${name.length}]`);
    t.field(3, 'dns.count.labels', labelCount(q.name), `[Label Count: ${labelCount(q.name)}]`);
    t.field(3, 'dns.qry.type', q.type, `Type: ${dnsTypeLong(q.type)} (${q.type})`);
    t.field(3, 'dns.qry.class', hex4(q.class), `Class: ${dnsClassName(q.class)} (${hex4(q.class)})`);
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
      t.field(1, 'dns.response_to', f.dnsRequestIn, `[Request In: ${f.dnsRequestIn}]`);
      t.field(1, 'dns.time', formatSeconds(f.dnsTime!, 9), `[Time: ${formatSeconds(f.dnsTime!, 9)} seconds]`);
    } else t.field(1, 'dns.unsolicited', true, '[Unsolicited: True]');
  }
}
