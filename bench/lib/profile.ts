/**
 * CPU profiles for the bench: where the time of a workload goes, summarised as the functions
 * with the most self time (function, file:line, share of the sampled time). `topEntries` is a
 * pure function over V8's .cpuprofile objects (the shape `--cpu-prof` writes and the
 * inspector's Profiler.stop returns); `profileInProcess` samples a workload of this process;
 * `readProfiles` loads the files a child started with `--cpu-prof --cpu-prof-dir=DIR` left;
 * `throughSourceMaps` turns the places of tsx's compiled modules and of the bundled dist/ back
 * into .ts lines.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { findSourceMap, SourceMap } from 'node:module';
import { Session } from 'node:inspector/promises';

export interface CpuProfileNode {
  readonly id: number;
  /** lineNumber and columnNumber 0-based, in the script V8 ran */
  readonly callFrame: { readonly functionName: string; readonly url: string; readonly lineNumber: number; readonly columnNumber?: number };
  readonly children?: readonly number[];
}

/** the part of V8's Profiler.Profile the summary reads */
export interface CpuProfile {
  readonly nodes: readonly CpuProfileNode[];
  /** the node id of each sample */
  readonly samples: readonly number[];
  /** microseconds since the previous sample, one per sample */
  readonly timeDeltas: readonly number[];
}

export interface ProfileEntry {
  /** the function's name, `(anonymous)`, or V8's `(garbage collector)`, `(program)`, `(idle)` */
  readonly fn: string;
  /** `file:line` (1-based), the file relative to the project (src/…, bench/…, node_modules/…); '' for V8's own entries */
  readonly where: string;
  /** self time in milliseconds */
  readonly selfMs: number;
  /** self time over all sampled time, 0–1 */
  readonly share: number;
}

/** Where a function of the script V8 ran is in its source: `url` and 0-based `line`. */
export type Locate = (url: string, line: number, column: number) => { readonly url: string; readonly line: number };

const asRun: Locate = (url, line) => ({ url, line });

const mapsBeside = new Map<string, SourceMap | undefined>();

/** The map a build wrote beside a script another process ran (dist/lib/x.js.map), if any. */
function mapBeside(url: string): SourceMap | undefined {
  if (!url.startsWith('file:')) return undefined;
  if (!mapsBeside.has(url)) {
    let map: SourceMap | undefined;
    try {
      map = new SourceMap(JSON.parse(readFileSync(`${fileURLToPath(url)}.map`, 'utf8')));
    } catch {
      map = undefined; // no map beside it
    }
    mapsBeside.set(url, map);
  }
  return mapsBeside.get(url);
}

/**
 * Through the source maps of the modules this process loaded (tsx's, which put a whole module
 * on one line) or the maps beside another process's scripts (the bundled dist/): the .ts file
 * and line. Scripts without a map (V8's, node:'s) stay as they ran.
 */
export const throughSourceMaps: Locate = (url, line, column) => {
  // findEntry gives {} where the map has no entry
  const entry = (url ? (findSourceMap(url) ?? mapBeside(url))?.findEntry(line, column) : undefined) as { originalSource?: string; originalLine?: number } | undefined;
  return entry?.originalSource !== undefined && entry.originalLine !== undefined ? { url: entry.originalSource, line: entry.originalLine } : { url, line };
};

/** A script's address as the bench prints it: from the project's first top folder down (dist/src/…), `node:` modules as they are. */
function shortUrl(url: string): string {
  return url.replace(/^file:\/\//, '').replace(/^.*?\/(src|bench|scenarios|test|node_modules|dist)\//, '$1/');
}

/**
 * The `n` functions with the most self time over all `profiles` together (a child's main thread
 * and its workers), one entry per function and line, largest first.
 */
export function topEntries(profiles: readonly CpuProfile[], n = 6, locate: Locate = asRun): ProfileEntry[] {
  const byFunction = new Map<string, { fn: string; where: string; micros: number }>();
  let total = 0;
  for (const p of profiles) {
    const selfByNode = new Map<number, number>();
    p.samples.forEach((id, i) => selfByNode.set(id, (selfByNode.get(id) ?? 0) + (p.timeDeltas[i] ?? 0)));
    for (const node of p.nodes) {
      const micros = selfByNode.get(node.id) ?? 0;
      if (micros === 0) continue;
      total += micros;
      const { functionName, url: ran, lineNumber, columnNumber = 0 } = node.callFrame;
      const fn = functionName || '(anonymous)';
      const { url, line } = ran ? locate(ran, lineNumber, columnNumber) : { url: '', line: 0 };
      const where = url ? `${shortUrl(url)}:${line + 1}` : '';
      const key = `${fn} ${where}`;
      const e = byFunction.get(key) ?? { fn, where, micros: 0 };
      e.micros += micros;
      byFunction.set(key, e);
    }
  }
  return [...byFunction.values()]
    .sort((a, b) => b.micros - a.micros)
    .slice(0, n)
    .map((e) => ({ fn: e.fn, where: e.where, selfMs: e.micros / 1e3, share: total > 0 ? e.micros / total : 0 }));
}

/** One entry as a line: `12.3 %   456 ms  formatMac src/show/row.ts:40`. */
export function formatEntry(e: ProfileEntry): string {
  return `${(100 * e.share).toFixed(1).padStart(5)} % ${`${Math.round(e.selfMs)} ms`.padStart(9)}  ${e.fn}${e.where ? ` ${e.where}` : ''}`;
}

/**
 * The profile less the samples taken inside the inspector's own calls (`node:inspector`'s
 * post: Profiler.start walks the whole heap's code, which is the profiler's cost, not the
 * workload's).
 */
export function withoutInspector(p: CpuProfile): CpuProfile {
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const dropped = new Set<number>();
  const drop = (id: number): void => {
    dropped.add(id);
    for (const c of byId.get(id)?.children ?? []) drop(c);
  };
  for (const n of p.nodes) if (n.callFrame.url === 'node:inspector' && !dropped.has(n.id)) drop(n.id);
  const keep = p.samples.map((id) => !dropped.has(id));
  return { nodes: p.nodes, samples: p.samples.filter((_, i) => keep[i]), timeDeltas: p.timeDeltas.filter((_, i) => keep[i]) };
}

/** Samples this process's CPU while `workload` runs once (the inspector's profiler, 1 ms interval). */
export async function profileInProcess(workload: () => unknown): Promise<CpuProfile> {
  const session = new Session();
  session.connect();
  try {
    await session.post('Profiler.enable');
    await session.post('Profiler.start');
    let failure: { error: unknown } | undefined;
    try {
      await workload();
    } catch (error) {
      failure = { error };
    }
    const { profile } = await session.post('Profiler.stop');
    if (failure) throw failure.error;
    return withoutInspector(profile as CpuProfile);
  } finally {
    session.disconnect();
  }
}

/** Every .cpuprofile in `dir` (a child's main thread and each of its workers write one). */
export function readProfiles(dir: string): CpuProfile[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.cpuprofile'))
    .map((f) => JSON.parse(readFileSync(join(dir, f), 'utf8')) as CpuProfile);
}
