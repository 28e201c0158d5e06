import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  captureToBytes,
  collectCapture,
  openCaptureWriter,
  readCapture,
  readCaptureFile,
  type CaptureWriterOptions,
} from '../../src/capture/index.ts';
import { hex } from '../../src/stack/wire/bytes.ts';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'labwire-capture-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const opts: CaptureWriterOptions = { format: 'pcapng', epochSeconds: 1_795_565_826, interfaces: [{ name: 'eth1', linkType: 1 }] };
const packets = [Uint8Array.of(1, 2, 3), new Uint8Array(1514).fill(7), Uint8Array.of(9)].map((frame, i) => ({ ifIndex: 0, timeNs: i * 1000, frame }));

describe('openCaptureWriter', () => {
  it('keeps the final name absent until close, with the bytes under a hidden name in the same folder', () => {
    const path = join(dir, 'a.pcapng');
    const w = openCaptureWriter({ ...opts, path, bufferSize: 256 });
    for (const p of packets) w.write(p.ifIndex, p.timeNs, p.frame);
    expect(existsSync(path)).toBe(false);
    expect(existsSync(w.tempPath)).toBe(true);
    expect(w.tempPath.startsWith(join(dir, '.a.pcapng.'))).toBe(true);
    w.close();
    expect(existsSync(path)).toBe(true);
    expect(existsSync(w.tempPath)).toBe(false);
    expect(hex(readFileSync(path))).toBe(hex(captureToBytes(opts, packets)));
    expect(w.packets).toBe(3);
  });

  it('leaves no file at all after abort', () => {
    const path = join(dir, 'b.pcap');
    const w = openCaptureWriter({ ...opts, format: 'pcap', path, bufferSize: 256 });
    for (const p of packets) w.write(p.ifIndex, p.timeNs, p.frame);
    w.abort();
    expect(readdirSync(dir).filter((n) => n.includes('b.pcap'))).toEqual([]);
  });

  it('does not touch an existing capture under the final name until close replaces it', () => {
    const path = join(dir, 'c.pcap');
    writeFileSync(path, 'old');
    const w = openCaptureWriter({ ...opts, format: 'pcap', path });
    w.write(0, 0, Uint8Array.of(1));
    expect(readFileSync(path, 'utf8')).toBe('old');
    w.abort();
    expect(readFileSync(path, 'utf8')).toBe('old');
  });

  it('lets two writers aim at one name without sharing a temporary file', () => {
    const path = join(dir, 'd.pcap');
    const a = openCaptureWriter({ ...opts, path });
    const b = openCaptureWriter({ ...opts, path });
    expect(a.tempPath).not.toBe(b.tempPath);
    a.abort();
    b.abort();
  });

  it('refuses writes after close and ignores a second close or a late abort', () => {
    const path = join(dir, 'e.pcap');
    const w = openCaptureWriter({ ...opts, path });
    w.close();
    w.close();
    w.abort();
    expect(existsSync(path)).toBe(true);
    expect(() => w.write(0, 0, Uint8Array.of(1))).toThrow(RangeError);
  });
});

describe('readCaptureFile', () => {
  it('gives the same entries as the bytes reader for every truncation, at any chunk size', () => {
    const file = captureToBytes(opts, packets);
    const path = join(dir, 'cut.pcapng');
    fc.assert(
      fc.property(fc.integer({ min: 0, max: file.length }), fc.integer({ min: 1, max: 2000 }), (cut, chunk) => {
        writeFileSync(path, file.subarray(0, cut));
        const view = (c: ReturnType<typeof collectCapture>) => ({ ...c, records: c.records.map((r) => ({ ...r, data: hex(r.data) })) });
        const fromFile = view(collectCapture(readCaptureFile(path, chunk)));
        const fromBytes = view(collectCapture(readCapture(file.subarray(0, cut), path)));
        expect(fromFile).toEqual(fromBytes);
      }),
      { numRuns: 300 },
    );
  });

  it('with reuseBuffer, gives each record\'s bytes right until the next entry, for every truncation and chunk size (pcap and pcapng)', () => {
    for (const format of ['pcapng', 'pcap-ns'] as const) {
      const file = captureToBytes({ ...opts, format }, packets);
      const path = join(dir, `reuse.${format}`);
      fc.assert(
        fc.property(fc.integer({ min: 0, max: file.length }), fc.integer({ min: 1, max: 2000 }), (cut, chunk) => {
          writeFileSync(path, file.subarray(0, cut));
          // each record's bytes read before the next entry is asked for: the reused buffer's contract
          const fromFile: unknown[] = [];
          for (const e of readCaptureFile(path, { chunkSize: chunk, reuseBuffer: true })) fromFile.push(e.kind === 'record' ? { ...e, data: hex(e.data) } : e);
          const fromBytes = [...readCapture(file.subarray(0, cut), path)].map((e) => (e.kind === 'record' ? { ...e, data: hex(e.data) } : e));
          expect(fromFile).toEqual(fromBytes);
        }),
        { numRuns: 150 },
      );
    }
  });

  it('reports a file it cannot open as an error entry', () => {
    const got = [...readCaptureFile(join(dir, 'missing.pcap'))];
    expect(got).toHaveLength(1);
    expect(got[0]).toMatchObject({ kind: 'error', file: join(dir, 'missing.pcap'), offset: 0 });
    expect((got[0] as { reason: string }).reason).toMatch(/^cannot open: ENOENT/);
  });

  it('keeps record views valid after later chunks are read', () => {
    const path = join(dir, 'views.pcapng');
    writeFileSync(path, captureToBytes(opts, packets));
    const records = collectCapture(readCaptureFile(path, 16)).records;
    expect(records.map((r) => hex(r.data))).toEqual(packets.map((p) => hex(p.frame)));
  });
});
