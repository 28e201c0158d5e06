import { TCP_INFO_SIZE_6_18 } from '../abi/tcp-info-struct.ts';

/**
 * A kernel profile: the sysctls that differ between machines and show on the wire.
 * The lab ran on WSL2 (tcp_rmem max 6 MiB → window scale 7); the calibration capture in
 * shared/real-captures/ came from a 6.18 kernel with tcp_rmem max 32 MiB (window scale 10).
 */
export interface KernelProfile {
  readonly name: string;
  /** net.ipv4.tcp_rmem: min, default, max (bytes) */
  readonly tcpRmem: readonly [number, number, number];
  /** net.ipv4.tcp_wmem: min, default, max (bytes) */
  readonly tcpWmem: readonly [number, number, number];
  /** net.core.rmem_max / wmem_max: the ceiling for SO_RCVBUF / SO_SNDBUF */
  readonly rmemMax: number;
  readonly wmemMax: number;
  readonly tcpTimestamps: boolean;
  readonly tcpSack: boolean;
  readonly tcpWindowScaling: boolean;
  /** net.ipv4.ip_default_ttl */
  readonly ipDefaultTtl: number;
  /** net.ipv4.ip_local_port_range */
  readonly localPortRange: readonly [number, number];
  /** CONFIG_HZ: jiffy timers round on Linux's timer wheel; unset, timers are exact (labwire's default) */
  readonly hz?: number;
  /**
   * Where the recording machine's timer wheel stood: Unix time modulo 64 jiffies (ns) at which
   * jiffies was a multiple of 64. Unset, the seeded stream places the wheel.
   */
  readonly wheelEdgeNs?: number;
  /**
   * Host latency of neighbour resolution: from a packet's output to its who-has on the wire
   * when resolution starts (neigh_create and arp_solicit on the sender's path), ns; unset, 0.
   */
  readonly neighSolicitNs?: number;
  /** net.ipv4.tcp_congestion_control: 'cubic' (Linux's default, with HyStart) when absent, or 'reno' */
  readonly tcpCongestionControl?: 'cubic' | 'reno';
  /** net.ipv4.tcp_early_retrans: 3 (Linux's default: tail loss probes) when absent; 0 turns them off */
  readonly tcpEarlyRetrans?: number;
  /** net.ipv4.tcp_frto: 2 (Linux's default: F-RTO) when absent; 0 turns it off */
  readonly tcpFrto?: number;
  /** net.ipv4.tcp_syncookies: 1 (Linux's default: cookies when a listener's SYN queue overflows) when absent; 2 always, 0 never */
  readonly tcpSyncookies?: number;
  /** net.ipv4.tcp_ecn: 2 (Linux's default: answer ECN, never ask) when absent; 1 asks on connect, 0 never */
  readonly tcpEcn?: number;
  /**
   * net.ipv4.tcp_recovery: 1 (Linux's default: RACK loss detection) when absent; 0 falls back to
   * the duplicate-ACK threshold and marking from the head (tcp_update_scoreboard)
   */
  readonly tcpRecovery?: number;
  /**
   * RACK loss detection runs whatever net.ipv4.tcp_recovery says (bit 0 off no longer brings back
   * the duplicate-ACK threshold). Measured on the recording machine's 6.18.44 with packetdrill:
   * with tcp_recovery=0, a hole below one SACKed packet was resent on RACK's reordering timer,
   * 32–36 ms after the SACK (test/packetdrill/scripts/tcp-recovery-0.pkt).
   */
  readonly rackAlways?: boolean;
  /** net.ipv4.tcp_slow_start_after_idle: on (Linux's default) when absent */
  readonly tcpSlowStartAfterIdle?: boolean;
  /** net.ipv4.tcp_min_tso_segs: 2 (Linux's default) when absent */
  readonly tcpMinTsoSegs?: number;
  /** net.ipv4.tcp_tso_win_divisor: 3 (Linux's default) when absent; 0 defers up to 3 segments' room */
  readonly tcpTsoWinDivisor?: number;
  /** net.ipv4.tcp_notsent_lowat: 4294967295 (Linux's default: off) when absent */
  readonly tcpNotsentLowat?: number;
  /** sizeof(struct tcp_info), what getsockopt(TCP_INFO) copies at most: 232 (5.15) when absent */
  readonly tcpInfoSize?: number;
  /**
   * What a received skb costs beyond its payload (truesize), which sets scaling_ratio and the
   * receive queue's charge: 'fitted' (absent) is SKB_HEAD_TRUESIZE (944, fitted to the lab);
   * 'sender' is the sender's own skb, SKB_TX_TRUESIZE (832), which a 6.3+ veth hands over;
   * 'tun' is a packet written into a tun device (packetdrill's), copied into a head and pages
   * and never coalesced. tcp/linux.ts and tcp/rcv-skb.ts say why (named here, not numbered:
   * the numbers are TCP's).
   */
  readonly rcvSkbTruesize?: 'fitted' | 'sender' | 'tun';
  /**
   * How the receiver RTT that paces DRS is kept (tcp/rcv-rtt.ts): 'ewma' (absent) as Linux before
   * 6.16 — a timestamp echo that aged 0 ms counts as 1 ms and every sample is averaged in, the
   * window-based sample only lowers it; 'min' as 6.16+ — no 0 ms samples, any smaller sample is
   * taken at once, a larger one only while nothing is queued (d59fc95be9d0, b879dcb1aeec, a00f135cd986).
   */
  readonly rcvRttFilter?: 'ewma' | 'min';
  /**
   * The receiver RTT also from the window (tcp_rcv_rtt_measure: the time a full advertised window
   * took to arrive). Every Linux has it; absent, off: the `wsl2` profile leaves it out because
   * the lab's captures were calibrated without it and no WSL2 (5.15) recording yet shows what it
   * changes — with it, DRS would act within the first millisecond and echo-2mb / echo-20mb's
   * queues would differ (the timestamp sample alone is at least 1 ms before 6.16).
   */
  readonly rcvRttWindowSample?: boolean;
  /**
   * tcp_rcvbuf_grow()'s slow-start term: off (absent) as 6.16–6.17 ("tcp: fix sk_rcvbuf
   * overshoot", 65c5287892e9: a buffer for 2 × what was read in an RTT); on as 6.18 ("tcp: fix
   * too slow tcp_rcvbuf_grow() action", aa251c84636c: plus twice that scaled by its growth).
   */
  readonly rcvbufGrowSlowStart?: boolean;
  /**
   * tcp_write_xmit as Linux 6.10 left it (absent: as before): tcp_grow_skb lets the send head take
   * from the next skb what cwnd allows, and the final FIN has no exception from the cwnd test
   * ("tcp: remove dubious FIN exception from tcp_cwnd_test()"). Both checked on 6.18.44 with
   * packetdrill (test/fixtures/real/packetdrill/FACTS.md).
   */
  readonly tcpWriteXmit610?: boolean;
  /**
   * net.ipv4.tcp_shrink_window (6.5+): off (absent) never shrinks the offered window; on lets a
   * window-scaled connection offer less than before when its buffer fills (tcp_select_window).
   */
  readonly tcpShrinkWindow?: boolean;
  /**
   * net.ipv4.tcp_backlog_ack_defer (6.7+, on by default; absent: off, as before 6.7): an ACK that
   * a segment of the socket's backlog calls for at once is deferred to tcp_release_cb(), so one
   * run of the backlog answers with one ACK ("tcp: defer regular ACK while processing socket
   * backlog", 133c4c0d3717).
   */
  readonly tcpBacklogAckDefer?: boolean;
  /**
   * 6.16+ (and stable backports): the accepting end takes the timestamp option off advmss before
   * tcp_init_transfer(), as the connecting end always did, so its rcvq_space starts at 10 × 1448
   * and its window clamp reserves a 1448-byte segment ("tcp: tcp_rcv_state_process() must tweak
   * tp->advmss for TS enabled flows before the call to tcp_init_transfer()", May 2025). Absent:
   * after it, as before (rcvq_space 10 × 1460).
   */
  readonly tcpPassiveAdvmssFirst?: boolean;
}

/**
 * The lab's machines: Docker containers on a WSL2 kernel (5.15-microsoft-standard).
 * No `hz`, so timers stay exact: Microsoft's own config for that branch says CONFIG_HZ=100
 * (microsoft/WSL2-Linux-Kernel arch/x86/configs/config-wsl at 5.15.90.3, as at 5.10 and 4.19;
 * only the 6.x branches say 250), and no recording from a WSL2 machine yet shows where its
 * wheel rounds ping's 1 s or the neighbour re-probe, so the rounding is left out rather than guessed.
 * Receive autotuning: the receiver RTT as 5.15 keeps it (rcvRttFilter 'ewma') but from timestamps
 * only (rcvRttWindowSample off), 6.16–6.17's tcp_rcvbuf_grow and the fitted skb truesize (944) —
 * the window sizing by scaling_ratio is 6.5+'s, not 5.15's tcp_adv_win_scale, so this is the
 * model the lab's captures were calibrated with, not 5.15's; each field says where it departs.
 */
export const WSL2_PROFILE: KernelProfile = {
  name: 'wsl2',
  tcpRmem: [4096, 131072, 6291456],
  tcpWmem: [4096, 16384, 4194304],
  rmemMax: 212992,
  wmemMax: 212992,
  tcpTimestamps: true,
  tcpSack: true,
  tcpWindowScaling: true,
  ipDefaultTtl: 64,
  localPortRange: [32768, 60999],
  tcpCongestionControl: 'cubic',
};

/**
 * The machine that recorded shared/real-captures/ (Linux 6.18, Debian 12): tcp_rmem max 32 MiB,
 * CONFIG_HZ=250 (test/fixtures/real/sysctl), its timer wheel where the ping recording shows it.
 * Its default congestion control was bbr, which labwire does not model; cubic here (the
 * namespace lab's recordings since test/fixtures/real/upload300k set cubic per socket).
 */
export const CALIBRATION_PROFILE: KernelProfile = {
  ...WSL2_PROFILE,
  name: 'linux-6.18',
  tcpRmem: [4096, 131072, 33554432],
  tcpWmem: [4096, 16384, 4194304],
  // net.core.rmem_max/wmem_max as every namespace of the recording machine reads them (fresh ones
  // too: they are not per namespace); the kernel's own packetdrill selftests assume as much
  // (tcp_rcv_wnd_shrink_nomem's SO_RCVBUF 1000000 answers with wscale 4, which 212992 cannot give)
  rmemMax: 4194304,
  wmemMax: 4194304,
  hz: 250,
  tcpInfoSize: TCP_INFO_SIZE_6_18,
  rcvSkbTruesize: 'sender',
  rackAlways: true,
  tcpWriteXmit610: true,
  rcvRttFilter: 'min',
  rcvRttWindowSample: true,
  rcvbufGrowSlowStart: true,
  tcpBacklogAckDefer: true,
  // `ss -tin` on 6.18.44 shows rcv_space:14480 on the accepting end before DRS grew it
  // (test/fixtures/real/stall/threshold-wsl2), and tcp_rcvbuf_grow's first trace space=14480
  // (test/fixtures/real/bulk-cwnd-idle/traced)
  tcpPassiveAdvmssFirst: true,
  // test/fixtures/real/ping/pair/README.md: every neighbour re-probe left 0.97–1.12 ms after
  // Unix time ≡ 0 (mod 256 ms), every ping sent from a timed-out SO_RCVTIMEO 1.1–1.5 ms after
  // ≡ 0 (mod 32 ms): the wheel's edges, plus the time to run the timer and send
  wheelEdgeNs: 970_000,
  // ping's first request, which waits for ARP: its who-has left 59–256 µs after the time ping
  // stamped (median 82 µs over test/fixtures/real/ping run 1 and ping/pair's five runs) where a
  // resolved request leaves after the 31.5 µs of the iputils profile's sendto
  neighSolicitNs: 51_000,
};

export const KERNEL_PROFILES: Readonly<Record<string, KernelProfile>> = {
  wsl2: WSL2_PROFILE,
  'linux-6.18': CALIBRATION_PROFILE,
};
