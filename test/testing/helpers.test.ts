import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { concatBytes, cutsOf, describeChunking, makeChunking, splitAt } from '../../src/testing/chunking.ts';
import { layoutStream } from '../../src/testing/stream.ts';
import { findInterestingCuts } from '../../src/testing/interesting.ts';
import { feed } from '../../src/testing/feed.ts';
import { chunkings } from '../../src/testing/chunkings.ts';
import { runTcpChunking } from '../../src/testing/tcp-chunkings.ts';
import { describeParams, overriddenKeys, asPlainReader, QUIET, tcpParams } from '../../src/testing/tcp-params.ts';

const bytes = (...xs: number[]) => Uint8Array.from(xs);

describe('splitAt and cutsOf', () => {
  it('split at the cuts and give them back', () => {
    const b = bytes(1, 2, 3, 4, 5);
    expect(splitAt(b, [2, 3]).map((c) => [...c])).toEqual([[1, 2], [3], [4, 5]]);
    expect(splitAt(b, []).map((c) => [...c])).toEqual([[1, 2, 3, 4, 5]]);
    expect(cutsOf(splitAt(b, [1, 4]))).toEqual([1, 4]);
    expect(splitAt(new Uint8Array(0), [])).toEqual([]);
  });

  it('are inverse for any cut set', () => {
    fc.assert(fc.property(fc.uint8Array({ minLength: 1, maxLength: 64 }), fc.array(fc.nat()), (b, xs) => {
      const cuts = [...new Set(xs.map((x) => 1 + (x % Math.max(1, b.length - 1))))].filter((c) => c < b.length).sort((p, q) => p - q);
      const chunks = splitAt(b, cuts);
      expect(concatBytes(chunks)).toEqual(b);
      expect(cutsOf(chunks)).toEqual(cuts);
    }));
  });
});

describe('empty streams', () => {
  it('arrive as no reads, with or without TCP', () => {
    expect(fc.sample(chunkings(''), { seed: 1, numRuns: 3 }).map((c) => c.chunks.length)).toEqual([0, 0, 0]);
    expect(runTcpChunking([], { ...QUIET, seed: 1 }).chunks).toEqual([]);
    expect(runTcpChunking(['', 'a'], { ...QUIET, seed: 1 }).chunks.map((c) => c.length)).toEqual([1]);
  });
});

describe('describeChunking', () => {
  it('shows each read as Python bytes, long ones cut', () => {
    const c = makeChunking(new TextEncoder().encode('ab\ncd'), [3]);
    expect(describeChunking(c)).toBe("2 reads [3, 2 bytes]: b'ab\\n' | b'cd'");
    expect(describeChunking(makeChunking(new Uint8Array(30), []))).toMatch(/^1 read \[30 bytes\]: b'(\\x00){24}'…\(\+6 bytes\)$/);
  });
});

describe('layoutStream', () => {
  it('knows where messages begin, for a list of messages or given boundaries', () => {
    expect(layoutStream(['ab', 'é', 'c']).starts).toEqual([0, 2, 4]);
    expect(layoutStream(['ab', 'é', 'c']).boundaries).toEqual([2, 4]);
    expect(layoutStream(bytes(1, 2, 3, 4), [2, 9]).boundaries).toEqual([2]);
    expect(layoutStream('abc').messages.length).toBe(1);
  });
});

describe('findInterestingCuts', () => {
  it('finds prefix, UTF-8, boundary and middle cuts', () => {
    const ic = findInterestingCuts(layoutStream([bytes(0, 0, 0, 2, 0xc3, 0xa9), bytes(0, 0, 0, 1, 0x41)]), 4);
    expect(ic.boundaries).toEqual([6]);
    expect(ic.nearBoundaries).toEqual([5, 7]);
    expect(ic.insidePrefix).toEqual([1, 2, 3, 7, 8, 9]);
    expect(ic.insideUtf8).toEqual([5]);
    expect(ic.middles).toEqual([3, 8]);
  });
});

describe('feed', () => {
  it('feeds chunks in order and gathers what the reader returns', () => {
    const seen: number[] = [];
    expect(feed((c) => { seen.push(c.length); return c.length > 1 ? ['big'] : []; }, [bytes(1), bytes(1, 2)])).toEqual(['big']);
    expect(seen).toEqual([1, 2]);
  });
});

describe('tcpParams', () => {
  it('draws parameters in their ranges', () => {
    for (const p of fc.sample(tcpParams(), { seed: 4, numRuns: 200 })) {
      expect(p.mss).toBeGreaterThanOrEqual(88);
      expect(p.mss).toBeLessThanOrEqual(1460);
      expect(p.loss).toBeLessThanOrEqual(0.1);
      expect(p.recvSize).toBeGreaterThanOrEqual(1);
      expect(p.recvSizes.every((n) => n >= 1 && n <= 65536)).toBe(true);
    }
  });

  it('turns a run into the plain reader that gets the same chunk sizes, unless it is one already or the sizes are fixed', () => {
    const p = { ...QUIET, seed: 3, mss: 536, loss: 0.1, readPauses: [0] };
    expect(asPlainReader(p, [10, 20, 5], new Set())).toEqual({ ...QUIET, seed: 3, recvSizes: [10, 20], recvSize: 65536 });
    expect(asPlainReader({ ...QUIET, seed: 3, recvSizes: [4] }, [4, 9], new Set())).toBeUndefined();
    expect(asPlainReader(p, [10, 20], overriddenKeys({ recvSize: 16 }))).toBeUndefined();
    expect(asPlainReader(p, [10, 20], overriddenKeys({ mss: 536 }))?.mss).toBe(536);
  });

  it('describes a run in one line', () => {
    expect(describeParams({ ...QUIET, seed: 7, recvSizes: [16], recvSize: 32 })).toBe(
      'seed 7, mss 1460, Nagle on, SO_SNDBUF default, SO_RCVBUF default, recv(16, 32 …), read pauses 1000 ms, write pauses 0 µs, latency 20 µs, 10 Gbit/s, loss 0 %',
    );
  });
});
