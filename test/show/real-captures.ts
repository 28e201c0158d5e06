/**
 * The real-Linux captures kept in test/fixtures/real (recorded in network namespaces, see its
 * README), for the suites that compare show with tshark on them.
 */
import { readdirSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '../fixtures/real');

function captures(dir: string): string[] {
  let out: string[] = [];
  let names: string[] = [];
  try {
    names = readdirSync(dir);
  } catch {
    return out;
  }
  for (const n of names) {
    const p = join(dir, n);
    if (statSync(p).isDirectory()) out = out.concat(captures(p));
    else if (/\.pcap(ng)?$/.test(n)) out.push(p);
  }
  return out.sort();
}

/** Every capture as [name relative to test/fixtures/real, path]. */
export const REAL_CAPTURES: readonly (readonly [string, string])[] = captures(ROOT).map((p) => [relative(ROOT, p), p] as const);
