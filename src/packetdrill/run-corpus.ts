/**
 * Runs scripts one after another, each on a fresh simulated host, and collects the results
 * with the captures of the failing runs. Files are read here; shell lines read files
 * (defaults.sh) relative to each script.
 */
import { existsSync, readFileSync } from 'node:fs';
import type { ScriptFile } from './corpus.ts';
import { ipVersionsOf, type ScriptResult } from './result.ts';
import { runScriptText, type MakeDriver } from './run-script.ts';

export interface CorpusResult {
  readonly result: ScriptResult;
  readonly capture: Uint8Array | null;
}

function readIfThere(path: string): string | undefined {
  return existsSync(path) ? readFileSync(path, 'utf8') : undefined;
}

export async function runScriptFile(file: ScriptFile, makeDriver: MakeDriver): Promise<CorpusResult> {
  const text = readFileSync(file.path, 'utf8');
  const out = await runScriptText(text, { scriptPath: file.path, readFile: readIfThere }, makeDriver);
  return { result: { file: file.path, family: file.family, outcome: out.outcome, pcap: null, ipVersions: ipVersionsOf(text) }, capture: out.capture };
}

/** Runs every file in order; `each` sees each result as it comes (for progress). */
export async function runCorpus(files: readonly ScriptFile[], makeDriver: MakeDriver, each?: (r: CorpusResult, i: number) => void): Promise<CorpusResult[]> {
  const out: CorpusResult[] = [];
  for (const f of files) {
    const r = await runScriptFile(f, makeDriver);
    each?.(r, out.length);
    out.push(r);
  }
  return out;
}
