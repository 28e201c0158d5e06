/**
 * IGMP's filter fields (packet-igmp.c names and types): `igmp` itself, the version (a
 * generated field, absent for an unknown type), type, Max Resp Time, checksum, and the
 * addresses — a v3 report's groups and sources answer `igmp.maddr` / `igmp.saddr` once each.
 */
import type { Dissected } from '../dissect.ts';
import { igmpV3MaxRespTenths } from '../../stack/wire/igmp.ts';
import { field, many, type FieldTable } from './fields.ts';

const igmp = (f: Dissected) => f.igmp;

/** a function, not a constant: fields.ts imports this module and builds its table from it (a cycle) */
export function igmpFields(): FieldTable {
  return {
    'igmp': field('protocol', (f) => igmp(f)?.bytes),
    'igmp.version': field('u8', (f) => { const m = igmp(f); return m && m.version !== 0 ? m.version : undefined; }),
    'igmp.type': field('u8', (f) => igmp(f)?.type),
    'igmp.max_resp': field('u8', (f) => {
      const m = igmp(f);
      if (!m || m.version === 0 || m.version === 1 || (m.version === 3 && m.kind === 'report')) return undefined;
      return m.version === 3 ? igmpV3MaxRespTenths(m.maxResp) : m.maxResp;
    }),
    'igmp.checksum': field('u16', (f) => { const m = igmp(f); return m && m.version !== 0 && m.bytes.length >= 4 ? m.checksum : undefined; }),
    'igmp.maddr': many('ipv4', (f) => {
      const m = igmp(f);
      if (!m || m.version === 0) return [];
      if (m.version === 3 && m.kind === 'report') return m.records.map((r) => r.group);
      return m.group === undefined ? [] : [m.group];
    }),
    'igmp.saddr': many('ipv4', (f) => {
      const m = igmp(f);
      if (!m || m.version !== 3) return [];
      return m.kind === 'query' ? m.sources : m.records.flatMap((r) => r.sources);
    }),
    'igmp.num_grp_recs': field('u16', (f) => { const m = igmp(f); return m?.version === 3 && m.kind === 'report' && m.reserved !== undefined ? m.recordCount : undefined; }),
    'igmp.record_type': many('u8', (f) => { const m = igmp(f); return m?.version === 3 && m.kind === 'report' ? m.records.map((r) => r.type) : []; }),
  };
}
