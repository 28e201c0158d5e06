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

describe('a program that closes sys.stderr', () => {
  it('still shows what it wrote there, and gets ValueError writing to it after', async () => {
    const r = await runPy(onLab('close-stderr', ['mesin1']), [{ on: 'mesin1', file: join(PROGRAMS, 'close_stderr.py'), at: 1e9 }]);
    expect(r.report.programs.map((p) => p.exitCode)).toEqual([0]);
    expect(r.run.result.transcript.map((l) => `${l.at} ${l.stream} ${l.text}`)).toEqual([
      '1000000000 stderr err line',
      '1000000000 stdout out before',
      // closing flushed the partial line; stdout's next line goes on with it
      '1000000000 stderr err partialValueError I/O operation on closed file.',
      '1500000000 stdout out after sleep',
    ]);
  }, 60_000);
});

describe("logging's handler lock", () => {
  it('is taken in the simulation once the program has threads, held as it was when the first one started', async () => {
    const run = () => runPy(onLab('log-threads', ['mesin1']), [{ on: 'mesin1', file: join(PROGRAMS, 'log_threads.py'), at: 1e9 }]);
    const [a, b] = [await run(), await run()];
    expect(a.report.programs.map((p) => p.exitCode)).toEqual([0]);
    expect(b.transcript).toEqual(a.transcript);
    const got = a.run.result.transcript.map((l) => [l.at, l.text] as const);
    // each record waits for the one before it: one emit's sleep apart, whoever logged it
    expect(got.map(([at]) => at)).toEqual([1, 2, 3, 4, 5, 6].map((k) => 1e9 + k * 1e8));
    expect(got[0]![1]).toBe('MainThread before threads');
    expect(got[5]![1]).toBe('MainThread done');
    expect(got.slice(1, 5).map(([, text]) => text).sort()).toEqual(['MainThread main while they run', 'w0 from w0', 'w1 from w1', 'w2 from w2']);
  }, 60_000);
});
