import { describe, expect, it } from 'vitest';
import { Pair, B_ADDR, MS } from '../../helpers/pair.ts';
import { TCP_ACK, TCP_SYN } from '../../../src/stack/wire/tcp.ts';
import { EALREADY, EISCONN, ENOTCONN, EPIPE } from '../../../src/stack/abi/errno.ts';
import { WSL2_PROFILE } from '../../../src/stack/kernel/profile.ts';

function established(p: Pair) {
  const lsn = p.b.open();
  p.b.setOption(lsn, 'SO_REUSEADDR', 1);
  p.b.bind(lsn, 0, 10000);
  p.b.listen(lsn, 1, p.now);
  const cli = p.a.open();
  p.a.connect(cli, B_ADDR, 10000, p.now);
  p.drive(p.now + 10 * MS);
  return { lsn, cli, srv: p.b.accept(lsn, p.now) };
}

describe('TcpLayer: socket options', () => {
  it('doubles SO_RCVBUF and SO_SNDBUF like Linux and caps them at rmem_max / wmem_max', () => {
    const p = new Pair();
    const s = p.a.open();
    expect(p.a.getOption(s, 'SO_RCVBUF')).toBe(WSL2_PROFILE.tcpRmem[1]);
    expect(p.a.getOption(s, 'SO_SNDBUF')).toBe(WSL2_PROFILE.tcpWmem[1]);
    p.a.setOption(s, 'SO_RCVBUF', 8192);
    expect(p.a.getOption(s, 'SO_RCVBUF')).toBe(16384);
    p.a.setOption(s, 'SO_SNDBUF', 10_000_000);
    expect(p.a.getOption(s, 'SO_SNDBUF')).toBe(2 * WSL2_PROFILE.wmemMax);
  });

  it('a small SO_RCVBUF set before connect() shrinks the SYN window and the window scale', () => {
    const p = new Pair();
    const s = p.a.open();
    p.a.setOption(s, 'SO_RCVBUF', 8192);
    p.a.connect(s, B_ADDR, 10000, 0);
    const syn = p.wire[0]!.seg;
    expect(syn.window).toBe(7300); // rounddown(16384 / 2, 1460)
    expect(syn.options.at(-1)).toEqual({ kind: 'wscale', shift: 0 });
  });
});

describe('TcpLayer: call errors', () => {
  it('send on a socket never connected is EPIPE, recv is ENOTCONN', () => {
    const p = new Pair();
    const s = p.a.open();
    expect(p.a.send(s, new Uint8Array(1), 0)).toBe(-EPIPE);
    expect(p.a.recv(s, 1, 0)).toBe(-ENOTCONN);
  });

  it('a second connect is EALREADY while connecting and EISCONN once connected', () => {
    const p = new Pair();
    const lsn = p.b.open();
    p.b.bind(lsn, 0, 10000);
    p.b.listen(lsn, 1, 0);
    const s = p.a.open();
    p.a.connect(s, B_ADDR, 10000, 0);
    expect(p.a.connect(s, B_ADDR, 10000, 0)).toBe(-EALREADY);
    p.drive(10 * MS);
    expect(p.a.connect(s, B_ADDR, 10000, p.now)).toBe(-EISCONN);
  });

  it('shutdown(SHUT_RD) makes recv return end of stream', () => {
    const p = new Pair();
    const { cli } = established(p);
    expect(p.a.shutdown(cli, 0, p.now)).toBe(0);
    expect(p.a.recv(cli, 10, p.now)).toEqual(new Uint8Array(0));
  });
});

describe('TcpLayer: TIME-WAIT', () => {
  it('lets a new SYN on the same 4-tuple reopen a TIME-WAIT connection (ISS = old SND.NXT + 65537)', () => {
    const p = new Pair();
    const { lsn, cli, srv } = established(p);
    const [, cport] = p.a.localName(cli)!;
    p.b.close(srv, p.now);
    p.drive(p.now + 10 * MS);
    p.a.close(cli, p.now);
    p.drive(p.now + 10 * MS);
    expect(p.b.rows().map((r) => r.state).sort()).toEqual(['LISTEN', 'TIME-WAIT']);
    const lastServerSeq = p.wire.filter((w) => w.from === 'b').at(-1)!.seg.seq;
    // a new client socket bound to the same port connects again
    const again = p.a.open();
    p.a.setOption(again, 'SO_REUSEADDR', 1);
    expect(p.a.bind(again, 0, cport)).toBe(0);
    p.a.connect(again, B_ADDR, 10000, p.now);
    p.drive(p.now + 10 * MS);
    const synAck = p.wire.filter((w) => w.from === 'b' && w.seg.flags === (TCP_SYN | TCP_ACK)).at(-1)!.seg;
    expect(synAck.seq).toBe((lastServerSeq + 65537) >>> 0);
    expect(p.b.accept(lsn, p.now)).toBeGreaterThan(0);
  });
});

describe('TcpLayer: LISTEN is a TCP state', () => {
  it('listen() moves the socket to LISTEN through the state table, close() back to CLOSED', () => {
    const p = new Pair();
    const s = p.b.open();
    p.b.bind(s, 0, 9000);
    expect(p.b.info(s, 0)!.tcpi_state).toBe(7); // TCP_CLOSE
    expect(p.b.listen(s, 5, 0)).toBe(0);
    expect(p.b.info(s, 0)!.tcpi_state).toBe(10); // TCP_LISTEN
    expect(p.b.rows().find((r) => r.id === s)!.state).toBe('LISTEN');
    p.b.close(s, 0);
    expect(p.b.rows().find((r) => r.id === s)).toBeUndefined();
  });
});
