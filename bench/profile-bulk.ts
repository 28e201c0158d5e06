/**
 * `node --cpu-prof --cpu-prof-dir=DIR --import tsx bench/profile-bulk.ts [MB] [gso|nogso]`: the
 * bulk run alone, for a CPU profile; `node --import tsx bench/top-profile.ts DIR/*.cpuprofile` prints its top
 * entries by self time.
 */
import { performance } from 'node:perf_hooks';
import { bulkPayload, runBulk } from './lib/bulk.ts';

const mb = Number(process.argv[2] ?? 20);
const gso = process.argv[3] === 'gso';
const payload = bulkPayload(mb * 1024 * 1024);
const t0 = performance.now();
const c0 = process.cpuUsage();
const r = await runBulk(payload, gso);
const wall = (performance.now() - t0) / 1000;
const u = process.cpuUsage(c0);
const s = (u.user + u.system) / 1e6;
console.log(`${mb} MB gso ${gso ? 'on' : 'off'}: ${r.frames} frames, ${r.events} events, ${wall.toFixed(2)} s wall, ${s.toFixed(2)} s CPU; per CPU second: ${(r.frames / s / 1e3).toFixed(1)} k frames/s, ${(r.events / s / 1e3).toFixed(1)} k events/s`);
