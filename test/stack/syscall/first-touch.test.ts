/**
 * The pages a Python program's recv() buffers touch first (src/stack/syscall/first-touch.ts),
 * against what timing recv() in a loop showed on the namespace lab's machine (python3 3.11,
 * glibc, kernel 6.18; 4 MB queued before the reader starts):
 * - recv(262144): the first four calls 700–1160 µs, every later one 20–36 µs;
 * - recv(65536) and recv(16384): the first two slow, then fast;
 * - recv(262144) getting 16 or 32 KiB each time: 111–230 µs every time, never faster.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { PAGE_SIZE, RecvBuffers } from '../../../src/stack/syscall/first-touch.ts';

/** the fresh pages of each call of a loop of recv(n) that get `got(i)` bytes */
function loop(n: number, calls: number, got: (i: number) => number = () => n): number[] {
  const b = new RecvBuffers();
  return Array.from({ length: calls }, (_, i) => {
    const { buffer, pages } = b.begin(n);
    const fresh = pages + b.fill(buffer, got(i));
    b.end(buffer);
    return fresh;
  });
}

describe('recv() buffers on glibc malloc', () => {
  it('recv(262144) filled: two mmap()ed buffers, then the heap grows twice, then its two chunks serve every call', () => {
    const pages = loop(262144, 10);
    expect(pages.slice(0, 4).every((p) => p >= 64)).toBe(true);
    expect(pages.slice(4)).toEqual([0, 0, 0, 0, 0, 0]);
  });

  it('recv(65536) and recv(16384) filled: the heap from the start (below the 128 KiB mmap threshold), two slow calls', () => {
    for (const n of [65536, 16384]) {
      const pages = loop(n, 8);
      expect(pages[0]).toBeGreaterThanOrEqual(n / PAGE_SIZE);
      expect(pages[1]).toBeGreaterThanOrEqual(n / PAGE_SIZE);
      expect(pages.slice(2)).toEqual([0, 0, 0, 0, 0, 0]);
    }
  });

  it('recv(262144) that gets 16 KiB: mmap()ed every time (shrunk before its free, it never raises the threshold), six pages each', () => {
    const pages = loop(262144, 20, () => 16384);
    expect(new Set(pages)).toEqual(new Set([6])); // the header's page, four of data, the final NUL's
  });

  it('a small recv comes from pymalloc: no page of its own', () => {
    expect(loop(100, 5)).toEqual([0, 0, 0, 0, 0]);
  });

  it('the pages a call is first to touch lie within its buffer, and a call repeated enough faults no more', () => {
    fc.assert(fc.property(
      fc.array(fc.tuple(fc.integer({ min: 1, max: 1 << 19 }), fc.double({ min: 0, max: 1, noNaN: true })), { minLength: 1, maxLength: 40 }),
      fc.integer({ min: 1, max: 1 << 19 }),
      (calls, last) => {
        const b = new RecvBuffers();
        for (const [n, share] of calls) {
          const got = Math.floor(n * share);
          const { buffer, pages } = b.begin(n);
          const fresh = pages + b.fill(buffer, got);
          b.end(buffer);
          // the header, the bytes that came and the final NUL: at most one page more than they span
          expect(fresh).toBeGreaterThanOrEqual(0);
          expect(fresh).toBeLessThanOrEqual(Math.ceil((32 + got + 16) / PAGE_SIZE) + 2);
        }
        const tail = Array.from({ length: 6 }, () => {
          const { buffer, pages } = b.begin(last);
          const fresh = pages + b.fill(buffer, last);
          b.end(buffer);
          return fresh;
        });
        expect(tail.slice(4)).toEqual([0, 0]);
      },
    ));
  });
});
