/**
 * The echo task at scale: the lab's 2 MB echo (recv(32) server, recv(16) client, full `any`
 * capture to a file) over loopback on mesin1 in simulated and wall time, next to the same
 * programs on this machine's real kernel over loopback (the lab's Python, run in the same
 * bench). The bulk transfer is bulk.bench.ts.
 */
import { performance } from 'node:perf_hooks';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runScenario } from '../src/sim/run-scenario.ts';
import echo2mb from '../scenarios/echo-2mb-local.ts';
import { profileInProcess } from './lib/profile.ts';
import type { BenchResult, Workload } from './run.ts';

const here = dirname(fileURLToPath(import.meta.url));
const SIZE = 2 * 1024 * 1024;

async function realKernel(): Promise<number | undefined> {
  if (spawnSync('python3', ['--version']).status !== 0) return undefined;
  const port = 20000 + Math.floor(Math.random() * 20000); // bench only: a free loopback port
  const server = spawn('python3', [join(here, 'reference/echo_server.py'), String(port)], { stdio: ['ignore', 'pipe', 'ignore'] });
  await new Promise<void>((resolve) => server.stdout.once('data', () => resolve()));
  const client = spawnSync('python3', [join(here, 'reference/echo_client.py'), String(port), String(SIZE)], { encoding: 'utf8', timeout: 120_000 });
  server.kill();
  const [secs, got] = client.stdout.trim().split(' ').map(Number);
  return got === SIZE ? secs : undefined;
}

async function simulated(): Promise<{ wall: number; cpu: number; sim: number; frames: number; done: boolean }> {
  const outDir = mkdtempSync(join(tmpdir(), 'labwire-bench-'));
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  const run = await runScenario(echo2mb, { seed: 1, outDir });
  const wall = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const client = run.result.processes.find((p) => p.name === 'client.py')!;
  const lines = run.result.transcript.filter((l) => l.program === 'client.py');
  const sim = (lines[lines.length - 1]!.at - lines[0]!.at) / 1e9;
  return { wall, cpu: (cpu.user + cpu.system) / 1e6, sim, frames: run.captures.reduce((n, c) => n + c.packets, 0), done: client.state === 'done' };
}

export default async function bench(): Promise<BenchResult[]> {
  const real = await realKernel();
  const sim = await simulated();
  const workload: Workload = { what: 'one more simulated 2 MB echo, in process', profile: async () => [await profileInProcess(simulated)] };
  const out: BenchResult[] = [
    // programs take no simulated CPU time, so over loopback the simulated exchange is brief
    {
      name: `echo 2 MB simulated, captures on, in process (${sim.done ? 'completed' : 'did NOT complete'})`, value: sim.wall, unit: 's',
      ref: real === undefined ? undefined : { name: 'kernel + the lab\'s Python over loopback (no logging)', value: real, unit: 's', measured: true },
      ratio: real === undefined ? undefined : real / sim.wall,
      aim: { text: `≥ 20× faster${real === undefined ? ' (python3 missing: cannot be judged)' : ''}`, met: real !== undefined && real / sim.wall >= 20 }, workload,
      note: `${sim.frames} frames captured; ${(sim.sim * 1e3).toFixed(3)} ms of simulated time; ${sim.cpu.toFixed(3)} s of CPU (GC threads included)${real === undefined ? '; python3 not available: reference skipped' : ''}`,
    },
  ];
  return out;
}
