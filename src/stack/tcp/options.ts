/**
 * TCP options as Linux writes them (net/ipv4/tcp_output.c tcp_options_write) and reads
 * them (tcp_input.c tcp_parse_options).
 *
 * SYN: MSS, SACK_PERM, TS, NOP, WS — 20 bytes (SACK_PERM shares a word with TS).
 * Data and ACK segments: NOP, NOP, TS — 12 bytes; then NOP, NOP, SACK blocks when any.
 */
import type { TcpOption } from '../wire/tcp-options.ts';

const NOP: TcpOption = Object.freeze({ kind: 'nop' });
const SACK_PERM: TcpOption = Object.freeze({ kind: 'sackPermitted' });

export interface SynOptionConfig {
  readonly mss: number;
  readonly sack: boolean;
  /** omitted when timestamps are off */
  readonly ts: { readonly tsval: number; readonly tsecr: number } | undefined;
  /** −1 when window scaling is off */
  readonly wscale: number;
}

/** The SYN or SYN/ACK option list in Linux's order. */
export function synOptions(o: SynOptionConfig): TcpOption[] {
  const out: TcpOption[] = [{ kind: 'mss', mss: o.mss }];
  if (o.ts) {
    if (o.sack) out.push(SACK_PERM);
    else out.push(NOP, NOP);
    out.push({ kind: 'timestamps', tsval: o.ts.tsval, tsecr: o.ts.tsecr });
  } else if (o.sack) {
    out.push(NOP, NOP, SACK_PERM);
  }
  if (o.wscale >= 0) out.push(NOP, { kind: 'wscale', shift: o.wscale });
  return out;
}

/** Options of a non-SYN segment: NOP, NOP, TS when timestamps are on; then SACK blocks. */
export function segmentOptions(tsOk: boolean, tsval: number, tsecr: number, sack: readonly (readonly [number, number])[] | undefined): TcpOption[] {
  const out: TcpOption[] = tsOk ? [NOP, NOP, { kind: 'timestamps', tsval, tsecr }] : [];
  if (sack && sack.length > 0) out.push(NOP, NOP, { kind: 'sack', blocks: sack });
  return out;
}

/** What a peer's segment says, as Linux's tcp_parse_options reads it. */
export interface PeerOptions {
  mss: number;
  wscale: number;
  sackPermitted: boolean;
  hasTs: boolean;
  tsval: number;
  tsecr: number;
  sack: readonly (readonly [number, number])[] | undefined;
}

export function readOptions(options: readonly TcpOption[], syn: boolean): PeerOptions {
  return readOptionsInto(options, syn, { mss: 0, wscale: -1, sackPermitted: false, hasTs: false, tsval: 0, tsecr: 0, sack: undefined });
}

/** readOptions into `o`, every field written (for a reader that reuses one: input.ts). */
export function readOptionsInto(options: readonly TcpOption[], syn: boolean, o: PeerOptions): PeerOptions {
  o.mss = 0;
  o.wscale = -1;
  o.sackPermitted = false;
  o.hasTs = false;
  o.tsval = 0;
  o.tsecr = 0;
  o.sack = undefined;
  for (let i = 0; i < options.length; i++) {
    const opt = options[i]!;
    switch (opt.kind) {
      case 'mss':
        if (syn) o.mss = opt.mss;
        break;
      case 'wscale':
        // RFC 7323 §2.3: a shift above 14 is used as 14 (Linux logs and clamps)
        if (syn) o.wscale = Math.min(opt.shift, 14);
        break;
      case 'sackPermitted':
        if (syn) o.sackPermitted = true;
        break;
      case 'sack':
        if (!syn) o.sack = opt.blocks;
        break;
      case 'timestamps':
        o.hasTs = true;
        o.tsval = opt.tsval >>> 0;
        o.tsecr = opt.tsecr >>> 0;
        break;
      default:
        break;
    }
  }
  return o;
}

/** Bytes of options on a full data segment (what mss_cache leaves out). */
export function dataOptionLength(tsOk: boolean): number {
  return tsOk ? 12 : 0;
}
