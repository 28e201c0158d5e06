/**
 * Which scripts to run: files given directly, or every `.pkt` under a directory (sorted, so
 * runs are reproducible), each with its family (the first folder under the directory given,
 * or the file's own folder).
 */
import { readdirSync, statSync } from 'node:fs';
import { basename, dirname, join, relative, sep } from 'node:path';

export interface ScriptFile {
  readonly path: string;
  readonly family: string;
}

function walk(dir: string, out: string[]): void {
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p, out);
    else if (name.endsWith('.pkt')) out.push(p);
  }
}

/** Expands the command line's paths; throws an Error naming a path that does not exist. */
export function findScripts(paths: readonly string[]): ScriptFile[] {
  const out: ScriptFile[] = [];
  for (const p of paths) {
    let st;
    try {
      st = statSync(p);
    } catch {
      throw new Error(`${p}: no such file or directory`);
    }
    if (!st.isDirectory()) {
      out.push({ path: p, family: basename(dirname(p)) });
      continue;
    }
    const files: string[] = [];
    walk(p, files);
    for (const f of files) {
      const rel = relative(p, f).split(sep);
      out.push({ path: f, family: rel.length > 1 ? rel[0]! : basename(p) });
    }
  }
  return out;
}
