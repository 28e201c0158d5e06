/**
 * The UDP layer on its own (services faked): bind rules and ephemeral ports, demultiplexing
 * that prefers connected sockets, truncation, the receive-buffer limit, ICMP errors reaching
 * only connected sockets, broadcast delivery, poll bits.
 */
import { describe, expect, it } from 'vitest';
import { UdpLayer, UDP_RMEM_DEFAULT } from '../../../src/stack/udp/layer.ts';
import { EADDRINUSE, EAGAIN, EADDRNOTAVAIL, ECONNREFUSED, EDESTADDRREQ, EINVAL, EMSGSIZE } from '../../../src/stack/abi/errno.ts';
import { POLLERR, POLLIN, POLLOUT } from '../../../src/stack/abi/linux.ts';
import { ipv4 } from '../../../src/stack/wire/addr.ts';

const ME = ipv4('172.16.16.101');
const PEER = ipv4('172.16.16.102');

function layer() {
  const out: { src: number; dst: number; sp: number; dp: number; len: number; connected: number }[] = [];
  let draws = 0;
  const u = new UdpLayer({
    route: (dst) => (dst === ipv4('10.9.9.9') ? undefined : { src: ME, mtu: 1500 }),
    isLocalAddress: (a) => a === ME || a >>> 24 === 127,
    output: (src, dst, sp, dp, payload, connected) => void out.push({ src, dst, sp, dp, len: payload.length, connected }),
    random: () => draws++ * 7919,
    localPortRange: [32768, 60999],
    multicastDevice: () => 2,
    multicastRoute: () => ({ ifIndex: 1, src: ME }),
    joinGroup: () => undefined,
    leaveGroup: () => undefined,
  });
  return { u, out };
}

const bytes = (n: number) => new Uint8Array(n).fill(0x61);

describe('UdpLayer', () => {
  it('binds: a port once, a foreign address never, twice never; port 0 is ephemeral in the range', () => {
    const { u } = layer();
    const a = u.open();
    const b = u.open();
    expect(u.bind(a, 0, 5000)).toBe(0);
    expect(u.bind(b, 0, 5000)).toBe(-EADDRINUSE);
    expect(u.bind(b, PEER, 5001)).toBe(-EADDRNOTAVAIL);
    expect(u.bind(a, 0, 5002)).toBe(-EINVAL);
    const c = u.open();
    expect(u.bind(c, 0, 0)).toBe(0);
    const [, port] = u.localName(c)!;
    expect(port).toBeGreaterThanOrEqual(32768);
    expect(port).toBeLessThanOrEqual(60999);
  });

  it('shares a port between sockets that both set SO_REUSEADDR, or both SO_REUSEPORT', () => {
    const { u } = layer();
    const [a, b, c, d] = [u.open(), u.open(), u.open(), u.open()];
    u.setReuseAddr(a, true);
    u.setReuseAddr(b, true);
    expect(u.bind(a, 0, 6000)).toBe(0);
    expect(u.bind(b, 0, 6000)).toBe(0);
    u.setReusePort(c, true);
    u.setReusePort(d, true);
    expect(u.bind(c, 0, 6001)).toBe(0);
    expect(u.bind(d, 0, 6001)).toBe(0);
  });

  it('sendto autobinds, refuses oversize datagrams and unrouted destinations; send needs a peer', () => {
    const { u, out } = layer();
    const s = u.open();
    // udp_sendmsg: EDESTADDRREQ, not ENOTCONN (the namespace lab's errnos task: [Errno 89] Destination address required)
    expect(u.sendto(s, bytes(10), undefined, undefined, 0)).toBe(-EDESTADDRREQ);
    expect(u.sendto(s, bytes(65508), PEER, 53, 0)).toBe(-EMSGSIZE);
    expect(u.sendto(s, bytes(10), ipv4('10.9.9.9'), 53, 0)).toBe(-101);
    expect(u.sendto(s, bytes(10), PEER, 53, 0)).toBe(10);
    expect(out[0]).toMatchObject({ src: ME, dst: PEER, dp: 53, len: 10, connected: 0 });
    expect(out[0]!.sp).toBeGreaterThanOrEqual(32768);
  });

  it('delivers to the connected socket before the wildcard one, and truncates to the buffer', () => {
    const { u } = layer();
    const wild = u.open();
    u.setReuseAddr(wild, true);
    u.bind(wild, 0, 7000);
    const conn = u.open();
    u.setReuseAddr(conn, true);
    u.bind(conn, 0, 7000);
    u.connect(conn, PEER, 9);
    expect(u.input(PEER, 9, ME, 7000, bytes(100))).toBe(true);
    expect(u.recvfrom(wild)).toBe(-EAGAIN);
    const d = u.recvfrom(conn);
    expect(typeof d !== 'number' && d.data.length).toBe(100); // whole: the system call cuts it to the buffer
    expect(u.input(PEER, 10, ME, 7000, bytes(5))).toBe(true);
    expect(typeof u.recvfrom(wild)).toBe('object');
    expect(u.input(PEER, 10, ME, 7999, bytes(5))).toBe(false);
  });

  it('drops datagrams past the receive buffer (each costs its skb\'s truesize, 2304 bytes here), keeping the queue bounded', () => {
    const { u } = layer();
    const s = u.open();
    u.bind(s, 0, 7000);
    for (let i = 0; i < 1000; i++) expect(u.input(PEER, 1, ME, 7000, bytes(1000))).toBe(true);
    let queued = 0;
    while (typeof u.recvfrom(s) !== 'number') queued++;
    expect(queued).toBe(92); // 212992 / 2304: what Linux 6.18 keeps (rcvbuf-truesize.test.ts)
    expect(UDP_RMEM_DEFAULT).toBe(212992);
  });

  it('an ICMP error reaches only a connected socket, as ECONNREFUSED on its next call, with POLLERR', () => {
    const { u } = layer();
    const conn = u.open();
    u.connect(conn, PEER, 9);
    const [, port] = u.localName(conn)!;
    const other = u.open();
    u.bind(other, 0, 7001);
    u.icmpError(ME, port, PEER, 9, ECONNREFUSED);
    u.icmpError(ME, 7001, PEER, 9, ECONNREFUSED);
    expect(u.poll(conn) & POLLERR).toBe(POLLERR);
    expect(u.poll(other)).toBe(POLLOUT);
    expect(u.recvfrom(conn)).toBe(-ECONNREFUSED);
    expect(u.poll(conn)).toBe(POLLOUT);
  });

  it('a broadcast goes to every socket on the port, wildcard or bound to the broadcast address', () => {
    const { u } = layer();
    const socks = [u.open(), u.open(), u.open()];
    socks.forEach((s) => u.setReuseAddr(s, true));
    u.bind(socks[0]!, 0, 8000);
    u.bind(socks[1]!, 0, 8000);
    u.bind(socks[2]!, 0, 8001);
    expect(u.inputBroadcast(PEER, 1, 0xffffffff, 8000, bytes(3), 1)).toBe(true);
    expect(socks.map((s) => u.poll(s) & POLLIN)).toEqual([POLLIN, POLLIN, 0]);
    expect(u.inputBroadcast(PEER, 1, 0xffffffff, 8002, bytes(3), 1)).toBe(false);
  });
});
