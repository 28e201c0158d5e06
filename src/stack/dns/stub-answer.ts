/**
 * How glibc reads a response (resolv/nss_dns/dns-host.c getanswer_r): walk the answer
 * section in order from the asked name; a CNAME owned by the current name adds that name to
 * the aliases and moves on to its target; records of the asked type owned by the current
 * name are the addresses. Records owned by other names are skipped. For a PTR query
 * (gethostbyaddr) the first PTR target is the host's name and later ones its aliases.
 */
import { formatIpv4Addr } from '../wire/addr.ts';
import { Rcode } from '../wire/dns/flags.ts';
import { formatIpv6Addr } from '../wire/dns/ipv6.ts';
import type { DnsMessage } from '../wire/dns/message.ts';
import { canonicalName } from '../wire/dns/name.ts';
import { DnsType } from '../wire/dns/rdata.ts';

export type AnswerOutcome =
  | { readonly kind: 'found'; readonly canonical: string; readonly aliases: readonly string[]; readonly addresses: readonly string[] }
  | { readonly kind: 'nodata' }
  | { readonly kind: 'nxdomain' }
  /** SERVFAIL, REFUSED, NOTIMP, or no usable answer: glibc tries the next server */
  | { readonly kind: 'failed' };

/** Whether glibc's send_dg treats a matching response as a server failure (next_ns). */
export function isServerFailure(msg: DnsMessage): boolean {
  const rcode = msg.flags & 0xf;
  if (rcode === Rcode.SERVFAIL || rcode === Rcode.NOTIMP || rcode === Rcode.REFUSED) return true;
  // res_send.c: "NOERROR && ancount == 0 && aa == 0 && ra == 0 && arcount == 0" — a lame referral
  return rcode === Rcode.NOERROR && msg.answers.length === 0 && (msg.flags & 0x0480) === 0 && msg.additionals.length === 0;
}

export function readAnswer(msg: DnsMessage, qname: string, qtype: number): AnswerOutcome {
  const rcode = msg.flags & 0xf;
  if (rcode === Rcode.NXDOMAIN) return { kind: 'nxdomain' };
  if (rcode !== Rcode.NOERROR) return { kind: 'failed' };
  let current = canonicalName(qname);
  let canonical = qname.replace(/\.$/, '');
  const aliases: string[] = [];
  const addresses: string[] = [];
  let ptrs = 0;
  for (const rr of msg.answers) {
    if (canonicalName(rr.name) !== current) continue;
    const d = rr.rdata;
    if (d.kind === 'CNAME' && qtype !== DnsType.CNAME) {
      aliases.push(rr.name);
      canonical = d.name;
      current = canonicalName(d.name);
    } else if (d.kind === 'A' && qtype === DnsType.A) {
      addresses.push(formatIpv4Addr(d.address));
      canonical = rr.name;
    } else if (d.kind === 'AAAA' && qtype === DnsType.AAAA) {
      addresses.push(formatIpv6Addr(d.address));
      canonical = rr.name;
    } else if (d.kind === 'PTR' && qtype === DnsType.PTR) {
      // getanswer_ptr: the first PTR's target is the host's name, later ones its aliases
      if (ptrs++ === 0) canonical = d.name.replace(/\.$/, '');
      else aliases.push(d.name.replace(/\.$/, ''));
    }
  }
  return addresses.length > 0 || ptrs > 0 ? { kind: 'found', canonical, aliases, addresses } : { kind: 'nodata' };
}
