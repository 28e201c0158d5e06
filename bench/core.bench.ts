/**
 * The simulation core: raw event-queue throughput with a million pending events, and the
 * whole loop (kernels, links, ARP, ICMP, taps, program resumes) on a ping flood between two
 * lab machines, in simulated events per wall-clock second.
 */
import { performance } from 'node:perf_hooks';
import { EventQueue } from '../src/sim/queue.ts';
import { streamFor } from '../src/sim/rng.ts';
import { runScenario } from '../src/sim/run-scenario.ts';
import { defineScenario } from '../src/sim/scenario.ts';
import { progjar } from '../scenarios/progjar/lab.ts';
import { ping } from '../src/programs/progjar/ping.ts';
import type { BenchResult } from './run.ts';

function queueBench(): BenchResult[] {
  const q = new EventQueue<number>();
  const rng = streamFor(1, 'bench', 'queue');
  const pending = 1_000_000;
  for (let i = 0; i < pending; i++) q.push(rng.int(0, 1e9), i);
  const ops = 2_000_000;
  const t0 = performance.now();
  for (let i = 0; i < ops; i++) {
    const at = q.peekTime();
    q.pop();
    q.push(at + rng.int(1, 1e6), i);
  }
  const secs = (performance.now() - t0) / 1000;
  return [{ name: 'event queue pop+push, 1 M pending', value: ops / secs, unit: 'events/s' }];
}

async function pingFlood(): Promise<BenchResult[]> {
  const count = 20000;
  const sc = defineScenario({
    name: 'bench-ping-flood',
    summary: 'ping -i 0.0001 between mesin1 and mesin2',
    lab: progjar,
    programs: [{ on: 'mesin1', name: 'ping', run: ping({ host: '172.16.16.102', count, interval: 0.0001, linger: 1 }) }],
    captures: [{ on: 'mesin1', iface: 'any' }],
  });
  const t0 = performance.now();
  const run = await runScenario(sc, { seed: 1 });
  const secs = (performance.now() - t0) / 1000;
  return [
    { name: `world loop, ping flood (${count} echoes, any capture in memory)`, value: run.result.events / secs, unit: 'events/s' },
    { name: '  same run, frames captured', value: run.captures[0]!.packets / secs, unit: 'frames/s' },
  ];
}

export default async function bench(): Promise<BenchResult[]> {
  return [...queueBench(), ...(await pingFlood())];
}
