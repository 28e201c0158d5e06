/**
 * A chunking: how one byte stream arrived as a sequence of reads. It is kept as the cut
 * offsets (where one read ends and the next begins), so two chunkings of the same bytes
 * compare by their cuts, and the chunks are views into the stream, never copies.
 */
import fc from 'fast-check';
import { reprBytes } from '../stack/socket/repr.ts';

export interface Chunking {
  /** what each read returned, in order; concatenated they give the stream */
  readonly chunks: readonly Uint8Array[];
  /** the offsets in the stream where one read ends and the next begins (sorted, inside 1..length-1) */
  readonly cuts: readonly number[];
}

/** Cut `bytes` at `cuts` (sorted, unique, inside 1..length-1): the chunks, as views. */
export function splitAt(bytes: Uint8Array, cuts: readonly number[]): Uint8Array[] {
  const out: Uint8Array[] = [];
  let from = 0;
  for (const c of cuts) {
    out.push(bytes.subarray(from, c));
    from = c;
  }
  if (from < bytes.length) out.push(bytes.subarray(from));
  return out; // an empty stream arrives as no reads at all (recv's b'' is the end, not a chunk)
}

/** The cuts of a chunk list (each chunk's end but the last). */
export function cutsOf(chunks: readonly Uint8Array[]): number[] {
  const cuts: number[] = [];
  let at = 0;
  for (let i = 0; i < chunks.length - 1; i++) {
    at += chunks[i]!.length;
    cuts.push(at);
  }
  return cuts;
}

/** Concatenate chunks. */
export function concatBytes(chunks: readonly Uint8Array[]): Uint8Array {
  let n = 0;
  for (const c of chunks) n += c.length;
  const out = new Uint8Array(n);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

const SHOWN_BYTES = 24;

/** One chunk as Python's bytes repr, long ones cut: b'\x00\x00\x00\x05hel'…(+37 bytes). */
export function describeChunk(chunk: Uint8Array): string {
  if (chunk.length <= SHOWN_BYTES) return reprBytes(chunk);
  return `${reprBytes(chunk.subarray(0, SHOWN_BYTES))}…(+${chunk.length - SHOWN_BYTES} bytes)`;
}

/** "2 reads [3, 9 bytes]: b'\x00\x00\x00' | b'\x05hello\x00\x00\x00'" */
export function describeChunking(c: Chunking): string {
  const n = c.chunks.length;
  return `${n} read${n === 1 ? '' : 's'} [${c.chunks.map((x) => x.length).join(', ')} bytes]: ${c.chunks.map(describeChunk).join(' | ')}`;
}

/** A Chunking that fast-check prints legibly in a counterexample. */
export function makeChunking(bytes: Uint8Array, cuts: readonly number[]): Chunking {
  const value: Chunking = { chunks: splitAt(bytes, cuts), cuts };
  Object.defineProperty(value, fc.toStringMethod, { value: () => `Chunking(${describeChunking(value)})`, enumerable: false });
  return value;
}
