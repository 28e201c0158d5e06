/** "Did you mean …?" for names the user typed: the closest known name by edit distance. */

/** Damerau–Levenshtein distance (optimal string alignment): a swap of two letters costs 1. */
export function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0]![j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, d[i - 2]![j - 2]! + 1);
      d[i]![j] = v;
    }
  }
  return d[a.length]![b.length]!;
}

/** `socket_info` and `Socket-Info` are the same name to a user: compare without case and separators. */
const fold = (s: string): string => s.toLowerCase().replace(/[-_.\s]/g, '');

/**
 * The known name closest to `typed`, if it is close enough to be what was meant: equal once
 * case and separators are ignored, or within a third of its length in edits (at least 1, at most 3).
 */
export function closest(typed: string, known: Iterable<string>): string | undefined {
  const t = fold(typed);
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const k of known) {
    const dist = fold(k) === t ? 0 : editDistance(typed.toLowerCase(), k.toLowerCase());
    if (dist < bestDistance) {
      best = k;
      bestDistance = dist;
    }
  }
  const allowed = Math.min(3, Math.max(1, Math.floor(typed.length / 3)));
  return best !== undefined && bestDistance <= allowed ? best : undefined;
}

/** " (did you mean "x"?)" or "". */
export function didYouMean(typed: string, known: Iterable<string>): string {
  const c = closest(typed, known);
  return c === undefined ? '' : ` (did you mean ${JSON.stringify(c)}?)`;
}
