/**
 * Finding and loading scenarios: by name in `./scenarios` of the current project and in
 * labwire's own `scenarios/`, or by path (`.ts`, `.mts`, `.js`, `.mjs`). A loaded module's
 * default export goes through `validateScenario` before anything runs.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { basename, dirname, extname, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { ScenarioLoadError, UsageError } from './errors.ts';
import { validateScenario } from '../sim/scenario-schema.ts';
import type { ScenarioSpec } from '../sim/scenario.ts';
import { didYouMean } from '../sim/schema/suggest.ts';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const OWN_SCENARIOS = join(ROOT, 'scenarios');
export const SCENARIO_EXTENSIONS = ['.ts', '.mts', '.js', '.mjs'] as const;

export interface ScenarioFile {
  readonly name: string;
  readonly path: string;
  /** the folder it was found in */
  readonly dir: string;
}

/**
 * labwire's own scenarios as TypeScript sources: compiled (ROOT is a checkout's dist/), the
 * checkout's scenarios/ beside it, whose compiled twins in dist/scenarios stand for them (the
 * launcher runs dist/ only while it is newer than every source), so running the lab from a
 * checkout needs no TypeScript loader.
 */
const OWN_SOURCES = basename(ROOT) === 'dist' ? resolve(ROOT, '..', 'scenarios') : OWN_SCENARIOS;

/** The folders searched for scenario names: the project's `./scenarios` first, then labwire's own. */
export function scenarioDirs(cwd = process.cwd()): string[] {
  const local = resolve(cwd, 'scenarios');
  return local === OWN_SCENARIOS || local === OWN_SOURCES ? [OWN_SCENARIOS] : [local, OWN_SCENARIOS];
}

const isScenarioFile = (f: string): boolean => (SCENARIO_EXTENSIONS as readonly string[]).includes(extname(f)) && !f.endsWith('.d.ts') && !/\.test\.m?[jt]s$/.test(f);

/** The scenario files directly in `dir` (a missing folder has none); a name in an earlier folder hides a later one. */
export function scenarioFiles(dirs: readonly string[]): ScenarioFile[] {
  const seen = new Map<string, ScenarioFile>();
  for (const dir of dirs) {
    let entries: string[];
    try {
      entries = readdirSync(dir);
    } catch {
      continue;
    }
    for (const f of entries.filter(isScenarioFile).sort()) {
      const name = f.slice(0, -extname(f).length);
      const path = join(dir, f);
      if (!seen.has(name) && statSync(path).isFile()) seen.set(name, { name, path, dir });
    }
  }
  return [...seen.values()];
}

const looksLikePath = (s: string): boolean => s.includes('/') || s.includes('\\') || isScenarioFile(s);

/** The file for a scenario name or path, or a UsageError that suggests the closest name. */
export function findScenario(nameOrPath: string, dirs = scenarioDirs()): string {
  if (looksLikePath(nameOrPath)) {
    if (!existsSync(nameOrPath)) {
      const stem = nameOrPath.replace(/^.*[\\/]/, '').replace(/\.[^.]*$/, '');
      const known = scenarioFiles(dirs).some((f) => f.name === stem) ? ` (the scenario named ${JSON.stringify(stem)} runs with \`labwire run ${stem}\`)` : '';
      throw new UsageError(`no scenario file ${nameOrPath}${known}`);
    }
    if (!statSync(nameOrPath).isFile()) throw new UsageError(`${nameOrPath} is a folder, not a scenario file (try \`labwire list ${nameOrPath}\`)`);
    if (!isScenarioFile(nameOrPath)) throw new UsageError(`${nameOrPath}: a scenario file ends in ${SCENARIO_EXTENSIONS.join(', ')}`);
    return nameOrPath;
  }
  const files = scenarioFiles(dirs);
  const hit = files.find((f) => f.name === nameOrPath);
  if (hit) return hit.path;
  throw new UsageError(`no scenario ${JSON.stringify(nameOrPath)}${didYouMean(nameOrPath, files.map((f) => f.name))} (see \`labwire list\`)`);
}

const ANSI = /\x1b\[[0-9;]*m/g;
const escapeRe = (t: string): string => t.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * How an import failure reads: its first lines, colour codes stripped, with the file named as
 * the user named it (tsx reports `only.mts` as `only.ts`: the same file, under the name it
 * compiled it as).
 */
function loadFailure(absolute: string, shown: string, e: unknown): ScenarioLoadError {
  const raw = (e instanceof Error ? e.message : String(e)).replace(ANSI, '');
  const stem = absolute.slice(0, -extname(absolute).length);
  const named = raw.replace(new RegExp(`${escapeRe(stem)}\\.[cm]?[jt]s|${escapeRe(relative(process.cwd(), stem))}\\.[cm]?[jt]s`, 'g'), shown);
  const lines = named.split('\n').filter((l) => l.trim() !== '' && !/^Transform failed with \d+ error/.test(l));
  const hint = /require\(\) ES Module|ERR_REQUIRE|Cannot use import statement/.test(raw)
    ? 'the folder has no package.json with "type": "module": name the file .mts, or add one'
    : /Cannot find (module|package)/.test(raw)
      ? "check the import paths (labwire's API is `import { defineScenario } from 'labwire'`)"
      : undefined;
  const err = new ScenarioLoadError(shown, `cannot load scenario:\n  ${lines.slice(0, 4).join('\n  ')}`, hint);
  if (e instanceof Error) err.stack = e.stack;
  return err;
}

/** The name to show for a scenario file: as the user typed it, or relative to here when found by name. */
function shownName(nameOrPath: string, path: string): string {
  if (path === nameOrPath) return nameOrPath;
  const rel = relative(process.cwd(), path);
  return rel.startsWith('..') ? path : rel;
}

/** Whether this CLI runs as compiled JavaScript (dist/, the installed package) rather than through tsx. */
const COMPILED = import.meta.url.endsWith('.js');
let tsLoader: Promise<void> | undefined;

/** The compiled CLI imports a user's TypeScript scenario through tsx's loader, registered on first need. */
function typeScriptLoader(path: string): Promise<void> {
  if (!COMPILED || !/\.[mc]?ts$/.test(path)) return Promise.resolve();
  tsLoader ??= import('tsx/esm/api').then(({ register }) => void register());
  return tsLoader;
}

/** Import a scenario file's module; its default export is not checked yet. */
export async function importScenarioModule(nameOrPath: string, dirs = scenarioDirs()): Promise<{ exported: unknown; file: string }> {
  const path = findScenario(nameOrPath, dirs);
  const file = shownName(nameOrPath, path);
  try {
    await typeScriptLoader(path);
    const mod = (await import(pathToFileURL(resolve(path)).href)) as { default?: unknown };
    return { exported: mod.default, file };
  } catch (e) {
    throw loadFailure(resolve(path), file, e);
  }
}

export async function loadScenario(nameOrPath: string, dirs = scenarioDirs()): Promise<{ spec: ScenarioSpec; file: string }> {
  const { exported, file } = await importScenarioModule(nameOrPath, dirs);
  return { spec: validateScenario(exported, file), file };
}
