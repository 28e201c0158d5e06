/**
 * `labwire run SCENARIO --seeds A-B --out DIR/{seed}`: one run per seed (a class's worth of
 * per-student captures), spread over worker threads by a tinypool pool, one worker per core.
 * Runs are independent and deterministic, so each seed's folder holds exactly what
 * `labwire run SCENARIO --seed N --out DIR/N` writes; the transcripts are printed in seed
 * order whatever order the workers finish in, and the exit code is the worst seed's.
 */
import { availableParallelism } from 'node:os';
import { UsageError } from './errors.ts';
import { watchdog } from './watchdog.ts';
import type { SeedJob, SeedResult } from './seeds-run.ts';

export const SEED_PLACEHOLDER = '{seed}';
/** more runs than this in one command is a typo, not a class */
const MAX_SEEDS = 100_000;

export interface SeedRange {
  readonly first: number;
  readonly last: number;
}

/** `A-B` (or one seed `A`), both whole numbers in [0, 2^32-1], A ≤ B. */
export function parseSeedRange(v: string): SeedRange {
  const m = /^\s*(\d+)\s*(?:-\s*(\d+)\s*)?$/.exec(v);
  const first = m ? Number(m[1]) : NaN;
  const last = m ? Number(m[2] ?? m[1]) : NaN;
  if (!m || first > 0xffffffff || last > 0xffffffff) throw new UsageError(`--seeds takes a range A-B of whole numbers from 0 to 4294967295, not ${JSON.stringify(v)}`);
  if (first > last) throw new UsageError(`--seeds ${v}: the range runs backwards (write ${last}-${first})`);
  if (last - first + 1 > MAX_SEEDS) throw new UsageError(`--seeds ${v}: ${last - first + 1} runs; at most ${MAX_SEEDS} in one command (split the range)`);
  return { first, last };
}

/** The output folder of one seed: `{seed}` in `--out` replaced by it. */
export function seedOutDir(outPattern: string, seed: number): string {
  return outPattern.split(SEED_PLACEHOLDER).join(String(seed));
}

/** The checks `--seeds` adds to `labwire run`'s: `--out` must tell the seeds' folders apart. */
export function checkSeedsOptions(outDir: string, seed: number | undefined): void {
  if (seed !== undefined) throw new UsageError('--seed and --seeds together: give one seed (--seed N) or a range (--seeds A-B)');
  if (!outDir.includes(SEED_PLACEHOLDER)) throw new UsageError(`--seeds needs --out with ${SEED_PLACEHOLDER} in it (e.g. --out out/${SEED_PLACEHOLDER}), so that each seed's files go to a folder of their own`);
}

/** `argv` without the options named (and their values): the per-seed runs get their own. */
export function withoutOptions(argv: readonly string[], valued: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--') {
      out.push(...argv.slice(i));
      break;
    }
    const eq = a.indexOf('=');
    const name = eq > 0 ? a.slice(0, eq) : a;
    if (!valued.includes(name)) out.push(a);
    else if (eq < 0) i++;
  }
  return out;
}

/**
 * How many workers: one per core the machine offers (LABWIRE_SEED_WORKERS overrides it, for
 * the bench's one-worker baseline), never more than there are runs.
 */
export function poolSize(runs: number): number {
  const asked = Number(process.env.LABWIRE_SEED_WORKERS);
  const cores = Number.isInteger(asked) && asked > 0 ? asked : availableParallelism();
  return Math.max(1, Math.min(runs, cores));
}

export async function runSeeds(
  argv: readonly string[],
  range: SeedRange,
  outPattern: string,
  out: (s: string) => void,
  err: (s: string) => void,
): Promise<number> {
  const base = withoutOptions(argv, ['--seeds', '--out', '--seed']);
  const runs = range.last - range.first + 1;
  const threads = poolSize(runs);
  // loaded here, not at the top: run-args.ts (read by the main thread) imports this module
  const { Tinypool } = await import('tinypool');
  // compiled (dist/): the worker is seeds-run.js itself; from the sources a shim loads tsx first
  const compiled = import.meta.url.endsWith('.js');
  const filename = new URL(compiled ? './seeds-run.js' : './seeds-worker.mjs', import.meta.url).href;
  const pool = new Tinypool({ filename, minThreads: threads, maxThreads: threads });
  const pending: Promise<SeedResult>[] = [];
  for (let seed = range.first; seed <= range.last; seed++) {
    const job: SeedJob = { argv: [...base, '--seed', String(seed), '--out', seedOutDir(outPattern, seed)] };
    pending.push(pool.run(job) as Promise<SeedResult>);
  }
  // this thread runs no World while the pool works: move the CLI watchdog's counter so it
  // does not take the wait for a stalled run (the pool's runs are not watched for busy loops)
  const beat = watchdog().heartbeat;
  const alive = beat ? setInterval(() => Atomics.add(beat, 0, 1), 500) : undefined; // wall-clock ok: CLI progress
  let worst = 0;
  try {
    // printed in seed order as each becomes available: the output does not depend on which worker was faster
    for (let i = 0; i < pending.length; i++) {
      const r = await pending[i]!;
      out(`\n######## seed ${range.first + i} (exit ${r.code}) ########`);
      for (const [stream, line] of r.lines) (stream === 1 ? out : err)(line);
      worst = Math.max(worst, r.code);
    }
  } finally {
    clearInterval(alive);
    await pool.destroy();
  }
  out(`\n${runs} run(s), seeds ${range.first}-${range.last}, ${threads} worker(s); ${worst === 0 ? 'all ended normally' : `worst exit code ${worst}`}`);
  return worst;
}
