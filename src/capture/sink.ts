/**
 * Where a capture writer's bytes go. A sink receives whole batches (a view that is only
 * valid during the call: the writer reuses its buffer), then `close()` on success or
 * `abort()` on failure. Two sinks exist: a file that appears under its final name only on
 * `close()` (atomic.ts) and memory (here), for tests and small captures.
 */

export interface CaptureSink {
  write(chunk: Uint8Array): void;
  close(): void;
  abort(): void;
}

export interface MemorySink extends CaptureSink {
  /** Everything written so far, in one array (a fresh copy each call). */
  bytes(): Uint8Array;
}

export function memorySink(): MemorySink {
  const chunks: Uint8Array[] = [];
  let length = 0;
  return {
    write(chunk) {
      chunks.push(chunk.slice());
      length += chunk.length;
    },
    close() {},
    abort() {
      chunks.length = 0;
      length = 0;
    },
    bytes() {
      const out = new Uint8Array(length);
      let p = 0;
      for (const c of chunks) {
        out.set(c, p);
        p += c.length;
      }
      return out;
    },
  };
}
