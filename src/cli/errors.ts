/**
 * The CLI's one error path. Every failure the user can cause or meet is a typed error that
 * carries its exit code, where it happened (a file, a place, a field) and what to do next;
 * `reportError` prints it as one message, with a stack trace only under `--debug`.
 * The exit codes are exit-codes.ts's.
 */
import { ScenarioError } from '../sim/scenario-error.ts';
import { EXIT, type ExitCode } from './exit-codes.ts';

export { EXIT, EXIT_HELP, type ExitCode } from './exit-codes.ts';

/** A failure with a place to point at and a hint; `exitCode` says which row of the table it is. */
export abstract class CliError extends Error {
  abstract readonly exitCode: ExitCode;
  constructor(message: string, readonly hint?: string) {
    super(message);
  }
}

/** Bad arguments: unknown option, missing value, unknown scenario name. */
export class UsageError extends CliError {
  override name = 'UsageError';
  readonly exitCode = EXIT.badInput;
}

/** A scenario file that cannot be loaded (syntax error, bad import, no default export). */
export class ScenarioLoadError extends CliError {
  override name = 'ScenarioLoadError';
  readonly exitCode = EXIT.badInput;
  constructor(readonly file: string, reason: string, hint?: string) {
    super(`${file}: ${reason}`, hint);
  }
}

/** A capture file that cannot be read as one (damaged, not a capture). */
export class CaptureError extends CliError {
  override name = 'CaptureError';
  readonly exitCode = EXIT.badInput;
  constructor(readonly file: string, reason: string, hint?: string) {
    super(`${file}: ${reason}`, hint);
  }
}

/** The machine, not the input: an output folder that cannot be written, a full disk. */
export class EnvironmentError extends CliError {
  override name = 'EnvironmentError';
  readonly exitCode = EXIT.environment;
  constructor(readonly path: string, reason: string, hint?: string) {
    super(`${path}: ${reason}`, hint);
  }
}

/** What an errno from writing under `path` means to the user, or undefined if it is not the machine's fault. */
export function environmentError(e: unknown, path: string): EnvironmentError | undefined {
  const err = e as NodeJS.ErrnoException;
  const where = typeof err?.path === 'string' ? err.path : path;
  switch (err?.code) {
    case 'ENOSPC':
    case 'EDQUOT':
      return new EnvironmentError(where, 'no space left on the device', 'free some space or pass --out DIR on another disk');
    case 'EACCES':
    case 'EPERM':
    case 'EROFS':
      return new EnvironmentError(where, 'cannot write here (permission denied or read-only)', 'pass --out DIR naming a folder you can write');
    case 'EEXIST':
    case 'ENOTDIR':
      return new EnvironmentError(where, 'is a file, not a folder', 'pass --out DIR naming a folder (it is created if missing)');
    case 'EMFILE':
    case 'ENFILE':
    case 'EIO':
      return new EnvironmentError(where, `${err.code}: ${err.message}`);
    default:
      return undefined;
  }
}

const isErrno = (e: unknown): e is NodeJS.ErrnoException => e instanceof Error && typeof (e as NodeJS.ErrnoException).code === 'string' && typeof (e as NodeJS.ErrnoException).syscall === 'string';

export interface ReportOptions {
  readonly debug: boolean;
  readonly err: (s: string) => void;
}

/** Print any error as the CLI's message and return its exit code; unknown errors are bugs in labwire (exit 1). */
export function reportError(e: unknown, { debug, err }: ReportOptions): number {
  if (e instanceof ScenarioError) {
    err(`labwire: bad scenario: ${e.message}`);
    if (debug && e.stack) err(e.stack);
    return EXIT.badInput;
  }
  if (e instanceof CliError) {
    const usage = e instanceof UsageError ? '\n(see labwire --help)' : '';
    err(`labwire: ${e.message}${e.hint ? `\n  hint: ${e.hint}` : ''}${usage}`);
    if (debug && e.stack) err(e.stack);
    return e.exitCode;
  }
  const env = environmentError(e, '.');
  if (env) return reportError(env, { debug, err });
  if (isErrno(e)) {
    // a file named on the command line that cannot be read (missing, a folder): bad input
    err(`labwire: ${e.message}`);
    if (debug && e.stack) err(e.stack);
    return EXIT.badInput;
  }
  err(`labwire: internal error: ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}`);
  err(debug && e instanceof Error && e.stack ? e.stack : '(run again with --debug for the stack trace, and report it)');
  return EXIT.programFailed;
}
