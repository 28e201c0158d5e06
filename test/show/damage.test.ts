import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { captureToBytes, readCapture } from '../../src/capture/index.ts';
import { compileFilter } from '../../src/show/filter/index.ts';
import { showEntries } from '../../src/show/show.ts';
import { hasTshark, runTshark } from '../helpers/tshark.ts';
import { lines, show, tempDir } from './helpers.ts';
import { dnsCapture, tcpCapture } from './scenarios.ts';

function damaged(name: string, bytes: Uint8Array): string {
  const path = join(tempDir(), name);
  writeFileSync(path, bytes);
  return path;
}

describe('show on a damaged capture', () => {
  it('prints the frames before a truncation, then names the file and offset and exits 2', async () => {
    const whole = readFileSync(tcpCapture('sll'));
    const path = damaged('cut.pcap', whole.subarray(0, 300));
    const r = await show(path);
    expect(r.status).toBe(2);
    expect(lines(r.out)).toHaveLength(3);
    expect(r.err).toBe(`labwire show: ${path}: at offset 292: truncated record header: needs 16 bytes, 8 left\n`);
    if (hasTshark()) {
      const t = runTshark(['-r', path]);
      expect(t.status).toBe(2);
      expect(r.out).toBe(t.stdout);
    }
  });

  it('refuses a wrong magic at offset 0 and prints nothing', async () => {
    const path = damaged('magic.pcap', new TextEncoder().encode('hello world, not a capture'));
    const r = await show(path);
    expect(r.status).toBe(2);
    expect(r.out).toBe('');
    expect(r.err).toBe(`labwire show: ${path}: at offset 0: not a pcap or pcapng file: starts with 68 65 6c 6c\n`);
  });

  it('stops at a pcapng block whose length lies, after the frames before it', async () => {
    const bytes = new Uint8Array(readFileSync(dnsCapture('eth', 'pcapng')));
    // find the 4th EPB (type 6) and make its leading length disagree with its trailing one
    let at = 0;
    let epbs = 0;
    const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    while (at < bytes.length) {
      const type = dv.getUint32(at, true);
      const len = dv.getUint32(at + 4, true);
      if (type === 6 && ++epbs === 4) break;
      at += len;
    }
    dv.setUint32(at + 4, dv.getUint32(at + 4, true) + 4, true);
    const path = damaged('lying.pcapng', bytes);
    const r = await show(path);
    expect(r.status).toBe(2);
    expect(lines(r.out).map((l) => Number(l.trim().split(' ')[0]))).toEqual([1, 2, 3]);
    expect(r.err).toMatch(new RegExp(`^labwire show: ${path.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}: at offset ${at}: block length \\d+ at the start but \\d+ at the end\\n$`));
  });

  it('says which file it could not open', async () => {
    const r = await show('/nonexistent/capture.pcap');
    expect(r.status).toBe(2);
    expect(r.err).toMatch(/^labwire show: \/nonexistent\/capture\.pcap: at offset 0: cannot open: /);
  });
});

const FILTER = compileFilter('tcp.len > 0 || dns.qry.name contains "a" || ip.addr == 10.0.0.0/8 || arp || icmp.type == 8');

function run(bytes: Uint8Array, verbose: boolean): void {
  if (!FILTER.ok) throw new Error('filter');
  let out = 0;
  showEntries(readCapture(bytes), { verbose }, (s) => void (out += s.length), () => {});
  showEntries(readCapture(bytes), { filter: FILTER.filter }, (s) => void (out += s.length), () => {});
}

describe('show never crashes', () => {
  it('on arbitrary bytes as a capture file', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 2048 }), fc.boolean(), (b, v) => run(b, v)), { numRuns: 500 });
  });

  it('on a real capture with bytes flipped, cut or appended', () => {
    const base = new Uint8Array(readFileSync(tcpCapture('sll')));
    const mutation = fc.record({
      flips: fc.array(fc.tuple(fc.nat(base.length - 1), fc.integer({ min: 0, max: 255 })), { maxLength: 20 }),
      cut: fc.nat(base.length),
      tail: fc.uint8Array({ maxLength: 64 }),
    });
    fc.assert(fc.property(mutation, fc.boolean(), (m, v) => {
      const b = base.slice(0, m.cut);
      for (const [i, x] of m.flips) if (i < b.length) b[i] = x;
      const withTail = new Uint8Array(b.length + m.tail.length);
      withTail.set(b);
      withTail.set(m.tail, b.length);
      run(withTail, v);
    }), { numRuns: 500 });
  });

  it('on arbitrary frames inside a valid file, for every link type', () => {
    const frames = fc.array(fc.uint8Array({ maxLength: 200 }), { minLength: 1, maxLength: 8 });
    fc.assert(fc.property(frames, fc.constantFrom(1, 113, 276, 0), fc.boolean(), (fs, linkType, v) => {
      const bytes = captureToBytes(
        { format: 'pcap-ns', interfaces: [{ name: 'any', linkType }], epochSeconds: 1 },
        fs.map((frame, i) => ({ ifIndex: 0, timeNs: i * 1000, frame })),
      );
      run(bytes, v);
    }), { numRuns: 500 });
  });
});
