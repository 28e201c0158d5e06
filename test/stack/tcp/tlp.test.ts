/**
 * Tail loss probes (src/stack/tcp/tlp.ts) as Linux 6.x sends them with tcp_early_retrans = 3:
 * tcp_schedule_loss_probe (when and whether), tcp_send_loss_probe (what) and
 * tcp_process_tlp_ack (what the ACK of a probe means). The handshake's RTT here is 1 ms, so
 * SRTT = 1 ms and RTO = 201 ms.
 */
import { describe, expect, it } from 'vitest';
import { bytes, configOf, connIn, LOCAL_ISS, MS } from './fixture.ts';
import { WSL2_PROFILE } from '../../../src/stack/kernel/profile.ts';
import { TCP_ACK, TCP_PSH } from '../../../src/stack/wire/tcp.ts';

const SEG = 1448;
const at = (i: number) => LOCAL_ISS + 1 + i * SEG;

describe('tcp_schedule_loss_probe()', () => {
  it('with several packets in flight: PTO = 2·SRTT + 2 ms, in the retransmission timer\'s slot', () => {
    const h = connIn('ESTABLISHED');
    h.call({ kind: 'send', data: bytes(SEG * 3) });
    h.take();
    expect(h.tcb.rtoIsProbe).toBe(true);
    expect(h.tcb.rtoAt - h.now).toBe(4 * MS);
  });

  it('is re-armed on each ACK that leaves data in flight, and gone when all is acknowledged', () => {
    const h = connIn('ESTABLISHED');
    h.call({ kind: 'send', data: bytes(SEG * 3) });
    h.take();
    h.now += 1 * MS;
    h.feed({ ack: at(1) });
    expect(h.tcb.rtoIsProbe).toBe(true);
    expect(h.tcb.rtoAt - h.now).toBe(4 * MS);
    h.feed({ ack: at(3) });
    expect(h.tcb.rtoAt).toBe(0);
  });

  it('is not used without SACK (tcp_is_sack) or with tcp_early_retrans = 0: the RTO stays', () => {
    const off = connIn('ESTABLISHED', configOf({ ...WSL2_PROFILE, tcpEarlyRetrans: 0 }));
    off.call({ kind: 'send', data: bytes(SEG * 3) });
    expect(off.tcb.rtoIsProbe).toBe(false);
    expect(off.tcb.rtoAt - off.now).toBe(201 * MS);
    const noSack = connIn('ESTABLISHED', configOf({ ...WSL2_PROFILE, tcpSack: false }));
    noSack.call({ kind: 'send', data: bytes(SEG * 3) });
    expect(noSack.tcb.rtoIsProbe).toBe(false);
  });
});

describe('tcp_send_loss_probe()', () => {
  it('resends the last segment when there is no new data; once per tail (tlp_high_seq), then the RTO', () => {
    const h = connIn('ESTABLISHED');
    h.call({ kind: 'send', data: bytes(SEG * 3) });
    h.take();
    h.now = h.tcb.rtoAt;
    h.timer('rto');
    h.expectSent([{ seq: at(2), len: SEG, flags: TCP_ACK | TCP_PSH }]);
    expect(h.tcb.tlpHighSeq).toBe(at(3));
    expect(h.tcb.rtoIsProbe).toBe(false);
    expect(h.tcb.rtoAt - h.now).toBe(201 * MS); // "Reset s.t. tcp_rearm_rto will restart timer from now"
    h.now = h.tcb.rtoAt;
    h.timer('rto');
    h.expectSent([{ seq: at(0), len: SEG }]); // the RTO: no second probe
  });

  it('sends new data instead when the window allows, Nagle or not (push_one = 2, TCP_NAGLE_OFF)', () => {
    const h = connIn('ESTABLISHED');
    h.call({ kind: 'send', data: bytes(100) });
    h.take();
    h.call({ kind: 'send', data: bytes(50) }); // held by Nagle: 100 bytes unacknowledged
    h.expectNothing();
    h.now = h.tcb.rtoAt;
    h.timer('rto');
    h.expectSent([{ seq: LOCAL_ISS + 101, len: 50 }]);
    expect(h.tcb.tlpRetrans).toBe(false);
  });
});

describe('tcp_process_tlp_ack()', () => {
  it('an ACK past a probe that resent the tail means the tail was lost: cwnd drops to CUBIC\'s ssthresh once', () => {
    const h = connIn('ESTABLISHED');
    h.call({ kind: 'send', data: bytes(SEG * 3) });
    h.take();
    h.now = h.tcb.rtoAt;
    h.timer('rto'); // probe: the last segment again
    h.take();
    h.feed({ ack: at(3) }); // acks up to the probe's snd_nxt: not past it yet
    expect(h.tcb.tlpHighSeq).toBe(at(3));
    h.call({ kind: 'send', data: bytes(SEG) });
    h.take();
    h.feed({ ack: at(4) });
    expect(h.tcb.tlpHighSeq).toBe(-1);
    expect(h.tcb.ssthresh).toBe(7); // 10 × 717 / 1024
    expect(h.tcb.cwnd).toBe(7);
  });

  it('a probe of new data ends the episode when acknowledged, cwnd untouched', () => {
    const h = connIn('ESTABLISHED');
    h.call({ kind: 'send', data: bytes(100) });
    h.take();
    h.call({ kind: 'send', data: bytes(50) });
    h.now = h.tcb.rtoAt;
    h.timer('rto');
    h.take();
    h.feed({ ack: LOCAL_ISS + 151 });
    expect(h.tcb.tlpHighSeq).toBe(-1);
    expect(h.tcb.cwnd).toBe(10);
  });
});
