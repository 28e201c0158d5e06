/**
 * Capture readers: pcap (µs or ns, either byte order) and pcapng, from bytes or streamed
 * from a file in chunks (memory stays at about one chunk plus whatever record views the
 * caller keeps; with `reuseBuffer`, one chunk refilled, for a caller done with each record
 * before the next).
 *
 * Rule: reading never throws on file contents. Damage — a wrong magic, a truncated record, a
 * block length that lies — ends the stream with one `error` entry, after every record that
 * precedes it, so a caller can still print what came before the damage.
 */
import { u32le } from '../stack/wire/bytes.ts';
import { pcapMagic } from './pcap.ts';
import { BT_SHB } from './pcapng.ts';
import { readPcap } from './read-pcap.ts';
import { readPcapng } from './read-pcapng.ts';
import {
  captureError,
  type CaptureEntry,
  type CaptureError,
  type CaptureFormat,
  type CaptureInterfaceInfo,
  type CaptureRecord,
} from './record.ts';
import { bytesSource, fileSource, type ByteSource } from './source.ts';

/** The entries of `src`: its format's record loop, chosen by the magic number (not a generator itself: one level less per record). */
function readSource(src: ByteSource): Generator<CaptureEntry, void, undefined> {
  if (!src.fill(0, 4)) return once(captureError(src.file, 0, `not a capture file: ${src.size} bytes, too short for a magic number`));
  const o = -src.base;
  const pcap = pcapMagic(src.buf, o);
  if (pcap) return readPcap(src, pcap.littleEndian, pcap.nanos);
  if (u32le(src.buf, o) === BT_SHB) return readPcapng(src);
  const magic = Array.from(src.buf.subarray(o, o + 4), (x) => x.toString(16).padStart(2, '0')).join(' ');
  return once(captureError(src.file, 0, `not a pcap or pcapng file: starts with ${magic}`));
}

function* once(e: CaptureEntry): Generator<CaptureEntry, void, undefined> {
  yield e;
}

/** Entries of a capture held in memory; `file` names it in errors. */
export function* readCapture(bytes: Uint8Array, file = '<bytes>'): Generator<CaptureEntry, void, undefined> {
  yield* readSource(bytesSource(bytes, file));
}

/** How readCaptureFile reads. */
export interface ReadFileOptions {
  /** bytes read at a time (default 1 MiB) */
  readonly chunkSize?: number;
  /**
   * Refill one buffer instead of allocating one per chunk: a record's `data` is then valid only
   * until the next entry is asked for (a caller that keeps bytes copies them). For one pass
   * that finishes with each record first, as `labwire show` does: constant memory, no garbage.
   */
  readonly reuseBuffer?: boolean;
}

/**
 * Entries of a capture file, read `chunkSize` bytes at a time. A file that cannot be opened
 * gives a single error entry. The file is closed when the loop ends or breaks.
 */
export function* readCaptureFile(path: string, options?: number | ReadFileOptions): Generator<CaptureEntry, void, undefined> {
  const o: ReadFileOptions = typeof options === 'number' ? { chunkSize: options } : options ?? {};
  let src: ByteSource;
  try {
    src = fileSource(path, o.chunkSize, o.reuseBuffer);
  } catch (e) {
    // Node's message repeats the path ("ENOENT: no such file or directory, open 'x.pcap'"); the error names it already
    yield captureError(path, 0, `cannot open: ${(e as Error).message.replace(/, open '.*'$/s, '')}`);
    return;
  }
  try {
    yield* readSource(src);
  } finally {
    src.close();
  }
}

export interface CaptureContents {
  /** Format of the first section, `undefined` if the magic was not recognised. */
  readonly format: CaptureFormat | undefined;
  readonly interfaces: readonly CaptureInterfaceInfo[];
  readonly records: readonly CaptureRecord[];
  readonly error: CaptureError | undefined;
}

/** Gather a whole capture into arrays: for tests and small files. */
export function collectCapture(entries: Iterable<CaptureEntry>): CaptureContents {
  let format: CaptureFormat | undefined;
  const interfaces: CaptureInterfaceInfo[] = [];
  const records: CaptureRecord[] = [];
  let error: CaptureError | undefined;
  for (const e of entries) {
    switch (e.kind) {
      case 'section':
        format ??= e.format;
        break;
      case 'interface':
        interfaces.push(e);
        break;
      case 'record':
        records.push(e);
        break;
      case 'error':
        error = e;
        break;
      default:
        assertNever(e);
    }
  }
  return { format, interfaces, records, error };
}

function assertNever(x: never): never {
  throw new Error(`unexpected capture entry ${JSON.stringify(x)}`);
}
