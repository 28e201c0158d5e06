/**
 * `labwire run --report`: the World records the teaching timeline without changing the run
 * (captures identical with and without it), every captured frame gets a comment that says why
 * it was sent, and the program lanes hold the lab's calls with Python's results.
 */
import { describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import echo from '../../scenarios/echo.ts';
import socketInfo from '../../scenarios/socket-info.ts';
import { runScenario } from '../../src/sim/run-scenario.ts';
import { RecordingTimeline } from '../../src/sim/timeline.ts';
import { buildRunReport } from '../../src/report/run-report.ts';
import { scenarioReportInput } from '../../src/report/scenario-report.ts';
import { hasTshark, tsharkFields } from '../helpers/tshark.ts';
import { tempDir } from '../helpers/scenario.ts';

describe('labwire run --report', () => {
  for (const sc of [echo, socketInfo]) {
    it(`${sc.name}: captures are byte-identical with the timeline on and off`, async () => {
      const off = await runScenario(sc, { seed: 1 });
      const tl = new RecordingTimeline();
      const on = await runScenario(sc, { seed: 1, timeline: tl });
      expect(on.captures.map((c) => Buffer.from(c.bytes!).toString('hex'))).toEqual(off.captures.map((c) => Buffer.from(c.bytes!).toString('hex')));
      expect(on.result.transcript).toEqual(off.result.transcript);
      expect(tl.data().frames.length).toBeGreaterThan(5);
    });
  }

  it('two runs with one seed give byte-identical report files (SHA-256)', async () => {
    const build = async () => {
      const tl = new RecordingTimeline();
      const run = await runScenario(echo, { seed: 9, timeline: tl });
      const files = await buildRunReport(scenarioReportInput(run, tl.data(), 'id'));
      return [...files].map(([name, c]) => `${name} ${createHash('sha256').update(c).digest('hex')}`);
    };
    expect(await build()).toEqual(await build());
  });

  it('echo: the server\'s recv(32) returns 32, 14 and 0 bytes and the client\'s recv(16) 16, 16, 14 on the program lanes', async () => {
    const tl = new RecordingTimeline();
    await runScenario(echo, { seed: 1, timeline: tl });
    const calls = tl.data().calls;
    const recvs = (name: string) => calls.filter((c) => `${c.name}(${c.args})` === name).map((c) => (c.result === "b''" ? 0 : c.result.length - 3));
    expect(recvs('recv(32)')).toEqual([32, 14, 0]);
    expect(recvs('recv(16)')).toEqual([16, 16, 14]);
    const peak = (host: string) => Math.max(...tl.data().socks.filter((s) => s.host === host && s.fields.recvQ !== undefined).map((s) => s.fields.recvQ!));
    expect(peak('mesin1')).toBe(46);
    expect(peak('mesin2')).toBe(32);
  });

  it.skipIf(!hasTshark())('every frame of the echo and DNS pcapng files has a comment, the one the report shows, in both languages', async () => {
    for (const sc of [echo, socketInfo]) {
      for (const lang of ['en', 'id'] as const) {
        const tl = new RecordingTimeline();
        const run = await runScenario(sc, { seed: 1, timeline: tl });
        const files = await buildRunReport(scenarioReportInput(run, tl.data(), lang));
        const dir = tempDir();
        for (const [name, content] of files) {
          if (!name.endsWith('.pcapng')) continue;
          const path = join(dir, name);
          writeFileSync(path, content);
          const all = tsharkFields(path, ['frame.number']);
          expect(tsharkFields(path, ['frame.number'], 'frame.comment')).toEqual(all);
          expect(tsharkFields(path, ['frame.number'], '!frame.comment')).toEqual([]);
          const comments = tsharkFields(path, ['frame.comment']).map((r) => r[0]!);
          expect(comments.filter((c) => c.length <= 10 || Buffer.byteLength(c) > 240)).toEqual([]);
          expect(files.get('index.html')!.toString().length).toBeGreaterThan(1000);
        }
      }
    }
  }, 180_000);
});
