/** pcapng packet comments (EPB opt_comment): written, read back, shown by show -V as tshark shows them. */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { collectCapture, createCaptureWriter, memorySink, readCapture } from '../../src/capture/index.ts';
import { showEntries } from '../../src/show/show.ts';
import { hasTshark, runTshark } from '../helpers/tshark.ts';
import { tempDir } from '../helpers/scenario.ts';
import { echoCaptures } from './echo-captures.ts';

/** The echo's eth1 frames again, with `comment(i)` on frame i (none where it gives undefined). */
async function commented(comment: (i: number) => string | undefined): Promise<Uint8Array> {
  const { files } = await echoCaptures();
  const src = collectCapture(readCapture(files.get('mesin2-eth1')!.bytes));
  const sink = memorySink();
  const w = createCaptureWriter({ format: 'pcapng', interfaces: [{ name: 'eth1', linkType: 1 }], epochSeconds: src.records[0]!.sec }, sink);
  for (const r of src.records) w.write(0, (r.sec - src.records[0]!.sec) * 1e9 + r.nsec, r.data, r.origLength, comment(r.index));
  w.close();
  return sink.bytes();
}

function showV(bytes: Uint8Array): string {
  let s = '';
  showEntries(readCapture(bytes), { verbose: true }, (x) => (s += x), (x) => (s += x));
  return s;
}

describe('packet comments', () => {
  it('read back exactly what was written, frames unchanged', async () => {
    await fc.assert(fc.asyncProperty(fc.array(fc.option(fc.string({ unit: 'grapheme', maxLength: 80 }), { nil: undefined }), { minLength: 14, maxLength: 14 }), async (cs) => {
      const plain = collectCapture(readCapture(await commented(() => undefined))).records;
      const got = collectCapture(readCapture(await commented((i) => cs[i]))).records;
      expect(got.map((r) => r.comments?.[0])).toEqual(cs);
      expect(got.map((r) => [...r.data])).toEqual(plain.map((r) => [...r.data]));
    }), { numRuns: 20 });
  });

  it('refuse pcap (no place for them) and comments longer than an option holds', () => {
    const w = createCaptureWriter({ format: 'pcap', interfaces: [{ name: 'x', linkType: 1 }], epochSeconds: 0 }, memorySink());
    expect(() => w.write(0, 0, new Uint8Array(60), undefined, 'hi')).toThrow(/need pcapng/);
    const n = createCaptureWriter({ format: 'pcapng', interfaces: [{ name: 'x', linkType: 1 }], epochSeconds: 0 }, memorySink());
    expect(() => n.write(0, 0, new Uint8Array(60), undefined, 'x'.repeat(70000))).toThrow(/does not fit/);
  });

  it.skipIf(!hasTshark())('show -V prints them as tshark -V does; tshark -Y frame.comment finds exactly the commented frames', async () => {
    const bytes = await commented((i) => (i % 3 === 0 ? undefined : `frame ${i + 1}: sendall(46) — ünï`));
    const file = join(tempDir(), 'c.pcapng');
    writeFileSync(file, bytes);
    expect(showV(bytes)).toBe(runTshark(['-r', file, '-V']).stdout);
    const listed = runTshark(['-r', file, '-Y', 'frame.comment', '-T', 'fields', '-e', 'frame.number']).stdout.trim().split('\n').map(Number);
    expect(listed).toEqual([...Array(14).keys()].filter((i) => i % 3 !== 0).map((i) => i + 1));
  });
});
