/**
 * A local device that drops every packet (a qdisc with limit 0): each transmit returns
 * NET_XMIT_DROP (tcpStep's xmitDrops) and TCP reacts as Linux 6.18 does — new data stays
 * unsent and the probe timer retries it, a failed retransmission is tried but not counted as
 * retransmitted, timers retry after TCP_RESOURCE_PROBE_INTERVAL without backing off.
 * The handshake's RTT here is 1 ms, so RTO = 201 ms.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TCP_RESOURCE_PROBE_INTERVAL_NS } from '../../../src/stack/tcp/linux.ts';
import { seqAdd, seqLe } from '../../../src/stack/tcp/seq.ts';
import { bytes, connIn, LOCAL_ISS, MS } from './fixture.ts';

const SEG = 1448;

describe('a transmit the device drops', () => {
  it('leaves new data unsent; the probe timer sends it once the device takes packets again', () => {
    const h = connIn('ESTABLISHED');
    h.xmitDrops = true;
    expect(h.call({ kind: 'send', data: bytes(1000) })).toBe(1000);
    h.take();
    expect(h.tcb.sndNxt).toBe(LOCAL_ISS + 1);
    expect(h.conn.sent.count).toBe(0);
    expect(h.tcb.persistAt - h.now).toBe(201 * MS); // tcp_check_probe_timer: one RTO
    h.xmitDrops = false;
    h.now = h.tcb.persistAt;
    h.timer('persist');
    h.expectSent([{ seq: LOCAL_ISS + 1, len: 1000 }]);
    expect(h.tcb.sndNxt).toBe(LOCAL_ISS + 1001);
  });

  it('fails the RTO\'s retransmission: tried, not retransmitted, no backoff, again in 500 ms', () => {
    const h = connIn('ESTABLISHED');
    h.call({ kind: 'send', data: bytes(SEG) });
    h.take();
    const rto = h.tcb.rto;
    h.xmitDrops = true;
    for (let tries = 1; tries <= 3; tries++) {
      h.now = h.tcb.rtoAt;
      h.timer('rto');
      expect(h.tcb.totalRetrans).toBe(tries);
      expect(h.tcb.backoff).toBe(0);
      expect(h.tcb.rto).toBe(rto);
      if (!h.tcb.rtoIsProbe) expect(h.tcb.rtoAt - h.now).toBe(h.tcb.lossHighSeq >= 0 ? TCP_RESOURCE_PROBE_INTERVAL_NS : rto);
    }
    h.xmitDrops = false;
    h.take();
    h.now = h.tcb.rtoAt;
    h.timer('rto');
    h.expectSent([{ seq: LOCAL_ISS + 1, len: SEG }]);
    expect(h.tcb.backoff).toBe(1);
  });

  it('enters CWR on the drop: local congestion (__tcp_transmit_skb → tcp_enter_cwr)', () => {
    const h = connIn('ESTABLISHED');
    h.call({ kind: 'send', data: bytes(4 * SEG) });
    h.take();
    const cwnd = h.tcb.cwnd;
    h.xmitDrops = true;
    h.call({ kind: 'send', data: bytes(SEG) });
    expect(h.tcb.cwrHigh).toBe(h.tcb.sndNxt);
    expect(h.tcb.priorCwnd).toBe(cwnd);
    expect(h.tcb.ssthresh).toBeLessThan(cwnd); // cubic's ssthresh: 717/1024 of cwnd
  });

  it('retries a keepalive probe in 500 ms without counting it', () => {
    const h = connIn('ESTABLISHED');
    h.call({ kind: 'setsockopt', opt: 'keepalive', value: 1 });
    h.xmitDrops = true;
    h.now = h.tcb.keepaliveAt;
    h.timer('keepalive');
    expect(h.tcb.probes).toBe(0);
    expect(h.tcb.keepaliveAt - h.now).toBe(TCP_RESOURCE_PROBE_INTERVAL_NS);
  });

  it('never lets SND.NXT pass what left the device, whatever the writes, timers and drops', () => {
    fc.assert(fc.property(fc.array(fc.tuple(fc.boolean(), fc.oneof(fc.nat(3000), fc.constant(-1))), { maxLength: 30 }), (steps) => {
      const h = connIn('ESTABLISHED');
      let wentEnd = LOCAL_ISS + 1;
      for (const [drops, write] of steps) {
        h.xmitDrops = drops;
        if (write > 0) h.call({ kind: 'send', data: bytes(write) });
        else if (write === 0) h.feed({ ack: h.tcb.sndNxt });
        else {
          const due = [h.tcb.rtoAt, h.tcb.persistAt].filter((t) => t > 0);
          if (due.length) h.now = Math.max(h.now, Math.min(...due));
          h.fireDue();
        }
        for (const s of h.take()) if (!drops && s.payload.length) wentEnd = seqLe(wentEnd, seqAdd(s.seq, s.payload.length)) ? seqAdd(s.seq, s.payload.length) : wentEnd;
        expect(seqLe(h.tcb.sndNxt, wentEnd)).toBe(true);
      }
    }));
  });
});
