/**
 * setsockopt(2)/getsockopt(2): which options reach a protocol layer (buffers, Nagle,
 * keepalive, SO_REUSEADDR), which the table keeps itself (SO_BROADCAST, timeouts, linger),
 * and which are stored and read back without changing what the simulation does (TCP_KEEPIDLE …:
 * say so where it matters). IP_TTL and IP_TOS reach every packet a TCP, UDP or raw socket sends.
 * IPv4 multicast (IP_ADD/DROP_MEMBERSHIP, IP_MULTICAST_*) is a UDP socket's (udp/multicast.ts);
 * a raw socket's memberships are not modelled (ENOPROTOOPT). Unknown options are ENOPROTOOPT, as Linux.
 */
import type { Kernel } from '../kernel/kernel.ts';
import type { TcpSockOpt } from '../kernel/tcp-services.ts';
import type { Nanos } from '../nanos.ts';
import type { SockOptArg, SockOptValue } from './api.ts';
import { CONGESTION_CONTROLS } from '../tcp/cong.ts';
import { writableOpts, type OpenFile } from './fds.ts';
import { SOCK_MIN_SNDBUF } from '../tcp/linux.ts';
import { UC_TTL_UNSET, validUcTtl, type IpHeaderOpts } from '../ip-header-opts.ts';
import { TCP_INFO_SIZE_5_15 } from '../abi/tcp-info-struct.ts';
import {
  AF_INET6, AF_UNIX, IPPROTO_ICMP, IPPROTO_IP, IPPROTO_IPV6, IPPROTO_TCP, IPPROTO_UDP, IPV6_V6ONLY, IP_MTU_DISCOVER, IP_PMTUDISC_WANT, IP_TOS, IP_TTL, SOCK_DGRAM, SOCK_RAW, SOCK_STREAM,
  IP_ADD_MEMBERSHIP, IP_DROP_MEMBERSHIP, IP_MULTICAST_ALL, IP_MULTICAST_IF, IP_MULTICAST_LOOP, IP_MULTICAST_TTL,
  SOL_SOCKET, SO_ACCEPTCONN, SO_BROADCAST, SO_DEBUG, SO_DOMAIN, SO_DONTROUTE, SO_ERROR, SO_KEEPALIVE, SO_LINGER, SO_OOBINLINE,
  SO_PROTOCOL, SO_RCVBUF, SO_RCVLOWAT, SO_RCVTIMEO, SO_REUSEADDR, SO_REUSEPORT, SO_SNDBUF, SO_SNDTIMEO, SO_TYPE,
  TCP_CORK, TCP_INFO, TCP_KEEPCNT, TCP_KEEPIDLE, TCP_KEEPINTVL, TCP_MAXSEG, TCP_NODELAY, TCP_NOTSENT_LOWAT,
  TCP_INQ, TCP_QUICKACK, TCP_USER_TIMEOUT, TCP_CONGESTION, TCP_CA_NAME_MAX,
} from '../abi/linux.ts';
import { EINVAL, ENOENT, ENOPROTOOPT, EPROTO } from '../abi/errno.ts';

type SocketFile = Exclude<OpenFile, { kind: 'epoll' }>;
type Value = Exclude<SockOptArg, string>;

const TCP_LAYER_OPTS: ReadonlyMap<string, TcpSockOpt> = new Map([
  [`${SOL_SOCKET}:${SO_REUSEADDR}`, 'SO_REUSEADDR'],
  [`${SOL_SOCKET}:${SO_SNDBUF}`, 'SO_SNDBUF'],
  [`${SOL_SOCKET}:${SO_RCVBUF}`, 'SO_RCVBUF'],
  [`${SOL_SOCKET}:${SO_KEEPALIVE}`, 'SO_KEEPALIVE'],
  [`${SOL_SOCKET}:${SO_OOBINLINE}`, 'SO_OOBINLINE'],
  [`${IPPROTO_TCP}:${TCP_NODELAY}`, 'TCP_NODELAY'],
  [`${IPPROTO_TCP}:${TCP_CORK}`, 'TCP_CORK'],
  [`${IPPROTO_TCP}:${TCP_MAXSEG}`, 'TCP_MAXSEG'],
  [`${IPPROTO_TCP}:${TCP_NOTSENT_LOWAT}`, 'TCP_NOTSENT_LOWAT'],
  [`${IPPROTO_TCP}:${TCP_USER_TIMEOUT}`, 'TCP_USER_TIMEOUT'],
  [`${IPPROTO_IP}:${IP_MTU_DISCOVER}`, 'IP_MTU_DISCOVER'],
]);

/** options kept and read back, with their defaults (tcp_keepalive_time 7200 s …) */
const PLAIN_DEFAULTS: ReadonlyMap<string, number> = new Map([
  [`${SOL_SOCKET}:${SO_DEBUG}`, 0],
  [`${SOL_SOCKET}:${SO_DONTROUTE}`, 0],
  [`${SOL_SOCKET}:${SO_RCVLOWAT}`, 1],
  [`${SOL_SOCKET}:${SO_OOBINLINE}`, 0],
  [`${IPPROTO_IP}:${IP_TOS}`, 0],
  // inet_create(): IP_PMTUDISC_WANT (net.ipv4.ip_no_pmtu_disc = 0); a TCP socket's reaches its
  // packets' DF bit (tcp/layer.ts), another socket's is only kept
  [`${IPPROTO_IP}:${IP_MTU_DISCOVER}`, IP_PMTUDISC_WANT],
  [`${IPPROTO_TCP}:${TCP_QUICKACK}`, 1],
  [`${IPPROTO_TCP}:${TCP_KEEPIDLE}`, 7200],
  [`${IPPROTO_TCP}:${TCP_KEEPINTVL}`, 75],
  [`${IPPROTO_TCP}:${TCP_KEEPCNT}`, 9],
  // TCP_INQ asks recvmsg() for a TCP_CM_INQ control message (tcp_inq_hint); the socket's
  // SIOCINQ and FIN give its value (labwire's packetdrill runner builds it from them)
  [`${IPPROTO_TCP}:${TCP_INQ}`, 0],
]);

const num = (v: Value): number => (typeof v === 'number' ? v : v.onoff);

export function setSockOpt(k: Kernel, f: SocketFile, level: number, name: number, value: SockOptArg, now: Nanos): number {
  const key = `${level}:${name}`;
  if (level === IPPROTO_TCP && f.kind !== 'tcp') return -ENOPROTOOPT;
  if (level === IPPROTO_TCP && name === TCP_CONGESTION && f.kind === 'tcp') return setCongestion(k, f.id, value, now);
  if (level === IPPROTO_IP && MULTICAST_OPTS.has(name)) return setMulticastOpt(k, f, name, value, now);
  if (typeof value === 'string') return -EINVAL;
  const v = num(value);
  if (level === IPPROTO_IPV6) return setIpv6Opt(k, f, name, v);
  if (level === SOL_SOCKET) {
    switch (name) {
      case SO_BROADCAST:
        writableOpts(f).broadcast = v !== 0;
        return 0;
      case SO_REUSEPORT:
        writableOpts(f).reusePort = v !== 0;
        if (f.kind === 'udp') k.udp.setReusePort(f.id, v !== 0);
        return 0;
      case SO_RCVTIMEO:
        writableOpts(f).rcvTimeo = Math.max(0, v);
        return 0;
      case SO_SNDTIMEO:
        writableOpts(f).sndTimeo = Math.max(0, v);
        return 0;
      case SO_LINGER:
        if (typeof value === 'number') return -EINVAL;
        writableOpts(f).linger = { ...value };
        return 0;
    }
  }
  if (level === IPPROTO_IP && (name === IP_TTL || name === IP_TOS)) return setIpHeaderOpt(k, f, name, v);
  const layerOpt = TCP_LAYER_OPTS.get(key);
  if (layerOpt && f.kind === 'tcp') return k.tcp.setOption(f.id, layerOpt, v, now);
  if (layerOpt && f.kind === 'udp') {
    if (layerOpt === 'SO_REUSEADDR') k.udp.setReuseAddr(f.id, v !== 0);
    else if (layerOpt === 'SO_RCVBUF') k.udp.setRcvBuf(f.id, v, k.profile.rmemMax);
    // sock_setsockopt(SO_SNDBUF): the kernel keeps (and getsockopt answers) twice the value asked
    const kept = layerOpt === 'SO_SNDBUF' ? Math.max(SOCK_MIN_SNDBUF, Math.min(v, k.profile.wmemMax) * 2) : v;
    (writableOpts(f).plain ??= new Map()).set(key, kept);
    return 0;
  }
  if (PLAIN_DEFAULTS.has(key) || layerOpt) {
    (writableOpts(f).plain ??= new Map()).set(key, v);
    return 0;
  }
  return -ENOPROTOOPT;
}

/** the IPPROTO_IP multicast options a UDP socket keeps (their getsockopt is IP_MULTICAST_* only) */
const MULTICAST_OPTS: ReadonlySet<number> = new Set([IP_ADD_MEMBERSHIP, IP_DROP_MEMBERSHIP, IP_MULTICAST_IF, IP_MULTICAST_TTL, IP_MULTICAST_LOOP, IP_MULTICAST_ALL]);
const MULTICAST_READABLE: ReadonlySet<number> = new Set([IP_MULTICAST_IF, IP_MULTICAST_TTL, IP_MULTICAST_LOOP, IP_MULTICAST_ALL]);

/**
 * A multicast option: a UDP socket's layer takes it, `value` an int or a struct's bytes (the
 * bridge passes ip_mreq, ip_mreqn and in_addr as a latin-1 string). On a TCP socket the
 * memberships are EPROTO (inet->is_icsk) and IP_MULTICAST_TTL/IF EINVAL (SOCK_STREAM); the rest
 * are kept; a raw socket's are not modelled (ENOPROTOOPT).
 */
function setMulticastOpt(k: Kernel, f: SocketFile, name: number, value: SockOptArg, now: Nanos): number {
  if (typeof value === 'object') return -EINVAL;
  if (f.kind === 'udp') return k.udp.setMulticast(f.id, name, typeof value === 'string' ? Uint8Array.from(value, (c) => c.charCodeAt(0) & 0xff) : value, now);
  if (f.kind !== 'tcp') return -ENOPROTOOPT;
  if (name === IP_ADD_MEMBERSHIP || name === IP_DROP_MEMBERSHIP) return -EPROTO;
  if (name === IP_MULTICAST_TTL || name === IP_MULTICAST_IF) return -EINVAL;
  (writableOpts(f).plain ??= new Map()).set(`${IPPROTO_IP}:${name}`, typeof value === 'number' ? Number(value !== 0) : 0);
  return 0;
}

/** getsockopt of a multicast option: a UDP socket's layer, else the defaults (mc_ttl 1, loop and all on, no interface) */
function getMulticastOpt(k: Kernel, f: SocketFile, name: number): number {
  if (!MULTICAST_READABLE.has(name)) return -ENOPROTOOPT;
  if (f.kind === 'udp') return k.udp.getMulticast(f.id, name);
  return f.opts.plain?.get(`${IPPROTO_IP}:${name}`) ?? (name === IP_MULTICAST_IF ? 0 : 1);
}

/**
 * IP_TTL (−1 or 1..255, else EINVAL) and IP_TOS: a TCP socket's live in its layer, a UDP
 * socket's in both (the layer stamps its datagrams, the file answers getsockopt), a raw
 * socket's in its file (table.ts reads them for each packet: ipHeaderOpts).
 */
function setIpHeaderOpt(k: Kernel, f: SocketFile, name: number, v: number): number {
  if (name === IP_TTL && !validUcTtl(v)) return -EINVAL;
  const opt = name === IP_TTL ? 'IP_TTL' : 'IP_TOS';
  if (f.kind === 'tcp') return k.tcp.setOption(f.id, opt, v);
  if (f.kind === 'udp') {
    const e = k.udp.setIpOption(f.id, opt, v);
    if (e < 0) return e;
  }
  (writableOpts(f).plain ??= new Map()).set(`${IPPROTO_IP}:${name}`, v);
  return 0;
}

/** A raw (or any table-kept) socket's IP_TTL and IP_TOS, as its packets carry them. */
export function ipHeaderOpts(f: OpenFile): IpHeaderOpts {
  const plain = f.kind === 'epoll' ? undefined : f.opts.plain;
  return { ucTtl: plain?.get(`${IPPROTO_IP}:${IP_TTL}`) ?? UC_TTL_UNSET, tos: plain?.get(`${IPPROTO_IP}:${IP_TOS}`) ?? 0 };
}

/**
 * SOL_IPV6 on an AF_INET6 socket (ENOPROTOOPT elsewhere, as ip_setsockopt has none of it):
 * IPV6_V6ONLY only before the socket has a port (do_ipv6_setsockopt: EINVAL once inet_num is set).
 */
function setIpv6Opt(k: Kernel, f: SocketFile, name: number, v: number): number {
  if (f.opts.family !== AF_INET6 || name !== IPV6_V6ONLY) return -ENOPROTOOPT;
  const bound = f.kind === 'tcp' ? k.tcp.localName(f.id) : f.kind === 'udp' ? k.udp.localName(f.id) : undefined;
  if (bound && bound[1] !== 0) return -EINVAL;
  writableOpts(f).v6only = v !== 0;
  return 0;
}

/**
 * TCP_CONGESTION by name (do_tcp_setsockopt: at most TCP_CA_NAME_MAX − 1 bytes, up to a NUL;
 * none at all is EINVAL): a name labwire's kernel does not have is ENOENT, as tcp_ca_find()
 * not finding it (checked against 6.18 with 'vegas', which is not built there either).
 */
function setCongestion(k: Kernel, id: number, value: SockOptArg, now: Nanos): number {
  if (typeof value !== 'string') return -ENOENT; // an int's bytes name no algorithm
  if (value === '') return -EINVAL; // optlen < 1
  const index = CONGESTION_CONTROLS.indexOf(value.slice(0, TCP_CA_NAME_MAX - 1).split('\0')[0] as (typeof CONGESTION_CONTROLS)[number]);
  return index < 0 ? -ENOENT : k.tcp.setOption(id, 'TCP_CONGESTION', index, now);
}

/** do_ip_getsockopt(IP_TTL): an unset TTL reads as net.ipv4.ip_default_ttl */
function ttlAnswer(k: Kernel, ucTtl: number): number {
  return ucTtl === UC_TTL_UNSET ? k.profile.ipDefaultTtl : ucTtl;
}

function socketType(f: SocketFile): number {
  return f.kind === 'tcp' || f.kind === 'unix' ? SOCK_STREAM : f.kind === 'udp' ? SOCK_DGRAM : SOCK_RAW;
}

function protocol(f: SocketFile): number {
  return f.kind === 'tcp' ? IPPROTO_TCP : f.kind === 'udp' ? IPPROTO_UDP : f.kind === 'raw' ? IPPROTO_ICMP : 0;
}

export function getSockOpt(k: Kernel, f: SocketFile, level: number, name: number, now: Nanos): SockOptValue {
  const key = `${level}:${name}`;
  if (level === SOL_SOCKET) {
    switch (name) {
      case SO_ERROR:
        return f.kind === 'tcp' ? k.tcp.takeError(f.id) : f.kind === 'udp' ? k.udp.takeError(f.id) : 0;
      case SO_TYPE:
        return socketType(f);
      case SO_PROTOCOL:
        return protocol(f);
      case SO_DOMAIN:
        return f.kind === 'unix' ? AF_UNIX : f.opts.family;
      case SO_ACCEPTCONN:
        return f.kind === 'tcp' && k.tcp.rows().some((r) => r.id === f.id && r.state === 'LISTEN') ? 1 : 0;
      case SO_BROADCAST:
        return f.opts.broadcast ? 1 : 0;
      case SO_REUSEPORT:
        return f.opts.reusePort ? 1 : 0;
      case SO_RCVTIMEO:
        return f.opts.rcvTimeo;
      case SO_SNDTIMEO:
        return f.opts.sndTimeo;
      case SO_LINGER:
        return { ...f.opts.linger };
    }
  }
  if (level === IPPROTO_TCP && f.kind !== 'tcp') return -ENOPROTOOPT;
  if (level === IPPROTO_IP && MULTICAST_OPTS.has(name)) return getMulticastOpt(k, f, name);
  if (level === IPPROTO_IPV6) return f.opts.family === AF_INET6 && name === IPV6_V6ONLY ? Number(f.opts.v6only) : -ENOPROTOOPT;
  if (f.kind === 'tcp') {
    if (level === IPPROTO_TCP && name === TCP_INFO) {
      const info = k.tcp.info?.(f.id, now);
      return info ? { ...info, structSize: k.profile.tcpInfoSize ?? TCP_INFO_SIZE_5_15 } : -ENOPROTOOPT;
    }
    if (level === IPPROTO_TCP && name === TCP_CONGESTION) return CONGESTION_CONTROLS[k.tcp.getOption(f.id, 'TCP_CONGESTION')] ?? -ENOPROTOOPT;
    if (key === `${IPPROTO_IP}:${IP_TTL}`) return ttlAnswer(k, k.tcp.getOption(f.id, 'IP_TTL'));
    if (key === `${IPPROTO_IP}:${IP_TOS}`) return k.tcp.getOption(f.id, 'IP_TOS');
    const layerOpt = TCP_LAYER_OPTS.get(key);
    if (layerOpt) return k.tcp.getOption(f.id, layerOpt);
  }
  if (f.kind === 'udp' && key === `${SOL_SOCKET}:${SO_RCVBUF}`) return k.udp.rcvBuf(f.id);
  const plain = f.opts.plain?.get(key);
  if (key === `${IPPROTO_IP}:${IP_TTL}`) return ttlAnswer(k, plain ?? UC_TTL_UNSET);
  if (plain !== undefined) return plain;
  if (key === `${SOL_SOCKET}:${SO_RCVBUF}` || key === `${SOL_SOCKET}:${SO_SNDBUF}`) return 212992;
  if (key === `${SOL_SOCKET}:${SO_REUSEADDR}` || key === `${SOL_SOCKET}:${SO_KEEPALIVE}`) return 0;
  const d = PLAIN_DEFAULTS.get(key);
  return d ?? -ENOPROTOOPT;
}
