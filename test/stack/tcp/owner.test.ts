/**
 * The socket's owner (src/stack/tcp/owner.ts): segments that arrive while a system call holds
 * the socket wait for its release, coalesced as tcp_add_backlog() does, and a waiting reader
 * may take a segment's ACK once the connection has left quick-ACK mode.
 */
import { describe, expect, it } from 'vitest';
import { MS, type Pair } from '../../helpers/pair.ts';
import { BLOCK, US, warmVeth } from '../../helpers/warm-veth.ts';
import { CALIBRATION_PROFILE, type KernelProfile } from '../../../src/stack/kernel/profile.ts';
import { addBacklog, newOwner, releaseOwner } from '../../../src/stack/tcp/owner.ts';
import { TCP_ACK, TCP_CWR, TCP_ECE, TCP_FIN, TCP_PSH, TCP_RST, TCP_SYN, TCP_URG, type TcpSegment } from '../../../src/stack/wire/tcp.ts';


const warm = warmVeth;

/** the sequence number of the client's first data segment sent from `since` on */
const dataSeqFrom = (p: Pair, since: number) => p.wire.find((w) => w.from === 'a' && w.at >= since && w.seg.payload.length > 0)!.seg.seq;

/** the client's data segments sent from `since` on: their lengths */
const dataFrom = (p: Pair, since: number) => p.wire.filter((w) => w.from === 'a' && w.at >= since && w.seg.payload.length > 0).map((w) => w.seg.payload.length);

/** one 16 KiB send, then a second while the first one's ACK is on its way (`locked`: the second's copy began before it arrived) */
function secondSendMeetsAck(locked: boolean): number[] {
  const { p, cli } = warm();
  const since = p.now;
  p.a.send(cli, BLOCK, p.now);
  p.drive(p.now + 4 * US); // the data is at the server, its ACK on the wire back
  if (locked) p.a.lock(cli); // tcp_sendmsg's lock_sock(), its copy under way when the ACK comes
  p.drive(p.now + 4 * US); // the ACK has arrived
  p.a.send(cli, BLOCK, p.now);
  if (locked) p.a.unlock!(cli, p.now); // release_sock() at the end of the timed call
  p.drive(p.now + MS);
  return dataFrom(p, since);
}

describe('a system call holding the socket (sock_owned_by_user)', () => {
  it('an ACK arriving during a send\'s copy runs after its push: Nagle holds the partial tail until then (tcp_mss_split_point)', () => {
    // the push still sees the last send in flight and its small tail (snd_sml): 11 × 1448 go, 456 wait for release_sock
    expect(secondSendMeetsAck(true)).toEqual([16384, 15928, 456]);
  });

  it('without the lock the ACK is processed as it arrives and the send leaves whole', () => {
    expect(secondSendMeetsAck(false)).toEqual([16384, 16384]);
  });

  it('a timed send keeps the lock past its push: an ACK arriving before unlock() waits for it', () => {
    const { p, cli } = warm();
    const since = p.now;
    p.a.lock(cli);
    p.a.send(cli, BLOCK, p.now); // the push: 16 KiB leave; the lock stays (the transmit's softirq work)
    p.drive(p.now + 20 * US); // the ACK is back, the socket still owned
    p.a.send(cli, BLOCK, p.now); // a second call while owned (the same lock): its push sees the first in flight
    expect(dataFrom(p, since)).toEqual([16384, 15928]); // Nagle holds the 456-byte tail behind the unacknowledged send
    p.a.unlock!(cli, p.now);
    p.drive(p.now + MS);
    expect(dataFrom(p, since)).toEqual([16384, 15928, 456]);
  });

  it('segments wait in the backlog in order, kept apart while their sender holds them (skb_cloned: no TCPBacklogCoalesce), and run at the release', () => {
    const { p, cli, srv } = warm();
    p.b.lock(srv);
    const since = p.now;
    for (let i = 0; i < 3; i++) p.a.send(cli, BLOCK, p.now);
    p.drive(p.now + MS);
    const arrived = dataFrom(p, since);
    expect(arrived.length).toBeGreaterThan(1);
    expect(p.wire.some((w) => w.from === 'b' && w.at >= since)).toBe(false); // no ACK while owned
    expect(p.b.recv(srv, 1 << 18, p.now)).toBe(-11); // EAGAIN: nothing processed yet
    expect(p.b.mib!().TcpExtTCPBacklogCoalesce).toBe(0); // nstat's TcpExtTCPBacklogCoalesce, 0 on 6.18's veth too
    const released = p.now;
    p.b.unlock!(srv, p.now);
    // the segments ran, and no ACK yet: while the backlog runs its bytes still count against
    // the buffer (tcp_space() takes sk_backlog.len off, zeroed only once the run is over), so
    // the window would not advance; the read's tcp_cleanup_rbuf() sends one ACK of all
    expect(p.wire.filter((w) => w.from === 'b' && w.at >= released)).toEqual([]);
    expect(p.b.recv(srv, 1 << 18, p.now)).toHaveLength(arrived.reduce((a, b) => a + b, 0));
    p.drive(p.now + MS);
    const ack = p.wire.find((w) => w.from === 'b' && w.at >= released)!;
    expect(ack.seg.ack).toBe((dataSeqFrom(p, since) + arrived.reduce((a, b) => a + b, 0)) >>> 0);
  });

  it('two sends 20 µs apart get an ACK each; both waiting in the backlog, the run answers the first at once (5.15), or both with one ACK (6.18: tcp_backlog_ack_defer)', () => {
    /** the server's ACKs from the release on: the acknowledged sequence, relative to the first block's start */
    const acksAtRelease = (locked: boolean, profile?: KernelProfile): number[] => {
      const { p, cli, srv } = warm(8, profile);
      if (locked) p.b.lock(srv);
      const t0 = p.now;
      p.a.send(cli, BLOCK, p.now);
      p.drive(p.now + 20 * US);
      p.a.send(cli, BLOCK, p.now);
      p.drive(p.now + MS);
      const released = p.now;
      if (locked) p.b.unlock!(srv, p.now);
      p.drive(p.now + US);
      const start = dataSeqFrom(p, t0);
      return p.wire.filter((x) => x.from === 'b' && x.at >= (locked ? released : t0)).map((x) => (x.seg.ack - start) >>> 0);
    };
    expect(acksAtRelease(false)).toEqual([16384, 32768]);
    expect(acksAtRelease(true)).toEqual([16384]); // the second waits (its window would shrink): the delayed-ACK timer's
    expect(acksAtRelease(true, CALIBRATION_PROFILE)).toEqual([32768]);
  });
});

describe('tcp_add_backlog()\'s coalescing (addBacklog)', () => {
  const TS = [{ kind: 'nop' }, { kind: 'nop' }, { kind: 'timestamps', tsval: 7, tsecr: 9 }] as const;
  const seg = (o: Partial<TcpSegment> = {}): TcpSegment => ({
    srcPort: 1, dstPort: 2, seq: 1000, ack: 5000, flags: TCP_ACK, window: 100, urgent: 0, options: TS,
    payload: new Uint8Array(0), dataOffset: 8, reserved: 0, checksum: 0, ...o,
  });
  const backlog = (...segs: [TcpSegment, number?][]) => {
    const o = newOwner();
    o.owned = true;
    for (const [s, ecn] of segs) addBacklog(o, s, ecn ?? 0);
    return o;
  };

  it('joins what continues the last segment: the later ACK and window win, the payloads join, the flags add up', () => {
    const o = backlog([seg({ payload: new Uint8Array([1, 2]) })], [seg({ seq: 1002, ack: 5100, window: 90, flags: TCP_ACK | TCP_PSH, payload: new Uint8Array([3]) })]);
    expect(o.rxBacklog).toHaveLength(1);
    const m = o.rxBacklog[0]!.seg;
    expect([m.seq, m.ack, m.window, m.flags, [...m.payload]]).toEqual([1000, 5100, 90, TCP_ACK | TCP_PSH, [1, 2, 3]]);
    const ran: [number, number][] = [];
    releaseOwner(o, (s, _ecn, piece) => ran.push([s.payload.length, piece]));
    expect(ran).toEqual([[3, 2]]); // one segment, counted by its largest piece (gso_size)
  });

  it('an older ACK keeps the tail\'s ACK and window; pure ACKs of the same point become one', () => {
    const o = backlog([seg({ ack: 5100, window: 90 })], [seg({ ack: 5000, window: 100 })], [seg({ ack: 5200, window: 80 })]);
    expect(o.rxBacklog.map((b) => [b.seg.ack, b.seg.window, b.pieces])).toEqual([[5200, 80, 3]]);
  });

  it('keeps apart what Linux keeps apart', () => {
    const apart = (next: TcpSegment, ecn = 0) => backlog([seg({ payload: new Uint8Array(10) })], [next, ecn]).rxBacklog.length;
    expect(apart(seg({ seq: 1010 }))).toBe(1); // the control: it continues, it joins
    expect(apart(seg({ seq: 1011 }))).toBe(2); // a gap
    expect(apart(seg({ seq: 1010 }), 1)).toBe(2); // another ECN codepoint (ip_dsfield)
    for (const f of [TCP_SYN, TCP_RST, TCP_URG]) expect(apart(seg({ seq: 1010, flags: TCP_ACK | f }))).toBe(2);
    expect(apart(seg({ seq: 1010, flags: 0 }))).toBe(2); // no ACK
    for (const f of [TCP_ECE, TCP_CWR]) expect(apart(seg({ seq: 1010, flags: TCP_ACK | f }))).toBe(2);
    expect(apart(seg({ seq: 1010, reserved: 1 }))).toBe(2); // AE
    expect(apart(seg({ seq: 1010, options: [{ kind: 'nop' }, { kind: 'nop' }, { kind: 'timestamps', tsval: 8, tsecr: 9 }] }))).toBe(2);
    expect(apart(seg({ seq: 1010, options: [], dataOffset: 5 }))).toBe(2);
  });

  it('a FIN counts in the end sequence (end_seq), and a joining FIN marks the whole', () => {
    expect(backlog([seg({ flags: TCP_ACK | TCP_FIN })], [seg({ seq: 1000 })]).rxBacklog).toHaveLength(2);
    expect(backlog([seg({ flags: TCP_ACK | TCP_FIN })], [seg({ seq: 1001 })]).rxBacklog).toHaveLength(1);
    expect(backlog([seg()], [seg({ flags: TCP_ACK | TCP_FIN })]).rxBacklog.map((b) => b.seg.flags)).toEqual([TCP_ACK | TCP_FIN]);
  });

  it('at most MAX_SKB_FRAGS (17) pieces of data join one skb (skb_try_coalesce)', () => {
    const segs: [TcpSegment][] = Array.from({ length: 18 }, (_, i) => [seg({ seq: 1000 + 10 * i, payload: new Uint8Array(10) })]);
    expect(backlog(...segs).rxBacklog.map((b) => b.pieces)).toEqual([17, 1]);
  });
});

describe('a reader waiting in recv() that takes the ACK (owner.reader)', () => {
  const ackDelay = (takes: boolean, blocks = 24): number => {
    const { p, cli, srv } = warm(blocks);
    p.b.readerWaits(srv, () => takes);
    const sent = p.now;
    p.a.send(cli, BLOCK, p.now);
    p.drive(p.now + 50 * US); // the reader runs 50 µs later
    p.b.readerWaits(srv, null);
    p.b.recv(srv, 1 << 18, p.now);
    p.drive(p.now + MS);
    const ack = p.wire.find((w) => w.from === 'b' && w.at > sent && w.seg.payload.length === 0)!;
    return ack.at - sent;
  };

  it('its ACK leaves when the reader has read (tcp_cleanup_rbuf), not from softirq', () => {
    expect(ackDelay(true)).toBeGreaterThanOrEqual(50 * US);
  });

  it('a segment the reader does not take is acknowledged at once', () => {
    expect(ackDelay(false)).toBeLessThan(10 * US);
  });

  it('in quick-ACK mode (the first 16 ACKs of data) softirq answers at once, reader or not (tcp_in_quickack_mode)', () => {
    expect(ackDelay(true, 4)).toBeLessThan(10 * US);
  });
});

describe('a recv() whose copy a CPU model times (readTimed: tcp_recvmsg holding the lock)', () => {
  /**
   * 16 KiB queued at the server, then its recv() copying with the socket locked while a second
   * 16 KiB arrives; `timed` false: the same recv() untimed (a copy that takes no time)
   */
  function readDuringArrival(timed: boolean) {
    const { p, cli, srv } = warm(24);
    p.a.send(cli, BLOCK, p.now);
    p.drive(p.now + 20 * US); // the first block is queued at the server, acknowledged
    const since = p.now;
    p.b.readTimed!(srv, timed);
    const first = p.b.recv(srv, 1 << 18, p.now) as Uint8Array;
    p.b.readTimed!(srv, false);
    const locked = p.b.reading!(srv);
    p.a.send(cli, BLOCK, p.now); // arrives while the reader copies the first block
    p.drive(p.now + 40 * US);
    const acksDuringCopy = p.wire.filter((w) => w.from === 'b' && w.at > since && w.seg.payload.length === 0).length;
    const more = timed ? p.b.readMore!(srv, (1 << 18) - first.length, p.now) : null;
    const afterFlush = p.wire.filter((w) => w.from === 'b' && w.at > since && w.seg.payload.length === 0).length;
    if (timed) p.b.readEnd!(srv, first.length + (more?.length ?? 0), p.now);
    p.drive(p.now + MS);
    return { first: first.length, locked, acksDuringCopy, more: more?.length ?? 0, afterFlush, stillLocked: p.b.reading!(srv) };
  }

  it('takes what is queued and keeps the lock: what arrives meanwhile waits in the backlog, unacknowledged', () => {
    const r = readDuringArrival(true);
    expect(r.first).toBe(16384);
    expect(r.locked).toBe(true);
    expect(r.acksDuringCopy).toBe(0);
  });

  it('its loop runs the backlog with the lock kept (__sk_flush_backlog): the ACK leaves then, and the new data is taken too', () => {
    const r = readDuringArrival(true);
    expect(r.afterFlush).toBeGreaterThan(0);
    expect(r.more).toBe(16384);
    expect(r.stillLocked).toBe(false); // readEnd(): tcp_cleanup_rbuf(), release_sock()
  });

  it('untimed, the socket is never held: the second block is acknowledged as it arrives', () => {
    const r = readDuringArrival(false);
    expect(r.locked).toBe(false);
    expect(r.acksDuringCopy).toBeGreaterThan(0);
  });

  /**
   * The client's send buffer full and the server's queue holding what its window let in; the
   * server's timed recv() takes it all, and its tcp_cleanup_rbuf() sends the window update that
   * lets the client send again
   */
  function readThatAcks(keepIfSent: boolean) {
    const { p, cli, srv } = warm(24);
    p.a.send(cli, new Uint8Array(1 << 20), p.now);
    p.drive(p.now + MS); // nobody reads: the window is all but closed
    const since = p.now;
    const queued = p.b.queues!(srv)!.inq;
    p.b.readTimed!(srv, true);
    let got = (p.b.recv(srv, 1 << 18, p.now) as Uint8Array).length;
    p.b.readTimed!(srv, false);
    for (let m; (m = p.b.readMore!(srv, (1 << 18) - got, p.now));) got += m.length;
    const held = p.b.readEnd!(srv, got, p.now, keepIfSent);
    const acked = p.wire.filter((w) => w.from === 'b' && w.at >= since).length;
    p.drive(p.now + 20 * US); // the update reaches the client, and its next data comes back
    const answered = p.wire.filter((w) => w.from === 'a' && w.at >= since).reduce((n, w) => n + w.seg.payload.length, 0);
    return { p, srv, queued, got, held, acked, answered, backlogged: p.b.backlogged!(srv), inq: p.b.queues!(srv)!.inq };
  }

  it('a recv() whose tcp_cleanup_rbuf() sends an ACK keeps the lock when asked (keepIfSent): the answer it lets out waits in the backlog until unlock()', () => {
    const r = readThatAcks(true);
    expect(r.got).toBe(r.queued);
    expect(r.acked).toBe(1); // the window update
    expect(r.held).toBe(true);
    expect(r.p.b.reading!(r.srv)).toBe(false); // the read is over; the lock is the CPU model's now
    expect(r.answered).toBeGreaterThan(16384);
    expect(r.backlogged).toBe(r.answered);
    expect(r.inq).toBe(0);
    r.p.b.unlock!(r.srv, r.p.now); // release_sock(): the backlog runs
    expect(r.p.b.backlogged!(r.srv)).toBe(0);
    expect(r.p.b.queues!(r.srv)!.inq).toBe(r.answered);
  });

  it('without keepIfSent readEnd() releases at once: the answer is queued as it arrives', () => {
    const r = readThatAcks(false);
    expect(r.acked).toBe(1);
    expect(r.held).toBe(false);
    expect(r.answered).toBeGreaterThan(16384);
    expect(r.backlogged).toBe(0);
    expect(r.inq).toBe(r.answered);
  });

  it('a cleanup that sends nothing releases at once even with keepIfSent', () => {
    const { p, cli, srv } = warm(24);
    p.a.send(cli, BLOCK, p.now);
    p.drive(p.now + 20 * US); // 16 KiB queued and acknowledged as they came
    const since = p.now;
    p.b.readTimed!(srv, true);
    const got = (p.b.recv(srv, 1 << 18, p.now) as Uint8Array).length;
    p.b.readTimed!(srv, false);
    expect(p.b.readEnd!(srv, got, p.now, true)).toBe(false);
    expect(p.wire.filter((w) => w.from === 'b' && w.at >= since)).toHaveLength(0);
    p.a.send(cli, BLOCK, p.now);
    p.drive(p.now + 20 * US);
    expect(p.b.backlogged!(srv)).toBe(0);
  });

  it('readMore() with an empty backlog ends the loop (null): the queue is not read further without a backlog run', () => {
    const { p, cli, srv } = warm(24);
    p.a.send(cli, BLOCK, p.now);
    p.drive(p.now + 20 * US);
    p.b.readTimed!(srv, true);
    expect((p.b.recv(srv, 1 << 18, p.now) as Uint8Array).length).toBe(16384);
    p.b.readTimed!(srv, false);
    expect(p.b.readMore!(srv, 1 << 18, p.now)).toBeNull();
    p.b.readEnd!(srv, 16384, p.now);
    expect(p.b.reading!(srv)).toBe(false);
  });
});
