/**
 * The namespace lab's veth hop, read from its recordings: what a scenario's link `latency` is set
 * to when a test compares labwire with test/fixtures/real on µs timescales. The median time of
 * ping's echo replies from mesin2's eth1 to mesin1's in test/fixtures/real/ping/pair (~3 µs): a
 * frame sent from softirq, as ACKs are (a frame sent from a system call waits ~17–21 µs for its
 * softirq there, which the lab's default 20 µs stands for). A veth pair copies memory: no
 * serialisation time (LinkParams.bandwidth Infinity).
 */
import { readCaptureFile } from '../../src/capture/reader.ts';
import { recordTimeNs } from '../../src/capture/record.ts';
import { dissectFrame } from '../../src/stack/wire/frame.ts';
import { realCapturePath } from './codec.ts';

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
export function softirqHopNs(): number {
  const hops: number[] = [];
  for (const r of [1, 2, 3, 4, 5]) {
    const sent = replyTimes(realCapturePath(`ping/pair/run${r}.mesin2-eth1.pcap`));
    const got = replyTimes(realCapturePath(`ping/pair/run${r}.mesin1-eth1.pcap`));
    for (const [seq, t] of sent) if (got.has(seq)) hops.push(Number(got.get(seq)! - t));
  }
  hops.sort((a, b) => a - b);
  return hops[hops.length >> 1]!;
}
