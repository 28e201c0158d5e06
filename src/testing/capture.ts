/**
 * The capture of a run, on demand: the run is replayed (it is deterministic) with a tap on
 * the reader's eth0, into memory or into a pcap file (nanosecond timestamps, Ethernet) that
 * Wireshark opens. Files go to LABWIRE_CAPTURE_DIR, or to <tmp>/labwire-testing.
 */
import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openCaptureWriter, openMemoryCaptureWriter, type CaptureWriter } from '../capture/writer.ts';
import { LINKTYPE_ETHERNET } from '../capture/link-types.ts';
import { runTcp } from './run-tcp.ts';
import { PAIR_EPOCH_SECONDS } from './pair.ts';
import type { TcpParams } from './tcp-params.ts';


function options() {
  return { format: 'pcap-ns' as const, interfaces: [{ name: 'eth0', linkType: LINKTYPE_ETHERNET }], epochSeconds: PAIR_EPOCH_SECONDS };
}

function record(writes: readonly Uint8Array[], p: TcpParams, w: CaptureWriter): void {
  try {
    runTcp(writes, p, { capture: { write: (t, frame) => w.write(0, t, frame) } });
  } catch (e) {
    w.close(); // keep what was captured up to the failure: that is the interesting part
    throw e;
  }
  w.close();
}

/** The run's capture as pcap bytes. */
export function captureBytes(writes: readonly Uint8Array[], p: TcpParams): Uint8Array {
  const w = openMemoryCaptureWriter(options());
  record(writes, p, w);
  return w.bytes();
}

/** The default folder for capture files. */
export function captureDir(): string {
  return process.env.LABWIRE_CAPTURE_DIR ?? join(tmpdir(), 'labwire-testing');
}

/** FNV-1a of the writes, the parameters and `salt` (a reader program's source): a short name that differs between runs. */
function runHash(writes: readonly Uint8Array[], p: TcpParams, salt: string): string {
  let h = 0x811c9dc5;
  const mix = (x: number) => {
    h ^= x & 0xff;
    h = Math.imul(h, 0x01000193);
  };
  for (const w of writes) {
    mix(w.length);
    mix(w.length >>> 8);
    for (const b of w) mix(b);
  }
  for (const ch of JSON.stringify(p) + salt) mix(ch.charCodeAt(0));
  return (h >>> 0).toString(16).padStart(8, '0');
}

/**
 * Where a run's capture goes by default: `<captureDir()>/<kind>-seed<N>-<hash>.pcap`, the hash
 * of everything that makes the run (writes, parameters, `salt`), so two failing properties
 * never overwrite each other's capture and the same run always gets the same file. The
 * folder is created.
 */
export function defaultCapturePath(kind: string, writes: readonly Uint8Array[], p: TcpParams, salt = ''): string {
  mkdirSync(captureDir(), { recursive: true });
  return join(captureDir(), `${kind}-seed${p.seed}-${runHash(writes, p, salt)}.pcap`);
}

/** Write the run's capture to `path` (default: defaultCapturePath); returns the path. */
export function saveCapture(writes: readonly Uint8Array[], p: TcpParams, path?: string): string {
  const file = path ?? defaultCapturePath('tcp-chunking', writes, p);
  record(writes, p, openCaptureWriter({ ...options(), path: file }));
  return file;
}
