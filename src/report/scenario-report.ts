/**
 * From a finished scenario run to the run report's input: the glue `labwire run --report DIR`
 * needs once the World records a timeline —
 *
 *   const timeline = new RecordingTimeline();
 *   const run = await runScenario(spec, { ...opts, timeline });   // the World calls its hooks
 *   for (const [name, content] of await buildRunReport(scenarioReportInput(run, timeline.data(), lang)))
 *     writeOutput(join(dir, name), content);                        // cli/outputs.ts
 */
import { readFileSync } from 'node:fs';
import type { ScenarioRun } from '../sim/run-scenario.ts';
import { buildLab } from '../sim/scenario.ts';
import type { TimelineData } from '../sim/timeline.ts';
import type { Lang } from './i18n/index.ts';
import type { RunReportInput } from './run-report.ts';

export function scenarioReportInput(run: ScenarioRun, timeline: TimelineData, lang: Lang): RunReportInput {
  const spec = run.scenario;
  const transcripts = Object.keys(spec.lab.machines).flatMap((host) => {
    const lines = run.result.transcript.filter((l) => l.host === host);
    return lines.length ? [{ name: host, text: lines.map((l) => l.text).join('\n') + '\n' }] : [];
  });
  return {
    scenario: spec.name,
    epochSec: buildLab(`scenarios/${spec.name}.ts`, spec).epochSeconds,
    captures: run.captures.map((c) => ({ host: c.host, iface: c.iface, bytes: c.bytes ?? readFileSync(c.path!) })),
    transcripts,
    timeline,
    lang,
  };
}
