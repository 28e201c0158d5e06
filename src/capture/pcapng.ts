/**
 * pcapng blocks labwire writes and reads (draft-ietf-opsawg-pcapng). Every block is
 *
 * ```
 *  0 block type | 4 block total length | body … | options (code u16, length u16, value, pad to 4) | total length again
 * ```
 *
 * - SHB 0x0A0D0D0A: byte-order magic 0x1A2B3C4D, version 1.0, section length -1, `shb_userappl` "labwire"
 *   (no hardware or OS text: it would vary between machines and break byte-identical output).
 * - IDB 1: link type u16, reserved u16, snaplen u32, `if_name`, `if_tsresol` = 9 (nanoseconds).
 * - EPB 6: interface id, timestamp high, low, captured length, original length, data padded to 4,
 *   then optionally `opt_comment` (code 1, UTF-8) and `opt_endofopt`: the packet comments
 *   Wireshark shows as "Packet comments" and filters as `frame.comment`.
 * - SPB 3 and the obsolete PB 2 are read, not written; any other block type is skipped.
 */
import { putU16le, putU32le, u16, u16le, u32, u32le, utf8Bytes } from '../stack/wire/bytes.ts';

export const BT_SHB = 0x0a0d0d0a;
export const BT_IDB = 0x00000001;
export const BT_PB = 0x00000002;
export const BT_SPB = 0x00000003;
export const BT_EPB = 0x00000006;
export const BYTE_ORDER_MAGIC = 0x1a2b3c4d;
export const EPB_HEADER_LENGTH = 28;
/** Header, trailing length: what an EPB adds to the padded frame. */
export const EPB_OVERHEAD = EPB_HEADER_LENGTH + 4;

const OPT_ENDOFOPT = 0;
/** opt_comment: valid in every block; UTF-8, not zero-terminated. */
const OPT_COMMENT = 1;
const OPT_SHB_USERAPPL = 4;
const OPT_IF_NAME = 2;
const OPT_IF_TSRESOL = 9;

export function pad4(n: number): number {
  return (n + 3) & ~3;
}

interface Option {
  readonly code: number;
  readonly value: Uint8Array;
}

function encodeBlock(type: number, body: Uint8Array, options: readonly Option[]): Uint8Array {
  let optLen = options.length > 0 ? 4 : 0;
  for (const o of options) optLen += 4 + pad4(o.value.length);
  const total = 8 + body.length + optLen + 4;
  const b = new Uint8Array(total);
  putU32le(b, 0, type);
  putU32le(b, 4, total);
  b.set(body, 8);
  let p = 8 + body.length;
  for (const o of options) {
    putU16le(b, p, o.code);
    putU16le(b, p + 2, o.value.length);
    b.set(o.value, p + 4);
    p += 4 + pad4(o.value.length);
  }
  if (options.length > 0) p += 4; // opt_endofopt: code 0, length 0 (already zero)
  putU32le(b, p, total);
  return b;
}

export function encodeShb(userAppl = 'labwire'): Uint8Array {
  const body = new Uint8Array(16);
  putU32le(body, 0, BYTE_ORDER_MAGIC);
  putU16le(body, 4, 1);
  putU16le(body, 6, 0);
  putU32le(body, 8, 0xffffffff); // section length -1: not given
  putU32le(body, 12, 0xffffffff);
  return encodeBlock(BT_SHB, body, [{ code: OPT_SHB_USERAPPL, value: utf8Bytes(userAppl) }]);
}

export function encodeIdb(linkType: number, snaplen: number, name: string): Uint8Array {
  const body = new Uint8Array(8);
  putU16le(body, 0, linkType);
  putU32le(body, 4, snaplen);
  return encodeBlock(BT_IDB, body, [
    { code: OPT_IF_NAME, value: utf8Bytes(name) },
    { code: OPT_IF_TSRESOL, value: Uint8Array.of(9) },
  ]);
}

/**
 * Write an EPB's 28-byte header at `o`; the caller copies the data, `optionsLength` bytes of
 * options (epbCommentOptions) and the trailing length.
 */
export function putEpbHeader(b: Uint8Array, o: number, ifId: number, tsHi: number, tsLo: number, capLen: number, origLen: number, optionsLength = 0): void {
  putU32le(b, o, BT_EPB);
  putU32le(b, o + 4, EPB_OVERHEAD + pad4(capLen) + optionsLength);
  putU32le(b, o + 8, ifId);
  putU32le(b, o + 12, tsHi);
  putU32le(b, o + 16, tsLo);
  putU32le(b, o + 20, capLen);
  putU32le(b, o + 24, origLen);
}

const utf8 = new TextDecoder('utf-8');

/** An EPB's options holding one comment: `opt_comment`, padded, then `opt_endofopt`. */
export function epbCommentOptions(comment: string): Uint8Array {
  const value = utf8Bytes(comment);
  if (value.length > 0xffff) throw new RangeError(`packet comment of ${value.length} bytes does not fit an option (65535 at most)`);
  const b = new Uint8Array(4 + pad4(value.length) + 4);
  putU16le(b, 0, OPT_COMMENT);
  putU16le(b, 2, value.length);
  b.set(value, 4);
  return b;
}

/**
 * The `opt_comment` values among the options in `b[o..end)` (a packet block after its padded
 * data). Options that run past the block end the list; the packet itself stays readable.
 */
export function decodeComments(b: Uint8Array, o: number, end: number, le: boolean): string[] {
  const r16 = le ? u16le : u16;
  const out: string[] = [];
  for (let p = o; p + 4 <= end; ) {
    const code = r16(b, p);
    const len = r16(b, p + 2);
    if (code === OPT_ENDOFOPT || p + 4 + len > end) break;
    if (code === OPT_COMMENT) out.push(utf8.decode(b.subarray(p + 4, p + 4 + len)));
    p += 4 + pad4(len);
  }
  return out;
}

export interface IdbInfo {
  readonly linkType: number;
  readonly snaplen: number;
  readonly name: string | undefined;
  /** Raw if_tsresol byte: bit 7 clear = 10^-n s, set = 2^-n s; 6 when absent. */
  readonly tsresol: number;
}

/**
 * Decode an IDB body: `b[o..end)` is everything after the 8-byte block header up to the
 * trailing length. Returns the reason as a string when an option runs past the block.
 */
export function decodeIdb(b: Uint8Array, o: number, end: number, le: boolean): IdbInfo | string {
  if (end - o < 8) return `interface description block body is ${end - o} bytes, needs 8`;
  const r16 = le ? u16le : u16;
  const r32 = le ? u32le : u32;
  let name: string | undefined;
  let tsresol = 6;
  for (let p = o + 8; p + 4 <= end; ) {
    const code = r16(b, p);
    const len = r16(b, p + 2);
    if (code === OPT_ENDOFOPT) break;
    if (p + 4 + len > end) return `interface option ${code} claims ${len} bytes, past the end of its block`;
    if (code === OPT_IF_NAME) name = utf8.decode(b.subarray(p + 4, p + 4 + len)).replace(/\0+$/, '');
    else if (code === OPT_IF_TSRESOL && len >= 1) tsresol = b[p + 4]!;
    p += 4 + pad4(len);
  }
  return { linkType: r16(b, o), snaplen: r32(b, o + 4), name, tsresol };
}
