/**
 * IPv4 multicast through the system-call table on a three-host LAN (each with a default route,
 * as the lab's machines): IP_ADD/DROP_MEMBERSHIP with ip_mreq and ip_mreqn and Linux's errno,
 * IP_MULTICAST_TTL/LOOP/IF/ALL and their getsockopt answers, delivery to every socket on the
 * port the memberships allow, the frames (group MAC, TTL, device) and the IGMPv3 reports a
 * join and a leave send (two each, the second at a random delay below 1 s). The options' answers
 * are those test/fixtures/real/igmp/multicast_sockopts.linux.txt shows Linux 6.18 giving.
 */
import { describe, expect, it } from 'vitest';
import { World } from '../../../src/sim/world.ts';
import { DOCKER_BRIDGE } from '../../../src/sim/link.ts';
import { defaultMakeTcp } from '../../../src/sim/run-scenario.ts';
import { WSL2_PROFILE } from '../../../src/stack/kernel/profile.ts';
import { dockerMac, ipv4, readMac } from '../../../src/stack/wire/addr.ts';
import { dissectFrame } from '../../../src/stack/wire/frame.ts';
import { parseIgmp, IGMP_CHANGE_TO_EXCLUDE, IGMP_CHANGE_TO_INCLUDE } from '../../../src/stack/wire/igmp.ts';
import {
  AF_INET, IPPROTO_IP, IP_ADD_MEMBERSHIP, IP_DROP_MEMBERSHIP, IP_MULTICAST_ALL, IP_MULTICAST_IF, IP_MULTICAST_LOOP, IP_MULTICAST_TTL,
  SOCK_DGRAM, SOCK_STREAM, SOL_SOCKET, SO_REUSEADDR,
} from '../../../src/stack/abi/linux.ts';
import { EADDRINUSE, EADDRNOTAVAIL, EINVAL, ENODEV, ENOPROTOOPT, EPROTO } from '../../../src/stack/abi/errno.ts';
import { settle } from '../../helpers/world.ts';
import { sent, testKernel } from '../../helpers/kernel.ts';
import type { SyscallTable } from '../../../src/stack/syscall/table.ts';

const A = ipv4('172.16.16.101');
const B = ipv4('172.16.16.102');
const C = ipv4('172.16.16.103');
const GROUP = '224.1.1.1';
const PORT = 5007;
const LINKTYPE_ETHERNET = 1;

function lan(seed = 1): World {
  const host = (name: string, addr: number) => ({
    name, hostname: name, profile: WSL2_PROFILE, gateway: ipv4('172.16.16.1'),
    interfaces: [{ name: 'eth0', addr, prefix: 24, mac: dockerMac(addr), segment: 'lan' }],
  });
  return new World({ seed, epochSeconds: 1747985640, segments: [{ name: 'lan', params: DOCKER_BRIDGE }], hosts: [host('a', A), host('b', B), host('c', C)], makeTcp: defaultMakeTcp });
}

const quad = (a: string) => a.split('.').map(Number);
/** struct ip_mreq as Python's struct.pack('4s4s', …) makes it, passed as the bridge passes it */
const mreq = (group: string, iface = '0.0.0.0') => String.fromCharCode(...quad(group), ...quad(iface));
const mreqn = (group: string, iface: string, ifIndex: number) => mreq(group, iface) + String.fromCharCode(ifIndex & 0xff, 0, 0, 0);
const addr = (a: string | number, port: number) => ({ family: AF_INET as 2, addr: typeof a === 'string' ? ipv4(a) : a, port });

interface Seen { from: string; at: number; frame: Uint8Array }
function watch(w: World): Seen[] {
  const seen: Seen[] = [];
  w.onWire((from, frame) => {
    seen.push({ from: from.name, at: w.now, frame: frame.slice() });
    return true;
  });
  return seen;
}

function member(t: SyscallTable, join = true): number {
  const s = t.socket(AF_INET, SOCK_DGRAM, 0);
  expect(t.setsockopt(s, SOL_SOCKET, SO_REUSEADDR, 1)).toBe(0);
  expect(t.bind(s, addr(0, PORT))).toBe(0);
  if (join) expect(t.setsockopt(s, IPPROTO_IP, IP_ADD_MEMBERSHIP, mreq(GROUP))).toBe(0);
  return s;
}

const got = (t: SyscallTable, s: number) => {
  const r = t.recvfrom(s, 100, 0);
  return typeof r === 'number' ? r : new TextDecoder().decode(r.data);
};

describe('IP multicast: socket options', () => {
  it('joins and drops as Linux answers: EINVAL, EADDRINUSE, ENODEV, EADDRNOTAVAIL, ip_mreqn by index', () => {
    const t = lan().openTable('a');
    const s = t.socket(AF_INET, SOCK_DGRAM, 0);
    expect(t.setsockopt(s, IPPROTO_IP, IP_ADD_MEMBERSHIP, mreq('172.16.16.1'))).toBe(-EINVAL);
    expect(t.setsockopt(s, IPPROTO_IP, IP_ADD_MEMBERSHIP, mreq(GROUP).slice(0, 7))).toBe(-EINVAL); // shorter than ip_mreq
    expect(t.setsockopt(s, IPPROTO_IP, IP_ADD_MEMBERSHIP, mreq(GROUP))).toBe(0);
    expect(t.setsockopt(s, IPPROTO_IP, IP_ADD_MEMBERSHIP, mreq(GROUP))).toBe(-EADDRINUSE);
    // the same group named by the interface's address or its index (eth0 is 2) is the same membership
    expect(t.setsockopt(s, IPPROTO_IP, IP_ADD_MEMBERSHIP, mreq(GROUP, '172.16.16.101'))).toBe(-EADDRINUSE);
    expect(t.setsockopt(s, IPPROTO_IP, IP_ADD_MEMBERSHIP, mreqn(GROUP, '0.0.0.0', 2))).toBe(-EADDRINUSE);
    expect(t.setsockopt(s, IPPROTO_IP, IP_ADD_MEMBERSHIP, mreq('224.1.1.3', '10.9.9.9'))).toBe(-ENODEV);
    expect(t.setsockopt(s, IPPROTO_IP, IP_ADD_MEMBERSHIP, mreqn('224.1.1.3', '0.0.0.0', 9))).toBe(-ENODEV);
    expect(t.setsockopt(s, IPPROTO_IP, IP_DROP_MEMBERSHIP, mreq('224.1.1.2'))).toBe(-EADDRNOTAVAIL);
    expect(t.setsockopt(s, IPPROTO_IP, IP_DROP_MEMBERSHIP, mreqn(GROUP, '0.0.0.0', 2))).toBe(0);
    expect(t.setsockopt(s, IPPROTO_IP, IP_DROP_MEMBERSHIP, mreq(GROUP))).toBe(-EADDRNOTAVAIL);
    expect(t.getsockopt(s, IPPROTO_IP, IP_ADD_MEMBERSHIP)).toBe(-ENOPROTOOPT);
    // Python's documented struct.pack('4sl', group, INADDR_ANY): 16 bytes (4 of padding), read as an ip_mreqn
    expect(t.setsockopt(s, IPPROTO_IP, IP_ADD_MEMBERSHIP, mreq('224.5.5.5') + '\0'.repeat(8))).toBe(0);
    expect(t.setsockopt(s, IPPROTO_IP, IP_ADD_MEMBERSHIP, mreq('224.5.5.5'))).toBe(-EADDRINUSE);
  });

  it('without a route to the group, a join naming no interface is ENODEV (ip_mc_find_dev)', () => {
    const w = new World({
      seed: 1, epochSeconds: 0, segments: [{ name: 'lan', params: DOCKER_BRIDGE }], makeTcp: defaultMakeTcp,
      hosts: [{ name: 'a', hostname: 'a', profile: WSL2_PROFILE, interfaces: [{ name: 'eth0', addr: A, prefix: 24, mac: dockerMac(A), segment: 'lan' }] }],
    });
    const t = w.openTable('a');
    const s = t.socket(AF_INET, SOCK_DGRAM, 0);
    expect(t.setsockopt(s, IPPROTO_IP, IP_ADD_MEMBERSHIP, mreq(GROUP))).toBe(-ENODEV);
    expect(t.setsockopt(s, IPPROTO_IP, IP_DROP_MEMBERSHIP, mreq(GROUP))).toBe(-ENODEV);
    expect(t.setsockopt(s, IPPROTO_IP, IP_ADD_MEMBERSHIP, mreq(GROUP, '172.16.16.101'))).toBe(0);
  });

  it('IP_MULTICAST_TTL, _LOOP, _ALL and _IF: defaults, accepted values, EINVAL, EADDRNOTAVAIL; a TCP socket refuses memberships', () => {
    const t = lan().openTable('a');
    const s = t.socket(AF_INET, SOCK_DGRAM, 0);
    expect([IP_MULTICAST_TTL, IP_MULTICAST_LOOP, IP_MULTICAST_ALL, IP_MULTICAST_IF].map((o) => t.getsockopt(s, IPPROTO_IP, o))).toEqual([1, 1, 1, 0]);
    expect(t.setsockopt(s, IPPROTO_IP, IP_MULTICAST_TTL, 256)).toBe(-EINVAL);
    expect(t.setsockopt(s, IPPROTO_IP, IP_MULTICAST_TTL, -2)).toBe(-EINVAL);
    expect(t.setsockopt(s, IPPROTO_IP, IP_MULTICAST_TTL, 7)).toBe(0);
    expect(t.getsockopt(s, IPPROTO_IP, IP_MULTICAST_TTL)).toBe(7);
    expect(t.setsockopt(s, IPPROTO_IP, IP_MULTICAST_TTL, -1)).toBe(0); // −1: back to 1
    expect(t.getsockopt(s, IPPROTO_IP, IP_MULTICAST_TTL)).toBe(1);
    expect(t.setsockopt(s, IPPROTO_IP, IP_MULTICAST_LOOP, 5)).toBe(0);
    expect(t.getsockopt(s, IPPROTO_IP, IP_MULTICAST_LOOP)).toBe(1);
    expect(t.setsockopt(s, IPPROTO_IP, IP_MULTICAST_ALL, 2)).toBe(-EINVAL);
    expect(t.setsockopt(s, IPPROTO_IP, IP_MULTICAST_IF, String.fromCharCode(10, 9, 9, 9))).toBe(-EADDRNOTAVAIL);
    expect(t.setsockopt(s, IPPROTO_IP, IP_MULTICAST_IF, String.fromCharCode(...quad('172.16.16.101')))).toBe(0);
    // getsockopt returns the in_addr's bytes; as an int (Python without buflen) they read little-endian
    expect(t.getsockopt(s, IPPROTO_IP, IP_MULTICAST_IF)).toBe(101 * 2 ** 24 + 16 * 2 ** 16 + 16 * 256 + 172);
    const tcp = t.socket(AF_INET, SOCK_STREAM, 0);
    expect(t.setsockopt(tcp, IPPROTO_IP, IP_ADD_MEMBERSHIP, mreq(GROUP))).toBe(-EPROTO);
    expect(t.setsockopt(tcp, IPPROTO_IP, IP_MULTICAST_TTL, 2)).toBe(-EINVAL);
    expect(t.getsockopt(tcp, IPPROTO_IP, IP_MULTICAST_TTL)).toBe(1);
  });
});

describe('IP multicast: delivery and the wire', () => {
  it('every socket on the port of a member host gets a copy (IP_MULTICAST_ALL), none on a host that did not join', () => {
    const w = lan();
    const seen = watch(w);
    const [ta, tb, tc] = (['a', 'b', 'c'] as const).map((h) => w.openTable(h));
    const joined = member(ta!);
    const bystander = member(ta!, false);
    const picky = member(ta!, false);
    expect(ta!.setsockopt(picky, IPPROTO_IP, IP_MULTICAST_ALL, 0)).toBe(0);
    const notMember = member(tb!, false); // b's host joined nothing
    settle(w);
    const sender = tc!.socket(AF_INET, SOCK_DGRAM, 0);
    expect(tc!.setsockopt(sender, IPPROTO_IP, IP_MULTICAST_TTL, 2)).toBe(0);
    expect(tc!.sendto(sender, new TextEncoder().encode('hello'), 0, addr(GROUP, PORT))).toBe(5);
    settle(w);
    expect([got(ta!, joined), got(ta!, bystander), typeof got(ta!, picky), typeof got(tb!, notMember)]).toEqual(['hello', 'hello', 'number', 'number']);
    const datagram = seen.find((s) => s.from === 'c')!;
    const f = dissectFrame(datagram.frame, LINKTYPE_ETHERNET);
    expect(readMac(datagram.frame, 0)).toBe(0x01005e010101); // 01:00:5e + 1.1.1
    expect([f.ipv4!.src, f.ipv4!.ttl, f.ipv4!.flags.df]).toEqual([C, 2, true]);
    // b answers with no ICMP: nothing but IGMP from a and the datagram from c
    expect(seen.filter((s) => s.from === 'b')).toEqual([]);
  });

  it('a socket bound to the group takes it, one bound to another group or to the host\'s address does not', () => {
    const w = lan();
    const [ta, tc] = [w.openTable('a'), w.openTable('c')];
    const bindTo = (a: string) => {
      const s = ta.socket(AF_INET, SOCK_DGRAM, 0);
      expect(ta.setsockopt(s, SOL_SOCKET, SO_REUSEADDR, 1)).toBe(0);
      expect(ta.bind(s, addr(a, PORT))).toBe(0);
      return s;
    };
    const [group, other, unicast] = [bindTo(GROUP), bindTo('224.1.1.2'), bindTo('172.16.16.101')];
    expect(ta.setsockopt(group, IPPROTO_IP, IP_ADD_MEMBERSHIP, mreq(GROUP))).toBe(0);
    settle(w);
    expect(tc.sendto(tc.socket(AF_INET, SOCK_DGRAM, 0), new TextEncoder().encode('g'), 0, addr(GROUP, PORT))).toBe(1);
    settle(w);
    expect([got(ta, group), typeof got(ta, other), typeof got(ta, unicast)]).toEqual(['g', 'number', 'number']);
  });

  it('leaves by the default route\'s interface, or IP_MULTICAST_IF\'s, from its address, with no ARP', () => {
    const k = testKernel({ second: true }); // eth0 172.16.16.101 (the default route), eth1 172.20.0.3
    const s = k.udp.open();
    const out = () => sent(k).map((e) => {
      const f = dissectFrame(e.frame, LINKTYPE_ETHERNET);
      return [e.ifIndex, readMac(e.frame, 0), f.ipv4!.src, f.ipv4!.ttl];
    });
    expect(k.udp.sendto(s, new Uint8Array(3), ipv4('239.255.0.9'), PORT, 1000)).toBe(3);
    expect(out()).toEqual([[1, 0x01005e7f0009, ipv4('172.16.16.101'), 1]]); // 239.255.0.9: the low 23 bits 7f:00:09
    expect(k.udp.setMulticast(s, IP_MULTICAST_IF, Uint8Array.of(172, 20, 0, 3), 2000)).toBe(0);
    expect(k.udp.setMulticast(s, IP_MULTICAST_TTL, Uint8Array.of(9), 2000)).toBe(0); // one byte, as struct.pack('b', 9)
    expect(k.udp.sendto(s, new Uint8Array(3), ipv4('239.255.0.9'), PORT, 3000)).toBe(3);
    expect(out()).toEqual([[2, 0x01005e7f0009, ipv4('172.20.0.3'), 9]]);
  });

  it('IP_MULTICAST_LOOP: the sending host\'s own member gets a copy, and none with the loop off', () => {
    const w = lan();
    const t = w.openTable('a');
    const m = member(t);
    const sender = t.socket(AF_INET, SOCK_DGRAM, 0);
    expect(t.sendto(sender, new TextEncoder().encode('one'), 0, addr(GROUP, PORT))).toBe(3);
    settle(w);
    expect(got(t, m)).toBe('one');
    expect(t.setsockopt(sender, IPPROTO_IP, IP_MULTICAST_LOOP, 0)).toBe(0);
    expect(t.sendto(sender, new TextEncoder().encode('two'), 0, addr(GROUP, PORT))).toBe(3);
    settle(w);
    expect(typeof got(t, m)).toBe('number');
  });

  it('a join sends two IGMPv3 reports (the second within 1 s + 2 jiffies), a second socket none, the last leave two', () => {
    const w = lan(7);
    const seen = watch(w);
    const t = w.openTable('a');
    const start = w.now;
    const first = member(t);
    const second = member(t);
    settle(w);
    const reports = () => seen.filter((s) => s.from === 'a').map((s) => {
      const f = dissectFrame(s.frame, LINKTYPE_ETHERNET);
      const m = parseIgmp(f.payload!, 0, f.payload!.length);
      return { at: s.at - start, ttl: f.ipv4!.ttl, tos: f.ipv4!.dscpEcn, id: f.ipv4!.ident, dst: f.ipv4!.dst, mac: readMac(s.frame, 0), m };
    });
    const joins = reports();
    expect(joins).toHaveLength(2);
    for (const r of joins) {
      expect([r.ttl, r.tos, r.id, r.dst, r.mac]).toEqual([1, 0xc0, 0, ipv4('224.0.0.22'), 0x01005e000016]);
      expect(r.m.version === 3 && r.m.kind === 'report' && r.m.records.map((x) => [x.type, x.group])).toEqual([[IGMP_CHANGE_TO_EXCLUDE, ipv4(GROUP)]]);
    }
    expect(joins[0]!.at).toBeLessThan(20e6); // 2 jiffies (and the timer wheel's rounding)
    expect(joins[1]!.at - joins[0]!.at).toBeLessThan(1.02e9);
    expect(t.close(first)).toBe(0); // a socket still joined: no report
    settle(w);
    expect(reports()).toHaveLength(2);
    expect(t.setsockopt(second, IPPROTO_IP, IP_DROP_MEMBERSHIP, mreq(GROUP))).toBe(0);
    settle(w);
    const leaves = reports().slice(2);
    expect(leaves.map((r) => r.m.version === 3 && r.m.kind === 'report' && r.m.records.map((x) => [x.type, x.group]))).toEqual([
      [[IGMP_CHANGE_TO_INCLUDE, ipv4(GROUP)]], [[IGMP_CHANGE_TO_INCLUDE, ipv4(GROUP)]],
    ]);
  });

  it('close() leaves the socket\'s groups (ip_mc_drop_socket); joins close together share a report (mc_list order), leaves too (mc_tomb order)', () => {
    const w = lan();
    const seen = watch(w);
    const t = w.openTable('a');
    const s = t.socket(AF_INET, SOCK_DGRAM, 0);
    expect(t.setsockopt(s, IPPROTO_IP, IP_ADD_MEMBERSHIP, mreq('224.1.1.8'))).toBe(0);
    expect(t.setsockopt(s, IPPROTO_IP, IP_ADD_MEMBERSHIP, mreq('224.1.1.9'))).toBe(0);
    settle(w);
    expect(t.close(s)).toBe(0);
    settle(w);
    const records = seen.map((x) => {
      const f = dissectFrame(x.frame, LINKTYPE_ETHERNET);
      const m = parseIgmp(f.payload!, 0, f.payload!.length);
      return m.version === 3 && m.kind === 'report' ? m.records.map((r) => `${r.type}:${r.group & 0xff}`).join(' ') : '?';
    });
    // joins: mc_list, newest first; leaves: close() drops mc_list in order (9, then 8) and each
    // dropped group goes first in mc_tomb (igmpv3_add_delrec), so 8 leads
    expect(records).toEqual(['4:9 4:8', '4:9 4:8', '3:8 3:9', '3:8 3:9']);
  });

  it('the reports\' random delays come from the host\'s seeded stream: the same seed, the same times', () => {
    const times = (seed: number) => {
      const w = lan(seed);
      const seen = watch(w);
      member(w.openTable('a'));
      settle(w);
      return seen.map((s) => s.at);
    };
    expect(times(3)).toEqual(times(3));
    expect(new Set([3, 4, 5, 6].map((s) => times(s)[1])).size).toBeGreaterThan(1);
  });
});
