/**
 * How a finished run reads to the user and which exit code it gives: a foreground program
 * that failed (or a Python program that exited non-zero, background or not) is
 * `program NAME on HOST: TypeError: …` (exit 1; the stack with `--debug`), a
 * run that stalled prints World's stall report (exit 3). Python-style errors (PyOSError) are
 * in the transcript already as the traceback Python prints; they get the same one line.
 */
import type { RunResult } from '../sim/world.ts';
import { formatStallReport } from '../sim/stall.ts';
import { EXIT } from './errors.ts';
import { BUSY_CALLS, BUSY_QUANTUM } from '../stack/syscall/blocking.ts';

export interface OutcomeOptions {
  readonly debug: boolean;
}

/** `TypeError: x is not a function` for Errors, the value itself for anything else thrown. */
export function describeThrown(e: unknown): string {
  if (e instanceof Error) return `${e.name}: ${e.message}`;
  if (typeof e === 'object' && e !== null) {
    try {
      return `threw a non-Error value ${JSON.stringify(e)}`;
    } catch {
      return 'threw a non-Error object';
    }
  }
  return `threw ${typeof e === 'string' ? JSON.stringify(e) : String(e)}`;
}

/** What to print after a run (failures for stderr, the stall report for stdout) and its exit code. */
export function runOutcome(result: RunResult, { debug }: OutcomeOptions): { failures: string[]; report: string[]; code: number } {
  const lines: string[] = [];
  const report: string[] = [];
  let code: number = EXIT.done;
  for (const p of result.processes) {
    if (p.state !== 'failed' || (p.daemon && !isProgramExit(p.error))) continue;
    code = EXIT.programFailed;
    lines.push(`program ${p.name} on ${p.host}: ${describeThrown(p.error)}`);
    if (debug && p.error instanceof Error && p.error.stack) lines.push(indent(p.error.stack));
  }
  for (const p of result.processes) {
    // a daemon's crash does not fail the run, but it is news
    if (p.state === 'failed' && p.daemon && !isProgramExit(p.error)) lines.push(`(daemon ${p.name} on ${p.host} ended: ${describeThrown(p.error)})`);
  }
  for (const p of result.processes) {
    // polling without blocking (recv with MSG_DONTWAIT, poll(0)…): the thread's clock moved on in steps
    if (p.busy) lines.push(`(program ${p.name} on ${p.host} busy-waited in ${p.busy.what}: ${BUSY_CALLS} calls in a row achieved nothing, ${p.busy.count} times; each time its clock moved on ${BUSY_QUANTUM / 1e6} ms, as a CPU would spend it)`);
  }
  if (result.limit !== null) {
    // not a failure: an endless program (a broadcaster, a server's client loop) is ended as a user would end it
    report.push(`(the run ended at its end time, ${result.limit / 1e9} s of simulated time (--until); the programs still running were stopped)`);
  }
  if (result.stall) {
    report.push('', formatStallReport(result.stall));
    code = EXIT.stalled;
  }
  return { failures: lines, report, code };
}

/**
 * A Python program that ended with a non-zero status (its traceback is in its transcript). It
 * fails the run even when it ran in the background: `--py` puts every program that starts
 * before another there, so a first client that crashed is as much a failure as the last one.
 * By name, so that a run without Python programs does not load the bridge.
 */
function isProgramExit(e: unknown): boolean {
  return e instanceof Error && e.name === 'PythonExit';
}

const indent = (s: string): string => s.split('\n').map((l) => `    ${l}`).join('\n');
