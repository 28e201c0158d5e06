/** Running `labwire` in-process and writing throwaway scenario files for the CLI tests. */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { main } from '../../src/cli/main.ts';

export const ROOT = join(import.meta.dirname, '../..');

export interface CliResult {
  readonly code: number;
  readonly out: string;
  readonly err: string;
}

export async function cli(...argv: string[]): Promise<CliResult> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, (s) => out.push(s), (s) => err.push(s));
  return { code, out: out.join('\n'), err: err.join('\n') };
}

export const tempDir = (): string => mkdtempSync(join(tmpdir(), 'labwire-cli-'));

/**
 * A scenario file in `dir` built on the progjar lab: `body` is the object literal's fields after
 * `lab`, e.g. `programs: [...], captures: [...]`. Returns its path.
 */
export function scenarioFile(dir: string, name: string, body: string, prelude = ''): string {
  const file = join(dir, `${name}.mts`);
  writeFileSync(file, `import { defineScenario, s, ms } from '${ROOT}/src/index.ts';
import { progjar, echoServer, echoClient } from '${ROOT}/src/labs/progjar/index.ts';
${prelude}
export default defineScenario({ name: '${name}', summary: 'a test scenario', lab: progjar,
${body}
});
`);
  return file;
}

export interface DocRow {
  readonly id: string;
  readonly input: string;
  readonly code: number;
}

/** The rows of docs/errors.md's table of bad inputs: id, input, exit code. */
export function errorTableRows(): DocRow[] {
  const text = readFileSync(join(ROOT, 'docs/errors.md'), 'utf8');
  return text
    .split('\n')
    .map((l) => /^\| ([A-Z]\d+) \| (.*) \| (\d+) \|$/.exec(l))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => ({ id: m[1]!, input: m[2]!.split(' | ')[0]!, code: Number(m[3]) }));
}

/** `labwire` as a user runs it: the bin, in a child process (tsx loads scenario files there, not vite). */
export function cliProcess(...argv: string[]): CliResult {
  return cliProcessWithin(20_000, ...argv);
}

/** cliProcess with a safety net for runs that never end: after `ms`, SIGTERM (which labwire answers with 143). */
export function cliProcessWithin(ms: number, ...argv: string[]): CliResult {
  const r = spawnSync(process.execPath, [join(ROOT, 'bin/labwire.mjs'), ...argv], { encoding: 'utf8', timeout: ms });
  return { code: r.status ?? -1, out: r.stdout, err: r.stderr };
}
