/**
 * The listener's side of a host's TCP (tcp_v4_rcv → tcp_conn_request, cookie_v4_check): a SYN
 * for a listening port becomes a request child in SYN-RECEIVED, or only a SYN-ACK carrying a SYN
 * cookie (syncookie-jar.ts decides, a full accept queue drops the SYN); a bare ACK with a valid
 * cookie becomes a child; anything else gets a RST. A child takes what inet_csk_clone_lock()
 * copies of its listener. The layer (layer.ts) hands over what this needs as ListenerOps.
 */
import type { Nanos } from '../nanos.ts';
import type { InetAddr } from '../wire/inet-addr.ts';
import { TCP_RST, type TcpSegment } from '../wire/tcp.ts';
import type { TcpServices } from '../kernel/tcp-services.ts';
import type { TcpCallResult, TcpEvent } from './conn.ts';
import { resetFor } from './input.ts';
import { isAcceptQueueFull, isBareSyn, isHandshakeAck, type Sock } from './sock.ts';
import { countSegmentIn, setTcbFields } from './step.ts';
import type { SyncookieJar } from './syncookie-jar.ts';
import type { SocketTable } from './table.ts';

/** What the listener side does through its layer */
export interface ListenerOps {
  readonly table: SocketTable;
  readonly cookies: SyncookieJar;
  readonly services: TcpServices;
  newSock(localPort: number, remotePort: number): Sock;
  tsOffsetFor(local: InetAddr, remote: InetAddr): number;
  step(s: Sock, ev: TcpEvent, now: Nanos): TcpCallResult;
  stepSegment(s: Sock, seg: TcpSegment, now: Nanos, ecn: number): void;
  forget(s: Sock): void;
}

/** A segment no connection took, to the listener on its port: false when none listens there. */
export function segmentToListener(o: ListenerOps, src: InetAddr, dst: InetAddr, seg: TcpSegment, now: Nanos, isn: number | undefined, ecn: number): boolean {
  const l = o.table.findListener(dst, seg.dstPort);
  if (!l) return false;
  if (seg.flags & TCP_RST) return true;
  if (!isBareSyn(seg)) {
    if (isHandshakeAck(seg) && fromCookie(o, l, src, dst, seg, now, ecn)) return true;
    const rst = resetFor(seg);
    if (rst) o.services.output(dst, src, rst, now);
    return true;
  }
  // Linux tcp_conn_request(): cookie or request (syncookie-jar.ts); then a full accept queue drops the SYN
  const want = o.cookies.wantCookie(l, src, isn !== undefined);
  if (want === 'drop' || isAcceptQueueFull(l)) return true;
  const route = o.services.route(src, now);
  if (!route) return true;
  const child = newChild(o, l, src, dst, seg);
  const tsOffset = o.tsOffsetFor(dst, src);
  const cookie = want === 'cookie';
  if (cookie) child.parent = undefined; // no request: nothing counts it or queues it
  else {
    o.table.addPort(child);
    o.table.hash(child);
  }
  const iss = cookie ? o.cookies.initSequence(l, dst, src, seg, now) : isn ?? o.services.random('isn');
  o.step(child, { kind: 'call', call: { kind: 'accept-syn', seg, ecn, iss, tsOffset, mtu: route.mtu, netHeaderLen: route.netHeaderLen, cookie } }, now);
  // a cookie SYN-ACK leaves no request behind (nothing retransmits it)
  if (cookie) o.forget(child);
  return true;
}

/**
 * cookie_v4_check() → tcp_get_cookie_sock(): a bare ACK carrying a valid cookie becomes a
 * child in SYN-RECEIVED that takes the ACK (tcp_child_process); a full accept queue drops it.
 * false: no valid cookie (the caller resets, as for any stray ACK).
 */
function fromCookie(o: ListenerOps, l: Sock, src: InetAddr, dst: InetAddr, seg: TcpSegment, now: Nanos, ecn: number): boolean {
  const mss = o.cookies.check(l, dst, src, seg, now);
  if (mss === 0) return false;
  const route = o.services.route(src, now);
  if (isAcceptQueueFull(l) || !route) return true;
  const child = newChild(o, l, src, dst, seg);
  o.table.addPort(child);
  o.table.hash(child);
  const tsOffset = o.tsOffsetFor(dst, src);
  o.step(child, { kind: 'call', call: { kind: 'accept-cookie', seg, mss, tsOffset, mtu: route.mtu, netHeaderLen: route.netHeaderLen } }, now);
  o.stepSegment(child, seg, now, ecn);
  countSegmentIn(child.conn, seg.payload.length); // tcp_child_process → tcp_segs_in()
  return true;
}

/** A connection for a listener's peer, with what inet_csk_clone_lock() copies of the listener. */
function newChild(o: ListenerOps, l: Sock, src: InetAddr, dst: InetAddr, seg: TcpSegment): Sock {
  const child = o.newSock(seg.dstPort, seg.srcPort);
  const lt = l.conn.tcb;
  setTcbFields(child.conn, {
    rcvBuf: lt.rcvBuf, rcvBufLocked: lt.rcvBufLocked, sndBuf: lt.sndBuf,
    sndBufLocked: lt.sndBufLocked, nodelay: lt.nodelay, keepalive: lt.keepalive, urgInline: lt.urgInline, cork: lt.cork,
    userMss: lt.userMss, notsentLowat: lt.notsentLowat, userTimeout: lt.userTimeout, ca: lt.ca, unaccepted: true,
    segsIn: 1, // tcp_create_openreq_child(): the SYN
  });
  child.kind = 'conn';
  child.localAddr = dst;
  child.localPort = seg.dstPort;
  child.remoteAddr = src;
  child.remotePort = seg.srcPort;
  child.reuseAddr = l.reuseAddr;
  child.pmtudisc = l.pmtudisc;
  child.ip = l.ip;
  child.parent = l;
  return child;
}
