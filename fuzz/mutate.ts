/**
 * Seeded mutations, AFL-style: bit flips, interesting values over 8/16/32-bit fields (the
 * lengths and counts a capture file is made of), byte runs inserted, deleted, duplicated or
 * spliced in from another seed, and truncation. Text and plain-data mutators for the display
 * filter and scenario targets. Everything draws from one RandomStream, so a (target, seed,
 * index) triple names one input for ever.
 */
import type { RandomStream } from '../src/sim/rng.ts';

const INTERESTING_32 = [0, 1, 0x7f, 0x80, 0xff, 0x100, 0xffff, 0x10000, 0x7fffffff, 0x80000000, 0xfffffffe, 0xffffffff, 12, 16, 28, 32, 262144];
const INTERESTING_16 = [0, 1, 0x7f, 0x80, 0xff, 0x100, 0x7fff, 0x8000, 0xffff, 0x0800, 0x0806, 0x86dd, 53, 20, 5];

export function pick<T>(rng: RandomStream, xs: readonly T[]): T {
  return xs[rng.int(0, xs.length - 1)]!;
}

/** One to eight mutations of `seed` (never changed in place); `others` supply spliced runs. */
export function mutateBytes(rng: RandomStream, seed: Uint8Array, others: readonly Uint8Array[]): Uint8Array {
  let b: Uint8Array = Uint8Array.from(seed);
  const rounds = rng.int(1, 8);
  for (let r = 0; r < rounds; r++) b = mutateOnce(rng, b, others);
  return b;
}

function mutateOnce(rng: RandomStream, b: Uint8Array, others: readonly Uint8Array[]): Uint8Array {
  if (b.length === 0) return Uint8Array.of(rng.int(0, 255));
  const at = rng.int(0, b.length - 1);
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  switch (rng.int(0, 9)) {
    case 0: b[at]! ^= 1 << rng.int(0, 7); return b;
    case 1: b[at] = rng.int(0, 255); return b;
    case 2: if (at + 2 <= b.length) dv.setUint16(at, pick(rng, INTERESTING_16), rng.int(0, 1) === 1); return b;
    case 3: if (at + 4 <= b.length) dv.setUint32(at, pick(rng, INTERESTING_32), rng.int(0, 1) === 1); return b;
    case 4: if (at + 4 <= b.length) dv.setUint32(at, (dv.getUint32(at, true) + rng.int(-8, 8)) >>> 0, true); return b;
    case 5: return b.subarray(0, rng.int(0, b.length)).slice();
    case 6: return splice(b, at, rng.int(0, Math.min(64, b.length - at)), new Uint8Array(0));
    case 7: return splice(b, at, 0, b.slice(rng.int(0, at), at + rng.int(0, 64)));
    case 8: return splice(b, at, 0, Uint8Array.from({ length: rng.int(1, 32) }, () => rng.int(0, 255)));
    default: {
      const o = pick(rng, others);
      const from = rng.int(0, Math.max(0, o.length - 1));
      return splice(b, at, rng.int(0, 64), o.subarray(from, from + rng.int(1, 256)));
    }
  }
}

function splice(b: Uint8Array, at: number, removeAtMost: number, insert: Uint8Array): Uint8Array {
  const remove = Math.min(removeAtMost, b.length - at);
  const out = new Uint8Array(b.length - remove + insert.length);
  out.set(b.subarray(0, at));
  out.set(insert, at);
  out.set(b.subarray(at + remove), at + insert.length);
  return out;
}

/** A mutated display filter: tokens dropped, doubled, swapped, or replaced by others' tokens, parentheses and `!` piled up. */
export function mutateText(rng: RandomStream, seed: string, others: readonly string[]): string {
  let toks: string[] = seed.match(/"(?:[^"\\]|\\.)*"|[A-Za-z0-9_.:-]+|[^\sA-Za-z0-9_.:-]+/g) ?? [];
  const rounds = rng.int(1, 4);
  for (let r = 0; r < rounds; r++) {
    const at = rng.int(0, toks.length);
    const other = pick(rng, others).match(/\S+/g) ?? ['frame'];
    switch (rng.int(0, 7)) {
      case 0: toks.splice(at, 1); break;
      case 1: toks.splice(at, 0, toks[at] ?? 'frame'); break;
      case 2: toks.splice(at, 0, pick(rng, other)); break;
      case 3: toks = ['('.repeat(rng.int(1, 2000)), ...toks, ')'.repeat(rng.int(0, 2000))]; break;
      case 4: toks.splice(at, 0, '!'.repeat(rng.int(1, 500))); break;
      case 5: toks.splice(at, 0, pick(rng, ['matches', 'contains', '==', 'in', '{', '}', ',', '"(a+)+$"', '"\\\\"', '0x', '1.2.3.4/33', '-1', 'and', 'or', '~', '[0:4]'])); break;
      case 6: toks.push(...Array(rng.int(1, 3000)).fill(rng.int(0, 1) ? 'and frame' : 'or !frame')); break;
      default: {
        const t = toks[at];
        if (t !== undefined) toks[at] = t.slice(0, rng.int(0, t.length)) + String.fromCharCode(rng.int(0, 0x24ff)) + t.slice(rng.int(0, t.length));
      }
    }
  }
  return toks.join(' ');
}

/** A value of another shape for a scenario field: wrong types, empty, huge, odd strings, functions. */
export type Replacement = { readonly kind: 'json'; readonly value: unknown } | { readonly kind: 'undefined' | 'function' | 'NaN' | 'Infinity' };

export function replacement(rng: RandomStream): Replacement {
  const json: unknown[] = [null, 0, -1, 1.5, 2 ** 53, '', 'x', '999.1.1.1', '10.0.0.0/33', '172.16.16.1', 'eth0', 'wsl2', 'any', [], [1], {}, { a: 1 }, true, false, '1970-01-01T00:00:00Z', 'not a date', 'linux-6.18'];
  const r = rng.int(0, json.length + 2);
  if (r < json.length) return { kind: 'json', value: json[r] };
  return { kind: pick(rng, ['undefined', 'function', 'NaN', 'Infinity'] as const) };
}

export function materialise(r: Replacement): unknown {
  switch (r.kind) {
    case 'json': return structuredClone(r.value);
    case 'undefined': return undefined;
    case 'function': return async () => {};
    case 'NaN': return NaN;
    case 'Infinity': return Infinity;
  }
}
