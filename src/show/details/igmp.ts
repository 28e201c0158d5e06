/**
 * IGMP in the details pane (packet-igmp.c, tshark 4.0): the version (generated), type, Max
 * Resp Time (v3's floating-point code with its exponent and mantissa), the checksum (v1/v2
 * over their 8 bytes, v3 over the whole message; unverified when the capture holds less),
 * the group address; v3 queries' S flag, QRV, QQIC and sources; v3 reports' group records.
 * An unknown type shows its bytes as Data. A message cut short stops where the bytes end and
 * is followed by the [Malformed Packet] item, as tshark's exception makes it.
 */
import { formatIpv4Addr } from '../../stack/wire/addr.ts';
import { checkChecksum } from '../../stack/wire/checksum.ts';
import { igmpV3MaxRespTenths, type IgmpGroupRecord, type IgmpMessage } from '../../stack/wire/igmp.ts';
import { igmpTypeName, RECORD_TYPE_NAMES } from '../info-igmp.ts';
import { expertItem, malformedItems } from './expert.ts';
import { bits, hex4, type Tree } from './text.ts';

const hex2 = (n: number): string => `0x${n.toString(16).padStart(2, '0')}`;
const hexBytes = (b: Uint8Array): string => Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');

/** `captured`: the capture holds the whole IP payload (else the checksum is unverified) */
export function igmpSection(t: Tree, m: IgmpMessage, captured: boolean): void {
  t.proto(0, 'igmp', 'Internet Group Management Protocol');
  if (m.version === 0) {
    t.field(1, 'igmp.type', hex2(m.type), `Type: Unknown (${hex2(m.type)})`);
    if (m.bytes.length > 1) t.field(1, 'igmp.data', m.bytes.subarray(1), `Data: ${hexBytes(m.bytes.subarray(1))}`);
    return;
  }
  t.field(1, 'igmp.version', m.version, `[IGMP Version: ${m.version}]`);
  t.field(1, 'igmp.type', hex2(m.type), `Type: ${igmpTypeName(m.type)} (${hex2(m.type)})`);
  if (m.bytes.length >= 2) maxRespItem(t, m);
  if (m.bytes.length >= 4) checksumItems(t, m, captured);
  if (m.version === 3 && m.kind === 'report') reportBody(t, m.reserved, m.recordCount, m.records);
  else if (m.group !== undefined) {
    t.field(1, 'igmp.maddr', formatIpv4Addr(m.group), `Multicast Address: ${formatIpv4Addr(m.group)}`);
    if (m.version === 3 && m.kind === 'query') queryBody(t, m.suppress!, m.qrv!, m.qqic!, m.sourceCount, m.sources);
  }
  if (m.truncated) malformedItems(t, 'IGMP');
}

/** byte 1: reserved in v1 and v3 reports, Max Resp Time in v2 (tenths) and v3 queries (a code) */
function maxRespItem(t: Tree, m: IgmpMessage): void {
  const code = m.maxResp;
  if (m.version === 1 || (m.version === 3 && m.kind === 'report')) {
    t.field(1, 'igmp.reserved', Uint8Array.of(code), `Reserved: ${hexBytes(Uint8Array.of(code))}`);
    return;
  }
  const tenths = m.version === 3 ? igmpV3MaxRespTenths(code) : code;
  t.field(1, 'igmp.max_resp', tenths, `Max Resp Time: ${(tenths * 0.1).toFixed(1)} sec (${hex2(code)})`);
  if (m.version === 3 && code & 0x80) {
    t.field(2, 'igmp.max_resp.exp', hex2((code >> 4) & 0x07), `${bits(8, 0x70, code)} = Exponent: 0x${((code >> 4) & 0x07).toString(16)}`);
    t.field(2, 'igmp.max_resp.mant', hex2(code & 0x0f), `${bits(8, 0x0f, code)} = Mantissa: 0x${(code & 0x0f).toString(16)}`);
  }
}

/** igmp_checksum(): v1 and v2 cover 8 bytes, v3 the whole message; bytes the capture lacks leave it unverified */
function checksumItems(t: Tree, m: IgmpMessage, captured: boolean): void {
  const len = m.version === 3 ? m.bytes.length : 8;
  const ck = hex4(m.checksum);
  if (m.bytes.length < len || !captured) {
    t.field(1, 'igmp.checksum', ck, `Checksum: ${ck} [unverified]`);
    t.field(1, 'igmp.checksum.status', 2, '[Checksum Status: Unverified]');
    return;
  }
  const c = checkChecksum(m.bytes, 0, len, 2);
  if (c.ok) {
    t.field(1, 'igmp.checksum', ck, `Checksum: ${ck} [correct]`);
    t.field(1, 'igmp.checksum.status', 1, '[Checksum Status: Good]');
    return;
  }
  t.field(1, 'igmp.checksum', ck, `Checksum: ${ck} incorrect, should be ${hex4(c.expected)}`);
  expertItem(t, 2, 'igmp.bad_checksum', 'Error', 'Checksum', `Bad checksum [should be ${hex4(c.expected)}]`);
  t.field(1, 'igmp.checksum.status', 0, '[Checksum Status: Bad]');
}

function queryBody(t: Tree, suppress: boolean, qrv: number, qqic: number, count: number, sources: readonly number[]): void {
  const flags = (suppress ? 0x08 : 0) | qrv;
  t.field(1, 'igmp.s', suppress, `${bits(8, 0x08, flags)} = S: ${suppress ? 'SUPPRESS router side processing' : 'Do not suppress router side processing'}`);
  t.field(1, 'igmp.qrv', qrv, `${bits(8, 0x07, flags)} = QRV: ${qrv}`);
  t.field(1, 'igmp.qqic', qqic, `QQIC: ${qqic}`);
  t.field(1, 'igmp.num_src', count, `Num Src: ${count}`);
  for (const s of sources) t.field(1, 'igmp.saddr', formatIpv4Addr(s), `Source Address: ${formatIpv4Addr(s)}`);
}

function reportBody(t: Tree, reserved: number | undefined, count: number, records: readonly IgmpGroupRecord[]): void {
  if (reserved === undefined) return;
  t.field(1, 'igmp.reserved', Uint8Array.of(reserved >> 8, reserved & 0xff), `Reserved: ${reserved.toString(16).padStart(4, '0')}`);
  t.field(1, 'igmp.num_grp_recs', count, `Num Group Records: ${count}`);
  for (const r of records) recordItems(t, r);
}

function recordItems(t: Tree, r: IgmpGroupRecord): void {
  const group = formatIpv4Addr(r.group);
  const name = RECORD_TYPE_NAMES[r.type];
  t.line(1, `Group Record : ${group}  ${name ?? ''}`);
  t.field(2, 'igmp.record_type', r.type, `Record Type: ${name ?? 'Unknown'} (${r.type})`);
  t.field(2, 'igmp.aux_data_len', r.auxLen, `Aux Data Len: ${r.auxLen}`);
  t.field(2, 'igmp.num_src', r.sourceCount, `Num Src: ${r.sourceCount}`);
  t.field(2, 'igmp.maddr', group, `Multicast Address: ${group}`);
  for (const s of r.sources) t.field(2, 'igmp.saddr', formatIpv4Addr(s), `Source Address: ${formatIpv4Addr(s)}`);
}
