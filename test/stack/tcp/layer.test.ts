import { describe, expect, it } from 'vitest';
import { Pair, A_ADDR, B_ADDR, MS } from '../../helpers/pair.ts';
import { TCP_ACK, TCP_RST, TCP_SYN } from '../../../src/stack/wire/tcp.ts';
import {
  EADDRINUSE, EADDRNOTAVAIL, EAGAIN, ECONNREFUSED, ECONNRESET, EHOSTUNREACH, ENETUNREACH, ETIMEDOUT,
} from '../../../src/stack/abi/errno.ts';
import { POLLERR, POLLHUP, POLLIN, POLLOUT } from '../../../src/stack/abi/linux.ts';
import { ipv4 } from '../../../src/stack/wire/addr.ts';

function listenOn(p: Pair, port: number, backlog = 1): number {
  const s = p.b.open();
  expect(p.b.bind(s, 0, port)).toBe(0);
  expect(p.b.listen(s, backlog, p.now)).toBe(0);
  return s;
}

function connected(p: Pair, port = 10000): { cli: number; srv: number; lsn: number } {
  const lsn = listenOn(p, port);
  const cli = p.a.open();
  expect(p.a.connect(cli, B_ADDR, port, p.now)).toBe(0);
  p.drive(p.now + 10 * MS);
  const srv = p.b.accept(lsn, p.now);
  expect(srv).toBeGreaterThan(0);
  return { cli, srv, lsn };
}

describe('TcpLayer: connect', () => {
  it('picks an even ephemeral port in 32768–60999', () => {
    for (let seed = 1; seed < 20; seed++) {
      const p = new Pair({ seed });
      const s = p.a.open();
      p.a.connect(s, B_ADDR, 9, 0);
      const [, port] = p.a.localName(s)!;
      expect(port).toBeGreaterThanOrEqual(32768);
      expect(port).toBeLessThanOrEqual(60999);
      expect(port % 2).toBe(0);
    }
  });

  it('to a port with no listener: the peer answers RST/ACK and connect fails with ECONNREFUSED', () => {
    const p = new Pair();
    const s = p.a.open();
    p.a.connect(s, B_ADDR, 10000, 0);
    p.drive();
    const [syn, rst] = p.wire.map((w) => w.seg);
    expect(rst!.flags).toBe(TCP_RST | TCP_ACK);
    expect(rst!.ack).toBe((syn!.seq + 1) >>> 0);
    expect(rst!.window).toBe(0);
    expect(rst!.options).toEqual([]);
    expect(p.a.poll(s) & POLLERR).toBe(POLLERR);
    expect(p.a.takeError(s)).toBe(ECONNREFUSED);
    expect(p.a.takeError(s)).toBe(0);
  });

  it('to an address where nobody answers: ETIMEDOUT after 127 s and 7 SYNs', () => {
    const p = new Pair({ bAnswers: false });
    const s = p.a.open();
    p.a.connect(s, B_ADDR, 10000, 0);
    p.drive();
    expect(p.wire.filter((w) => w.seg.flags === TCP_SYN).map((w) => w.at / 1e9)).toEqual([0, 1, 3, 7, 15, 31, 63]);
    expect(p.now / 1e9).toBe(127);
    expect(p.a.takeError(s)).toBe(ETIMEDOUT);
  });

  it('with no route fails at once with ENETUNREACH', () => {
    const p = new Pair();
    const s = p.a.open();
    expect(p.a.connect(s, ipv4('192.0.2.1'), 80, 0)).toBe(-ENETUNREACH);
  });

  it('aborts with EHOSTUNREACH when ICMP host-unreachable quotes the SYN', () => {
    const p = new Pair({ bAnswers: false });
    const s = p.a.open();
    p.a.connect(s, B_ADDR, 10000, 0);
    const [, port] = p.a.localName(s)!;
    p.a.icmpError(A_ADDR, port, B_ADDR, 10000, 3, 1, 3000 * MS);
    expect(p.a.takeError(s)).toBe(EHOSTUNREACH);
  });

  it('completes the handshake: POLLOUT on the client, the child in the accept queue (POLLIN on the listener)', () => {
    const p = new Pair();
    const lsn = listenOn(p, 10000);
    const cli = p.a.open();
    p.a.connect(cli, B_ADDR, 10000, 0);
    expect(p.a.poll(cli) & POLLOUT).toBe(0);
    p.drive(10 * MS);
    expect(p.a.poll(cli) & POLLOUT).toBe(POLLOUT);
    expect(p.b.poll(lsn)).toBe(POLLIN);
    const srv = p.b.accept(lsn, p.now);
    expect(p.b.peerName(srv)).toEqual(p.a.localName(cli));
    expect(p.b.accept(lsn, p.now)).toBe(-EAGAIN);
  });
});

describe('TcpLayer: bind and listen', () => {
  it('refuses a second bind to the same port with EADDRINUSE', () => {
    const p = new Pair();
    listenOn(p, 10000);
    const s = p.b.open();
    expect(p.b.bind(s, 0, 10000)).toBe(-EADDRINUSE);
  });

  it('refuses an address that is not the host’s with EADDRNOTAVAIL', () => {
    const p = new Pair();
    const s = p.b.open();
    expect(p.b.bind(s, ipv4('10.9.9.9'), 10000)).toBe(-EADDRNOTAVAIL);
  });

  it('allows SO_REUSEADDR rebinding while the old connection sits in TIME-WAIT, but not without it', () => {
    const p = new Pair();
    const lsn = p.b.open();
    p.b.setOption(lsn, 'SO_REUSEADDR', 1);
    p.b.bind(lsn, 0, 10000);
    p.b.listen(lsn, 1, 0);
    const cli = p.a.open();
    p.a.connect(cli, B_ADDR, 10000, 0);
    p.drive(10 * MS);
    const srv = p.b.accept(lsn, p.now);
    p.b.close(srv, p.now); // the server closes first: it will hold TIME-WAIT
    p.drive(p.now + 10 * MS);
    p.a.close(cli, p.now);
    p.drive(p.now + 10 * MS);
    p.b.close(lsn, p.now);
    expect(p.b.rows().map((r) => r.state)).toEqual(['TIME-WAIT']);
    const plain = p.b.open();
    expect(p.b.bind(plain, 0, 10000)).toBe(-EADDRINUSE);
    const reuse = p.b.open();
    p.b.setOption(reuse, 'SO_REUSEADDR', 1);
    expect(p.b.bind(reuse, 0, 10000)).toBe(0);
  });

  it('answers a SYN beyond listen(0)\'s one request with a cookie (tcp_syncookies=1); its ACK is dropped while the accept queue is full, and its data brings it in after accept()', () => {
    // measured on real 6.18.44 (two namespaces, raw SYNs whose SYN-ACKs go unanswered): listen(0)
    // with 3 SYNs keeps 1 SYN-RECV and sends 2 cookies; listen(1) with 4 keeps 2 and sends 2
    const p = new Pair();
    const lsn = listenOn(p, 10000, 0);
    const c1 = p.a.open();
    const c2 = p.a.open();
    p.a.connect(c1, B_ADDR, 10000, 0);
    p.a.connect(c2, B_ADDR, 10000, 0);
    p.drive(10 * MS);
    // c2 thinks it is connected; the server kept no request for it
    expect(p.b.rows().map((r) => r.state).sort()).toEqual(['ESTAB', 'LISTEN']);
    expect(p.a.poll(c2) & POLLOUT).toBe(POLLOUT);
    expect(p.b.accept(lsn, p.now)).toBeGreaterThan(0);
    p.drive(p.now + 2000 * MS); // no SYN/ACK retransmission: nothing to retransmit
    expect(p.b.accept(lsn, p.now)).toBe(-EAGAIN);
    expect(p.a.send(c2, new Uint8Array(10), p.now)).toBe(10);
    p.drive(p.now + 10 * MS); // its ACK field carries the cookie again
    expect(p.b.accept(lsn, p.now)).toBeGreaterThan(0);
    expect(p.a.poll(c2) & POLLERR).toBe(0);
  });

  it('listen(1) keeps two requests of four simultaneous SYNs and answers the others with cookies, whose ACKs find the accept queue full', () => {
    // as measured on real 6.18.44: listen(1) with 4 SYNs keeps 2 SYN-RECV and sends 2 cookies
    const p = new Pair();
    const lsn = listenOn(p, 10000, 1);
    const clients = [1, 2, 3, 4].map(() => p.a.open());
    for (const c of clients) p.a.connect(c, B_ADDR, 10000, 0);
    p.drive(p.latency); // the SYNs are in, their ACKs not yet
    expect(p.b.rows().map((r) => r.state).sort()).toEqual(['LISTEN', 'SYN-RECV', 'SYN-RECV']);
    p.drive(10 * MS);
    expect(p.b.rows().map((r) => r.state).sort()).toEqual(['ESTAB', 'ESTAB', 'LISTEN']);
    for (const c of clients) expect(p.a.poll(c) & POLLOUT).toBe(POLLOUT);
    expect(p.b.accept(lsn, p.now)).toBeGreaterThan(0);
    expect(p.b.accept(lsn, p.now)).toBeGreaterThan(0);
    expect(p.b.accept(lsn, p.now)).toBe(-EAGAIN);
  });

  it('drops a SYN while the accept queue is full; the client’s SYN retransmission at 1 s gets in after accept()', () => {
    const p = new Pair();
    const lsn = listenOn(p, 10000, 0);
    const c1 = p.a.open();
    p.a.connect(c1, B_ADDR, 10000, 0);
    p.drive(10 * MS);
    const c2 = p.a.open();
    p.a.connect(c2, B_ADDR, 10000, p.now);
    p.drive(p.now + 10 * MS);
    expect(p.wire.filter((w) => w.from === 'b' && w.seg.flags === (TCP_SYN | TCP_ACK)).length).toBe(1);
    expect(p.b.accept(lsn, p.now)).toBeGreaterThan(0);
    p.drive(p.now + 1500 * MS);
    expect(p.wire.filter((w) => w.from === 'a' && w.seg.flags === TCP_SYN).length).toBe(3);
    expect(p.b.accept(lsn, p.now)).toBeGreaterThan(0);
  });
});

describe('TcpLayer: data and close', () => {
  it('shows unread bytes as Recv-Q and unacknowledged bytes as Send-Q (ss -tn)', () => {
    const p = new Pair();
    const { cli } = connected(p);
    p.a.send(cli, new Uint8Array(1000), p.now);
    const row = p.a.rows().find((r) => r.id === cli)!;
    expect(row.sendQ).toBe(1000);
    p.drive(p.now + 5 * MS);
    const srvRow = p.b.rows().find((r) => r.state === 'ESTAB')!;
    expect(srvRow.recvQ).toBe(1000);
    expect(p.a.rows().find((r) => r.id === cli)!.sendQ).toBe(0);
  });

  it('close() with unread data resets the peer: its recv fails with ECONNRESET', () => {
    const p = new Pair();
    const { cli, srv } = connected(p);
    p.a.send(cli, new Uint8Array(10), p.now);
    p.drive(p.now + 5 * MS);
    p.b.close(srv, p.now);
    p.drive(p.now + 5 * MS);
    expect(p.wire.at(-1)!.seg.flags).toBe(TCP_RST | TCP_ACK);
    expect(p.a.recv(cli, 10, p.now)).toBe(-ECONNRESET);
    expect(p.a.poll(cli) & POLLHUP).toBe(POLLHUP);
  });

  it('orderly close: FIN from the client, FIN/ACK from the server, both ends gone after TIME-WAIT', () => {
    const p = new Pair();
    const { cli, srv } = connected(p);
    p.a.close(cli, p.now);
    p.drive(p.now + 5 * MS);
    expect(p.b.recv(srv, 10, p.now)).toEqual(new Uint8Array(0));
    p.b.close(srv, p.now);
    p.drive(p.now + 5 * MS);
    expect(p.a.rows().map((r) => r.state)).toEqual(['TIME-WAIT']);
    p.drive();
    expect(p.a.rows()).toEqual([]);
    expect(p.b.rows().map((r) => r.state)).toEqual(['LISTEN']);
  });

  it('simultaneous close: both in CLOSING, then TIME-WAIT on both sides', () => {
    const p = new Pair();
    const { cli, srv } = connected(p);
    p.a.close(cli, p.now);
    p.b.close(srv, p.now);
    p.drive(p.now + 5 * MS);
    expect(p.a.rows().map((r) => r.state)).toEqual(['TIME-WAIT']);
    expect(p.b.rows().filter((r) => r.state !== 'LISTEN').map((r) => r.state)).toEqual(['TIME-WAIT']);
  });
});
