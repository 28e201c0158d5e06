/**
 * F-RTO (src/stack/tcp/frto.ts) as Linux's tcp_process_loss() runs it with tcp_frto = 2 (RFC
 * 5682 §3): after a timeout, new data instead of the whole window again, undo when the timeout
 * was spurious, conventional recovery when it was not. Tail loss probes are off here
 * (tcp_early_retrans 0) so that the timer that fires is the RTO.
 */
import { describe, expect, it } from 'vitest';
import { bytes, configOf, connIn, LOCAL_ISS } from './fixture.ts';
import { WSL2_PROFILE } from '../../../src/stack/kernel/profile.ts';

const SEG = 1448;
const at = (i: number) => LOCAL_ISS + 1 + i * SEG;

/** 10 segments in flight (the initial cwnd), 2 more queued; then the RTO: segment 0 again, cwnd 1. */
function afterTimeout(frto = 2) {
  const h = connIn('ESTABLISHED', configOf({ ...WSL2_PROFILE, tcpEarlyRetrans: 0, tcpFrto: frto }));
  h.feed({}); // the peer's scaled window, repeated by later ACKs
  h.call({ kind: 'send', data: bytes(SEG * 12) });
  expect(h.take()).toHaveLength(10);
  h.now = h.tcb.rtoAt;
  h.timer('rto');
  h.expectSent([{ seq: at(0), len: SEG }]);
  expect(h.tcb.cwnd).toBe(1);
  return h;
}

describe('F-RTO (tcp_process_loss)', () => {
  it('step 2.b: the ACK of the retransmission lets two new segments out, not segment 1 again', () => {
    const h = afterTimeout();
    h.feed({ ack: at(1) });
    h.expectSent([{ seq: at(10), len: SEG }, { seq: at(11), len: SEG }]);
  });

  it('step 3.b: an ACK of data never retransmitted shows the timeout was spurious — cwnd and ssthresh come back, nothing more is resent', () => {
    const h = afterTimeout();
    h.feed({ ack: at(1) });
    h.take();
    h.feed({ ack: at(10) }); // the originals of segments 1–9 had arrived after all
    expect(h.tcb.cwnd).toBeGreaterThanOrEqual(10);
    expect(h.tcb.ssthresh).toBe(0x7fffffff);
    expect(h.tcb.lossHighSeq).toBe(-1);
    for (const s of h.take()) expect(s.seq).not.toBe(at(1));
  });

  it('step 3.a: a duplicate ACK after the new data means the loss was real — the old window goes again, up to the timeout\'s snd_nxt', () => {
    const h = afterTimeout();
    h.feed({ ack: at(1) });
    h.take();
    h.feed({ ack: at(1) }); // duplicate: segment 1 is missing
    expect(h.tcb.frto).toBe(0);
    expect(h.tcb.rtxNxt).toBe(at(1));
    expect(h.tcb.rtxLimit).toBe(at(10));
    h.feed({ ack: at(2) }); // cwnd has room again: the next hole, never the new segments
    const seqs = h.take().map((s) => s.seq);
    expect(seqs[0]).toBe(at(2));
    expect(seqs).not.toContain(at(10));
    expect(seqs).not.toContain(at(11));
  });

  it('with tcp_frto = 0 the ACK of the retransmission brings segments 1 and 2 again (conventional RTO recovery)', () => {
    const h = afterTimeout(0);
    h.feed({ ack: at(1) });
    h.expectSent([{ seq: at(1), len: SEG }, { seq: at(2), len: SEG }]);
  });
});
