/**
 * The CLI as users run it, whole processes: `labwire run echo` against `node -e 0` (Node's own
 * start-up, the floor), and `labwire run echo --seeds 1-32` over one worker per core against
 * 32 one-by-one runs and against the same with one worker (LABWIRE_SEED_WORKERS=1). Aims:
 * run echo ≤ 200 ms; the seeds spread over 2 cores in ≤ 0.6× the time of the sequential runs.
 * The CLI is the compiled one (dist/, built once for the bench run), as `npm install` leaves it.
 * The start-up row's note adds both processes' CPU time, steadier than wall time on a shared machine.
 */
import { performance } from 'node:perf_hooks';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { labwireBin, profileWhole } from './lib/child.ts';
import type { BenchResult, Workload } from './run.ts';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/**
 * CPU seconds (user + system) of this process's ended children so far: /proc/self/stat's
 * cutime + cstime, in clock ticks of 1/100 s; undefined where there is no /proc.
 */
function childrenCpu(): number | undefined {
  try {
    const stat = readFileSync('/proc/self/stat', 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[13]) + Number(fields[14])) / 100;
  } catch {
    return undefined;
  }
}

/** One child process: its wall time, its CPU time (on a loaded machine the steadier figure) and whether it exited 0. */
function timed(args: string[], env: Record<string, string> = {}): { secs: number; cpu: number | undefined; ok: boolean } {
  const cpu0 = childrenCpu();
  const t0 = performance.now();
  const r = spawnSync(process.execPath, args, { cwd: root, encoding: 'utf8', env: { ...process.env, ...env }, timeout: 600_000 });
  const secs = (performance.now() - t0) / 1000;
  const cpu1 = childrenCpu();
  return { secs, cpu: cpu0 === undefined || cpu1 === undefined ? undefined : cpu1 - cpu0, ok: r.status === 0 };
}

/** "CPU 170 ms, `node -e 0` 60 ms (user + system, in 10 ms ticks); " where /proc has the figures */
const cpuNote = (run: { cpu: number | undefined }, node: { cpu: number | undefined }): string =>
  run.cpu === undefined || node.cpu === undefined ? '' : `CPU ${(run.cpu * 1e3).toFixed(0)} ms, \`node -e 0\` ${(node.cpu * 1e3).toFixed(0)} ms (user + system, in 10 ms ticks); `;

export default async function bench(): Promise<BenchResult[]> {
  const out = mkdtempSync(join(tmpdir(), 'labwire-bench-'));
  process.once('exit', () => rmSync(out, { recursive: true, force: true }));
  const { bin, note: cli } = labwireBin();
  timed([bin, 'run', 'echo', '--out', out]); // warm the file cache and tsx's cache
  const node = timed(['-e', '0']);
  const run = timed([bin, 'run', 'echo', '--out', out]);
  const seeds = ['run', 'echo', '--seeds', '1-32', '--out', join(out, '{seed}')];
  const one = timed([bin, ...seeds], { LABWIRE_SEED_WORKERS: '1' });
  const spread = timed([bin, ...seeds]);
  // 32 runs one by one, as a shell loop does them: 8 measured, times 4 (a shared machine)
  let loop = 0;
  for (let seed = 1; seed <= 8; seed++) loop += timed([bin, 'run', 'echo', '--seed', String(seed), '--out', join(out, 'loop', String(seed))]).secs;
  const sequential = loop * 4;
  const wholeProcess = (args: string[], what: string): Workload => ({ what, profile: async () => profileWhole([bin, ...args], join(out, 'profiled.txt')) });
  return [
    {
      name: '`labwire run echo`, whole process', value: run.secs * 1e3, unit: 'ms', ref: { name: '`node -e 0`', value: node.secs * 1e3, unit: 'ms', measured: true },
      ratio: node.secs / run.secs, aim: { text: '≤ 200 ms', met: run.secs <= 0.2 }, note: `${cpuNote(run, node)}${run.ok ? 'exit 0' : 'did NOT exit 0'}; ${cli}`,
      workload: wholeProcess(['run', 'echo', '--out', out], 'one more `labwire run echo`, whole process, --cpu-prof'),
    },
    {
      name: `\`labwire run echo --seeds 1-32\`, ${availableParallelism()} workers`, value: spread.secs, unit: 's',
      ref: { name: '32 runs one by one (`labwire run echo --seed N`; 8 timed, × 4)', value: sequential, unit: 's', measured: true }, ratio: sequential / spread.secs,
      aim: { text: '≤ 0.6× the sequential runs', met: spread.secs <= 0.6 * sequential }, note: spread.ok ? 'exit 0' : 'did NOT exit 0',
      workload: wholeProcess(seeds, 'one more `labwire run echo --seeds 1-32`, whole process and its workers, --cpu-prof'),
    },
    {
      name: '  the same, against one worker', value: spread.secs, unit: 's',
      ref: { name: 'the same, one worker', value: one.secs, unit: 's', measured: true }, ratio: one.secs / spread.secs,
      note: one.ok ? 'exit 0' : 'did NOT exit 0',
    },
  ];
}
