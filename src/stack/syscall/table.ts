/**
 * The system-call table of one process on a host: file descriptors over the host kernel's
 * socket layers (TCP, UDP, raw ICMP), epoll instances and AF_UNIX socketpairs, with Linux's
 * argument checks and errno values. Every call here returns at once: where Linux would
 * block, it returns -EAGAIN (-EINPROGRESS for connect), and the thread layer (blocking.ts)
 * parks the thread and calls again when the fd's poll mask says it can complete. Nothing
 * above this table touches the kernel.
 */
import type { Kernel } from '../kernel/kernel.ts';
import type { Nanos } from '../nanos.ts';
import type { FdCalls, EpollEvent, SockAddr, SockOptArg, SockOptValue, Received, Accepted } from './api.ts';
import { acceptedOpts, FD_LIMIT, FdTable, newSockOpts, writableOpts, type OpenFile } from './fds.ts';
import { epollCtl, epollForget, epollReady, newEpoll } from './epoll.ts';
import { unixClose, unixPair, unixPoll, unixRead, unixShutdown, unixWrite } from './unix.ts';
import { getSockOpt, ipHeaderOpts, setSockOpt } from './sockopt.ts';
import { bindAddr, destAddr, sockAddrOf, wildcardOf } from './sockaddr.ts';
import {
  AF_INET, AF_INET6, AF_UNIX, INADDR_ANY, INADDR_LOOPBACK, F_GETFD, F_GETFL, F_SETFD, F_SETFL, FIONBIO, IPPROTO_ICMP, IPPROTO_RAW, IPPROTO_TCP, IPPROTO_UDP, MSG_OOB, MSG_PEEK,
  O_NONBLOCK, O_RDWR, POLLIN, POLLNVAL, POLLOUT, SIOCATMARK, SIOCINQ, SIOCOUTQ, SIOCOUTQNSD,
  SOCK_CLOEXEC, SOCK_DGRAM, SOCK_NONBLOCK, SOCK_RAW, SOCK_STREAM, SOCK_TYPE_MASK, SOL_SOCKET, SO_DOMAIN,
} from '../abi/linux.ts';
import { ifreqAnswer } from './ifreq.ts';
import {
  EACCES, EAFNOSUPPORT, EALREADY, EBADF, EDESTADDRREQ, EINPROGRESS, EINVAL, EMFILE, EMSGSIZE, ENOTCONN, ENOTSOCK, ENOTTY,
  EOPNOTSUPP, EPROTONOSUPPORT, ESOCKTNOSUPPORT,
} from '../abi/errno.ts';

/** What the host gives a process besides its kernel. */
export interface HostEnv {
  readonly kernel: Kernel;
  now(): Nanos;
  /** getrandom(2)'s stream: one unsigned 32-bit draw */
  randomU32(): number;
}

type SocketFile = Exclude<OpenFile, { kind: 'epoll' }>;

function inet(addr: number, port: number): SockAddr {
  return { family: AF_INET, addr, port };
}

const errnoOf = (a: number | { errno: number }): number => (typeof a === 'number' ? 0 : a.errno);

export class SyscallTable implements FdCalls {
  readonly fds = new FdTable();

  constructor(private readonly env: HostEnv) {}

  private get k(): Kernel {
    return this.env.kernel;
  }

  private add(file: OpenFile): number {
    const fd = this.fds.add(file);
    return fd < 0 ? -EMFILE : fd;
  }

  /** the open file for a socket call: -EBADF / -ENOTSOCK as Linux checks them */
  private sock(fd: number): SocketFile | number {
    const f = this.fds.get(fd);
    if (!f) return -EBADF;
    if (f.kind === 'epoll') return -ENOTSOCK;
    return f;
  }

  // ---- creation -------------------------------------------------------------------------

  socket(domain: number, type: number, protocol: number): number {
    const base = type & SOCK_TYPE_MASK;
    const flags = type & SOCK_NONBLOCK ? O_NONBLOCK : 0;
    if ((type & ~(SOCK_TYPE_MASK | SOCK_NONBLOCK | SOCK_CLOEXEC)) !== 0) return -EINVAL;
    if (domain === AF_UNIX) return -EOPNOTSUPP; // only socketpair() is simulated for AF_UNIX
    if (domain !== AF_INET && domain !== AF_INET6) return -EAFNOSUPPORT;
    const opts = newSockOpts(domain);
    if (base === SOCK_STREAM) {
      if (protocol !== 0 && protocol !== IPPROTO_TCP) return -EPROTONOSUPPORT;
      return this.add({ kind: 'tcp', id: this.k.tcp.open(), flags, opts });
    }
    if (base === SOCK_DGRAM) {
      if (protocol !== 0 && protocol !== IPPROTO_UDP) return -EPROTONOSUPPORT;
      return this.add({ kind: 'udp', id: this.k.udp.open(), flags, opts });
    }
    if (base === SOCK_RAW) {
      if (domain === AF_INET6) return -EPROTONOSUPPORT; // raw ICMPv6 is not simulated
      if (protocol !== IPPROTO_ICMP && protocol !== IPPROTO_RAW) return -EPROTONOSUPPORT;
      return this.add({ kind: 'raw', id: this.k.raw.open(), hdrincl: protocol === IPPROTO_RAW, flags, opts });
    }
    return -ESOCKTNOSUPPORT;
  }

  socketpair(domain: number, type: number, _protocol: number): readonly [number, number] | number {
    if (domain !== AF_UNIX) return -EOPNOTSUPP;
    if ((type & SOCK_TYPE_MASK) !== SOCK_STREAM) return -EOPNOTSUPP;
    const flags = type & SOCK_NONBLOCK ? O_NONBLOCK : 0;
    const [a, b] = unixPair();
    const fa = this.add({ kind: 'unix', end: a, flags, opts: newSockOpts() });
    if (fa < 0) return fa;
    const fb = this.add({ kind: 'unix', end: b, flags, opts: newSockOpts() });
    if (fb < 0) {
      this.fds.remove(fa);
      return fb;
    }
    return [fa, fb];
  }

  epoll_create1(flags: number): number {
    if ((flags & ~SOCK_CLOEXEC) !== 0) return -EINVAL;
    return this.add({ kind: 'epoll', ep: newEpoll(), flags: 0 });
  }

  // ---- addresses ------------------------------------------------------------------------

  bind(fd: number, addr: SockAddr): number {
    const f = this.sock(fd);
    if (typeof f === 'number') return f;
    if (f.kind !== 'tcp' && f.kind !== 'udp') return addr.family === AF_INET ? -EINVAL : -EAFNOSUPPORT;
    const local = bindAddr(f.opts, addr);
    if (typeof local !== 'number') return -local.errno;
    const port = (addr as { port: number }).port;
    if (f.kind === 'tcp') return this.k.tcp.bind(f.id, local, port);
    if (f.kind === 'udp') {
      const r = this.k.udp.bind(f.id, local, port);
      if (r === 0) writableOpts(f).bound = true;
      return r;
    }
    return -EINVAL;
  }

  listen(fd: number, backlog: number): number {
    const f = this.sock(fd);
    if (typeof f === 'number') return f;
    if (f.kind !== 'tcp') return -EOPNOTSUPP;
    this.autobind6(f);
    return this.k.tcp.listen(f.id, backlog, this.env.now());
  }

  /** inet_autobind() of an AF_INET6 socket: `::` (of its V6ONLY kind), not INADDR_ANY */
  private autobind6(f: SocketFile): void {
    if (f.opts.family !== AF_INET6 || (f.kind !== 'tcp' && f.kind !== 'udp')) return;
    const layer = f.kind === 'tcp' ? this.k.tcp : this.k.udp;
    if ((layer.localName(f.id)?.[1] ?? 0) === 0) layer.bind(f.id, wildcardOf(f.opts), 0);
  }

  /** Starts a connect; -EINPROGRESS until the handshake ends (then SO_ERROR tells the result). */
  connect(fd: number, addr: SockAddr): number {
    const f = this.sock(fd);
    if (typeof f === 'number') return f;
    if (f.kind === 'unix' || f.kind === 'raw') return addr.family === AF_INET ? -EOPNOTSUPP : -EAFNOSUPPORT;
    const to = destAddr(f.opts, addr);
    if (typeof to !== 'number') return -to.errno;
    const dst = this.anyIsThisHost(f, to);
    const port = (addr as { port: number }).port;
    if (f.kind === 'udp') {
      this.autobind6(f);
      return this.k.udp.connect(f.id, dst, port);
    }
    if (f.kind !== 'tcp') return -EOPNOTSUPP;
    const r = this.k.tcp.connect(f.id, dst, port, this.env.now());
    return r === 0 ? -EINPROGRESS : r;
  }

  /**
   * A destination of 0.0.0.0 means this host (ip_route_output_key_hash_rcu: no daddr → the
   * socket's bound source, else 127.0.0.1 both ways), so `connect(('0.0.0.0', port))` reaches
   * a local server over loopback, as the course's clients do.
   */
  private anyIsThisHost(f: SocketFile, dst: number): number {
    if (dst !== INADDR_ANY) return dst;
    const bound = f.kind === 'tcp' ? this.k.tcp.localName(f.id) : f.kind === 'udp' ? this.k.udp.localName(f.id) : undefined;
    return bound && bound[0] !== INADDR_ANY ? bound[0] : INADDR_LOOPBACK;
  }

  /** After connect's -EINPROGRESS: 0 when established, -errno when it failed, -EALREADY while it runs. */
  connectResult(fd: number): number {
    const f = this.sock(fd);
    if (typeof f === 'number') return f;
    if (f.kind !== 'tcp') return 0;
    const err = this.k.tcp.takeError(f.id);
    if (err) return -err;
    const m = this.k.tcp.poll(f.id);
    return m & POLLOUT ? 0 : -EALREADY; // still in SYN-SENT
  }

  accept4(fd: number, flags: number): Accepted | number {
    const f = this.sock(fd);
    if (typeof f === 'number') return f;
    if (f.kind !== 'tcp') return -EOPNOTSUPP;
    if ((flags & ~(SOCK_NONBLOCK | SOCK_CLOEXEC)) !== 0) return -EINVAL;
    const id = this.k.tcp.accept(f.id, this.env.now());
    if (id < 0) return id;
    const opts = acceptedOpts(f.opts);
    const nfd = this.add({ kind: 'tcp', id, flags: flags & SOCK_NONBLOCK ? O_NONBLOCK : 0, opts });
    if (nfd < 0) {
      this.k.tcp.close(id, this.env.now());
      return nfd;
    }
    const peer = this.k.tcp.peerName(id) ?? [0, 0];
    return { fd: nfd, addr: sockAddrOf(opts, peer[0], peer[1]) };
  }

  getsockname(fd: number): SockAddr | number {
    const f = this.sock(fd);
    if (typeof f === 'number') return f;
    if (f.kind === 'unix') return { family: AF_UNIX, path: '' };
    const n = f.kind === 'tcp' ? this.k.tcp.localName(f.id) : f.kind === 'udp' ? this.k.udp.localName(f.id) : [0, 0] as const;
    return n ? sockAddrOf(f.opts, n[0], n[1]) : sockAddrOf(f.opts, 0, 0);
  }

  getpeername(fd: number): SockAddr | number {
    const f = this.sock(fd);
    if (typeof f === 'number') return f;
    if (f.kind === 'unix') return f.end.peer ? { family: AF_UNIX, path: '' } : -ENOTCONN;
    const n = f.kind === 'tcp' ? this.k.tcp.peerName(f.id) : f.kind === 'udp' ? this.k.udp.peerName(f.id) : undefined;
    return n ? sockAddrOf(f.opts, n[0], n[1]) : -ENOTCONN;
  }

  // ---- data -----------------------------------------------------------------------------

  /** send/sendto/sendmsg once: bytes taken, or -EAGAIN when nothing fits now. */
  sendto(fd: number, data: Uint8Array, flags: number, addr: SockAddr | null): number {
    const f = this.sock(fd);
    if (typeof f === 'number') return f;
    const now = this.env.now();
    switch (f.kind) {
      case 'tcp':
        // tcp_sendmsg ignores msg_name; an unconnected socket gets EPIPE (sk_stream_wait_connect)
        return this.k.tcp.send(f.id, data, now, flags);
      case 'udp': {
        if (flags & MSG_OOB) return -EOPNOTSUPP; // udp_sendmsg: "Mirror BSD error message compatibility"
        const to = addr ? destAddr(f.opts, addr) : undefined;
        if (to !== undefined && typeof to !== 'number') return -errnoOf(to);
        // udp_sendmsg: a broadcast destination needs SO_BROADCAST (sock_flag SOCK_BROADCAST)
        if (to !== undefined && !f.opts.broadcast && this.k.isBroadcast(to)) return -EACCES;
        this.autobind6(f);
        return this.k.udp.sendto(f.id, data, to !== undefined ? this.anyIsThisHost(f, to) : undefined, addr ? (addr as { port: number }).port : undefined, now);
      }
      case 'raw':
        if (!addr || addr.family !== AF_INET) return -EDESTADDRREQ;
        if (f.hdrincl) return this.sendIpPacket(addr.addr, data);
        return this.k.out.sendRawIcmp(this.anyIsThisHost(f, addr.addr), data, now, ipHeaderOpts(f));
      case 'unix':
        return unixWrite(f.end, data);
    }
  }

  /**
   * A CPU model's hooks on a TCP socket (tcp/owner.ts): lock it for a send's copy, unlock it
   * when the send's time is over, or tell it a thread waits in recv(). Other files: nothing.
   */
  lockSocket(fd: number): void {
    const f = this.fds.get(fd);
    if (f?.kind === 'tcp') this.k.tcp.lock?.(f.id);
  }

  unlockSocket(fd: number): void {
    const f = this.fds.get(fd);
    if (f?.kind === 'tcp') this.k.tcp.unlock?.(f.id, this.env.now());
  }

  /** __sk_flush_backlog() in a timed send's release: the backlog runs, the socket stays locked; whether it held anything */
  flushBacklog(fd: number): boolean {
    const f = this.fds.get(fd);
    return f?.kind === 'tcp' && this.k.tcp.flush?.(f.id, this.env.now()) === true;
  }

  readerWaits(fd: number, draw: ((len: number) => boolean) | null): void {
    const f = this.fds.get(fd);
    if (f?.kind === 'tcp') this.k.tcp.readerWaits?.(f.id, draw);
  }

  /**
   * A recv() whose copy a CPU model times (tcp/owner.ts): `readTimed` before the call, so that
   * one taking data keeps the socket locked; `reading` says whether it did; `readMore` runs the
   * backlog and takes what it queued (null: the call is over); `readEnd` lets go, or keeps the
   * lock when its tcp_cleanup_rbuf() sent a segment and the model asks (`keepIfSent`; then
   * `backlogged` says what came back meanwhile and unlockSocket releases). TCP only.
   */
  readTimed(fd: number, on: boolean): void {
    const f = this.fds.get(fd);
    if (f?.kind === 'tcp') this.k.tcp.readTimed?.(f.id, on);
  }

  reading(fd: number): boolean {
    const f = this.fds.get(fd);
    return f?.kind === 'tcp' && this.k.tcp.reading?.(f.id) === true;
  }

  readMore(fd: number, n: number): Uint8Array | null {
    const f = this.fds.get(fd);
    return f?.kind === 'tcp' ? this.k.tcp.readMore?.(f.id, n, this.env.now()) ?? null : null;
  }

  readEnd(fd: number, copied: number, keepIfSent = false): boolean {
    const f = this.fds.get(fd);
    return f?.kind === 'tcp' && this.k.tcp.readEnd?.(f.id, copied, this.env.now(), keepIfSent) === true;
  }

  backlogged(fd: number): number {
    const f = this.fds.get(fd);
    return f?.kind === 'tcp' ? this.k.tcp.backlogged?.(f.id) ?? 0 : 0;
  }

  /** recv/recvfrom/recvmsg once: the data, or -EAGAIN when nothing is there yet. */
  recvfrom(fd: number, n: number, flags: number): Received | number {
    const f = this.sock(fd);
    if (typeof f === 'number') return f;
    if (n < 0) return -EINVAL;
    const peek = (flags & MSG_PEEK) !== 0;
    switch (f.kind) {
      case 'tcp': {
        const t = this.k.tcp;
        const r = flags & MSG_OOB && t.recvUrgent ? t.recvUrgent(f.id, n, peek, this.env.now())
          : peek && t.peek ? t.peek(f.id, n) : t.recv(f.id, n, this.env.now());
        if (typeof r === 'number') return r;
        const p = t.peerName(f.id);
        return { data: r, addr: p ? sockAddrOf(f.opts, p[0], p[1]) : null, truncated: false };
      }
      case 'udp': {
        const u = this.k.udp;
        const d = peek ? u.peek(f.id) : u.recvfrom(f.id);
        if (typeof d === 'number') return d;
        // udp_recvmsg(): copy what the buffer holds; MSG_TRUNC in msg_flags when the datagram was longer
        return { data: d.data.slice(0, n), addr: sockAddrOf(f.opts, d.src, d.srcPort), truncated: d.data.length > n };
      }
      case 'raw': {
        const r = this.k.raw.recv(f.id);
        if (typeof r === 'number') return r;
        return { data: r.packet.slice(0, n), addr: inet(r.src, 0), truncated: r.packet.length > n };
      }
      case 'unix': {
        const r = unixRead(f.end, n, peek);
        return typeof r === 'number' ? r : { data: r, addr: null, truncated: false };
      }
    }
  }

  /** raw_send_hdrinc(): the program wrote the IP header; the kernel routes the packet as it is */
  private sendIpPacket(dst: number, packet: Uint8Array): number {
    // raw_send_hdrinc(): a packet the program wrote whole is not fragmented for it
    const r = this.k.route(dst);
    if (r && packet.length > this.k.interfaces[r.ifIndex]!.mtu) return -EMSGSIZE;
    const frame = new Uint8Array(14 + packet.length);
    frame.set(packet, 14);
    this.k.out.route(dst, frame, this.env.now());
    return packet.length;
  }

  shutdown(fd: number, how: number): number {
    const f = this.sock(fd);
    if (typeof f === 'number') return f;
    if (how < 0 || how > 2) return -EINVAL;
    if (f.kind === 'tcp') return this.k.tcp.shutdown(f.id, how, this.env.now());
    if (f.kind === 'unix') {
      unixShutdown(f.end, how);
      return 0;
    }
    // udp_disconnect-free shutdown: ENOTCONN unless connected
    return f.kind === 'udp' && this.k.udp.peerName(f.id) ? 0 : -ENOTCONN;
  }

  /** dup(2): a new fd (the lowest free) for the same open file, its flags and options shared */
  dup(fd: number): number {
    if (!this.fds.get(fd)) return -EBADF;
    const nfd = this.fds.dup(fd);
    return nfd < 0 ? -EMFILE : nfd;
  }

  /**
   * dup2(2): `nfd` names the file `fd` names, closing what `nfd` named first (silently, as
   * do_dup2 does); the same fd gives itself.
   */
  dup2(fd: number, nfd: number): number {
    if (!this.fds.get(fd)) return -EBADF;
    if (nfd === fd) return fd;
    if (nfd < 0 || nfd >= FD_LIMIT) return -EBADF;
    if (this.fds.get(nfd)) this.close(nfd);
    return this.fds.dupTo(fd, nfd) ? nfd : -EBADF;
  }

  close(fd: number): number {
    const f = this.fds.remove(fd);
    if (!f) return -EBADF;
    // epoll sets are keyed by fd here: the closed number leaves them even while a dup keeps
    // the file open (Linux would keep reporting it under the old number until the last close)
    if (this.fds.epolls) for (const [, g] of this.fds.entries()) if (g.kind === 'epoll') epollForget(g.ep, fd);
    if (!this.fds.lastReference(f)) return 0;
    const now = this.env.now();
    switch (f.kind) {
      case 'tcp':
        // SO_LINGER with a time above zero would make close() wait for the FIN's ACK; not modelled
        this.k.tcp.close(f.id, now, f.opts.linger.onoff !== 0 && f.opts.linger.linger === 0);
        break;
      case 'udp':
        this.k.udp.close(f.id, now);
        break;
      case 'raw':
        this.k.raw.close(f.id);
        break;
      case 'unix':
        unixClose(f.end);
        break;
      case 'epoll':
        break;
    }
    return 0;
  }

  // ---- options and control -------------------------------------------------------------

  setsockopt(fd: number, level: number, name: number, value: SockOptArg): number {
    const f = this.sock(fd);
    if (typeof f === 'number') return f;
    return setSockOpt(this.k, f, level, name, value, this.env.now());
  }

  getsockopt(fd: number, level: number, name: number): SockOptValue {
    const f = this.sock(fd);
    if (typeof f === 'number') return f;
    return getSockOpt(this.k, f, level, name, this.env.now());
  }

  fcntl(fd: number, cmd: number, arg = 0): number {
    const f = this.fds.get(fd);
    if (!f) return -EBADF;
    switch (cmd) {
      case F_GETFL:
        return O_RDWR | (f.flags & O_NONBLOCK);
      case F_SETFL:
        f.flags = arg & O_NONBLOCK;
        return 0;
      case F_GETFD:
      case F_SETFD:
        return 0;
      default:
        return -EINVAL;
    }
  }

  ioctl(fd: number, request: number, arg = 0): number {
    const f = this.fds.get(fd);
    if (!f) return -EBADF;
    if (request === FIONBIO) {
      f.flags = arg ? f.flags | O_NONBLOCK : f.flags & ~O_NONBLOCK;
      return 0;
    }
    if (f.kind === 'epoll') return -ENOTTY;
    if (f.kind === 'tcp') {
      const q = this.k.tcp.queues?.(f.id);
      if (!q) return -EINVAL;
      // tcp_ioctl: a listener has no queues of bytes to count
      if (q.listening && (request === SIOCINQ || request === SIOCOUTQ || request === SIOCOUTQNSD)) return -EINVAL;
      if (request === SIOCINQ) return q.inq;
      if (request === SIOCOUTQ) return q.outq;
      if (request === SIOCOUTQNSD) return q.notsent;
      if (request === SIOCATMARK) return this.k.tcp.atMark?.(f.id) ?? -ENOTTY;
      return -ENOTTY;
    }
    if (f.kind === 'udp') {
      if (request === SIOCINQ) return this.k.udp.nextLength(f.id);
      if (request === SIOCOUTQ) return 0;
      return -ENOTTY;
    }
    if (f.kind === 'unix') {
      if (request === SIOCINQ) return f.end.inboxBytes;
      if (request === SIOCOUTQ) return f.end.peer?.inboxBytes ?? 0;
    }
    return -ENOTTY;
  }

  /** Is a call on this fd non-blocking (O_NONBLOCK)? */
  nonBlocking(fd: number): boolean {
    const f = this.fds.get(fd);
    return f !== undefined && (f.flags & O_NONBLOCK) !== 0;
  }

  /**
   * When a wait bounded by SO_RCVTIMEO / SO_SNDTIMEO (`timeo` ns from `now`) gives up: the
   * kernel keeps these in jiffies and waits with schedule_timeout(), on the timer wheel.
   */
  timeoutDeadline(now: Nanos, timeo: number): Nanos {
    return this.k.jiffyTimer(now + timeo, now);
  }

  /** SO_RCVTIMEO / SO_SNDTIMEO in ns (0 = none) */
  timeouts(fd: number): { rcv: number; snd: number } {
    const f = this.fds.get(fd);
    return f && f.kind !== 'epoll' ? { rcv: f.opts.rcvTimeo, snd: f.opts.sndTimeo } : { rcv: 0, snd: 0 };
  }

  // ---- readiness ------------------------------------------------------------------------

  /**
   * What a thread waiting on `fd` waits on, for the scheduler's wait index (src/sim/waiters.ts):
   * the open file, and for a TCP socket its local port and, once connected, its peer.
   */
  readinessKey(fd: number): { file: object | undefined; localPort: number; peer: readonly [number, number] | undefined } {
    const f = this.fds.get(fd);
    if (!f || f.kind !== 'tcp') return { file: f, localPort: 0, peer: undefined };
    return { file: f, localPort: this.k.tcp.localName(f.id)?.[1] ?? 0, peer: this.k.tcp.peerName(f.id) };
  }

  pollMask(fd: number): number {
    const f = this.fds.get(fd);
    if (!f) return POLLNVAL;
    switch (f.kind) {
      case 'tcp':
        return this.k.tcp.poll(f.id);
      case 'udp':
        return this.k.udp.poll(f.id);
      case 'raw':
        return this.k.raw.poll(f.id);
      case 'unix':
        return unixPoll(f.end);
      case 'epoll':
        return this.epollPending(f.ep) ? POLLIN : 0;
    }
  }

  /** A number that moves whenever something new arrives on the fd (for EPOLLET). */
  private arrivals(fd: number): number {
    const f = this.fds.get(fd);
    if (!f || f.kind === 'epoll') return 0;
    if (f.kind === 'tcp') return this.k.tcp.queues?.(f.id)?.arrivals ?? 0;
    if (f.kind === 'udp') return this.k.udp.arrivals(f.id);
    if (f.kind === 'unix') return f.end.arrived + (f.end.peer?.wrShut ? 1 : 0);
    return 0;
  }

  private epollPending(ep: Parameters<typeof epollReady>[0]): boolean {
    return epollReady(ep, 1, (x) => this.maskOrBadf(x), (x) => this.arrivals(x), false).length > 0;
  }

  private maskOrBadf(fd: number): number {
    return this.fds.get(fd) ? this.pollMask(fd) : -EBADF;
  }

  epoll_ctl(epfd: number, op: number, fd: number, event: EpollEvent | null): number {
    const e = this.fds.get(epfd);
    if (!e) return -EBADF;
    if (e.kind !== 'epoll' || epfd === fd) return -EINVAL;
    if (!this.fds.get(fd)) return -EBADF;
    return epollCtl(e.ep, op, fd, event);
  }

  /** epoll_wait once: the ready events (consumed for EPOLLET/ONESHOT), [] when none. */
  epollTake(epfd: number, max: number): EpollEvent[] | number {
    const e = this.fds.get(epfd);
    if (!e) return -EBADF;
    if (e.kind !== 'epoll' || max <= 0) return -EINVAL;
    return epollReady(e.ep, max, (x) => this.maskOrBadf(x), (x) => this.arrivals(x), true);
  }

  // ---- the machine ----------------------------------------------------------------------

  gethostname(): string {
    return this.k.hostname;
  }

  /**
   * if_nameindex(3) (an RTM_GETLINK dump): each interface's ifindex and name. lo is 1 and the
   * others follow in the scenario's order, as in a namespace whose interfaces were made in
   * that order (a Docker container's eth0 keeps the number its host gave it).
   */
  ifNameIndex(): readonly (readonly [number, string])[] {
    return this.k.interfaces.map((i) => [i.index + 1, i.name] as const);
  }

  /** netdevice(7)'s get requests on any socket: the union's bytes for interface `name` (ifreq.ts) */
  ifreq(fd: number, request: number, name: string): Uint8Array | number {
    const f = this.fds.get(fd);
    if (!f) return -EBADF;
    if (f.kind === 'epoll') return -ENOTTY;
    return ifreqAnswer(this.k.interfaces, request, name, this.getsockopt(fd, SOL_SOCKET, SO_DOMAIN) as number);
  }

  getrandom(n: number): Uint8Array {
    const out = new Uint8Array(n);
    for (let i = 0; i < n; i += 4) {
      const v = this.env.randomU32();
      for (let j = 0; j < 4 && i + j < n; j++) out[i + j] = (v >>> (8 * j)) & 0xff;
    }
    return out;
  }

  /** Every open fd: for the stall report and for closing a process's files when it exits. */
  openFds(): IterableIterator<[number, OpenFile]> {
    return this.fds.entries();
  }

  /** exit(): close every fd, lowest first (do_exit → close_files) */
  closeAll(): void {
    for (const [fd] of [...this.fds.entries()]) this.close(fd);
  }

  /** Docker's iptables rule for its embedded DNS: udp to (addr, fromPort) goes to toPort. */
  natRedirectUdp(addr: number, fromPort: number, toPort: number): void {
    this.k.nat.addUdpPortRedirect({ addr, fromPort, toPort });
  }
}
