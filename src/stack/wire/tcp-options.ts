/**
 * TCP options as an ordered list, wire order kept (RFC 9293 §3.1, RFC 7323, RFC 2018).
 * A capture tool must re-emit exactly what it read, so NOP/EOL padding stays in the list
 * and an unknown kind keeps its raw data.
 */
import { putU16, putU32, u16, u32 } from './bytes.ts';
import { parsed, wireError, type Parsed } from './errors.ts';
import { assertRoom } from './room.ts';

export type TcpOption =
  | { readonly kind: 'eol' }
  | { readonly kind: 'nop' }
  | { readonly kind: 'mss'; readonly mss: number }
  | { readonly kind: 'wscale'; readonly shift: number }
  | { readonly kind: 'sackPermitted' }
  | { readonly kind: 'sack'; readonly blocks: readonly (readonly [left: number, right: number])[] }
  | { readonly kind: 'timestamps'; readonly tsval: number; readonly tsecr: number }
  | { readonly kind: 'unknown'; readonly code: number; readonly data: Uint8Array };

export const TCPOPT_EOL = 0;
export const TCPOPT_NOP = 1;
export const TCPOPT_MSS = 2;
export const TCPOPT_WSCALE = 3;
export const TCPOPT_SACK_PERMITTED = 4;
export const TCPOPT_SACK = 5;
export const TCPOPT_TIMESTAMPS = 8;

// ---- codec -------------------------------------------------------------------------------
// The byte layouts (RFC 9293 §3.2, RFC 7323 §2.2 and §3.2, RFC 2018 §2 and §3):
//   EOL 00 · NOP 01 · MSS 02 04 <mss:2> · WS 03 03 <shift> · SACK_PERM 04 02
//   SACK 05 <2+8n> (<left:4> <right:4>)×n · TS 08 0a <tsval:4> <tsecr:4> · other: kind len data
// Linux's SYN: 02 04 05 b4 04 02 08 0a <tsval> <tsecr> 01 03 03 07 (MSS, SACK_PERM, TS, NOP, WS).

const EOL: TcpOption = { kind: 'eol' };
const NOP: TcpOption = { kind: 'nop' };
const SACK_PERMITTED: TcpOption = { kind: 'sackPermitted' };

/** The name an error gives the option with this kind byte. */
function optionName(code: number): string {
  switch (code) {
    case TCPOPT_MSS: return 'mss';
    case TCPOPT_WSCALE: return 'wscale';
    case TCPOPT_SACK_PERMITTED: return 'sackPermitted';
    case TCPOPT_SACK: return 'sack';
    case TCPOPT_TIMESTAMPS: return 'timestamps';
    default: return `kind${code}`;
  }
}

/** The only length a fixed-size option may have (0: not a fixed-size option). */
function fixedLength(code: number): number {
  switch (code) {
    case TCPOPT_MSS: return 4;
    case TCPOPT_WSCALE: return 3;
    case TCPOPT_SACK_PERMITTED: return 2;
    case TCPOPT_TIMESTAMPS: return 10;
    default: return 0;
  }
}

/**
 * Parses the options area bytes[offset..end) into the ordered list. Every byte is accounted
 * for: padding after an EOL comes back as further EOL entries (or as the options those bytes
 * spell), so emitting the list reproduces the area exactly.
 */
export function parseTcpOptions(bytes: Uint8Array, offset: number, end: number): Parsed<TcpOption[]> {
  if (end > bytes.length) end = bytes.length;
  // every segment after the handshake with timestamps on (Linux's NOP NOP TS): a list of
  // exactly three, not one grown by push
  if (isNopNopTimestamps(bytes, offset, end)) return parsed([NOP, NOP, readOption(bytes, TCPOPT_TIMESTAMPS, offset + 2, 10)], end);
  const list: TcpOption[] = [];
  let i = offset;
  while (i < end) {
    const code = bytes[i]!;
    if (code === 0 || code === 1) {
      list.push(code === 0 ? EOL : NOP);
      i++;
      continue;
    }
    if (i + 1 >= end) return wireError('tcp', `options.${optionName(code)}`, i, 'truncated: no length byte');
    const len = bytes[i + 1]!;
    const bad = badLength(code, len, end - i);
    if (bad !== undefined) return wireError('tcp', `options.${optionName(code)}`, i + 1, bad);
    list.push(readOption(bytes, code, i, len));
    i += len;
  }
  return parsed(list, end);
}

/** Are bytes[offset..end) exactly Linux's NOP NOP TS (every segment after a timestamped handshake)? */
function isNopNopTimestamps(bytes: Uint8Array, offset: number, end: number): boolean {
  return end - offset === 12 && bytes[offset] === TCPOPT_NOP && bytes[offset + 1] === TCPOPT_NOP && bytes[offset + 2] === TCPOPT_TIMESTAMPS && bytes[offset + 3] === 10;
}

/**
 * A NOP NOP TS list whose timestamps one reader overwrites for every segment (an input path
 * that keeps no segment: ip-input.ts). Whoever keeps options past the call copies them.
 */
export interface ReusedTimestamps {
  readonly list: readonly TcpOption[];
  readonly ts: { readonly kind: 'timestamps'; tsval: number; tsecr: number };
}

export function reusedTimestamps(): ReusedTimestamps {
  const ts = { kind: 'timestamps' as const, tsval: 0, tsecr: 0 };
  return { list: [NOP, NOP, ts], ts };
}

/**
 * parseTcpOptions, except that NOP NOP TS (the usual list) comes back as `reuse.list` with
 * the timestamps written into it: no allocation for the usual segment.
 */
export function parseTcpOptionsReusing(bytes: Uint8Array, offset: number, end: number, reuse: ReusedTimestamps): readonly TcpOption[] | Parsed<never> {
  if (end > bytes.length) end = bytes.length;
  if (!isNopNopTimestamps(bytes, offset, end)) {
    const r = parseTcpOptions(bytes, offset, end);
    return r.ok ? r.value : r;
  }
  reuse.ts.tsval = u32(bytes, offset + 4);
  reuse.ts.tsecr = u32(bytes, offset + 8);
  return reuse.list;
}

/** Why `len` is not a valid length for option `code` with `left` bytes of area left, if it is not. */
function badLength(code: number, len: number, left: number): string | undefined {
  if (len < 2) return `length ${len} < 2`;
  if (len > left) return `length ${len} runs past the options end (${left} bytes left)`;
  const fixed = fixedLength(code);
  if (fixed !== 0 && len !== fixed) return `length ${len}, expected ${fixed}`;
  if (code === TCPOPT_SACK && (len < 10 || (len - 2) % 8 !== 0)) return `length ${len} is not 2 + 8n (n ≥ 1)`;
  return undefined;
}

function readOption(b: Uint8Array, code: number, i: number, len: number): TcpOption {
  switch (code) {
    case TCPOPT_MSS:
      return { kind: 'mss', mss: u16(b, i + 2) };
    case TCPOPT_WSCALE:
      return { kind: 'wscale', shift: b[i + 2]! };
    case TCPOPT_SACK_PERMITTED:
      return SACK_PERMITTED;
    case TCPOPT_SACK: {
      const blocks: (readonly [number, number])[] = [];
      for (let p = i + 2; p < i + len; p += 8) blocks.push([u32(b, p), u32(b, p + 4)]);
      return { kind: 'sack', blocks };
    }
    case TCPOPT_TIMESTAMPS:
      return { kind: 'timestamps', tsval: u32(b, i + 2), tsecr: u32(b, i + 6) };
    default:
      return { kind: 'unknown', code, data: b.subarray(i + 2, i + len) };
  }
}

/** Bytes one option takes on the wire. */
export function tcpOptionLength(o: TcpOption): number {
  switch (o.kind) {
    case 'eol':
    case 'nop':
      return 1;
    case 'mss':
      return 4;
    case 'wscale':
      return 3;
    case 'sackPermitted':
      return 2;
    case 'sack':
      return 2 + 8 * o.blocks.length;
    case 'timestamps':
      return 10;
    case 'unknown':
      return 2 + o.data.length;
  }
}

/** Bytes the list takes, before padding to a 4-byte boundary. */
export function tcpOptionsLength(options: readonly TcpOption[]): number {
  let n = 0;
  for (let k = 0; k < options.length; k++) n += tcpOptionLength(options[k]!);
  return n;
}

/** Writes the options in list order at `offset` (no padding); returns the end offset. */
export function emitTcpOptionsInto(options: readonly TcpOption[], out: Uint8Array, offset: number): number {
  assertRoom(out, offset + tcpOptionsLength(options), 'tcp.options');
  return writeTcpOptions(options, out, offset);
}

/** emitTcpOptionsInto without the room check, for emitTcpInto, which has checked the whole segment. */
export function writeTcpOptions(options: readonly TcpOption[], out: Uint8Array, offset: number): number {
  let i = offset;
  for (let k = 0; k < options.length; k++) {
    const o = options[k]!;
    switch (o.kind) {
      case 'eol':
        out[i++] = TCPOPT_EOL;
        break;
      case 'nop':
        out[i++] = TCPOPT_NOP;
        break;
      case 'mss':
        out[i] = TCPOPT_MSS;
        out[i + 1] = 4;
        putU16(out, i + 2, o.mss);
        i += 4;
        break;
      case 'wscale':
        out[i] = TCPOPT_WSCALE;
        out[i + 1] = 3;
        out[i + 2] = o.shift;
        i += 3;
        break;
      case 'sackPermitted':
        out[i] = TCPOPT_SACK_PERMITTED;
        out[i + 1] = 2;
        i += 2;
        break;
      case 'sack':
        out[i] = TCPOPT_SACK;
        out[i + 1] = 2 + 8 * o.blocks.length;
        i += 2;
        for (let n = 0; n < o.blocks.length; n++) {
          const block = o.blocks[n]!;
          putU32(out, i, block[0]);
          putU32(out, i + 4, block[1]);
          i += 8;
        }
        break;
      case 'timestamps':
        out[i] = TCPOPT_TIMESTAMPS;
        out[i + 1] = 10;
        putU32(out, i + 2, o.tsval);
        putU32(out, i + 6, o.tsecr);
        i += 10;
        break;
      case 'unknown':
        out[i] = o.code;
        out[i + 1] = 2 + o.data.length;
        out.set(o.data, i + 2);
        i += 2 + o.data.length;
        break;
    }
  }
  return i;
}

/** The options in list order as new bytes (no padding; emitTcpInto pads). */
export function emitTcpOptions(options: readonly TcpOption[]): Uint8Array {
  const out = new Uint8Array(tcpOptionsLength(options));
  emitTcpOptionsInto(options, out, 0);
  return out;
}
