/**
 * The captures every lab scenario writes (scenarios/*.ts, run in memory here, once each):
 * show prints what tshark -r prints for each, and for the scenarios named in VERBOSE the
 * whole details pane matches tshark -V too. The one tshark suite over the lab's scenarios.
 */
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runScenario } from '../../src/sim/run-scenario.ts';
import type { ScenarioSpec } from '../../src/sim/scenario.ts';
import { hasTshark } from '../helpers/tshark.ts';
import { show, tempDir, tshark } from './helpers.ts';

const SCENARIOS = join(import.meta.dirname, '../../scenarios');
/** echo-20mb's capture is echo-2mb's with a longer stall: left out for time */
const LEFT_OUT = new Set(['echo-20mb']);
const NAMES = readdirSync(SCENARIOS)
  .filter((f) => f.endsWith('.ts'))
  .map((f) => f.slice(0, -'.ts'.length))
  .filter((n) => !LEFT_OUT.has(n))
  .sort();
/** DNS on SLL v1, ICMP and ARP, TCP, and a pcapng file: -V compared as well */
const VERBOSE = new Set(['socket-info', 'ping', 'echo', 'echo-two-clients']);
/** written as pcapng (interface blocks, per-interface link types); the rest as nanosecond pcap */
const PCAPNG = new Set(['echo-two-clients']);

async function captures(name: string): Promise<string[]> {
  const mod = (await import(`../../scenarios/${name}.ts`)) as { default: ScenarioSpec };
  const pcapng = PCAPNG.has(name);
  const run = await runScenario(mod.default, { format: pcapng ? 'pcapng' : 'pcap-ns' });
  return run.captures.map((c) => {
    const path = join(tempDir(), `${name}.${c.host}-${c.iface}.${pcapng ? 'pcapng' : 'pcap'}`);
    writeFileSync(path, c.bytes!);
    return path;
  });
}

describe.skipIf(!hasTshark())('show on the lab scenarios\' captures', () => {
  it('covers the scenarios folder', () => {
    expect(NAMES).toEqual(expect.arrayContaining(['ping', 'echo', 'socket-info', 'echo-two-clients']));
  });

  it.each(NAMES)('%s: every capture line for line as tshark -r (and -V byte for byte where listed)', async (name) => {
    const paths = await captures(name);
    expect(paths.length).toBeGreaterThan(0);
    for (const path of paths) {
      const r = await show(path);
      expect(r.status).toBe(0);
      expect(r.out).toBe(tshark(path));
      if (VERBOSE.has(name)) expect((await show(path, { verbose: true })).out).toBe(tshark(path, '-V'));
    }
  });
});
