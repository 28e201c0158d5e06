/**
 * Issue 17's course-style exchanges recorded in the namespace lab (test/fixtures/real/py, Linux
 * 6.18) with the `python3` CPU profile on: the asyncio echo, the three-line `makefile` exchange
 * and the HTTP/1.0 exchange (busy_server.py) give the recording's frames on every captured
 * machine, the order of FINs and ACKs included, and the programs print the recording's lines.
 *
 * The link is calibrated to the hop a frame sent from softirq takes on the lab's veth pair and
 * bridge: the median time of ping's echo replies from mesin2's eth1 to mesin1's in
 * test/fixtures/real/ping/pair (~3 µs; a frame sent from a system call waits ~17–21 µs for its
 * softirq there, which the lab's default 20 µs stands for). What the HTTP/1.0 exchange needs is
 * the client's ACK of the answer (sent from softirq) back before the server's close(): on Linux
 * the server's send call itself runs the peer's softirq (the profile's cost after sendto).
 */
import { describe, expect, it } from 'vitest';
import { onLab, runPy } from '../pybridge/run-world.ts';
import { REAL_TASKS } from '../pybridge/real-tasks.ts';
import { recorded, simulated } from '../pybridge/real-compare.ts';
import { realCapturePath } from '../helpers/codec.ts';
import { readCaptureFile } from '../../src/capture/reader.ts';
import { recordTimeNs } from '../../src/capture/record.ts';
import { dissectFrame } from '../../src/stack/wire/frame.ts';

/** capture times (ns) of the echo replies in an Ethernet capture, by ICMP sequence number */
function replyTimes(pcap: string): Map<number, bigint> {
  const out = new Map<number, bigint>();
  for (const e of readCaptureFile(pcap)) {
    if (e.kind !== 'record') continue;
    const icmp = dissectFrame(e.data, e.linkType).icmp;
    if (icmp?.kind === 'echoReply') out.set(icmp.seq, recordTimeNs(e));
  }
  return out;
}

/** ns: the median mesin2 → mesin1 time of the echo replies in the five ping/pair runs */
function softirqHopNs(): number {
  const hops: number[] = [];
  for (const r of [1, 2, 3, 4, 5]) {
    const sent = replyTimes(realCapturePath(`ping/pair/run${r}.mesin2-eth1.pcap`));
    const got = replyTimes(realCapturePath(`ping/pair/run${r}.mesin1-eth1.pcap`));
    for (const [seq, t] of sent) if (got.has(seq)) hops.push(Number(got.get(seq)! - t));
  }
  hops.sort((a, b) => a - b);
  return hops[hops.length >> 1]!;
}

const run = (name: string, cpu: string | undefined, latency: number | undefined) => {
  const task = REAL_TASKS.find((t) => t.name === name)!;
  const base = { ...onLab(`real-${name}`, [...task.captureOn]), kernel: 'linux-6.18', ...(cpu ? { cpu } : {}), ...(latency ? { links: { progjar: { latency } } } : {}) };
  return runPy(base, task.entries(), 1).then((r) => ({ task, ours: simulated(r, task.captureOn), lastAt: r.run.result.transcript.at(-1)!.at }));
};

describe('course-style exchanges with --cpu python3 and calibrated links = the namespace lab on Linux 6.18', () => {
  const hop = softirqHopNs();

  it('the calibrated hop reads as a few µs from the recordings', () => {
    expect(hop).toBeGreaterThan(1_000);
    expect(hop).toBeLessThan(10_000);
  });

  for (const name of ['asyncio', 'lines', 'busy']) {
    it(`${name}: the same frames on every captured machine and the same output lines`, async () => {
      const { task, ours, lastAt } = await run(name, 'python3', hop);
      const real = recorded(task.name, task.captureOn);
      for (const m of task.captureOn) expect(ours.frames[m], `frames on ${m}`).toEqual(real.frames[m]);
      expect(ours.lines).toEqual(real.lines);
      // the profile is on: the programs end later than without it; busy sooner, as without a
      // profile its fruitless non-blocking calls move its clock in BUSY_QUANTUM steps of 1 ms
      // and with one by each call's 1.5 µs, so it sees the request earlier
      const without = (await run(name, undefined, hop)).lastAt;
      if (name === 'busy') expect(lastAt).toBeLessThan(without);
      else expect(lastAt).toBeGreaterThan(without);
    }, 120_000);
  }

  it('busy without the profile: the server\'s FIN leaves before the client\'s ACK of the answer, which no recording shows', async () => {
    const { task, ours } = await run('busy', undefined, hop);
    expect(ours.frames.mesin1).not.toEqual(recorded(task.name, task.captureOn).frames.mesin1);
  }, 120_000);
});
