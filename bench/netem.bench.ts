/**
 * The cost of netem and of the CPU model on the bulk transfer (100 MB mesin2 → mesin1,
 * 64 KiB reads, headers-only capture): wall time of the same run with nothing, with a
 * pass-through netem on both machines (every frame through the qdisc, no fault), with
 * `delay 1ms` (the watchdog at work), and with the python3 CPU profile. Best of three each.
 */
import { performance } from 'node:perf_hooks';
import { runScenario } from '../src/sim/run-scenario.ts';
import { defineScenario, type ScenarioSpec } from '../src/sim/scenario.ts';
import { progjar } from '../scenarios/progjar/lab.ts';
import type { BenchResult } from './run.ts';
import { bulkReceiver, bulkSender } from './lib/bulk.ts';

const BYTES = 100 * 1024 * 1024;

function scenario(extra: Partial<ScenarioSpec>): ScenarioSpec {
  const payload = new Uint8Array(BYTES);
  return defineScenario({
    name: 'bench-netem', summary: '100 MB from mesin2 to mesin1', lab: progjar,
    programs: [
      { on: 'mesin1', name: 'receiver', run: bulkReceiver },
      { on: 'mesin2', name: 'sender', at: 1e6, run: bulkSender(payload) },
    ],
    captures: [{ on: 'mesin2', iface: 'eth1' }],
    ...extra,
  });
}

async function bestOf3(extra: Partial<ScenarioSpec>): Promise<{ wall: number; frames: number }> {
  let best = Infinity;
  let frames = 0;
  for (let i = 0; i < 3; i++) {
    const t0 = performance.now();
    const run = await runScenario(scenario(extra), { seed: 1, snaplen: 128 });
    best = Math.min(best, (performance.now() - t0) / 1000);
    frames = run.captures[0]!.packets;
  }
  return { wall: best, frames };
}

export default async function bench(): Promise<BenchResult[]> {
  const both = (line: string) => ({ netem: { 'mesin1:eth1': line, 'mesin2:eth1': line } });
  const base = await bestOf3({});
  const cases: [string, Partial<ScenarioSpec>][] = [
    ['netem pass-through (limit 100000) on both machines', both('limit 100000')],
    ['netem delay 1ms on both machines', both('delay 1ms limit 100000')],
    ['cpu python3', { cpu: 'python3' }],
  ];
  const out: BenchResult[] = [{ name: 'bulk 100 MB, no netem, cpu none: wall', value: base.wall, unit: 's', note: `${base.frames} frames` }];
  for (const [name, extra] of cases) {
    const r = await bestOf3(extra);
    // per captured frame, since a fault can change how many frames the transfer takes
    const ratio = r.wall / r.frames / (base.wall / base.frames);
    out.push({ name: `${name}: wall`, value: r.wall, unit: 's', note: `${r.frames} frames; ${((ratio - 1) * 100).toFixed(1)} % per frame vs none` });
  }
  return out;
}
