/**
 * The echo task at scale: the lab's 2 MB echo (recv(32) server, recv(16) client, full `any`
 * capture to a file) over loopback on mesin1 in simulated and wall time, next to the same
 * programs on this machine's real kernel over loopback (the lab's Python, run in the same
 * bench); and a bulk
 * transfer (100 MB, 64 KiB reads, headers-only capture) in TCP segments per wall second.
 */
import { performance } from 'node:perf_hooks';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runScenario } from '../src/sim/run-scenario.ts';
import { defineScenario } from '../src/sim/scenario.ts';
import echo2mb from '../scenarios/echo-2mb-local.ts';
import { progjar } from '../scenarios/progjar/lab.ts';
import type { Program } from '../src/stack/socket/context.ts';
import type { BenchResult } from './run.ts';

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

async function simulated(): Promise<{ wall: number; sim: number; frames: number; done: boolean }> {
  const outDir = mkdtempSync(join(tmpdir(), 'labwire-bench-'));
  const t0 = performance.now();
  const run = await runScenario(echo2mb, { seed: 1, outDir });
  const wall = (performance.now() - t0) / 1000;
  const client = run.result.processes.find((p) => p.name === 'client.py')!;
  const lines = run.result.transcript.filter((l) => l.program === 'client.py');
  const sim = (lines[lines.length - 1]!.at - lines[0]!.at) / 1e9;
  return { wall, sim, frames: run.captures.reduce((n, c) => n + c.packets, 0), done: client.state === 'done' };
}

/** The payload exists before the clock starts (a real sender's data is in memory already). */
export const bulkSender = (payload: Uint8Array): Program => async ({ socket }) => {
  const s = socket.socket(socket.AF_INET, socket.SOCK_STREAM);
  await s.connect(['172.16.16.101', 5001]);
  await s.sendall(payload);
  s.close();
};

export const bulkReceiver: Program = async ({ socket }) => {
  const s = socket.socket(socket.AF_INET, socket.SOCK_STREAM);
  await s.bind(['0.0.0.0', 5001]);
  s.listen(1);
  const [c] = await s.accept();
  while ((await c.recv(65536)).length) { /* drain */ }
  c.close();
};

async function bulk(): Promise<BenchResult[]> {
  const bytes = 100 * 1024 * 1024;
  const payload = new Uint8Array(bytes);
  for (let i = 0; i < bytes; i += 4096) payload[i] = i >>> 12; // touch every page
  const sc = defineScenario({
    name: 'bench-bulk', summary: '100 MB from mesin2 to mesin1', lab: progjar,
    programs: [
      { on: 'mesin1', name: 'receiver', run: bulkReceiver },
      { on: 'mesin2', name: 'sender', at: 1e6, run: bulkSender(payload) },
    ],
    captures: [{ on: 'mesin2', iface: 'eth1' }],
  });
  const t0 = performance.now();
  const run = await runScenario(sc, { seed: 1, snaplen: 128 });
  const wall = (performance.now() - t0) / 1000;
  const frames = run.captures[0]!.packets;
  // with GSO a captured frame carries up to 45 wire segments; count both
  const mssSegments = Math.ceil(bytes / 1448);
  return [
    { name: 'bulk 100 MB, 64 KiB reads, headers-only capture', value: mssSegments / wall, unit: 'MSS segments/s', note: `${(bytes / wall / 1e6).toFixed(0)} MB/s of payload, ${wall.toFixed(2)} s wall` },
    { name: '  same run, captured frames (GSO super-segments and ACKs)', value: frames / wall, unit: 'frames/s', note: `${frames} frames` },
  ];
}

export default async function bench(): Promise<BenchResult[]> {
  const real = await realKernel();
  const sim = await simulated();
  const out: BenchResult[] = [
    // programs take no simulated CPU time, so over loopback the simulated exchange is brief
    { name: `echo 2 MB simulated (${sim.done ? 'completed' : 'did NOT complete'}), wall time`, value: sim.wall, unit: 's', note: `${sim.frames} frames captured; ${(sim.sim * 1e3).toFixed(3)} ms of simulated time` },
  ];
  if (real !== undefined) {
    out.push({ name: 'echo 2 MB on the real kernel, lab Python over loopback', value: real, unit: 's' });
    out.push({ name: 'echo 2 MB: labwire wall time / real kernel time', value: sim.wall / real, unit: 'x', note: '< 1 means labwire replays faster than the real thing' });
  } else out.push({ name: 'echo 2 MB on the real kernel', value: NaN, unit: 's', note: 'python3 not available: reference skipped' });
  return [...out, ...(await bulk())];
}
