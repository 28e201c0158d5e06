/** Running scenarios from tests: captures in a temporary folder, read back with our reader. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { runScenario, type ScenarioRun } from '../../src/sim/run-scenario.ts';
import type { ScenarioSpec } from '../../src/sim/scenario.ts';
import type { CaptureFormat } from '../../src/capture/record.ts';

export function tempDir(prefix = 'labwire-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export async function runToFiles(sc: ScenarioSpec, seed = 1, format: CaptureFormat = 'pcap-ns', extra: { anyLink?: 'sll' | 'sll2' } = {}): Promise<ScenarioRun & { dir: string }> {
  const dir = tempDir();
  const run = await runScenario(sc, { seed, outDir: dir, format, ...extra });
  return { ...run, dir };
}

export function sha256(path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}

export function transcriptOf(run: ScenarioRun, host: string): string[] {
  return run.result.transcript.filter((l) => l.host === host).map((l) => l.text);
}
