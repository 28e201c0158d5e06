/**
 * show's warm-up (src/show/warm-up.ts): its made-up frames reach the values its comment
 * names (else it warms nothing), and running it changes nothing a capture shows.
 */
import { describe, expect, it } from 'vitest';
import { readCapture } from '../../src/capture/index.ts';
import { Dissector, type Dissected } from '../../src/show/dissect.ts';
import { showEntries } from '../../src/show/show.ts';
import { A_ACK_LOST_PACKET, A_RETRANSMISSION } from '../../src/show/tcp-analysis.ts';
import { warmUp, warmUpRecords } from '../../src/show/warm-up.ts';
import { LINKTYPE_ETHERNET, LINKTYPE_LINUX_SLL } from '../../src/stack/wire/frame.ts';
import { MAC1, MAC2, synOpts, tcpFrame, tsOpt, writeCapture, type L2 } from './build.ts';
import { readFileSync } from 'node:fs';

const TWO_31 = 2 ** 31;

function dissected(linkType: number): Dissected[] {
  const d = new Dissector();
  return warmUpRecords(linkType).map((r) => d.next(r));
}

describe('warm-up frames', () => {
  for (const linkType of [LINKTYPE_LINUX_SLL, LINKTYPE_ETHERNET]) {
    it(`on link type ${linkType}: TCP all through, times and relative numbers past 2^31, a port used again, a late retransmission, an ACK of unseen data`, () => {
      const fs = dissected(linkType);
      expect(fs.every((f) => f.tcp !== undefined && f.view.error === undefined)).toBe(true);
      const tcp = fs.map((f) => f.tcp!);
      // two conversations, the ports' second use found as the first one (tshark's one pass)
      expect(new Set(tcp.map((t) => t.stream))).toEqual(new Set([0, 1]));
      expect(tcp.filter((t) => t.stream === 0).length).toBeGreaterThan(tcp.filter((t) => t.stream === 1).length + 5);
      expect(Math.max(...tcp.map((t) => t.sinceFirstNs))).toBeGreaterThan(TWO_31);
      expect(Math.max(...tcp.map((t) => t.relSeq))).toBeGreaterThanOrEqual(TWO_31);
      expect(Math.max(...tcp.map((t) => t.relAck))).toBeGreaterThanOrEqual(TWO_31);
      expect(tcp.some((t) => t.flags & A_RETRANSMISSION && t.rtoNs > TWO_31)).toBe(true);
      expect(tcp.some((t) => t.flags & A_ACK_LOST_PACKET)).toBe(true);
      // sequence numbers on the wire on both sides of 2^31
      const seqs = fs.map((f) => f.view.tcp!.seq);
      expect(seqs.some((s) => s >= TWO_31) && seqs.some((s) => s < TWO_31)).toBe(true);
    });
  }

  it('changes nothing a capture shows', () => {
    const toS: L2 = { link: 'sll', srcMac: MAC2, dstMac: MAC1, pkttype: 0 };
    const toC: L2 = { link: 'sll', srcMac: MAC1, dstMac: MAC2, pkttype: 4 };
    const C = { src: '192.0.2.1', dst: '192.0.2.2' };
    const S = { src: '192.0.2.2', dst: '192.0.2.1' };
    // the warm-up's own addresses and ports: a shared table would show here as other stream numbers or analysis
    const path = writeCapture('warm-up.pcap', 'sll', [
      { t: 0, frame: tcpFrame(toS, C, { srcPort: 40000, dstPort: 10000, seq: 5, flags: 0x02, options: synOpts(1, 0, 7) }) },
      { t: 1000, frame: tcpFrame(toC, S, { srcPort: 10000, dstPort: 40000, seq: 9, ack: 6, flags: 0x12, options: synOpts(2, 1, 7) }) },
      { t: 2000, frame: tcpFrame(toS, C, { srcPort: 40000, dstPort: 10000, seq: 6, ack: 10, flags: 0x10, options: tsOpt(1, 2) }) },
    ]);
    const show = (): string => {
      let out = '';
      showEntries(readCapture(new Uint8Array(readFileSync(path)), path), {}, (s) => (out += s), () => {});
      return out;
    };
    const before = show();
    warmUp();
    expect(show()).toBe(before);
    expect(before).toContain('40000 → 10000 [ACK] Seq=1 Ack=1 Win=');
  });
});
