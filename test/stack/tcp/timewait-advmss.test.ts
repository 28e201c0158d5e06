/**
 * Two things Linux does when a connection opens and when it ends, each visible on the wire or
 * in `ss -ti`: advmss loses the timestamp option's 12 bytes once both ends agreed to it (the
 * connecting end before tcp_init_buffer_space, so its window clamp reserves a 1448-byte
 * segment and rcvq_space starts at 14480; the accepting end after it before 6.16), and a closed connection's last segments come from a timewait mini-socket (the
 * window it had at tcp_time_wait, the default TTL).
 */
import { describe, expect, it } from 'vitest';
import { A, settle, twoHosts } from '../../helpers/world.ts';
import { AF_INET, IPPROTO_IP, IPPROTO_TCP, IP_TTL, SHUT_WR, SOCK_STREAM, SOL_SOCKET, SO_RCVBUF, TCP_INFO } from '../../../src/stack/abi/linux.ts';
import { EINPROGRESS } from '../../../src/stack/abi/errno.ts';
import { dissectFrame } from '../../../src/stack/wire/frame.ts';
import type { TcpInfo } from '../../../src/stack/abi/types.ts';
import { CALIBRATION_PROFILE, WSL2_PROFILE, type KernelProfile } from '../../../src/stack/kernel/profile.ts';

const addr = (port: number) => ({ family: AF_INET as 2, addr: A, port });

/** a listener on a:7000 and b's client connected to it, with `before` applied to the client first */
function pair(before: (t: ReturnType<ReturnType<typeof twoHosts>['openTable']>, fd: number) => void = () => {}, profile?: KernelProfile) {
  const w = twoHosts(1, profile);
  const wire: { from: string; flags: number; window: number; ttl: number; len: number }[] = [];
  w.onWire((from, frame) => {
    const f = dissectFrame(frame, 1);
    if (f.tcp && f.ipv4) wire.push({ from: from.name, flags: f.tcp.flags, window: f.tcp.window, ttl: f.ipv4.ttl, len: f.tcp.payload.length });
    return true;
  });
  const srv = w.openTable('a');
  const cli = w.openTable('b');
  const l = srv.socket(AF_INET, SOCK_STREAM, 0);
  srv.bind(l, addr(7000));
  srv.listen(l, 5);
  const c = cli.socket(AF_INET, SOCK_STREAM, 0);
  before(cli, c);
  expect(cli.connect(c, addr(7000))).toBe(-EINPROGRESS);
  settle(w);
  const acc = srv.accept4(l, 0);
  if (typeof acc === 'number') throw new Error(`accept ${acc}`);
  return { w, srv, cli, c, s: acc.fd, wire };
}

describe('advmss with timestamps', () => {
  it('is 1448 on both ends once the handshake is over (ss -ti: advmss:1448)', () => {
    const { srv, cli, c, s } = pair();
    expect((cli.getsockopt(c, IPPROTO_TCP, TCP_INFO) as TcpInfo).tcpi_advmss).toBe(1448);
    expect((srv.getsockopt(s, IPPROTO_TCP, TCP_INFO) as TcpInfo).tcpi_advmss).toBe(1448);
  });

  /**
   * tcp_init_buffer_space() sets rcvq_space to 10 × advmss: the connecting end has taken the
   * option off by then; the accepting end only since 6.16 (the recording machine's 6.18.44:
   * `ss -tin` rcv_space:14480 on the server in test/fixtures/real/stall/threshold-wsl2).
   */
  it('rcvq_space starts at 10 × advmss as each end had it: 14480 on the connecting end, 14600 on the accepting end before 6.16 (wsl2), 14480 since (linux-6.18)', () => {
    const space = (profile: KernelProfile) => {
      const { srv, cli, c, s } = pair(undefined, profile);
      return [(cli.getsockopt(c, IPPROTO_TCP, TCP_INFO) as TcpInfo).tcpi_rcv_space, (srv.getsockopt(s, IPPROTO_TCP, TCP_INFO) as TcpInfo).tcpi_rcv_space];
    };
    expect(space(WSL2_PROFILE)).toEqual([14480, 14600]);
    expect(space(CALIBRATION_PROFILE)).toEqual([14480, 14480]);
  });

  it('a client with SO_RCVBUF 4096 offers 2920, then 2908 after 12 bytes: its clamp kept one 1448-byte segment free', () => {
    const { w, srv, s, wire } = pair((t, fd) => t.setsockopt(fd, SOL_SOCKET, SO_RCVBUF, 4096));
    srv.sendto(s, new Uint8Array(12), 0, null);
    settle(w);
    const fromClient = wire.filter((x) => x.from === 'b').map((x) => x.window);
    expect(fromClient).toEqual([2920, 2920, 2908]); // SYN, handshake ACK, the data's ACK
  });
});

describe('the timewait mini-socket', () => {
  it('a client that closed first answers the server\'s FIN with the window it had then and the default TTL', () => {
    const { w, srv, cli, c, s, wire } = pair((t, fd) => {
      t.setsockopt(fd, SOL_SOCKET, SO_RCVBUF, 4096); // no window scaling: the window shows every byte
      t.setsockopt(fd, IPPROTO_IP, IP_TTL, 32);
    });
    srv.sendto(s, new Uint8Array(12), 0, null);
    settle(w);
    cli.recvfrom(c, 100, 0);
    expect(cli.close(c)).toBe(0); // FIN-WAIT-1, then FIN-WAIT-2 once the server ACKs: a mini-socket
    settle(w, 1e9); // the server's delayed ACK of that FIN goes alone
    expect(wire.at(-1)).toEqual(expect.objectContaining({ from: 'a', flags: 16 }));
    expect(srv.recvfrom(s, 100, 0)).toEqual(expect.objectContaining({ data: new Uint8Array(0) }));
    srv.close(s);
    settle(w, 1e6);
    const last = wire.at(-1)!;
    expect(last.from).toBe('b');
    expect(last.ttl).toBe(64);
    const finOfClient = wire.findLast((x) => x.from === 'b' && x.flags & 1)!;
    expect(finOfClient.ttl).toBe(32);
    expect(last.window).toBe(finOfClient.window); // tw_rcv_wnd: not one less for the server's FIN
  });

  it('but when the peer\'s FIN comes with the ACK of ours, the full socket ACKs it (its TTL, the window less the FIN)', () => {
    const { w, srv, cli, c, s, wire } = pair((t, fd) => {
      t.setsockopt(fd, SOL_SOCKET, SO_RCVBUF, 4096);
      t.setsockopt(fd, IPPROTO_IP, IP_TTL, 32);
    });
    expect(cli.close(c)).toBe(0);
    settle(w, 1e6); // the server's ACK of the FIN waits (delayed ACK) …
    srv.recvfrom(s, 100, 0);
    srv.close(s); // … and leaves with its FIN
    settle(w, 1e6);
    expect(wire.at(-2)).toEqual(expect.objectContaining({ from: 'a', flags: 17 }));
    expect(wire.at(-1)).toEqual(expect.objectContaining({ from: 'b', ttl: 32, window: 2919 }));
  });

  it('a client still holding its socket (shutdown) ACKs the FIN itself, with its TTL', () => {
    const { w, srv, cli, c, s, wire } = pair((t, fd) => t.setsockopt(fd, IPPROTO_IP, IP_TTL, 32));
    cli.shutdown(c, SHUT_WR);
    settle(w, 1e6);
    srv.recvfrom(s, 100, 0);
    srv.close(s);
    settle(w, 1e6);
    expect(wire.at(-1)).toEqual(expect.objectContaining({ from: 'b', ttl: 32 }));
  });
});
