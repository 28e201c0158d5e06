/**
 * A GSO packet the device cannot take whole is segmented before the wire (validate_xmit_skb):
 * on loopback (MTU 65536, MSS 65483) tcp_grow_skb and tcp_tso_segs's floor of two segments can
 * ask for two MSS in one skb, more than the device's gso_max_size and than an IPv4 total length
 * holds. The 2 MB echo over 127.0.0.1 shows each frame whole: every IPv4 total length is the
 * frame's own length less the cooked header, and no packet exceeds 65535 bytes.
 */
import { describe, expect, it } from 'vitest';
import echoLocal from '../../scenarios/echo-2mb-local.ts';
import { readPcap } from '../helpers/codec.ts';
import { runToFiles } from '../helpers/scenario.ts';

/** Linux cooked capture (SLL, link type 113): 16 bytes before the IP header */
const SLL_HEADER = 16;
const LINKTYPE_LINUX_SLL = 113;

describe('the 2 MB echo over loopback', async () => {
  const run = await runToFiles(echoLocal, 1);
  const pcap = readPcap(run.captures[0]!.path!);

  it('writes every IPv4 packet whole, none longer than an IPv4 total length can say', () => {
    expect(pcap.linkType).toBe(LINKTYPE_LINUX_SLL);
    expect(pcap.frames.length).toBeGreaterThan(100);
    for (const f of pcap.frames) {
      const ip = f.subarray(SLL_HEADER);
      if (ip[0]! >> 4 !== 4) continue;
      const total = (ip[2]! << 8) | ip[3]!;
      expect(total).toBe(ip.length);
      expect(ip.length).toBeLessThanOrEqual(65535);
    }
  });

});
