/** DNS's filter fields (packet-dns.c names; rcode, AA, RA and AD exist only in responses). */
import type { Dissected } from '../dissect.ts';
import { formatIpv6Addr } from '../../stack/wire/dns/index.ts';
import type { DnsRecord } from '../../stack/wire/dns/index.ts';
import { rdataType } from '../../stack/wire/dns/index.ts';
import type { FieldDef, FieldTable, Value } from './fields.ts';

const NONE: readonly Value[] = [];

function field(type: FieldDef['type'], get: (f: Dissected) => Value | undefined): FieldDef {
  return { type, get: (f) => { const v = get(f); return v === undefined ? NONE : [v]; } };
}

function records(f: Dissected): readonly DnsRecord[] {
  const m = f.dns;
  return m ? [...m.answers, ...m.authorities, ...m.additionals] : [];
}

function rr(type: FieldDef['type'], pick: (r: DnsRecord) => Value | undefined): FieldDef {
  return {
    type,
    get: (f) => {
      const out: Value[] = [];
      for (const r of records(f)) {
        const v = pick(r);
        if (v !== undefined) out.push(v);
      }
      return out;
    },
  };
}

const flag = (mask: number, responseOnly = false) =>
  field('bool', (f) => (f.dns && (!responseOnly || f.dns.flags & 0x8000) ? (f.dns.flags & mask) !== 0 : undefined));

export function dnsFields(): FieldTable {
  return {
    'dns': field('protocol', (f) => (f.dns && f.row.protocol === 'DNS' ? f.view.udp!.payload : undefined)),
    'mdns': field('protocol', (f) => (f.dns && f.row.protocol === 'MDNS' ? f.view.udp!.payload : undefined)),
    'dns.id': field('u16', (f) => f.dns?.id),
    'dns.flags': field('u16', (f) => f.dns?.flags),
    'dns.flags.response': flag(0x8000),
    'dns.flags.opcode': field('u16', (f) => (f.dns ? (f.dns.flags >>> 11) & 0xf : undefined)),
    'dns.flags.authoritative': flag(0x0400, true),
    'dns.flags.truncated': flag(0x0200),
    'dns.flags.recdesired': flag(0x0100),
    'dns.flags.recavail': flag(0x0080, true),
    'dns.flags.z': flag(0x0040),
    'dns.flags.authenticated': flag(0x0020, true),
    'dns.flags.checkdisable': flag(0x0010),
    'dns.flags.rcode': field('u16', (f) => (f.dns && f.dns.flags & 0x8000 ? f.dns.flags & 0xf : undefined)),
    'dns.count.queries': field('u16', (f) => f.dns?.questions.length),
    'dns.count.answers': field('u16', (f) => f.dns?.answers.length),
    'dns.count.auth_rr': field('u16', (f) => f.dns?.authorities.length),
    'dns.count.add_rr': field('u16', (f) => f.dns?.additionals.length),
    'dns.qry.name': { type: 'string', get: (f) => f.dns?.questions.map((q) => q.name || '<Root>') ?? NONE },
    'dns.qry.type': { type: 'u16', get: (f) => f.dns?.questions.map((q) => q.type) ?? NONE },
    'dns.qry.class': { type: 'u16', get: (f) => f.dns?.questions.map((q) => q.class) ?? NONE },
    'dns.qry.name.len': { type: 'u16', get: (f) => f.dns?.questions.map((q) => q.name.length) ?? NONE },
    'dns.resp.name': rr('string', (r) => r.name || '<Root>'),
    'dns.resp.type': rr('u16', (r) => rdataType(r.rdata)),
    'dns.resp.class': rr('u16', (r) => (r.rdata.kind === 'OPT' ? undefined : r.class)),
    'dns.resp.ttl': rr('u32', (r) => (r.rdata.kind === 'OPT' ? undefined : r.ttl)),
    'dns.a': rr('ipv4', (r) => (r.rdata.kind === 'A' ? r.rdata.address : undefined)),
    'dns.aaaa': rr('string', (r) => (r.rdata.kind === 'AAAA' ? formatIpv6Addr(r.rdata.address) : undefined)),
    'dns.cname': rr('string', (r) => (r.rdata.kind === 'CNAME' ? r.rdata.name : undefined)),
    'dns.ns': rr('string', (r) => (r.rdata.kind === 'NS' ? r.rdata.name : undefined)),
    'dns.ptr.domain_name': rr('string', (r) => (r.rdata.kind === 'PTR' ? r.rdata.name : undefined)),
    'dns.soa.mname': rr('string', (r) => (r.rdata.kind === 'SOA' ? r.rdata.mname : undefined)),
    'dns.soa.rname': rr('string', (r) => (r.rdata.kind === 'SOA' ? r.rdata.rname : undefined)),
  };
}
