import { describe, expect, it } from 'vitest';
import { TCP_ACK, TCP_FIN, TCP_PSH, TCP_RST, TCP_SYN } from '../../../src/stack/wire/tcp.ts';
import { ECONNRESET } from '../../../src/stack/abi/errno.ts';
import { bytes, configOf, connIn, LOCAL_ISS, MS, REMOTE_ISS } from './fixture.ts';
import { WSL2_PROFILE } from '../../../src/stack/kernel/profile.ts';
import { SKB_TX_TRUESIZE } from '../../../src/stack/tcp/linux.ts';
import { receiveWindow } from '../../../src/stack/tcp/window.ts';

const DATA = new TextEncoder().encode('INI ADALAH DATA YANG DIKIRIM ABCDEFGHIJKLMNOPQ');

describe('tcpStep in ESTABLISHED: sending', () => {
  it('sends a 46-byte write as one PSH/ACK segment (calibration frame 6)', () => {
    const h = connIn('ESTABLISHED');
    expect(h.call({ kind: 'send', data: DATA })).toBe(46);
    h.expectSent([{ seq: LOCAL_ISS + 1, ack: REMOTE_ISS + 1, flags: TCP_ACK | TCP_PSH, len: 46, window: 502 }]);
  });

  it('cuts a 5000-byte write into 1448-byte segments (MSS 1460 − 12 bytes of timestamps), PSH on the last', () => {
    const h = connIn('ESTABLISHED');
    h.call({ kind: 'send', data: bytes(5000) });
    h.expectSent([
      { flags: TCP_ACK, len: 1448 }, { flags: TCP_ACK, len: 1448 }, { flags: TCP_ACK, len: 1448 },
      { flags: TCP_ACK | TCP_PSH, len: 656 },
    ]);
  });

  it('sends at most the initial congestion window of 10 segments (RFC 6928)', () => {
    const h = connIn('ESTABLISHED');
    h.call({ kind: 'send', data: bytes(14480 + 100) });
    expect(h.take().length).toBe(10);
  });

  it('holds a second small write while the first small segment is unacknowledged (Nagle, Minshall)', () => {
    const h = connIn('ESTABLISHED');
    h.call({ kind: 'send', data: bytes(32) });
    h.expectSent([{ len: 32 }]);
    h.call({ kind: 'send', data: bytes(14) });
    h.expectNothing();
    h.feed({ ack: LOCAL_ISS + 1 + 32 });
    h.expectSent([{ seq: LOCAL_ISS + 33, len: 14, flags: TCP_ACK | TCP_PSH }]);
  });

  it('sends the second small write at once with TCP_NODELAY', () => {
    const h = connIn('ESTABLISHED');
    h.call({ kind: 'setsockopt', opt: 'nodelay', value: 1 });
    h.call({ kind: 'send', data: bytes(32) });
    h.call({ kind: 'send', data: bytes(14) });
    h.expectSent([{ len: 32 }, { len: 14 }]);
  });

  it('takes whole skbs while sk_wmem_queued (bytes + truesize each) is below the send buffer (2 × 10 × 2304 = 46080), then says EAGAIN', () => {
    const h = connIn('ESTABLISHED');
    expect(h.tcb.sndBuf).toBe(46080);
    // no GSO here: one MSS per skb, each charged its bytes and SKB_TX_TRUESIZE
    const skbs = Math.ceil(46080 / (h.tcb.mss + SKB_TX_TRUESIZE));
    expect(h.call({ kind: 'send', data: bytes(100_000) })).toBe(skbs * h.tcb.mss);
    expect(h.call({ kind: 'send', data: bytes(10) })).toBe(-11);
  });

  it('sends nothing into a zero window and probes it with SND.UNA − 1 when the persist timer fires', () => {
    const h = connIn('ESTABLISHED');
    h.feed({ window: 0 });
    h.call({ kind: 'send', data: bytes(100) });
    h.expectNothing();
    expect(h.tcb.persistAt).toBeGreaterThan(h.now);
    h.now = h.tcb.persistAt;
    h.timer('persist');
    h.expectSent([{ seq: LOCAL_ISS, flags: TCP_ACK, len: 0 }]);
    h.feed({ window: 502 });
    h.expectSent([{ seq: LOCAL_ISS + 1, len: 100 }]);
  });

  it('sends an MSS-capped probe with data when the window opened less than a segment', () => {
    const h = connIn('ESTABLISHED');
    h.feed({ window: 0 });
    h.call({ kind: 'send', data: bytes(3000) });
    h.feed({ window: 4, seq: h.tcb.rcvNxt });
    h.expectNothing();
    h.now = h.tcb.persistAt;
    h.timer('persist');
    h.expectSent([{ seq: LOCAL_ISS + 1, len: 512, flags: TCP_ACK | TCP_PSH }]);
  });
});

describe('tcpStep in ESTABLISHED: retransmission', () => {
  it('probes the lost tail at RTO = SRTT + max(4·RTTVAR, 200 ms) — 201 ms after a 1 ms handshake RTT — then retransmits on the RTO', () => {
    const h = connIn('ESTABLISHED');
    h.call({ kind: 'send', data: bytes(46) });
    const sentAt = h.now;
    h.take();
    // one packet in flight: PTO = 2·SRTT + TCP_RTO_MIN = 202 ms, no later than the RTO (tcp_schedule_loss_probe)
    expect(h.tcb.rtoAt - sentAt).toBe(201 * MS);
    expect(h.tcb.rtoIsProbe).toBe(true);
    h.now = h.tcb.rtoAt;
    h.timer('rto');
    h.expectSent([{ seq: LOCAL_ISS + 1, len: 46, flags: TCP_ACK | TCP_PSH }]); // the tail loss probe
    expect(h.tcb.rtoAt - h.now).toBe(201 * MS); // the RTO restarts from the probe, not backed off
    h.now = h.tcb.rtoAt;
    h.timer('rto');
    h.expectSent([{ seq: LOCAL_ISS + 1, len: 46, flags: TCP_ACK | TCP_PSH }]);
    expect(h.tcb.rtoAt - h.now).toBe(402 * MS);
  });

  it('without SACK, fast-retransmits the first segment on the third duplicate ACK (RFC 5681 §3.2)', () => {
    // with SACK, RACK (rack.ts) needs SACK blocks to call a packet lost; a peer without SACK is NewReno's
    const h = connIn('ESTABLISHED', configOf({ ...WSL2_PROFILE, tcpSack: false }));
    h.feed({}); // the peer's first scaled window: later ACKs repeat it
    h.call({ kind: 'send', data: bytes(1448 * 5) });
    h.take();
    for (let i = 0; i < 2; i++) h.feed({ ack: LOCAL_ISS + 1 });
    h.expectNothing();
    h.feed({ ack: LOCAL_ISS + 1 });
    h.expectSent([{ seq: LOCAL_ISS + 1, len: 1448 }]);
  });
});

describe('tcpStep in ESTABLISHED: receiving', () => {
  it('ACKs the first data segment at once (quick-ack at connection start, calibration frame 7)', () => {
    const h = connIn('ESTABLISHED');
    h.feed({ flags: TCP_ACK | TCP_PSH, payload: DATA });
    h.expectSent([{ seq: LOCAL_ISS + 1, ack: REMOTE_ISS + 1 + 46, flags: TCP_ACK, window: 502 }]);
    expect(h.call({ kind: 'recv', n: 32 })).toEqual(DATA.subarray(0, 32));
    expect(h.call({ kind: 'recv', n: 32 })).toEqual(DATA.subarray(32));
    expect(h.call({ kind: 'recv', n: 32 })).toBe(-11);
  });

  it('delays the ACK once the connection is interactive (pingpong) and piggybacks it on the reply', () => {
    const h = connIn('ESTABLISHED');
    h.feed({ flags: TCP_ACK | TCP_PSH, payload: DATA });
    h.take();
    h.call({ kind: 'send', data: bytes(10) }); // a reply within ATO: pingpong mode
    h.take();
    h.feed({ flags: TCP_ACK | TCP_PSH, payload: bytes(5), ack: h.tcb.sndNxt });
    h.expectNothing();
    expect(h.tcb.delackAt).toBeGreaterThan(h.now);
    h.call({ kind: 'send', data: bytes(3) });
    h.expectSent([{ ack: REMOTE_ISS + 1 + 46 + 5, len: 3 }]);
    expect(h.tcb.delackAt).toBe(0);
  });

  it('sends the delayed ACK when the delayed-ACK timer fires (at most 200 ms)', () => {
    const h = connIn('ESTABLISHED');
    h.feed({ flags: TCP_ACK | TCP_PSH, payload: DATA });
    h.call({ kind: 'send', data: bytes(10) });
    h.take();
    h.feed({ flags: TCP_ACK | TCP_PSH, payload: bytes(5), ack: h.tcb.sndNxt });
    const due = h.tcb.delackAt;
    expect(due - h.now).toBeLessThanOrEqual(200 * MS);
    expect(due - h.now).toBeGreaterThanOrEqual(40 * MS);
    h.now = due;
    h.timer('delack');
    h.expectSent([{ flags: TCP_ACK, len: 0, ack: REMOTE_ISS + 1 + 46 + 5 }]);
  });

  it('answers an out-of-order segment with a duplicate ACK carrying a SACK block (RFC 2018)', () => {
    const h = connIn('ESTABLISHED');
    const base = h.tcb.rcvNxt;
    h.feed({ seq: base + 100, payload: bytes(50) });
    const [ack] = h.expectSent([{ ack: base }]);
    expect(ack!.options.at(-1)).toEqual({ kind: 'sack', blocks: [[base + 100, base + 150]] });
    h.feed({ seq: base, payload: bytes(100) });
    h.expectSent([{ ack: base + 150 }]);
    expect((h.call({ kind: 'recv', n: 1000 }) as Uint8Array).length).toBe(150);
  });

  it('answers an old duplicate with an immediate ACK', () => {
    const h = connIn('ESTABLISHED');
    h.feed({ payload: bytes(10) });
    h.take();
    h.feed({ seq: REMOTE_ISS + 1, payload: bytes(10) });
    h.expectSent([{ ack: REMOTE_ISS + 11 }]);
  });

  it('resets on a RST at exactly RCV.NXT and reports ECONNRESET', () => {
    const h = connIn('ESTABLISHED');
    h.feed({ flags: TCP_RST, seq: REMOTE_ISS + 1 });
    expect(h.state).toBe('CLOSED');
    expect(h.call({ kind: 'recv', n: 10 })).toBe(-ECONNRESET);
  });

  it('sends a challenge ACK for an in-window RST that is not exact (RFC 5961 §3.2)', () => {
    const h = connIn('ESTABLISHED');
    h.feed({ flags: TCP_RST, seq: REMOTE_ISS + 100 });
    expect(h.state).toBe('ESTABLISHED');
    h.expectSent([{ flags: TCP_ACK, ack: REMOTE_ISS + 1 }]);
  });

  it('sends a challenge ACK for a SYN (RFC 5961 §4)', () => {
    const h = connIn('ESTABLISHED');
    h.feed({ flags: TCP_SYN, seq: REMOTE_ISS + 1 });
    expect(h.state).toBe('ESTABLISHED');
    h.expectSent([{ flags: TCP_ACK }]);
  });

  it('advertises a zero window when the reader leaves the buffer full, and updates it after a read', () => {
    const h = connIn('ESTABLISHED');
    h.call({ kind: 'setsockopt', opt: 'rcvbuf', value: 0 }); // locked at SOCK_MIN_RCVBUF
    let sent = 0;
    // the peer keeps to the window it is offered: Linux drops a segment that runs past the
    // window's edge while data waits in the receive queue (tcp_sequence(); the kernel's own
    // selftests tcp_rcv_big_endseq.pkt and tcp_rcv_toobig.pkt), it never trims one
    for (let i = 0; i < 200; i++) {
      const before = h.tcb.rcvNxt;
      const room = receiveWindow(h.tcb);
      if (room === 0) break;
      h.feed({ seq: before, payload: bytes(Math.min(1448, room)) });
      if (h.tcb.rcvNxt === before) break;
      sent += h.tcb.rcvNxt - before;
    }
    h.advance(200 * MS); // the delayed ACK of the last segment, if it waits
    h.fireDue();
    const last = h.take().at(-1)!;
    expect(last.window).toBe(0);
    expect(sent).toBeGreaterThan(0);
    h.call({ kind: 'recv', n: 100_000 });
    const upd = h.take();
    expect(upd.length).toBe(1);
    expect(upd[0]!.window).toBeGreaterThan(0);
  });
});

describe('tcpStep in ESTABLISHED: FIN', () => {
  it('moves to CLOSE-WAIT on FIN, returns end of stream, and delays the ACK (pingpong)', () => {
    const h = connIn('ESTABLISHED');
    h.feed({ flags: TCP_FIN | TCP_ACK });
    expect(h.state).toBe('CLOSE-WAIT');
    h.expectNothing();
    expect(h.call({ kind: 'recv', n: 10 })).toEqual(new Uint8Array(0));
  });

  it('close() sends FIN/ACK and moves to FIN-WAIT-1 (calibration frame 12)', () => {
    const h = connIn('ESTABLISHED');
    h.call({ kind: 'close' });
    expect(h.state).toBe('FIN-WAIT-1');
    h.expectSent([{ seq: LOCAL_ISS + 1, flags: TCP_FIN | TCP_ACK, len: 0 }]);
  });

  it('close() with unread data sends RST/ACK instead of FIN (RFC 2525 §2.17, tcp_close)', () => {
    const h = connIn('ESTABLISHED');
    h.feed({ payload: bytes(10) });
    h.take();
    h.call({ kind: 'close' });
    expect(h.state).toBe('CLOSED');
    h.expectSent([{ flags: TCP_RST | TCP_ACK, seq: LOCAL_ISS + 1 }]);
  });

  it('puts FIN on the last data segment when close() follows a write that Nagle holds', () => {
    const h = connIn('ESTABLISHED');
    h.call({ kind: 'send', data: bytes(10) });
    h.call({ kind: 'send', data: bytes(10) });
    h.call({ kind: 'close' });
    h.expectSent([{ len: 10, flags: TCP_ACK | TCP_PSH }, { len: 10, flags: TCP_ACK | TCP_PSH | TCP_FIN }]);
  });
});

describe('tcpStep in ESTABLISHED: SACK-based recovery (RFC 2018, RFC 6675)', () => {
  const SEG = 1448;
  const sackAck = (h: ReturnType<typeof connIn>, blocks: [number, number][]) =>
    h.feed({
      ack: LOCAL_ISS + 1,
      options: [
        { kind: 'nop' }, { kind: 'nop' }, { kind: 'timestamps', tsval: h.peerTs, tsecr: h.tcb.tsRecent },
        { kind: 'nop' }, { kind: 'nop' }, { kind: 'sack', blocks },
      ],
    });
  const at = (i: number) => LOCAL_ISS + 1 + i * SEG;

  it('RACK: three SACKed packets above a hole make it lost at once; PRR lets one retransmission out per delivered packet, skipping SACKed segments', () => {
    const h = connIn('ESTABLISHED');
    h.feed({});
    h.call({ kind: 'send', data: bytes(SEG * 8) });
    h.take();
    // segments 0 and 2 are lost; the peer holds 1 and 3..5 (ACKs 0.1 ms apart)
    h.advance(MS / 10);
    sackAck(h, [[at(1), at(2)]]);
    h.advance(MS / 10);
    sackAck(h, [[at(3), at(4)], [at(1), at(2)]]);
    h.expectNothing(); // below tcp_reordering SACKed packets: RACK waits min_rtt/4 (its timer)
    expect(h.tcb.rtoIsReo).toBe(true);
    h.advance(MS / 10);
    sackAck(h, [[at(4), at(5)], [at(3), at(4)], [at(1), at(2)]]);
    h.expectSent([{ seq: at(0), len: SEG }]);
    h.advance(MS / 10);
    sackAck(h, [[at(5), at(6)], [at(3), at(5)], [at(1), at(2)]]);
    h.expectSent([{ seq: at(2), len: SEG }]);
  });

  it('after a timeout resends only what the peer did not SACK', () => {
    const h = connIn('ESTABLISHED');
    h.feed({});
    h.call({ kind: 'send', data: bytes(SEG * 4) });
    h.take();
    sackAck(h, [[at(1), at(3)]]);
    h.take();
    h.now = h.tcb.rtoAt;
    h.timer('rto'); // RACK's reordering timeout (in place of the loss probe): segment 0 is lost
    h.expectSent([{ seq: at(0), len: SEG }]);
    h.now = h.tcb.rtoAt;
    h.timer('rto'); // the retransmission timeout
    h.expectSent([{ seq: at(0), len: SEG }]);
    h.feed({ ack: at(1) });
    const seqs = h.take().map((s) => s.seq);
    expect(seqs).not.toContain(at(1));
    expect(seqs).not.toContain(at(2));
    expect(seqs).toContain(at(3));
  });
});

describe('tcpStep in ESTABLISHED: forced push', () => {
  it('marks PSH inside one long write once more than half the peer’s largest window is unpushed (forced_push)', () => {
    const h = connIn('ESTABLISHED'); // the peer's largest window so far: 65160 (half: 32580)
    h.call({ kind: 'setsockopt', opt: 'sndbuf', value: 100_000 }); // room for the whole write
    expect(h.call({ kind: 'send', data: bytes(80_000) })).toBe(80_000);
    const snd = h.conn.snd;
    const seg = (i: number) => [LOCAL_ISS + 1 + i * 1448, LOCAL_ISS + 1 + (i + 1) * 1448] as const;
    // 23 segments = 33304 bytes > 32580: the 23rd segment (index 22) ends with a push
    expect(snd.hasPushMark(...seg(21))).toBe(false);
    expect(snd.hasPushMark(...seg(22))).toBe(true);
    expect(snd.hasPushMark(...seg(23))).toBe(false);
    expect(snd.hasPushMark(...seg(45))).toBe(true);
    expect(snd.hasPushMark(LOCAL_ISS + 1 + 79_000, LOCAL_ISS + 1 + 80_000)).toBe(true);
  });
});

describe('tcpStep in ESTABLISHED: D-SACK (RFC 2883)', () => {
  it('reports a duplicate segment in a D-SACK block of the immediate ACK, once', () => {
    const h = connIn('ESTABLISHED');
    const base = h.tcb.rcvNxt;
    h.feed({ seq: base, payload: bytes(100) });
    h.take();
    h.feed({ seq: base, payload: bytes(100) });
    const [ack] = h.expectSent([{ ack: base + 100 }]);
    expect(ack!.options.at(-1)).toEqual({ kind: 'sack', blocks: [[base, base + 100]] });
    h.feed({ seq: base + 100, payload: bytes(10) });
    h.call({ kind: 'recv', n: 1000 });
    for (const s of h.take()) expect(s.options.some((o) => o.kind === 'sack')).toBe(false);
  });
});
