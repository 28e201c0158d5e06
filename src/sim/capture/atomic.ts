/**
 * A file sink that never leaves a truncated capture under the final name: bytes go to a
 * temporary file in the same folder (so the rename stays on one filesystem and is atomic),
 * which is renamed to `path` on `close()` and removed on `abort()`. If the process dies
 * mid-run, only the hidden temporary file is left behind.
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

/** Create the temporary file exclusively, trying a numbered suffix if the name is taken. */
function openTemp(path: string): { fd: number; tempPath: string } {
  const stem = join(dirname(path), `.${basename(path)}.${process.pid}`);
  for (let n = 0; ; n++) {
    const tempPath = n === 0 ? `${stem}.partial` : `${stem}-${n}.partial`;
    try {
      return { fd: openSync(tempPath, 'wx'), tempPath };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST' || n >= 1000) throw e;
    }
  }
}

export function atomicFileSink(path: string): AtomicFileSink {
  const { fd, tempPath } = openTemp(path);
  let open = true;
  return {
    path,
    tempPath,
    write(chunk) {
      if (!open) throw new Error(`capture ${path}: write after close`);
      for (let done = 0; done < chunk.length; ) done += writeSync(fd, chunk, done, chunk.length - done);
    },
    close() {
      if (!open) return;
      open = false;
      closeSync(fd);
      renameSync(tempPath, path);
    },
    abort() {
      if (!open) return;
      open = false;
      closeSync(fd);
      unlinkSync(tempPath);
    },
  };
}
