/**
 * A `>` line against what the host sent, field by field as packetdrill's verify_tcp /
 * verify_outbound_live_tcp_options check them: SYN RST ACK URG ECE FIN PSH CWR, seq (local
 * space), ack, win when the script gives one, urg, payload length, the options in order
 * with their values (TS val only when --tcp_ts_tick_usecs is set; TS ecr never), and the
 * IP ECN/TOS/TTL the script names. Several packets the host sent back to back stand for one
 * script packet when their payloads add up (packetdrill's aggregation of TSO/GSO pieces).
 */
import { verifyIpv4Checksum, type Ipv4Header } from '../stack/wire/ipv4.ts';
import { TCP_ACK, TCP_CWR, TCP_ECE, TCP_FIN, TCP_PSH, TCP_RST, TCP_SYN, TCP_URG, verifyTcpChecksum, type TcpSegment } from '../stack/wire/tcp.ts';
import type { TcpOption } from '../stack/wire/tcp-options.ts';
import type { Flow } from './flow.ts';
import { ECN_BITS, flagBits, optionsFromSpec } from './inbound.ts';
import type { PacketSpec } from './script.ts';

export interface SentPacket {
  readonly at: number;
  readonly ip: Ipv4Header;
  readonly seg: TcpSegment;
  /** 'ip checksum' / 'tcp checksum' when the host got one wrong, else null */
  readonly badChecksum: string | null;
}

/**
 * Which checksum of a sent packet is wrong, if one is: the IP header's (packetdrill checks
 * it) and the TCP segment's (packetdrill leaves it to offload; labwire promises every byte).
 */
export function badChecksum(packet: Uint8Array, ip: Ipv4Header, tcpStart: number): string | null {
  if (!verifyIpv4Checksum(packet).ok) return 'ip checksum';
  return verifyTcpChecksum(packet, ip.src, ip.dst, tcpStart, ip.totalLength).ok ? null : 'tcp checksum';
}

export interface MatchSettings {
  /** --tcp_ts_tick_usecs: the host's TS clock tick; 0 leaves TS val unchecked */
  readonly tsTickUsecs: number;
}

const FLAG_ORDER: readonly (readonly [number, string])[] = [
  [TCP_FIN, 'F'], [TCP_SYN, 'S'], [TCP_RST, 'R'], [TCP_PSH, 'P'], [TCP_URG, 'U'], [TCP_ECE, 'E'], [TCP_CWR, 'W'],
];

function flagLetters(bits: number): string {
  const s = FLAG_ORDER.filter(([b]) => bits & b).map(([, l]) => l).join('');
  if (bits & TCP_ACK) return `${s}.`;
  return s === '' ? '-' : s;
}

function formatOption(o: TcpOption): string {
  switch (o.kind) {
    case 'nop': return 'nop';
    case 'eol': return 'eol';
    case 'mss': return `mss ${o.mss}`;
    case 'wscale': return `wscale ${o.shift}`;
    case 'sackPermitted': return 'sackOK';
    case 'sack': return `sack ${o.blocks.map(([l, r]) => `${l}:${r}`).join(' ')}`;
    case 'timestamps': return `TS val ${o.tsval} ecr ${o.tsecr}`;
    case 'unknown': return `kind${o.code}`;
  }
}

/** A packet in script notation: `P. 1:41(40) ack 1 win 229 <nop,nop,TS val 1 ecr 2>`, `urg N` with URG. */
export function formatPacket(flags: number, seq: number, len: number, ack: number | null, win: number | null, options: readonly TcpOption[] | null, urg = 0): string {
  let s = `${flagLetters(flags)} ${seq}:${(seq + len) >>> 0}(${len})`;
  if (ack !== null && flags & TCP_ACK) s += ` ack ${ack}`;
  if (win !== null) s += ` win ${win}`;
  if (flags & TCP_URG || urg !== 0) s += ` urg ${urg}`;
  if (options === null) return `${s} <...>`;
  return options.length ? `${s} <${options.map(formatOption).join(',')}>` : s;
}

/** The host's packets as one, in script space (seq and TS val mapped). */
export function actualInScriptSpace(sent: readonly SentPacket[], flow: Flow): { flags: number; seq: number; len: number; ack: number; win: number; urg: number; options: TcpOption[] } {
  const first = sent[0]!.seg;
  const last = sent[sent.length - 1]!.seg;
  const len = sent.reduce((n, p) => n + p.seg.payload.length, 0);
  const options = last.options.filter((o, i, all) => !(o.kind === 'eol' && all.slice(i).every((x) => x.kind === 'eol')))
    .map((o) => (o.kind === 'timestamps' ? { ...o, tsval: flow.tsValToScript(o.tsval) } : o));
  // packetdrill's aggregate_packets: the last piece's header, with the first one's seq and CWR
  const flags = (last.flags & ~TCP_CWR) | (first.flags & TCP_CWR);
  return { flags, seq: flow.localToScript(first.seq), len, ack: last.ack, win: last.window, urg: last.urgent, options };
}

export interface FieldMismatch {
  readonly field: string;
  readonly expected: string;
  readonly got: string;
}

function optionMismatch(want: readonly TcpOption[], got: readonly TcpOption[], settings: MatchSettings, toleranceUsecs: number): string | null {
  if (want.length !== got.length) return 'tcp options';
  for (let i = 0; i < want.length; i++) {
    const w = want[i]!;
    const g = got[i]!;
    if (w.kind !== g.kind) return 'tcp options';
    if (w.kind === 'timestamps' && g.kind === 'timestamps') {
      const drift = Math.abs((g.tsval - w.tsval) | 0) * settings.tsTickUsecs;
      if (settings.tsTickUsecs && drift > toleranceUsecs) return 'tcp option TS val';
      continue;
    }
    if (formatOption(w) !== formatOption(g)) return `tcp option ${w.kind}`;
  }
  return null;
}

function ipMismatch(p: PacketSpec, ip: Ipv4Header): string | null {
  const ecn = ip.dscpEcn & 3;
  if (p.ecn === 'ect01' && ecn !== 1 && ecn !== 2) return 'ip ecn';
  if (p.ecn && p.ecn !== 'ect01' && ecn !== ECN_BITS[p.ecn]) return 'ip ecn';
  if (p.tos !== null && ip.dscpEcn !== p.tos) return 'ip tos';
  if (p.ttl !== null && p.ttl !== 0 && ip.ttl !== p.ttl) return 'ip ttl';
  return null;
}

/**
 * Checks the host's packet(s) against the script packet (whose IP header was already
 * mapped); learns the host's ISN from a SYN and the TS val mapping on the way, as
 * packetdrill does even when the check then fails.
 */
export function matchOutbound(p: PacketSpec, sent: readonly SentPacket[], flow: Flow, settings: MatchSettings, toleranceUsecs: number): FieldMismatch | null {
  const wantFlags = flagBits(p.flags) as number;
  const wantOptions = p.options === null ? null : (optionsFromSpec(p.options) as TcpOption[]);
  const firstSeg = sent[0]!.seg;
  if (wantFlags & TCP_SYN && firstSeg.flags & TCP_SYN) flow.learnLocalIsn(p.seq, firstSeg.seq);
  const liveTs = sent[sent.length - 1]!.seg.options.find((o) => o.kind === 'timestamps');
  const scriptTs = wantOptions?.find((o) => o.kind === 'timestamps');
  if (liveTs?.kind === 'timestamps' && scriptTs?.kind === 'timestamps') flow.noteTsVal(scriptTs.tsval, liveTs.tsval);
  const got = actualInScriptSpace(sent, flow);
  const expected = formatPacket(wantFlags, p.seq, p.len, p.ack ?? 0, p.win, wantOptions, p.urg ?? 0);
  const shown = formatPacket(got.flags, got.seq, got.len, got.ack, p.win === null ? null : got.win, wantOptions === null ? null : got.options, got.urg);
  const fail = (field: string): FieldMismatch => ({ field, expected, got: shown });
  const checksum = sent.find((x) => x.badChecksum)?.badChecksum;
  if (checksum) return fail(checksum);
  if (got.flags !== wantFlags) return fail('tcp flags');
  if (got.len !== p.len) return fail('tcp payload length');
  if (got.seq !== p.seq >>> 0) return fail('tcp seq');
  if ((got.flags & TCP_ACK) && got.ack !== (p.ack ?? 0) >>> 0) return fail('tcp ack');
  if (p.win !== null && got.win !== p.win) return fail('tcp window');
  if (got.urg !== (p.urg ?? 0)) return fail('tcp urgent pointer');
  const ip = ipMismatch(p, sent[sent.length - 1]!.ip); // aggregate_packets keeps the last piece's IP header
  if (ip) return fail(ip);
  const opt = wantOptions === null ? null : optionMismatch(wantOptions, got.options, settings, toleranceUsecs);
  return opt ? fail(opt) : null;
}
