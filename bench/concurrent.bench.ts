/**
 * 1 000 → 3 000 → 10 000 clients at once against thread-per-client echo servers (the
 * course's server_thread.py, groups of 500 clients per server process: RLIMIT_NOFILE is
 * 1 024), and 1 000 against selectors servers. The reference is the 1 000-client run of the
 * same bench: the ratio is (time per client at 1 000) / (time per client at N), 1.0 when the
 * cost is linear in the clients. `LABWIRE_BENCH_CLIENTS=1000,3000` runs fewer sizes.
 */
import { runConcurrent } from './lib/concurrent.ts';
import { measure } from './lib/measure.ts';
import { profileInProcess } from './lib/profile.ts';
import type { BenchResult } from './run.ts';

export default async function bench(): Promise<BenchResult[]> {
  const sizes = (process.env.LABWIRE_BENCH_CLIENTS ?? '1000,3000,10000').split(',').map(Number);
  // selectors first: after the 10 000-client run the heap is large and GC would be charged to it
  const sel = await measure(() => runConcurrent(1000, 'selectors'));
  const out: BenchResult[] = [];
  let base: { n: number; wall: number } | undefined;
  for (const n of sizes) {
    const m = await measure(() => runConcurrent(n, 'threads'));
    base ??= { n, wall: m.wall };
    const linear = (base.wall / base.n) / (m.wall / n);
    out.push({
      name: `${n} concurrent clients, thread-per-client servers`, value: m.wall, unit: 's',
      ref: n === base.n ? undefined : { name: `${base.n} clients × ${n / base.n}`, value: (base.wall * n) / base.n, unit: 's', measured: true },
      ratio: n === base.n ? undefined : linear,
      aim: n === base.n ? undefined : { text: 'linear (ratio ≥ 0.8)', met: linear >= 0.8 },
      workload: { what: `one more ${n}-client run, in process`, profile: async () => [await profileInProcess(() => runConcurrent(n, 'threads'))] },
      note: `${m.result.ok ? 'all clients done' : 'NOT all clients done'}; ${m.result.events} events, ${(m.result.events / m.wall / 1e3).toFixed(1)} k events/s; CPU ${m.cpu.toFixed(2)} s`,
    });
  }
  out.push({ name: '1000 concurrent clients, selectors servers', value: sel.wall, unit: 's', note: `${sel.result.ok ? 'all clients done' : 'NOT all clients done'}; ${sel.result.events} events; CPU ${sel.cpu.toFixed(2)} s` });
  return out;
}
