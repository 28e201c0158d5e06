import { streamFor } from '../src/sim/rng.ts';
import { TARGETS } from './targets.ts';
const t = TARGETS['details']!;
await t.prepare();
const rng = streamFor(1, 'fuzz', 'details');
const times: [number, number, number][] = [];
for (let i = 0; i < 300; i++) {
  const input = t.input(rng) as unknown as Uint8Array;
  const s = performance.now();
  t.run(input as never);
  times.push([performance.now() - s, i, input.length]);
}
times.sort((a, b) => b[0] - a[0]);
console.log(times.slice(0, 8).map((x) => x.map((v) => v.toFixed(0)).join(' ')).join('\n'));
