import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { chunkings, concatBytes, feed, type Chunking } from '../../src/testing/index.ts';
import { frame, lengthPrefixed, lengthPrefixedDroppingTheRest, lengthPrefixedOneReadOneMessage, lineReader, lineReaderDecodingEachChunk } from './readers.ts';

const MESSAGES = ['hello', 'wörld — ünïcode', 'the third message, a little longer than the others'];
const FRAMED = MESSAGES.map(frame);
const LINES = ['héllo', 'wörld', '日本語のテキスト', 'ok'];
const LINE_STREAM = LINES.map((l) => `${l}\n`);

/** Run the property with a fixed seed; the shrunk counterexample when it fails. */
function counterexample(arb: fc.Arbitrary<Chunking>, ok: (c: Chunking) => boolean): Chunking | null {
  const details = fc.check(fc.property(arb, ok), { seed: 42, numRuns: 300 });
  return details.failed ? details.counterexample![0] : null;
}

describe('chunkings', () => {
  it('every chunking concatenates back to the stream', () => {
    const stream = concatBytes(FRAMED);
    fc.assert(fc.property(chunkings(FRAMED), (c) => {
      expect(concatBytes(c.chunks)).toEqual(stream);
      expect(c.chunks.every((x) => x.length > 0)).toBe(true);
      expect(c.cuts).toEqual([...c.cuts].sort((a, b) => a - b));
    }), { seed: 1 });
  });

  it('draws the splits that break framing code', () => {
    const stream = concatBytes(FRAMED);
    const boundaries = [FRAMED[0]!.length, FRAMED[0]!.length + FRAMED[1]!.length];
    const seen = { whole: 0, bytewise: 0, inPrefix: 0, inUtf8: 0, atBoundary: 0, spanning: 0 };
    for (const c of fc.sample(chunkings(FRAMED), { seed: 3, numRuns: 500 })) {
      if (c.chunks.length === 1) seen.whole++;
      if (c.chunks.length === stream.length) seen.bytewise++;
      if (c.cuts.some((x) => [0, ...boundaries].some((b) => x > b && x < b + 4))) seen.inPrefix++;
      if (c.cuts.some((x) => (stream[x]! & 0xc0) === 0x80)) seen.inUtf8++;
      if (c.cuts.some((x) => boundaries.includes(x))) seen.atBoundary++;
      let from = 0;
      if ([...c.cuts, stream.length].some((to) => { const spans = boundaries.some((b) => b > from && b < to); from = to; return spans; })) seen.spanning++;
    }
    for (const [what, n] of Object.entries(seen)) expect(n, what).toBeGreaterThan(10);
  });

  it('finds the length-prefixed reader that takes one read for one message, in at most two chunks', () => {
    const c = counterexample(chunkings(FRAMED), (c) => feed(lengthPrefixedOneReadOneMessage(), c).join('|') === MESSAGES.join('|'));
    expect(c).not.toBeNull();
    expect(c!.chunks.length).toBeLessThanOrEqual(2);
  });

  it('passes the length-prefixed reader that buffers', () => {
    expect(counterexample(chunkings(FRAMED), (c) => feed(lengthPrefixed(), c).join('|') === MESSAGES.join('|'))).toBeNull();
  });

  it('finds the line reader that decodes each chunk alone, with a two-chunk split inside a character', () => {
    const c = counterexample(chunkings(LINE_STREAM), (c) => feed(lineReaderDecodingEachChunk(), c).join('|') === LINES.join('|'));
    expect(c).not.toBeNull();
    expect(c!.chunks.length).toBe(2);
    const cut = c!.cuts[0]!;
    expect(concatBytes(c!.chunks)[cut]! & 0xc0).toBe(0x80); // the cut is before a continuation byte
  });

  it('passes the line reader with one streaming decoder', () => {
    expect(counterexample(chunkings(LINE_STREAM), (c) => feed(lineReader(), c).join('|') === LINES.join('|'))).toBeNull();
  });

  it('finds the reader that drops the bytes after a message boundary, in at most two chunks', () => {
    const c = counterexample(chunkings(FRAMED), (c) => feed(lengthPrefixedDroppingTheRest(), c).join('|') === MESSAGES.join('|'));
    expect(c).not.toBeNull();
    expect(c!.chunks.length).toBeLessThanOrEqual(2);
  });

  it('prints a counterexample as Python bytes, read by read', () => {
    const err = (() => {
      try {
        fc.assert(fc.property(chunkings(FRAMED), (c) => feed(lengthPrefixedOneReadOneMessage(), c).length === 3), { seed: 42 });
      } catch (e) {
        return String(e);
      }
      return '';
    })();
    expect(err).toMatch(/Counterexample: \[Chunking\(\d reads? \[[\d, ]+ bytes\]: b'\\x00\\x00\\x00\\x05hello/);
  });
});
