/**
 * The options a TCP socket answers for itself, before or beside its connection: SO_REUSEADDR,
 * IP_MTU_DISCOVER, IP_TTL and IP_TOS live on the socket record (sock.ts); the rest are the
 * connection's, set through a step (sockopt.ts) and read back here from its Tcb, as
 * do_tcp_getsockopt() / sock_getsockopt() read them.
 */
import { EINVAL } from '../abi/errno.ts';
import type { TcpSockOpt } from '../kernel/tcp-services.ts';
import { tosAfterSet, validUcTtl } from '../ip-header-opts.ts';
import { CONGESTION_CONTROLS } from './cong.ts';
import type { TcpConfig, TcpSockOption } from './conn.ts';
import { validPmtudisc, type Sock } from './sock.ts';

/** setsockopt() names the connection itself acts on (sockopt.ts) */
export const CONN_OPTIONS: Partial<Record<TcpSockOpt, TcpSockOption>> = {
  TCP_NODELAY: 'nodelay', SO_KEEPALIVE: 'keepalive', SO_OOBINLINE: 'oobinline', SO_SNDBUF: 'sndbuf', SO_RCVBUF: 'rcvbuf',
  TCP_CORK: 'cork', TCP_MAXSEG: 'maxseg', TCP_NOTSENT_LOWAT: 'notsentLowat', TCP_USER_TIMEOUT: 'userTimeout',
  TCP_CONGESTION: 'congestion',
};

/** setsockopt() of an option the socket record keeps: 0 or −errno; undefined when the connection's */
export function setSocketOption(s: Sock, opt: TcpSockOpt, value: number): number | undefined {
  switch (opt) {
    case 'SO_REUSEADDR':
      s.reuseAddr = value !== 0;
      return 0;
    case 'IP_MTU_DISCOVER':
      if (!validPmtudisc(value)) return -EINVAL;
      s.pmtudisc = value;
      return 0;
    case 'IP_TTL':
      if (!validUcTtl(value)) return -EINVAL;
      s.ip = { ...s.ip, ucTtl: value };
      return 0;
    case 'IP_TOS':
      s.ip = { ...s.ip, tos: tosAfterSet(s.ip, value, true) };
      return 0;
    default:
      return undefined;
  }
}

/** getsockopt(): the option's value, −EINVAL for one TCP does not answer */
export function socketOption(s: Sock, opt: TcpSockOpt, cfg: TcpConfig): number {
  const t = s.conn.tcb;
  switch (opt) {
    case 'SO_REUSEADDR':
      return s.reuseAddr ? 1 : 0;
    case 'IP_MTU_DISCOVER':
      return s.pmtudisc;
    case 'IP_TTL':
      return s.ip.ucTtl;
    case 'IP_TOS':
      return s.ip.tos;
    case 'TCP_NODELAY':
      return t.nodelay ? 1 : 0;
    case 'SO_KEEPALIVE':
      return t.keepalive ? 1 : 0;
    case 'SO_OOBINLINE':
      return t.urgInline ? 1 : 0;
    case 'SO_SNDBUF':
      return t.sndBuf || cfg.tcpWmem[1];
    case 'SO_RCVBUF':
      return t.rcvBuf || cfg.tcpRmem[1];
    case 'TCP_CORK':
      return t.cork ? 1 : 0;
    case 'TCP_MAXSEG':
      // do_tcp_getsockopt(): the user's value before the connection exists, else mss_cache
      return t.userMss && (t.state === 'CLOSED' || t.state === 'LISTEN') ? t.userMss : t.mss;
    case 'TCP_NOTSENT_LOWAT':
      return t.notsentLowat;
    case 'TCP_USER_TIMEOUT':
      return t.userTimeout;
    case 'TCP_CONGESTION':
      return CONGESTION_CONTROLS.indexOf(t.ca);
    default:
      return -EINVAL;
  }
}
