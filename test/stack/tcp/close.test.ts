import { describe, expect, it } from 'vitest';
import { TCP_ACK, TCP_FIN, TCP_RST } from '../../../src/stack/wire/tcp.ts';
import { bytes, connIn, LOCAL_ISS, MS, REMOTE_ISS } from './fixture.ts';

describe('tcpStep in FIN-WAIT-1', () => {
  it('moves to FIN-WAIT-2 when the FIN is acknowledged', () => {
    const h = connIn('FIN-WAIT-1');
    h.feed({ ack: LOCAL_ISS + 2 });
    expect(h.state).toBe('FIN-WAIT-2');
    h.expectNothing();
  });

  it('moves to CLOSING on a FIN that does not acknowledge ours, and ACKs it at once (simultaneous close)', () => {
    const h = connIn('FIN-WAIT-1');
    h.feed({ flags: TCP_FIN | TCP_ACK, ack: LOCAL_ISS + 1 });
    expect(h.state).toBe('CLOSING');
    h.expectSent([{ flags: TCP_ACK, seq: LOCAL_ISS + 2, ack: REMOTE_ISS + 2 }]);
  });

  it('goes straight to TIME-WAIT on FIN/ACK acknowledging our FIN (calibration frame 13 → 14)', () => {
    const h = connIn('FIN-WAIT-1');
    h.feed({ flags: TCP_FIN | TCP_ACK, ack: LOCAL_ISS + 2 });
    expect(h.state).toBe('TIME-WAIT');
    h.expectSent([{ flags: TCP_ACK, seq: LOCAL_ISS + 2, ack: REMOTE_ISS + 2 }]);
  });

  it('retransmits the FIN when it is lost', () => {
    const h = connIn('FIN-WAIT-1');
    h.now = h.tcb.rtoAt;
    h.timer('rto');
    h.expectSent([{ flags: TCP_FIN | TCP_ACK, seq: LOCAL_ISS + 1 }]);
  });

  it('answers new data after close() with RST (the reader is gone)', () => {
    const h = connIn('FIN-WAIT-1');
    h.feed({ payload: bytes(5), ack: LOCAL_ISS + 2 });
    expect(h.state).toBe('CLOSED');
    h.expectSent([{ flags: TCP_RST, seq: LOCAL_ISS + 2 }]);
  });
});

describe('tcpStep in FIN-WAIT-2', () => {
  it('ACKs the peer FIN and enters TIME-WAIT', () => {
    const h = connIn('FIN-WAIT-2');
    h.feed({ flags: TCP_FIN | TCP_ACK });
    expect(h.state).toBe('TIME-WAIT');
    h.expectSent([{ flags: TCP_ACK, ack: REMOTE_ISS + 2 }]);
  });

  it('an orphan gives up after tcp_fin_timeout (60 s)', () => {
    const h = connIn('FIN-WAIT-2');
    expect(h.tcb.timewaitAt - h.now).toBe(60_000 * MS);
    h.now = h.tcb.timewaitAt;
    h.timer('timewait');
    expect(h.state).toBe('CLOSED');
    h.expectNothing();
  });
});

describe('tcpStep in CLOSING', () => {
  it('enters TIME-WAIT when our FIN is acknowledged', () => {
    const h = connIn('CLOSING');
    h.feed({ ack: LOCAL_ISS + 2 });
    expect(h.state).toBe('TIME-WAIT');
  });
});

describe('tcpStep in TIME-WAIT', () => {
  it('lasts 60 s (TCP_TIMEWAIT_LEN) and then is CLOSED', () => {
    const h = connIn('TIME-WAIT');
    expect(h.tcb.timewaitAt - h.now).toBe(60_000 * MS);
    h.now += 59_999 * MS;
    h.timer('timewait');
    expect(h.state).toBe('TIME-WAIT');
    h.now += MS;
    h.timer('timewait');
    expect(h.state).toBe('CLOSED');
  });

  it('ACKs a retransmitted FIN again and restarts the 2MSL timer', () => {
    const h = connIn('TIME-WAIT');
    h.now += 10_000 * MS;
    h.feed({ flags: TCP_FIN | TCP_ACK, seq: REMOTE_ISS + 1 });
    h.expectSent([{ flags: TCP_ACK, ack: REMOTE_ISS + 2 }]);
    expect(h.tcb.timewaitAt - h.now).toBe(60_000 * MS);
  });

  it('is ended by a RST (RFC 1337 protection is off in Linux by default)', () => {
    const h = connIn('TIME-WAIT');
    h.feed({ flags: TCP_RST, seq: REMOTE_ISS + 2 });
    expect(h.state).toBe('CLOSED');
  });
});

describe('tcpStep in CLOSE-WAIT', () => {
  it('still sends data', () => {
    const h = connIn('CLOSE-WAIT');
    expect(h.call({ kind: 'send', data: bytes(20) })).toBe(20);
    h.expectSent([{ len: 20 }]);
  });

  it('close() sends FIN and moves to LAST-ACK', () => {
    const h = connIn('CLOSE-WAIT');
    h.call({ kind: 'close' });
    expect(h.state).toBe('LAST-ACK');
    h.expectSent([{ flags: TCP_FIN | TCP_ACK, seq: LOCAL_ISS + 1, ack: REMOTE_ISS + 2 }]);
  });
});

describe('tcpStep in LAST-ACK', () => {
  it('is CLOSED when the FIN is acknowledged', () => {
    const h = connIn('LAST-ACK');
    h.feed({ ack: LOCAL_ISS + 2 });
    expect(h.state).toBe('CLOSED');
    h.expectNothing();
  });

  it('send() fails with EPIPE after close', () => {
    const h = connIn('LAST-ACK');
    expect(h.call({ kind: 'send', data: bytes(1) })).toBe(-32);
  });
});

describe('tcpStep: shutdown(SHUT_WR)', () => {
  it('sends FIN but keeps reading: data after our FIN is delivered, not reset', () => {
    const h = connIn('ESTABLISHED');
    h.call({ kind: 'shutdown', how: 1 });
    h.expectSent([{ flags: TCP_FIN | TCP_ACK }]);
    h.feed({ payload: bytes(7), ack: LOCAL_ISS + 2 });
    expect(h.state).toBe('FIN-WAIT-2');
    expect((h.call({ kind: 'recv', n: 100 }) as Uint8Array).length).toBe(7);
  });
});
