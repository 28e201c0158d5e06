import { describe, expect, it } from 'vitest';
import {
  formatGaiError, reprAddrInfo, reprAddrInfoList, socketTuples, SOCK_DGRAM, SOCK_RAW, SOCK_STREAM,
} from '../../../src/stack/dns/gai.ts';
import { dockerHosts, lookupHosts } from '../../../src/stack/dns/resolv-conf.ts';

describe('socketTuples (glibc gaih_inet_typeproto)', () => {
  it('gives STREAM/TCP, DGRAM/UDP, RAW/0 when neither type nor protocol is set', () => {
    expect(socketTuples(0, 0)).toEqual([{ type: 1, proto: 6 }, { type: 2, proto: 17 }, { type: 3, proto: 0 }]);
  });

  it('narrows to the row a type or a protocol picks', () => {
    expect(socketTuples(0, 6)).toEqual([{ type: SOCK_STREAM, proto: 6 }]);
    expect(socketTuples(SOCK_DGRAM, 0)).toEqual([{ type: SOCK_DGRAM, proto: 17 }]);
    expect(socketTuples(SOCK_RAW, 1)).toEqual([{ type: SOCK_RAW, proto: 1 }]);
    expect(socketTuples(0, 1)).toEqual([{ type: SOCK_RAW, proto: 1 }]);
  });

  it('refuses a type and protocol that do not go together', () => {
    expect(socketTuples(SOCK_STREAM, 17)).toBe(-7);
    expect(socketTuples(9, 0)).toBe(-7);
  });
});

describe('Python reprs and messages', () => {
  it('prints IPv6 tuples with flowinfo and scope id', () => {
    expect(reprAddrInfo({ family: 10, type: 1, proto: 6, canonname: '', address: '2001:db8::1', port: 80 }))
      .toBe("(<AddressFamily.AF_INET6: 10>, <SocketKind.SOCK_STREAM: 1>, 6, '', ('2001:db8::1', 80, 0, 0))");
  });

  it('prints an empty result list as []', () => {
    expect(reprAddrInfoList([])).toBe('[]');
  });

  it('prints gaierror texts as Python does', () => {
    expect([-2, -3, -5].map(formatGaiError)).toEqual([
      '[Errno -2] Name or service not known',
      '[Errno -3] Temporary failure in name resolution',
      '[Errno -5] No address associated with hostname',
    ]);
  });
});

describe('lookupHosts', () => {
  const hosts = dockerHosts('6224c1e163bd', '172.20.0.3');

  it('finds the container id in Docker\'s /etc/hosts, case-insensitively', () => {
    expect(lookupHosts(hosts, '6224C1E163BD', 2)).toEqual({
      canonical: '6224c1e163bd', aliases: [], addresses: [{ family: 2, address: '172.20.0.3' }],
    });
  });

  it('returns every matching line of the family asked, in file order', () => {
    expect(lookupHosts(hosts, 'localhost', 0)?.addresses).toEqual([{ family: 2, address: '127.0.0.1' }, { family: 10, address: '::1' }]);
    expect(lookupHosts(hosts, 'localhost', 10)?.addresses).toEqual([{ family: 10, address: '::1' }]);
    expect(lookupHosts(hosts, 'ip6-loopback', 2)).toBeUndefined();
    expect(lookupHosts(hosts, 'www.its.ac.id', 0)).toBeUndefined();
  });
});
