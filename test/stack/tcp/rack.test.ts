/**
 * RACK's reordering window and its D-SACK adaptation (rack.ts: tcp_rack_reo_wnd,
 * tcp_dsack_seen, tcp_rack_update_reo_wnd), on a bare connection context.
 */
import { describe, expect, it } from 'vitest';
import { newConn } from '../../../src/stack/tcp/step.ts';
import { cloneTcb } from '../../../src/stack/tcp/tcb.ts';
import type { Ctx } from '../../../src/stack/tcp/conn.ts';
import { rackDetectLoss, rackDsackSeen, rackUpdateReoWnd } from '../../../src/stack/tcp/rack.ts';
import { LOST } from '../../../src/stack/tcp/sent.ts';
import { configOf, MS } from './fixture.ts';
import { TCP_RACK_RECOVERY_THRESH } from '../../../src/stack/tcp/linux.ts';

function ctx(recovery = 1, now = 1000 * MS): Ctx {
  const cfg = { ...configOf(), recovery };
  const conn = newConn(cfg, 1, 2);
  const t = cloneTcb(conn.tcb);
  Object.assign(t, { mss: 1000, maxWindow: 65535, minRtt: 100 * MS, srtt: 100 * MS, sndUna: 1, sndNxt: 10001 });
  return { t, conn, eff: [], now };
}

describe('RACK reordering window', () => {
  it('is min_rtt/4 before tcp_reordering packets are SACKed, and waits out that much', () => {
    const c = ctx();
    // ten packets sent 100 ms ago; the last one SACKed just now (rack.mstamp, rack.rtt 100 ms)
    for (let i = 1; i <= 10; i++) c.conn.sent.push(1 + i * 1000, c.now - 100 * MS, false, 1);
    c.conn.sent.markSacked(9001, 10001, 1, 1000, () => {});
    Object.assign(c.t, { rackMstamp: c.now - 100 * MS, rackEndSeq: 10001, rackRtt: 100 * MS });
    expect(rackDetectLoss(c)).toBe(25 * MS);
    expect(c.conn.sent.lostOut).toBe(0);
    // 25 ms later the window has passed: the nine are lost
    const later = { ...c, now: c.now + 25 * MS };
    expect(rackDetectLoss(later)).toBe(0);
    expect(c.conn.sent.lostOut).toBe(9);
    expect(c.conn.sent.flagsAt(0) & LOST).toBe(LOST);
  });

  it('grows a step on a D-SACK once reordering was seen, once per round, and falls back after TCP_RACK_RECOVERY_THRESH recoveries', () => {
    const c = ctx();
    Object.assign(c.t, { totalRetrans: 2, delivered: 20 });
    rackDsackSeen(c, 1001, 2001);
    rackUpdateReoWnd(c, 10);
    expect(c.t.reoWndSteps).toBe(1); // no reordering seen: a D-SACK says nothing about RACK's window
    c.t.reordSeen = 1;
    rackDsackSeen(c, 1001, 2001);
    rackUpdateReoWnd(c, 10);
    expect([c.t.reoWndSteps, c.t.reoWndPersist, c.t.rackLastDelivered]).toEqual([2, TCP_RACK_RECOVERY_THRESH, 20]);
    // a D-SACK for something sent before that widening (prior_delivered 15 < 20) is ignored
    c.t.totalRetrans = 3;
    rackDsackSeen(c, 2001, 3001);
    rackUpdateReoWnd(c, 15);
    expect(c.t.reoWndSteps).toBe(2);
    // more D-SACKs than retransmissions are not the sender's doing
    rackDsackSeen(c, 3001, 4001);
    rackUpdateReoWnd(c, 30);
    expect(c.t.reoWndSteps).toBe(2);
    // the persistence runs out: one step again
    c.t.reoWndPersist = 0;
    rackUpdateReoWnd(c, 30);
    expect(c.t.reoWndSteps).toBe(1);
  });

  it('keeps one step with net.ipv4.tcp_recovery bit 1 (TCP_RACK_STATIC_REO_WND)', () => {
    const c = ctx(1 | 2);
    Object.assign(c.t, { totalRetrans: 2, delivered: 20, reordSeen: 1 });
    rackDsackSeen(c, 1001, 2001);
    rackUpdateReoWnd(c, 10);
    expect(c.t.reoWndSteps).toBe(1);
  });
});
