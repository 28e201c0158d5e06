/**
 * `labwire show` on files that are not captures, or not whole ones: one line on stderr naming
 * the file (and the offset where reading stopped), exit status 2, never a stack trace.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { showCommand } from '../../src/cli/show.ts';
import { readCapture } from '../../src/capture/index.ts';
import { ShowBug, showEntries } from '../../src/show/show.ts';
import { tempDir } from './helpers.ts';
import { dnsCapture, tcpCapture } from './scenarios.ts';

async function cli(...argv: string[]): Promise<{ status: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const status = await showCommand(argv, (s) => (out += s), (s) => (err += s));
  return { status, out, err };
}

function file(name: string, bytes: Uint8Array): string {
  const path = join(tempDir(), name);
  writeFileSync(path, bytes);
  return path;
}

/** A pcapng whose second EPB claims a length past the end of the file. */
function lyingPcapng(): string {
  const bytes = new Uint8Array(readFileSync(dnsCapture('eth', 'pcapng')));
  const dv = new DataView(bytes.buffer);
  let at = 0;
  for (let epbs = 0; at < bytes.length; at += dv.getUint32(at + 4, true)) if (dv.getUint32(at, true) === 6 && ++epbs === 2) break;
  dv.setUint32(at + 4, 0x7ffffff0, true);
  return file('lying-length.pcapng', bytes);
}

describe('show on bad input', () => {
  const dir = join(tempDir(), 'a-folder.pcap');
  mkdirSync(dir, { recursive: true });
  const cases: [string, () => string, RegExp][] = [
    ['a directory', () => dir, /: at offset 0: cannot open: EISDIR: is a directory, not a capture file$/],
    ['a missing file', () => join(tempDir(), 'missing.pcap'), /: at offset 0: cannot open: ENOENT: no such file or directory$/],
    ['an empty file', () => file('empty.pcap', new Uint8Array(0)), /: at offset 0: not a capture file: 0 bytes, too short for a magic number$/],
    ['a file cut inside a record', () => file('cut.pcap', readFileSync(tcpCapture('eth')).subarray(0, 100)), /: at offset \d+: truncated record( header)?: /],
    ['a pcapng block whose length lies', lyingPcapng, /: at offset \d+: block length \d+ exceeds the 64 MiB this reader accepts$/],
  ];
  it.each(cases)('%s: one line naming the file, exit 2, no stack trace', async (_, make, reason) => {
    const path = make();
    const r = await cli(path);
    expect(r.status).toBe(2);
    const lines = r.err.split('\n').filter((l) => l !== '');
    expect(lines).toHaveLength(1);
    expect(lines[0]!.startsWith(`labwire show: ${path}: `)).toBe(true);
    expect(lines[0]).toMatch(reason);
    expect(r.err).not.toMatch(/\n\s+at /);
  });
});

describe('a bug in show', () => {
  it('is a ShowBug naming the frame and its file offset, after the frames before it were printed', () => {
    let out = '';
    let calls = 0;
    const bytes = new Uint8Array(readFileSync(tcpCapture('eth')));
    const run = () => showEntries(readCapture(bytes), { filter: () => { if (++calls === 3) throw new TypeError('boom'); return true; } }, (s) => (out += s), () => {});
    expect(run).toThrow(ShowBug);
    calls = 0;
    out = '';
    try {
      run();
    } catch (e) {
      expect((e as ShowBug).message).toMatch(/^frame 3 \(file offset \d+\): boom$/);
      expect((e as ShowBug).stack).toContain('caused by TypeError: boom');
    }
    expect(out.split('\n').filter((l) => l !== '')).toHaveLength(2);
  });
});
