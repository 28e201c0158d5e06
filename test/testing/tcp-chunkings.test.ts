import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { concatBytes, describeTcpChunking, feed, QUIET, runTcpChunking, tcpChunkings, TcpRunError, type TcpChunking } from '../../src/testing/index.ts';
import { frame, lengthPrefixed, lengthPrefixedDroppingTheRest, lengthPrefixedOneReadOneMessage, lineReader, lineReaderDecodingEachChunk } from './readers.ts';

const MESSAGES = ['hello', 'wörld — ünïcode', 'the third message, a little longer than the others'];
const FRAMED = MESSAGES.map(frame);
const LINES = ['héllo', 'wörld', '日本語のテキスト', 'ok'];
const LINE_WRITES = LINES.map((l) => `${l}\n`);
const RUNS = 200;

let dir = '';
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'labwire-testing-'));
  process.env.LABWIRE_CAPTURE_DIR = dir;
});
afterAll(() => {
  delete process.env.LABWIRE_CAPTURE_DIR;
  rmSync(dir, { recursive: true, force: true });
});

function shrunk(arb: fc.Arbitrary<TcpChunking>, ok: (c: TcpChunking) => boolean, seed = 7): TcpChunking | null {
  const d = fc.check(fc.property(arb, ok), { seed, numRuns: RUNS });
  return d.failed ? d.counterexample![0] : null;
}

describe('tcpChunkings', () => {
  it('a run is reproduced exactly by its parameters, capture included', () => {
    const p = { ...QUIET, seed: 99, mss: 88, recvSize: 7, readPauses: [0], loss: 0.1 };
    const a = runTcpChunking(FRAMED, p);
    const b = runTcpChunking(FRAMED, p);
    expect(a.chunks).toEqual(b.chunks);
    const cap = a.capture();
    expect(cap).toEqual(b.capture());
    expect([...cap.subarray(0, 4)]).toEqual([0x4d, 0x3c, 0xb2, 0xa1]); // pcap, nanosecond timestamps
  });

  it('any drawn run is reproduced by its parameters', () => {
    fc.assert(fc.property(tcpChunkings(FRAMED), (c) => {
      const again = runTcpChunking(FRAMED, c.params);
      expect(again.cuts).toEqual(c.cuts);
      expect(again.stats).toEqual(c.stats);
    }), { seed: 11, numRuns: 100 });
  });

  it('a fixed seed gives the same deliveries whatever ran before it in the process, and in any order', () => {
    // what one run leaves behind (module state, V8's shapes, anything a faster setup shares
    // between runs) must not reach the next: the same draws, first alone, then after others and reversed
    const deliveries = (cs: readonly TcpChunking[]) => cs.map((c) => ({ params: c.params, chunks: c.chunks, stats: c.stats, endedAt: c.endedAt }));
    const first = deliveries(fc.sample(tcpChunkings(FRAMED), { seed: 21, numRuns: 60 }));
    fc.sample(tcpChunkings(LINE_WRITES), { seed: 22, numRuns: 60 });
    const again = deliveries(fc.sample(tcpChunkings(FRAMED), { seed: 21, numRuns: 60 }));
    expect(again).toEqual(first);
    const reversed = [...first].reverse().map((d) => runTcpChunking(FRAMED, d.params));
    expect(deliveries(reversed).reverse()).toEqual(first);
  });

  it('the reader always gets the stream, whole and in order', () => {
    const stream = concatBytes(FRAMED);
    fc.assert(fc.property(tcpChunkings(FRAMED), (c) => {
      expect(concatBytes(c.chunks)).toEqual(stream);
    }), { seed: 1, numRuns: RUNS });
  });

  it('finds the length-prefixed reader that takes one read for one message, in at most two chunks', () => {
    const c = shrunk(tcpChunkings(FRAMED), (c) => feed(lengthPrefixedOneReadOneMessage(), c).join('|') === MESSAGES.join('|'));
    expect(c?.chunks.length).toBeLessThanOrEqual(2);
  });

  it('passes the length-prefixed reader that buffers', () => {
    expect(shrunk(tcpChunkings(FRAMED), (c) => feed(lengthPrefixed(), c).join('|') === MESSAGES.join('|'))).toBeNull();
  });

  it('finds the line reader that decodes each chunk alone, in two chunks', () => {
    const c = shrunk(tcpChunkings(LINE_WRITES), (c) => feed(lineReaderDecodingEachChunk(), c).join('|') === LINES.join('|'));
    expect(c?.chunks.length).toBe(2);
  });

  it('passes the line reader with one streaming decoder', () => {
    expect(shrunk(tcpChunkings(LINE_WRITES), (c) => feed(lineReader(), c).join('|') === LINES.join('|'))).toBeNull();
  });

  it('finds the reader that drops the bytes after a message boundary, in at most two chunks', () => {
    const c = shrunk(tcpChunkings(FRAMED), (c) => feed(lengthPrefixedDroppingTheRest(), c).join('|') === MESSAGES.join('|'));
    expect(c?.chunks.length).toBeLessThanOrEqual(2);
  });

  it.each([
    ['a long message and a short one (one read fails too)', ['x'.repeat(3000), 'short'], 1],
    ['one long message (only a split read fails)', ['x'.repeat(3000)], 2],
  ])('shrinks %s to the fewest reads that fail, however small the drawn reads', (_name, messages, reads) => {
    const c = shrunk(tcpChunkings(messages.map(frame)), (c) => feed(lengthPrefixedOneReadOneMessage(), c).join('|') === messages.join('|'), 3);
    expect(c?.chunks.length).toBe(reads);
  });

  it('keeps fixed parameters fixed', () => {
    for (const c of fc.sample(tcpChunkings(FRAMED, { params: { mss: 536, loss: 0, recvSize: fc.constantFrom(3, 5) } }), { seed: 2, numRuns: 30 })) {
      expect(c.params.mss).toBe(536);
      expect(c.params.loss).toBe(0);
      expect([3, 5]).toContain(c.params.recvSize);
    }
  });
});

describe('the failure report of tcpChunkings', () => {
  it('gives the shrunk chunks, the seed, the parameters and a capture that exists only then', () => {
    fc.assert(fc.property(tcpChunkings(FRAMED), (c) => feed(lengthPrefixed(), c).length === 3), { seed: 3, numRuns: 50 });
    expect(readdirSync(dir)).toEqual([]);

    let message = '';
    try {
      fc.assert(fc.property(tcpChunkings(FRAMED), (c) => feed(lengthPrefixedOneReadOneMessage(), c).length === 3), { seed: 3 });
    } catch (e) {
      message = String(e);
    }
    expect(message).toMatch(/Counterexample: \[TcpChunking\([12] reads? \[/);
    expect(message).toMatch(/seed \d+, mss \d+, Nagle (on|off)/);
    const seed = /"seed":(\d+)/.exec(message)?.[1];
    // one line with both seeds' roles: ours replays the run, fast-check's (printed above it) the property
    expect(message).toMatch(/\{ seed: -?\d+, path: "[\d:]+"/);
    expect(message).toMatch(new RegExp(`reproduce with: runTcpChunking\\(writes, \\{"seed":${seed},.*\\}\\): the simulation seed ${seed} .*this run; fast-check's seed and path`));
    const path = /capture: (\S+\.pcap)/.exec(message)?.[1];
    expect(path && existsSync(path)).toBe(true);
    expect(path!.startsWith(dir)).toBe(true);
    expect([...readFileSync(path!).subarray(0, 4)]).toEqual([0x4d, 0x3c, 0xb2, 0xa1]);
  });
});

describe('a run that never finishes', () => {
  // H6's recording (test/fixtures/real/synack-retries): Linux too leaves this client half-open
  const halfOpen = {
    seed: 1888849578, mss: 808, nagle: false, sndBuf: 4096, rcvBuf: 8192, recvSizes: [1024, 1024, 100, 4096], recvSize: 65536,
    readPauses: [1_000_000], writePauses: [500_000_000, 40_000_000, 1_000_000], latency: 20_000, bandwidth: 100_000_000, loss: 0.1,
  };
  const writes = ['hello', 'wörld — ünïcode', 'the third message, a little longer than the others'].map(frame);

  it('is a value that says why, and feed() fails on it', () => {
    const run = runTcpChunking(writes, halfOpen);
    expect(run.unfinished).toMatch(/did not finish/);
    expect(() => feed(() => [], run)).toThrow(TcpRunError);
    expect(describeTcpChunking(run, 'x.pcap')).toMatch(/did not finish[\s\S]*capture: x.pcap/);
  });

  it('fails the property (with its report) instead of throwing out of generation', () => {
    let report = '';
    try {
      fc.assert(fc.property(tcpChunkings(writes, { params: halfOpen }), (run) => {
        feed(() => [], run);
      }), { numRuns: 1 });
    } catch (e) {
      report = String(e);
    }
    expect(report).toMatch(/Property failed after 1 tests/);
    expect(report).toMatch(/half-open[\s\S]*reproduce with: runTcpChunking/);
  });
});
