/**
 * `labwire run SCENARIO --report DIR`: the run's teaching report — index.html, each capture as
 * pcapng with a comment on every packet, the transcripts — from the timeline the run recorded.
 * Written through the CLI's output path (atomic files, exit 4 for a folder that cannot be written).
 */
import { join } from 'node:path';
import type { ScenarioRun } from '../sim/run-scenario.ts';
import type { TimelineData } from '../sim/timeline.ts';
import { buildRunReport } from '../report/run-report.ts';
import { scenarioReportInput } from '../report/scenario-report.ts';
import { prepareOutDir, writeOutput } from './outputs.ts';

/** Build and write the report; the paths written. */
export async function writeRunReport(run: ScenarioRun, timeline: TimelineData, dir: string, lang: 'en' | 'id'): Promise<string[]> {
  prepareOutDir(dir);
  const files = await buildRunReport(scenarioReportInput(run, timeline, lang));
  const written: string[] = [];
  for (const [name, content] of files) {
    const path = join(dir, name);
    writeOutput(path, content);
    written.push(path);
  }
  return written;
}
