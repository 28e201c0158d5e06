/**
 * Which pages a Python program's recv() buffers touch for the first time: a model of CPython's
 * `recv(n)` on glibc's malloc, for a CPU profile's page-fault cost (`pageFault` in cpu-profile.ts, charged by cpu.ts).
 *
 * Why it matters: a page a process touches for the first time costs a page fault, and on the
 * namespace lab's VM one costs ~14 µs (4 ns per byte). `recv(262144)` with 4 MB queued, timed
 * on the idle machine (python3 3.11, kernel 6.18): the first four calls take 820–1160 µs,
 * every later one 22–36 µs; `recv(65536)` and `recv(16384)`: the first two slow (334 and 281
 * µs; 149 and 58), then 8–11 and 3–4. In a bulk transfer those slow first reads hold the
 * socket's lock while the data keeps coming, so its ACKs wait and the sender's cwnd grows on
 * (test/fixtures/real/bulk-cwnd-idle).
 *
 * What CPython and glibc do, and this follows:
 * - `sock_recv` allocates the result before the call, `PyBytes_FromStringAndSize(NULL, n)`:
 *   a 32-byte header, `n` bytes and a NUL written at once at the end (ob_sval[n]); the kernel's
 *   copy touches the bytes it fills; `_PyBytes_Resize` shrinks the result to what came
 *   (realloc). Up to 512 bytes the block comes from pymalloc's pools: no new pages.
 * - In the usual loop, `data = conn.recv(n)`, the previous result is freed once the new one is
 *   returned: two buffers live at a time. (What else the program keeps is not seen here.)
 * - glibc (malloc.c): a chunk of at least `mmap_threshold` (128 KiB at first) is mmap()ed:
 *   fresh pages, unmapped when freed; freeing one raises the threshold to its size (up to
 *   32 MiB) and the trim threshold to twice that. Smaller chunks come from the heap: the best
 *   fitting free chunk, else the top, which grows by brk() with 128 KiB of padding (fresh
 *   pages); a freed chunk merges with free neighbours, and a top beyond the trim threshold is
 *   given back down to the padding (its pages lost). A realloc that shrinks splits the rest off
 *   as a free chunk (mremap() for an mmap()ed one).
 * So `recv(262144)` in a loop faults four times over (two mmap()ed buffers, then the heap grows
 * twice) and then reuses the two heap buffers; smaller sizes fault twice.
 */

export const PAGE_SIZE = 4096;
/** offsetof(PyBytesObject, ob_sval) on 64-bit CPython */
const BYTES_HEADER = 32;
/** pymalloc serves requests up to SMALL_REQUEST_THRESHOLD bytes */
const SMALL_REQUEST_THRESHOLD = 512;
/** malloc.c: DEFAULT_MMAP_THRESHOLD_MIN, DEFAULT_MMAP_THRESHOLD_MAX (64-bit), DEFAULT_TOP_PAD */
const MMAP_THRESHOLD_MIN = 128 * 1024;
const MMAP_THRESHOLD_MAX = 32 * 1024 * 1024;
const TOP_PAD = 128 * 1024;
/** malloc.c: SIZE_SZ, MALLOC_ALIGNMENT, MINSIZE on 64-bit */
const SIZE_SZ = 8;
const ALIGN = 16;
const MINSIZE = 32;

/** a heap chunk: [start, start + size) of the heap's address space */
interface Chunk { start: number; size: number; free: boolean }

/** a live buffer: a heap chunk, or an mmap()ed region of its own (its pages counted here) */
type Block = { readonly kind: 'heap'; readonly chunk: Chunk } | { readonly kind: 'mmap'; size: number; readonly pages: Set<number> } | { readonly kind: 'small' };

/** one read in progress: its block and where its bytes start (for the pages the copy touches) */
export interface ReadBuffer {
  readonly block: Block;
  /** address of ob_sval[0]: the heap's address space, or the mapping's own */
  readonly base: number;
  /** bytes filled so far */
  filled: number;
}

const request2size = (req: number) => Math.max(MINSIZE, (req + SIZE_SZ + ALIGN - 1) & ~(ALIGN - 1));
const pageUp = (n: number) => Math.ceil(n / PAGE_SIZE) * PAGE_SIZE;

/** one thread's recv buffers in its malloc arena */
export class RecvBuffers {
  private mmapThreshold = MMAP_THRESHOLD_MIN;
  private trimThreshold = 2 * MMAP_THRESHOLD_MIN;
  /** heap chunks in address order, the top not among them: it is [heapEnd(chunks), brk) */
  private readonly chunks: Chunk[] = [];
  private brk = 0;
  /** heap pages ever touched and not given back */
  private readonly heapPages = new Set<number>();
  private previous: Block | null = null;

  /** recv(n) allocates its result: the pages the allocation itself writes (header, final NUL), and whether it was mmap()ed */
  begin(n: number): { buffer: ReadBuffer; pages: number; mapped: boolean } {
    const req = BYTES_HEADER + n + 1;
    if (req <= SMALL_REQUEST_THRESHOLD) return { buffer: { block: { kind: 'small' }, base: 0, filled: 0 }, pages: 0, mapped: false };
    const nb = request2size(req);
    let block: Block;
    let mem: number; // the address malloc returns
    if (nb >= this.mmapThreshold) {
      block = { kind: 'mmap', size: pageUp(nb + SIZE_SZ), pages: new Set() };
      mem = 2 * SIZE_SZ;
    } else {
      const chunk = this.heapAlloc(nb);
      block = { kind: 'heap', chunk };
      mem = chunk.start + 2 * SIZE_SZ;
    }
    const buffer: ReadBuffer = { block, base: mem + BYTES_HEADER, filled: 0 };
    const pages = this.touch(block, mem, mem + BYTES_HEADER) + this.touch(block, mem + BYTES_HEADER + n, mem + BYTES_HEADER + n + 1);
    return { buffer, pages, mapped: block.kind === 'mmap' };
  }

  /** the kernel copies `len` more bytes into it: the pages touched for the first time */
  fill(buffer: ReadBuffer, len: number): number {
    if (buffer.block.kind === 'small' || len <= 0) return 0;
    const from = buffer.base + buffer.filled;
    buffer.filled += len;
    return this.touch(buffer.block, from, from + len);
  }

  /** recv returns: the result shrinks to what came, and the previous result is freed */
  end(buffer: ReadBuffer): void {
    const block = buffer.block;
    if (block.kind === 'heap') {
      const nb = request2size(BYTES_HEADER + buffer.filled + 1);
      if (block.chunk.size - nb >= MINSIZE) this.split(block.chunk, nb);
    } else if (block.kind === 'mmap') {
      const size = pageUp(request2size(BYTES_HEADER + buffer.filled + 1) + SIZE_SZ);
      if (size < block.size) {
        for (const p of block.pages) if (p * PAGE_SIZE >= size) block.pages.delete(p); // mremap() shrinks it
        block.size = size;
      }
    }
    if (this.previous) this.release(this.previous);
    this.previous = block;
  }

  private touch(block: Block, from: number, to: number): number {
    if (block.kind === 'small' || to <= from) return 0;
    const pages = block.kind === 'heap' ? this.heapPages : block.pages;
    let fresh = 0;
    for (let p = Math.floor(from / PAGE_SIZE); p <= Math.floor((to - 1) / PAGE_SIZE); p++) {
      if (pages.has(p)) continue;
      pages.add(p);
      fresh++;
    }
    return fresh;
  }

  private heapEnd(): number {
    const last = this.chunks[this.chunks.length - 1];
    return last ? last.start + last.size : 0;
  }

  /** _int_malloc() for a chunk of `nb`: the best fitting free chunk, else from the top */
  private heapAlloc(nb: number): Chunk {
    let best: Chunk | undefined;
    for (const c of this.chunks) if (c.free && c.size >= nb && (!best || c.size < best.size)) best = c;
    if (best) {
      best.free = false;
      if (best.size - nb >= MINSIZE) this.split(best, nb);
      return best;
    }
    const start = this.heapEnd();
    if (this.brk - start < nb + MINSIZE) this.brk = start + pageUp(nb + TOP_PAD + MINSIZE); // sysmalloc(): brk() with the padding
    const chunk: Chunk = { start, size: nb, free: false };
    this.chunks.push(chunk);
    return chunk;
  }

  /** keep `nb` of the chunk, its rest a free chunk (merged with a free one after it, or the top) */
  private split(chunk: Chunk, nb: number): void {
    const rest: Chunk = { start: chunk.start + nb, size: chunk.size - nb, free: true };
    chunk.size = nb;
    const i = this.chunks.indexOf(chunk);
    this.chunks.splice(i + 1, 0, rest);
    this.coalesce(i + 1);
  }

  private release(block: Block): void {
    if (block.kind === 'small') return;
    if (block.kind === 'mmap') {
      // munmap_chunk(); free() raises the thresholds to the chunk's size (malloc.c: __libc_free)
      if (block.size > this.mmapThreshold && block.size <= MMAP_THRESHOLD_MAX) {
        this.mmapThreshold = block.size;
        this.trimThreshold = 2 * block.size;
      }
      return;
    }
    block.chunk.free = true;
    this.coalesce(this.chunks.indexOf(block.chunk));
  }

  /** a free chunk at `i` merges with free neighbours; one that ends the heap joins the top, trimmed */
  private coalesce(i: number): void {
    let at = i;
    const c = this.chunks[at]!;
    const next = this.chunks[at + 1];
    if (next?.free) {
      c.size += next.size;
      this.chunks.splice(at + 1, 1);
    }
    const prev = this.chunks[at - 1];
    if (prev?.free) {
      prev.size += c.size;
      this.chunks.splice(at, 1);
      at--;
    }
    if (at !== this.chunks.length - 1) return;
    this.chunks.pop(); // into the top
    const top = this.brk - this.heapEnd();
    if (top < this.trimThreshold) return;
    // systrim(): give back whole pages above the padding
    const extra = Math.floor((top - TOP_PAD - MINSIZE - 1) / PAGE_SIZE) * PAGE_SIZE;
    if (extra <= 0) return;
    this.brk -= extra;
    const firstGone = Math.ceil(this.brk / PAGE_SIZE);
    for (const p of [...this.heapPages]) if (p >= firstGone) this.heapPages.delete(p);
  }
}
