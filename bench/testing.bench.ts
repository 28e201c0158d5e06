/**
 * labwire/testing: simulated runs per second of tcpChunkings (3 length-prefixed messages of
 * 1 KB through full TCP between two simulated hosts, no capture), drawn conditions and the
 * quiet machine; chunkings draws per second for the same stream; and the wall time of a
 * 1,000-run property over tcpChunkings. Each figure runs a warm-up first. Aim: drawn
 * conditions ≥ 5 000 runs/s (issue 15), beside chunkings' draws/s measured in the same run.
 */
import { performance } from 'node:perf_hooks';
import fc from 'fast-check';
import { chunkings, feed, QUIET, tcpChunkings } from '../src/testing/index.ts';
import { profileInProcess } from './lib/profile.ts';
import type { BenchResult, Workload } from './run.ts';

function framed(fill: number): Uint8Array {
  const m = new Uint8Array(1024);
  new DataView(m.buffer).setUint32(0, 1020);
  m.fill(fill, 4);
  return m;
}

const WRITES = [framed(0x61), framed(0x62), framed(0x63)];

/**
 * Draws per second of `arb` over about `seconds` of wall time after a warm-up, and per
 * second of this process's CPU time (the steadier figure on a shared machine).
 */
function rate(arb: fc.Arbitrary<unknown>, seconds: number): { wall: number; cpu: number } {
  fc.sample(arb, { numRuns: 300, seed: 1 });
  let n = 0;
  let seed = 2;
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  while (performance.now() - t0 < seconds * 1000) {
    fc.sample(arb, { numRuns: 100, seed: seed++ });
    n += 100;
  }
  const cpu = process.cpuUsage(c0);
  return { wall: n / ((performance.now() - t0) / 1000), cpu: n / ((cpu.user + cpu.system) / 1e6) };
}

function cpuNote(r: { cpu: number }, what: string): string {
  return `${what}; ${Math.round(r.cpu)} per CPU-second`;
}

/** a buffering length-prefixed reader: the property the 1,000-run figure checks */
function reader() {
  let buf = new Uint8Array(0);
  return (chunk: Uint8Array) => {
    const next = new Uint8Array(buf.length + chunk.length);
    next.set(buf);
    next.set(chunk, buf.length);
    buf = next;
    const out: number[] = [];
    while (buf.length >= 4) {
      const n = new DataView(buf.buffer, buf.byteOffset).getUint32(0);
      if (buf.length < 4 + n) break;
      out.push(n);
      buf = buf.subarray(4 + n);
    }
    return out;
  };
}

export default async function bench(): Promise<BenchResult[]> {
  const drawn = rate(tcpChunkings(WRITES), 3);
  const drawnWorkload: Workload = { what: 'tcpChunkings drawn for 3 s more, in process', profile: async () => [await profileInProcess(() => rate(tcpChunkings(WRITES), 3))] };
  const quiet = rate(tcpChunkings(WRITES, { params: { ...QUIET, readPauses: [0] } }), 2);
  const split = rate(chunkings(WRITES), 2);
  const t0 = performance.now();
  fc.assert(fc.property(tcpChunkings(WRITES), (c) => feed(reader(), c).length === 3), { numRuns: 1000, seed: 42 });
  const propertySeconds = (performance.now() - t0) / 1000;
  return [
    {
      name: 'tcpChunkings, 3 × 1 KB, drawn conditions', value: drawn.wall, unit: 'runs/s',
      ref: { name: 'chunkings, 3 × 1 KB (no simulation)', value: split.wall, unit: 'draws/s', measured: true }, ratio: drawn.wall / split.wall,
      aim: { text: '≥ 5 000 runs/s', met: drawn.wall >= 5000 }, workload: drawnWorkload, note: cpuNote(drawn, 'full TCP, two hosts, no capture'),
    },
    { name: 'tcpChunkings, 3 × 1 KB, quiet machine', value: quiet.wall, unit: 'runs/s', note: cpuNote(quiet, 'MSS 1460, no loss, reader without pauses') },
    { name: 'chunkings, 3 × 1 KB', value: split.wall, unit: 'draws/s', note: cpuNote(split, 'no simulation: the reference above') },
    { name: 'a 1,000-run property over tcpChunkings, 3 × 1 KB', value: propertySeconds, unit: 's', note: 'buffering length-prefixed reader, passes' },
  ];
}
