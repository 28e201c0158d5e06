import { describe, expect, it } from 'vitest';
import {
  addrconfigFamily, AF_INET, AF_INET6, AF_UNSPEC, AI_ADDRCONFIG, AI_CANONNAME, EAI_NONAME, formatGaiError, reprAddrInfo, reprAddrInfoList, socketTuples, SOCK_DGRAM, SOCK_RAW, SOCK_STREAM,
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

describe('addrconfigFamily (AI_ADDRCONFIG on a host with IPv4 on eth0, IPv6 on lo only)', () => {
  it('narrows AF_UNSPEC to AF_INET, finds nothing for AF_INET6, and leaves the rest alone', () => {
    expect(addrconfigFamily(AF_UNSPEC, AI_ADDRCONFIG)).toBe(AF_INET);
    expect(addrconfigFamily(AF_UNSPEC, AI_ADDRCONFIG | AI_CANONNAME)).toBe(AF_INET);
    expect(addrconfigFamily(AF_INET6, AI_ADDRCONFIG)).toBe(EAI_NONAME);
    expect(addrconfigFamily(AF_INET, AI_ADDRCONFIG)).toBe(AF_INET);
    for (const f of [AF_UNSPEC, AF_INET, AF_INET6]) expect(addrconfigFamily(f, AI_CANONNAME)).toBe(f);
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
    expect(lookupHosts(hosts, 'www.its.ac.id', 0)).toBeUndefined();
  });

  it('reads ::1 as 127.0.0.1 for AF_INET, as glibc 2.36 does (a namespace with this /etc/hosts)', () => {
    expect(lookupHosts(hosts, 'localhost', 2)).toEqual({
      canonical: 'localhost', aliases: ['ip6-localhost', 'ip6-loopback'],
      addresses: [{ family: 2, address: '127.0.0.1' }, { family: 2, address: '127.0.0.1' }],
    });
    expect(lookupHosts(hosts, 'ip6-loopback', 2)).toEqual({
      canonical: 'localhost', aliases: ['ip6-localhost', 'ip6-loopback'], addresses: [{ family: 2, address: '127.0.0.1' }],
    });
    const mapped = [{ address: '::ffff:10.0.0.9', names: ['m'] }, { address: 'fd00::1', names: ['m'] }];
    expect(lookupHosts(mapped, 'm', 2)?.addresses).toEqual([{ family: 2, address: '10.0.0.9' }]);
    expect(lookupHosts(mapped, 'm', 10)?.addresses).toEqual([{ family: 10, address: '::ffff:10.0.0.9' }, { family: 10, address: 'fd00::1' }]);
  });
});
