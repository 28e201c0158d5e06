/**
 * Congestion control as Linux's tcp_congestion_ops: CUBIC with HyStart (net/ipv4/tcp_cubic.c,
 * the default since 2.6.19) or Reno (tcp_cong.c), chosen by the kernel profile's
 * tcp_congestion_control or by the socket's TCP_CONGESTION (the Tcb's `ca`). The hooks are Linux's: init (at the end of the handshake),
 * cong_avoid (each ACK that may grow cwnd, tcp_cong_control), pkts_acked (each ACK with an RTT
 * sample: HyStart), ssthresh (on loss), set_state(Loss) (on RTO) and cwnd_event(TX_START)
 * (sending after idle). Times: jiffies are labwire's 1 ms TCP clock (HZ = 1000), µs from
 * the simulation clock. CUBIC's state lives in the Tcb's cc* fields.
 */
import type { Ctx } from './conn.ts';
import type { MutableTcb } from './tcb.ts';
import { tcpClockMs } from './linux.ts';
import { seqGt } from './seq.ts';

export type CongestionControl = 'cubic' | 'reno';

/** the algorithms labwire has; both are in Linux's default tcp_allowed_congestion_control, so any program may choose them */
export const CONGESTION_CONTROLS: readonly CongestionControl[] = ['cubic', 'reno'];

/** tcp_cubic.c module parameters (defaults) and the constants they make */
const BICTCP_BETA_SCALE = 1024;
const BICTCP_HZ = 10;
const CUBIC_BETA = 717;
const BIC_SCALE = 41;
const HZ = 1000;
/** cubictcp_register(): beta_scale = 8·(1024 + β) / 3 / (1024 − β) = 15 */
const BETA_SCALE = Math.floor(Math.floor((8 * (BICTCP_BETA_SCALE + CUBIC_BETA)) / 3) / (BICTCP_BETA_SCALE - CUBIC_BETA));
/** cube_rtt_scale = bic_scale · 10 (1024·c/rtt with rtt 100 ms) */
const CUBE_RTT_SCALE = BIC_SCALE * 10;
/** cube_factor = 2^(10 + 3·BICTCP_HZ) / (bic_scale · 10) */
const CUBE_FACTOR = 2n ** BigInt(10 + 3 * BICTCP_HZ) / BigInt(BIC_SCALE * 10);
const U64 = (1n << 64n) - 1n;
/** HyStart: hystart_low_window, hystart_ack_delta_us, HYSTART_MIN_SAMPLES, HYSTART_DELAY_MIN/MAX (µs) */
const HYSTART_LOW_WINDOW = 16;
const HYSTART_ACK_DELTA_US = 2000;
const HYSTART_MIN_SAMPLES = 8;
const HYSTART_DELAY_MIN_US = 4000;
const HYSTART_DELAY_MAX_US = 16000;
/** sk_gso_max_size of veth and most NICs (GSO_LEGACY_MAX_SIZE), for hystart_ack_delay() */
const GSO_LEGACY_MAX_SIZE = 65536;

function jiffies(c: Ctx): number {
  return tcpClockMs(c.now) || 1; // 0 means "no epoch" in bictcp; the first millisecond counts as 1
}

function clockUs(c: Ctx): number {
  return Math.floor(c.now / 1000);
}

/** cubictcp_init() / bictcp_reset() + bictcp_hystart_reset(); Reno keeps nothing. */
export function ccInit(c: Ctx): void {
  resetCubic(c.t);
  hystartReset(c);
}

function resetCubic(t: MutableTcb): void {
  t.ccCnt = 0;
  t.ccLastMaxCwnd = 0;
  t.ccLastCwnd = 0;
  t.ccLastTime = 0;
  t.ccOriginPoint = 0;
  t.ccK = 0;
  t.ccDelayMin = 0;
  t.ccEpochStart = 0;
  t.ccAckCnt = 0;
  t.ccTcpCwnd = 0;
  t.ccFound = 0;
}

/** bictcp_hystart_reset(): a new round starts at snd_nxt */
function hystartReset(c: Ctx): void {
  const t = c.t;
  t.ccRoundStart = clockUs(c);
  t.ccLastAck = t.ccRoundStart;
  t.ccEndSeq = t.sndNxt;
  t.ccCurrRtt = 0xffffffff;
  t.ccSampleCnt = 0;
}

/** tcp_slow_start(): cwnd grows by the packets acked up to ssthresh; returns the rest. */
function slowStart(t: MutableTcb, acked: number): number {
  const cwnd = Math.min(t.cwnd + acked, t.ssthresh);
  const rest = acked - (cwnd - t.cwnd);
  t.cwnd = cwnd;
  return rest;
}

/** tcp_cong_avoid_ai(): one more segment per `w` packets acked (credits carried in cwndCnt). */
function congAvoidAi(t: MutableTcb, w: number, acked: number): void {
  if (t.cwndCnt >= w) {
    t.cwndCnt = 0;
    t.cwnd += 1;
  }
  t.cwndCnt += acked;
  if (t.cwndCnt >= w) {
    const delta = Math.floor(t.cwndCnt / w);
    t.cwndCnt -= delta * w;
    t.cwnd += delta;
  }
}

/** cong_avoid, for an ACK of `acked` packets when cwnd was the limit (tcp_is_cwnd_limited). */
export function ccCongAvoid(c: Ctx, acked: number): void {
  const t = c.t;
  if (t.cwnd < t.ssthresh) {
    acked = slowStart(t, acked);
    if (acked === 0) return;
  }
  if (c.t.ca === 'reno') {
    congAvoidAi(t, t.cwnd, acked); // tcp_reno_cong_avoid()
    return;
  }
  bictcpUpdate(c, t.cwnd, acked);
  congAvoidAi(t, t.ccCnt, acked);
}

/** ssthresh: CUBIC's β = 717/1024 with fast convergence (cubictcp_recalc_ssthresh); Reno's half. */
export function ccSsthresh(c: Ctx): number {
  const t = c.t;
  if (c.t.ca === 'reno') return Math.max(t.cwnd >> 1, 2); // tcp_reno_ssthresh()
  t.ccEpochStart = 0;
  // "Wmax and fast convergence"
  if (t.cwnd < t.ccLastMaxCwnd) t.ccLastMaxCwnd = Math.floor((t.cwnd * (BICTCP_BETA_SCALE + CUBIC_BETA)) / (2 * BICTCP_BETA_SCALE));
  else t.ccLastMaxCwnd = t.cwnd;
  return Math.max(Math.floor((t.cwnd * CUBIC_BETA) / BICTCP_BETA_SCALE), 2);
}

/** set_state(TCP_CA_Loss), on a retransmission timeout: CUBIC starts over (cubictcp_state). */
export function ccOnLoss(c: Ctx): void {
  if (c.t.ca === 'reno') return;
  resetCubic(c.t);
  hystartReset(c);
}

/**
 * tcp_slow_start_after_idle_check() / tcp_cwnd_restart() (net.ipv4.tcp_slow_start_after_idle = 1):
 * data queued with nothing in flight after more than an RTO of silence halves cwnd per RTO
 * idle, down to the initial window; ssthresh keeps ¾ of the old cwnd (tcp_current_ssthresh).
 */
export function ccRestartAfterIdle(c: Ctx, initCwnd: number): void {
  const t = c.t;
  if (!c.conn.cfg.slowStartAfterIdle || c.conn.sent.packets > 0 || t.lsndtime === 0) return;
  let delta = c.now - t.lsndtime;
  if (delta <= t.rto) return;
  if (t.recover < 0) t.ssthresh = Math.max(t.ssthresh, (t.cwnd >> 1) + (t.cwnd >> 2));
  const restart = Math.min(initCwnd, t.cwnd);
  let cwnd = t.cwnd;
  while ((delta -= t.rto) > 0 && cwnd > restart) cwnd >>= 1;
  t.cwnd = Math.max(cwnd, restart);
}

/** cwnd_event(CA_EVENT_TX_START): after idle the epoch moves on, so the cubic curve does not jump. */
export function ccTxStart(c: Ctx): void {
  const t = c.t;
  if (c.t.ca === 'reno' || t.ccEpochStart === 0) return;
  const now = jiffies(c);
  const delta = now - tcpClockMs(t.lsndtime);
  if (delta <= 0) return;
  t.ccEpochStart += delta;
  if (t.ccEpochStart > now) t.ccEpochStart = now;
}

/**
 * pkts_acked (cubictcp_acked): keep the minimum RTT and, in slow start from 16 packets on, run
 * HyStart. `rttUs` is the RTT of the newest packet acked (tcp_clean_rtx_queue's ca_rtt_us), −1
 * when none (retransmitted data was acked).
 */
export function ccPktsAcked(c: Ctx, rttUs: number): void {
  const t = c.t;
  if (c.t.ca === 'reno' || rttUs < 0) return;
  // "Discard delay samples right after fast recovery"
  if (t.ccEpochStart !== 0 && jiffies(c) - t.ccEpochStart < HZ) return;
  const delay = Math.max(rttUs, 1);
  if (t.ccDelayMin === 0 || t.ccDelayMin > delay) t.ccDelayMin = delay;
  if (!t.ccFound && t.cwnd < t.ssthresh && t.cwnd >= HYSTART_LOW_WINDOW) hystartUpdate(c, delay);
}

/**
 * hystart_update(): leave slow start (ssthresh = cwnd) when the ACKs of one round come in a
 * train longer than half the minimum RTT (ACK_TRAIN; no pacing), or when the round's smallest
 * RTT of 8 samples exceeds the minimum by 1/8 of it, clamped to 4–16 ms (DELAY).
 */
function hystartUpdate(c: Ctx, delay: number): void {
  const t = c.t;
  if (seqGt(t.sndUna, t.ccEndSeq)) hystartReset(c);
  const now = clockUs(c);
  if (now - t.ccLastAck <= HYSTART_ACK_DELTA_US) {
    t.ccLastAck = now;
    const threshold = (t.ccDelayMin + hystartAckDelay(c)) >>> 1;
    if (now - t.ccRoundStart > threshold) {
      t.ccFound = 1;
      t.ssthresh = t.cwnd;
    }
  }
  if (t.ccCurrRtt > delay) t.ccCurrRtt = delay;
  if (t.ccSampleCnt < HYSTART_MIN_SAMPLES) {
    t.ccSampleCnt++;
    return;
  }
  const thresh = Math.min(Math.max(t.ccDelayMin >>> 3, HYSTART_DELAY_MIN_US), HYSTART_DELAY_MAX_US);
  if (t.ccCurrRtt > t.ccDelayMin + thresh) {
    t.ccFound = 1;
    t.ssthresh = t.cwnd;
  }
}

/**
 * hystart_ack_delay(): the ACK-train cushion, 4 GSO packets at the pacing rate, at most 1 ms.
 * sk_pacing_rate as tcp_update_pacing_rate() sets it: mss·cwnd/srtt, ×2 in slow start.
 */
function hystartAckDelay(c: Ctx): number {
  const t = c.t;
  if (t.srtt <= 0) return 0;
  const rate = (2 * t.mss * Math.max(t.cwnd, c.conn.sent.packets) * 1e9) / t.srtt; // bytes per second
  return Math.min(1000, Math.floor((GSO_LEGACY_MAX_SIZE * 4 * 1e6) / rate));
}

/** bictcp_update(): cnt, the packets acked per cwnd increment, from the cubic curve and Reno's pace. */
function bictcpUpdate(c: Ctx, cwnd: number, acked: number): void {
  const t = c.t;
  const now = jiffies(c);
  t.ccAckCnt += acked;
  if (t.ccLastCwnd === cwnd && now - t.ccLastTime <= HZ / 32) return;
  // "The CUBIC function can update ca->cnt at most once per jiffy."
  if (!(t.ccEpochStart !== 0 && now === t.ccLastTime)) {
    t.ccLastCwnd = cwnd;
    t.ccLastTime = now;
    if (t.ccEpochStart === 0) startEpoch(t, now, cwnd, acked);
    t.ccCnt = cubicCnt(t, now, cwnd);
    // "slow start and low utilization": at most 20 ACKs per increment before the first loss
    if (t.ccLastMaxCwnd === 0 && t.ccCnt > 20) t.ccCnt = 20;
  }
  tcpFriendliness(t, cwnd);
  t.ccCnt = Math.max(t.ccCnt, 2);
}

function startEpoch(t: MutableTcb, now: number, cwnd: number, acked: number): void {
  t.ccEpochStart = now;
  t.ccAckCnt = acked;
  t.ccTcpCwnd = cwnd;
  if (t.ccLastMaxCwnd <= cwnd) {
    t.ccK = 0;
    t.ccOriginPoint = cwnd;
  } else {
    // "Compute new K based on (wmax-cwnd) * (srtt>>3 / HZ) / c * 2^(3*bictcp_HZ)"
    t.ccK = cubicRoot(CUBE_FACTOR * BigInt(t.ccLastMaxCwnd - cwnd));
    t.ccOriginPoint = t.ccLastMaxCwnd;
  }
}

/** The cubic curve's target cwnd a minimum RTT from now, as cnt (u32 arithmetic as in Linux). */
function cubicCnt(t: MutableTcb, now: number, cwnd: number): number {
  // time since the epoch plus delay_min, in 1/1024 s (usecs_to_jiffies rounds up)
  const tt = Math.floor(((now - t.ccEpochStart + Math.ceil(t.ccDelayMin / (1e6 / HZ))) * 2 ** BICTCP_HZ) / HZ);
  const offs = BigInt(tt < t.ccK ? t.ccK - tt : tt - t.ccK);
  const delta = Number(((BigInt(CUBE_RTT_SCALE) * offs * offs * offs) & U64) >> BigInt(10 + 3 * BICTCP_HZ)) >>> 0;
  const target = (tt < t.ccK ? t.ccOriginPoint - delta : t.ccOriginPoint + delta) >>> 0;
  return target > cwnd ? Math.floor(cwnd / (target - cwnd)) : 100 * cwnd; // else "very small increment"
}

/** "TCP Friendly": never slower than Reno would be with CUBIC's β (tcp_cwnd estimate). */
function tcpFriendliness(t: MutableTcb, cwnd: number): void {
  const delta = (cwnd * BETA_SCALE) >> 3;
  if (delta > 0) {
    while (t.ccAckCnt > delta) {
      t.ccAckCnt -= delta;
      t.ccTcpCwnd++;
    }
  }
  if (t.ccTcpCwnd > cwnd) {
    const maxCnt = Math.floor(cwnd / (t.ccTcpCwnd - cwnd));
    if (t.ccCnt > maxCnt) t.ccCnt = maxCnt;
  }
}

/** fls64(): the position of the highest set bit, 1-based (0 for 0). */
function fls64(a: bigint): number {
  return a === 0n ? 0 : a.toString(2).length;
}

/** tcp_cubic.c's table of cube roots for 6-bit values (×64 scaled), for cubic_root()'s first guess */
const CBRT_TABLE = [
  0, 54, 54, 54, 118, 118, 118, 118, 123, 129, 134, 138, 143, 147, 151, 156,
  157, 161, 164, 168, 170, 173, 176, 179, 181, 185, 187, 190, 192, 194, 197, 199,
  200, 202, 204, 206, 209, 211, 213, 215, 217, 219, 221, 222, 224, 225, 227, 229,
  231, 232, 234, 236, 237, 239, 240, 242, 244, 245, 246, 248, 250, 251, 252, 254,
];

/** cubic_root(): a table guess refined by one Newton–Raphson step, as Linux computes it. */
export function cubicRoot(a: bigint): number {
  let b = fls64(a);
  if (b < 7) return (CBRT_TABLE[Number(a)]! + 35) >>> 6;
  b = ((b * 84) >> 8) - 1;
  const shift = Number(a >> BigInt(b * 3));
  let x = (((CBRT_TABLE[shift]! + 10) << b) >>> 0) >>> 6;
  x = (2 * x + Number((a / (BigInt(x) * BigInt(x - 1))) & 0xffffffffn)) >>> 0;
  return ((x * 341) >>> 0) >>> 10;
}
