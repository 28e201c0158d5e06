/**
 * A file sink that never leaves a truncated capture under the final name: bytes go to a
 * temporary file in the same folder (so the rename stays on one filesystem and is atomic),
 * which is renamed to `path` on `close()` and removed on `abort()`. If the process dies
 * mid-run, only the hidden temporary file is left behind (`labwire run` removes it the next
 * time it writes to that folder: PARTIAL_FILE names the pid that wrote it).
 */
import { closeSync, openSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { CaptureSink } from './sink.ts';

export interface AtomicFileSink extends CaptureSink {
  /** The final name, which exists only after `close()`. */
  readonly path: string;
  /** Where the bytes are while writing: `.<name>.<pid>[-n].partial` beside `path`. */
  readonly tempPath: string;
}

/** A temporary file's name: `.<name>.<pid>[-n].partial`; group 1 is the pid that writes it. */
export const PARTIAL_FILE = /^\..+\.(\d+)(?:-\d+)?\.partial$/;

/** An errno from writing through a file descriptor carries no path: give it the file the user will look for. */
function withPath(e: unknown, path: string): unknown {
  const err = e as NodeJS.ErrnoException;
  if (err && typeof err === 'object' && 'code' in err && err.path === undefined) err.path = path;
  return e;
}

/** Create the temporary file exclusively, trying a numbered suffix if the name is taken. */
function openTemp(path: string): { fd: number; tempPath: string } {
  const stem = join(dirname(path), `.${basename(path)}.${process.pid}`);
  for (let n = 0; ; n++) {
    const tempPath = n === 0 ? `${stem}.partial` : `${stem}-${n}.partial`;
    try {
      return { fd: openSync(tempPath, 'wx'), tempPath };
    } catch (e) {
      // name the file the user asked for, not its hidden temporary name
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST' || n >= 1000) throw Object.assign(e as Error, { path });
    }
  }
}

export function atomicFileSink(path: string): AtomicFileSink {
  const { fd, tempPath } = openTemp(path);
  let state: 'open' | 'closed' | 'aborted' = 'open';
  let fdOpen = true;
  return {
    path,
    tempPath,
    write(chunk) {
      if (state !== 'open') throw new Error(`capture ${path}: write after close`);
      try {
        for (let done = 0; done < chunk.length; ) done += writeSync(fd, chunk, done, chunk.length - done);
      } catch (e) {
        throw withPath(e, path);
      }
    },
    close() {
      if (state !== 'open') return;
      try {
        fdOpen = false;
        closeSync(fd); // on NFS a full disk shows only here
        renameSync(tempPath, path);
      } catch (e) {
        throw withPath(e, path); // still 'open': abort() removes the temporary file
      }
      state = 'closed';
    },
    abort() {
      if (state !== 'open') return;
      state = 'aborted';
      if (fdOpen) closeSync(fd);
      fdOpen = false;
      try {
        unlinkSync(tempPath);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
      }
    },
  };
}
