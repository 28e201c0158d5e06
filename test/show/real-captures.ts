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

/**
 * Frames of protocols labwire does not dissect, left out by a display filter on both sides:
 * the IGMPv3 membership report Linux sends when an interface comes up (synack-retries, two
 * of the ping pair's runs, two of the bulk-cwnd runs).
 */
export const ONLY: Readonly<Record<string, string>> = {
  'synack-retries/mesin1-eth1.pcap': 'tcp || arp',
  'bulk-cwnd/run1.mesin1-eth1.pcap': 'tcp || arp',
  'bulk-cwnd/run2.mesin1-eth1.pcap': 'tcp || arp',
  ...Object.fromEntries(['run2.mesin1', 'run2.mesin2', 'run5.mesin1', 'run5.mesin2'].map((r) => [`ping/pair/${r}-eth1.pcap`, 'icmp || arp'])),
};
