/**
 * `show` reads no further than it must: it stops at the frame count (tshark -c), waits while
 * the output is full, and stops when the output goes away (`show … | head`), so memory stays
 * at one piece of output and one read chunk whatever the file's size.
 */
import { spawn } from 'node:child_process';
import { openSync, readFileSync, writeSync, closeSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { collectCapture, readCapture, type CaptureEntry } from '../../src/capture/index.ts';
import { showEntries, showEntriesPaced } from '../../src/show/show.ts';
import { show, tempDir } from './helpers.ts';
import { tcpCapture } from './scenarios.ts';

const ROOT = join(import.meta.dirname, '../..');

/** The entries of a real capture, then its records again and again without end, counting what is taken. */
function endless(path: string): { entries: Iterable<CaptureEntry>; taken: () => number } {
  const all = [...readCapture(new Uint8Array(readFileSync(path)))];
  const head = all.filter((e) => e.kind !== 'record');
  const records = collectCapture(all).records;
  let taken = 0;
  function* gen(): Generator<CaptureEntry> {
    yield* head;
    for (let i = 0; ; i++) {
      taken++;
      yield { ...records[i % records.length]!, index: i };
    }
  }
  return { entries: gen(), taken: () => taken };
}

describe('show streams', () => {
  it('stops reading after `count` frames, shown or not', () => {
    const src = endless(tcpCapture('eth'));
    let out = '';
    const r = showEntries(src.entries, { count: 7, filter: () => false }, (s) => (out += s), () => {});
    expect(r.frames).toBe(7);
    expect(src.taken()).toBe(7);
    expect(out).toBe('');
  });

  it('takes no more frames while the output waits, and stops when it fails (a closed pipe)', async () => {
    const src = endless(tcpCapture('eth'));
    let pieces = 0;
    let release: () => void = () => {};
    const run = showEntriesPaced(src.entries, { verbose: true }, () => {
      if (++pieces === 3) throw Object.assign(new Error('write EPIPE'), { code: 'EPIPE' });
      return new Promise<void>((r) => (release = r));
    }, () => {});
    await new Promise((r) => setImmediate(r));
    const whileWaiting = src.taken();
    await new Promise((r) => setImmediate(r));
    expect(src.taken()).toBe(whileWaiting);
    release();
    await new Promise((r) => setImmediate(r));
    release();
    await expect(run).rejects.toThrow('EPIPE');
    // three pieces of ~32 KiB of details, a few dozen frames each: nowhere near "without end"
    expect(src.taken()).toBeLessThan(1000);
  });

  it('gives the first frames of a capture in the file order whatever --count and the file size', async () => {
    const path = tcpCapture('eth');
    const all = (await show(path)).out.split('\n');
    let out = '';
    const { showCaptureFile } = await import('../../src/cli/show.ts');
    expect(await showCaptureFile(path, { count: 3 }, (s) => (out += s))).toBe(0);
    expect(out.split('\n').slice(0, 3)).toEqual(all.slice(0, 3));
    expect(out.split('\n').filter((l) => l !== '')).toHaveLength(3);
  });

  it('labwire show -V | head -5 on a 64 MiB capture: five lines, exit 0, nothing on stderr', async () => {
    const one = readFileSync(tcpCapture('eth'));
    const path = join(tempDir(), 'big.pcap');
    const fd = openSync(path, 'w');
    writeSync(fd, one.subarray(0, 24));
    const block = Buffer.concat(Array(Math.ceil((1 << 20) / (one.length - 24))).fill(one.subarray(24)));
    for (let n = 0; n < 64; n++) writeSync(fd, block);
    closeSync(fd);
    const child = spawn(process.execPath, [join(ROOT, 'bin/labwire.mjs'), 'show', '-V', path], { stdio: ['ignore', 'pipe', 'pipe'] });
    let err = '';
    child.stderr.on('data', (d) => (err += d));
    const lines = await new Promise<string[]>((resolve) => {
      let got = '';
      child.stdout.on('data', (d) => {
        got += d;
        const ls = got.split('\n');
        if (ls.length > 5) {
          child.stdout.destroy();
          resolve(ls.slice(0, 5));
        }
      });
    });
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(lines[0]).toMatch(/^Frame 1: /);
    expect(code).toBe(0);
    expect(err).toBe('');
  });
});
