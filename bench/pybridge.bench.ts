/**
 * The Python bridge: bridge calls per second for recv(16) over 2 MB already queued, with
 * read-ahead on (served in the child, replayed in order) and off (one round trip per call),
 * next to the same program on this machine's real kernel, the round trips beside a bare
 * Node↔Python pipe ping-pong (the floor the machine allows now); and the lab's 2 MB echo with
 * its logging through the bridge, next to the same programs on the real kernel, each with the
 * programs' CPU time (bridged they run one at a time, lockstep; on the kernel side by side). A
 * profile of a short figure is of this process only: the Python children's time shows as its
 * waiting.
 */
import { performance } from 'node:perf_hooks';
import { spawn, spawnSync } from 'node:child_process';
import type { Readable, Writable } from 'node:stream';
import { join, dirname } from 'node:path';
import { readFileSync } from 'node:fs';
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

/**
 * The floor under a round trip: a Python child writes a small message on the pipe the bridge
 * would read, Node answers on the other, nothing else (no frames, no simulation).
 */
async function barePingPong(n = 20_000): Promise<number | undefined> {
  if (spawnSync('python3', ['--version']).status !== 0) return undefined;
  const child = spawn('python3', [join(here, 'pybridge/pingpong.py'), String(n)], { stdio: ['ignore', 'ignore', 'ignore', 'pipe', 'pipe'] });
  const toChild = child.stdio[3] as Writable;
  const fromChild = child.stdio[4] as Readable;
  const answer = Buffer.alloc(40, 1);
  let t0 = 0;
  let got = 0;
  fromChild.on('data', () => {
    if (got++ === 0) t0 = performance.now();
    toChild.write(answer);
  });
  const ok = await new Promise<boolean>((r) => child.on('close', (code) => r(code === 0)));
  const secs = (performance.now() - t0) / 1000;
  return ok && got === n ? (n - 1) / secs : undefined;
}

/** CPU seconds of the children this process has reaped so far (/proc/self/stat: cutime + cstime, in USER_HZ = 100), undefined off Linux */
function reapedChildrenCpu(): number | undefined {
  try {
    const stat = readFileSync('/proc/self/stat', 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' '); // fields[0] is field 3 (state)
    return (Number(fields[13]) + Number(fields[14])) / 100;
  } catch {
    return undefined;
  }
}

interface EchoRun {
  readonly secs: number;
  /** CPU seconds of the Python programs */
  readonly programsCpu?: number;
  /** bridged: CPU seconds of this process (the bridge and the simulation) */
  readonly bridgeCpu?: number;
}

async function labEcho(): Promise<EchoRun> {
  const sc = defineScenario({
    name: 'bench-py-echo', summary: '', lab: progjar, captures: [{ on: 'mesin1', iface: 'any' }],
    programs: pythonPrograms([
      { on: 'mesin1', file: join(LAB, 'server.py'), daemon: true },
      { on: 'mesin1', file: join(LAB, 'client_big.py'), args: [String(SIZE), '10000', 'loud', '127.0.0.1'], at: 1e9 },
    ]),
  });
  const cpu0 = process.cpuUsage();
  const kids0 = reapedChildrenCpu();
  const t0 = performance.now();
  await runScenario(sc, { seed: 1 });
  const secs = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  endPythonRun();
  await new Promise((r) => setTimeout(r, 300)); // bench only: the stopped server is reaped
  const kids = reapedChildrenCpu();
  return { secs, bridgeCpu: (cpu.user + cpu.system) / 1e6, programsCpu: kids === undefined || kids0 === undefined ? undefined : kids - kids0 };
}

async function realEcho(): Promise<EchoRun | undefined> {
  if (spawnSync('python3', ['--version']).status !== 0) return undefined;
  const port = String(20000 + Math.floor(Math.random() * 20000)); // bench only
  const kids0 = reapedChildrenCpu();
  const server = spawn('python3', [join(LAB, 'server.py'), port], { stdio: ['ignore', 'ignore', 'ignore'] });
  const closed = new Promise((r) => server.on('close', r));
  spawnSync('sleep', ['0.5']);
  const t0 = performance.now();
  const c = spawnSync('python3', [join(LAB, 'client_big.py'), String(SIZE), port, 'loud', '127.0.0.1'], { stdio: 'ignore', timeout: 120_000 });
  const secs = (performance.now() - t0) / 1000;
  server.kill();
  await closed;
  const kids = reapedChildrenCpu();
  return c.status === 0 ? { secs, programsCpu: kids === undefined || kids0 === undefined ? undefined : kids - kids0 } : undefined;
}

const cpuNote = (r: EchoRun): string =>
  r.programsCpu === undefined ? '' : `Python programs' CPU ${r.programsCpu.toFixed(2)} s${r.bridgeCpu === undefined ? ' (side by side)' : ` (one at a time: lockstep), bridge and simulation ${r.bridgeCpu.toFixed(2)} s`}`;

const inProcess = (what: string, workload: () => Promise<unknown>): Workload => ({ what: `one more ${what}, in process (Python children not profiled)`, profile: async () => [await profileInProcess(workload)] });

export default async function bench(): Promise<BenchResult[]> {
  const out: BenchResult[] = [];
  const real = await realKernel();
  const floor = await barePingPong();
  for (const readAhead of [true, false]) {
    const r = await bridged(readAhead);
    const perSec = r ? r.calls / r.secs : NaN;
    out.push({
      name: `recv(16) over 2 MB queued, read-ahead ${readAhead ? 'on' : 'off'}`,
      value: perSec,
      unit: readAhead ? 'calls/s' : 'round trips/s',
      ...(readAhead || floor === undefined ? {} : { ref: { name: 'bare Node↔Python pipe round trips (no frames, no simulation)', value: floor, unit: 'round trips/s', measured: true }, ratio: perSec / floor }),
      aim: r ? (readAhead ? { text: '≥ 250 k calls/s', met: r.calls / r.secs >= 250e3 } : { text: '≥ 20 k round trips/s', met: r.calls / r.secs >= 20e3 }) : undefined,
      note: r ? `${r.calls} calls in ${r.secs.toFixed(2)} s` : 'did not complete',
      workload: inProcess(`bridged recv(16) run, read-ahead ${readAhead ? 'on' : 'off'}`, () => bridged(readAhead)),
    });
  }
  out.push({ name: 'recv(16) over 2 MB queued, real kernel', value: real ? real.calls / real.secs : NaN, unit: 'calls/s', note: real ? `${real.calls} calls in ${real.secs.toFixed(2)} s` : 'python3 not available' });
  const sim = await labEcho();
  const kernel = await realEcho();
  out.push({
    name: "the lab's 2 MB echo with its logging, through the bridge", value: sim.secs, unit: 's',
    aim: kernel === undefined ? undefined : { text: 'no slower than the kernel', met: sim.secs <= kernel.secs },
    note: cpuNote(sim) || undefined,
    workload: inProcess('bridged 2 MB echo', labEcho),
  });
  out.push({
    name: '  same programs on the real kernel (loopback)', value: kernel?.secs ?? NaN, unit: 's',
    note: kernel ? [`bridge / kernel = ${(sim.secs / kernel.secs).toFixed(1)} x`, cpuNote(kernel)].filter(Boolean).join('; ') : 'python3 not available',
  });
  return out;
}
