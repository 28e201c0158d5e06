/**
 * The namespace lab's veth hop, read from its recordings: what a scenario's link `latency` is set
 * to when a test compares labwire with test/fixtures/real on µs timescales. The median time of
 * ping's echo replies from mesin2's eth1 to mesin1's in test/fixtures/real/ping/pair (~3 µs): a
 * frame sent from softirq, as ACKs are (a frame sent from a system call waits ~17–21 µs for its
 * softirq there, which the lab's default 20 µs stands for). A veth pair copies memory: no
 * serialisation time (LinkParams.bandwidth Infinity).
 */
import { readFileSync } from 'node:fs';
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

/**
 * ns: a veth hop inside a softirq chain (sim/softirq-chain.ts) — the median time from the
 * reader's window update leaving mesin1's eth1 to the client's socket taking it in softirq on
 * the reader's CPU, in the four traced idle uploads (test/fixtures/real/upload300k-idle/traced,
 * `client took it`, µs). The first ACK of each run is cold (37–52 µs) and left out: a chain
 * during a transfer runs hot.
 */
export function chainHopNs(): number {
  const hops: number[] = [];
  for (const t of [1, 2, 3, 4]) {
    for (const line of readFileSync(realCapturePath(`upload300k-idle/traced/t${t}.chain.txt`), 'utf8').split('\n')) {
      const m = /ACK (cpu\d+) \| client took it \+\s*([\d.]+) (cpu\d+) sirq/.exec(line);
      if (m && m[1] === m[3] && Number(m[2]) < 10) hops.push(Number(m[2]) * 1000);
    }
  }
  hops.sort((a, b) => a - b);
  return hops[hops.length >> 1]!;
}

/** the namespace lab's veth link as a test's scenario writes it (`labwire run --links veth`): the recordings' hops, no serialisation */
export function vethLink(): { latency: number; chainLatency: number; bandwidth: number } {
  return { latency: softirqHopNs(), chainLatency: chainHopNs(), bandwidth: Infinity };
}
