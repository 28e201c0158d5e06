/**
 * IPv6's and ICMPv6's filter fields (packet-ipv6.c, packet-icmpv6.c names and types). As for
 * IPv4, the packet an ICMPv6 error quotes answers too: its addresses after the outer ones,
 * its UDP ports as the only ones.
 */
import type { Dissected } from '../dissect.ts';
import { formatIpv6Addr } from '../../stack/wire/ipv6-addr.ts';
import { slaacMac } from '../details/ipv6.ts';
import type { QuotedIpv6 } from '../inner6.ts';
import { field, many, type FieldDef, type FieldTable, type Value } from './fields.ts';
import { layerBytes } from './fields-tcp.ts';

const ip = (f: Dissected) => f.view.ipv6;
const both = <T>(f: Dissected, pick: (h: NonNullable<ReturnType<typeof ip>>) => T): T[] => {
  const h = ip(f);
  if (!h) return [];
  const q = f.quoted6;
  return q ? [pick(h), pick(q.ip)] : [pick(h)];
};
const macs = (a: Uint8Array): number[] => { const m = slaacMac(a); return m === undefined ? [] : [m]; };
const icmp = (f: Dissected) => f.view.icmpv6;
const echo = (f: Dissected) => { const m = icmp(f); return m?.kind === 'echo' ? m : undefined; };
const target = (type: number) => (f: Dissected) => { const m = icmp(f); return m?.kind === 'nd' && m.type === type ? m.fixed.subarray(4, 20) : undefined; };

export function ipv6Fields(): FieldTable {
  return {
    'ipv6': many('protocol', (f) => { const b = layerBytes(f, 'ipv6'); return b ? (f.quoted6 ? [b, true] : [b]) : []; }),
    'ipv6.version': many('u8', (f) => both(f, () => 6)),
    'ipv6.tclass': many('u32', (f) => both(f, (h) => h.trafficClass)),
    'ipv6.tclass.dscp': many('u32', (f) => both(f, (h) => h.trafficClass >>> 2)),
    'ipv6.tclass.ecn': many('u32', (f) => both(f, (h) => h.trafficClass & 3)),
    'ipv6.flow': many('u24', (f) => both(f, (h) => h.flowLabel)),
    'ipv6.plen': many('u16', (f) => both(f, (h) => h.payloadLength)),
    'ipv6.nxt': many('u8', (f) => both(f, (h) => h.nextHeader)),
    'ipv6.hlim': many('u8', (f) => both(f, (h) => h.hopLimit)),
    'ipv6.src': many('ipv6', (f) => both(f, (h) => h.src)),
    'ipv6.dst': many('ipv6', (f) => both(f, (h) => h.dst)),
    'ipv6.addr': many('ipv6', (f) => both(f, (h) => [h.src, h.dst]).flat()),
    'ipv6.src_host': many('string', (f) => both(f, (h) => formatIpv6Addr(h.src))),
    'ipv6.dst_host': many('string', (f) => both(f, (h) => formatIpv6Addr(h.dst))),
    'ipv6.host': many('string', (f) => both(f, (h) => [formatIpv6Addr(h.src), formatIpv6Addr(h.dst)]).flat()),
    'ipv6.src_slaac_mac': many('ether', (f) => both(f, (h) => macs(h.src)).flat()),
    'ipv6.dst_slaac_mac': many('ether', (f) => both(f, (h) => macs(h.dst)).flat()),
    'ipv6.slaac_mac': many('ether', (f) => both(f, (h) => [...macs(h.src), ...macs(h.dst)]).flat()),
    'icmpv6': field('protocol', (f) => layerBytes(f, 'icmpv6')),
    'icmpv6.type': field('u8', (f) => icmp(f)?.type),
    'icmpv6.code': field('u8', (f) => icmp(f)?.code),
    'icmpv6.checksum': field('u16', (f) => icmp(f)?.checksum),
    'icmpv6.echo.identifier': field('u16', (f) => echo(f)?.id),
    'icmpv6.echo.sequence_number': field('u16', (f) => echo(f)?.seq),
    'icmpv6.resp_to': field('framenum', (f) => (echo(f) && f.icmpRequestIn > 0 ? f.icmpRequestIn : undefined)),
    'icmpv6.nd.ns.target_address': field('ipv6', target(135)),
    'icmpv6.nd.na.target_address': field('ipv6', target(136)),
  };
}

/** The UDP fields of a datagram an ICMPv6 error quotes (the frame has no UDP of its own). */
const QUOTED_UDP: Readonly<Record<string, (q: QuotedIpv6, f: Dissected) => Value | readonly Value[] | undefined>> = {
  'udp': (q) => (q.udp ? true : undefined),
  'udp.srcport': (q) => q.udp?.srcPort,
  'udp.dstport': (q) => q.udp?.dstPort,
  'udp.port': (q) => (q.udp ? [q.udp.srcPort, q.udp.dstPort] : undefined),
  'udp.length': (q) => q.udp?.length,
  'udp.stream': (q, f) => (q.udp ? f.quotedUdpStream : undefined),
  'dns': (q) => (q.dns ? true : undefined),
};

/** Adds the values of the UDP datagram an ICMPv6 error quotes to these fields. */
export function withQuotedUdp6(all: Record<string, FieldDef>): void {
  for (const [name, pick] of Object.entries(QUOTED_UDP)) {
    const def = all[name]!;
    all[name] = {
      type: def.type,
      get: (f) => {
        const q = f.quoted6;
        const v = q ? pick(q, f) : undefined;
        if (v === undefined) return def.get(f);
        return def.get(f).concat(Array.isArray(v) ? v : [v as Value]);
      },
    };
  }
}

