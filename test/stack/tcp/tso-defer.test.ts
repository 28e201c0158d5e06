/**
 * tcp_tso_should_defer() branch by branch (tso-defer.ts), on a connection with mss 1000,
 * cwnd 20, an ACK at 100 ms whose last send was at that instant and whose retransmit queue's
 * head left 50 ms ago (srtt 40 ms: its ACK was due 10 ms ago): each test changes one input from a case that defers.
 */
import { describe, expect, it } from 'vitest';
import { tsoShouldDefer as ask, type TsoDeferral } from '../../../src/stack/tcp/tso-defer.ts';
import { cloneTcb, newTcb } from '../../../src/stack/tcp/tcb.ts';
import type { Ctx, TcpConn } from '../../../src/stack/tcp/conn.ts';

const MS = 1_000_000;

function ctx(over: Partial<ReturnType<typeof cloneTcb>> = {}, divisor = 3, headSentAt = 50 * MS, inFlightEntries = 1): Ctx {
  const t = Object.assign(cloneTcb(newTcb(1, 2)), { mss: 1000, cwnd: 20, sndUna: 1000, sndWnd: 64000, srtt: 40 * MS, wstamp: 100 * MS }, over);
  const sent = { count: inFlightEntries, sentAtOf: () => headSentAt };
  const conn = { cfg: { tsoWinDivisor: divisor }, sent } as unknown as TcpConn;
  return { t, conn, eff: [], now: 100 * MS };
}

interface Query { start: number; len: number; tail: boolean; ends: boolean; maxSegs: number; inFlight: number }

/** 17 of 20 in flight: room for 3 segments of a 6-segment tail skb, GSO packets of 10 */
const q: Query = { start: 18000, len: 6000, tail: true, ends: false, maxSegs: 10, inFlight: 17 };

function tsoShouldDefer(c: Ctx, x: Query): TsoDeferral {
  return ask(c, x.start, x.len, x.tail, x.ends, x.maxSegs, x.inFlight);
}

describe('tcp_tso_should_defer', () => {
  it('defers a skb cwnd cuts short, saying cwnd held it', () => {
    expect(tsoShouldDefer(ctx(), q)).toBe('cwnd');
  });

  it('sends in recovery or loss', () => {
    expect(tsoShouldDefer(ctx({ recover: 5000 }), q)).toBe('send');
    expect(tsoShouldDefer(ctx({ lossHighSeq: 5000 }), q)).toBe('send');
  });

  it('sends when nothing left in the last millisecond', () => {
    expect(tsoShouldDefer(ctx({ wstamp: 99 * MS }), q)).toBe('send');
    expect(tsoShouldDefer(ctx({ wstamp: 99 * MS + 1 }), q)).toBe('cwnd');
  });

  it('sends a full GSO packet, or a middle skb that fits whole', () => {
    expect(tsoShouldDefer(ctx(), { ...q, maxSegs: 3 })).toBe('send');
    expect(tsoShouldDefer(ctx(), { ...q, len: 3000, tail: false })).toBe('send');
    expect(tsoShouldDefer(ctx(), { ...q, len: 3000, tail: true })).toBe('cwnd');
  });

  it('sends once the room is a tcp_tso_win_divisor share of the window (or over 3 segments with 0)', () => {
    expect(tsoShouldDefer(ctx({}, 7), q)).toBe('send'); // 20 000 / 7 = 2 857 ≤ 3 000
    expect(tsoShouldDefer(ctx({}, 0), q)).toBe('cwnd'); // 3 000 is not more than 3 segments
    expect(tsoShouldDefer(ctx({}, 0), { ...q, inFlight: 16 })).toBe('send');
  });

  it('sends when nothing is in flight, or the head\'s ACK is due in more than min(srtt/2, 1 ms)', () => {
    expect(tsoShouldDefer(ctx({}, 3, 50 * MS, 0), q)).toBe('send');
    // srtt 40 ms: the head's ACK is due at its send time + 40 ms; more than 1 ms off: send
    expect(tsoShouldDefer(ctx({}, 3, 61 * MS + 1), q)).toBe('send');
    expect(tsoShouldDefer(ctx({}, 3, 61 * MS), q)).toBe('cwnd');
    // srtt 1 ms: half of it is the bound
    expect(tsoShouldDefer(ctx({ srtt: MS }, 3, 99.5 * MS + 1), q)).toBe('send');
    expect(tsoShouldDefer(ctx({ srtt: MS }, 3, 99.5 * MS), q)).toBe('cwnd');
  });

  it('says the peer\'s window held it when that is the smaller room', () => {
    expect(tsoShouldDefer(ctx({ sndWnd: 19500 }), q)).toBe('rwnd');
  });

  it('sends a skb no more data can join when neither window is short of it', () => {
    const roomy = { ...q, len: 2500, inFlight: 17 };
    expect(tsoShouldDefer(ctx(), roomy)).toBe('defer');
    expect(tsoShouldDefer(ctx(), { ...roomy, ends: true })).toBe('send');
  });
});
