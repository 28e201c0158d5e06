/**
 * `npm run bench`: runs every bench/*.bench.ts, each in a process of its own, and prints its figures, each beside the
 * reference it is measured against in the same run (the kernel and the lab's Python, `node -e
 * 0`, `chunkings`, a one-worker baseline) or the named anchor that cannot run here (ns-3),
 * the ratio, and the issue's aim with whether it is met. Under every figure short of its aim,
 * the top entries of a CPU profile of one more run of its workload (self time; figures of one
 * workload share one profile; LABWIRE_BENCH_PROFILE=0 leaves them out). Wall time is allowed
 * here (and only here).
 *   npm run bench -- NAME…          the benches whose file name contains NAME
 *   npm run bench -- --repeat 3     medians of 3 runs of every figure
 *   npm run bench -- --json [FILE]  also write the figures as JSON (default
 *                                   bench/results/<commit>.json) to compare commits, with
 *                                   the profile entries of the figures short of their aims
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { execFileSync, spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { formatEntry, throughSourceMaps, topEntries, type CpuProfile, type ProfileEntry } from './lib/profile.ts';

export interface Reference {
  readonly name: string;
  readonly value: number;
  readonly unit: string;
  /** measured in this run, or an anchor from elsewhere (ns-3) */
  readonly measured: boolean;
}

export interface BenchResult {
  readonly name: string;
  readonly value: number;
  readonly unit: string;
  readonly note?: string;
  readonly ref?: Reference;
  /** how many times better than the reference (> 1: labwire ahead) */
  readonly ratio?: number;
  /** the issue's aim for this figure */
  readonly aim?: { readonly text: string; readonly met: boolean };
  /** what the figure was measured on: profiled once more when the figure falls short of its aim */
  readonly workload?: Workload;
  /** filled by the runner for a figure short of its aim: the top self-time entries of its workload */
  readonly cpuProfile?: { readonly of: string; readonly top: readonly ProfileEntry[] };
}

/** One workload: figures measured on the same run share one profile. */
export interface Workload {
  /** what is profiled, for the report ("one more 20 MB bulk run, GSO off, in process"); names one workload of its bench */
  readonly what: string;
  profile(): Promise<CpuProfile[]>;
}

const PROFILE_ENTRIES = 6;

const here = dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
let repeat = 1;
let jsonFile: string | undefined;
/** internal: run this one bench file and write its figures to this file (one process per bench) */
let part: { file: string; out: string } | undefined;
const only: string[] = [];
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--repeat') repeat = Math.max(1, Number(args[++i]) || 1);
  else if (args[i] === '--json') jsonFile = args[i + 1]?.endsWith('.json') ? args[++i]! : '';
  else if (args[i] === '--part') part = { file: args[++i]!, out: args[++i]! };
  else only.push(args[i]!);
}
const files = readdirSync(here).filter((f) => f.endsWith('.bench.ts') && (only.length === 0 || only.some((o) => f.includes(o)))).sort();

export function fmt(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  if (Math.abs(v) >= 1e6) return `${(v / 1e6).toFixed(2)} M`;
  if (Math.abs(v) >= 1e3) return `${(v / 1e3).toFixed(1)} k`;
  return Math.abs(v) >= 10 ? v.toFixed(1) : v.toFixed(3);
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

/** The median of each figure over the repeats (by name); its reference and ratio from the same repeat. */
function medians(runs: BenchResult[][]): BenchResult[] {
  return runs[0]!.map((first) => {
    const same = runs.map((r) => r.find((x) => x.name === first.name)).filter((x): x is BenchResult => x !== undefined);
    const m = median(same.map((x) => x.ratio ?? x.value));
    return same.find((x) => (x.ratio ?? x.value) === m) ?? first;
  });
}

/** `printed`: the profiles already printed under an earlier figure of the same workload */
function line(r: BenchResult, printed: Set<object>): string {
  let s = `  ${r.name.padEnd(60)} ${fmt(r.value).padStart(10)} ${r.unit}`;
  if (r.ref) s += `\n  ${''.padEnd(6)}vs ${r.ref.measured ? '' : 'anchor: '}${r.ref.name}: ${fmt(r.ref.value)} ${r.ref.unit}`;
  if (r.ratio !== undefined) s += `  → ${r.ratio.toFixed(2)}×`;
  if (r.aim) s += `  [aim ${r.aim.text}: ${r.aim.met ? 'met' : 'NOT met'}]`;
  if (r.note) s += `\n  ${''.padEnd(6)}${r.note}`;
  if (r.aim && !r.aim.met) {
    const p = r.cpuProfile;
    if (!p) s += `\n  ${''.padEnd(6)}short of its aim${r.workload ? ' (profile left out: LABWIRE_BENCH_PROFILE=0)' : ''}`;
    else if (printed.has(p)) s += `\n  ${''.padEnd(6)}short of its aim; its workload's CPU profile is above`;
    else {
      printed.add(p);
      s += `\n  ${''.padEnd(6)}short of its aim; CPU profile's top entries (self time; ${p.of}):${p.top.map((e) => `\n  ${''.padEnd(8)}${formatEntry(e)}`).join('')}`;
    }
  }
  return s;
}

/** Each figure short of its aim gets the top entries of one more, profiled run of its workload (one per workload). */
async function withProfiles(results: BenchResult[]): Promise<BenchResult[]> {
  if (process.env.LABWIRE_BENCH_PROFILE === '0') return results;
  // keyed by what the workload is: with --repeat a bench's figures come from different repeats,
  // each with its own Workload object for the same work
  const done = new Map<string, NonNullable<BenchResult['cpuProfile']>>();
  const out: BenchResult[] = [];
  for (const r of results) {
    if (!r.workload || !r.aim || r.aim.met) {
      out.push(r);
      continue;
    }
    const { what } = r.workload;
    if (!done.has(what)) done.set(what, { of: what, top: topEntries(await r.workload.profile(), PROFILE_ENTRIES, throughSourceMaps) });
    out.push({ ...r, cpuProfile: done.get(what) });
  }
  return out;
}

const commit = (() => {
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: here, encoding: 'utf8' }).trim();
  } catch {
    return 'unknown';
  }
})();
/** One bench file's figures (medians over the repeats, profiles of the short ones), printed as they come. */
async function runBench(f: string): Promise<BenchResult[]> {
  const mod = (await import(pathToFileURL(join(here, f)).href)) as { default: () => Promise<BenchResult[]> };
  const runs: BenchResult[][] = [];
  for (let i = 0; i < repeat; i++) runs.push(await mod.default());
  const results = await withProfiles(medians(runs));
  const printed = new Set<object>();
  for (const r of results) console.log(line(r, printed));
  return results;
}

const withoutWorkload = (k: string, v: unknown) => (k === 'workload' ? undefined : v);

if (part) {
  writeFileSync(part.out, JSON.stringify(await runBench(part.file), withoutWorkload));
  process.exit(0);
}

console.log(`labwire bench — ${commit}, node ${process.version}, ${process.arch}, ${availableParallelism()} cores, load ${loadavg()[0]!.toFixed(1)}; ${repeat > 1 ? `medians of ${repeat}; ` : ''}reproduce: npm run bench -- ${args.join(' ')}`);
const all: Record<string, BenchResult[]> = {};
// each bench in a process of its own: a figure must not depend on the heap and the compiled
// code the benches before it left behind (tcpChunkings ran a third slower after the others)
const parts = mkdtempSync(join(tmpdir(), 'labwire-bench-'));
for (const f of files) {
  const name = f.replace('.bench.ts', '');
  console.log(`\n## ${name}   (npm run bench -- ${name})`);
  const out = join(parts, `${name}.json`);
  const r = spawnSync(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), '--part', f, out, '--repeat', String(repeat)], { stdio: 'inherit' });
  if (r.status !== 0) throw new Error(`bench ${name} failed (exit ${r.status ?? r.signal})`);
  all[name] = JSON.parse(readFileSync(out, 'utf8')) as BenchResult[];
}
rmSync(parts, { recursive: true, force: true });
if (jsonFile !== undefined) {
  const path = jsonFile || join(here, 'results', `${commit}.json`);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, JSON.stringify({ commit, node: process.version, cores: availableParallelism(), load: loadavg()[0], repeat, benches: all }, withoutWorkload, 2) + '\n');
  console.log(`\nfigures written to ${path}`);
}
