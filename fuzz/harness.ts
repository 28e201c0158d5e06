/**
 * Running a target: N inputs from (target, seed), each timed; an input that throws or takes
 * more than SLOW_MS of CPU time is a failure, saved under test/fixtures/fuzz/<target>/ for the
 * replay test. CPU time, not wall time: on a machine shared by many processes a 20 ms input
 * can wait a second for a core. Reports inputs per second, the slowest input, peak memory.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { streamFor } from '../src/sim/rng.ts';
import { ROOT, TARGETS, type Target } from './targets.ts';

export const SLOW_MS = 1000;
/** Failing inputs saved per run: enough to reproduce, not a folder of thousands when a whole class fails. */
export const MAX_SAVED = 20;
export const SAVED = join(ROOT, 'test/fixtures/fuzz');

export interface Failure {
  readonly index: number;
  readonly reason: string;
  /** it ran, but for longer than SLOW_MS (tests, which never assert wall time, leave these to the fuzz runs) */
  readonly slow: boolean;
  /** where the input was saved, if it was */
  readonly file?: string;
}

export interface FuzzReport {
  readonly target: string;
  readonly inputs: number;
  readonly seconds: number;
  /** CPU time of the slowest input */
  readonly maxMs: number;
  readonly peakRssMb: number;
  readonly failures: readonly Failure[];
}

export function target(name: string): Target<never> {
  const t = TARGETS[name];
  if (!t) throw new Error(`no fuzz target ${JSON.stringify(name)} (targets: ${Object.keys(TARGETS).join(', ')})`);
  return t;
}

/** Run one input; the exception it threw, if any, and the CPU milliseconds it took. */
export function tryInput<I>(t: Target<I>, input: I): { threw?: string; ms: number } {
  const start = process.cpuUsage();
  let reason: string | undefined;
  try {
    t.run(input);
  } catch (e) {
    reason = e instanceof Error ? `${e.name}: ${e.message}\n${e.stack?.split('\n').slice(1, 6).join('\n')}` : String(e);
  }
  const used = process.cpuUsage(start);
  return { threw: reason, ms: (used.user + used.system) / 1000 };
}

export async function fuzz(name: string, n: number, seed: number, opts: { save?: boolean; log?: (s: string) => void } = {}): Promise<FuzzReport> {
  const t = target(name);
  await t.prepare();
  const rng = streamFor(seed, 'fuzz', name);
  const failures: Failure[] = [];
  let maxMs = 0;
  let peak = process.memoryUsage().rss;
  const start = performance.now();
  for (let i = 0; i < n; i++) {
    const input = t.input(rng);
    const r = tryInput(t, input);
    maxMs = Math.max(maxMs, r.ms);
    const reason = r.threw ?? (r.ms > SLOW_MS ? `slow: ${r.ms.toFixed(0)} ms` : undefined);
    if (reason !== undefined) {
      const file = opts.save && failures.length < MAX_SAVED ? saveInput(t, input) : undefined;
      failures.push({ index: i, reason, slow: r.threw === undefined, file });
      opts.log?.(`${name} #${i}: ${reason.split('\n')[0]}${file ? ` (saved ${file})` : ''}\n`);
    }
    if (i % 1000 === 999) {
      peak = Math.max(peak, process.memoryUsage().rss);
      if (i % 10000 === 9999) opts.log?.(`${name}: ${i + 1} inputs, ${((i + 1) / ((performance.now() - start) / 1000)).toFixed(0)}/s, slowest ${maxMs.toFixed(0)} ms, rss ${(process.memoryUsage().rss / 2 ** 20).toFixed(0)} MB (peak ${(peak / 2 ** 20).toFixed(0)}), ${failures.length} failing\n`);
    }
  }
  peak = Math.max(peak, process.memoryUsage().rss);
  return { target: name, inputs: n, seconds: (performance.now() - start) / 1000, maxMs, peakRssMb: peak / 2 ** 20, failures };
}

function saveInput<I>(t: Target<I>, input: I): string {
  const bytes = t.encode(input);
  const dir = join(SAVED, t.name);
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${createHash('sha256').update(bytes).digest('hex').slice(0, 16)}.${t.ext}`);
  if (!existsSync(file)) writeFileSync(file, bytes);
  return file;
}

/** The saved failing inputs of a target, as [file, input]. */
export async function savedInputs(name: string): Promise<[string, unknown][]> {
  const t = target(name);
  await t.prepare();
  const dir = join(SAVED, name);
  if (!existsSync(dir)) return [];
  return readdirSync(dir).sort().map((f) => [f, t.decode(new Uint8Array(readFileSync(join(dir, f))))]);
}
