/**
 * TcpLayer: the host's TCP sockets (Linux's tcp_hashinfo plus the socket calls). It owns the
 * socket table, demultiplexing (4-tuple first, then listeners), bind and ephemeral ports,
 * listen/accept queues, RSTs for closed ports and TIME-WAIT. Each connection is driven
 * through tcpStep; the layer carries out the effects: segments go to services.output during
 * the call (segments are reused and payloads are views into the send stream: valid only during that call), timers
 * become services.arm tokens (one armed token per socket; stale tokens are ignored).
 */
import { TCP_MIB_COUNTERS, type TcpMibCounter } from './mib.ts';
import { ICMP_DEST_UNREACHABLE } from '../wire/icmp.ts';
import { IPV4_HEADER_LENGTH } from '../wire/ipv4.ts';
import { TCP_SYNCOOKIES } from './linux.ts';
import { SyncookieJar } from './syncookie-jar.ts';
import type { Nanos } from '../nanos.ts';
import { isIpv6, isWildcard, type InetAddr } from '../wire/inet-addr.ts';
import type { TcpSegment } from '../wire/tcp.ts';
import {
  EADDRINUSE, EADDRNOTAVAIL, EAGAIN, EALREADY, EBADF, EINVAL, EISCONN, ENETUNREACH, ENOTCONN, EPIPE,
} from '../abi/errno.ts';
import type { KernelProfile } from '../kernel/profile.ts';
import { IP_PMTUDISC_DONT, IP_PMTUDISC_INTERFACE, IP_PMTUDISC_OMIT, POLLERR, POLLHUP } from '../abi/linux.ts';
import type { TcpLayerApi, TcpServices, TcpSockOpt, TcpSocketRow } from '../kernel/tcp-services.ts';
import type { TcpCall, TcpCallResult, TcpConfig, TcpEffect, TcpEvent } from './conn.ts';
import { TIMER_ORDER } from './conn.ts';
import { countSegmentIn, newConn, setConnConfig, setTcbFields, tcpStep } from './step.ts';
import { tcpConfigOf } from './config.ts';
import { resetFor } from './input.ts';
import { nextDeadline, type TcpState } from './tcb.ts';
import { pickPort } from './ports.ts';
import { recvWouldBlock } from './user.ts';
import { sendWouldBlock } from './send.ts';
import { seqAdd, seqGt } from './seq.ts';
import { tcpInfo } from './info.ts';
import { CONN_OPTIONS, setSocketOption, socketOption } from './sock-options.ts';
import { icmpErrAction } from './icmp-err.ts';
import { atMarkAnswer, peekQueue, sockQueues, urgentRead, type SockQueues } from './sock-reads.ts';
import type { TcpInfo } from '../abi/types.ts';
import { readOptions } from './options.ts';
import type { Tcb } from './tcb.ts';
import {
  clampBacklog, dontFragment, isAcceptQueueFull, isBareSyn, isHandshakeAck, newSock, pollMask, sockRow, timeWaitIp, timerDeadline, type Sock,
} from './sock.ts';
import { SocketTable } from './table.ts';
import { SendPool } from './send-pool.ts';
import { addBacklog, holdOwner, releaseOwner } from './owner.ts';
import { segmentToListener, type ListenerOps } from './listener.ts';
import { none, writable } from './none.ts';
import type { SkbSender } from '../kernel/skb-clone.ts';

export class TcpLayer implements TcpLayerApi {
  private cfg: TcpConfig;
  private readonly socks = new Map<number, Sock>();
  private readonly table = new SocketTable();
  private readonly tsOffsets = new Map<number | string, number>();
  private readonly cookies: SyncookieJar;
  private readonly tokens = new Map<number, { sock: Sock; at: Nanos }>();
  private readonly effectLists: TcpEffect[][] = [];
  private readonly sendPools: SendPool[] = [];
  private readonly segmentEvent: { readonly kind: 'segment'; seg: TcpSegment; ecn: number; piece: number; sender: SkbSender | undefined; owned: boolean } = { kind: 'segment', seg: undefined as unknown as TcpSegment, ecn: 0, piece: 0, sender: undefined, owned: false };
  private nextId = 1;
  private nextToken = 1;
  /** what the listener side (listener.ts) does through this layer */
  private readonly listenerOps: ListenerOps;
  /** the host's SNMP counters TCP keeps (mib.ts), as /proc/net/netstat would show them */
  private readonly mibCounts = Object.fromEntries(TCP_MIB_COUNTERS.map((k) => [k, 0])) as Record<TcpMibCounter, number>;

  /**
   * `options.gsoMaxSize`: hand the device super-segments up to this size (65215 on veth and
   * Docker's bridge, as Linux does; see TcpConfig.gsoMaxSize). Off (0) by default: the kernel
   * must then carry and capture IP packets larger than the MTU, as veth does. `softwareGso`:
   * the device segments them itself (TcpConfig.softwareGso). `rxGsoSize`: the GSO size of
   * received super-packets (TcpConfig.rxGsoSize).
   */
  constructor(
    private readonly services: TcpServices,
    private readonly profile: KernelProfile,
    options: { readonly gsoMaxSize?: number; readonly softwareGso?: boolean; readonly rxGsoSize?: number | 'none' } = {},
  ) {
    const cfg = tcpConfigOf(profile, options.gsoMaxSize ?? 0, options.softwareGso ?? false);
    this.cfg = options.rxGsoSize ? { ...cfg, rxGsoSize: options.rxGsoSize } : cfg;
    this.cookies = new SyncookieJar(profile.tcpSyncookies ?? TCP_SYNCOOKIES, () => services.random('syncookie'));
    this.listenerOps = {
      table: this.table, cookies: this.cookies, services,
      newSock: (localPort, remotePort) => this.newSock(localPort, remotePort),
      tsOffsetFor: (local, remote) => this.tsOffsetFor(local, remote),
      step: (s, ev, now) => this.step(s, ev, now),
      stepSegment: (s, seg, now, ecn) => this.stepSegment(s, seg, now, ecn),
      forget: (s) => this.forget(s),
    };
  }

  /**
   * `ethtool -K dev tso|gso off|on` while sockets live: the device's features change, not the
   * sockets' (sk_route_caps was set at connect), so every socket goes on building GSO packets
   * and the device cuts them in software (validate_xmit_skb) while its GSO is off.
   */
  setSoftwareGso(on: boolean): void {
    this.cfg = { ...this.cfg, softwareGso: on };
    for (const s of this.socks.values()) setConnConfig(s.conn, this.cfg);
  }

  /** The SNMP counters so far (what `nstat -a` prints for them). */
  mib(): Readonly<Record<TcpMibCounter, number>> {
    return this.mibCounts;
  }

  // ---- socket calls -------------------------------------------------------------------

  open(): number {
    const s = this.newSock(0, 0);
    this.socks.set(s.id, s);
    s.userOwned = true;
    return s.id;
  }

  bind(id: number, addr: InetAddr, port: number): number {
    const s = this.user(id);
    if (!s) return -EBADF;
    if (s.kind !== 'fresh' || s.localPort !== 0) return -EINVAL;
    if (!isWildcard(addr) && !this.services.isLocalAddress(addr)) return -EADDRNOTAVAIL;
    let p = port;
    if (p === 0) {
      const got = pickPort(this.profile.localPortRange, this.services.random('port'), false, (q) => !this.table.bindConflict(s, addr, q));
      if (got === undefined) return -EADDRINUSE;
      p = got;
    } else if (this.table.bindConflict(s, addr, p)) return -EADDRINUSE;
    s.localAddr = addr;
    this.claimPort(s, p);
    return 0;
  }

  listen(id: number, backlog: number, now: Nanos): number {
    const s = this.user(id);
    if (!s) return -EBADF;
    if (s.kind === 'listen') {
      s.backlog = clampBacklog(backlog);
      return 0;
    }
    if (s.kind !== 'fresh') return -EINVAL;
    if (s.localPort === 0) {
      const got = pickPort(this.profile.localPortRange, this.services.random('port'), false, (q) => !this.table.bindConflict(s, 0, q));
      if (got === undefined) return -EADDRINUSE;
      this.claimPort(s, got);
    }
    if (this.table.listenConflict(s)) return -EADDRINUSE;
    s.kind = 'listen';
    s.backlog = clampBacklog(backlog);
    this.table.addListener(s);
    this.call(s, { kind: 'listen' }, now);
    return 0;
  }

  connect(id: number, addr: InetAddr, port: number, now: Nanos): number {
    const s = this.user(id);
    if (!s) return -EBADF;
    if (s.kind === 'listen') return -EISCONN;
    if (s.kind === 'conn') {
      const st = s.conn.tcb.state;
      if (st === 'SYN-SENT' || st === 'SYN-RECEIVED') return -EALREADY;
      if (st !== 'CLOSED') return -EISCONN;
      return -EISCONN;
    }
    const route = this.services.route(addr, now);
    if (!route) return -ENETUNREACH;
    const local = isWildcard(s.localAddr) ? route.src : s.localAddr;
    if (s.localPort === 0) {
      const got = pickPort(this.profile.localPortRange, this.services.random('port'), true, (q) => !this.table.portUsed(q) && !this.table.has(local, q, addr, port));
      if (got === undefined) return -EADDRNOTAVAIL;
      this.claimPort(s, got);
    } else if (this.table.has(local, s.localPort, addr, port)) return -EADDRNOTAVAIL;
    s.localAddr = local;
    s.remoteAddr = addr;
    s.remotePort = port;
    s.kind = 'conn';
    s.activeOpen = true;
    setTcbFields(s.conn, { localPort: s.localPort, remotePort: port });
    this.table.hash(s);
    const iss = this.services.random('isn');
    const tsOffset = this.tsOffsetFor(local, addr);
    this.call(s, { kind: 'connect', iss, tsOffset, mtu: route.mtu, netHeaderLen: route.netHeaderLen }, now);
    return 0;
  }

  accept(id: number, _now: Nanos): number {
    const s = this.user(id);
    if (!s) return -EBADF;
    if (s.kind !== 'listen') return -EINVAL;
    if (s.acceptQueue.length === 0) return -EAGAIN; // (shift() on the shared empty list would throw)
    const child = s.acceptQueue.shift()!;
    s.accepted++;
    child.parent = undefined;
    child.userOwned = true;
    setTcbFields(child.conn, { unaccepted: false });
    this.socks.set(child.id, child);
    return child.id;
  }

  send(id: number, data: Uint8Array, now: Nanos, flags = 0): number {
    const s = this.user(id);
    if (!s) return -EBADF;
    const r = s.kind !== 'conn' ? -EPIPE : data.length > 0 && sendWouldBlock(s.conn) ? -EAGAIN : this.call(s, { kind: 'send', data, flags }, now) as number;
    // tcp_sendmsg() ends in release_sock(): what came meanwhile runs after tcp_push. A send a CPU
    // model times keeps the lock while the transmit's softirq work goes on (unlock); one that
    // must wait for room lets go now, as sk_stream_wait_memory() does.
    if (!s.owner.timed || r !== data.length) this.release(s, now);
    return r;
  }

  /** lock_sock() for a system call about to copy (owner.ts); the call's end, or unlock(), releases it */
  lock(id: number): void {
    const s = this.user(id);
    if (s?.kind !== 'conn') return;
    holdOwner(s.owner);
    if (!s.conn.tcb.writerTimed) setTcbFields(s.conn, { writerTimed: true });
  }

  /** release_sock() at the end of a timed send (owner.ts): the backlog runs */
  unlock(id: number, now: Nanos): void {
    const s = this.socks.get(id);
    if (s) this.release(s, now);
  }

  /**
   * __sk_flush_backlog() for a timed send at its release (syscall/cpu.ts): __release_sock() runs
   * the backlog with the socket still owned, so what the run transmits and the answers that
   * come back meanwhile (sim/softirq-chain.ts) join the backlog and run in the same release
   */
  flush(id: number, now: Nanos): boolean {
    const s = this.socks.get(id);
    if (!s || !s.owner.owned || s.owner.rxBacklog.length === 0) return false;
    this.release(s, now);
    holdOwner(s.owner);
    return true;
  }

  /** a thread waits in recv() on it (`draw`: answer the next segment from its context?), or no longer (null) */
  readerWaits(id: number, draw: ((len: number) => boolean) | null): void {
    const s = this.user(id);
    if (s) s.owner.reader = draw;
  }

  recv(id: number, n: number, now: Nanos): Uint8Array | number {
    const s = this.user(id);
    if (!s) return -EBADF;
    if (s.kind !== 'conn') return -ENOTCONN;
    if (n > 0 && recvWouldBlock(s.conn)) return -EAGAIN;
    const o = s.owner;
    // a timed read (readTimed) that finds data takes the lock for its copy: lock_sock() in tcp_recvmsg
    const timed = o.reading || (o.readTimed && !o.owned && n > 0 && s.conn.rcv.length > 0);
    if (timed && !o.reading) {
      holdOwner(o);
      o.reading = true;
    }
    return this.call(s, { kind: 'recv', n, timed }, now);
  }

  /** a CPU model times the copies of the recv() about to be made on it (owner.ts), or no longer */
  readTimed(id: number, on: boolean): void {
    const s = this.user(id);
    if (s) s.owner.readTimed = on;
  }

  /** whether a timed recv() holds the socket's lock (its data taken, its copy being charged) */
  reading(id: number): boolean {
    return this.socks.get(id)?.owner.reading === true;
  }

  /**
   * A timed recv() has copied what it took: tcp_recvmsg_locked's loop takes the next skb's
   * bytes (up to `n`), or, the queue copied, runs the backlog keeping the lock
   * (__sk_flush_backlog) and takes from what it queued; null when neither gives bytes (the loop ends).
   */
  readMore(id: number, n: number, now: Nanos): Uint8Array | null {
    const s = this.socks.get(id);
    if (s?.kind !== 'conn' || !s.owner.reading || n <= 0) return null;
    if (s.conn.rcv.length === 0) {
      if (s.owner.rxBacklog.length === 0) return null;
      this.release(s, now);
      holdOwner(s.owner);
    }
    if (s.conn.rcv.length === 0 || s.conn.tcb.state === 'CLOSED') return null;
    const r = this.call(s, { kind: 'recv', n, timed: true }, now);
    return typeof r === 'number' ? null : r as Uint8Array;
  }

  /**
   * The timed recv() ends: tcp_cleanup_rbuf() for the `copied` bytes, then release_sock(). With
   * `keepIfSent`, a cleanup that sent a segment (its ACK or window update) keeps the lock and
   * says so (true): the caller charges the softirq work that transmit runs in its context, then
   * unlock() releases (owner.ts).
   */
  readEnd(id: number, copied: number, now: Nanos, keepIfSent = false): boolean {
    const s = this.socks.get(id);
    if (!s?.owner.reading) return false;
    s.owner.reading = false;
    let sent = false;
    if (s.kind === 'conn' && s.conn.tcb.state !== 'CLOSED') {
      const out = s.conn.tcb.segsOut;
      this.call(s, { kind: 'recv-end', copied }, now);
      sent = s.conn.tcb.segsOut !== out;
    }
    if (keepIfSent && sent && s.owner.owned) return true;
    this.release(s, now);
    return false;
  }

  /** payload bytes waiting in the socket's backlog (sk_backlog) for release_sock() */
  backlogged(id: number): number {
    const s = this.socks.get(id);
    let n = 0;
    if (s) for (const b of s.owner.rxBacklog) n += b.seg.payload.length;
    return n;
  }

  shutdown(id: number, how: number, now: Nanos): number {
    const s = this.user(id);
    if (!s) return -EBADF;
    if (s.kind !== 'conn') return -ENOTCONN;
    return this.call(s, { kind: 'shutdown', how }, now) as number;
  }

  /** `zeroLinger`: SO_LINGER on with a zero time: a reset instead of a FIN (tcp_close → tcp_disconnect) */
  close(id: number, now: Nanos, zeroLinger = false): void {
    const s = this.user(id);
    if (!s) return;
    this.release(s, now); // lock_sock() in tcp_close(): a lock still held runs its backlog first
    s.userOwned = false;
    this.socks.delete(id);
    if (s.kind === 'listen') {
      this.closeListener(s, now);
      return;
    }
    if (s.kind === 'fresh') {
      this.table.releasePort(s);
      return;
    }
    this.socks.set(id, s); // an orphan stays until its connection ends
    this.call(s, { kind: 'close', zeroLinger }, now);
    if (s.conn.tcb.state === 'CLOSED') this.forget(s);
  }

  setOption(id: number, opt: TcpSockOpt, value: number, at?: Nanos): number {
    const s = this.user(id);
    if (!s) return -EBADF;
    const own = setSocketOption(s, opt, value);
    if (own !== undefined) return own;
    const o = CONN_OPTIONS[opt];
    return o ? (this.call(s, { kind: 'setsockopt', opt: o, value }, at ?? (0 as Nanos)) as number) : -EINVAL;
  }

  getOption(id: number, opt: TcpSockOpt): number {
    const s = this.user(id);
    return s ? socketOption(s, opt, this.cfg) : -EBADF;
  }

  localName(id: number): readonly [InetAddr, number] | undefined {
    const s = this.socks.get(id);
    if (!s) return undefined;
    return [s.localAddr, s.localPort];
  }

  peerName(id: number): readonly [InetAddr, number] | undefined {
    const s = this.socks.get(id);
    if (!s || s.kind !== 'conn') return undefined;
    // inet_getname(): ENOTCONN in CLOSE and SYN-SENT
    const st = s.conn.tcb.state;
    if (st === 'SYN-SENT' || st === 'CLOSED') return undefined;
    return [s.remoteAddr, s.remotePort];
  }

  poll(id: number): number {
    const s = this.socks.get(id);
    return s ? pollMask(s) : POLLERR | POLLHUP;
  }

  takeError(id: number): number {
    const s = this.socks.get(id);
    if (!s) return EBADF;
    const e = s.conn.tcb.err;
    if (e) setTcbFields(s.conn, { err: 0 });
    return e;
  }

  peek(id: number, n: number): Uint8Array | number {
    const s = this.user(id);
    if (!s) return -EBADF;
    return peekQueue(s, n);
  }

  recvUrgent(id: number, n: number, peek: boolean, now: Nanos): Uint8Array | number {
    const s = this.user(id);
    if (!s) return -EBADF;
    const r = urgentRead(s, n, peek);
    return r === 'step' ? this.call(s, { kind: 'recv-urgent', n }, now) : r;
  }

  atMark(id: number): number {
    const s = this.socks.get(id);
    return s ? atMarkAnswer(s) : -EBADF;
  }

  queues(id: number): SockQueues | undefined {
    const s = this.socks.get(id);
    return s ? sockQueues(s) : undefined;
  }

  info(id: number, now: Nanos): TcpInfo | undefined {
    const s = this.socks.get(id);
    return s ? tcpInfo(s, now) : undefined;
  }

  rows(): readonly TcpSocketRow[] {
    const seen = new Set<Sock>([...this.socks.values(), ...this.table.all()]);
    return [...seen].map(sockRow);
  }

  // ---- segments and timers -------------------------------------------------------------

  /**
   * `ecn`: the ECN bits of the IP header the segment came in (RFC 3168 §5); `sender`: the
   * socket whose skb it is a clone of (clone.ts)
   */
  input(src: InetAddr, dst: InetAddr, seg: TcpSegment, now: Nanos, ecn = 0, sender?: SkbSender): void {
    let s = this.table.lookup(dst, seg.dstPort, src, seg.srcPort);
    if (s) {
      const t = s.conn.tcb;
      if (t.state === 'TIME-WAIT' && isBareSyn(seg) && (seqGt(seg.seq, t.rcvNxt) || hasNewerTimestamp(t, seg))) {
        // tcp_timewait_state_process(): TCP_TW_SYN — a new incarnation may reuse the 4-tuple
        const isn = seqAdd(t.sndNxt, 65535 + 2);
        this.forget(s);
        if (this.toListener(src, dst, seg, now, isn, ecn)) return;
        s = undefined;
      } else if (s.parent && t.state === 'SYN-RECEIVED' && isHandshakeAck(seg) && isAcceptQueueFull(s.parent)) {
        // Linux tcp_check_req(): accept queue overflow drops the ACK (tcp_abort_on_overflow = 0)
        return;
      } else if (s.parent && t.state === 'SYN-RECEIVED') {
        // a request (Linux's request sock) counts nothing; the ACK that makes it a full socket
        // counts on the child (tcp_child_process → tcp_segs_in)
        this.stepSegment(s, seg, now, ecn);
        if (s.conn.tcb.state !== 'SYN-RECEIVED' && s.conn.tcb.state !== 'CLOSED') countSegmentIn(s.conn, seg.payload.length);
        return;
      } else {
        countSegmentIn(s.conn, seg.payload.length); // tcp_v4_rcv: tcp_segs_in() before the backlog
        if (s.owner.owned) {
          if (addBacklog(s.owner, seg, ecn, s.conn, sender) === 'coalesced') this.mibCounts.TcpExtTCPBacklogCoalesce += 1;
        } else this.stepSegment(s, seg, now, ecn, 0, sender);
        return;
      }
    }
    if (this.toListener(src, dst, seg, now, undefined, ecn)) return;
    const rst = resetFor(seg);
    if (rst) this.services.output(dst, src, rst, now);
  }

  onTimer(token: number, now: Nanos): void {
    const entry = this.tokens.get(token);
    if (!entry) return;
    this.tokens.delete(token);
    const s = entry.sock;
    if (s.armedAt !== entry.at) return;
    s.armedAt = 0;
    let stepped = false; // a step rearms; an early wake (nothing due) must rearm here
    for (const timer of TIMER_ORDER) {
      const at = timerDeadline(s.conn, timer);
      if (at > 0 && at <= now && s.conn.tcb.state !== 'CLOSED') {
        this.step(s, { kind: 'timer', timer }, now);
        stepped = true;
      }
    }
    if (!stepped) this.rearm(s, now);
  }

  /**
   * tcp_v4_err(): an ICMP error quoting a segment this host sent (src:srcPort → dst:dstPort,
   * sequence number `seq` when the quote holds it; `info` the next-hop MTU of a "fragmentation
   * needed"). One whose quoted sequence number is outside what is in flight is ignored
   * (OutOfWindowIcmps). Destination unreachable only: others are not modelled.
   */
  icmpError(src: InetAddr, srcPort: number, dst: InetAddr, dstPort: number, type: number, code: number, now: Nanos, info = 0, seq?: number): void {
    if (type !== ICMP_DEST_UNREACHABLE) return;
    const s = this.table.lookup(src, srcPort, dst, dstPort);
    if (!s) return;
    const a = icmpErrAction(s.conn.tcb, code, seq);
    if (a.kind === 'error') this.step(s, { kind: 'call', call: { kind: 'hard-error', errno: a.errno } }, now);
    else if (a.kind === 'mtu' && s.owner.owned) s.owner.mtuInfo = info; // TCP_MTU_REDUCED_DEFERRED: release_sock runs it
    else if (a.kind === 'mtu') this.mtuReduced(s, info, now);
  }

  // ---- internals -----------------------------------------------------------------------

  /**
   * Linux secure_tcp_ts_off(saddr, daddr): one timestamp offset per address pair, so
   * every connection between two hosts shares one TS clock (TIME-WAIT reuse relies on it).
   */
  private tsOffsetFor(local: InetAddr, remote: InetAddr): number {
    // two IPv4 addresses make one exact number; an IPv6 pair (secure_tcpv6_ts_off) a string
    const key = isIpv6(local) || isIpv6(remote) ? `${local}>${remote}` : local * 4294967296 + remote;
    let off = this.tsOffsets.get(key);
    if (off === undefined) {
      off = this.services.random('ts-offset');
      this.tsOffsets.set(key, off);
    }
    return off;
  }

  private newSock(localPort: number, remotePort: number): Sock {
    return newSock(this.nextId++, newConn(this.cfg, localPort, remotePort));
  }

  private user(id: number): Sock | undefined {
    const s = this.socks.get(id);
    return s && s.userOwned ? s : undefined;
  }

  /** one segment for an established socket; a waiting reader may take its ACK (owner.ts) */
  private stepSegment(s: Sock, seg: TcpSegment, now: Nanos, ecn: number, piece = 0, sender?: SkbSender, owned = false): void {
    const toReader = s.owner.reader !== null && seg.payload.length > 0 && s.owner.reader(seg.payload.length);
    if (toReader) setTcbFields(s.conn, { ackToReader: true });
    const ev = this.segmentEvent; // read by the step only as it starts: reused
    ev.seg = seg;
    ev.ecn = ecn;
    ev.piece = piece;
    ev.sender = sender;
    ev.owned = owned;
    this.step(s, ev, now);
    ev.sender = undefined; // the reused event keeps no sender alive
    if (toReader) setTcbFields(s.conn, { ackToReader: false });
  }

  /** release_sock(): the backlog runs, then tcp_release_cb: what ICMP left for the owner, and the ACK the run deferred (ack-timing.ts) */
  private release(s: Sock, now: Nanos): void {
    releaseOwner(s.owner, (seg, ecn, piece, sender) => {
      if (s.kind === 'conn' && s.conn.tcb.state !== 'CLOSED') this.stepSegment(s, seg, now, ecn, piece, sender, true);
    }, s.conn);
    const info = s.owner.mtuInfo;
    if (info >= 0) {
      s.owner.mtuInfo = -1;
      this.mtuReduced(s, info, now);
    }
    if (s.kind === 'conn' && s.conn.tcb.ackDeferred && s.conn.tcb.state !== 'CLOSED') this.call(s, { kind: 'release-cb' }, now);
  }

  /**
   * tcp_v4_mtu_reduced(): the route learns the path MTU (inet_csk_update_pmtu, kernel/pmtu.ts);
   * a socket that takes path MTUs (not IP_PMTUDISC_DONT, INTERFACE or OMIT) fits its MSS to it
   * and sends again what no longer fits (tcp/pmtu.ts).
   */
  private mtuReduced(s: Sock, info: number, now: Nanos): void {
    if (s.kind !== 'conn' || s.conn.tcb.state === 'CLOSED' || s.conn.tcb.state === 'LISTEN') return;
    const pmtu = this.services.updatePmtu?.(s.remoteAddr, info, now);
    if (pmtu === undefined) return;
    if (s.pmtudisc === IP_PMTUDISC_DONT || s.pmtudisc === IP_PMTUDISC_INTERFACE || s.pmtudisc === IP_PMTUDISC_OMIT) return;
    const netHeaderLen = this.services.route(s.remoteAddr, now)?.netHeaderLen ?? IPV4_HEADER_LENGTH;
    this.call(s, { kind: 'mtu-reduced', pmtu, netHeaderLen }, now);
  }

  private call(s: Sock, call: TcpCall, now: Nanos): TcpCallResult {
    return this.step(s, { kind: 'call', call }, now);
  }

  /**
   * One tcpStep and its effects, in order. Effect lists and the segments' pools are reused; one
   * per nesting depth, since sending may step another socket (a reset, loopback) before this
   * list is done.
   */
  private step(s: Sock, ev: TcpEvent, now: Nanos): TcpCallResult {
    const effects = this.effectLists.pop() ?? [];
    const sends = this.sendPools.pop() ?? new SendPool();
    // what a transmit returns in this step: the device's qdisc state now (tcp_transmit_skb's NET_XMIT_DROP)
    const xmitDrops = this.services.xmitDrops?.(s.remoteAddr) ?? false;
    const result = tcpStep(s.conn, ev, now, effects, sends, xmitDrops);
    for (let i = 0; i < effects.length; i++) {
      const e = effects[i]!;
      switch (e.kind) {
        case 'send':
          // data is a clone of the skb the socket keeps for retransmission (clone.ts)
          this.services.output(s.localAddr, s.remoteAddr, e.seg, now, dontFragment(s), e.tw ? timeWaitIp(s.ip) : s.ip, e.ecn ?? 0, s.conn.tcb.mss, e.clone === true ? s.conn : undefined);
          break;
        case 'state':
          this.onState(s, e.from, e.to);
          break;
        case 'error':
          break;
        case 'mib':
          this.mibCounts[e.counter] += 1;
          break;
      }
    }
    effects.length = 0;
    this.effectLists.push(effects);
    sends.reset(); // every segment is in its frame by now (services.output copies it)
    this.sendPools.push(sends);
    this.rearm(s, now);
    return result;
  }

  private onState(s: Sock, from: TcpState, to: TcpState): void {
    if (s.parent && to === 'SYN-RECEIVED') s.parent.requests++;
    else if (s.parent && from === 'SYN-RECEIVED') s.parent.requests--;
    if (to === 'ESTABLISHED' && from === 'SYN-RECEIVED' && s.parent) {
      (s.parent.acceptQueue = writable(s.parent.acceptQueue)).push(s);
      return;
    }
    if (to !== 'CLOSED') return;
    if (s.parent && from === 'SYN-RECEIVED') {
      this.forget(s);
      return;
    }
    this.table.unhash(s);
    if (!s.userOwned && !s.parent) this.forget(s);
  }

  private rearm(s: Sock, now: Nanos): void {
    const at = nextDeadline(s.conn.tcb);
    if (at === 0 || (s.armedAt !== 0 && s.armedAt <= at)) return;
    s.armedAt = at;
    const token = this.nextToken++;
    this.tokens.set(token, { sock: s, at });
    this.services.arm(at, token, now);
  }

  /**
   * A segment for no connection, to a listener (listener.ts): a SYN makes a request (or a cookie
   * SYN-ACK), an ACK with a valid cookie a child; false when no listener has the port.
   */
  private toListener(src: InetAddr, dst: InetAddr, seg: TcpSegment, now: Nanos, isn: number | undefined, ecn: number): boolean {
    return segmentToListener(this.listenerOps, src, dst, seg, now, isn, ecn);
  }

  private closeListener(l: Sock, now: Nanos): void {
    this.table.removeListener(l);
    this.call(l, { kind: 'abort' }, now); // LISTEN → CLOSED (no segment: a listener is not synchronized)
    // inet_csk_listen_stop(): children not accepted are disconnected (RST if established)
    for (const s of [...this.table.all()]) {
      if (s.parent !== l) continue;
      s.parent = undefined;
      if (s.conn.tcb.state === 'SYN-RECEIVED') this.forget(s);
      else this.call(s, { kind: 'abort' }, now);
      this.forget(s);
    }
    for (const s of l.acceptQueue) {
      s.parent = undefined;
      this.forget(s);
    }
    l.acceptQueue = none();
    this.table.releasePort(l);
  }

  /** Drops a socket the user no longer holds: unhashed, port released, timers ignored. */
  private forget(s: Sock): void {
    this.table.unhash(s);
    this.table.releasePort(s);
    s.armedAt = -1;
    if (!s.userOwned) this.socks.delete(s.id);
  }

  private claimPort(s: Sock, port: number): void {
    s.localPort = port;
    this.table.addPort(s);
  }
}

/** tcp_timewait_state_process(): a SYN whose timestamp is newer than TS.Recent may reuse the 4-tuple. */
function hasNewerTimestamp(t: Tcb, seg: TcpSegment): boolean {
  if (!t.tsOk) return false;
  const po = readOptions(seg.options, true);
  return po.hasTs && seqGt(po.tsval, t.tsRecent);
}
