/**
 * Python's OSError family as socket calls raise it on Linux: the class follows the errno
 * (PEP 3151; Objects/exceptions.c's errnomap) and str(e) is "[Errno N] text"; socket.timeout is TimeoutError("timed out");
 * resolver failures are socket.gaierror "[Errno -2] Name or service not known".
 */
import {
  EAGAIN, ECONNABORTED, ECONNREFUSED, ECONNRESET, EPIPE, ETIMEDOUT, ERRNO_TEXT, EINPROGRESS, EALREADY, EACCES, EPERM,
  EEXIST, ENOENT, EINTR,
} from '../abi/errno.ts';

export class PyOSError extends Error {
  constructor(
    readonly pyClass: string,
    readonly errno: number | null,
    readonly strerror: string,
  ) {
    super(errno === null ? strerror : `[Errno ${errno}] ${strerror}`);
    this.name = pyClass;
  }

  /** str(e), what `print(f"ERROR : {str(e)}")` shows */
  override toString(): string {
    return this.message;
  }

  /** the traceback's last line: "ConnectionRefusedError: [Errno 111] Connection refused" */
  get pyLine(): string {
    return `${this.pyClass}: ${this.message}`;
  }
}

const CLASS_BY_ERRNO: Readonly<Record<number, string>> = {
  [ECONNREFUSED]: 'ConnectionRefusedError',
  [ECONNRESET]: 'ConnectionResetError',
  [ECONNABORTED]: 'ConnectionAbortedError',
  [EPIPE]: 'BrokenPipeError',
  [ETIMEDOUT]: 'TimeoutError',
  [EAGAIN]: 'BlockingIOError',
  [EINPROGRESS]: 'BlockingIOError',
  [EALREADY]: 'BlockingIOError',
  [EACCES]: 'PermissionError',
  [EPERM]: 'PermissionError',
  [EEXIST]: 'FileExistsError',
  [ENOENT]: 'FileNotFoundError',
  [EINTR]: 'InterruptedError',
  108: 'BrokenPipeError', // ESHUTDOWN
};

export function osError(errno: number): PyOSError {
  const e = Math.abs(errno);
  return new PyOSError(CLASS_BY_ERRNO[e] ?? 'OSError', e, ERRNO_TEXT[e] ?? `Unknown error ${e}`);
}

/** socket.timeout: a TimeoutError with no errno, str() is "timed out" */
export function timeoutError(): PyOSError {
  return new PyOSError('TimeoutError', null, 'timed out');
}

/** EAI_* codes of glibc and their gai_strerror texts */
export const EAI_NONAME = -2;
export const EAI_AGAIN = -3;
export const EAI_FAIL = -4;
export const EAI_FAMILY = -6;
export const EAI_SERVICE = -8;
export const EAI_NODATA = -5;

const GAI_TEXT: Readonly<Record<number, string>> = {
  [EAI_NONAME]: 'Name or service not known',
  [EAI_AGAIN]: 'Temporary failure in name resolution',
  [EAI_FAIL]: 'Non-recoverable failure in name resolution',
  [EAI_NODATA]: 'No address associated with hostname',
  [EAI_FAMILY]: 'ai_family not supported',
  [EAI_SERVICE]: 'Servname not supported for ai_socktype',
};

export function gaiError(code: number): PyOSError {
  return new PyOSError('socket.gaierror', code, GAI_TEXT[code] ?? `Unknown error ${code}`);
}

/** socket.herror for gethostbyaddr-style h_errno failures */
export function hError(code: number, text: string): PyOSError {
  return new PyOSError('socket.herror', code, text);
}
