/**
 * What tcpChunkings produces over 1,000 runs of a 3-message exchange (4-byte length-prefixed
 * messages of 9, 1004 and 304 bytes): every chunking that breaks framing code must occur.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { runTcpChunking, tcpChunkings, type TcpChunking } from '../../src/testing/index.ts';
import { frame } from './readers.ts';

const WRITES = [frame('hello'), frame('x'.repeat(1000)), frame('y'.repeat(300))];
const STARTS = [0, WRITES[0]!.length, WRITES[0]!.length + WRITES[1]!.length];
const ENDS = [...STARTS.slice(1), STARTS[2]! + WRITES[2]!.length];
const BOUNDARIES = STARTS.slice(1);

/** the byte ranges [from, to) of each read */
function reads(c: TcpChunking): [number, number][] {
  const edges = [0, ...c.cuts, ENDS[2]!];
  return edges.slice(0, -1).map((from, i) => [from, edges[i + 1]!]);
}

const splitMessage = (c: TcpChunking) => c.cuts.some((x) => STARTS.some((s, i) => x > s && x < ENDS[i]!));
const coalesced = (c: TcpChunking) => reads(c).some(([from, to]) => STARTS.some((s, i) => i < 2 && s >= from && ENDS[i + 1]! <= to));
const splitPrefix = (c: TcpChunking) => c.cuts.some((x) => STARTS.some((s) => x > s && x < s + 4));
const endsAtBoundary = (c: TcpChunking) => c.cuts.some((x) => BOUNDARIES.includes(x));
const retransmissionChangedChunking = (c: TcpChunking) =>
  c.stats.retransmissions > 0 && runTcpChunking(WRITES, { ...c.params, loss: 0 }).cuts.join() !== c.cuts.join();

describe('tcpChunkings over 1,000 runs of a 3-message exchange', () => {
  it('produces split messages, coalesced messages, split prefixes, reads ending at a boundary, and retransmissions that change the chunking', () => {
    const sample = fc.sample(tcpChunkings(WRITES), { seed: 20261125, numRuns: 1000 });
    const seen = {
      'a message split across reads': sample.filter(splitMessage).length,
      'two messages coalesced in one read': sample.filter(coalesced).length,
      'a split inside a 4-byte length prefix': sample.filter(splitPrefix).length,
      'a read that ends exactly at a message boundary': sample.filter(endsAtBoundary).length,
      'a retransmission that changes the chunking': sample.filter(retransmissionChangedChunking).length,
    };
    console.log('tcpChunkings, 1,000 runs:', seen, `(${sample.filter((c) => c.stats.retransmissions > 0).length} runs with retransmissions)`);
    for (const [what, n] of Object.entries(seen)) expect(n, what).toBeGreaterThan(0);
  });
});
