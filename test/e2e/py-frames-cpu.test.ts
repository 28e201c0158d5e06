/**
 * Issue 17's course-style exchanges recorded in the namespace lab (test/fixtures/real/py, Linux
 * 6.18) with the `python3` CPU profile on: the asyncio echo, the three-line `makefile` exchange
 * and the HTTP/1.0 exchange (busy_server.py) give the recording's frames on every captured
 * machine, the order of FINs and ACKs included, and the programs print the recording's lines.
 *
 * The link is calibrated to the hop a frame sent from softirq takes on the lab's veth pair and
 * bridge (test/helpers/veth.ts: ~3 µs, from test/fixtures/real/ping/pair). What the HTTP/1.0
 * exchange needs is the client's ACK of the answer (sent from softirq) back before the server's
 * close(): on Linux the server's send call itself runs the peer's softirq (the profile's cost
 * after sendto).
 */
import { describe, expect, it } from 'vitest';
import { onLab, runPy } from '../pybridge/run-world.ts';
import { REAL_TASKS } from '../pybridge/real-tasks.ts';
import { recorded, simulated } from '../pybridge/real-compare.ts';
import { chainHopNs, softirqHopNs } from '../helpers/veth.ts';
import { VETH_HOP } from '../../src/sim/link.ts';
import { parseRunArgs } from '../../src/cli/run-args.ts';
import { BUSY_QUANTUM } from '../../src/stack/syscall/blocking.ts';

const run = (name: string, cpu: string | undefined, latency: number | undefined) => {
  const task = REAL_TASKS.find((t) => t.name === name)!;
  const base = { ...onLab(`real-${name}`, [...task.captureOn]), kernel: 'linux-6.18', ...(cpu ? { cpu } : {}), ...(latency ? { links: { progjar: { latency } } } : {}) };
  return runPy(base, task.entries(), 1).then((r) => ({ task, ours: simulated(r, task.captureOn), lastAt: r.run.result.transcript.at(-1)!.at }));
};

describe('course-style exchanges with --cpu python3 and calibrated links = the namespace lab on Linux 6.18', () => {
  const hop = softirqHopNs();

  it('the calibrated hop reads as a few µs from the recordings, and `--links veth` is that hop', () => {
    expect(hop).toBeGreaterThan(1_000);
    expect(hop).toBeLessThan(10_000);
    expect(VETH_HOP.latency).toBe(hop);
    // a hop inside a softirq chain runs hot: the traced idle uploads' median (sim/softirq-chain.ts)
    expect(VETH_HOP.chainLatency).toBe(chainHopNs());
    expect(chainHopNs()).toBeLessThan(hop);
    expect(parseRunArgs(['echo', '--links', 'veth']).valueOf()).toMatchObject({ links: 'veth' });
    expect(() => parseRunArgs(['echo', '--links', 'fast'])).toThrow(/--links takes one of lab, veth, not "fast"/);
  });

  for (const name of ['asyncio', 'lines', 'busy']) {
    it(`${name}: the same frames on every captured machine and the same output lines`, async () => {
      const { task, ours, lastAt } = await run(name, 'python3', hop);
      const real = recorded(task.name, task.captureOn);
      for (const m of task.captureOn) expect(ours.frames[m], `frames on ${m}`).toEqual(real.frames[m]);
      expect(ours.lines).toEqual(real.lines);
      // the profile is on: the programs end later than without it. busy's non-blocking loop
      // sees the request at the end of a busy quantum with or without a profile (the bridge
      // moves a spinning program's clock BUSY_QUANTUM at a time, its polls costing their time
      // with one), so the two runs end within a quantum of each other, either first
      const without = (await run(name, undefined, hop)).lastAt;
      if (name === 'busy') expect(Math.abs(lastAt - without)).toBeLessThan(BUSY_QUANTUM + 200_000);
      else expect(lastAt).toBeGreaterThan(without);
    }, 120_000);
  }

  it('busy without the profile: the server\'s FIN leaves before the client\'s ACK of the answer, which no recording shows', async () => {
    const { task, ours } = await run('busy', undefined, hop);
    expect(ours.frames.mesin1).not.toEqual(recorded(task.name, task.captureOn).frames.mesin1);
  }, 120_000);
});
