/** `node [--cpu-prof] --import tsx bench/profile-concurrent.ts N threads|selectors`: the concurrent-clients run alone. */
import { performance } from 'node:perf_hooks';
import { runConcurrent, type ServerKind } from './lib/concurrent.ts';

const cpu = (u: NodeJS.CpuUsage) => (u.user + u.system) / 1e6;
const n = Number(process.argv[2] ?? 1000);
const kind = (process.argv[3] ?? 'threads') as ServerKind;
const t0 = performance.now();
const c0 = process.cpuUsage();
const r = await runConcurrent(n, kind);
console.log(`${n} clients, ${kind} server: ${r.ok ? 'ok' : 'NOT ok'}, ${r.events} events, ${((performance.now() - t0) / 1000).toFixed(2)} s wall, ${(cpu(process.cpuUsage(c0))).toFixed(2)} s CPU`);
