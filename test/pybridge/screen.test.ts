import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { BUSY_CALLS, BUSY_QUANTUM } from '../../src/stack/syscall/blocking.ts';
import { runPy, onLab, PROGRAMS } from './run-world.ts';

/**
 * The lines screen.py prints, in the order and at the simulated times a terminal shows them.
 * Each log record reads the clock once: past BUSY_CALLS reads without a request the clock
 * moves on by a quantum (a busy loop's rule).
 */
function expected(records: number, start: number): string[] {
  const t1 = start + 0.5e9;
  const lines = [
    `${start} stdout out 1`, `${start} stderr INFO err 1`, `${start} stdout out 2`, `${start} stderr err 2`, `${start} stderr err 3`, `${start} stdout out 3`,
    // 'partial' waits in stdout's buffer until the flush, behind stderr's line
    `${t1} stderr err 4`, `${t1} stdout partial line`,
  ];
  let reads = 0;
  let now = t1;
  for (let i = 0; i < records; i++) {
    if (++reads > BUSY_CALLS) {
      reads = 0;
      now += BUSY_QUANTUM;
    }
    lines.push(`${now} stderr INFO record ${i}`);
    if (i % 1000 === 999) lines.push(`${now} stdout out at ${i}`);
  }
  // a flushed partial line goes on with whatever either stream writes next
  lines.push(`${now + 0.25e9} stderr no newlinelast`);
  return lines;
}

describe('the terminal of a Python program', () => {
  it('keeps the order of stdout and stderr, between two requests and across the notes of a long run of log records', async () => {
    const records = 5000; // ~100 KB on stderr between two requests: more than one note takes
    const r = await runPy(onLab('screen', ['mesin1']), [{ on: 'mesin1', file: join(PROGRAMS, 'screen.py'), args: [String(records)], at: 1e9 }]);
    expect(r.report.programs.map((p) => p.exitCode)).toEqual([0]);
    const got = r.run.result.transcript.map((l) => `${l.at} ${l.stream} ${l.text}`);
    expect(got).toEqual(expected(records, 1e9));
  }, 60_000);
});
