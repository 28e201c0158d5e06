/**
 * Text written straight into a growing byte buffer as UTF-8, the way a C tool fills its stdio
 * buffer: numbers as digits, short ASCII texts byte by byte, no string built per line. The
 * packet list's hot lines (columns.ts, time.ts, info-tcp.ts) are written through it, and their
 * string forms are the same writing read back (`toString`), so each has one implementation.
 */

const SPACE = 0x20;
// TextEncoder/TextDecoder, not Buffer: the report's viewer runs this code in a browser
const encoder = new TextEncoder();
const decoder = new TextDecoder();

export class TextWriter {
  private buf: Uint8Array;
  /** bytes written so far */
  length = 0;

  constructor(capacity = 1 << 10) {
    this.buf = new Uint8Array(capacity);
  }

  /** Room for `n` more bytes. */
  private room(n: number): void {
    if (this.length + n <= this.buf.length) return;
    const next = new Uint8Array(Math.max(this.buf.length * 2, this.length + n));
    next.set(this.buf.subarray(0, this.length));
    this.buf = next;
  }

  /** `s` as UTF-8: byte by byte while it is ASCII, the rest through the UTF-8 encoder. */
  text(s: string): void {
    const n = s.length;
    this.room(n);
    const b = this.buf;
    let at = this.length;
    for (let i = 0; i < n; i++) {
      const c = s.charCodeAt(i);
      if (c >= 0x80) {
        this.length = at;
        this.room(3 * (n - i));
        this.length += encoder.encodeInto(i === 0 ? s : s.slice(i), this.buf.subarray(this.length)).written;
        return;
      }
      b[at++] = c;
    }
    this.length = at;
  }

  /** One ASCII character by its code. */
  byte(c: number): void {
    this.room(1);
    this.buf[this.length++] = c;
  }

  /** ` → `, the packet list's arrow between two ends, spaces around it. */
  arrow(): void {
    this.room(5);
    const b = this.buf;
    const at = this.length;
    b[at] = SPACE;
    b[at + 1] = 0xe2; // U+2192 in UTF-8
    b[at + 2] = 0x86;
    b[at + 3] = 0x92;
    b[at + 4] = SPACE;
    this.length = at + 5;
  }

  /** `n` spaces (none when n ≤ 0). */
  spaces(n: number): void {
    if (n <= 0) return;
    this.room(n);
    this.buf.fill(SPACE, this.length, this.length + n);
    this.length += n;
  }

  /** A non-negative integer in decimal, at least `width` digits (zero-padded). */
  uint(n: number, width = 1): void {
    const digits = Math.max(decimalDigits(n), width);
    this.room(digits);
    const b = this.buf;
    const end = this.length;
    let at = end + digits;
    this.length = at;
    // small integers divide as int32 (most numbers here: ports, lengths, relative sequence numbers)
    while (n > 0x7fffffff) {
      const q = Math.floor(n / 10);
      b[--at] = 0x30 + (n - q * 10);
      n = q;
    }
    // two digits per division, from a table (as C libraries' integer formatting does)
    let m = n | 0;
    while (m >= 100) {
      const q = (m / 100) | 0;
      const pair = (m - q * 100) << 1;
      b[--at] = DIGIT_PAIRS[pair + 1]!;
      b[--at] = DIGIT_PAIRS[pair]!;
      m = q;
    }
    if (m >= 10) {
      b[--at] = DIGIT_PAIRS[(m << 1) + 1]!;
      b[--at] = DIGIT_PAIRS[m << 1]!;
    } else b[--at] = 0x30 + m;
    while (at > end) b[--at] = 0x30; // the zeros `width` asks for
  }

  /** The bytes written, as an array of their own; the writer starts again empty. */
  take(capacity = this.buf.length): Uint8Array {
    const out = this.buf.subarray(0, this.length);
    this.buf = new Uint8Array(capacity);
    this.length = 0;
    return out;
  }

  /** The bytes written, as a view that the writer overwrites from now on (it starts again empty). */
  view(): Uint8Array {
    const out = this.buf.subarray(0, this.length);
    this.length = 0;
    return out;
  }

  /** The text written since `start`, and forget it (the writer's length goes back to `start`). */
  cut(start = 0): string {
    const s = decoder.decode(this.buf.subarray(start, this.length));
    this.length = start;
    return s;
  }
}

/** "00" to "99" as ASCII, two bytes each */
const DIGIT_PAIRS = Uint8Array.from({ length: 200 }, (_, i) => 0x30 + (i & 1 ? (i >> 1) % 10 : Math.floor((i >> 1) / 10)));

/** How many decimal digits a non-negative integer has. */
export function decimalDigits(n: number): number {
  if (n < 10) return 1;
  if (n < 100) return 2;
  if (n < 1000) return 3;
  if (n < 10000) return 4;
  if (n < 100000) return 5;
  if (n < 1000000) return 6;
  if (n < 10000000) return 7;
  if (n < 100000000) return 8;
  if (n < 1000000000) return 9;
  let d = 10;
  for (let p = 1e10; n >= p; p *= 10) d++;
  return d;
}

/** A writer for making one string at a time (the string forms of the written lines). */
const scratch = new TextWriter();

/** The text `write` writes, as a string. */
export function written(write: (w: TextWriter) => void): string {
  const start = scratch.length;
  write(scratch);
  return scratch.cut(start);
}
