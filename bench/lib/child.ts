/**
 * Whole processes for the bench: one run of a command with its output written to a file,
 * timed, with its peak RSS (bench/reference/rusage.py: getrusage(RUSAGE_CHILDREN) after the
 * child ends); the same run of a Node command under `--cpu-prof`; and the labwire CLI as an
 * installed package runs it (dist/ built once per bench run, so `bin/labwire.mjs` takes the
 * compiled path and not tsx).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readProfiles, type CpuProfile } from './profile.ts';

const root = join(dirname(fileURLToPath(import.meta.url)), '../..');
const RUSAGE = join(root, 'bench/reference/rusage.py');

export interface ChildRun {
  readonly ok: boolean;
  readonly secs: number;
  /** peak resident set in MiB; undefined when python3 is missing */
  readonly peakRssMiB?: number;
  /** CPU time (user + system) in seconds; undefined when python3 is missing */
  readonly cpuSecs?: number;
  /** bytes the command wrote to its output file */
  readonly outBytes: number;
  /** the first line of its standard error when it failed */
  readonly error?: string;
}

/** Is `cmd` on the PATH (runs `cmd --version`)? */
export function available(cmd: string): boolean {
  return spawnSync(cmd, ['--version'], { stdio: 'ignore' }).status === 0;
}

/** Runs `cmd args…` once with its standard output in `outFile`: exit status, wall time, peak RSS. */
export function runWhole(cmd: string, args: readonly string[], outFile: string, env: Record<string, string> = {}): ChildRun {
  const options = { cwd: root, encoding: 'utf8' as const, env: { ...process.env, ...env }, timeout: 1_200_000, maxBuffer: 1 << 24 };
  if (!available('python3')) {
    const t0 = performance.now();
    const r = spawnSync(cmd, args, { ...options, stdio: ['ignore', 'ignore', 'pipe'] });
    return { ok: r.status === 0, secs: (performance.now() - t0) / 1000, outBytes: 0, error: r.status === 0 ? undefined : firstLine(r.stderr) };
  }
  const r = spawnSync('python3', [RUSAGE, outFile, cmd, ...args], options);
  const [status, secs, kib, cpu] = r.stdout.trim().split(' ').map(Number);
  const ok = r.status === 0 && status === 0;
  const outBytes = existsSync(outFile) ? statSync(outFile).size : 0;
  return { ok, secs: secs ?? NaN, peakRssMiB: (kib ?? NaN) / 1024, cpuSecs: cpu, outBytes, error: ok ? undefined : firstLine(r.stderr) || `exit ${status}` };
}

function firstLine(s: string | undefined): string {
  return (s ?? '').trim().split('\n')[0] ?? '';
}

/** The CPU profiles of one run of `node nodeArgs…` (its main thread and workers), output to `outFile`. */
export function profileWhole(nodeArgs: readonly string[], outFile: string, env: Record<string, string> = {}): CpuProfile[] {
  const dir = mkdtempSync(join(tmpdir(), 'labwire-bench-prof-'));
  try {
    runWhole(process.execPath, ['--cpu-prof', `--cpu-prof-dir=${dir}`, ...nodeArgs], outFile, env);
    return readProfiles(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

let built: string | undefined;

/**
 * `bin/labwire.mjs`, after building dist/ (once per bench run): the CLI as `npm install`
 * leaves it. When the build fails the bin runs the sources through tsx, and the note says so.
 */
export function labwireBin(): { bin: string; note: string } {
  const bin = join(root, 'bin/labwire.mjs');
  if (built === undefined) {
    const r = spawnSync(process.execPath, [join(root, 'tools/build.mjs')], { cwd: root, encoding: 'utf8' });
    built = r.status === 0 ? 'compiled CLI (dist/, built for this run)' : `dist/ did NOT build (${firstLine(r.stderr)}): the CLI ran its sources through tsx`;
  }
  return { bin, note: built };
}
