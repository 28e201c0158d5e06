/**
 * Every real-Linux capture kept in test/fixtures/real (recorded in network namespaces, see
 * its README): show prints what tshark prints; for the captures taken whole (not cut by a
 * snapshot length), -V matches tshark -V too.
 */
import { readdirSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { hasTshark } from '../helpers/tshark.ts';
import { show, tshark } from './helpers.ts';

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

const ALL = captures(ROOT).map((p) => [relative(ROOT, p), p] as const);
/** headers-only captures (tcpdump -s): tshark's -V adds its "packet size limited" notes there */
const WHOLE = ALL.filter(([name]) => !/^(echo2mb|stall)\//.test(name));

describe.skipIf(!hasTshark())('show on the real-Linux fixture captures', () => {
  it.each(ALL)('%s: packet list line for line', async (_name, path) => {
    const r = await show(path);
    expect(r.status).toBe(0);
    expect(r.out).toBe(tshark(path));
  });

  it.each(WHOLE)('%s: -V byte for byte', async (_name, path) => {
    const r = await show(path, { verbose: true });
    expect(r.out).toBe(tshark(path, '-V'));
  });
});
