/**
 * What the main thread of `labwire run` tidies after it stopped the worker (Ctrl-C, SIGTERM,
 * a stalled run): this process's unfinished `.partial` files in the run's output folder, and
 * the outputs written there before the stop. Loaded only then (process.ts), so the run's
 * start-up does not pay for the argument parser.
 */
import { readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { PARTIAL_FILE } from '../capture/atomic.ts';
import { parseRunArgs } from './run-args.ts';

/** The output folder the run writes to, if its arguments name one (the worker reports bad ones). */
export function outDirOf(argv: readonly string[]): string | undefined {
  try {
    const o = parseRunArgs(argv.slice(argv.indexOf('run') + 1));
    return o === 'help' ? undefined : o.outDir;
  } catch {
    return undefined;
  }
}

/** Remove this process's `.partial` files in `dir`; name the outputs written there since `since` (ms). */
export function cleanUpAfterInterrupt(dir: string, pid: number, since: number): { removed: string[]; kept: string[] } {
  const removed: string[] = [];
  const kept: string[] = [];
  let names: string[] = [];
  try {
    names = readdirSync(dir);
  } catch {
    return { removed, kept };
  }
  for (const n of names) {
    const p = join(dir, n);
    const m = PARTIAL_FILE.exec(n);
    if (m && Number(m[1]) === pid) {
      rmSync(p, { force: true });
      removed.push(p);
    } else if (!m && !n.startsWith('.') && statSync(p).mtimeMs >= since) kept.push(p);
  }
  return { removed, kept };
}

/** The run's output folder (from its arguments) and what cleanUpAfterInterrupt did there. */
export function cleanUpRun(argv: readonly string[], pid: number, since: number): { dir: string | undefined; removed: string[]; kept: string[] } {
  const dir = outDirOf(argv);
  return { dir, ...(dir ? cleanUpAfterInterrupt(dir, pid, since) : { removed: [], kept: [] }) };
}
