/**
 * Capture file throughput: frames written per second into a pcap (and a pcapng) in the
 * system temp folder, and frames read back per second by the streaming reader.
 * Frames are 66–1514 bytes (a fixed pseudo-random mix, the same every run).
 * Wall time is allowed here (bench/, not src/).
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { LINKTYPE_ETHERNET, createCaptureWriter, openCaptureWriter, readCaptureFile, type CaptureFormat } from '../src/capture/index.ts';

export interface BenchResult {
  name: string;
  value: number;
  unit: string;
  note?: string;
}

const FRAMES = Number(process.env['LABWIRE_BENCH_CAPTURE_FRAMES'] ?? 1_000_000);

/** 256 frames of 66–1514 bytes from a fixed LCG, so every run writes the same file. */
function framePool(): Uint8Array[] {
  let x = 12345;
  const next = () => (x = (Math.imul(x, 1103515245) + 12345) >>> 0);
  return Array.from({ length: 256 }, () => {
    const f = new Uint8Array(66 + (next() % (1514 - 66 + 1)));
    for (let i = 0; i < f.length; i++) f[i] = next() >>> 24;
    return f;
  });
}

function writeOnce(path: string, format: CaptureFormat, pool: Uint8Array[], frames: number): { ms: number; bytes: number } {
  const t0 = performance.now();
  const w = openCaptureWriter({ path, format, epochSeconds: 1_795_565_826, interfaces: [{ name: 'eth1', linkType: LINKTYPE_ETHERNET }] });
  for (let i = 0; i < frames; i++) w.write(0, i * 1000, pool[i & 255]!);
  w.close();
  return { ms: performance.now() - t0, bytes: statSync(path).size };
}

/** The writer's own cost: the same frames into a sink that discards each batch. */
function encodeOnce(format: CaptureFormat, pool: Uint8Array[], frames: number): number {
  const t0 = performance.now();
  const w = createCaptureWriter(
    { format, epochSeconds: 1_795_565_826, interfaces: [{ name: 'eth1', linkType: LINKTYPE_ETHERNET }] },
    { write() {}, close() {}, abort() {} },
  );
  for (let i = 0; i < frames; i++) w.write(0, i * 1000, pool[i & 255]!);
  w.close();
  return performance.now() - t0;
}

function readOnce(path: string): { ms: number; frames: number } {
  const t0 = performance.now();
  let frames = 0;
  for (const e of readCaptureFile(path)) {
    if (e.kind === 'record') frames++;
    else if (e.kind === 'error') throw new Error(e.reason);
  }
  return { ms: performance.now() - t0, frames };
}

export default async function bench(): Promise<BenchResult[]> {
  const dir = mkdtempSync(join(tmpdir(), 'labwire-bench-capture-'));
  try {
    const pool = framePool();
    const out: BenchResult[] = [];
    for (const format of ['pcap', 'pcapng'] as const) {
      const path = join(dir, `bench.${format}`);
      writeOnce(path, format, pool, 20_000); // warm-up: let the JIT settle
      readOnce(path);
      const w = writeOnce(path, format, pool, FRAMES);
      const r = readOnce(path);
      if (r.frames !== FRAMES) throw new Error(`read ${r.frames} frames of ${FRAMES}`);
      const mb = w.bytes / 1e6;
      out.push(
        { name: `capture: write ${format}`, value: Math.round(FRAMES / (w.ms / 1000)), unit: 'packets/s', note: `${FRAMES} frames, ${mb.toFixed(0)} MB, ${(mb / (w.ms / 1000)).toFixed(0)} MB/s` },
        { name: `capture: read ${format}`, value: Math.round(r.frames / (r.ms / 1000)), unit: 'frames/s', note: `streaming reader, 1 MiB chunks, ${(mb / (r.ms / 1000)).toFixed(0)} MB/s` },
      );
      encodeOnce(format, pool, 20_000);
      const e = encodeOnce(format, pool, FRAMES);
      out.push({ name: `capture: encode ${format} (no I/O)`, value: Math.round(FRAMES / (e / 1000)), unit: 'packets/s', note: 'batch buffer into a discarding sink' });
      rmSync(path);
    }
    return out;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
