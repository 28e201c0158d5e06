/**
 * One seed's run inside a pool worker (seeds.ts): `labwire run` with that seed's arguments,
 * its lines kept (in order, stdout and stderr interleaved as written) for the main thread to
 * print in seed order.
 */
import { main } from './main.ts';

export interface SeedJob {
  readonly argv: readonly string[];
}

export interface SeedResult {
  readonly code: number;
  /** [1 stdout | 2 stderr, text] */
  readonly lines: readonly (readonly [1 | 2, string])[];
}

export default async function runOneSeed(job: SeedJob): Promise<SeedResult> {
  const lines: [1 | 2, string][] = [];
  const code = await main(['run', ...job.argv], (s) => lines.push([1, s]), (s) => lines.push([2, s]));
  return { code, lines };
}
