/**
 * labwire's results against what a real kernel did with the same scripts. The real outcomes
 * come from tools/netns-lab/packetdrill-real.sh (the real packetdrill, each script in its own
 * network namespace): a TSV of `status script sha256 line message` with status pass, fail (twice
 * at the same line), flaky (no verdict: a timing race on the recording machine) or env (no
 * verdict: the real run could not judge, e.g. its kernel lacks the qdisc a script installs). A
 * script whose text changed since (another sha256) gets no verdict either.
 *
 * Many corpus scripts were written for older kernels and fail on a current one; there the kernel
 * is the truth, not the script. So labwire agrees with a script's real outcome when both pass, or
 * when both fail at the same line (the first packet or call where the kernel parted from the
 * script, labwire parted too); anything else is a difference, named.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { EXCLUDED_FAMILIES, type ScriptResult } from './result.ts';

export type RealStatus = 'pass' | 'fail' | 'flaky' | 'env';

export interface RealOutcome {
  readonly status: RealStatus;
  /** the script's sha256 when it ran */
  readonly sha256: string;
  /** the script line of the first error, when packetdrill named one */
  readonly line: number | null;
  readonly message: string;
}

const STATUSES: readonly RealStatus[] = ['pass', 'fail', 'flaky', 'env'];

/** The TSV's rows by script path (relative to the corpus folder); `source` names the file in errors. */
export function parseRealOutcomes(text: string, source: string): Map<string, RealOutcome> {
  const out = new Map<string, RealOutcome>();
  text.split('\n').forEach((raw, i) => {
    if (raw.trim() === '' || raw.startsWith('#')) return;
    const [status, script, sha256, line, ...rest] = raw.split('\t');
    const where = `${source}:${i + 1}`;
    if (!STATUSES.includes(status as RealStatus)) throw new Error(`${where}: status '${status}' is none of ${STATUSES.join(', ')}`);
    if (!script) throw new Error(`${where}: no script path`);
    if (!/^[0-9a-f]{64}$/.test(sha256 ?? '')) throw new Error(`${where}: '${sha256 ?? ''}' is not a sha256`);
    if (line !== undefined && line !== '' && !/^\d+$/.test(line)) throw new Error(`${where}: line '${line}' is not a number`);
    if (out.has(script)) throw new Error(`${where}: ${script} is listed twice`);
    out.set(script, { status: status as RealStatus, sha256: sha256!, line: line ? Number(line) : null, message: rest.join('\t') });
  });
  return out;
}

/** What the TSV's header says of the run (kernel, suite, date), for the summary line. */
export function realRunLabel(text: string): string {
  const header = text.split('\n', 1)[0] ?? '';
  return /^#.*\((.+)\)\s*$/.exec(header)?.[1] ?? 'the recorded run';
}

export type Verdict = 'agree' | 'differ' | 'no-verdict';

export interface Comparison {
  readonly script: string;
  /** false for a family the runner does not count (EXCLUDED_FAMILIES: features a lab has no use for) */
  readonly counted: boolean;
  readonly verdict: Verdict;
  /** for a difference or a missing verdict: what each side did */
  readonly why: string | null;
}

function labwireSays(r: ScriptResult): string {
  const o = r.outcome;
  switch (o.status) {
    case 'pass': return 'passes';
    case 'fail': return `fails at line ${o.line} (${o.what}: expected ${o.expected}, got ${o.got})`;
    case 'unsupported': return `does not run it (${o.feature})`;
    case 'error': return `could not run it (${o.message})`;
  }
}

function realSays(o: RealOutcome): string {
  return o.status === 'pass' ? 'passes' : `fails${o.line === null ? '' : ` at line ${o.line}`} (${o.message})`;
}

export const sha256Of = (text: string | Uint8Array): string => createHash('sha256').update(text).digest('hex');

/** One script whose text has `sha256`: does labwire do what the real kernel did with it? */
export function compareOne(script: string, r: ScriptResult, real: RealOutcome | undefined, sha256: string): Comparison {
  const counted = !(r.family in EXCLUDED_FAMILIES);
  if (real === undefined) return { script, counted, verdict: 'no-verdict', why: 'not in the real run' };
  if (real.sha256 !== sha256) return { script, counted, verdict: 'no-verdict', why: 'the script changed since the real run' };
  if (real.status === 'flaky' || real.status === 'env') return { script, counted, verdict: 'no-verdict', why: `real Linux: ${real.status} (${real.message})` };
  const o = r.outcome;
  const same = real.status === 'pass' ? o.status === 'pass' : o.status === 'fail' && real.line !== null && o.line === real.line;
  return { script, counted, verdict: same ? 'agree' : 'differ', why: same ? null : `real Linux ${realSays(real)}; labwire ${labwireSays(r)}` };
}

const fileSha256 = (file: string): string => sha256Of(readFileSync(file));

/** Every result against the real run; scripts are matched by their path relative to `dir`, and by their text's sha256. */
export function compareWithReal(results: readonly ScriptResult[], real: ReadonlyMap<string, RealOutcome>, dir: string, shaOf = fileSha256): Comparison[] {
  return results.map((r) => {
    const script = relative(dir, r.file).split('\\').join('/');
    return compareOne(script, r, real.get(script), shaOf(r.file));
  });
}

export interface Agreement {
  readonly agree: number;
  /** scripts with a verdict */
  readonly judged: number;
  readonly noVerdict: number;
}

export function agreement(cs: readonly Comparison[]): Agreement {
  const judged = cs.filter((c) => c.verdict !== 'no-verdict').length;
  return { agree: cs.filter((c) => c.verdict === 'agree').length, judged, noVerdict: cs.length - judged };
}

/**
 * The lines the CLI prints: each difference in a counted family, then the counts, counted
 * families and excluded ones apart (where labwire mostly lacks the feature, by design).
 */
export function formatComparison(cs: readonly Comparison[], label: string): string[] {
  const counted = cs.filter((c) => c.counted);
  const lines = counted.filter((c) => c.verdict === 'differ').map((c) => `DIFFERS ${c.script}: ${c.why}`);
  const a = agreement(counted);
  lines.push(`agrees with real Linux (${label}) on ${a.agree} of ${a.judged} counted scripts with a verdict; ${a.noVerdict} without one (flaky, env or not recorded)`);
  const excluded = cs.filter((c) => !c.counted);
  if (excluded.length) {
    const x = agreement(excluded);
    lines.push(`excluded families: agrees on ${x.agree} of ${x.judged} with a verdict; ${x.noVerdict} without one`);
  }
  return lines;
}
