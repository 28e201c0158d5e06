/**
 * One socket as the layer keeps it (Linux's struct sock, reduced): addresses, the
 * connection, listener state, and what poll(2) and ss(8) report about it.
 */
import type { Nanos } from '../nanos.ts';
import { formatInetAddr, type InetAddr } from '../wire/inet-addr.ts';
import { TCP_ACK, TCP_RST, TCP_SYN, type TcpSegment } from '../wire/tcp.ts';
import { IP_PMTUDISC_DO, IP_PMTUDISC_OMIT, IP_PMTUDISC_WANT, POLLERR, POLLHUP, POLLIN, POLLOUT, POLLPRI, POLLRDHUP } from '../abi/linux.ts';
import { atSkippedMark, urgentReadable } from './urgent.ts';
import type { TcpSocketRow } from '../abi/types.ts';
import type { TcpConn, TcpTimer } from './conn.ts';
import type { TcpState } from './tcb.ts';
import { notsentBytes, notsentLowat } from './send.ts';
import { newOwner, type SockOwner } from './owner.ts';
import { none } from './none.ts';
import { DEFAULT_IP_HEADER_OPTS, UC_TTL_UNSET, type IpHeaderOpts } from '../ip-header-opts.ts';



export type SockKind = 'fresh' | 'listen' | 'conn';

export interface Sock {
  readonly id: number;
  kind: SockKind;
  localAddr: InetAddr;
  localPort: number;
  remoteAddr: InetAddr;
  remotePort: number;
  conn: TcpConn;
  reuseAddr: boolean;
  /** IP_MTU_DISCOVER (inet_sk(sk)->pmtudisc): whether its packets carry DF (ip_dont_fragment) */
  pmtudisc: number;
  /** IP_TTL and IP_TOS (inet_sk(sk)->uc_ttl, tos): its packets' TTL and TOS bytes */
  ip: Readonly<IpHeaderOpts>;
  /** the user holds it (false for a child not yet accepted, and after close()) */
  userOwned: boolean;
  /** listener: backlog and established children waiting for accept() (the shared empty list until the first, none.ts) */
  backlog: number;
  acceptQueue: Sock[];
  /** listener: children still in SYN-RECEIVED (inet_csk_reqsk_queue_len: its requests) */
  requests: number;
  /** connections taken by accept() so far (with the queue's length: arrivals, for epoll) */
  accepted: number;
  /** child: its listener until accepted */
  parent: Sock | undefined;
  /** opened by connect(): its SYN's acknowledgment counts in tcpi_bytes_acked (a child's does not) */
  activeOpen: boolean;
  /** the demux key while hashed */
  key: string | undefined;
  /** the deadline of the timer token armed for it (0 none, −1 never again) */
  armedAt: Nanos;
  /** a system call holding it, its backlog, a waiting reader (owner.ts) */
  readonly owner: SockOwner;
}

/**
 * ip_dont_fragment(): DF with IP_PMTUDISC_DO, and with WANT (the default) while the route's MTU
 * is not locked (labwire's never is); DONT, PROBE, INTERFACE and OMIT send without it.
 */
export function dontFragment(s: Sock): boolean {
  return s.pmtudisc === IP_PMTUDISC_DO || s.pmtudisc === IP_PMTUDISC_WANT;
}

/**
 * What a TIME-WAIT socket's segments carry: Linux answers from the timewait mini-socket through
 * the per-CPU control socket (tcp_v4_timewait_ack → ip_send_unicast_reply), which keeps the
 * socket's TOS (tw_tos) but not its IP_TTL: the default TTL.
 */
export function timeWaitIp(ip: Readonly<IpHeaderOpts>): Readonly<IpHeaderOpts> {
  return ip.ucTtl === UC_TTL_UNSET ? ip : { ucTtl: UC_TTL_UNSET, tos: ip.tos };
}

/** ip_setsockopt(IP_MTU_DISCOVER): IP_PMTUDISC_DONT … IP_PMTUDISC_OMIT, else EINVAL. */
export function validPmtudisc(value: number): boolean {
  return value >= 0 && value <= IP_PMTUDISC_OMIT;
}

export function newSock(id: number, conn: TcpConn): Sock {
  return {
    id, kind: 'fresh', localAddr: 0, localPort: 0, remoteAddr: 0, remotePort: 0, conn, reuseAddr: false, pmtudisc: IP_PMTUDISC_WANT, ip: DEFAULT_IP_HEADER_OPTS,
    userOwned: false, backlog: 0, acceptQueue: none(), requests: 0, accepted: 0, parent: undefined, activeOpen: false, key: undefined, armedAt: 0, owner: newOwner(),
  };
}

/** ss(8) spelling of states */
const SS_STATE: Readonly<Record<TcpState, string>> = {
  CLOSED: 'UNCONN', LISTEN: 'LISTEN', 'SYN-SENT': 'SYN-SENT', 'SYN-RECEIVED': 'SYN-RECV', ESTABLISHED: 'ESTAB',
  'FIN-WAIT-1': 'FIN-WAIT-1', 'FIN-WAIT-2': 'FIN-WAIT-2', 'CLOSE-WAIT': 'CLOSE-WAIT', CLOSING: 'CLOSING',
  'LAST-ACK': 'LAST-ACK', 'TIME-WAIT': 'TIME-WAIT',
};

/** One `ss -tn` row: Recv-Q = unread bytes (listener: accept queue), Send-Q = unacked + unsent (listener: backlog). */
export function sockRow(s: Sock): TcpSocketRow {
  const t = s.conn.tcb;
  const listen = s.kind === 'listen';
  return {
    id: s.id,
    state: s.kind === 'fresh' ? 'UNCONN' : SS_STATE[t.state],
    recvQ: listen ? s.acceptQueue.length : s.conn.rcv.length,
    sendQ: listen ? s.backlog : s.conn.snd.length,
    local: `${formatInetAddr(s.localAddr)}:${s.localPort === 0 ? '*' : s.localPort}`,
    peer: s.kind === 'conn' ? `${formatInetAddr(s.remoteAddr)}:${s.remotePort}` : '0.0.0.0:*',
  };
}

/** tcp_poll() */
export function pollMask(s: Sock): number {
  if (s.kind === 'listen') return s.acceptQueue.length > 0 ? POLLIN : 0;
  if (s.kind === 'fresh') return POLLOUT | POLLHUP;
  const t = s.conn.tcb;
  let mask = 0;
  const closed = t.state === 'CLOSED';
  const sendShut = closed || t.finSeq >= 0;
  const rcvShut = closed || t.rcvFin || t.rdShutdown;
  if ((sendShut && rcvShut) || closed) mask |= POLLHUP;
  if (rcvShut) mask |= POLLIN | POLLRDHUP;
  if (t.state !== 'SYN-SENT' && t.state !== 'SYN-RECEIVED') {
    // tcp_poll(): one byte more is needed while the reader stands at an urgent byte it will
    // skip; POLLPRI while the urgent byte waits to be read (urgent.ts)
    if (s.conn.rcv.length > (atSkippedMark(t) ? 1 : 0)) mask |= POLLIN;
    if (urgentReadable(t)) mask |= POLLPRI;
    if (!sendShut) {
      const queued = s.conn.snd.wmemQueued;
      // __sk_stream_is_writeable(): free space ≥ half of what is queued (sk_wmem_queued, truesize
      // included), below sndbuf, and twice the unsent bytes below the lowat (tcp_stream_memory_free with wake = 1)
      const writeable = t.sndBuf - queued >= queued >> 1 && queued < t.sndBuf && 2 * notsentBytes(s.conn) < notsentLowat(s.conn);
      if (writeable) mask |= POLLOUT;
    } else mask |= POLLOUT;
  }
  if (t.err) mask |= POLLERR;
  return mask;
}

export function timerDeadline(conn: TcpConn, timer: TcpTimer): Nanos {
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

export function isBareSyn(seg: TcpSegment): boolean {
  return (seg.flags & (TCP_SYN | TCP_ACK | TCP_RST)) === TCP_SYN;
}

export function isHandshakeAck(seg: TcpSegment): boolean {
  return (seg.flags & (TCP_SYN | TCP_ACK | TCP_RST)) === TCP_ACK;
}

/** sk_acceptq_is_full(): more established children waiting than the backlog allows */
export function isAcceptQueueFull(l: Sock): boolean {
  return l.acceptQueue.length > l.backlog;
}

/** __sys_listen(): a backlog above net.core.somaxconn (4096) is cut to it; negative counts as huge */
export function clampBacklog(backlog: number): number {
  return backlog < 0 || backlog > 4096 ? 4096 : backlog;
}
