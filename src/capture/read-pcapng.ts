/**
 * The block loop for pcapng files: sections (each with its byte order and interfaces),
 * interface descriptions, enhanced, simple and obsolete packet blocks; any other block type
 * is skipped by its length. Stops with a CaptureError at the first block whose length lies
 * (under 12, not a multiple of 4, over 64 MiB, past the end of the file, or unequal at both ends), whose
 * contents overrun it, or that names an interface the section has not described.
 */
import { u16, u16le, u32, u32le } from '../stack/wire/bytes.ts';
import { BT_EPB, BT_IDB, BT_PB, BT_SHB, BT_SPB, BYTE_ORDER_MAGIC, decodeComments, decodeIdb, pad4 } from './pcapng.ts';
import { captureError, type CaptureEntry, type CaptureError } from './record.ts';
import type { ByteSource } from './source.ts';
import { div64, mod64, timeScale, unitsToTimeSlow, type TimeScale } from './timestamp.ts';

interface Iface {
  readonly linkType: number;
  readonly snaplen: number;
  readonly scale: TimeScale;
}

/** Parsing state of the current section. */
interface Section {
  le: boolean;
  ifBase: number;
  ifaces: Iface[];
  index: number;
}

type Step = CaptureEntry | null;

/** Largest block accepted, so a lying length cannot make the reader allocate gigabytes (Wireshark stops at 16 MiB). */
export const MAX_BLOCK_LENGTH = 64 << 20;

export function* readPcapng(src: ByteSource): Generator<CaptureEntry, void, undefined> {
  const s: Section = { le: true, ifBase: 0, ifaces: [], index: 0 };
  for (let at = 0; at < src.size; ) {
    const len = blockLength(src, s, at);
    if (typeof len !== 'number') {
      yield len;
      return;
    }
    const entry = readBlock(src, s, at, len);
    if (entry !== null) yield entry;
    if (entry?.kind === 'error') return;
    at += len;
  }
}

/** Check the block at `at` and make all of it addressable; returns its length or the error. */
function blockLength(src: ByteSource, s: Section, at: number): number | CaptureError {
  if (!src.fill(at, 12)) return captureError(src.file, at, `truncated block header: needs 12 bytes, ${src.size - at} left`);
  const b = src.buf;
  const o = at - src.base;
  if (u32le(b, o) === BT_SHB) {
    const bom = u32le(b, o + 8);
    if (bom === BYTE_ORDER_MAGIC) s.le = true;
    else if (u32(b, o + 8) === BYTE_ORDER_MAGIC) s.le = false;
    else return captureError(src.file, at, `section header byte-order magic is 0x${bom.toString(16)}, not 0x1a2b3c4d in either order`);
  }
  const r32 = s.le ? u32le : u32;
  const len = r32(b, o + 4);
  if (len < 12 || len % 4 !== 0) return captureError(src.file, at, `block length ${len} is not a multiple of 4 that is at least 12`);
  if (len > MAX_BLOCK_LENGTH) return captureError(src.file, at, `block length ${len} exceeds the ${MAX_BLOCK_LENGTH >> 20} MiB this reader accepts`);
  if (len > src.size - at) return captureError(src.file, at, `block length ${len} runs past the end of the file (${src.size - at} bytes left)`);
  if (!src.fill(at, len)) return captureError(src.file, at, `truncated block: needs ${len} bytes, could read fewer`);
  const trailer = r32(src.buf, at - src.base + len - 4);
  if (trailer !== len) return captureError(src.file, at, `block length ${len} at the start but ${trailer} at the end`);
  return len;
}

function readBlock(src: ByteSource, s: Section, at: number, len: number): Step {
  const b = src.buf;
  const o = at - src.base;
  const r32 = s.le ? u32le : u32;
  switch (r32(b, o)) {
    case BT_SHB: {
      if (len < 28) return captureError(src.file, at, `section header block length ${len} < 28`);
      const major = (s.le ? u16le : u16)(b, o + 12);
      if (major !== 1) return captureError(src.file, at, `pcapng major version ${major} is not 1`);
      s.ifBase += s.ifaces.length;
      s.ifaces = [];
      return { kind: 'section', format: 'pcapng', littleEndian: s.le, offset: at };
    }
    case BT_IDB: {
      const idb = decodeIdb(b, o + 8, o + len - 4, s.le);
      if (typeof idb === 'string') return captureError(src.file, at, idb);
      s.ifaces.push({ linkType: idb.linkType, snaplen: idb.snaplen, scale: timeScale(idb.tsresol) });
      return { kind: 'interface', ifIndex: s.ifBase + s.ifaces.length - 1, ...idb };
    }
    case BT_EPB:
      return readPacket(src, s, at, len, r32(b, o + 8), 28);
    case BT_PB:
      return readPacket(src, s, at, len, (s.le ? u16le : u16)(b, o + 8), 28);
    case BT_SPB:
      return readSimplePacket(src, s, at, len);
    default:
      return null;
  }
}

/** EPB and PB: interface id, then timestamp high, low, captured and original length at 12…27. */
function readPacket(src: ByteSource, s: Section, at: number, len: number, ifId: number, dataAt: number): CaptureEntry {
  const b = src.buf;
  const o = at - src.base;
  const r32 = s.le ? u32le : u32;
  const iface = s.ifaces[ifId];
  if (iface === undefined) return captureError(src.file, at, `packet names interface ${ifId}, but the section has described ${s.ifaces.length}`);
  if (len < dataAt + 4) return captureError(src.file, at, `packet block length ${len} < ${dataAt + 4}`);
  const capLen = r32(b, o + 20);
  if (capLen > len - dataAt - 4) return captureError(src.file, at, `captured length ${capLen} overruns its block (length ${len})`);
  const hi = r32(b, o + 12);
  const lo = r32(b, o + 16);
  const data = b.subarray(o + dataAt, o + dataAt + capLen);
  const ifIndex = s.ifBase + ifId;
  const origLength = r32(b, o + 24);
  const sc = iface.scale;
  const slow = sc.fast ? undefined : unitsToTimeSlow(hi, lo, sc);
  const sec = slow ? slow.sec : div64(hi, lo, sc.perSec);
  const nsec = slow ? slow.nsec : mod64(hi, lo, sc.perSec) * sc.nsPerUnit;
  const comments = decodeComments(b, o + dataAt + pad4(capLen), o + len - 4, s.le);
  const rec = { kind: 'record', index: s.index++, ifIndex, linkType: iface.linkType, sec, nsec, origLength, data, offset: at } as const;
  return comments.length > 0 ? { ...rec, comments } : rec;
}

/** SPB: interface 0, original length, data cut to the snapshot length and the block; no timestamp. */
function readSimplePacket(src: ByteSource, s: Section, at: number, len: number): CaptureEntry {
  const iface = s.ifaces[0];
  if (iface === undefined) return captureError(src.file, at, 'simple packet block before any interface description');
  if (len < 16) return captureError(src.file, at, `simple packet block length ${len} < 16`);
  const o = at - src.base;
  const origLength = (s.le ? u32le : u32)(src.buf, o + 8);
  let capLen = Math.min(origLength, len - 16);
  if (iface.snaplen > 0) capLen = Math.min(capLen, iface.snaplen);
  const data = src.buf.subarray(o + 12, o + 12 + capLen);
  return { kind: 'record', index: s.index++, ifIndex: s.ifBase, linkType: iface.linkType, sec: 0, nsec: 0, origLength, data, offset: at };
}
