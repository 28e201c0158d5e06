/**
 * The Python bridge: bridge calls per second for recv(16) over 2 MB already queued, with
 * read-ahead on (served in the child, replayed in order) and off (one round trip per call),
 * next to the same program on this machine's real kernel, with the CPU time of the bridge
 * and of the Python programs; the round trips beside bare Node↔Python ping-pongs, the
 * floors the machine allows now: on the bridge's own pipes read as it reads them (polled,
 * then blocking: its reference), with blocking reads only, and through libuv's streams; and
 * the lab's 2 MB echo with its logging through the
 * bridge, next to the same programs on the real kernel, each with the programs' CPU time
 * (bridged they run one at a time, lockstep; on the kernel side by side). A profile of a
 * short figure is of this process only: the Python children's time shows as its waiting.
 */
import { performance } from 'node:perf_hooks';
import { spawn, spawnSync } from 'node:child_process';
import type { Readable, Writable } from 'node:stream';
import { join, dirname } from 'node:path';
import { availableParallelism } from 'node:os';
import { closeSync, readFileSync, readSync, writeSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { runScenario } from '../src/sim/run-scenario.ts';
import { defineScenario } from '../src/sim/scenario.ts';
import { progjar } from '../src/labs/progjar/lab.ts';
import { pythonPrograms, endPythonRun } from '../src/pybridge/scenario.ts';
import { closeChildEnds, openChildFds } from '../src/pybridge/pipes.ts';
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

interface Calls {
  readonly calls: number;
  readonly secs: number;
  /** CPU seconds of this process (the bridge and the simulation) over the whole run, and of the Python programs */
  readonly bridgeCpu?: number;
  readonly programsCpu?: number;
}

async function bridged(readAhead: boolean): Promise<Calls | undefined> {
  const sc = defineScenario({
    name: 'bench-py-recv', summary: '', lab: progjar, captures: [],
    programs: pythonPrograms([
      { on: 'mesin1', file: join(here, 'pybridge/bulk_sender.py'), args: ['7000', String(SIZE)], daemon: true },
      { on: 'mesin1', file: join(here, 'pybridge/queued_reader.py'), args: ['127.0.0.1', '7000', String(SIZE)], at: 1e6 },
    ], { readAhead }),
  });
  const cpu = await measureCpu(async () => (await runScenario(sc, { seed: 1 })).result.transcript);
  const r = parseBench(cpu.value.map((l) => l.text));
  return r && { ...r, bridgeCpu: cpu.bridgeCpu, programsCpu: cpu.programsCpu };
}

/** `run`'s value and the CPU time it took: this process's, and that of the Python children it ended (reaped after a moment) */
async function measureCpu<T>(run: () => Promise<T>): Promise<{ value: T; bridgeCpu: number; programsCpu?: number }> {
  const cpu0 = process.cpuUsage();
  const kids0 = reapedChildrenCpu();
  const value = await run();
  const cpu = process.cpuUsage(cpu0);
  endPythonRun();
  await new Promise((r) => setTimeout(r, 300)); // bench only: the stopped children are reaped
  const kids = reapedChildrenCpu();
  return { value, bridgeCpu: (cpu.user + cpu.system) / 1e6, programsCpu: kids === undefined || kids0 === undefined ? undefined : kids - kids0 };
}

async function realKernel(): Promise<Calls | undefined> {
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
 * would read, Node answers on the other, nothing else (no frames, no simulation). Two floors:
 * through libuv's streams (the event loop wakes for each message), and with blocking reads
 * and writes on the pipes the bridge itself uses (pipes.ts).
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

/** `poll`: both ends poll a non-blocking copy of their read end before a blocking read, as the bridge does (child.ts, channel.py) */
async function bareSyncPingPong(poll: boolean, n = 20_000): Promise<number | undefined> {
  if (spawnSync('python3', ['--version']).status !== 0) return undefined;
  const fds = openChildFds('');
  const [stdin, output, requests, replies] = fds.child;
  // pingpong.py reads fd 3 and writes fd 4
  const child = spawn('python3', [join(here, 'pybridge/pingpong.py'), String(n), ...(poll ? ['poll'] : [])], { stdio: [stdin, output, output, replies, requests] });
  closeChildEnds(fds);
  const closed = new Promise<boolean>((r) => child.on('close', (code) => r(code === 0)));
  const buf = Buffer.alloc(65536);
  const answer = Buffer.alloc(40, 1);
  let t0 = 0;
  let got = 0;
  const read = (): number => {
    for (let i = 0; poll && i < 64; i++) {
      try {
        return readSync(fds.requestsPoll, buf, 0, buf.length, null);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EAGAIN') throw e;
      }
    }
    return readSync(fds.requests, buf, 0, buf.length, null);
  };
  while (read() > 0) {
    if (got++ === 0) t0 = performance.now();
    writeSync(fds.replies, answer);
    if (got === n) break;
  }
  const secs = (performance.now() - t0) / 1000;
  for (const fd of [fds.requests, fds.requestsPoll, fds.replies, output]) closeSync(fd);
  return (await closed) && got === n ? (n - 1) / secs : undefined;
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
  let secs = 0;
  const cpu = await measureCpu(async () => {
    const t0 = performance.now();
    await runScenario(sc, { seed: 1 });
    secs = (performance.now() - t0) / 1000;
  });
  return { secs, bridgeCpu: cpu.bridgeCpu, programsCpu: cpu.programsCpu };
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

/**
 * The bridged echo's wall time if its two programs and the bridge ran side by side on every
 * core (no lockstep at all): their CPU seconds over the cores. Above the kernel's time, no
 * scheduling of the lockstep (event lookahead included) could meet the aim on this machine.
 */
function parallelBound(r: EchoRun): string {
  if (r.programsCpu === undefined || r.bridgeCpu === undefined) return '';
  const cores = availableParallelism();
  return `even run side by side on ${cores} cores they need ≥ ${((r.programsCpu + r.bridgeCpu) / cores).toFixed(2)} s (CPU / cores)`;
}

const inProcess = (what: string, workload: () => Promise<unknown>): Workload => ({ what: `one more ${what}, in process (Python children not profiled)`, profile: async () => [await profileInProcess(workload)] });

const callsNote = (r: Calls): string =>
  `${r.calls} calls in ${r.secs.toFixed(2)} s${r.bridgeCpu === undefined ? '' : `; CPU: bridge and simulation ${r.bridgeCpu.toFixed(2)} s, Python programs ${r.programsCpu?.toFixed(2) ?? '?'} s (whole run)`}`;

export default async function bench(): Promise<BenchResult[]> {
  const out: BenchResult[] = [];
  const real = await realKernel();
  const floor = await bareSyncPingPong(true);
  const blockingFloor = await bareSyncPingPong(false);
  const asyncFloor = await barePingPong();
  for (const readAhead of [true, false]) {
    const r = await bridged(readAhead);
    const perSec = r ? r.calls / r.secs : NaN;
    out.push({
      name: `recv(16) over 2 MB queued, read-ahead ${readAhead ? 'on' : 'off'}`,
      value: perSec,
      unit: readAhead ? 'calls/s' : 'round trips/s',
      ...(readAhead || floor === undefined ? {} : { ref: { name: 'bare Node↔Python round trips on the bridge\'s pipes, polled then blocking reads as the bridge does (no frames, no simulation)', value: floor, unit: 'round trips/s', measured: true }, ratio: perSec / floor }),
      aim: r ? (readAhead ? { text: '≥ 250 k calls/s', met: r.calls / r.secs >= 250e3 } : { text: '≥ 20 k round trips/s', met: r.calls / r.secs >= 20e3 }) : undefined,
      note: r ? callsNote(r) : 'did not complete',
      workload: inProcess(`bridged recv(16) run, read-ahead ${readAhead ? 'on' : 'off'}`, () => bridged(readAhead)),
    });
  }
  out.push({ name: '  bare Node↔Python round trips, polled then blocking reads on FIFOs', value: floor ?? NaN, unit: 'round trips/s', note: floor === undefined ? 'python3 not available' : 'what the bridge\'s pipes allow now (pipes.ts, child.ts, channel.py)' });
  out.push({ name: '  bare Node↔Python round trips, blocking reads only', value: blockingFloor ?? NaN, unit: 'round trips/s', note: blockingFloor === undefined ? 'python3 not available' : 'each message wakes a blocked reader (the bridge before polling)' });
  out.push({ name: '  bare Node↔Python round trips, libuv streams', value: asyncFloor ?? NaN, unit: 'round trips/s', note: asyncFloor === undefined ? 'python3 not available' : 'the event loop wakes for every message (the bridge before blocking reads)' });
  out.push({ name: 'recv(16) over 2 MB queued, real kernel', value: real ? real.calls / real.secs : NaN, unit: 'calls/s', note: real ? `${real.calls} calls in ${real.secs.toFixed(2)} s` : 'python3 not available' });
  const sim = await labEcho();
  const kernel = await realEcho();
  out.push({
    name: "the lab's 2 MB echo with its logging, through the bridge", value: sim.secs, unit: 's',
    aim: kernel === undefined ? undefined : { text: 'no slower than the kernel', met: sim.secs <= kernel.secs },
    note: [cpuNote(sim), parallelBound(sim)].filter(Boolean).join('; ') || undefined,
    workload: inProcess('bridged 2 MB echo', labEcho),
  });
  out.push({
    name: '  same programs on the real kernel (loopback)', value: kernel?.secs ?? NaN, unit: 's',
    note: kernel ? [`bridge / kernel = ${(sim.secs / kernel.secs).toFixed(1)} x`, cpuNote(kernel)].filter(Boolean).join('; ') : 'python3 not available',
  });
  return out;
}
