/**
 * getaddrinfo's order (glibc rfc3484_sort, RFC 6724 §6) on a host with IPv6 on lo only:
 * ::1 before 127.0.0.1 (rule 6: precedence 50 against ::ffff:0:0/96's 10), an IPv6 address
 * with no route after every IPv4 one (rule 1), and otherwise the order given (rule 10).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sortDestinations } from '../../../src/stack/dns/rfc6724.ts';
import type { AddrInfo } from '../../../src/stack/dns/gai.ts';

const info = (address: string, type = 1): AddrInfo => ({ family: address.includes(':') ? 10 : 2, type, proto: 6, canonname: '', address, port: 80 });
const order = (list: AddrInfo[]) => sortDestinations(list).map((a) => a.address);

describe('sortDestinations', () => {
  it("puts ::1 first for 'localhost' as /etc/hosts lists it (127.0.0.1 first)", () => {
    expect(order([info('127.0.0.1'), info('::1')])).toEqual(['::1', '127.0.0.1']);
  });

  it('puts an unreachable IPv6 address (no route but lo) after the IPv4 ones', () => {
    expect(order([info('2001:db8::5'), info('172.16.16.101'), info('fd00::1')])).toEqual(['172.16.16.101', '2001:db8::5', 'fd00::1']);
  });

  it('keeps IPv4 addresses, and each address with its socket types, in the order given', () => {
    fc.assert(fc.property(fc.uniqueArray(fc.ipV4(), { minLength: 1, maxLength: 6 }), (addrs) => {
      const list = addrs.flatMap((a) => [info(a, 1), info(a, 2)]);
      expect(sortDestinations(list)).toEqual(list);
    }));
    expect(order([info('::1', 1), info('127.0.0.1', 1), info('::1', 2)])).toEqual(['::1', '::1', '127.0.0.1']);
  });
});
