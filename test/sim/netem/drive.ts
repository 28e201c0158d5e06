/** Driving one netem qdisc directly in the netem tests: frames in at a fixed spacing, what left and when. */
import { NetemQdisc } from '../../../src/sim/netem/qdisc.ts';
import { parseNetem } from '../../../src/sim/netem/parse.ts';
import { streamFor } from '../../../src/sim/rng.ts';

export function qdisc(line: string, seed = 7): NetemQdisc {
  return new NetemQdisc(parseNetem(line), streamFor(seed, 'test', `netem:${line}`), 0);
}

/** Feed `n` frames (each carrying its index), one per `spacing` ns; what left, when, in order. */
export function drive(q: NetemQdisc, n: number, spacing = 1000, size = 100) {
  const out: { index: number; at: number; frame: Uint8Array }[] = [];
  const drain = (now: number) => {
    for (let f = q.dequeue(now); f; f = q.dequeue(now)) out.push({ index: new DataView(f.buffer, f.byteOffset).getUint32(0), at: now, frame: f });
  };
  for (let i = 0; i < n; i++) {
    const now = i * spacing;
    while (q.nextTime(now) < now) drain(q.nextTime(now));
    const f = new Uint8Array(size);
    new DataView(f.buffer).setUint32(0, i);
    q.enqueue(f, now);
    drain(now);
  }
  for (let t = q.nextTime(Infinity); t !== Infinity; t = q.nextTime(t)) drain(t);
  return out;
}

/** population mean and standard deviation */
export function meanSd(xs: readonly number[]) {
  const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
  const sd = Math.sqrt(xs.reduce((a, b) => a + (b - mean) ** 2, 0) / xs.length);
  return { mean, sd };
}

/** each frame's delay through the qdisc, ns (`spacing` ns between frames) */
export function delays(line: string, n = 100_000, spacing = 1000, seed = 7) {
  const q = qdisc(`${line} limit 1000000`, seed);
  return drive(q, n, spacing).map((o) => o.at - o.index * spacing);
}
