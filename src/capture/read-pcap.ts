/**
 * The record loop for classic pcap files. Stops with a CaptureError at the first record
 * whose header or data the file does not hold, or whose length exceeds the file's snapshot
 * length; every record before it has been yielded.
 */
import { u32, u32le } from '../stack/wire/bytes.ts';
import { DEFAULT_SNAPLEN, PCAP_HEADER_LENGTH, PCAP_RECORD_HEADER_LENGTH, decodePcapHeader } from './pcap.ts';
import { captureError, type CaptureEntry } from './record.ts';
import type { ByteSource } from './source.ts';

/** Largest caplen accepted: the file's snaplen, at least libpcap's 262144, at most 64 MiB. */
function maxCapLen(snaplen: number): number {
  return Math.min(Math.max(snaplen, DEFAULT_SNAPLEN), 1 << 26);
}

export function* readPcap(src: ByteSource, littleEndian: boolean, nanos: boolean): Generator<CaptureEntry, void, undefined> {
  if (!src.fill(0, PCAP_HEADER_LENGTH)) {
    yield captureError(src.file, 0, `truncated pcap header: needs ${PCAP_HEADER_LENGTH} bytes, the file has ${src.size}`);
    return;
  }
  const h = decodePcapHeader(src.buf, -src.base, littleEndian, nanos);
  yield { kind: 'section', format: nanos ? 'pcap-ns' : 'pcap', littleEndian, offset: 0 };
  yield { kind: 'interface', ifIndex: 0, linkType: h.linkType, snaplen: h.snaplen, name: undefined, tsresol: nanos ? 9 : 6 };
  const r32 = littleEndian ? u32le : u32;
  const limit = maxCapLen(h.snaplen);
  const fracNs = nanos ? 1 : 1000;
  for (let at = PCAP_HEADER_LENGTH, index = 0; at < src.size; index++) {
    if (!src.fill(at, PCAP_RECORD_HEADER_LENGTH)) {
      yield captureError(src.file, at, `truncated record header: needs ${PCAP_RECORD_HEADER_LENGTH} bytes, ${src.size - at} left`);
      return;
    }
    let o = at - src.base;
    const capLen = r32(src.buf, o + 8);
    if (capLen > limit) {
      yield captureError(src.file, at, `record caplen ${capLen} exceeds the snapshot length (${h.snaplen}, limit ${limit})`);
      return;
    }
    const total = PCAP_RECORD_HEADER_LENGTH + capLen;
    if (!src.fill(at, total)) {
      yield captureError(src.file, at, `truncated record: caplen ${capLen} needs ${total} bytes, ${src.size - at} left`);
      return;
    }
    o = at - src.base;
    const b = src.buf;
    let sec = r32(b, o);
    let nsec = r32(b, o + 4) * fracNs;
    if (nsec >= 1e9) {
      sec += Math.floor(nsec / 1e9);
      nsec %= 1e9;
    }
    const data = b.subarray(o + PCAP_RECORD_HEADER_LENGTH, o + total);
    yield { kind: 'record', index, ifIndex: 0, linkType: h.linkType, sec, nsec, origLength: r32(b, o + 12), data, offset: at };
    at += total;
  }
}
