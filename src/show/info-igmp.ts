/**
 * IGMP's Protocol and Info columns as tshark 4.0 writes them (packet-igmp.c): `IGMPv2`,
 * `Membership Query, general`, `Membership Report / Join group 224.0.0.106 for any sources`;
 * a message cut short ends in `[Malformed Packet]`, an unknown type is `IGMP` `Unknown Type:0x30`.
 */
import { formatIpv4Addr } from '../stack/wire/addr.ts';
import {
  IGMP_ALLOW_NEW_SOURCES, IGMP_BLOCK_OLD_SOURCES, IGMP_CHANGE_TO_EXCLUDE, IGMP_CHANGE_TO_INCLUDE, IGMP_MEMBERSHIP_QUERY,
  IGMP_MODE_IS_EXCLUDE, IGMP_MODE_IS_INCLUDE, IGMP_V1_MEMBERSHIP_REPORT, IGMP_V2_LEAVE_GROUP, IGMP_V2_MEMBERSHIP_REPORT,
  IGMP_V3_MEMBERSHIP_REPORT, parseIgmp, type IgmpGroupRecord, type IgmpMessage,
} from '../stack/wire/igmp.ts';
import type { FrameView } from '../stack/wire/frame.ts';
import { IPPROTO_IGMP } from '../stack/wire/ipv4.ts';

const TYPE_NAMES: Readonly<Record<number, string>> = {
  [IGMP_MEMBERSHIP_QUERY]: 'Membership Query',
  [IGMP_V1_MEMBERSHIP_REPORT]: 'Membership Report',
  [IGMP_V2_MEMBERSHIP_REPORT]: 'Membership Report',
  [IGMP_V2_LEAVE_GROUP]: 'Leave Group',
  [IGMP_V3_MEMBERSHIP_REPORT]: 'Membership Report',
};

export const RECORD_TYPE_NAMES: Readonly<Record<number, string>> = {
  [IGMP_MODE_IS_INCLUDE]: 'Mode Is Include',
  [IGMP_MODE_IS_EXCLUDE]: 'Mode Is Exclude',
  [IGMP_CHANGE_TO_INCLUDE]: 'Change To Include Mode',
  [IGMP_CHANGE_TO_EXCLUDE]: 'Change To Exclude Mode',
  [IGMP_ALLOW_NEW_SOURCES]: 'Allow New Sources',
  [IGMP_BLOCK_OLD_SOURCES]: 'Block Old Sources',
};

export const igmpTypeName = (type: number): string | undefined => TYPE_NAMES[type];

/** The IGMP message an unfragmented IPv4 packet carries, if it carries one. */
export function igmpOf(v: FrameView): IgmpMessage | undefined {
  const ip = v.ipv4;
  if (!ip || ip.protocol !== IPPROTO_IGMP || ip.flags.mf || ip.fragOffset !== 0 || !v.payload || v.payload.length === 0) return undefined;
  return parseIgmp(v.payload, 0, v.payload.length);
}

export function igmpProtocol(m: IgmpMessage): string {
  return m.version === 0 ? 'IGMP' : `IGMPv${m.version}`;
}

export function igmpInfo(m: IgmpMessage): string {
  const name = TYPE_NAMES[m.type];
  if (m.version === 0 || name === undefined) return `Unknown Type:0x${m.type.toString(16).padStart(2, '0')}`;
  let s = name;
  if (m.version === 2 && m.group !== undefined) s += v2Group(m.type, m.group);
  if (m.version === 3 && m.kind === 'query') {
    s += m.group === 0 ? ', general' : `, specific for group ${formatIpv4Addr(m.group!)}`;
    const n = m.sourceCount;
    if (n > 0) s += `, source${n > 1 ? 's' : ''} {${m.sources.map((a, i) => formatIpv4Addr(a) + (i === n - 1 ? '}' : ', ')).join('')}`;
  }
  if (m.version === 3 && m.kind === 'report') {
    if (m.reserved !== undefined && m.records.length === 0 && !m.truncated) s += ' - General query';
    for (const r of m.records) s += recordInfo(r);
  }
  return m.truncated ? `${s}[Malformed Packet]` : s;
}

/** dissect_igmp_v2()'s group: a general query, a leave, a group-specific query or a report */
function v2Group(type: number, group: number): string {
  if (group === 0) return ', general';
  const g = formatIpv4Addr(group);
  if (type === IGMP_V2_LEAVE_GROUP) return ` ${g}`;
  return type === IGMP_MEMBERSHIP_QUERY ? `, specific for group ${g}` : ` group ${g}`;
}

/** dissect_v3_group_record()'s part of the Info column */
function recordInfo(r: IgmpGroupRecord): string {
  const g = formatIpv4Addr(r.group);
  const n = r.sourceCount;
  const include = r.type === IGMP_MODE_IS_INCLUDE || r.type === IGMP_CHANGE_TO_INCLUDE;
  const exclude = r.type === IGMP_MODE_IS_EXCLUDE || r.type === IGMP_CHANGE_TO_EXCLUDE;
  if (n === 0) {
    if (include) return ` / Leave group ${g}`;
    if (exclude) return ` / Join group ${g} for any sources`;
    if (r.type === IGMP_ALLOW_NEW_SOURCES) return ` / Group ${g}, ALLOW_NEW_SOURCES but no source specified (?)`;
    if (r.type === IGMP_BLOCK_OLD_SOURCES) return ` / Group ${g}, BLOCK_OLD_SOURCES but no source specified (?)`;
    return ` / Group ${g}, unknown record type (?)`;
  }
  // each source as it is read, closed by `}` after the last one the record announces
  const sources = `{${r.sources.map((s, i) => formatIpv4Addr(s) + (i === n - 1 ? '}' : ', ')).join('')}`;
  if (include) return ` / Join group ${g} for source${n > 1 ? 's in' : ''} ${sources}`;
  if (exclude) return ` / Join group ${g}, for source${n > 1 ? 's not in' : ' not'} ${sources}`;
  if (r.type === IGMP_ALLOW_NEW_SOURCES) return ` / Group ${g}, new source${n > 1 ? 's' : ''} ${sources}`;
  if (r.type === IGMP_BLOCK_OLD_SOURCES) return ` / Group ${g}, block source${n > 1 ? 's' : ''} ${sources}`;
  return ` / Group ${g}, unknown record type (?), sources ${sources}`;
}
