/**
 * The contract every wire codec passes (STYLE §2.7), as one shared set of tests:
 *
 *  1. parse(emit(v)) ≡ v, also when the encoding sits at an offset inside a larger buffer
 *     (the parsed value matches v field by field; derived fields are checked by `expected`).
 *  2. emitInto writes exactly emit's bytes at the offset it is given, touches nothing outside
 *     them, returns the end offset, and throws a RangeError when the buffer is a byte short.
 *  3. emit(parse(b)) ≡ b for real bytes (samples from captures).
 *  4. Arbitrary bytes, and valid encodings with bytes overwritten, give a value or a
 *     WireError; never a throw; an error's offset lies within the buffer.
 *  5. Every strict prefix of a valid encoding (down from `detectableBelow`) gives a WireError
 *     whose offset is at most the prefix's end.
 *
 * Also here: `readPcap`, a tiny pcap record walker for the real captures (tests must not
 * depend on src/capture), and `frameHex`/`bytesOf` for vectors written as hex.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { expect, it } from 'vitest';
import type { Parsed } from '../../src/stack/wire/errors.ts';

export interface CodecSample<P> {
  readonly name: string;
  /** the whole buffer; the encoding starts at `offset` */
  readonly bytes: Uint8Array;
  readonly offset?: number;
  /** what a parsed value re-emits to; defaults to the contract's `emit` */
  readonly reemit?: (p: P) => Uint8Array;
}

export interface CodecContract<V, P> {
  readonly arbitrary: fc.Arbitrary<V>;
  readonly emit: (v: V) => Uint8Array;
  readonly emitInto?: (v: V, out: Uint8Array, offset: number) => number;
  /** parses the encoding at `offset`; `end` is where the encoding's buffer region ends */
  readonly parse: (bytes: Uint8Array, offset: number, end: number) => Parsed<P>;
  /** what parse(emit(v)) must match (toMatchObject); defaults to v itself */
  readonly expected?: (v: V) => object;
  /** re-emits a parsed value; defaults to `emit` (parsed values extend the Init shapes) */
  readonly reemit?: (p: P) => Uint8Array;
  readonly samples?: readonly CodecSample<P>[];
  /**
   * Prefixes shorter than this must fail (default: every strict prefix). Formats that end
   * where their buffer ends (TCP payload, ICMP data) can only detect a short header.
   */
  readonly detectableBelow?: (v: V, bytes: Uint8Array) => number;
  readonly numRuns?: number;
}

const junkArb = fc.uint8Array({ maxLength: 7 });

function place(junk: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(junk.length + b.length);
  out.set(junk, 0);
  out.set(b, junk.length);
  return out;
}

function expectSaneResult(r: Parsed<unknown>, bytes: Uint8Array, offset: number): void {
  if (r.ok) {
    expect(r.end).toBeGreaterThanOrEqual(offset);
    expect(r.end).toBeLessThanOrEqual(bytes.length);
  } else {
    expect(typeof r.error.layer).toBe('string');
    expect(typeof r.error.field).toBe('string');
    expect(typeof r.error.reason).toBe('string');
    expect(r.error.offset).toBeGreaterThanOrEqual(offset);
    expect(r.error.offset).toBeLessThanOrEqual(bytes.length);
  }
}

/** Registers the contract's tests in the current `describe`. */
export function checkCodec<V, P>(c: CodecContract<V, P>): void {
  const numRuns = c.numRuns ?? 200;
  const expected = c.expected ?? ((v: V) => v as object);

  it('parses what it emits back to the same value, at any offset', () => {
    fc.assert(
      fc.property(c.arbitrary, junkArb, (v, junk) => {
        const b = c.emit(v);
        const whole = place(junk, b);
        const r = c.parse(whole, junk.length, whole.length);
        if (!r.ok) expect.fail(`parse failed: ${JSON.stringify(r.error)}`);
        expect(r.value).toMatchObject(expected(v));
        expect(r.end).toBe(whole.length);
      }),
      { numRuns },
    );
  });

  if (c.emitInto !== undefined) {
    const emitInto = c.emitInto;
    it('emitInto writes the same bytes as emit, only inside its range, returns the end, and refuses a short buffer', () => {
      fc.assert(
        fc.property(c.arbitrary, fc.nat(9), (v, at) => {
          const b = c.emit(v);
          const out = new Uint8Array(at + b.length + 5).fill(0xa5);
          expect(emitInto(v, out, at)).toBe(at + b.length);
          expect(out.subarray(at, at + b.length)).toEqual(b);
          expect(out.subarray(0, at).every((x) => x === 0xa5)).toBe(true);
          expect(out.subarray(at + b.length).every((x) => x === 0xa5)).toBe(true);
          if (b.length > 0) expect(() => emitInto(v, new Uint8Array(at + b.length - 1), at)).toThrow(RangeError);
        }),
        { numRuns },
      );
    });
  }

  for (const s of c.samples ?? []) {
    it(`re-emits the real bytes of ${s.name} exactly`, () => {
      const offset = s.offset ?? 0;
      const r = c.parse(s.bytes, offset, s.bytes.length);
      if (!r.ok) expect.fail(`parse failed: ${JSON.stringify(r.error)}`);
      const reemit = s.reemit ?? c.reemit ?? ((p: P) => c.emit(p as unknown as V));
      expect(hexOf(reemit(r.value))).toBe(hexOf(s.bytes.subarray(offset, r.end)));
    });
  }

  it('gives a value or a WireError for arbitrary bytes, never a throw', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 120 }), fc.nat(8), (bytes, off) => {
        const offset = Math.min(off, bytes.length);
        expectSaneResult(c.parse(bytes, offset, bytes.length), bytes, offset);
      }),
      { numRuns: numRuns * 5 },
    );
  });

  it('gives a value or a WireError for valid encodings with bytes overwritten, never a throw', () => {
    const mutation = fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 4 });
    fc.assert(
      fc.property(c.arbitrary, mutation, (v, changes) => {
        const b = c.emit(v).slice();
        if (b.length === 0) return;
        for (const [at, x] of changes) b[at % b.length] = x;
        expectSaneResult(c.parse(b, 0, b.length), b, 0);
      }),
      { numRuns: numRuns * 2 },
    );
  });

  it('reports every strict prefix of a valid encoding as a WireError within the prefix', () => {
    fc.assert(
      fc.property(c.arbitrary, junkArb, (v, junk) => {
        const b = c.emit(v);
        const below = Math.min(b.length, c.detectableBelow?.(v, b) ?? b.length);
        for (let k = 0; k < below; k++) {
          const whole = place(junk, b.subarray(0, k));
          const r = c.parse(whole, junk.length, whole.length);
          if (r.ok) expect.fail(`prefix of ${k}/${b.length} bytes parsed`);
          expect(r.error.offset).toBeGreaterThanOrEqual(junk.length);
          expect(r.error.offset).toBeLessThanOrEqual(whole.length);
        }
      }),
      { numRuns: Math.ceil(numRuns / 4) },
    );
  });
}

export function hexOf(b: Uint8Array): string {
  return Buffer.from(b.buffer, b.byteOffset, b.length).toString('hex');
}

/** Bytes from hex written with any spacing or line breaks. */
export function bytesOf(hex: string): Uint8Array {
  return new Uint8Array(Buffer.from(hex.replace(/\s+/g, ''), 'hex'));
}

// ---- real captures ----------------------------------------------------------------------

export interface PcapFile {
  readonly linkType: number;
  /** frames in file order; frame N (Wireshark's numbering) is frames[N - 1] */
  readonly frames: readonly Uint8Array[];
}

/** The real-Linux recordings, in the repository (test/fixtures/real/README.md says what each is). */
export const REAL_FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'real');

/** The path of a real capture under test/fixtures/real (`'echo10000/mesin1-any.pcap'`); throws when it is not there. */
export function realCapturePath(name: string): string {
  const path = join(REAL_FIXTURES, name);
  if (!existsSync(path)) throw new Error(`no real capture ${name} in ${REAL_FIXTURES}`);
  return path;
}

/** Walks a classic pcap file (either byte order, µs or ns); every frame is a view of one buffer. */
export function readPcap(path: string): PcapFile {
  const buf = new Uint8Array(readFileSync(path));
  const dv = new DataView(buf.buffer, buf.byteOffset, buf.length);
  const magic = dv.getUint32(0, true);
  const le = magic === 0xa1b2c3d4 || magic === 0xa1b23c4d;
  if (!le && dv.getUint32(0, false) !== 0xa1b2c3d4 && dv.getUint32(0, false) !== 0xa1b23c4d) {
    throw new Error(`${path}: not a pcap file`);
  }
  const frames: Uint8Array[] = [];
  for (let o = 24; o + 16 <= buf.length; ) {
    const incl = dv.getUint32(o + 8, le);
    frames.push(buf.subarray(o + 16, o + 16 + incl));
    o += 16 + incl;
  }
  return { linkType: dv.getUint32(20, le), frames };
}
