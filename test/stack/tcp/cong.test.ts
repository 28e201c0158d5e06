/**
 * Congestion control (src/stack/tcp/cong.ts) against Linux's tcp_cubic.c and tcp_cong.c, one
 * hook at a time on a bare control block.
 */
import { describe, expect, it } from 'vitest';
import { ccCongAvoid, ccInit, ccPktsAcked, ccRestartAfterIdle, ccSsthresh, ccTxStart, cubicRoot } from '../../../src/stack/tcp/cong.ts';
import type { Ctx } from '../../../src/stack/tcp/conn.ts';
import { newConn } from '../../../src/stack/tcp/step.ts';
import { cloneTcb } from '../../../src/stack/tcp/tcb.ts';
import { WSL2_PROFILE } from '../../../src/stack/kernel/profile.ts';
import { configOf } from './fixture.ts';
import { Pair, transfer } from '../../helpers/pair.ts';

const MS = 1_000_000;

/** A connection in congestion avoidance or slow start, `now` settable. */
function ctx(cc: 'cubic' | 'reno' = 'cubic', cwnd = 10, now = 1000 * MS): Ctx & { now: number } {
  const conn = newConn(configOf({ ...WSL2_PROFILE, tcpCongestionControl: cc }), 40000, 10000);
  const t = cloneTcb(conn.tcb);
  t.cwnd = cwnd;
  t.mss = 1448;
  const c = { t, conn, eff: [], now };
  ccInit(c);
  return c;
}

describe('cubic_root()', () => {
  it('is within 1 of the true cube root over the range bic_K takes (table guess + one Newton step)', () => {
    for (const x of [1, 2, 3, 4, 5, 10, 63, 64, 100, 1000, 4316, 10_000, 100_000, 1_000_000]) {
      const root = cubicRoot(BigInt(x) ** 3n);
      expect(Math.abs(root - x)).toBeLessThanOrEqual(Math.max(1, x * 0.003));
    }
  });
});

describe('ssthresh on loss', () => {
  it('CUBIC: β = 717/1024 of cwnd (cubictcp_recalc_ssthresh), remembering Wmax', () => {
    const c = ctx('cubic', 100);
    expect(ccSsthresh(c)).toBe(70);
    expect(c.t.ccLastMaxCwnd).toBe(100);
  });

  it('CUBIC fast convergence: a loss below the last Wmax remembers only (1 + β)/2 of cwnd', () => {
    const c = ctx('cubic', 100);
    ccSsthresh(c);
    c.t.cwnd = 50;
    expect(ccSsthresh(c)).toBe(35);
    expect(c.t.ccLastMaxCwnd).toBe(42); // 50 × 1741 / 2048
  });

  it('Reno: half of cwnd, at least 2 (tcp_reno_ssthresh)', () => {
    expect(ccSsthresh(ctx('reno', 100))).toBe(50);
    expect(ccSsthresh(ctx('reno', 3))).toBe(2);
  });
});

describe('slow start and congestion avoidance (tcp_slow_start, tcp_cong_avoid_ai)', () => {
  it('slow start adds the packets acked, up to ssthresh, and the rest goes to congestion avoidance', () => {
    const c = ctx('reno', 10);
    c.t.ssthresh = 12;
    ccCongAvoid(c, 5);
    expect(c.t.cwnd).toBe(12);
    expect(c.t.cwndCnt).toBe(3);
  });

  it('Reno grows one segment per window of ACKs', () => {
    const c = ctx('reno', 20);
    c.t.ssthresh = 10;
    for (let i = 0; i < 20; i++) ccCongAvoid(c, 1);
    expect(c.t.cwnd).toBe(21);
  });

  it('CUBIC after a loss at 100: concave back to Wmax at about K = ∛(30 / 0.4) s ≈ 4.2 s, then convex beyond', () => {
    const c = ctx('cubic', 100);
    c.t.ssthresh = ccSsthresh(c);
    c.t.cwnd = c.t.ssthresh; // 70
    const rtt = 100 * MS;
    ccPktsAcked(c, 100_000); // delay_min 100 ms
    const at: Record<number, number> = {};
    for (let round = 1; round <= 80; round++) {
      c.now += rtt;
      const n = c.t.cwnd;
      for (let i = 0; i < n; i++) ccCongAvoid(c, 1);
      at[round] = c.t.cwnd;
    }
    expect(c.t.ccK).toBeGreaterThan(4200);
    expect(c.t.ccK).toBeLessThan(4400); // 1/1024 s
    expect(at[10]! - at[1]!).toBeGreaterThan(at[40]! - at[30]!); // concave: fast first, slow near Wmax
    expect(at[40]).toBeGreaterThanOrEqual(95);
    expect(at[40]).toBeLessThanOrEqual(101);
    expect(at[80]! - at[70]!).toBeGreaterThan(at[45]! - at[40]!); // convex past Wmax
  });

  it('TX_START after idle moves the epoch on, so the curve resumes where it stopped (cubictcp_cwnd_event)', () => {
    const c = ctx('cubic', 50);
    c.t.ssthresh = 10;
    ccCongAvoid(c, 1);
    const epoch = c.t.ccEpochStart;
    c.t.lsndtime = c.now;
    c.now += 5000 * MS;
    ccTxStart(c);
    expect(c.t.ccEpochStart).toBe(epoch + 5000);
  });
});

describe('HyStart (hystart_update)', () => {
  it('delay: a round whose smallest RTT of 8 exceeds delay_min by max(delay_min/8, 4 ms) ends slow start at cwnd', () => {
    const c = ctx('cubic', 32);
    for (let i = 0; i < 9; i++) {
      c.now += 3 * MS; // ACKs 3 ms apart: no ACK train
      ccPktsAcked(c, 1000);
    }
    expect(c.t.ssthresh).toBe(0x7fffffff);
    c.t.sndUna = (c.t.ccEndSeq + 1) >>> 0; // the round's last packet acked: the next round ends at snd_nxt
    c.t.sndNxt = (c.t.sndUna + 100 * 1448) >>> 0;
    for (let i = 0; i < 9; i++) {
      c.now += 3 * MS;
      ccPktsAcked(c, 6000);
    }
    expect(c.t.ccFound).toBe(1);
    expect(c.t.ssthresh).toBe(32);
  });

  it('does nothing below hystart_low_window (16) or for Reno', () => {
    for (const [cc, cwnd] of [['cubic', 15], ['reno', 32]] as const) {
      const c = ctx(cc, cwnd);
      for (let i = 0; i < 20; i++) {
        c.now += 3 * MS;
        ccPktsAcked(c, i < 10 ? 1000 : 9000);
      }
      expect(c.t.ssthresh).toBe(0x7fffffff);
    }
  });

  it('ACK train: ACKs closer than 2 ms for longer than half the minimum RTT end slow start', () => {
    const c = ctx('cubic', 40);
    c.t.srtt = 10 * MS;
    ccPktsAcked(c, 10_000); // delay_min 10 ms; threshold (10 ms + ack delay ≤ 1 ms) / 2
    for (let i = 0; i < 10 && !c.t.ccFound; i++) {
      c.now += 1 * MS;
      ccPktsAcked(c, 10_000);
    }
    expect(c.t.ccFound).toBe(1);
    expect(c.t.ssthresh).toBe(40);
  });
});

describe('slow start after idle (tcp_slow_start_after_idle_check, tcp_cwnd_restart)', () => {
  it('halves cwnd per RTO of silence down to the initial window; ssthresh keeps ¾ of it', () => {
    const c = ctx('cubic', 40);
    c.t.rto = 200 * MS;
    c.t.lsndtime = c.now;
    c.now += 1000 * MS; // 1 s idle: 40 → 20 → 10, stopped at the initial window
    ccRestartAfterIdle(c, 10);
    expect(c.t.cwnd).toBe(10);
    expect(c.t.ssthresh).toBe(0x7fffffff);
    const d = ctx('reno', 40);
    d.t.rto = 200 * MS;
    d.t.ssthresh = 20;
    d.t.lsndtime = d.now;
    d.now += 300 * MS; // 1.5 RTOs: one halving (the loop stops when delta − rto ≤ 0)
    ccRestartAfterIdle(d, 10);
    expect(d.t.cwnd).toBe(20);
    expect(d.t.ssthresh).toBe(30);
  });

  it('leaves cwnd alone after less than an RTO of silence', () => {
    const c = ctx('cubic', 40);
    c.t.rto = 200 * MS;
    c.t.lsndtime = c.now;
    c.now += 150 * MS;
    ccRestartAfterIdle(c, 10);
    expect(c.t.cwnd).toBe(40);
  });
});

describe('the kernel profile chooses the congestion control (TCP_INFO 15 ms into a bulk transfer, 1 ms RTT)', () => {
  function ssthreshAfterBulk(cc: 'cubic' | 'reno'): number {
    const p = new Pair({ profile: { ...WSL2_PROFILE, tcpCongestionControl: cc }, latency: 500_000, record: false });
    const n = 3_000_000;
    transfer(p, { message: new Uint8Array(n), writeSizes: [n], recvSizes: [65536], until: 15 * MS });
    const [row] = p.a.rows();
    return p.a.info!(row!.id, p.now)!.tcpi_snd_ssthresh;
  }

  it('CUBIC leaves slow start by HyStart (ssthresh set without a loss); Reno stays in slow start', () => {
    expect(ssthreshAfterBulk('cubic')).toBeLessThan(0x7fffffff);
    expect(ssthreshAfterBulk('reno')).toBe(0x7fffffff);
  });
});
