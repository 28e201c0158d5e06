/**
 * The socket's owner (src/stack/tcp/owner.ts): segments that arrive while a system call holds
 * the socket wait for its release, and a waiting reader may take a segment's ACK.
 */
import { describe, expect, it } from 'vitest';
import { Pair, B_ADDR, MS } from '../../helpers/pair.ts';

const US = 1_000;
const BLOCK = new Uint8Array(16384);

/** a connection over 3 µs links with veth's GSO limit, 128 KiB sent and acknowledged (cwnd past 2 × 12 packets) */
function warm(): { p: Pair; cli: number; srv: number } {
  const p = new Pair({ latency: 3 * US, gsoMaxSize: 65536 });
  const lsn = p.b.open();
  p.b.bind(lsn, 0, 10000);
  p.b.listen(lsn, 1, p.now);
  const cli = p.a.open();
  p.a.connect(cli, B_ADDR, 10000, p.now);
  p.drive(p.now + MS);
  const srv = p.b.accept(lsn, p.now);
  for (let sent = 0; sent < 8 * BLOCK.length;) {
    const n = p.a.send(cli, BLOCK, p.now);
    if (n > 0) sent += n;
    p.drive(p.now + 20 * US);
    p.b.recv(srv, 1 << 18, p.now);
  }
  p.drive(p.now + MS);
  p.b.recv(srv, 1 << 18, p.now);
  p.drive(p.now + MS);
  expect(p.a.info!(cli, p.now)!.tcpi_snd_cwnd).toBeGreaterThan(24);
  return { p, cli, srv };
}

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

  it('segments wait in the backlog in order and all run at the release, whatever their number', () => {
    const { p, cli, srv } = warm();
    p.b.lock(srv);
    const since = p.now;
    for (let i = 0; i < 3; i++) p.a.send(cli, BLOCK, p.now);
    p.drive(p.now + MS);
    const arrived = dataFrom(p, since);
    expect(arrived.length).toBeGreaterThan(1);
    expect(p.wire.some((w) => w.from === 'b' && w.at >= since)).toBe(false); // no ACK while owned
    expect(p.b.recv(srv, 1 << 18, p.now)).toBe(-11); // EAGAIN: nothing processed yet
    p.b.send(srv, new Uint8Array(0), p.now); // the call's end releases the socket
    expect(p.b.recv(srv, 1 << 18, p.now)).toHaveLength(arrived.reduce((a, b) => a + b, 0));
  });
});

describe('a reader waiting in recv() that takes the ACK (owner.reader)', () => {
  const ackDelay = (takes: boolean): number => {
    const { p, cli, srv } = warm();
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
});
