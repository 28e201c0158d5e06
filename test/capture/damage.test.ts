import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  captureToBytes,
  collectCapture,
  readCapture,
  type CaptureEntry,
  type CaptureFormat,
  type CaptureRecord,
} from '../../src/capture/index.ts';
import { hex } from '../../src/stack/wire/bytes.ts';

function readAll(bytes: Uint8Array): CaptureEntry[] {
  return [...readCapture(bytes, 'x.pcap')];
}

/** At most one error, and only as the last entry. */
function expectWellFormedStream(entries: CaptureEntry[]): void {
  const errors = entries.filter((e) => e.kind === 'error');
  expect(errors.length).toBeLessThanOrEqual(1);
  if (errors.length === 1) expect(entries[entries.length - 1]!.kind).toBe('error');
}

const frame = fc.uint8Array({ maxLength: 120 });
const format = fc.constantFrom<CaptureFormat>('pcap', 'pcap-ns', 'pcapng');
const validFile = fc.tuple(format, fc.array(frame, { maxLength: 6 })).map(([f, frames]) =>
  captureToBytes(
    { format: f, epochSeconds: 1_700_000_000, interfaces: [{ name: 'eth1', linkType: 1 }, { name: 'any', linkType: 1 }] },
    frames.map((fr, i) => ({ ifIndex: i % 2, timeNs: i * 1_234_567, frame: fr })),
  ),
);

describe('reading damaged captures', () => {
  it('never throws on arbitrary bytes, bare or behind a valid magic', () => {
    const prefixes = ['', 'd4c3b2a1', 'a1b2c3d4', '4d3cb2a1', '0a0d0d0a', '0a0d0d0a1c0000004d3c2b1a01000000'];
    fc.assert(
      fc.property(fc.constantFrom(...prefixes), fc.uint8Array({ maxLength: 300 }), (p, tail) => {
        const bytes = new Uint8Array([...Uint8Array.from(Buffer.from(p, 'hex')), ...tail]);
        expectWellFormedStream(readAll(bytes));
      }),
      { numRuns: 2000 },
    );
  });

  it('never throws on a valid file with random bytes overwritten', () => {
    fc.assert(
      fc.property(validFile, fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 8 }), (file, edits) => {
        const bytes = file.slice();
        for (const [at, v] of edits) bytes[at % bytes.length] = v;
        expectWellFormedStream(readAll(bytes));
      }),
      { numRuns: 1000 },
    );
  });

  it('gives every whole record before the cut, and an error unless the cut falls between records', () => {
    fc.assert(
      fc.property(validFile, (file) => {
        const full = collectCapture(readCapture(file));
        const ends = full.records.map((r) => r.offset + recordSize(full.format!, r));
        const valid = validCuts(file, full.format!);
        for (let cut = 0; cut < file.length; cut++) {
          const got = collectCapture(readCapture(file.subarray(0, cut)));
          const whole = ends.filter((e) => e <= cut).length;
          expect(got.records.map((r) => hex(r.data))).toEqual(full.records.slice(0, whole).map((r) => hex(r.data)));
          if (valid.has(cut)) expect(got.error).toBeUndefined();
          else {
            expect(got.error).toBeDefined();
            expect(got.error!.file).toBe('<bytes>');
            expect(got.error!.offset).toBeLessThanOrEqual(cut);
            expect(got.error!.offset).toBeGreaterThanOrEqual(whole === 0 ? 0 : ends[whole - 1]!);
          }
        }
      }),
      { numRuns: 60 },
    );
  });

  it('names a wrong magic and yields nothing else', () => {
    expect(readAll(Uint8Array.of(0x50, 0x4b, 3, 4, 0, 0))).toEqual([
      { kind: 'error', file: 'x.pcap', offset: 0, reason: 'not a pcap or pcapng file: starts with 50 4b 03 04' },
    ]);
    expect(readAll(Uint8Array.of(0xd4, 0xc3))).toEqual([
      { kind: 'error', file: 'x.pcap', offset: 0, reason: 'not a capture file: 2 bytes, too short for a magic number' },
    ]);
  });
});

/** Lengths at which a prefix of `file` is itself a whole file: after the header and after each record or block. */
function validCuts(file: Uint8Array, format: CaptureFormat): Set<number> {
  const v = new DataView(file.buffer, file.byteOffset, file.byteLength);
  const cuts = new Set<number>();
  let at = format === 'pcapng' ? 0 : 24;
  if (format !== 'pcapng') cuts.add(at);
  while (at < file.length) {
    at += format === 'pcapng' ? v.getUint32(at + 4, true) : 16 + v.getUint32(at + 8, true);
    cuts.add(at);
  }
  return cuts;
}

/** Bytes a record takes in the file. */
function recordSize(format: CaptureFormat, r: CaptureRecord): number {
  return format === 'pcapng' ? 32 + ((r.data.length + 3) & ~3) : 16 + r.data.length;
}

describe('block lengths that lie', () => {
  const frames = [Uint8Array.of(1, 2, 3, 4, 5), Uint8Array.of(6, 7), Uint8Array.of(8)];
  const file = captureToBytes(
    { format: 'pcapng', epochSeconds: 0, interfaces: [{ name: 'eth0', linkType: 1 }] },
    frames.map((f, i) => ({ ifIndex: 0, timeNs: i, frame: f })),
  );
  const second = collectCapture(readCapture(file)).records[1]!.offset;
  const put32 = (b: Uint8Array, at: number, v: number) => new DataView(b.buffer, b.byteOffset).setUint32(at, v, true);

  const cases: [string, (b: Uint8Array) => void, string][] = [
    ['not a multiple of 4', (b) => put32(b, second + 4, 34), 'block length 34 is not a multiple of 4 that is at least 12'],
    ['below 12', (b) => put32(b, second + 4, 8), 'block length 8 is not a multiple of 4 that is at least 12'],
    ['past the end of the file', (b) => put32(b, second + 4, 1000), `block length 1000 runs past the end of the file (${file.length - second} bytes left)`],
    ['of 4 GiB', (b) => put32(b, second + 4, 0xfffffff0), 'block length 4294967280 exceeds the 64 MiB this reader accepts'],
    ['unequal at the two ends', (b) => put32(b, second + 32, 40), 'block length 36 at the start but 40 at the end'],
    ['a captured length beyond the block', (b) => put32(b, second + 20, 9), 'captured length 9 overruns its block (length 36)'],
    ['an interface never described', (b) => put32(b, second + 8, 3), 'packet names interface 3, but the section has described 1'],
  ];
  for (const [what, damage, reason] of cases) {
    it(`stops at a block with ${what}, after the records before it`, () => {
      const b = file.slice();
      damage(b);
      const got = collectCapture(readCapture(b));
      expect(got.records.map((r) => Array.from(r.data))).toEqual([[1, 2, 3, 4, 5]]);
      expect(got.error).toEqual({ kind: 'error', file: '<bytes>', offset: second, reason });
    });
  }

  it('stops at a pcap record whose caplen exceeds the snapshot length', () => {
    const pcap = captureToBytes({ format: 'pcap', epochSeconds: 0, interfaces: [{ name: 'a', linkType: 1 }] }, [
      { ifIndex: 0, timeNs: 0, frame: Uint8Array.of(1) },
      { ifIndex: 0, timeNs: 0, frame: Uint8Array.of(2) },
    ]);
    new DataView(pcap.buffer).setUint32(24 + 17 + 8, 0x7fffffff, true);
    const got = collectCapture(readCapture(pcap));
    expect(got.records).toHaveLength(1);
    expect(got.error).toEqual({ kind: 'error', file: '<bytes>', offset: 41, reason: 'record caplen 2147483647 exceeds the snapshot length (262144, limit 262144)' });
  });
});
