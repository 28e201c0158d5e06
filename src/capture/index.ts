/**
 * Capture files: what Wireshark and tshark open as if taken on real Linux machines.
 *
 * Contract:
 * - Writers (writer.ts) produce classic pcap with µs (`'pcap'`, magic a1b2c3d4) or ns
 *   (`'pcap-ns'`, magic a1b23c4d) timestamps and one link type, or pcapng with one IDB per
 *   interface (`if_name`, `if_tsresol` = 9) and EPBs. Output depends only on the input:
 *   no wall clock, host or OS text, so equal runs give byte-identical files.
 * - Times are simulated nanoseconds since the scenario epoch (`epochSeconds`); the split
 *   into seconds and fraction is exact (timestamp.ts).
 * - Files appear under their final name only when the writer closes (atomic.ts).
 * - Readers (reader.ts) stream entries — section, interface, record, error — from bytes or a
 *   file in chunks. Damage ends the stream with one `error` entry after every record before
 *   it; nothing throws on file contents.
 *
 * Files: link-types (LINKTYPE_* and tshark's names) · pcap, pcapng (format codecs) ·
 * timestamp (exact splits) · sink, atomic (where bytes go) · writer · source (byte windows)
 * · read-pcap, read-pcapng (record loops) · reader · record (entry types).
 */
export * from './link-types.ts';
export { DEFAULT_SNAPLEN, PCAP_MAGIC_NS, PCAP_MAGIC_US } from './pcap.ts';
export {
  captureError,
  formatCaptureError,
  formatEpoch,
  recordTimeNs,
  type CaptureEntry,
  type CaptureError,
  type CaptureFormat,
  type CaptureInterfaceInfo,
  type CaptureRecord,
  type CaptureSection,
} from './record.ts';
export { memorySink, type CaptureSink, type MemorySink } from './sink.ts';
export { atomicFileSink, type AtomicFileSink } from './atomic.ts';
export {
  captureToBytes,
  createCaptureWriter,
  openCaptureWriter,
  openMemoryCaptureWriter,
  type CaptureInterface,
  type CapturePacket,
  type CaptureWriter,
  type CaptureWriterOptions,
} from './writer.ts';
export { collectCapture, readCapture, readCaptureFile, type CaptureContents } from './reader.ts';
