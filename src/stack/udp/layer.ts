/**
 * UDP sockets as Linux keeps them (net/ipv4/udp.c): a bind table, datagram queues with a
 * receive-buffer limit, connected sockets, and the rules for ICMP errors: a datagram to a
 * port nobody holds is answered with ICMP port unreachable (the kernel does that when
 * `input` returns false), and the error reaches only a *connected* socket, as ECONNREFUSED
 * on its next call (__udp4_lib_err with IP_RECVERR off). A datagram to a multicast group goes to
 * every socket on its port the group's membership allows (multicast.ts); IP_ADD_MEMBERSHIP and the
 * other IP_MULTICAST_* options are set here (setMulticast).
 */
import { EADDRINUSE, EAGAIN, EBADF, EDESTADDRREQ, EINVAL, EMSGSIZE, ENETUNREACH, EADDRNOTAVAIL } from '../abi/errno.ts';
import { POLLERR, POLLIN, POLLOUT } from '../abi/linux.ts';
import { addrsOverlap, coversAddr, isIpv6, isWildcard, type InetAddr } from '../wire/inet-addr.ts';
import type { Nanos } from '../nanos.ts';
import { datagramTruesize } from './truesize.ts';
import { DEFAULT_IP_HEADER_OPTS, tosAfterSet, validUcTtl, type IpHeaderOpts } from '../ip-header-opts.ts';
import { isIpv4Multicast } from '../wire/addr.ts';
import {
  DEFAULT_MULTICAST, multicastAllowed, multicastOption, setMulticastOption, type MulticastHost, type MulticastOpts, type MulticastOut, type Mreqn,
} from './multicast.ts';


export interface UdpServices extends MulticastHost {
  route(dst: InetAddr): { src: InetAddr; mtu: number } | undefined;
  isLocalAddress(a: InetAddr): boolean;
  /**
   * `connectedId` names a connected socket, whose packets count IP ids from its own start; `ip`:
   * the socket's IP_TTL and IP_TOS
   */
  output(src: InetAddr, dst: InetAddr, srcPort: number, dstPort: number, payload: Uint8Array, connectedId: number, now: Nanos, ip: Readonly<IpHeaderOpts>, mc?: MulticastOut): void;
  /** the interface (labwire's index) a datagram to `group` leaves by, and its address: the route's unless IP_MULTICAST_IF */
  multicastRoute(group: InetAddr, opts: Readonly<MulticastOpts>): { ifIndex: number; src: InetAddr } | undefined;
  /** unsigned 32-bit draw from the host's 'udp-port' stream */
  random(): number;
  readonly localPortRange: readonly [number, number];
}

export interface Datagram {
  readonly src: InetAddr;
  readonly srcPort: number;
  readonly data: Uint8Array;
}

/** a queued datagram and what it costs the receive buffer (truesize.ts) */
interface QueuedDatagram extends Datagram {
  readonly truesize: number;
}

interface UdpSocket {
  readonly id: number;
  localAddr: InetAddr;
  localPort: number;
  remoteAddr: InetAddr;
  remotePort: number;
  reuseAddr: boolean;
  reusePort: boolean;
  queue: QueuedDatagram[];
  queuedBytes: number;
  /** datagrams ever queued (epoll's edge-triggered wakeups count arrivals) */
  arrivals: number;
  rcvBuf: number;
  error: number;
  /** IP_TTL and IP_TOS: its datagrams' TTL and TOS bytes */
  ip: Readonly<IpHeaderOpts>;
  /** IP_MULTICAST_*: replaced whole */
  mc: Readonly<MulticastOpts>;
  /** the groups it joined, newest first (inet->mc_list) */
  groups: readonly Mreqn[];
}

/** net.core.rmem_default */
export const UDP_RMEM_DEFAULT = 212992;
/** 65535 - IPv4 header - UDP header */
export const UDP_MAX_PAYLOAD = 65507;
/**
 * over IPv6 the 16-bit payload length leaves out the IPv6 header: 65535 - UDP header (no
 * jumbograms). Not modelled: above 65488 bytes Linux sends lo's datagram as IPv6 fragments
 * (ip6_fragment); here it leaves whole.
 */
export const UDP6_MAX_PAYLOAD = 65527;

export class UdpLayer {
  private readonly sockets = new Map<number, UdpSocket>();
  private nextId = 1;

  constructor(private readonly services: UdpServices) {}

  open(): number {
    const id = this.nextId++;
    this.sockets.set(id, {
      id, localAddr: 0, localPort: 0, remoteAddr: 0, remotePort: 0, reuseAddr: false, reusePort: false, ip: DEFAULT_IP_HEADER_OPTS, mc: DEFAULT_MULTICAST, groups: [],
      queue: [], queuedBytes: 0, arrivals: 0, rcvBuf: UDP_RMEM_DEFAULT, error: 0,
    });
    return id;
  }

  private inUse(addr: InetAddr, port: number, except?: UdpSocket): boolean {
    for (const s of this.sockets.values()) {
      if (s === except || s.localPort !== port) continue;
      if (addrsOverlap(s.localAddr, addr)) {
        if (!(s.reuseAddr && except?.reuseAddr) && !(s.reusePort && except?.reusePort)) return true;
      }
    }
    return false;
  }

  bind(id: number, addr: InetAddr, port: number): number {
    const s = this.sockets.get(id);
    if (!s) return -EBADF;
    if (s.localPort !== 0) return -EINVAL;
    // inet_bind(): a local address, or a group (RTN_MULTICAST: the socket then takes only that group's datagrams)
    if (!isWildcard(addr) && !this.services.isLocalAddress(addr) && !isGroup(addr)) return -EADDRNOTAVAIL;
    if (port === 0) {
      const p = this.ephemeralPort(addr);
      if (p < 0) return p;
      port = p;
    } else if (this.inUse(addr, port, s)) return -EADDRINUSE;
    s.localAddr = addr;
    s.localPort = port;
    return 0;
  }

  /** udp_lib_get_port(): a random start in the range, then the next free port. */
  private ephemeralPort(addr: InetAddr): number {
    const [lo, hi] = this.services.localPortRange;
    const span = hi - lo + 1;
    const start = this.services.random() % span;
    for (let i = 0; i < span; i++) {
      const p = lo + ((start + i) % span);
      if (!this.inUse(addr, p)) return p;
    }
    return -EADDRINUSE;
  }

  private autobind(s: UdpSocket): number {
    return s.localPort === 0 ? this.bind(s.id, 0, 0) : 0;
  }

  connect(id: number, addr: InetAddr, port: number): number {
    const s = this.sockets.get(id);
    if (!s) return -EBADF;
    const r = this.services.route(addr);
    if (!r) return -ENETUNREACH;
    const e = this.autobind(s);
    if (e < 0) return e;
    if (isWildcard(s.localAddr)) s.localAddr = r.src;
    s.remoteAddr = addr;
    s.remotePort = port;
    return 0;
  }

  sendto(id: number, data: Uint8Array, addr: InetAddr | undefined, port: number | undefined, now: Nanos): number {
    const s = this.sockets.get(id);
    if (!s) return -EBADF;
    if (s.error) return -this.takeError(id);
    const dst = addr ?? (s.remotePort ? s.remoteAddr : undefined);
    const dport = port ?? s.remotePort;
    // udp_sendmsg: no address and not connected (sk_state != TCP_ESTABLISHED) is EDESTADDRREQ
    if (dst === undefined) return -EDESTADDRREQ;
    if (data.length > (isIpv6(dst) ? UDP6_MAX_PAYLOAD : UDP_MAX_PAYLOAD)) return -EMSGSIZE;
    if (isGroup(dst)) return this.sendMulticast(s, data, dst, dport, now);
    const r = this.services.route(dst);
    if (!r) return -ENETUNREACH;
    const e = this.autobind(s);
    if (e < 0) return e;
    const connected = s.remotePort !== 0 && dst === s.remoteAddr && dport === s.remotePort;
    this.services.output(sourceAddr(s, r.src), dst, s.localPort, dport, data, connected ? s.id : 0, now, s.ip);
    return data.length;
  }

  /** udp_sendmsg() to a group: never "connected", out of mc_index's device or the route's, with mc_ttl */
  private sendMulticast(s: UdpSocket, data: Uint8Array, dst: InetAddr, dport: number, now: Nanos): number {
    const r = this.services.multicastRoute(dst, s.mc);
    if (!r) return -ENETUNREACH;
    const e = this.autobind(s);
    if (e < 0) return e;
    this.services.output(sourceAddr(s, r.src), dst, s.localPort, dport, data, 0, now, s.ip, { ifIndex: r.ifIndex, ttl: s.mc.ttl, loop: s.mc.loop });
    return data.length;
  }

  /** The next datagram, whole: the caller copies what its buffer holds and discards the rest (MSG_TRUNC tells). */
  recvfrom(id: number): Datagram | number {
    const s = this.sockets.get(id);
    if (!s) return -EBADF;
    if (s.error) return -this.takeError(id);
    const d = s.queue.shift();
    if (!d) return -EAGAIN;
    s.queuedBytes -= d.truesize;
    return d;
  }

  /** A datagram for (dst, dstPort). False when no socket takes it (the caller answers with ICMP). */
  input(src: InetAddr, srcPort: number, dst: InetAddr, dstPort: number, data: Uint8Array): boolean {
    const s = this.lookup(src, srcPort, dst, dstPort);
    if (!s) return false;
    this.enqueue(s, src, srcPort, data);
    return true;
  }

  /**
   * A broadcast or multicast datagram that arrived on `ifIndex`: a copy to every socket bound to
   * the port whose address is the wildcard or the destination itself, that is not connected
   * elsewhere and, for a group, that its memberships allow (__udp4_lib_mcast_deliver,
   * ip_mc_sf_allow). False when none takes it.
   */
  inputBroadcast(src: InetAddr, srcPort: number, dst: InetAddr, dstPort: number, data: Uint8Array, ifIndex: number): boolean {
    let taken = false;
    const group = isGroup(dst);
    for (const s of this.sockets.values()) {
      if (s.localPort !== dstPort || !coversAddr(s.localAddr, dst)) continue;
      if (s.remotePort !== 0 && (s.remoteAddr !== src || s.remotePort !== srcPort)) continue;
      if (group && !multicastAllowed(s.mc, s.groups, dst, ifIndex + 1)) continue;
      this.enqueue(s, src, srcPort, data);
      taken = true;
    }
    return taken;
  }

  private enqueue(s: UdpSocket, src: InetAddr, srcPort: number, data: Uint8Array): void {
    const truesize = datagramTruesize(data.length, isIpv6(src));
    // __udp_enqueue_schedule_skb (6.15+): dropped when it would overfill the buffer, unless the
    // queue is empty (UDP_MIB_RCVBUFERRORS)
    if (s.queuedBytes + truesize > s.rcvBuf && s.queuedBytes > 0) return;
    s.queue.push({ src, srcPort, data: data.slice(), truesize });
    s.queuedBytes += truesize;
    s.arrivals++;
  }

  /** how many datagrams were ever queued on the socket */
  arrivals(id: number): number {
    return this.sockets.get(id)?.arrivals ?? 0;
  }

  /** Best match, as udp4_lib_lookup scores: connected sockets beat wildcard ones. */
  private lookup(src: InetAddr, srcPort: number, dst: InetAddr, dstPort: number): UdpSocket | undefined {
    let best: UdpSocket | undefined;
    let bestScore = -1;
    for (const s of this.sockets.values()) {
      if (s.localPort !== dstPort) continue;
      if (!coversAddr(s.localAddr, dst)) continue;
      if (s.remotePort !== 0 && (s.remoteAddr !== src || s.remotePort !== srcPort)) continue;
      const score = (isWildcard(s.localAddr) ? 0 : 1) + (s.remotePort !== 0 ? 2 : 0);
      if (score > bestScore) {
        best = s;
        bestScore = score;
      }
    }
    return best;
  }

  /** An ICMP error quoting a datagram we sent from (src, srcPort) to (dst, dstPort). */
  icmpError(src: InetAddr, srcPort: number, dst: InetAddr, dstPort: number, errno: number): void {
    for (const s of this.sockets.values()) {
      if (s.localPort !== srcPort || !coversAddr(s.localAddr, src)) continue;
      // only a connected socket hears about it (inet->recverr is off)
      if (s.remotePort === dstPort && s.remoteAddr === dst) s.error = errno;
    }
  }

  poll(id: number): number {
    const s = this.sockets.get(id);
    if (!s) return POLLERR;
    return (s.queue.length ? POLLIN : 0) | POLLOUT | (s.error ? POLLERR : 0);
  }

  takeError(id: number): number {
    const s = this.sockets.get(id);
    if (!s) return EBADF;
    const e = s.error;
    s.error = 0;
    return e;
  }

  /** SO_RCVBUF as getsockopt answers it: the doubled value set, or net.core.rmem_default */
  rcvBuf(id: number): number {
    return this.sockets.get(id)?.rcvBuf ?? UDP_RMEM_DEFAULT;
  }

  setRcvBuf(id: number, bytes: number, rmemMax: number): void {
    const s = this.sockets.get(id);
    if (s) s.rcvBuf = Math.max(2304, Math.min(bytes, rmemMax) * 2);
  }

  /** IP_TTL (−1, or 1..255, else EINVAL) or IP_TOS: 0, or −errno */
  setIpOption(id: number, opt: 'IP_TTL' | 'IP_TOS', value: number): number {
    const s = this.sockets.get(id);
    if (!s) return -EBADF;
    if (opt === 'IP_TTL') {
      if (!validUcTtl(value)) return -EINVAL;
      s.ip = { ...s.ip, ucTtl: value };
    } else s.ip = { ...s.ip, tos: tosAfterSet(s.ip, value, false) };
    return 0;
  }

  setReuseAddr(id: number, on: boolean): void {
    const s = this.sockets.get(id);
    if (s) s.reuseAddr = on;
  }

  setReusePort(id: number, on: boolean): void {
    const s = this.sockets.get(id);
    if (s) s.reusePort = on;
  }

  /** The next datagram's length (SIOCINQ on a UDP socket), 0 when none */
  nextLength(id: number): number {
    return this.sockets.get(id)?.queue[0]?.data.length ?? 0;
  }

  /** recvfrom with MSG_PEEK: the next datagram, left queued */
  peek(id: number): Datagram | number {
    const s = this.sockets.get(id);
    if (!s) return -EBADF;
    if (s.error) return -this.takeError(id);
    return s.queue[0] ?? -EAGAIN;
  }

  localName(id: number): readonly [InetAddr, number] | undefined {
    const s = this.sockets.get(id);
    return s ? [s.localAddr, s.localPort] : undefined;
  }

  peerName(id: number): readonly [InetAddr, number] | undefined {
    const s = this.sockets.get(id);
    return s && s.remotePort ? [s.remoteAddr, s.remotePort] : undefined;
  }

  /** close(): its memberships end (ip_mc_drop_socket), then the socket */
  close(id: number, now: Nanos): void {
    const s = this.sockets.get(id);
    for (const m of s?.groups ?? []) this.services.leaveGroup(m.ifIndex, m.group, now);
    this.sockets.delete(id);
  }

  /** An IPPROTO_IP multicast option (multicast.ts: setMulticastOption): 0, or −errno. */
  setMulticast(id: number, name: number, value: number | Uint8Array, now: Nanos): number {
    const s = this.sockets.get(id);
    return s ? setMulticastOption(s, name, value, this.services, now) : -EBADF;
  }

  /** getsockopt of a multicast option (multicast.ts: multicastOption) */
  getMulticast(id: number, name: number): number {
    return multicastOption(this.sockets.get(id)?.mc ?? DEFAULT_MULTICAST, name);
  }

  rows(): { id: number; recvQ: number; local: [InetAddr, number]; peer: [InetAddr, number] }[] {
    return [...this.sockets.values()].map((s) => ({
      id: s.id,
      recvQ: s.queue.reduce((n, d) => n + d.data.length, 0),
      local: [s.localAddr, s.localPort],
      peer: [s.remoteAddr, s.remotePort],
    }));
  }
}

const isGroup = (a: InetAddr): boolean => !isIpv6(a) && isIpv4Multicast(a);

/** the source of a socket's datagram: its bound address, but the route's for a wildcard or a group (inet_saddr 0: "use device") */
function sourceAddr(s: UdpSocket, routeSrc: InetAddr): InetAddr {
  return isWildcard(s.localAddr) || isGroup(s.localAddr) ? routeSrc : s.localAddr;
}
