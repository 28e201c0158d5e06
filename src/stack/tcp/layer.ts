/**
 * TcpLayer: the host's TCP sockets (Linux's tcp_hashinfo plus the socket calls). It owns the
 * socket table, demultiplexing (4-tuple first, then listeners), bind and ephemeral ports,
 * listen/accept queues, RSTs for closed ports and TIME-WAIT. Each connection is driven
 * through tcpStep; the layer carries out the effects: segments go to services.output during
 * the call (payloads are views into the send stream, valid only during that call), timers
 * become services.arm tokens (one armed token per socket; stale tokens are ignored).
 */
import type { Nanos } from '../nanos.ts';
import type { Ipv4Addr } from '../wire/addr.ts';
import { formatIpv4Addr } from '../wire/addr.ts';
import { TCP_ACK, TCP_RST, TCP_SYN, type TcpSegment } from '../wire/tcp.ts';
import {
  EADDRINUSE, EADDRNOTAVAIL, EAGAIN, EALREADY, EBADF, EHOSTUNREACH, EINVAL, EISCONN, ENETUNREACH, ENOTCONN,
  ECONNREFUSED, EMSGSIZE, EOPNOTSUPP, EPIPE,
} from '../errno.ts';
import type { KernelProfile } from '../kernel/profile.ts';
import {
  POLLERR, POLLHUP, POLLIN, POLLOUT, POLLRDHUP,
  type TcpLayerApi, type TcpServices, type TcpSockOpt, type TcpSocketRow,
} from '../kernel/tcp-services.ts';
import type { TcpCall, TcpConfig, TcpConn, TcpEvent } from './conn.ts';
import { TIMER_ORDER } from './conn.ts';
import { newConn, tcpStep } from './step.ts';
import { resetFor } from './input.ts';
import { nextDeadline, type TcpState } from './tcb.ts';
import { pickPort } from './ports.ts';
import { recvWouldBlock, sendWouldBlock } from './user.ts';
import { seqAdd, seqGt } from './seq.ts';

type SockKind = 'fresh' | 'listen' | 'conn';

interface Sock {
  readonly id: number;
  kind: SockKind;
  localAddr: Ipv4Addr;
  localPort: number;
  remoteAddr: Ipv4Addr;
  remotePort: number;
  conn: TcpConn;
  reuseAddr: boolean;
  /** the user holds it (false for a child not yet accepted, and after close()) */
  userOwned: boolean;
  /** listener: backlog and established children waiting for accept() */
  backlog: number;
  acceptQueue: Sock[];
  /** child: its listener until accepted */
  parent: Sock | undefined;
  /** the demux key while hashed */
  key: string | undefined;
  armedAt: Nanos;
}

/** ss(8) spelling of states */
const SS_STATE: Readonly<Record<TcpState, string>> = {
  CLOSED: 'UNCONN', LISTEN: 'LISTEN', 'SYN-SENT': 'SYN-SENT', 'SYN-RECEIVED': 'SYN-RECV', ESTABLISHED: 'ESTAB',
  'FIN-WAIT-1': 'FIN-WAIT-1', 'FIN-WAIT-2': 'FIN-WAIT-2', 'CLOSE-WAIT': 'CLOSE-WAIT', CLOSING: 'CLOSING',
  'LAST-ACK': 'LAST-ACK', 'TIME-WAIT': 'TIME-WAIT',
};

/** icmp_err_convert[] (net/ipv4/icmp.c) for destination unreachable codes */
const UNREACH_ERRNO: readonly number[] = [
  ENETUNREACH, EHOSTUNREACH, 92, ECONNREFUSED, EMSGSIZE, EOPNOTSUPP, ENETUNREACH, 112, 64, EHOSTUNREACH,
  ENETUNREACH, ENETUNREACH, EHOSTUNREACH, EHOSTUNREACH, EHOSTUNREACH, EHOSTUNREACH,
];

function tupleKey(localAddr: Ipv4Addr, localPort: number, remoteAddr: Ipv4Addr, remotePort: number): string {
  return `${remoteAddr}:${remotePort}>${localAddr}:${localPort}`;
}

export class TcpLayer implements TcpLayerApi {
  private readonly cfg: TcpConfig;
  private readonly socks = new Map<number, Sock>();
  private readonly established = new Map<string, Sock>();
  private readonly listeners = new Map<number, Sock[]>();
  private readonly ports = new Map<number, Set<Sock>>();
  private readonly tokens = new Map<number, { sock: Sock; at: Nanos }>();
  private nextId = 1;
  private nextToken = 1;
  private last: Sock | undefined;

  constructor(
    private readonly services: TcpServices,
    private readonly profile: KernelProfile,
  ) {
    this.cfg = {
      tcpRmem: profile.tcpRmem, tcpWmem: profile.tcpWmem, rmemMax: profile.rmemMax, wmemMax: profile.wmemMax,
      timestamps: profile.tcpTimestamps, sack: profile.tcpSack, windowScaling: profile.tcpWindowScaling,
    };
  }

  // ---- socket calls -------------------------------------------------------------------

  open(): number {
    const s = this.newSock(0, 0);
    this.socks.set(s.id, s);
    s.userOwned = true;
    return s.id;
  }

  bind(id: number, addr: Ipv4Addr, port: number): number {
    const s = this.user(id);
    if (!s) return -EBADF;
    if (s.kind !== 'fresh' || s.localPort !== 0) return -EINVAL;
    if (addr !== 0 && !this.services.isLocalAddress(addr)) return -EADDRNOTAVAIL;
    let p = port;
    if (p === 0) {
      const got = pickPort(this.profile.localPortRange, this.services.random('port'), false, (q) => !this.bindConflict(s, addr, q));
      if (got === undefined) return -EADDRINUSE;
      p = got;
    } else if (this.bindConflict(s, addr, p)) return -EADDRINUSE;
    s.localAddr = addr;
    this.claimPort(s, p);
    return 0;
  }

  listen(id: number, backlog: number, _now: Nanos): number {
    const s = this.user(id);
    if (!s) return -EBADF;
    if (s.kind === 'listen') {
      s.backlog = clampBacklog(backlog);
      return 0;
    }
    if (s.kind !== 'fresh') return -EINVAL;
    if (s.localPort === 0) {
      const got = pickPort(this.profile.localPortRange, this.services.random('port'), false, (q) => !this.bindConflict(s, 0, q));
      if (got === undefined) return -EADDRINUSE;
      this.claimPort(s, got);
    }
    for (const o of this.listeners.get(s.localPort) ?? []) {
      if (o.localAddr === 0 || s.localAddr === 0 || o.localAddr === s.localAddr) return -EADDRINUSE;
    }
    s.kind = 'listen';
    s.backlog = clampBacklog(backlog);
    const list = this.listeners.get(s.localPort) ?? [];
    list.push(s);
    this.listeners.set(s.localPort, list);
    return 0;
  }

  connect(id: number, addr: Ipv4Addr, port: number, now: Nanos): number {
    const s = this.user(id);
    if (!s) return -EBADF;
    if (s.kind === 'listen') return -EISCONN;
    if (s.kind === 'conn') {
      const st = s.conn.tcb.state;
      if (st === 'SYN-SENT' || st === 'SYN-RECEIVED') return -EALREADY;
      if (st !== 'CLOSED') return -EISCONN;
      return -EISCONN;
    }
    const route = this.services.route(addr);
    if (!route) return -ENETUNREACH;
    const local = s.localAddr !== 0 ? s.localAddr : route.src;
    if (s.localPort === 0) {
      const got = pickPort(this.profile.localPortRange, this.services.random('port'), true, (q) => !this.portUsed(q) && !this.established.has(tupleKey(local, q, addr, port)));
      if (got === undefined) return -EADDRNOTAVAIL;
      this.claimPort(s, got);
    } else if (this.established.has(tupleKey(local, s.localPort, addr, port))) return -EADDRNOTAVAIL;
    s.localAddr = local;
    s.remoteAddr = addr;
    s.remotePort = port;
    s.kind = 'conn';
    s.conn = { ...s.conn, tcb: { ...s.conn.tcb, localPort: s.localPort, remotePort: port } };
    this.hash(s);
    const iss = this.services.random('isn');
    const tsOffset = this.services.random('ts-offset');
    this.call(s, { kind: 'connect', iss, tsOffset, mtu: route.mtu }, now);
    return 0;
  }

  accept(id: number, _now: Nanos): number {
    const s = this.user(id);
    if (!s) return -EBADF;
    if (s.kind !== 'listen') return -EINVAL;
    const child = s.acceptQueue.shift();
    if (!child) return -EAGAIN;
    child.parent = undefined;
    child.userOwned = true;
    this.socks.set(child.id, child);
    return child.id;
  }

  send(id: number, data: Uint8Array, now: Nanos): number {
    const s = this.user(id);
    if (!s) return -EBADF;
    if (s.kind !== 'conn') return -EPIPE;
    if (data.length > 0 && sendWouldBlock(s.conn)) return -EAGAIN;
    return this.call(s, { kind: 'send', data }, now) as number;
  }

  recv(id: number, n: number, now: Nanos): Uint8Array | number {
    const s = this.user(id);
    if (!s) return -EBADF;
    if (s.kind !== 'conn') return -ENOTCONN;
    if (n > 0 && recvWouldBlock(s.conn)) return -EAGAIN;
    return this.call(s, { kind: 'recv', n }, now);
  }

  shutdown(id: number, how: number, now: Nanos): number {
    const s = this.user(id);
    if (!s) return -EBADF;
    if (s.kind !== 'conn') return -ENOTCONN;
    return this.call(s, { kind: 'shutdown', how }, now) as number;
  }

  close(id: number, now: Nanos): void {
    const s = this.user(id);
    if (!s) return;
    s.userOwned = false;
    this.socks.delete(id);
    if (s.kind === 'listen') {
      this.closeListener(s, now);
      return;
    }
    if (s.kind === 'fresh') {
      this.releasePort(s);
      return;
    }
    this.socks.set(id, s); // an orphan stays until its connection ends
    this.call(s, { kind: 'close' }, now);
    if (s.conn.tcb.state === 'CLOSED') this.forget(s);
  }

  setOption(id: number, opt: TcpSockOpt, value: number): number {
    const s = this.user(id);
    if (!s) return -EBADF;
    switch (opt) {
      case 'SO_REUSEADDR':
        s.reuseAddr = value !== 0;
        return 0;
      case 'TCP_NODELAY':
        return this.call(s, { kind: 'setsockopt', opt: 'nodelay', value }, 0) as number;
      case 'SO_KEEPALIVE':
        return this.call(s, { kind: 'setsockopt', opt: 'keepalive', value }, 0) as number;
      case 'SO_SNDBUF':
        return this.call(s, { kind: 'setsockopt', opt: 'sndbuf', value }, 0) as number;
      case 'SO_RCVBUF':
        return this.call(s, { kind: 'setsockopt', opt: 'rcvbuf', value }, 0) as number;
      default:
        return -EINVAL;
    }
  }

  getOption(id: number, opt: TcpSockOpt): number {
    const s = this.user(id);
    if (!s) return -EBADF;
    const t = s.conn.tcb;
    switch (opt) {
      case 'SO_REUSEADDR':
        return s.reuseAddr ? 1 : 0;
      case 'TCP_NODELAY':
        return t.nodelay ? 1 : 0;
      case 'SO_KEEPALIVE':
        return t.keepalive ? 1 : 0;
      case 'SO_SNDBUF':
        return t.sndBuf || this.cfg.tcpWmem[1];
      case 'SO_RCVBUF':
        return t.rcvBuf || this.cfg.tcpRmem[1];
      default:
        return -EINVAL;
    }
  }

  localName(id: number): readonly [Ipv4Addr, number] | undefined {
    const s = this.socks.get(id);
    if (!s) return undefined;
    return [s.localAddr, s.localPort];
  }

  peerName(id: number): readonly [Ipv4Addr, number] | undefined {
    const s = this.socks.get(id);
    if (!s || s.kind !== 'conn') return undefined;
    const st = s.conn.tcb.state;
    if (st === 'SYN-SENT' || (st === 'CLOSED' && s.key === undefined && s.conn.tcb.rcvNxt === 0)) return undefined;
    return [s.remoteAddr, s.remotePort];
  }

  poll(id: number): number {
    const s = this.socks.get(id);
    if (!s) return POLLERR | POLLHUP;
    if (s.kind === 'listen') return s.acceptQueue.length > 0 ? POLLIN : 0;
    const t = s.conn.tcb;
    if (s.kind === 'fresh') return POLLOUT | POLLHUP;
    let mask = 0;
    const closed = t.state === 'CLOSED';
    const sendShut = closed || t.finSeq >= 0;
    const rcvShut = closed || t.rcvFin || t.rdShutdown;
    if ((sendShut && rcvShut) || closed) mask |= POLLHUP;
    if (rcvShut) mask |= POLLIN | POLLRDHUP;
    if (t.state !== 'SYN-SENT' && t.state !== 'SYN-RECEIVED') {
      if (s.conn.rcv.length > 0) mask |= POLLIN;
      if (!sendShut) {
        const queued = s.conn.snd.length;
        // __sk_stream_is_writeable(): free space ≥ half of what is queued, and below sndbuf
        if (t.sndBuf - queued >= queued >> 1 && queued < t.sndBuf) mask |= POLLOUT;
      } else mask |= POLLOUT;
    }
    if (t.err) mask |= POLLERR;
    return mask;
  }

  takeError(id: number): number {
    const s = this.socks.get(id);
    if (!s) return EBADF;
    const e = s.conn.tcb.err;
    if (e) s.conn = { ...s.conn, tcb: { ...s.conn.tcb, err: 0 } };
    return e;
  }

  rows(): readonly TcpSocketRow[] {
    const out: TcpSocketRow[] = [];
    const seen = new Set<Sock>();
    const add = (s: Sock): void => {
      if (seen.has(s)) return;
      seen.add(s);
      const t = s.conn.tcb;
      const listen = s.kind === 'listen';
      out.push({
        id: s.id,
        state: listen ? 'LISTEN' : s.kind === 'fresh' ? 'UNCONN' : SS_STATE[t.state],
        recvQ: listen ? s.acceptQueue.length : s.conn.rcv.length,
        sendQ: listen ? s.backlog : s.conn.snd.length,
        local: `${formatIpv4Addr(s.localAddr)}:${s.localPort === 0 ? '*' : s.localPort}`,
        peer: s.kind === 'conn' ? `${formatIpv4Addr(s.remoteAddr)}:${s.remotePort}` : '0.0.0.0:*',
      });
    };
    for (const s of this.socks.values()) add(s);
    for (const s of this.established.values()) add(s);
    return out;
  }

  // ---- segments and timers -------------------------------------------------------------

  input(src: Ipv4Addr, dst: Ipv4Addr, seg: TcpSegment, now: Nanos): void {
    const key = tupleKey(dst, seg.dstPort, src, seg.srcPort);
    let s = this.last !== undefined && this.last.key === key ? this.last : this.established.get(key);
    if (s) {
      this.last = s;
      const t = s.conn.tcb;
      if (t.state === 'TIME-WAIT' && isBareSyn(seg) && seqGt(seg.seq, t.rcvNxt)) {
        // tcp_timewait_state_process(): TCP_TW_SYN — a new incarnation may reuse the 4-tuple
        const isn = seqAdd(t.sndNxt, 65535 + 2);
        this.forget(s);
        if (this.toListener(src, dst, seg, now, isn)) return;
        s = undefined;
      } else if (s.parent && t.state === 'SYN-RECEIVED' && isHandshakeAck(seg) && isAcceptQueueFull(s.parent)) {
        // Linux tcp_check_req(): accept queue overflow drops the ACK (tcp_abort_on_overflow = 0)
        return;
      } else {
        this.step(s, { kind: 'segment', seg }, now);
        return;
      }
    }
    if (this.toListener(src, dst, seg, now, undefined)) return;
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
    const t = s.conn.tcb;
    for (const timer of TIMER_ORDER) {
      const at = timerDeadline(s.conn, timer);
      if (at > 0 && at <= now && s.conn.tcb.state !== 'CLOSED') this.step(s, { kind: 'timer', timer }, now);
    }
    if (t === s.conn.tcb) this.rearm(s);
  }

  icmpError(src: Ipv4Addr, srcPort: number, dst: Ipv4Addr, dstPort: number, type: number, code: number, now: Nanos): void {
    if (type !== 3) return;
    const s = this.established.get(tupleKey(src, srcPort, dst, dstPort));
    if (!s) return;
    const errno = UNREACH_ERRNO[code] ?? EHOSTUNREACH;
    this.step(s, { kind: 'call', call: { kind: 'hard-error', errno } }, now);
  }

  // ---- internals -----------------------------------------------------------------------

  private newSock(localPort: number, remotePort: number): Sock {
    return {
      id: this.nextId++, kind: 'fresh', localAddr: 0, localPort: 0, remoteAddr: 0, remotePort: 0,
      conn: newConn(this.cfg, localPort, remotePort), reuseAddr: false, userOwned: false, backlog: 0,
      acceptQueue: [], parent: undefined, key: undefined, armedAt: 0,
    };
  }

  private user(id: number): Sock | undefined {
    const s = this.socks.get(id);
    return s && s.userOwned ? s : undefined;
  }

  private call(s: Sock, call: TcpCall, now: Nanos): number | Uint8Array {
    return this.step(s, { kind: 'call', call }, now);
  }

  private step(s: Sock, ev: TcpEvent, now: Nanos): number | Uint8Array {
    const r = tcpStep(s.conn, ev, now);
    s.conn = r.conn;
    for (const e of r.effects) {
      switch (e.kind) {
        case 'send':
          this.services.output(s.localAddr, s.remoteAddr, e.seg, now);
          break;
        case 'state':
          this.onState(s, e.from, e.to);
          break;
        case 'error':
          break;
      }
    }
    this.rearm(s);
    return r.result;
  }

  private onState(s: Sock, from: TcpState, to: TcpState): void {
    if (to === 'ESTABLISHED' && from === 'SYN-RECEIVED' && s.parent) {
      s.parent.acceptQueue.push(s);
      return;
    }
    if (to !== 'CLOSED') return;
    if (s.parent && from === 'SYN-RECEIVED') {
      this.forget(s);
      return;
    }
    this.unhash(s);
    if (!s.userOwned && !s.parent) this.forget(s);
  }

  private rearm(s: Sock): void {
    const at = nextDeadline(s.conn.tcb);
    if (at === 0 || (s.armedAt !== 0 && s.armedAt <= at)) return;
    s.armedAt = at;
    const token = this.nextToken++;
    this.tokens.set(token, { sock: s, at });
    this.services.arm(at, token);
  }

  private toListener(src: Ipv4Addr, dst: Ipv4Addr, seg: TcpSegment, now: Nanos, isn: number | undefined): boolean {
    const l = this.findListener(dst, seg.dstPort);
    if (!l) return false;
    if (seg.flags & TCP_RST) return true;
    if (!isBareSyn(seg)) {
      const rst = resetFor(seg);
      if (rst) this.services.output(dst, src, rst, now);
      return true;
    }
    // Linux tcp_conn_request(): a full accept queue drops the SYN; the client retransmits it
    if (isAcceptQueueFull(l)) return true;
    const route = this.services.route(src);
    if (!route) return true;
    const child = this.newSock(seg.dstPort, seg.srcPort);
    const lt = l.conn.tcb;
    child.conn = {
      ...child.conn,
      tcb: {
        ...child.conn.tcb, rcvBuf: lt.rcvBuf, rcvBufLocked: lt.rcvBufLocked, sndBuf: lt.sndBuf,
        sndBufLocked: lt.sndBufLocked, nodelay: lt.nodelay, keepalive: lt.keepalive,
      },
    };
    child.kind = 'conn';
    child.localAddr = dst;
    child.localPort = seg.dstPort;
    child.remoteAddr = src;
    child.remotePort = seg.srcPort;
    child.reuseAddr = l.reuseAddr;
    child.parent = l;
    this.addPort(child);
    this.hash(child);
    const iss = isn ?? this.services.random('isn');
    const tsOffset = this.services.random('ts-offset');
    this.step(child, { kind: 'call', call: { kind: 'accept-syn', seg, iss, tsOffset, mtu: route.mtu } }, now);
    return true;
  }

  private findListener(addr: Ipv4Addr, port: number): Sock | undefined {
    const list = this.listeners.get(port);
    if (!list) return undefined;
    return list.find((l) => l.localAddr === addr) ?? list.find((l) => l.localAddr === 0);
  }

  private closeListener(l: Sock, now: Nanos): void {
    const list = this.listeners.get(l.localPort);
    if (list) {
      const i = list.indexOf(l);
      if (i >= 0) list.splice(i, 1);
      if (list.length === 0) this.listeners.delete(l.localPort);
    }
    // inet_csk_listen_stop(): children not accepted are disconnected (RST if established)
    for (const s of [...this.established.values()]) {
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
    l.acceptQueue.length = 0;
    this.releasePort(l);
  }

  private hash(s: Sock): void {
    s.key = tupleKey(s.localAddr, s.localPort, s.remoteAddr, s.remotePort);
    this.established.set(s.key, s);
  }

  private unhash(s: Sock): void {
    if (s.key !== undefined && this.established.get(s.key) === s) this.established.delete(s.key);
    s.key = undefined;
    if (this.last === s) this.last = undefined;
  }

  /** Drops a socket the user no longer holds: unhashed, port released, timers ignored. */
  private forget(s: Sock): void {
    this.unhash(s);
    this.releasePort(s);
    s.armedAt = -1;
    if (!s.userOwned) this.socks.delete(s.id);
  }

  private claimPort(s: Sock, port: number): void {
    s.localPort = port;
    this.addPort(s);
  }

  private addPort(s: Sock): void {
    let set = this.ports.get(s.localPort);
    if (!set) this.ports.set(s.localPort, (set = new Set()));
    set.add(s);
  }

  private releasePort(s: Sock): void {
    const set = this.ports.get(s.localPort);
    if (!set) return;
    set.delete(s);
    if (set.size === 0) this.ports.delete(s.localPort);
  }

  private portUsed(port: number): boolean {
    return this.ports.has(port);
  }

  /** inet_csk_bind_conflict(): same port, overlapping address, unless both allow reuse and the other is not listening. */
  private bindConflict(s: Sock, addr: Ipv4Addr, port: number): boolean {
    const set = this.ports.get(port);
    if (!set) return false;
    for (const o of set) {
      if (o === s) continue;
      if (!(addr === 0 || o.localAddr === 0 || o.localAddr === addr)) continue;
      if (s.reuseAddr && o.reuseAddr && o.kind !== 'listen') continue;
      return true;
    }
    return false;
  }
}

function timerDeadline(conn: TcpConn, timer: (typeof TIMER_ORDER)[number]): Nanos {
  const t = conn.tcb;
  switch (timer) {
    case 'rto':
      return t.rtoAt;
    case 'persist':
      return t.persistAt;
    case 'delack':
      return t.delackAt;
    case 'keepalive':
      return t.keepaliveAt;
    case 'timewait':
      return t.timewaitAt;
  }
}

function isBareSyn(seg: TcpSegment): boolean {
  return (seg.flags & (TCP_SYN | TCP_ACK | TCP_RST)) === TCP_SYN;
}

function isHandshakeAck(seg: TcpSegment): boolean {
  return (seg.flags & (TCP_SYN | TCP_ACK | TCP_RST)) === TCP_ACK;
}

/** sk_acceptq_is_full(): more established children waiting than the backlog allows */
function isAcceptQueueFull(l: Sock): boolean {
  return l.acceptQueue.length > l.backlog;
}

/** __sys_listen(): a backlog above net.core.somaxconn (4096) is cut to it; negative counts as huge */
function clampBacklog(backlog: number): number {
  return backlog < 0 || backlog > 4096 ? 4096 : backlog;
}

