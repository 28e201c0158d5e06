/**
 * IP_TTL and IP_TOS reach the packets a socket sends (inet_sock's uc_ttl and tos, ip_sockglue.c):
 * TCP segments (an accepted socket takes its listener's), UDP datagrams and a raw socket's ICMP,
 * with Linux's errno for values it refuses and getsockopt's answers.
 */
import { describe, expect, it } from 'vitest';
import { A, settle, twoHosts } from '../../helpers/world.ts';
import { AF_INET, IPPROTO_ICMP, IPPROTO_IP, IP_TOS, IP_TTL, SOCK_DGRAM, SOCK_RAW, SOCK_STREAM } from '../../../src/stack/abi/linux.ts';
import { EINPROGRESS, EINVAL } from '../../../src/stack/abi/errno.ts';
import { dissectFrame } from '../../../src/stack/wire/frame.ts';
import type { World } from '../../../src/sim/world.ts';

const LINKTYPE_ETHERNET = 1;
const addr = (port: number, a = A) => ({ family: AF_INET as 2, addr: a, port });

/** the TTL and TOS of every IPv4 packet each host puts on the wire, by host */
function watch(w: World): Record<string, { ttl: number; tos: number; proto: number }[]> {
  const seen: Record<string, { ttl: number; tos: number; proto: number }[]> = { a: [], b: [] };
  w.onWire((from, frame) => {
    const ip = dissectFrame(frame, LINKTYPE_ETHERNET).ipv4;
    if (ip) seen[from.name]!.push({ ttl: ip.ttl, tos: ip.dscpEcn, proto: ip.protocol });
    return true;
  });
  return seen;
}

describe('IP_TTL and IP_TOS', () => {
  it('a TCP client\'s TTL and TOS are on every segment it sends; the accepted socket has its listener\'s', () => {
    const w = twoHosts();
    const seen = watch(w);
    const srv = w.openTable('a');
    const cli = w.openTable('b');
    const l = srv.socket(AF_INET, SOCK_STREAM, 0);
    expect(srv.setsockopt(l, IPPROTO_IP, IP_TTL, 100)).toBe(0);
    expect(srv.bind(l, addr(7000))).toBe(0);
    expect(srv.listen(l, 5)).toBe(0);
    const c = cli.socket(AF_INET, SOCK_STREAM, 0);
    expect(cli.setsockopt(c, IPPROTO_IP, IP_TTL, 32)).toBe(0);
    expect(cli.setsockopt(c, IPPROTO_IP, IP_TOS, 0x13)).toBe(0); // the ECN bits are TCP's own
    expect(cli.getsockopt(c, IPPROTO_IP, IP_TOS)).toBe(0x10);
    expect(cli.connect(c, addr(7000))).toBe(-EINPROGRESS);
    settle(w);
    const acc = srv.accept4(l, 0);
    if (typeof acc === 'number') throw new Error(`accept ${acc}`);
    expect(srv.getsockopt(acc.fd, IPPROTO_IP, IP_TTL)).toBe(100);
    expect(cli.sendto(c, new TextEncoder().encode('hello'), 0, null)).toBe(5);
    settle(w);
    expect(srv.sendto(acc.fd, new TextEncoder().encode('back'), 0, null)).toBe(4);
    settle(w);
    expect(seen.b!.length).toBeGreaterThanOrEqual(3);
    for (const p of seen.b!) expect(p).toEqual({ ttl: 32, tos: 0x10, proto: 6 });
    expect(seen.a!.filter((p) => p.proto === 6).length).toBeGreaterThanOrEqual(3); // SYN-ACK, ACKs, data
    for (const p of seen.a!.filter((x) => x.proto === 6)) expect(p).toEqual({ ttl: 100, tos: 0, proto: 6 });
  });

  it('−1 brings back the default; 0 and 256 are EINVAL; getsockopt answers the TTL packets carry', () => {
    const t = twoHosts().openTable('a');
    for (const type of [SOCK_STREAM, SOCK_DGRAM]) {
      const s = t.socket(AF_INET, type, 0);
      expect(t.getsockopt(s, IPPROTO_IP, IP_TTL)).toBe(64);
      expect(t.setsockopt(s, IPPROTO_IP, IP_TTL, 0)).toBe(-EINVAL);
      expect(t.setsockopt(s, IPPROTO_IP, IP_TTL, 256)).toBe(-EINVAL);
      expect(t.setsockopt(s, IPPROTO_IP, IP_TTL, 1)).toBe(0);
      expect(t.getsockopt(s, IPPROTO_IP, IP_TTL)).toBe(1);
      expect(t.setsockopt(s, IPPROTO_IP, IP_TTL, -1)).toBe(0);
      expect(t.getsockopt(s, IPPROTO_IP, IP_TTL)).toBe(64);
    }
  });

  it('a UDP socket\'s datagrams and a raw socket\'s ICMP carry theirs; other sockets keep the defaults', () => {
    const w = twoHosts();
    const seen = watch(w);
    const t = w.openTable('b');
    const u = t.socket(AF_INET, SOCK_DGRAM, 0);
    expect(t.setsockopt(u, IPPROTO_IP, IP_TTL, 7)).toBe(0);
    expect(t.setsockopt(u, IPPROTO_IP, IP_TOS, 0xb9)).toBe(0); // a datagram socket keeps all 8 bits
    expect(t.getsockopt(u, IPPROTO_IP, IP_TOS)).toBe(0xb9);
    expect(t.sendto(u, new Uint8Array(4), 0, addr(9))).toBe(4);
    const plain = t.socket(AF_INET, SOCK_DGRAM, 0);
    expect(t.sendto(plain, new Uint8Array(4), 0, addr(9))).toBe(4);
    const raw = t.socket(AF_INET, SOCK_RAW, IPPROTO_ICMP);
    expect(t.setsockopt(raw, IPPROTO_IP, IP_TTL, 3)).toBe(0);
    const echo = Uint8Array.from([8, 0, 0xf7, 0xff, 0, 0, 0, 0]); // type 8, checksum of the rest
    expect(t.sendto(raw, echo, 0, addr(0))).toBe(8);
    settle(w);
    expect(seen.b!.filter((p) => p.proto !== 1 || p.ttl !== 64)).toEqual([
      { ttl: 7, tos: 0xb9, proto: 17 }, { ttl: 64, tos: 0, proto: 17 }, { ttl: 3, tos: 0, proto: 1 },
    ]);
  });
});
