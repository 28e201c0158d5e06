/**
 * Random-access-forward windows over capture bytes, so one parser serves both a file read
 * in chunks (constant memory) and an array already in memory.
 *
 * After `fill(at, n)` returns true, file bytes `[at, at + n)` are `buf[at - base …]`. A
 * refill allocates a new buffer rather than reusing the old one, so views handed out
 * earlier (record data) stay valid; the old buffer is freed once nobody holds such a view.
 * With `reuse`, a refill moves the bytes still needed to the front of the same buffer and
 * reads behind them instead: no allocation per chunk, but a view handed out earlier then
 * shows other bytes, so it is for a caller that is done with each record before the next.
 */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';

export interface ByteSource {
  readonly file: string;
  /** Total length in bytes (a file's size when opened). */
  readonly size: number;
  readonly buf: Uint8Array;
  readonly base: number;
  fill(at: number, n: number): boolean;
  close(): void;
}

export function bytesSource(bytes: Uint8Array, file = '<bytes>'): ByteSource {
  return {
    file,
    size: bytes.length,
    buf: bytes,
    base: 0,
    fill: (at, n) => at >= 0 && at + n <= bytes.length,
    close() {},
  };
}

export const DEFAULT_CHUNK = 1 << 20;

class FileSource implements ByteSource {
  buf = new Uint8Array(0);
  base = 0;
  private valid = 0;
  readonly size: number;
  private fd: number | undefined;

  constructor(readonly file: string, private readonly chunk: number, private readonly reuse: boolean) {
    const fd = openSync(file, 'r');
    const st = fstatSync(fd);
    if (st.isDirectory()) {
      // a directory opens for reading on Linux and fails at the first read: refuse it here
      closeSync(fd);
      throw Object.assign(new Error('EISDIR: is a directory, not a capture file'), { code: 'EISDIR' });
    }
    this.fd = fd;
    this.size = st.size;
  }

  fill(at: number, n: number): boolean {
    if (at >= this.base && at + n <= this.base + this.valid) return true;
    if (at < 0 || at + n > this.size || this.fd === undefined) return false;
    const size = Math.max(this.chunk, n);
    const next = this.reuse && this.buf.length >= size ? this.buf : new Uint8Array(size);
    let have = 0;
    if (at >= this.base && at < this.base + this.valid) {
      if (next === this.buf) next.copyWithin(0, at - this.base, this.valid);
      else next.set(this.buf.subarray(at - this.base, this.valid));
      have = this.valid - (at - this.base);
    }
    const want = Math.min(next.length, this.size - at);
    while (have < want) {
      const got = readSync(this.fd, next, have, want - have, at + have);
      if (got === 0) break; // the file shrank under us
      have += got;
    }
    this.buf = next;
    this.base = at;
    this.valid = have;
    return have >= n;
  }

  close(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
  }
}

/**
 * Read `file` in chunks of `chunk` bytes (default 1 MiB), into one reused buffer with `reuse`.
 * Throws only if the file cannot be opened or is a directory.
 */
export function fileSource(file: string, chunk = DEFAULT_CHUNK, reuse = false): ByteSource {
  return new FileSource(file, chunk, reuse);
}
