/**
 * The teaching report names the Python call behind each FIN and RST: shutdown(SHUT_WR) and
 * close() for FINs, an aborting close() (SO_LINGER 0) for the RST — not the program's name, as
 * when the bridge called the table without saying which call it was running.
 */
import { expect, it } from 'vitest';
import { join } from 'node:path';
import { runScenario } from '../../src/sim/run-scenario.ts';
import { defineScenario, type ScenarioSpec } from '../../src/sim/scenario.ts';
import { pythonPrograms, endPythonRun } from '../../src/pybridge/scenario.ts';
import { RecordingTimeline } from '../../src/sim/timeline.ts';
import { onLab, PROGRAMS } from './run-world.ts';

it('FINs and the RST of the half-close programs name their calls', async () => {
  const timeline = new RecordingTimeline();
  const spec = defineScenario({
    ...onLab('report-causes', ['mesin2']),
    programs: pythonPrograms([
      { on: 'mesin1', file: join(PROGRAMS, 'half_close_server.py'), daemon: true },
      { on: 'mesin2', file: join(PROGRAMS, 'half_close_client.py'), args: ['172.16.16.101'], at: 1e9 },
    ]),
  } as ScenarioSpec);
  try {
    await runScenario(spec, { seed: 1, timeline });
  } finally {
    endPythonRun();
  }
  const causes = timeline.data().frames.map((f) => f.cause).filter((c) => c.kind === 'close' || c.kind === 'abort');
  expect(causes).toEqual([
    { kind: 'close', call: 'shutdown(SHUT_WR)' }, // the client's FIN
    { kind: 'close', call: 'close()' }, // the server's, after its answer
    { kind: 'abort', call: 'close()' }, // the client's SO_LINGER 0 close
  ]);
}, 60_000);
