/**
 * The captures the lab's scenarios write (scenarios/*.ts, run in memory here): show prints
 * what tshark prints for each, and for the DNS lab (socket-info, SLL v1 on `any`) the whole
 * details pane matches tshark -V.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runScenario } from '../../src/sim/run-scenario.ts';
import type { ScenarioSpec } from '../../src/sim/scenario.ts';
import { hasTshark, noteTsharkSkipped } from '../helpers/tshark.ts';
import { show, tempDir, tshark } from './helpers.ts';

noteTsharkSkipped();

const NAMES = ['ping', 'echo', 'echo-32444', 'echo-two-clients', 'socket-info', 'socket-info-typo', 'connect-refused', 'echo-2mb'];

async function captures(name: string): Promise<string[]> {
  const mod = (await import(`../../scenarios/${name}.ts`)) as { default: ScenarioSpec };
  const run = await runScenario(mod.default, { format: name === 'echo-two-clients' ? 'pcapng' : 'pcap-ns' });
  return run.captures.map((c) => {
    const path = join(tempDir(), `${name}.${c.host}-${c.iface}.${name === 'echo-two-clients' ? 'pcapng' : 'pcap'}`);
    writeFileSync(path, c.bytes!);
    return path;
  });
}

describe.skipIf(!hasTshark())('show on the lab scenarios\' captures', () => {
  it.each(NAMES)('%s: every capture line for line as tshark -r', async (name) => {
    for (const path of await captures(name)) {
      const r = await show(path);
      expect(r.status).toBe(0);
      expect(r.out).toBe(tshark(path));
    }
  });

  it.each(['socket-info', 'ping', 'echo', 'echo-two-clients'])('%s: -V matches tshark -V byte for byte', async (name) => {
    for (const path of await captures(name)) {
      const r = await show(path, { verbose: true });
      expect(r.out).toBe(tshark(path, '-V'));
    }
  });
});
