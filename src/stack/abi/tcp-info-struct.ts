/**
 * struct tcp_info as getsockopt(IPPROTO_TCP, TCP_INFO, buflen) copies it to a program: the
 * uapi layout of include/uapi/linux/tcp.h (x86-64, little-endian), cut to min(buflen, the
 * kernel's sizeof) as tcp_getsockopt does. A program that reads it with struct.unpack (cwnd at
 * offset 80, bytes_acked at 120 …) sees the values TcpInfo holds; fields labwire does not track
 * (pacing and delivery rates, the AccECN counters) are 0.
 */
import type { TcpInfo } from './types.ts';

/** sizeof(struct tcp_info) by kernel: 5.4–6.1 end at tcpi_snd_wnd; 6.18 adds rcv_wnd … accecn */
export const TCP_INFO_SIZE_5_15 = 232;
export const TCP_INFO_SIZE_6_18 = 280;

type U8Field = 'tcpi_state' | 'tcpi_ca_state' | 'tcpi_retransmits' | 'tcpi_probes' | 'tcpi_backoff' | 'tcpi_options';
type U32Field = Exclude<keyof TcpInfo, 'structSize' | 'tcpi_state' | 'tcpi_ca_state' | 'tcpi_retransmits' | 'tcpi_probes' | 'tcpi_backoff' | 'tcpi_options' | 'tcpi_snd_wscale' | 'tcpi_rcv_wscale' | U64Field>;
type U64Field = 'tcpi_bytes_acked' | 'tcpi_bytes_received' | 'tcpi_bytes_sent' | 'tcpi_bytes_retrans' | 'tcpi_busy_time' | 'tcpi_rwnd_limited' | 'tcpi_sndbuf_limited';

const U8: readonly (readonly [U8Field, number])[] = [
  ['tcpi_state', 0], ['tcpi_ca_state', 1], ['tcpi_retransmits', 2], ['tcpi_probes', 3], ['tcpi_backoff', 4], ['tcpi_options', 5],
];
const U32: readonly (readonly [U32Field, number])[] = [
  ['tcpi_rto', 8], ['tcpi_ato', 12], ['tcpi_snd_mss', 16], ['tcpi_rcv_mss', 20], ['tcpi_unacked', 24], ['tcpi_sacked', 28],
  ['tcpi_lost', 32], ['tcpi_retrans', 36], ['tcpi_last_data_sent', 44], ['tcpi_last_data_recv', 52], ['tcpi_last_ack_recv', 56],
  ['tcpi_pmtu', 60], ['tcpi_rcv_ssthresh', 64], ['tcpi_rtt', 68], ['tcpi_rttvar', 72], ['tcpi_snd_ssthresh', 76],
  ['tcpi_snd_cwnd', 80], ['tcpi_advmss', 84], ['tcpi_reordering', 88], ['tcpi_rcv_rtt', 92], ['tcpi_rcv_space', 96],
  ['tcpi_total_retrans', 100], ['tcpi_segs_out', 136], ['tcpi_segs_in', 140], ['tcpi_notsent_bytes', 144], ['tcpi_min_rtt', 148],
  ['tcpi_data_segs_in', 152], ['tcpi_data_segs_out', 156], ['tcpi_delivered', 192], ['tcpi_dsack_dups', 216], ['tcpi_reord_seen', 220],
  ['tcpi_snd_wnd', 228], ['tcpi_rcv_wnd', 232],
];
const U64: readonly (readonly [U64Field, number])[] = [
  ['tcpi_bytes_acked', 120], ['tcpi_bytes_received', 128], ['tcpi_busy_time', 168], ['tcpi_rwnd_limited', 176],
  ['tcpi_sndbuf_limited', 184], ['tcpi_bytes_sent', 200], ['tcpi_bytes_retrans', 208],
];
/** the byte holding `tcpi_snd_wscale : 4, tcpi_rcv_wscale : 4` (the first bitfield in the low bits) */
const WSCALE_BYTE = 6;

/** The bytes getsockopt gives for a buffer of `buflen` on a kernel whose struct is `size` bytes. */
export function tcpInfoBytes(info: TcpInfo, buflen: number, size: number): Uint8Array {
  const whole = new Uint8Array(size);
  const v = new DataView(whole.buffer);
  for (const [f, at] of U8) v.setUint8(at, info[f] & 0xff);
  v.setUint8(WSCALE_BYTE, (info.tcpi_snd_wscale & 0xf) | ((info.tcpi_rcv_wscale & 0xf) << 4));
  for (const [f, at] of U32) if (at + 4 <= size) v.setUint32(at, info[f] >>> 0, true);
  for (const [f, at] of U64) if (at + 8 <= size) v.setBigUint64(at, BigInt(Math.max(0, Math.floor(info[f]))), true);
  return whole.subarray(0, Math.max(0, Math.min(buflen, size)));
}
