/**
 * Where a capture writer's bytes go. A sink receives whole batches (a view that is only
 * valid during the call: the writer reuses its buffer), then `close()` on success or
 * `abort()` on failure. Two sinks exist: a file that appears under its final name only on
 * `close()` (atomic.ts) and memory (here), for tests and in-process runs.
 *
 * The memory sink keeps one resizable ArrayBuffer that grows in place (pages are committed
 * as it grows, nothing already written is copied), so a 100 MB capture costs one copy of each
 * batch and one copy out, not an allocation per batch and a concatenation. What `bytes()`
 * returns is a plain array (a resizable buffer cannot be posted to a worker in Node 20).
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

/** The largest in-memory capture: what a resizable ArrayBuffer may reserve (V8's limit, 4 GiB). */
const MEMORY_SINK_MAX_BYTES = 2 ** 32;

/** `new ArrayBuffer(length, { maxByteLength })` (ES2024; the project's lib is ES2023). */
interface ResizableArrayBuffer extends ArrayBuffer {
  resize(byteLength: number): void;
}
const ResizableArrayBuffer = ArrayBuffer as unknown as new (byteLength: number, options: { maxByteLength: number }) => ResizableArrayBuffer;

export function memorySink(): MemorySink {
  const store = new ResizableArrayBuffer(0, { maxByteLength: MEMORY_SINK_MAX_BYTES });
  const view = new Uint8Array(store); // length-tracking: follows the store as it grows
  let length = 0;
  return {
    write(chunk) {
      const need = length + chunk.length;
      if (need > store.byteLength) {
        if (need > MEMORY_SINK_MAX_BYTES) throw new RangeError(`an in-memory capture holds at most ${MEMORY_SINK_MAX_BYTES} bytes; write it to a file`);
        store.resize(Math.min(MEMORY_SINK_MAX_BYTES, Math.max(need, 2 * store.byteLength)));
      }
      view.set(chunk, length);
      length = need;
    },
    close() {},
    abort() {
      store.resize(0);
      length = 0;
    },
    bytes() {
      return view.slice(0, length);
    },
  };
}
