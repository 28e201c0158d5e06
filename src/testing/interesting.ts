/**
 * The places where framing code breaks, as cut offsets into a stream: inside a length
 * prefix, inside a multi-byte UTF-8 character, exactly at a message boundary, one byte
 * either side of it. Each list is sorted, unique and inside 1..length-1.
 */
import type { StreamLayout } from './stream.ts';

export interface InterestingCuts {
  readonly boundaries: readonly number[];
  /** one byte either side of a boundary */
  readonly nearBoundaries: readonly number[];
  /** after the first byte of a message's prefix and before its last */
  readonly insidePrefix: readonly number[];
  /** before a UTF-8 continuation byte: the cut splits a character */
  readonly insideUtf8: readonly number[];
  /** the middle of each message: reads that span two messages when every cut is a middle */
  readonly middles: readonly number[];
}

function clean(n: number, xs: Iterable<number>): number[] {
  return [...new Set(xs)].filter((x) => x > 0 && x < n).sort((a, b) => a - b);
}

export function findInterestingCuts(s: StreamLayout, prefixLength: number): InterestingCuts {
  const n = s.bytes.length;
  const near: number[] = [];
  for (const b of s.boundaries) near.push(b - 1, b + 1);
  const prefix: number[] = [];
  for (const st of s.starts) for (let k = 1; k < prefixLength; k++) prefix.push(st + k);
  const utf8: number[] = [];
  for (let i = 1; i < n; i++) if ((s.bytes[i]! & 0xc0) === 0x80 && s.bytes[i - 1]! >= 0x80) utf8.push(i);
  const ends = [...s.boundaries, n];
  const middles = s.starts.map((st, i) => st + Math.floor((ends[i]! - st) / 2));
  return {
    boundaries: clean(n, s.boundaries),
    nearBoundaries: clean(n, near),
    insidePrefix: clean(n, prefix),
    insideUtf8: clean(n, utf8),
    middles: clean(n, middles),
  };
}
