/**
 * Lab ping's first request, which waits for ARP, against the namespace lab (kernel 6.18): ping
 * stamps the time, the kernel creates the neighbour entry and sends the who-has, the is-at
 * releases the queued request. The printed round trip less the who-has → reply span on the
 * pinging machine's eth1 is the sender's path to the who-has; with the `linux-6.18` profile's
 * neighbour-resolution latency labwire's lies within what the recordings show (six fresh first
 * pings: test/fixtures/real/ping run 1 and ping/pair runs 1–5).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import ping from '../../scenarios/ping.ts';
import { defineScenario } from '../../src/sim/scenario.ts';
import { readCaptureFile } from '../../src/capture/reader.ts';
import { recordTimeNs } from '../../src/capture/record.ts';
import { dissectFrame } from '../../src/stack/wire/frame.ts';
import { BROADCAST_MAC } from '../../src/stack/wire/addr.ts';
import { runToFiles, transcriptOf } from '../helpers/scenario.ts';
import { realCapturePath } from '../helpers/codec.ts';
import { printedRtts } from '../helpers/ping-timing.ts';

/** µs from the first broadcast who-has to the first echo reply in an Ethernet capture */
function whoHasToReplyUs(pcap: string): number {
  let whoHas: bigint | undefined;
  for (const e of readCaptureFile(pcap)) {
    if (e.kind !== 'record') continue;
    const f = dissectFrame(e.data, e.linkType);
    const dst = f.link?.kind === 'ethernet' ? f.link.header.dst : undefined;
    if (whoHas === undefined && f.arp?.op === 1 && dst === BROADCAST_MAC) whoHas = recordTimeNs(e);
    if (whoHas !== undefined && f.icmp?.kind === 'echoReply') return Number(recordTimeNs(e) - whoHas) / 1e3;
  }
  throw new Error(`${pcap}: no who-has followed by an echo reply`);
}

/** the sender's path to the who-has, µs: the first printed round trip less the who-has → reply span */
const toWhoHasUs = (out: readonly string[], pcap: string) => printedRtts(out)[0]! * 1e3 - whoHasToReplyUs(pcap);

const recorded = [
  toWhoHasUs(readFileSync(realCapturePath('ping/ping1.txt'), 'utf8').split('\n'), realCapturePath('ping/mesin1-eth1.pcap')),
  ...[1, 2, 3, 4, 5].map((r) => toWhoHasUs(readFileSync(realCapturePath(`ping/pair/run${r}.ping.txt`), 'utf8').split('\n'), realCapturePath(`ping/pair/run${r}.mesin1-eth1.pcap`))),
];

describe('ping\'s first request waits for ARP (kernel profile linux-6.18)', async () => {
  const ours = await Promise.all([1, 2, 3].map(async (seed) => {
    const run = await runToFiles(defineScenario({ ...ping, kernel: 'linux-6.18' }), seed);
    return { toWhoHas: toWhoHasUs(transcriptOf(run, 'mesin1'), run.captures.find((c) => c.iface === 'eth1')!.path!) };
  }));

  it('the recordings give 59–256 µs from ping\'s stamp to the who-has (a resolved request: 23–33 µs to the wire)', () => {
    expect(Math.min(...recorded)).toBeCloseTo(59.1, 0);
    expect(Math.max(...recorded)).toBeCloseTo(255.9, 0);
  });

  it('labwire\'s who-has leaves within the recorded range after the stamp', () => {
    for (const o of ours) {
      expect(o.toWhoHas).toBeGreaterThanOrEqual(Math.min(...recorded));
      expect(o.toWhoHas).toBeLessThanOrEqual(Math.max(...recorded));
    }
  });
});
