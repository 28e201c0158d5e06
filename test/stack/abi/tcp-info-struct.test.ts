/**
 * struct tcp_info's bytes against include/uapi/linux/tcp.h's offsets (x86-64), as a Python
 * program unpacks them: `struct.unpack_from('II', info, 76)` for ssthresh and cwnd, `'Q'` at
 * 120 for bytes_acked. Offsets checked with offsetof() against Linux 6.1's header and the length
 * against getsockopt(TCP_INFO, 512) on 6.18 (280).
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { tcpInfoBytes, TCP_INFO_SIZE_5_15, TCP_INFO_SIZE_6_18 } from '../../../src/stack/abi/tcp-info-struct.ts';
import type { TcpInfo } from '../../../src/stack/abi/types.ts';

const FIELDS = [
  'tcpi_state', 'tcpi_ca_state', 'tcpi_retransmits', 'tcpi_probes', 'tcpi_backoff', 'tcpi_options', 'tcpi_snd_wscale', 'tcpi_rcv_wscale',
  'tcpi_rto', 'tcpi_ato', 'tcpi_snd_mss', 'tcpi_rcv_mss', 'tcpi_unacked', 'tcpi_sacked', 'tcpi_lost', 'tcpi_retrans',
  'tcpi_last_data_sent', 'tcpi_last_data_recv', 'tcpi_last_ack_recv', 'tcpi_pmtu', 'tcpi_rcv_ssthresh', 'tcpi_rtt', 'tcpi_rttvar',
  'tcpi_snd_ssthresh', 'tcpi_snd_cwnd', 'tcpi_advmss', 'tcpi_reordering', 'tcpi_rcv_rtt', 'tcpi_rcv_space', 'tcpi_total_retrans',
  'tcpi_bytes_acked', 'tcpi_bytes_received', 'tcpi_segs_out', 'tcpi_segs_in', 'tcpi_notsent_bytes', 'tcpi_min_rtt',
  'tcpi_data_segs_in', 'tcpi_data_segs_out', 'tcpi_delivered', 'tcpi_bytes_sent', 'tcpi_bytes_retrans', 'tcpi_rcv_wnd', 'tcpi_snd_wnd',
  'tcpi_busy_time', 'tcpi_rwnd_limited', 'tcpi_sndbuf_limited', 'tcpi_dsack_dups', 'tcpi_reord_seen',
] as const;

/** every field a different value, small enough for its C type */
function sample(seed: number): TcpInfo {
  const o: Record<string, number> = {};
  FIELDS.forEach((f, i) => {
    o[f] = i < 6 ? (seed + i) & 0xff : i < 8 ? (seed + i) & 0xf : (seed * 7919 + i * 104729) >>> 0;
  });
  return o as unknown as TcpInfo;
}

describe('getsockopt(TCP_INFO) bytes', () => {
  it('puts each field where a C program reads it (uapi offsets), the window scales in one byte', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 1e6 }), (seed) => {
      const info = sample(seed);
      const b = tcpInfoBytes(info, 512, TCP_INFO_SIZE_6_18);
      const v = new DataView(b.buffer, b.byteOffset, b.byteLength);
      expect(b.length).toBe(280);
      expect([v.getUint8(0), v.getUint8(1), v.getUint8(5)]).toEqual([info.tcpi_state, info.tcpi_ca_state, info.tcpi_options]);
      expect(v.getUint8(6)).toBe(info.tcpi_snd_wscale | (info.tcpi_rcv_wscale << 4));
      expect(v.getUint32(8, true)).toBe(info.tcpi_rto);
      expect(v.getUint32(24, true)).toBe(info.tcpi_unacked);
      expect(v.getUint32(68, true)).toBe(info.tcpi_rtt);
      expect(v.getUint32(76, true)).toBe(info.tcpi_snd_ssthresh);
      expect(v.getUint32(80, true)).toBe(info.tcpi_snd_cwnd);
      expect(v.getBigUint64(120, true)).toBe(BigInt(info.tcpi_bytes_acked));
      expect(v.getUint32(144, true)).toBe(info.tcpi_notsent_bytes);
      expect(v.getBigUint64(200, true)).toBe(BigInt(info.tcpi_bytes_sent));
      expect(v.getUint32(228, true)).toBe(info.tcpi_snd_wnd);
      expect(v.getUint32(232, true)).toBe(info.tcpi_rcv_wnd);
      expect(v.getBigUint64(168, true)).toBe(BigInt(info.tcpi_busy_time));
      expect(v.getBigUint64(176, true)).toBe(BigInt(info.tcpi_rwnd_limited));
      expect(v.getBigUint64(184, true)).toBe(BigInt(info.tcpi_sndbuf_limited));
      expect(v.getUint32(216, true)).toBe(info.tcpi_dsack_dups);
      expect(v.getUint32(220, true)).toBe(info.tcpi_reord_seen);
      // pacing rates, delivery rate: not tracked, 0
      expect(v.getBigUint64(104, true)).toBe(0n);
      expect(v.getBigUint64(160, true)).toBe(0n);
    }));
  });

  it('copies min(buflen, sizeof) bytes: 5.15 has no tcpi_rcv_wnd', () => {
    const info = sample(3);
    expect(tcpInfoBytes(info, 104, TCP_INFO_SIZE_6_18)).toHaveLength(104);
    expect(tcpInfoBytes(info, 512, TCP_INFO_SIZE_5_15)).toHaveLength(232);
    expect(tcpInfoBytes(info, 0, TCP_INFO_SIZE_5_15)).toHaveLength(0);
  });
});
