/**
 * The echo run's report input as `labwire run echo --report` builds it: the World records the
 * timeline (who sent each frame and why, the programs' calls with Python's results, the
 * sockets' queues), and the report is built from that run's captures and transcripts.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import echo from '../../scenarios/echo.ts';
import { RecordingTimeline } from '../../src/sim/timeline.ts';
import { runScenario } from '../../src/sim/run-scenario.ts';
import { buildLab } from '../../src/sim/scenario.ts';
import { buildRunReport, type RunReportInput } from '../../src/report/run-report.ts';
import { scenarioReportInput } from '../../src/report/scenario-report.ts';
import type { Lang } from '../../src/report/i18n/index.ts';

/** the echo lab's epoch: simulated time 0 in Unix seconds */
export const ECHO_EPOCH = buildLab('scenarios/echo.ts', echo).epochSeconds;

export async function echoRunInput(lang: Lang): Promise<RunReportInput> {
  const tl = new RecordingTimeline();
  const run = await runScenario(echo, { seed: 1, format: 'pcapng', timeline: tl });
  return scenarioReportInput(run, tl.data(), lang);
}

/** The run report's files written into `dir` (tests only; the CLI uses cli/outputs.ts). */
export async function writeRunReport(dir: string, input: RunReportInput): Promise<void> {
  for (const [name, content] of await buildRunReport(input)) writeFileSync(join(dir, name), content);
}
