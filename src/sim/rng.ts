/**
 * Seeded randomness. Every consumer draws from its own stream, keyed by (seed, host, purpose)
 * through a string hash, never by creation order: adding a host or a purpose leaves every
 * other stream's numbers unchanged. The generator is xoshiro128** seeded by splitmix32.
 */
export interface RandomStream {
  /** an unsigned 32-bit integer */
  nextU32(): number;
  /** an integer in [lo, hi] */
  int(lo: number, hi: number): number;
  /** a float in [0, 1) */
  float(): number;
}

/** FNV-1a over the UTF-16 code units, then a murmur3 finaliser. */
function hash32(text: string, h = 0x811c9dc5): number {
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

function splitmix32(state: { x: number }): number {
  state.x = (state.x + 0x9e3779b9) | 0;
  let z = state.x;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}

class Xoshiro128 implements RandomStream {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(seed: number) {
    const st = { x: seed | 0 };
    this.a = splitmix32(st);
    this.b = splitmix32(st);
    this.c = splitmix32(st);
    this.d = splitmix32(st);
    if ((this.a | this.b | this.c | this.d) === 0) this.a = 1;
  }

  nextU32(): number {
    const result = Math.imul(rotl(Math.imul(this.b, 5), 7), 9) >>> 0;
    const t = this.b << 9;
    this.c ^= this.a;
    this.d ^= this.b;
    this.b ^= this.c;
    this.a ^= this.d;
    this.c ^= t;
    this.d = rotl(this.d, 11);
    return result;
  }

  int(lo: number, hi: number): number {
    const span = hi - lo + 1;
    if (span <= 0) throw new RangeError(`empty range [${lo}, ${hi}]`);
    // rejection sampling keeps the draw unbiased
    const limit = Math.floor(0x100000000 / span) * span;
    let x = this.nextU32();
    while (x >= limit) x = this.nextU32();
    return lo + (x % span);
  }

  float(): number {
    return this.nextU32() / 0x100000000;
  }
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

/** The stream for one host and one purpose ('tcp-isn', 'dns-id', 'link-loss:eth1', …). */
export function streamFor(seed: number, host: string, purpose: string): RandomStream {
  const s = hash32(`${purpose}\u0000`, hash32(`${host}\u0000`, hash32(String(seed >>> 0))));
  return new Xoshiro128(s);
}
