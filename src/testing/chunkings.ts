/**
 * `chunkings(stream)`: every way a byte stream can arrive as a sequence of reads, as a
 * fast-check arbitrary. No simulation: a chunking is a set of cut offsets.
 *
 * Generation is biased toward the reads that break framing code: everything at once, one
 * byte at a time, a read per message, reads that span two messages, a fixed read size,
 * and mixes of cuts inside a length prefix, inside a UTF-8 character, at and beside a
 * message boundary, and anywhere.
 *
 * Shrinking goes toward the fewest, simplest splits: first one read, then each single cut
 * alone (two reads), then fewer cuts, then each cut moved toward the start of its read.
 * A failure that one cut can show therefore always shrinks to at most two chunks.
 */
import fc from 'fast-check';
import { makeChunking, type Chunking } from './chunking.ts';
import { layoutStream, type StreamInput } from './stream.ts';
import { findInterestingCuts, type InterestingCuts } from './interesting.ts';

export interface ChunkingsOptions {
  /** offsets where messages begin, when `stream` is one buffer (a list of messages gives them itself) */
  readonly boundaries?: readonly number[];
  /** bytes of each message's length prefix to aim cuts into; default 4 */
  readonly prefixLength?: number;
  /** the most cuts a mixed chunking draws; default 8 */
  readonly maxCuts?: number;
}

type Strategy = (n: number, mrng: fc.Random) => number[];

function pick(xs: readonly number[], mrng: fc.Random): number | undefined {
  return xs.length ? xs[mrng.nextInt(0, xs.length - 1)] : undefined;
}

function range(from: number, to: number, step = 1): number[] {
  const out: number[] = [];
  for (let i = from; i < to; i += step) out.push(i);
  return out;
}

function fixedReads(r: number, n: number): number[] {
  return range(r, n, r);
}

function strategies(ic: InterestingCuts, maxCuts: number): { weight: number; run: Strategy }[] {
  const families = [ic.boundaries, ic.nearBoundaries, ic.insidePrefix, ic.insideUtf8].filter((f) => f.length > 0);
  const mixed: Strategy = (n, mrng) => {
    const k = mrng.nextInt(1, Math.min(maxCuts, n - 1));
    const cuts: number[] = [];
    for (let i = 0; i < k; i++) {
      const fam = mrng.nextInt(0, families.length); // == families.length: anywhere
      cuts.push(fam < families.length ? pick(families[fam]!, mrng)! : mrng.nextInt(1, n - 1));
    }
    return cuts;
  };
  return [
    { weight: 1, run: () => [] }, // everything at once
    { weight: 1, run: (n) => range(1, n) }, // one byte at a time
    { weight: 1, run: () => [...ic.boundaries] }, // a read per message
    { weight: 1, run: () => [...ic.middles] }, // reads spanning two messages
    { weight: 2, run: (n, mrng) => fixedReads(mrng.nextInt(1, n - 1), n) }, // recv(r) with everything there
    { weight: 6, run: mixed },
  ];
}

function normalise(n: number, cuts: readonly number[]): number[] {
  let sorted = true;
  for (let i = 0; i < cuts.length; i++) if (cuts[i]! <= (i ? cuts[i - 1]! : 0) || cuts[i]! >= n) sorted = false;
  return sorted ? (cuts as number[]) : [...new Set(cuts)].filter((c) => c > 0 && c < n).sort((a, b) => a - b);
}

/** Candidate simplifications of `cuts`, simplest first (see the file comment); tcpChunkings shrinks a plain reader's reads with it too. */
export function* shrinkCuts(cuts: readonly number[]): Generator<number[]> {
  const k = cuts.length;
  if (k === 0) return;
  yield [];
  if (k > 1) for (const c of cuts) yield [c];
  if (k > 2) {
    const half = k >> 1;
    yield cuts.slice(half);
    yield cuts.slice(0, half);
  }
  if (k > 2) for (let i = 0; i < k; i++) yield [...cuts.slice(0, i), ...cuts.slice(i + 1)];
  for (let i = 0; i < k; i++) {
    const lo = (i === 0 ? 0 : cuts[i - 1]!) + 1;
    const c = cuts[i]!;
    for (let d = c - lo; d > 0; d = Math.floor(d / 2)) {
      const moved = cuts.slice();
      moved[i] = c - d;
      yield moved;
    }
  }
}

class ChunkingArbitrary extends fc.Arbitrary<Chunking> {
  private readonly plan: { weight: number; run: Strategy }[];
  private readonly total: number;

  constructor(private readonly bytes: Uint8Array, ic: InterestingCuts, maxCuts: number) {
    super();
    this.plan = strategies(ic, maxCuts);
    this.total = this.plan.reduce((s, p) => s + p.weight, 0);
  }

  private value(cuts: readonly number[]): fc.Value<Chunking> {
    return new fc.Value(makeChunking(this.bytes, cuts), undefined);
  }

  generate(mrng: fc.Random): fc.Value<Chunking> {
    const n = this.bytes.length;
    if (n < 2) return this.value([]);
    let r = mrng.nextInt(0, this.total - 1);
    let s = this.plan[0]!;
    for (const p of this.plan) {
      s = p;
      if (r < p.weight) break;
      r -= p.weight;
    }
    return this.value(normalise(n, s.run(n, mrng)));
  }

  canShrinkWithoutContext(value: unknown): value is Chunking {
    if (typeof value !== 'object' || value === null || !('cuts' in value) || !('chunks' in value)) return false;
    const c = value as Chunking;
    return c.chunks.reduce((s, x) => s + x.length, 0) === this.bytes.length;
  }

  shrink(value: Chunking): fc.Stream<fc.Value<Chunking>> {
    return new fc.Stream(shrinkCuts(value.cuts)).map((cuts) => this.value(cuts));
  }
}

/**
 * Every way `stream` can arrive as a sequence of reads, biased toward the splits that break
 * framing code, shrinking toward one or two reads. Give the messages as a list so the
 * arbitrary knows where they begin.
 */
export function chunkings(stream: StreamInput, options: ChunkingsOptions = {}): fc.Arbitrary<Chunking> {
  const layout = layoutStream(stream, options.boundaries);
  const ic = findInterestingCuts(layout, options.prefixLength ?? 4);
  return new ChunkingArbitrary(layout.bytes, ic, options.maxCuts ?? 8);
}
