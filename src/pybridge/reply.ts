/**
 * What a request answers: a result, raw data, or a Python exception as [kind, code, text]
 * (python/_labwire/errors.py builds the exception). Errno texts are glibc's, whatever the
 * host, from src/stack/abi/errno.ts; resolver errors keep their gaierror/herror class.
 */
import { ERRNO_TEXT } from '../stack/abi/errno.ts';
import { PyOSError } from '../stack/socket/errors.ts';

export type ErrorKind = 'os' | 'timeout' | 'gai' | 'herror' | 'value' | 'overflow' | 'unsupported';

export interface Reply {
  readonly r?: unknown;
  readonly e?: readonly [ErrorKind, number, string];
  readonly data?: Uint8Array;
}

export const OK: Reply = {};

export function result(r: unknown, data?: Uint8Array): Reply {
  return data ? { r, data } : { r };
}

export function errnoText(errno: number): string {
  return ERRNO_TEXT[errno] ?? `Unknown error ${errno}`;
}

/** a negative errno from a system call as the OSError Python raises */
export function osError(errno: number): Reply {
  const e = Math.abs(errno);
  return { e: ['os', e, errnoText(e)] };
}

export const TIMED_OUT: Reply = { e: ['timeout', 0, 'timed out'] };

export function valueError(text: string): Reply {
  return { e: ['value', 0, text] };
}

/** a resolver's PyOSError (socket.gaierror / socket.herror) as a reply */
export function fromPyError(err: unknown): Reply {
  if (err instanceof PyOSError) {
    const kind: ErrorKind = err.pyClass === 'socket.gaierror' ? 'gai' : err.pyClass === 'socket.herror' ? 'herror' : err.pyClass === 'TimeoutError' && err.errno === null ? 'timeout' : 'os';
    return { e: [kind, err.errno ?? 0, err.strerror] };
  }
  if (err instanceof RangeError) return { e: ['overflow', 0, err.message] };
  throw err;
}
