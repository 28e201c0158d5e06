/** What the netem e2e tests share: one netem line per fault kind, and the lab echo of a big message. */
import { defineScenario, type ScenarioSpec } from '../../../src/sim/scenario.ts';
import { progjar } from '../../../scenarios/progjar/lab.ts';
import { echoClient, echoServer } from '../../../src/programs/progjar/echo.ts';
import { bigMessage } from '../../../scenarios/echo-2mb.ts';

/** The lab's echo of `bytes` (no per-chunk log), mesin2 → mesin1, or on mesin1 over loopback. */
export function bigEcho(bytes: number, where: 'machines' | 'loopback', extra: Partial<ScenarioSpec> = {}): ScenarioSpec {
  const client = where === 'machines' ? { on: 'mesin2', server: '172.16.16.101' } : { on: 'mesin1', server: '127.0.0.1' };
  return defineScenario({
    name: `echo-${where}`,
    summary: `the lab echo of ${bytes} bytes`,
    lab: progjar,
    programs: [
      { on: 'mesin1', name: 'server.py', daemon: true, run: echoServer({ port: 10000 }) },
      { on: client.on, name: 'client.py', at: '1s', run: echoClient({ server: client.server, port: 10000, message: bigMessage(bytes), logChunks: false }) },
    ],
    captures: [where === 'machines' ? { on: 'mesin2', iface: 'eth1' } : { on: 'mesin1', iface: 'any' }],
    ...extra,
  });
}

/** One netem line per fault kind, strong enough to bite a short TCP exchange. */
export const FAULT_KINDS: readonly string[] = [
  'delay 30ms 20ms',
  'delay 30ms 20ms 50% distribution normal',
  'delay 10ms 10ms distribution paretonormal',
  'loss 30%',
  'loss gemodel 20% 30% 90% 5%',
  'loss state 20% 50%',
  'duplicate 40%',
  'corrupt 30%',
  'delay 20ms reorder 40% gap 2',
  'rate 20kbit',
  'slot 5ms 20ms packets 2',
  'delay 5ms limit 2',
];
