/**
 * netdevice(7)'s get requests, which any socket answers with the named interface's settings
 * (struct ifreq: IFNAMSIZ bytes of name, then a union the request fills): what `ifconfig` and
 * the classic "my IP address" recipe (fcntl.ioctl(s, SIOCGIFADDR, struct.pack('256s', b'eth0')))
 * read. The answer is the bytes the kernel writes into the union, from its start:
 * - SIOCGIFADDR, SIOCGIFDSTADDR (the local address on a link that is not point-to-point),
 *   SIOCGIFBRDADDR, SIOCGIFNETMASK: a zeroed struct sockaddr_in with AF_INET and the address
 *   (devinet_ioctl), on an AF_INET socket only (another family's socket has no such request: ENOTTY);
 * - SIOCGIFFLAGS: the flags as a short (dev_get_flags: UP, RUNNING, and BROADCAST and MULTICAST
 *   for Ethernet, LOOPBACK for lo); SIOCGIFMTU, SIOCGIFINDEX: an int;
 * - SIOCGIFHWADDR: sa_family (the device type, ARPHRD_*) and the six address bytes
 *   (dev_get_mac_address; lo's are zeros).
 * An unknown name is ENODEV. The union's other bytes are the caller's, as the kernel copies the
 * whole ifreq in and back.
 */
import { ENODEV, ENOTTY } from '../abi/errno.ts';
import {
  AF_INET, ARPHRD_ETHER, ARPHRD_LOOPBACK, IFF_BROADCAST, IFF_LOOPBACK, IFF_MULTICAST, IFF_RUNNING, IFF_UP,
  SIOCGIFADDR, SIOCGIFBRDADDR, SIOCGIFDSTADDR, SIOCGIFFLAGS, SIOCGIFHWADDR, SIOCGIFINDEX, SIOCGIFMTU, SIOCGIFNETMASK,
} from '../abi/linux.ts';
import { prefixMask, writeMac } from '../wire/addr.ts';
import type { NetInterface } from '../kernel/interfaces.ts';

const INET_REQUESTS = new Set([SIOCGIFADDR, SIOCGIFDSTADDR, SIOCGIFBRDADDR, SIOCGIFNETMASK]);

/** the union's bytes `request` writes for interface `name` (ifindex is index + 1), or −errno */
export function ifreqAnswer(interfaces: readonly NetInterface[], request: number, name: string, family: number): Uint8Array | number {
  if (INET_REQUESTS.has(request) && family !== AF_INET) return -ENOTTY;
  const i = interfaces.find((x) => x.name === name);
  if (!i) return -ENODEV;
  const out = new DataView(new ArrayBuffer(16));
  const bytes = (n: number) => new Uint8Array(out.buffer, 0, n);
  const sockaddrIn = (addr: number) => {
    out.setUint16(0, AF_INET, true);
    out.setUint32(4, addr >>> 0);
    return bytes(16);
  };
  const mask = prefixMask(i.prefix) >>> 0;
  switch (request) {
    case SIOCGIFADDR:
    case SIOCGIFDSTADDR:
      return sockaddrIn(i.addr);
    case SIOCGIFNETMASK:
      return sockaddrIn(mask);
    case SIOCGIFBRDADDR:
      // lo has no broadcast address (`ip addr`: no brd), so the kernel's is 0
      return sockaddrIn(i.kind === 'loopback' ? 0 : (i.addr | ~mask) >>> 0);
    case SIOCGIFFLAGS:
      out.setInt16(0, IFF_UP | IFF_RUNNING | (i.kind === 'loopback' ? IFF_LOOPBACK : IFF_BROADCAST | IFF_MULTICAST), true);
      return bytes(2);
    case SIOCGIFMTU:
      out.setInt32(0, i.mtu, true);
      return bytes(4);
    case SIOCGIFINDEX:
      out.setInt32(0, i.index + 1, true);
      return bytes(4);
    case SIOCGIFHWADDR: {
      out.setUint16(0, i.kind === 'loopback' ? ARPHRD_LOOPBACK : ARPHRD_ETHER, true);
      const b = bytes(8);
      writeMac(b, 2, i.kind === 'loopback' ? 0 : i.mac);
      return b;
    }
    default:
      return -ENOTTY;
  }
}
