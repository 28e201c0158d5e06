/**
 * Zone data for the simulated recursive resolver: plain records, nothing else.
 *
 * A record may be restricted to some askers (`for`: the source addresses the resolver sees).
 * At one owner name, records meant for the asker hide the general ones of the same type —
 * like BIND views, but per name, so a zone can give one machine a different CNAME chain
 * while sharing everything else. SOA records serve negative answers (RFC 2308): the SOA
 * whose owner is the longest suffix of the asked name goes into the authority section.
 */
import { ipv4, type Ipv4Addr } from '../wire/addr.ts';
import { canonicalName, type DnsName } from '../wire/dns/name.ts';
import { parseIpv6Addr } from '../wire/dns/ipv6.ts';
import { rdataType, type DnsRdata } from '../wire/dns/rdata.ts';

export interface ZoneRecord {
  readonly name: DnsName;
  /** seconds, as served (a cache's decrement is not modelled) */
  readonly ttl: number;
  readonly rdata: DnsRdata;
  /** only these askers see the record (absent: everyone) */
  readonly for?: readonly Ipv4Addr[];
}

export interface Zone {
  readonly records: readonly ZoneRecord[];
}

/** The records of `type` at `name` that `asker` sees (asker-specific ones win). */
export function recordsAt(zone: Zone, name: DnsName, type: number, asker: Ipv4Addr): ZoneRecord[] {
  const key = canonicalName(name);
  const here = zone.records.filter((r) => rdataType(r.rdata) === type && canonicalName(r.name) === key);
  const mine = here.filter((r) => r.for?.includes(asker));
  return mine.length > 0 ? mine : here.filter((r) => r.for === undefined);
}

/** Whether any record (for this asker) lives at `name` or below it (RFC 8020 empty non-terminals). */
export function nameExists(zone: Zone, name: DnsName, asker: Ipv4Addr): boolean {
  const key = canonicalName(name);
  return zone.records.some((r) => {
    if (r.for !== undefined && !r.for.includes(asker)) return false;
    const owner = canonicalName(r.name);
    return owner === key || key === '' || owner.endsWith('.' + key);
  });
}

/**
 * The SOA that covers `name`: the zone apex is the longest owner of any SOA that is `name` or
 * a suffix of it; the result is that zone's SOA as `asker` sees it, or none if this asker's
 * answers carry no SOA (the zone still stops the search, so a parent's SOA never stands in).
 */
export function coveringSoa(zone: Zone, name: DnsName, asker: Ipv4Addr): ZoneRecord | undefined {
  const labels = canonicalName(name).split('.').filter((l) => l !== '');
  for (let i = 0; i <= labels.length; i++) {
    const apex = labels.slice(i).join('.');
    const any = zone.records.some((r) => r.rdata.kind === 'SOA' && canonicalName(r.name) === apex);
    if (any) return recordsAt(zone, apex, 6, asker)[0];
  }
  return undefined;
}

// Builders, so zone files read like zone files.

type Opts = { readonly ttl?: number; readonly for?: readonly string[] };

function record(name: DnsName, rdata: DnsRdata, o: Opts = {}): ZoneRecord {
  const base = { name, ttl: o.ttl ?? 300, rdata };
  return o.for ? { ...base, for: o.for.map(ipv4) } : base;
}

export const zoneA = (name: DnsName, address: string, o?: Opts): ZoneRecord =>
  record(name, { kind: 'A', address: ipv4(address) }, o);

export function zoneAAAA(name: DnsName, address: string, o?: Opts): ZoneRecord {
  const bytes = parseIpv6Addr(address);
  if (!bytes) throw new Error(`not an IPv6 address: ${address}`);
  return record(name, { kind: 'AAAA', address: bytes }, o);
}

export const zoneCNAME = (name: DnsName, target: DnsName, o?: Opts): ZoneRecord =>
  record(name, { kind: 'CNAME', name: target }, o);

export const zoneNS = (name: DnsName, host: DnsName, o?: Opts): ZoneRecord =>
  record(name, { kind: 'NS', name: host }, o);

export interface SoaFields {
  readonly mname: DnsName; readonly rname: DnsName; readonly serial: number;
  readonly refresh: number; readonly retry: number; readonly expire: number; readonly minimum: number;
}

export const zoneSOA = (name: DnsName, f: SoaFields, o?: Opts): ZoneRecord =>
  record(name, { kind: 'SOA', ...f }, o);
