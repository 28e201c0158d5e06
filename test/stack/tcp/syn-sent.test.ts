import { describe, expect, it } from 'vitest';
import { TCP_ACK, TCP_RST, TCP_SYN } from '../../../src/stack/wire/tcp.ts';
import { CALIBRATION_PROFILE } from '../../../src/stack/kernel/profile.ts';
import { ECONNREFUSED, ETIMEDOUT } from '../../../src/stack/abi/errno.ts';
import { connIn, configOf, Harness, linuxSynOptions, LOCAL_ISS, MS, REMOTE_ISS, T0 } from './fixture.ts';

describe('tcpStep in CLOSED: connect()', () => {
  it('sends a SYN with window 64240 and MSS, SACK_PERM, TS, NOP, WS 7 on the lab kernel', () => {
    const h = new Harness();
    h.call({ kind: 'connect', iss: LOCAL_ISS, tsOffset: 0, mtu: 1500 });
    expect(h.state).toBe('SYN-SENT');
    h.expectSent([{
      seq: LOCAL_ISS, ack: 0, flags: TCP_SYN, window: 64240,
      options: [
        { kind: 'mss', mss: 1460 }, { kind: 'sackPermitted' }, { kind: 'timestamps', tsval: T0 / MS, tsecr: 0 },
        { kind: 'nop' }, { kind: 'wscale', shift: 7 },
      ],
    }]);
  });

  it('advertises window scale 10 with tcp_rmem max 32 MiB (the calibration capture: WS=1024)', () => {
    const h = new Harness(configOf(CALIBRATION_PROFILE));
    h.call({ kind: 'connect', iss: LOCAL_ISS, tsOffset: 0, mtu: 1500 });
    expect(h.take()[0]!.options[4]).toEqual({ kind: 'wscale', shift: 10 });
  });

  it('advertises MSS 65495 and window 65495 on loopback (MTU 65536)', () => {
    const h = new Harness();
    h.call({ kind: 'connect', iss: LOCAL_ISS, tsOffset: 0, mtu: 65536 });
    h.expectSent([{ window: 65495, options: [
      { kind: 'mss', mss: 65495 }, { kind: 'sackPermitted' }, { kind: 'timestamps', tsval: T0 / MS, tsecr: 0 },
      { kind: 'nop' }, { kind: 'wscale', shift: 7 },
    ] }]);
  });

  it('puts TSval = clock in ms + the connection offset', () => {
    const h = new Harness();
    h.call({ kind: 'connect', iss: LOCAL_ISS, tsOffset: 0xfffffff0, mtu: 1500 });
    const ts = h.take()[0]!.options[2];
    expect(ts).toEqual({ kind: 'timestamps', tsval: (T0 / MS + 0xfffffff0) >>> 0, tsecr: 0 });
  });
});

describe('tcpStep in SYN-SENT', () => {
  it('answers the SYN/ACK with an immediate ACK (window 502 = 64256 >> 7) and is ESTABLISHED', () => {
    const h = connIn('SYN-SENT');
    h.advance(MS);
    h.feed({ seq: REMOTE_ISS, ack: LOCAL_ISS + 1, flags: TCP_SYN | TCP_ACK, window: 65160, options: linuxSynOptions(777, T0 / MS) });
    expect(h.state).toBe('ESTABLISHED');
    h.expectSent([{
      seq: LOCAL_ISS + 1, ack: REMOTE_ISS + 1, flags: TCP_ACK, window: 502,
      options: [{ kind: 'nop' }, { kind: 'nop' }, { kind: 'timestamps', tsval: T0 / MS + 1, tsecr: 777 }],
    }]);
    expect(h.tcb.mss).toBe(1448);
    expect(h.tcb.sndWnd).toBe(65160);
  });

  it('sends ACK window 63 with shift 10 (the calibration capture, frame 5: Win=64512)', () => {
    const h = connIn('SYN-SENT', configOf(CALIBRATION_PROFILE));
    h.feed({ seq: REMOTE_ISS, ack: LOCAL_ISS + 1, flags: TCP_SYN | TCP_ACK, window: 65160, options: linuxSynOptions(777, T0 / MS, 10) });
    h.expectSent([{ window: 63 }]);
  });

  it('fails with ECONNREFUSED on RST|ACK acknowledging the SYN', () => {
    const h = connIn('SYN-SENT');
    h.feed({ seq: 0, ack: LOCAL_ISS + 1, flags: TCP_RST | TCP_ACK, window: 0, options: [] });
    expect(h.state).toBe('CLOSED');
    expect(h.tcb.err).toBe(ECONNREFUSED);
    expect(h.effects).toContainEqual({ kind: 'error', errno: ECONNREFUSED });
    h.expectNothing();
  });

  it('ignores a RST whose ACK does not acknowledge the SYN', () => {
    const h = connIn('SYN-SENT');
    h.feed({ seq: 0, ack: LOCAL_ISS + 7, flags: TCP_RST | TCP_ACK, window: 0, options: [] });
    expect(h.state).toBe('SYN-SENT');
  });

  it('resets an ACK for something never sent: <SEQ=SEG.ACK><CTL=RST>', () => {
    const h = connIn('SYN-SENT');
    h.feed({ seq: REMOTE_ISS, ack: LOCAL_ISS + 50, flags: TCP_SYN | TCP_ACK, window: 65160, options: linuxSynOptions(1, 1) });
    h.expectSent([{ seq: LOCAL_ISS + 50, flags: TCP_RST }]);
    expect(h.state).toBe('SYN-SENT');
  });

  it('retransmits the SYN at 1, 3, 7, 15, 31, 63 s and gives up with ETIMEDOUT at 127 s', () => {
    const h = connIn('SYN-SENT');
    const times: number[] = [];
    for (let i = 0; i < 200 && h.state === 'SYN-SENT'; i++) {
      h.now = h.tcb.rtoAt;
      h.timer('rto');
      for (const s of h.take()) if (s.flags === TCP_SYN) times.push((h.now - T0) / MS / 1000);
    }
    expect(times).toEqual([1, 3, 7, 15, 31, 63]);
    expect((h.now - T0) / MS / 1000).toBe(127);
    expect(h.state).toBe('CLOSED');
    expect(h.tcb.err).toBe(ETIMEDOUT);
  });

  it('goes to SYN-RECEIVED on a bare SYN (simultaneous open) and sends SYN/ACK', () => {
    const h = connIn('SYN-SENT');
    h.feed({ seq: REMOTE_ISS, ack: 0, flags: TCP_SYN, window: 64240, options: linuxSynOptions(5, 0) });
    expect(h.state).toBe('SYN-RECEIVED');
    h.expectSent([{ seq: LOCAL_ISS, ack: REMOTE_ISS + 1, flags: TCP_SYN | TCP_ACK }]);
  });

  it('falls back to MSS 536 and no options when the SYN/ACK carries none (window stays 64240 unscaled)', () => {
    const h = connIn('SYN-SENT');
    h.feed({ seq: REMOTE_ISS, ack: LOCAL_ISS + 1, flags: TCP_SYN | TCP_ACK, window: 8192, options: [] });
    expect(h.tcb.mss).toBe(536);
    expect(h.tcb.tsOk).toBe(false);
    h.expectSent([{ options: [], window: 64240 }]);
  });
});

describe('tcpStep in SYN-RECEIVED', () => {
  it('answers a SYN with SYN/ACK window 65160 = rounddown(65536, 1448) and the peer’s TSval echoed', () => {
    const h = new Harness();
    h.call({
      kind: 'accept-syn', iss: LOCAL_ISS, tsOffset: 0, mtu: 1500,
      seg: h.seg({ seq: REMOTE_ISS, ack: 0, flags: TCP_SYN, window: 64240, options: linuxSynOptions(4242, 0) }),
    });
    expect(h.state).toBe('SYN-RECEIVED');
    h.expectSent([{
      seq: LOCAL_ISS, ack: REMOTE_ISS + 1, flags: TCP_SYN | TCP_ACK, window: 65160,
      options: [
        { kind: 'mss', mss: 1460 }, { kind: 'sackPermitted' }, { kind: 'timestamps', tsval: T0 / MS, tsecr: 4242 },
        { kind: 'nop' }, { kind: 'wscale', shift: 7 },
      ],
    }]);
  });

  it('leaves out WS and TS when the SYN had none: window rounddown(65536, 1460) = 64240', () => {
    const h = new Harness();
    h.call({
      kind: 'accept-syn', iss: LOCAL_ISS, tsOffset: 0, mtu: 1500,
      seg: h.seg({ seq: REMOTE_ISS, ack: 0, flags: TCP_SYN, window: 64240, options: [{ kind: 'mss', mss: 1460 }] }),
    });
    h.expectSent([{ options: [{ kind: 'mss', mss: 1460 }], window: 64240 }]);
    expect(h.tcb.rcvWscale).toBe(0);
  });

  it('becomes ESTABLISHED on the ACK of its SYN/ACK, scaling the peer window', () => {
    const h = connIn('SYN-RECEIVED');
    h.feed({ seq: REMOTE_ISS + 1, ack: LOCAL_ISS + 1, window: 502 });
    expect(h.state).toBe('ESTABLISHED');
    expect(h.tcb.sndWnd).toBe(502 * 128);
    h.expectNothing();
  });

  it('resends the SYN/ACK when the SYN is retransmitted', () => {
    const h = connIn('SYN-RECEIVED');
    h.feed({ seq: REMOTE_ISS, ack: 0, flags: TCP_SYN, window: 64240, options: linuxSynOptions(777, 0) });
    h.expectSent([{ seq: LOCAL_ISS, flags: TCP_SYN | TCP_ACK }]);
  });

  it('retransmits the SYN/ACK 5 times (tcp_synack_retries) and then closes silently', () => {
    const h = connIn('SYN-RECEIVED');
    let synacks = 0;
    for (let i = 0; i < 20 && h.state === 'SYN-RECEIVED'; i++) {
      h.now = h.tcb.rtoAt;
      h.timer('rto');
      synacks += h.take().length;
    }
    expect(synacks).toBe(5);
    expect(h.state).toBe('CLOSED');
    expect(h.tcb.err).toBe(0);
  });

  it('resets an ACK that does not acknowledge its SYN', () => {
    const h = connIn('SYN-RECEIVED');
    h.feed({ seq: REMOTE_ISS + 1, ack: LOCAL_ISS + 9, window: 502 });
    h.expectSent([{ seq: LOCAL_ISS + 9, flags: TCP_RST }]);
    expect(h.state).toBe('SYN-RECEIVED');
  });
});

describe('tcpStep at the end of a retransmitted handshake', () => {
  it('sets RTO to 3 s when the handshake gave no RTT sample (RFC 6298 §5.7, TCP_TIMEOUT_FALLBACK)', () => {
    const h = connIn('SYN-RECEIVED');
    h.now = h.tcb.rtoAt;
    h.timer('rto'); // SYN/ACK retransmitted: Karn forbids a sample
    h.take();
    h.advance(MS);
    h.feed({ seq: REMOTE_ISS + 1, ack: LOCAL_ISS + 1, window: 502 });
    expect(h.state).toBe('ESTABLISHED');
    expect(h.tcb.rto).toBe(3000 * MS);
  });
});
