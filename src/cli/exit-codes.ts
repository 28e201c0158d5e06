/**
 * labwire's exit codes (README "Exit status" and docs/errors.md list them with every message):
 *   0 done · 1 a program failed · 2 bad usage, scenario, capture or filter · 3 stalled ·
 *   4 environment (output folder not writable, disk full) · 130 interrupted.
 * Apart from errors.ts, which re-exports them, so that the main thread of `labwire run`
 * (process.ts) knows them without loading the error types and the scenario model behind them.
 */
export const EXIT = {
  done: 0,
  programFailed: 1,
  badInput: 2,
  stalled: 3,
  environment: 4,
  interrupted: 130,
} as const;

/** The exit codes as --help states them (README and docs/errors.md give the long form). */
export const EXIT_HELP = `exit status: 0 done, 1 a program failed, 2 bad usage, scenario, capture or filter,
3 the scenario stalled, 4 output folder not writable or disk full, 130 interrupted`;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];
