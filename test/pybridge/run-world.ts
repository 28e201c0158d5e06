/** Run scenarios with Python programs on the World, and compare runs. */
import { join } from 'node:path';
import { runScenario, type ScenarioRun } from '../../src/sim/run-scenario.ts';
import { defineScenario, type ScenarioSpec } from '../../src/sim/scenario.ts';
import { pythonPrograms, endPythonRun, type PythonProgramEntry, type PythonOptions } from '../../src/pybridge/scenario.ts';
import type { BridgeReport } from '../../src/pybridge/report.ts';
import { progjar } from '../../src/labs/progjar/lab.ts';

export const PROGRAMS = join(import.meta.dirname, 'programs');
export const LAB_PROGRAMS = join(import.meta.dirname, '../../tools/netns-lab/programs');

export interface PyRun {
  readonly run: ScenarioRun;
  readonly report: BridgeReport;
  /** every transcript line with its time, host and stream */
  readonly transcript: string[];
  readonly captures: Buffer[];
}

export function transcriptOf(run: ScenarioRun): string[] {
  return run.result.transcript.map((l) => `${l.at} ${l.host} ${l.program} ${l.stream} ${l.text}`);
}

export async function runPy(base: Omit<ScenarioSpec, 'programs'>, entries: PythonProgramEntry[], seed = 1, o: PythonOptions = {}): Promise<PyRun> {
  const spec = defineScenario({ ...base, programs: pythonPrograms(entries, { lab: base.lab, ...o }) } as ScenarioSpec);
  const run = await runScenario(spec, { seed }).catch((e: unknown) => {
    endPythonRun();
    throw e;
  });
  const report = endPythonRun();
  return { run, report, transcript: transcriptOf(run), captures: run.captures.map((c) => Buffer.from(c.bytes!)) };
}

export async function runTs(spec: ScenarioSpec, seed = 1): Promise<{ transcript: string[]; captures: Buffer[] }> {
  const run = await runScenario(spec, { seed });
  return { transcript: transcriptOf(run), captures: run.captures.map((c) => Buffer.from(c.bytes!)) };
}

/** a scenario on the lab's machines capturing `any` on the given machines */
export function onLab(name: string, captureOn: string[]): Omit<ScenarioSpec, 'programs'> {
  return { name, summary: name, lab: progjar, captures: captureOn.map((on) => ({ on, iface: 'any' })) };
}
