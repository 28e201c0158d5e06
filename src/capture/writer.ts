/**
 * Capture writers: pcap (µs or ns) and pcapng, streaming through a pre-sized batch buffer.
 *
 * Rules:
 * 1. Output depends only on the arguments: no wall clock, host name or OS text, so equal
 *    input gives byte-identical files.
 * 2. `write()` allocates nothing: it writes the record header into the batch buffer and
 *    copies the frame after it; a full buffer goes to the sink in one call.
 * 3. Misuse (unknown interface, negative or fractional time, mixed link types in pcap) is a
 *    bug in the caller and throws a RangeError; nothing else throws.
 *
 * Costs: one copy of each frame into the batch; one sink write per `bufferSize` bytes.
 */
import type { CaptureFormat } from './record.ts';
import { DEFAULT_SNAPLEN, PCAP_RECORD_HEADER_LENGTH, encodePcapHeader, putPcapRecordHeader } from './pcap.ts';
import { EPB_HEADER_LENGTH, EPB_OVERHEAD, encodeIdb, encodeShb, epbCommentOptions, pad4, putEpbHeader } from './pcapng.ts';
import { epochUnits, secondsOf, unitsHigh, unitsLow } from './timestamp.ts';
import { putU32le } from '../stack/wire/bytes.ts';
import { memorySink, type CaptureSink } from './sink.ts';
import { atomicFileSink } from './atomic.ts';

export interface CaptureInterface {
  /** pcapng `if_name` (e.g. "eth1", "any"); pcap files have nowhere to keep it. */
  readonly name: string;
  readonly linkType: number;
  /** Frames longer than this are cut to it; default 262144 as tcpdump. */
  readonly snaplen?: number;
}

export interface CaptureWriterOptions {
  readonly format: CaptureFormat;
  readonly interfaces: readonly CaptureInterface[];
  /** Unix time of simulated time 0, in whole seconds. */
  readonly epochSeconds: number;
  /** Batch buffer size in bytes; default 1 MiB. */
  readonly bufferSize?: number;
}

export interface CaptureWriter {
  /**
   * Append one frame seen on `interfaces[ifIndex]` at `timeNs` simulated nanoseconds.
   * `origLength` is the length on the wire when `frame` is already cut short. `comment`, in
   * pcapng only, becomes the packet's `opt_comment` (Wireshark's "Packet comments").
   */
  write(ifIndex: number, timeNs: number, frame: Uint8Array, origLength?: number, comment?: string): void;
  /** Flush and hand the file over (atomic rename for files). Idempotent. */
  close(): void;
  /** Drop everything written (removes the temporary file). Idempotent; no-op after close. */
  abort(): void;
  /** Records written so far. */
  readonly packets: number;
}

const DEFAULT_BUFFER = 1 << 20;
const MAX_U32 = 0xffffffff;

function checkOptions(o: CaptureWriterOptions): void {
  if (o.interfaces.length === 0) throw new RangeError('capture writer needs at least one interface');
  if (!Number.isInteger(o.epochSeconds) || o.epochSeconds < 0 || o.epochSeconds > MAX_U32) throw new RangeError(`epochSeconds ${o.epochSeconds} is not a whole number in 0 … 2^32 - 1`);
  for (const i of o.interfaces) {
    const snap = i.snaplen ?? DEFAULT_SNAPLEN;
    if (!Number.isInteger(snap) || snap < 1 || snap > MAX_U32) throw new RangeError(`interface ${i.name}: snaplen ${snap} out of range`);
    if (!Number.isInteger(i.linkType) || i.linkType < 0 || i.linkType > 0xffff) throw new RangeError(`interface ${i.name}: link type ${i.linkType} out of range`);
  }
  if (o.format !== 'pcapng' && o.interfaces.some((i) => i.linkType !== o.interfaces[0]!.linkType)) {
    throw new RangeError(`${o.format} holds one link type per file; use pcapng for ${o.interfaces.map((i) => `${i.name}:${i.linkType}`).join(', ')}`);
  }
}

/** Write a capture into any sink. */
export function createCaptureWriter(options: CaptureWriterOptions, sink: CaptureSink): CaptureWriter {
  checkOptions(options);
  return new BatchWriter(options, sink);
}

class BatchWriter implements CaptureWriter {
  private readonly buf: Uint8Array;
  private pos = 0;
  private state: 'open' | 'closed' | 'aborted' = 'open';
  private count = 0;
  private readonly snaplens: number[];
  private readonly pcapng: boolean;
  private readonly nanos: boolean;
  private readonly epochSeconds: number;
  private readonly eHi: number;
  private readonly eLo: number;

  constructor(options: CaptureWriterOptions, private readonly sink: CaptureSink) {
    this.buf = new Uint8Array(Math.max(256, options.bufferSize ?? DEFAULT_BUFFER));
    this.snaplens = options.interfaces.map((i) => i.snaplen ?? DEFAULT_SNAPLEN);
    this.pcapng = options.format === 'pcapng';
    this.nanos = options.format !== 'pcap';
    this.epochSeconds = options.epochSeconds;
    const e = epochUnits(options.epochSeconds);
    this.eHi = e.hi;
    this.eLo = e.lo;
    if (this.pcapng) {
      this.put(encodeShb());
      for (const i of options.interfaces) this.put(encodeIdb(i.linkType, i.snaplen ?? DEFAULT_SNAPLEN, i.name));
    } else {
      this.put(encodePcapHeader(options.interfaces[0]!.linkType, Math.max(...this.snaplens), this.nanos));
    }
  }

  get packets(): number {
    return this.count;
  }

  write(ifIndex: number, timeNs: number, frame: Uint8Array, origLength?: number, comment?: string): void {
    if (this.state !== 'open') throw new RangeError(`capture writer is ${this.state}`);
    const snap = this.snaplens[ifIndex];
    if (snap === undefined) throw new RangeError(`no interface ${ifIndex} (the writer has ${this.snaplens.length})`);
    if (!Number.isSafeInteger(timeNs) || timeNs < 0) throw new RangeError(`timeNs ${timeNs} is not a whole number of nanoseconds ≥ 0`);
    const orig = origLength ?? frame.length;
    if (!(orig >= frame.length) || orig > MAX_U32) throw new RangeError(`origLength ${orig} is less than the frame's ${frame.length} bytes`);
    const cap = frame.length < snap ? frame.length : snap;
    if (comment !== undefined && !this.pcapng) throw new RangeError('packet comments need pcapng');
    if (this.pcapng) this.writeEpb(ifIndex, timeNs, frame, cap, orig, comment === undefined ? undefined : epbCommentOptions(comment));
    else this.writePcapRecord(timeNs, frame, cap, orig);
    this.count++;
  }

  private writePcapRecord(timeNs: number, frame: Uint8Array, cap: number, orig: number): void {
    const s = secondsOf(timeNs);
    const sec = this.epochSeconds + s;
    if (sec > MAX_U32) throw new RangeError(`time ${sec} s does not fit pcap's 32-bit seconds`);
    const ns = timeNs - s * 1e9;
    const need = PCAP_RECORD_HEADER_LENGTH + cap;
    if (need > this.buf.length - this.pos) this.flush();
    putPcapRecordHeader(this.buf, this.pos, sec, this.nanos ? ns : Math.floor(ns / 1000), cap, orig);
    this.pos += PCAP_RECORD_HEADER_LENGTH;
    this.copyFrame(frame, cap);
  }

  private writeEpb(ifIndex: number, timeNs: number, frame: Uint8Array, cap: number, orig: number, options?: Uint8Array): void {
    const padded = pad4(cap);
    const optLen = options?.length ?? 0;
    if (EPB_OVERHEAD + padded > this.buf.length - this.pos) this.flush();
    const hi = unitsHigh(this.eHi, this.eLo, timeNs);
    putEpbHeader(this.buf, this.pos, ifIndex, hi, unitsLow(this.eLo, timeNs), cap, orig, optLen);
    this.pos += EPB_HEADER_LENGTH;
    this.copyFrame(frame, cap);
    if (this.buf.length - this.pos < 7) this.flush();
    for (let i = cap; i < padded; i++) this.buf[this.pos++] = 0;
    if (options) this.put(options);
    if (this.buf.length - this.pos < 4) this.flush();
    putU32le(this.buf, this.pos, EPB_OVERHEAD + padded + optLen);
    this.pos += 4;
  }

  /** Copy `cap` bytes of `frame` after a header already in the buffer. */
  private copyFrame(frame: Uint8Array, cap: number): void {
    if (cap <= this.buf.length - this.pos) {
      this.buf.set(cap === frame.length ? frame : frame.subarray(0, cap), this.pos);
      this.pos += cap;
    } else {
      // larger than the batch buffer: pass it straight through
      this.flush();
      this.sink.write(cap === frame.length ? frame : frame.subarray(0, cap));
    }
  }

  private put(bytes: Uint8Array): void {
    if (bytes.length > this.buf.length - this.pos) this.flush();
    if (bytes.length > this.buf.length) this.sink.write(bytes);
    else {
      this.buf.set(bytes, this.pos);
      this.pos += bytes.length;
    }
  }

  private flush(): void {
    if (this.pos === 0) return;
    this.sink.write(this.buf.subarray(0, this.pos));
    this.pos = 0;
  }

  close(): void {
    if (this.state !== 'open') return;
    this.flush();
    this.state = 'closed';
    this.sink.close();
  }

  abort(): void {
    if (this.state !== 'open') return;
    this.state = 'aborted';
    this.pos = 0;
    this.sink.abort();
  }
}

/** A capture file that exists under `path` only once `close()` has run (see atomic.ts). */
export function openCaptureWriter(options: CaptureWriterOptions & { readonly path: string }): CaptureWriter & { readonly tempPath: string } {
  checkOptions(options);
  const sink = atomicFileSink(options.path);
  const w = new BatchWriter(options, sink);
  return Object.assign(w, { tempPath: sink.tempPath });
}

/** A writer into memory; `bytes()` gives the file so far (complete after `close()`). */
export function openMemoryCaptureWriter(options: CaptureWriterOptions): CaptureWriter & { bytes(): Uint8Array } {
  checkOptions(options);
  const sink = memorySink();
  return Object.assign(new BatchWriter(options, sink), { bytes: () => sink.bytes() });
}

export interface CapturePacket {
  readonly ifIndex: number;
  readonly timeNs: number;
  readonly frame: Uint8Array;
  readonly origLength?: number;
  /** pcapng only: the packet's opt_comment */
  readonly comment?: string;
}

/** The whole capture file for `packets`, in memory. */
export function captureToBytes(options: CaptureWriterOptions, packets: Iterable<CapturePacket>): Uint8Array {
  const w = openMemoryCaptureWriter(options);
  for (const p of packets) w.write(p.ifIndex, p.timeNs, p.frame, p.origLength, p.comment);
  w.close();
  return w.bytes();
}
