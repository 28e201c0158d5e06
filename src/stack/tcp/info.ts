/**
 * getsockopt(TCP_INFO): struct tcp_info filled from a socket as tcp_get_info()
 * (net/ipv4/tcp.c) fills it. Times are in microseconds, windows in bytes, cwnd and
 * ssthresh in segments; fields labwire does not track are 0, as on a socket that never
 * saw the event they count.
 */
import type { Nanos } from '../nanos.ts';
import type { TcpInfo } from '../abi/types.ts';
import type { Sock } from './sock.ts';
import type { TcpState } from './tcb.ts';
import { caState, sackedPackets } from './output.ts';
import { chronoStats } from './chrono.ts';
import { TCP_ECN_OK, TCP_ECN_SEEN } from './linux.ts';

/** include/net/tcp_states.h */
const LINUX_STATE: Readonly<Record<TcpState, number>> = {
  ESTABLISHED: 1, 'SYN-SENT': 2, 'SYN-RECEIVED': 3, 'FIN-WAIT-1': 4, 'FIN-WAIT-2': 5, 'TIME-WAIT': 6,
  CLOSED: 7, 'CLOSE-WAIT': 8, 'LAST-ACK': 9, LISTEN: 10, CLOSING: 11,
};
const TCPI_OPT_TIMESTAMPS = 1;
const TCPI_OPT_SACK = 2;
const TCPI_OPT_WSCALE = 4;
/** ECN was agreed (tcp_ecn_mode_any) and an ECT or CE codepoint seen on arriving data (TCP_ECN_SEEN) */
const TCPI_OPT_ECN = 8;
const TCPI_OPT_ECN_SEEN = 16;

const us = (ns: Nanos): number => Math.floor(ns / 1000);
const ms = (ns: Nanos): number => Math.floor(ns / 1e6);

/**
 * tcp_snd_una_update adds every advance of SND.UNA: a connect()ed socket's SYN counts once the
 * SYN/ACK acknowledges it; an accepted child starts with SND.UNA past its SYN/ACK
 * (tcp_create_openreq_child), so it never counts that one.
 */
function bytesAcked(s: Sock): number {
  const t = s.conn.tcb;
  if (t.sndUna === t.iss) return 0;
  return (t.sndUna - t.iss - (s.activeOpen ? 0 : 1)) >>> 0;
}

export function tcpInfo(s: Sock, now: Nanos): TcpInfo {
  const t = s.conn.tcb;
  const state = LINUX_STATE[t.state];
  const unacked = s.kind === 'listen' ? s.acceptQueue.length : Math.ceil(((t.sndNxt - t.sndUna) | 0) / Math.max(1, t.mss));
  const options = (t.tsOk ? TCPI_OPT_TIMESTAMPS : 0) | (t.sackOk ? TCPI_OPT_SACK : 0) | (t.wsOk ? TCPI_OPT_WSCALE : 0) |
    (t.ecnFlags & TCP_ECN_OK ? TCPI_OPT_ECN : 0) | (t.ecnFlags & TCP_ECN_SEEN ? TCPI_OPT_ECN_SEEN : 0);
  const chrono = chronoStats(t, now, s.conn.cfg.hz);
  const notsent = Math.max(0, ((s.conn.snd.baseSeq + s.conn.snd.length - t.sndNxt) | 0));
  return {
    tcpi_state: state, tcpi_ca_state: caState(s.conn, t), tcpi_retransmits: t.backoff, tcpi_probes: t.probes,
    tcpi_backoff: t.backoff, tcpi_options: options,
    tcpi_snd_wscale: t.wsOk ? t.sndWscale : 0, tcpi_rcv_wscale: t.wsOk ? t.rcvWscale : 0,
    tcpi_rto: us(t.rto), tcpi_ato: us(t.ato), tcpi_snd_mss: t.mss, tcpi_rcv_mss: t.rcvMss,
    tcpi_unacked: unacked, tcpi_sacked: s.kind === 'conn' ? sackedPackets(s.conn, t, t.mss) : 0, tcpi_lost: s.kind === 'conn' ? s.conn.sent.lostOut : 0, tcpi_retrans: s.kind === 'conn' ? s.conn.sent.retransOut : 0,
    tcpi_last_data_sent: ms(now - t.lsndtime), tcpi_last_data_recv: ms(now - t.lrcvtime), tcpi_last_ack_recv: ms(now - t.lrcvtime),
    tcpi_pmtu: t.pmtu, tcpi_rcv_ssthresh: t.rcvSsthresh,
    tcpi_rtt: us(t.srtt), tcpi_rttvar: us(t.rttvar), tcpi_snd_ssthresh: t.ssthresh, tcpi_snd_cwnd: t.cwnd,
    tcpi_advmss: t.advmss, tcpi_reordering: t.reordering, tcpi_rcv_rtt: t.rcvRttUs8 >> 3, tcpi_rcv_space: t.rcvSpace,
    tcpi_total_retrans: t.totalRetrans, tcpi_bytes_acked: bytesAcked(s), tcpi_bytes_received: (t.rcvNxt - t.irs - 1) >>> 0,
    tcpi_segs_out: t.segsOut, tcpi_segs_in: t.segsIn, tcpi_notsent_bytes: notsent, tcpi_min_rtt: us(t.minRtt),
    tcpi_data_segs_in: t.dataSegsIn, tcpi_data_segs_out: t.dataSegsOut, tcpi_delivered: t.delivered, tcpi_bytes_sent: (t.sndNxt - t.iss - 1) >>> 0,
    tcpi_bytes_retrans: t.bytesRetrans, tcpi_rcv_wnd: t.rcvWnd, tcpi_snd_wnd: t.sndWnd,
    tcpi_busy_time: chrono.busyUs, tcpi_rwnd_limited: chrono.rwndLimitedUs, tcpi_sndbuf_limited: chrono.sndbufLimitedUs,
    tcpi_dsack_dups: t.dsackDups, tcpi_reord_seen: t.reordSeen,
  };
}
