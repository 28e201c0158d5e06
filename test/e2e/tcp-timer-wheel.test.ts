/**
 * TCP's timers on Linux's jiffy wheel (kernel/time/timer.c): the listener's SYN/ACK
 * retransmissions (tcp_synack_retries, the timeout doubling from 1 s) come late by the wheel's
 * rounding, as on the namespace lab's 6.18 machine (HZ=250, test/fixtures/real/synack-retries:
 * 1.026, 3.042, 7.110, 15.298, 31.430 s after the first): a 1 s or 2 s timeout (250 or 500
 * jiffies) sits on level 1 (8-jiffy = 32 ms buckets), 4, 8 and 16 s on level 2 (256 ms). Here
 * the client is cut off from progjar-network just after its SYN reached mesin1, so no SYN/ACK
 * is answered; with the `linux-6.18` profile each retransmission lies within its bucket's
 * rounding of the exact time, as the recording's do; without a profile HZ they are exact.
 * mesin2 being gone, mesin1's neighbour entry fails after its re-probes (5 s, then three
 * unicast probes a second apart), so the SYN/ACKs after 7 s wait for ARP and never reach the
 * wire: the first three retransmissions (timeouts of 1, 2 and 4 s: levels 1 and 2) are compared.
 */
import { describe, expect, it } from 'vitest';
import { defineScenario, type ScenarioSpec } from '../../src/sim/scenario.ts';
import { progjar } from '../../src/labs/progjar/lab.ts';
import { KERNEL_PROFILES } from '../../src/stack/kernel/profile.ts';
import { readCaptureFile } from '../../src/capture/reader.ts';
import { recordTimeNs } from '../../src/capture/record.ts';
import { dissectFrame } from '../../src/stack/wire/frame.ts';
import { TCP_ACK, TCP_SYN } from '../../src/stack/wire/tcp.ts';
import { runToFiles } from '../helpers/scenario.ts';
import { realCapturePath } from '../helpers/codec.ts';

/** seconds after the first SYN/ACK of each later one in a capture */
function synAckTimes(path: string): number[] {
  const at: bigint[] = [];
  for (const e of readCaptureFile(path)) {
    if (e.kind !== 'record') continue;
    const tcp = dissectFrame(e.data, e.linkType).tcp;
    if (tcp && (tcp.flags & (TCP_SYN | TCP_ACK)) === (TCP_SYN | TCP_ACK)) at.push(recordTimeNs(e));
  }
  return at.slice(1).map((t) => Number(t - at[0]!) / 1e9);
}

const NOMINAL = [1, 3, 7, 15, 31];
/** the level granularity (s) at HZ=250 of the timeout that ends at each retransmission: 1, 2, 4, 8, 16 s */
const BUCKET = [0.032, 0.032, 0.256, 0.256, 0.256];
/** retransmissions on labwire's wire (see above) */
const SEEN = 3;

function unanswered(kernel?: string): ScenarioSpec {
  return defineScenario({
    name: 'synack-unanswered', summary: 'a SYN whose SYN/ACKs go nowhere', lab: progjar, ...(kernel ? { kernel } : {}),
    programs: [
      {
        on: 'mesin1', name: 'server', daemon: true, run: async ({ socket }) => {
          const s = socket.socket(socket.AF_INET, socket.SOCK_STREAM);
          await s.bind(['0.0.0.0', 10000]);
          s.listen(1);
          await s.accept();
        },
      },
      {
        on: 'mesin2', name: 'client', at: '1s', run: async ({ socket }) => {
          const s = socket.socket(socket.AF_INET, socket.SOCK_STREAM);
          s.settimeout(40);
          await s.connect(['172.16.16.101', 10000]).catch(() => undefined);
        },
      },
    ],
    // ARP (40 µs, after the profile's neighbour-resolution latency) and the SYN (on the wire
    // 40 µs after that) get through; the SYN/ACK, 20 µs later, finds mesin2 gone
    events: [{ at: 1e9 + (KERNEL_PROFILES[kernel ?? 'wsl2']!.neighSolicitNs ?? 0) + 50_000, action: 'disconnect', machine: 'mesin2', network: 'progjar' }],
    captures: [{ on: 'mesin1', iface: 'eth1' }],
  });
}

describe('the listener\'s SYN/ACK retransmissions on the timer wheel', async () => {
  const real = synAckTimes(realCapturePath('synack-retries/mesin1-eth1.pcap'));
  const wheel = await Promise.all([1, 2, 3].map(async (seed) => synAckTimes((await runToFiles(unanswered('linux-6.18'), seed)).captures[0]!.path!)));
  const exact = synAckTimes((await runToFiles(unanswered(), 1)).captures[0]!.path!);

  const lateness = (times: number[]) => times.map((t, i) => t - NOMINAL[i]!);

  it('the recording: five retransmissions, each late by less than its level\'s bucket', () => {
    expect(real).toHaveLength(5);
    lateness(real).forEach((l, i) => {
      expect(l).toBeGreaterThan(0);
      expect(l).toBeLessThan(BUCKET[i]! * (i + 1)); // each timeout starts late by the ones before
    });
  });

  it('linux-6.18 (HZ=250): late as the wheel rounds, within a bucket of the recording\'s times', () => {
    for (const ours of wheel) {
      expect(ours).toHaveLength(SEEN);
      const gaps = ours.map((t, i) => t - (i ? ours[i - 1]! : 0));
      gaps.forEach((g, i) => {
        const timeout = NOMINAL[i]! - (i ? NOMINAL[i - 1]! : 0);
        expect(g).toBeGreaterThan(timeout);
        expect(g).toBeLessThanOrEqual(timeout + BUCKET[i]! + 0.004);
      });
      ours.forEach((t, i) => expect(Math.abs(t - real[i]!)).toBeLessThan(BUCKET.slice(0, i + 1).reduce((a, b) => a + b, 0)));
    }
  });

  it('without a profile HZ (wsl2): exactly 1, 3 and 7 s', () => {
    expect(exact.map((t) => Math.round(t * 1e6) / 1e6)).toEqual(NOMINAL.slice(0, SEEN));
  });
});
