/**
 * Types that cross layers at the bottom of the stack: what getsockopt(TCP_INFO) fills, what
 * a socket row of `ss` shows, and the socket options the TCP layer itself keeps.
 */

/** struct tcp_info: the fields tools and packetdrill read (include/uapi/linux/tcp.h names) */
export interface TcpInfo {
  readonly tcpi_state: number;
  readonly tcpi_ca_state: number;
  readonly tcpi_retransmits: number;
  readonly tcpi_probes: number;
  readonly tcpi_backoff: number;
  readonly tcpi_options: number;
  readonly tcpi_snd_wscale: number;
  readonly tcpi_rcv_wscale: number;
  readonly tcpi_rto: number;
  readonly tcpi_ato: number;
  readonly tcpi_snd_mss: number;
  readonly tcpi_rcv_mss: number;
  readonly tcpi_unacked: number;
  readonly tcpi_sacked: number;
  readonly tcpi_lost: number;
  readonly tcpi_retrans: number;
  readonly tcpi_last_data_sent: number;
  readonly tcpi_last_data_recv: number;
  readonly tcpi_last_ack_recv: number;
  readonly tcpi_pmtu: number;
  readonly tcpi_rcv_ssthresh: number;
  readonly tcpi_rtt: number;
  readonly tcpi_rttvar: number;
  readonly tcpi_snd_ssthresh: number;
  readonly tcpi_snd_cwnd: number;
  readonly tcpi_advmss: number;
  readonly tcpi_reordering: number;
  readonly tcpi_rcv_rtt: number;
  readonly tcpi_rcv_space: number;
  readonly tcpi_total_retrans: number;
  readonly tcpi_bytes_acked: number;
  readonly tcpi_bytes_received: number;
  readonly tcpi_segs_out: number;
  readonly tcpi_segs_in: number;
  readonly tcpi_notsent_bytes: number;
  readonly tcpi_min_rtt: number;
  readonly tcpi_data_segs_in: number;
  readonly tcpi_data_segs_out: number;
  readonly tcpi_delivered: number;
  readonly tcpi_bytes_sent: number;
  readonly tcpi_bytes_retrans: number;
  readonly tcpi_rcv_wnd: number;
  readonly tcpi_snd_wnd: number;
  /** µs sending, and of that held by the peer's window or the send buffer (the sender's chronograph) */
  readonly tcpi_busy_time: number;
  readonly tcpi_rwnd_limited: number;
  readonly tcpi_sndbuf_limited: number;
  readonly tcpi_dsack_dups: number;
  readonly tcpi_reord_seen: number;
  /** sizeof(struct tcp_info) on the socket's kernel: how many bytes getsockopt copies at most */
  readonly structSize?: number;
}

export type TcpSockOpt =
  | 'SO_REUSEADDR' | 'TCP_NODELAY' | 'SO_SNDBUF' | 'SO_RCVBUF' | 'SO_KEEPALIVE' | 'SO_OOBINLINE'
  | 'TCP_CORK' | 'TCP_MAXSEG' | 'TCP_NOTSENT_LOWAT' | 'TCP_USER_TIMEOUT' | 'IP_MTU_DISCOVER'
  /** IP_TTL's value: −1 while unset (ip-header-opts.ts) */
  | 'IP_TTL' | 'IP_TOS'
  /** its value: an index into the congestion controls labwire has (tcp/cong.ts CONGESTION_CONTROLS) */
  | 'TCP_CONGESTION';

/** One row of `ss -tn`: what the stall report prints. */
export interface TcpSocketRow {
  readonly id: number;
  readonly state: string;
  readonly recvQ: number;
  readonly sendQ: number;
  readonly local: string;
  readonly peer: string;
}
