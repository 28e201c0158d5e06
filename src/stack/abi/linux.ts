/**
 * The Linux user-space ABI numbers that cross the system-call boundary: address families,
 * socket types and flags, MSG_* flags, socket options, fcntl/ioctl requests, poll and epoll
 * bits, clocks. One place for each (values from include/uapi/linux/*.h and
 * include/linux/socket.h on x86_64); errno values live in ./errno.ts.
 */

// ---- address families and socket types (include/linux/socket.h, net.h) -------------------
export const AF_UNIX = 1;
export const AF_INET = 2;
export const AF_INET6 = 10;
export const SOCK_STREAM = 1;
export const SOCK_DGRAM = 2;
export const SOCK_RAW = 3;
/** flags or-ed into socket()'s type, accept4()'s flags and socketpair()'s type */
export const SOCK_NONBLOCK = 0o4000;
export const SOCK_CLOEXEC = 0o2000000;
export const SOCK_TYPE_MASK = 0xf;

export const IPPROTO_IP = 0;
/** the protocol numbers of the IPv4 header (one definition, in the codec) */
export { IPPROTO_ICMP, IPPROTO_TCP, IPPROTO_UDP } from '../wire/ipv4.ts';
/** raw(7): a socket of this protocol sends whole IP packets (IP_HDRINCL) and receives nothing */
export const IPPROTO_RAW = 255;

/** INADDR_ANY, INADDR_BROADCAST and INADDR_LOOPBACK as host-order numbers */
export const INADDR_ANY = 0;
export const INADDR_BROADCAST = 0xffffffff;
export const INADDR_LOOPBACK = 0x7f000001;

// ---- send/recv flags (include/linux/socket.h) ----------------------------------------------
export const MSG_OOB = 0x1;
export const MSG_PEEK = 0x2;
export const MSG_TRUNC = 0x20;
export const MSG_DONTWAIT = 0x40;
export const MSG_EOR = 0x80;
export const MSG_WAITALL = 0x100;
export const MSG_NOSIGNAL = 0x4000;
export const MSG_MORE = 0x8000;

// ---- shutdown(2) ---------------------------------------------------------------------------
export const SHUT_RD = 0;
export const SHUT_WR = 1;
export const SHUT_RDWR = 2;
/** shutdown()'s `how` as a program names it: SHUT_WR … (the number itself when it is none of them) */
export const shutName = (how: number): string => ['SHUT_RD', 'SHUT_WR', 'SHUT_RDWR'][how] ?? String(how);

// ---- socket options (include/uapi/asm-generic/socket.h, linux/tcp.h) ------------------------
export const SOL_SOCKET = 1;
export const SO_DEBUG = 1;
export const SO_REUSEADDR = 2;
export const SO_TYPE = 3;
export const SO_ERROR = 4;
export const SO_DONTROUTE = 5;
export const SO_BROADCAST = 6;
export const SO_SNDBUF = 7;
export const SO_RCVBUF = 8;
export const SO_KEEPALIVE = 9;
export const SO_OOBINLINE = 10;
export const SO_LINGER = 13;
export const SO_REUSEPORT = 15;
export const SO_RCVLOWAT = 18;
export const SO_RCVTIMEO = 20;
export const SO_SNDTIMEO = 21;
export const SO_ACCEPTCONN = 30;
export const SO_PROTOCOL = 38;
export const SO_DOMAIN = 39;

export const TCP_NODELAY = 1;
export const TCP_MAXSEG = 2;
export const TCP_CORK = 3;
export const TCP_KEEPIDLE = 4;
export const TCP_KEEPINTVL = 5;
export const TCP_KEEPCNT = 6;
export const TCP_INFO = 11;
export const TCP_QUICKACK = 12;
export const TCP_CONGESTION = 13;
/** TCP_CA_NAME_MAX: a congestion control's name, NUL included (getsockopt copies at most this) */
export const TCP_CA_NAME_MAX = 16;
export const TCP_USER_TIMEOUT = 18;
export const TCP_NOTSENT_LOWAT = 25;
export const TCP_INQ = 36;

export const IP_TOS = 1;
export const IP_TTL = 2;
/** IPv4 multicast (include/uapi/linux/in.h): ip_sockglue.c's options on a datagram socket */
export const IP_MULTICAST_IF = 32;
export const IP_MULTICAST_TTL = 33;
export const IP_MULTICAST_LOOP = 34;
export const IP_ADD_MEMBERSHIP = 35;
export const IP_DROP_MEMBERSHIP = 36;
export const IP_MULTICAST_ALL = 49;
/** IP_MTU_DISCOVER and its modes (include/uapi/linux/in.h): DF on a socket's packets (ip_dont_fragment) */
export const IP_MTU_DISCOVER = 10;
export const IP_PMTUDISC_DONT = 0;
export const IP_PMTUDISC_WANT = 1;
export const IP_PMTUDISC_DO = 2;
export const IP_PMTUDISC_PROBE = 3;
export const IP_PMTUDISC_INTERFACE = 4;
export const IP_PMTUDISC_OMIT = 5;
/** SOL_IPV6 (include/uapi/linux/in.h) and IPV6_V6ONLY (include/uapi/linux/in6.h) */
export const IPPROTO_IPV6 = 41;
export const IPV6_V6ONLY = 26;

// ---- fcntl(2) and open flags (include/uapi/asm-generic/fcntl.h) -----------------------------
export const F_GETFD = 1;
export const F_SETFD = 2;
export const F_GETFL = 3;
export const F_SETFL = 4;
export const O_RDWR = 0o2;
export const O_NONBLOCK = 0o4000;
export const FD_CLOEXEC = 1;

// ---- ioctl(2) requests (include/uapi/asm-generic/ioctls.h, linux/sockios.h) ------------------
/** FIONREAD, which is SIOCINQ on sockets */
export const FIONREAD = 0x541b;
export const SIOCINQ = FIONREAD;
export const SIOCOUTQ = 0x5411;
/** SIOCATMARK: is the next byte to read the urgent byte (sockatmark(3)) */
export const SIOCATMARK = 0x8905;
export const FIONBIO = 0x5421;
/** SIOCOUTQNSD: bytes in the send queue not yet sent */
export const SIOCOUTQNSD = 0x894b;
/** netdevice(7)'s requests on any socket with a struct ifreq: the named interface's flags, address… */
export const SIOCGIFFLAGS = 0x8913;
export const SIOCGIFADDR = 0x8915;
export const SIOCGIFDSTADDR = 0x8917;
export const SIOCGIFBRDADDR = 0x8919;
export const SIOCGIFNETMASK = 0x891b;
export const SIOCGIFMTU = 0x8921;
export const SIOCGIFHWADDR = 0x8927;
export const SIOCGIFINDEX = 0x8933;
/** struct ifreq: the name (IFNAMSIZ bytes) and then the union the requests read or write */
export const IFNAMSIZ = 16;
/** the interface flags SIOCGIFFLAGS reports (include/uapi/linux/if.h) */
export const IFF_UP = 0x1;
export const IFF_BROADCAST = 0x2;
export const IFF_LOOPBACK = 0x8;
export const IFF_RUNNING = 0x40;
export const IFF_MULTICAST = 0x1000;
/** a device's hardware type, SIOCGIFHWADDR's sa_family (include/uapi/linux/if_arp.h) */
export const ARPHRD_ETHER = 1;
export const ARPHRD_LOOPBACK = 772;

// ---- poll(2) (include/uapi/asm-generic/poll.h) ------------------------------------------------
export const POLLIN = 0x001;
export const POLLPRI = 0x002;
export const POLLOUT = 0x004;
export const POLLERR = 0x008;
export const POLLHUP = 0x010;
export const POLLNVAL = 0x020;
export const POLLRDNORM = 0x040;
export const POLLWRNORM = 0x100;
export const POLLRDHUP = 0x2000;

// ---- epoll(7) (include/uapi/linux/eventpoll.h) ------------------------------------------------
export const EPOLLIN = POLLIN;
export const EPOLLPRI = POLLPRI;
export const EPOLLOUT = POLLOUT;
export const EPOLLERR = POLLERR;
export const EPOLLHUP = POLLHUP;
export const EPOLLRDHUP = POLLRDHUP;
export const EPOLLEXCLUSIVE = 1 << 28;
export const EPOLLONESHOT = 1 << 30;
/** bit 31: as an unsigned number */
export const EPOLLET = 0x80000000;
export const EPOLL_CTL_ADD = 1;
export const EPOLL_CTL_DEL = 2;
export const EPOLL_CTL_MOD = 3;
export const EPOLL_CLOEXEC = 0o2000000; // O_CLOEXEC, as SOCK_CLOEXEC

// ---- clocks (include/uapi/linux/time.h) -------------------------------------------------------
export const CLOCK_REALTIME = 0;
export const CLOCK_MONOTONIC = 1;
export const CLOCK_PROCESS_CPUTIME_ID = 2;
export const CLOCK_THREAD_CPUTIME_ID = 3;

/** net.core.somaxconn since Linux 5.4; listen() clamps the backlog to it */
export const SOMAXCONN = 4096;
