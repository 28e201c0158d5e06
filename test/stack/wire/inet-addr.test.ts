/**
 * The transport layers' addresses: IPv4 as its number, ::1 and the two kinds of `::`, the
 * wildcard rules Linux applies (inet_rcv_saddr_equal with match_wildcard, ipv6_only_sock).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addrsOverlap, coversAddr, formatInetAddr, IN6ADDR_ANY, IN6ADDR_ANY_V6ONLY, IN6ADDR_LOOPBACK, inetFromIpv6, ipv6BytesOf,
  isWildcard, toIpv6Bytes,
} from '../../../src/stack/wire/inet-addr.ts';
import { formatIpv6Addr, parseIpv6Addr } from '../../../src/stack/wire/ipv6-addr.ts';

const v4 = fc.integer({ min: 1, max: 0xffffffff });
const v6 = (text: string) => parseIpv6Addr(text)!;

describe('inetFromIpv6', () => {
  it('knows ::1, :: (as the kind it is given) and IPv4-mapped addresses, and no other', () => {
    expect(inetFromIpv6(v6('::1'))).toBe(IN6ADDR_LOOPBACK);
    expect(inetFromIpv6(v6('::'))).toBe(IN6ADDR_ANY);
    expect(inetFromIpv6(v6('::'), 0, IN6ADDR_ANY_V6ONLY)).toBe(IN6ADDR_ANY_V6ONLY);
    expect(inetFromIpv6(v6('::ffff:172.16.16.101'))).toBe(0xac101065);
    for (const other of ['::2', '2001:db8::1', 'fe80::1', '::1:0:0:1', '::127.0.0.1', 'ff02::1']) expect(inetFromIpv6(v6(other))).toBeUndefined();
  });

  it('IPv4 goes to ::ffff:a.b.c.d and back', () => {
    fc.assert(fc.property(v4, (a) => {
      expect(inetFromIpv6(toIpv6Bytes(a))).toBe(a);
      expect(formatIpv6Addr(toIpv6Bytes(a)).startsWith('::ffff:')).toBe(true);
    }));
    expect(formatIpv6Addr(ipv6BytesOf(IN6ADDR_LOOPBACK))).toBe('::1');
  });
});

describe('wildcards', () => {
  it('0.0.0.0 takes IPv4, a dual-stack :: both families, a V6ONLY :: IPv6 only', () => {
    fc.assert(fc.property(v4, (a) => {
      expect(coversAddr(0, a)).toBe(true);
      expect(coversAddr(IN6ADDR_ANY, a)).toBe(true);
      expect(coversAddr(IN6ADDR_ANY_V6ONLY, a)).toBe(false);
      expect(coversAddr(a, a)).toBe(true);
      expect(coversAddr(IN6ADDR_LOOPBACK, a)).toBe(false);
    }));
    expect(coversAddr(0, IN6ADDR_LOOPBACK)).toBe(false);
    expect(coversAddr(IN6ADDR_ANY, IN6ADDR_LOOPBACK)).toBe(true);
    expect(coversAddr(IN6ADDR_ANY_V6ONLY, IN6ADDR_LOOPBACK)).toBe(true);
    expect([0, IN6ADDR_ANY, IN6ADDR_ANY_V6ONLY].every(isWildcard)).toBe(true);
    expect(isWildcard(IN6ADDR_LOOPBACK)).toBe(false);
  });

  it('bind overlap: symmetric; 0.0.0.0 and :: clash unless V6ONLY; ::1 and 127.0.0.1 never', () => {
    const all = fc.oneof(v4, fc.constantFrom(0, IN6ADDR_ANY, IN6ADDR_ANY_V6ONLY, IN6ADDR_LOOPBACK));
    fc.assert(fc.property(all, all, (a, b) => {
      expect(addrsOverlap(a, b)).toBe(addrsOverlap(b, a));
    }));
    expect(addrsOverlap(0, IN6ADDR_ANY)).toBe(true);
    expect(addrsOverlap(0, IN6ADDR_ANY_V6ONLY)).toBe(false);
    expect(addrsOverlap(0x7f000001, IN6ADDR_ANY)).toBe(true);
    expect(addrsOverlap(0x7f000001, IN6ADDR_LOOPBACK)).toBe(false);
    expect(addrsOverlap(IN6ADDR_LOOPBACK, IN6ADDR_ANY_V6ONLY)).toBe(true);
  });

  it('prints as ss does', () => {
    expect([0x7f000001, IN6ADDR_ANY, IN6ADDR_ANY_V6ONLY, IN6ADDR_LOOPBACK].map(formatInetAddr)).toEqual(['127.0.0.1', '*', '[::]', '[::1]']);
  });
});
