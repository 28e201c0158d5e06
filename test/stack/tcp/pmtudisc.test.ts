/**
 * IP_MTU_DISCOVER on TCP sockets (ip_setsockopt, ip_dont_fragment): WANT by default, so every
 * packet carries DF; DONT (or PROBE) takes DF off the socket's packets, a listener's setting
 * passes to its children (inet_csk_clone_lock), and a value past IP_PMTUDISC_OMIT is EINVAL.
 */
import { describe, expect, it } from 'vitest';
import { A, B, settle, twoHosts } from '../../helpers/world.ts';
import {
  AF_INET, IPPROTO_IP, IP_MTU_DISCOVER, IP_PMTUDISC_DO, IP_PMTUDISC_DONT, IP_PMTUDISC_PROBE, IP_PMTUDISC_WANT, SOCK_STREAM,
} from '../../../src/stack/abi/linux.ts';
import { EINVAL } from '../../../src/stack/abi/errno.ts';
import { parseIpv4, type Ipv4Header } from '../../../src/stack/wire/ipv4.ts';

/** the sink gets Ethernet frames (the cooked header is the writer's) */
const ETH_HLEN = 14;

/** A connection a → b:8000 with `client` set on a's socket and `listener` on b's listener; the IPv4 headers seen on a's eth0. */
function connectWith(client: number | null, listener: number | null): Ipv4Header[] {
  const w = twoHosts();
  const headers: Ipv4Header[] = [];
  w.capture('a', 'eth0', { write: (_at, frame) => {
    const ip = parseIpv4(frame, ETH_HLEN);
    if (ip.ok && ip.value.protocol === 6) headers.push(ip.value);
  } });
  const ta = w.openTable('a');
  const tb = w.openTable('b');
  const l = tb.socket(AF_INET, SOCK_STREAM, 0);
  if (listener !== null) expect(tb.setsockopt(l, IPPROTO_IP, IP_MTU_DISCOVER, listener)).toBe(0);
  tb.bind(l, { family: AF_INET, addr: B, port: 8000 });
  tb.listen(l, 8);
  const c = ta.socket(AF_INET, SOCK_STREAM, 0);
  if (client !== null) expect(ta.setsockopt(c, IPPROTO_IP, IP_MTU_DISCOVER, client)).toBe(0);
  ta.connect(c, { family: AF_INET, addr: B, port: 8000 });
  settle(w);
  const accepted = tb.accept4(l, 0);
  if (typeof accepted === 'number') throw new Error(`accept4: ${accepted}`);
  const child = accepted.fd;
  expect(tb.getsockopt(child, IPPROTO_IP, IP_MTU_DISCOVER)).toBe(listener ?? IP_PMTUDISC_WANT);
  expect(ta.sendto(c, new Uint8Array(100), 0, null)).toBe(100);
  expect(tb.sendto(child, new Uint8Array(100), 0, null)).toBe(100);
  settle(w);
  return headers;
}

const from = (hs: Ipv4Header[], src: number) => hs.filter((h) => h.src === src);

describe('IP_MTU_DISCOVER', () => {
  it('defaults to IP_PMTUDISC_WANT: every TCP packet carries DF', () => {
    const hs = connectWith(null, null);
    expect(hs.length).toBeGreaterThanOrEqual(6);
    expect(hs.every((h) => h.flags.df)).toBe(true);
  });

  it('DONT takes DF off the socket\'s own packets only; the peer keeps it', () => {
    const hs = connectWith(IP_PMTUDISC_DONT, null);
    expect(from(hs, A).length).toBeGreaterThanOrEqual(3);
    expect(from(hs, A).every((h) => !h.flags.df)).toBe(true);
    expect(from(hs, B).every((h) => h.flags.df)).toBe(true);
  });

  it('a listener\'s PROBE reaches its SYN-ACK (id drawn, not 0) and its children', () => {
    const hs = connectWith(IP_PMTUDISC_DO, IP_PMTUDISC_PROBE);
    const synAck = from(hs, B)[0]!;
    expect(synAck.flags.df).toBe(false);
    expect(synAck.ident).not.toBe(0);
    expect(from(hs, B).every((h) => !h.flags.df)).toBe(true);
    expect(from(hs, A).every((h) => h.flags.df)).toBe(true);
  });

  it('reads back what was set; a mode past IP_PMTUDISC_OMIT is EINVAL', () => {
    const t = twoHosts().openTable('a');
    const s = t.socket(AF_INET, SOCK_STREAM, 0);
    expect(t.getsockopt(s, IPPROTO_IP, IP_MTU_DISCOVER)).toBe(IP_PMTUDISC_WANT);
    expect(t.setsockopt(s, IPPROTO_IP, IP_MTU_DISCOVER, IP_PMTUDISC_DONT)).toBe(0);
    expect(t.getsockopt(s, IPPROTO_IP, IP_MTU_DISCOVER)).toBe(IP_PMTUDISC_DONT);
    expect(t.setsockopt(s, IPPROTO_IP, IP_MTU_DISCOVER, 6)).toBe(-EINVAL);
    expect(t.setsockopt(s, IPPROTO_IP, IP_MTU_DISCOVER, -1)).toBe(-EINVAL);
    expect(t.getsockopt(s, IPPROTO_IP, IP_MTU_DISCOVER)).toBe(IP_PMTUDISC_DONT);
  });
});
