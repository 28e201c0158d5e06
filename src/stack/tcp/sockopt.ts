/**
 * setsockopt() on a TCP connection, as do_tcp_setsockopt() / sock_setsockopt() act on it:
 * Nagle and corking (TCP_NODELAY, TCP_CORK), buffer sizes, keepalive, the user's MSS clamp
 * (TCP_MAXSEG), TCP_NOTSENT_LOWAT, TCP_USER_TIMEOUT and the congestion control (TCP_CONGESTION).
 */
import { EINVAL, ENOENT } from '../abi/errno.ts';
import { CONGESTION_CONTROLS, ccInit } from './cong.ts';
import type { Ctx, TcpSockOption } from './conn.ts';
import { assertNever } from './never.ts';
import { pushData } from './output.ts';
import { SOCK_MIN_RCVBUF, SOCK_MIN_SNDBUF, TCP_KEEPALIVE_TIME_NS, TCP_MIN_MSS, U16_MAX } from './linux.ts';

/** include/net/tcp.h MAX_TCP_WINDOW: TCP_MAXSEG's upper bound */
const MAX_TCP_WINDOW = 32767;

export function onSetOption(c: Ctx, opt: TcpSockOption, value: number): number {
  const t = c.t;
  const cfg = c.conn.cfg;
  switch (opt) {
    case 'nodelay':
      // __tcp_sock_set_nodelay(): on pushes what Nagle (or cork) was holding (TCP_NAGLE_PUSH)
      t.nodelay = value !== 0;
      if (t.nodelay) {
        t.nagPush = true;
        pushData(c);
      }
      return 0;
    case 'cork':
      // __tcp_sock_set_cork(): off sends what the cork held (pushed past Nagle under TCP_NODELAY)
      t.cork = value !== 0;
      if (!t.cork) {
        if (t.nodelay) t.nagPush = true;
        pushData(c);
      }
      return 0;
    case 'keepalive':
      t.keepalive = value !== 0;
      t.keepaliveAt = t.keepalive && t.state === 'ESTABLISHED' ? c.now + TCP_KEEPALIVE_TIME_NS : 0;
      return 0;
    case 'oobinline':
      // sock_valbool_flag(SOCK_URGINLINE): the urgent byte stays in the stream (urgent.ts)
      t.urgInline = value !== 0;
      return 0;
    case 'sndbuf':
      // sock_setsockopt SO_SNDBUF: capped at wmem_max, doubled, at least SOCK_MIN_SNDBUF
      t.sndBuf = Math.max(Math.min(value, cfg.wmemMax) * 2, SOCK_MIN_SNDBUF);
      t.sndBufLocked = true;
      return 0;
    case 'rcvbuf':
      t.rcvBuf = Math.max(Math.min(value, cfg.rmemMax) * 2, SOCK_MIN_RCVBUF);
      t.rcvBufLocked = true;
      return 0;
    case 'maxseg':
      // "Values greater than interface MTU won't take effect"; it clamps the next handshake
      if (value !== 0 && (value < TCP_MIN_MSS || value > MAX_TCP_WINDOW)) return -EINVAL;
      t.userMss = value;
      return 0;
    case 'notsentLowat':
      t.notsentLowat = value >>> 0;
      return 0;
    case 'userTimeout':
      if (value < 0) return -EINVAL;
      t.userTimeout = Math.min(value, U16_MAX * U16_MAX);
      return 0;
    case 'congestion': {
      // tcp_set_congestion_control(): the same one changes nothing; another starts afresh
      // (tcp_reinit_congestion_control), initialised at once unless the socket is closed or listening
      const ca = CONGESTION_CONTROLS[value];
      if (!ca) return -ENOENT;
      if (ca === t.ca) return 0;
      t.ca = ca;
      if (t.state !== 'CLOSED' && t.state !== 'LISTEN') ccInit(c);
      return 0;
    }
    default:
      return assertNever(opt);
  }
}
