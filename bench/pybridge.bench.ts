/**
 * The Python bridge: bridge calls per second for recv(16) over 2 MB already queued, with
 * read-ahead on (served in the child, replayed in order) and off (one round trip per call),
 * next to the same program on this machine's real kernel; and the lab's 2 MB echo with its
 * logging through the bridge, next to the same programs on the real kernel. A profile of a short
 * figure is of this process only: the Python children's time shows as its waiting.
 */
import { performance } from 'node:perf_hooks';
import { spawn, spawnSync } from 'node:child_process';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runScenario } from '../src/sim/run-scenario.ts';
import { defineScenario } from '../src/sim/scenario.ts';
import { progjar } from '../src/labs/progjar/lab.ts';
import { pythonPrograms, endPythonRun } from '../src/pybridge/scenario.ts';
import { profileInProcess } from './lib/profile.ts';
import type { BenchResult, Workload } from './run.ts';

const here = dirname(fileURLToPath(import.meta.url));
const LAB = join(here, '../tools/netns-lab/programs');
const SIZE = 2 * 1024 * 1024;

function parseBench(lines: readonly string[]): { calls: number; secs: number } | undefined {
  const l = lines.find((x) => x.startsWith('BENCH '));
  if (!l) return undefined;
  const [, calls, secs] = l.split(' ');
  return { calls: Number(calls), secs: Number(secs) };
}

async function bridged(readAhead: boolean): Promise<{ calls: number; secs: number } | undefined> {
  const sc = defineScenario({
    name: 'bench-py-recv', summary: '', lab: progjar, captures: [],
    programs: pythonPrograms([
      { on: 'mesin1', file: join(here, 'pybridge/bulk_sender.py'), args: ['7000', String(SIZE)], daemon: true },
      { on: 'mesin1', file: join(here, 'pybridge/queued_reader.py'), args: ['127.0.0.1', '7000', String(SIZE)], at: 1e6 },
    ], { readAhead }),
  });
  const run = await runScenario(sc, { seed: 1 });
  endPythonRun();
  return parseBench(run.result.transcript.map((l) => l.text));
}

async function realKernel(): Promise<{ calls: number; secs: number } | undefined> {
  if (spawnSync('python3', ['--version']).status !== 0) return undefined;
  const port = String(20000 + Math.floor(Math.random() * 20000)); // bench only: a free loopback port
  const server = spawn('python3', [join(here, 'pybridge/bulk_sender.py'), port, String(SIZE)], { stdio: ['ignore', 'pipe', 'ignore'] });
  await new Promise<void>((r) => server.stdout.once('data', () => r()));
  const c = spawnSync('python3', [join(here, 'pybridge/queued_reader.py'), '127.0.0.1', port, String(SIZE)], { encoding: 'utf8', timeout: 60_000 });
  server.kill();
  return parseBench(c.stdout.split('\n'));
}

async function labEcho(): Promise<number> {
  const sc = defineScenario({
    name: 'bench-py-echo', summary: '', lab: progjar, captures: [{ on: 'mesin1', iface: 'any' }],
    programs: pythonPrograms([
      { on: 'mesin1', file: join(LAB, 'server.py'), daemon: true },
      { on: 'mesin1', file: join(LAB, 'client_big.py'), args: [String(SIZE), '10000', 'loud', '127.0.0.1'], at: 1e9 },
    ]),
  });
  const t0 = performance.now();
  await runScenario(sc, { seed: 1 });
  endPythonRun();
  return (performance.now() - t0) / 1000;
}

function realEcho(): number | undefined {
  if (spawnSync('python3', ['--version']).status !== 0) return undefined;
  const port = String(20000 + Math.floor(Math.random() * 20000)); // bench only
  const server = spawn('python3', [join(LAB, 'server.py'), port], { stdio: ['ignore', 'ignore', 'ignore'] });
  spawnSync('sleep', ['0.5']);
  const t0 = performance.now();
  const c = spawnSync('python3', [join(LAB, 'client_big.py'), String(SIZE), port, 'loud', '127.0.0.1'], { stdio: 'ignore', timeout: 120_000 });
  const secs = (performance.now() - t0) / 1000;
  server.kill();
  return c.status === 0 ? secs : undefined;
}

const inProcess = (what: string, workload: () => Promise<unknown>): Workload => ({ what: `one more ${what}, in process (Python children not profiled)`, profile: async () => [await profileInProcess(workload)] });

export default async function bench(): Promise<BenchResult[]> {
  const out: BenchResult[] = [];
  const real = await realKernel();
  for (const readAhead of [true, false]) {
    const r = await bridged(readAhead);
    out.push({
      name: `recv(16) over 2 MB queued, read-ahead ${readAhead ? 'on' : 'off'}`,
      value: r ? r.calls / r.secs : NaN,
      unit: readAhead ? 'calls/s' : 'round trips/s',
      aim: r ? (readAhead ? { text: '≥ 250 k calls/s', met: r.calls / r.secs >= 250e3 } : { text: '≥ 20 k round trips/s', met: r.calls / r.secs >= 20e3 }) : undefined,
      note: r ? `${r.calls} calls in ${r.secs.toFixed(2)} s` : 'did not complete',
      workload: inProcess(`bridged recv(16) run, read-ahead ${readAhead ? 'on' : 'off'}`, () => bridged(readAhead)),
    });
  }
  out.push({ name: 'recv(16) over 2 MB queued, real kernel', value: real ? real.calls / real.secs : NaN, unit: 'calls/s', note: real ? `${real.calls} calls in ${real.secs.toFixed(2)} s` : 'python3 not available' });
  const sim = await labEcho();
  const kernel = realEcho();
  out.push({
    name: "the lab's 2 MB echo with its logging, through the bridge", value: sim, unit: 's',
    aim: kernel === undefined ? undefined : { text: 'no slower than the kernel', met: sim <= kernel },
    workload: inProcess('bridged 2 MB echo', labEcho),
  });
  out.push({ name: '  same programs on the real kernel (loopback)', value: kernel ?? NaN, unit: 's', note: kernel ? `bridge / kernel = ${(sim / kernel).toFixed(1)} x` : 'python3 not available' });
  return out;
}
