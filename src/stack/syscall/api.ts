/**
 * The system calls a thread on a simulated host can make: the one boundary between programs
 * (TypeScript programs, Python-style sockets, the Python bridge, the packetdrill runner) and a
 * host. Semantics and errno values are Linux's (x86_64); numbers come from ../abi/linux.ts.
 *
 * Conventions, as the raw syscall ABI: a call returns its result, or a negative errno
 * (`-EAGAIN`, `-ECONNREFUSED` …); nothing here throws for an errno. Calls that can block
 * (`Blocking<T>`) return their result itself when they complete at once, and a Promise when
 * they park the calling thread in simulated time until the call can complete (or its timeout
 * passes), exactly when a blocking socket would; `await` takes either. On a non-blocking fd
 * (O_NONBLOCK, SOCK_NONBLOCK, MSG_DONTWAIT) they return -EAGAIN / -EINPROGRESS at once.
 * A thread may have one blocking call in flight; a second one before the first returns is a
 * program error (start another thread with `spawn`).
 */
import type { Nanos } from '../nanos.ts';
import type { Ipv4Addr } from '../wire/addr.ts';
import type { Ipv6Addr } from '../wire/ipv6-addr.ts';
import type { TcpInfo } from '../abi/types.ts';

export type { TcpInfo };

/** struct sockaddr_in as numbers; sockaddr_in6 with its 16 address bytes; sockaddr_un carries a path */
export type SockAddr =
  | { readonly family: 2; readonly addr: Ipv4Addr; readonly port: number }
  | { readonly family: 10; readonly addr: Ipv6Addr; readonly port: number; readonly flowinfo: number; readonly scopeId: number }
  | { readonly family: 1; readonly path: string };

export interface Accepted {
  readonly fd: number;
  readonly addr: SockAddr;
}

export interface Received {
  readonly data: Uint8Array;
  /** the sender (recvfrom); for a connected stream socket, its peer */
  readonly addr: SockAddr | null;
  /** MSG_TRUNC in msg_flags: a datagram was longer than the buffer */
  readonly truncated: boolean;
}

export interface PollFd {
  readonly fd: number;
  readonly events: number;
  revents: number;
}

export interface EpollEvent {
  readonly events: number;
  /** epoll_data: the program's own value (Python's selectors keeps the fd there) */
  readonly data: number;
}

/** What getsockopt returns: an int, struct linger, struct timeval (as ns), struct tcp_info or a name (TCP_CONGESTION). */
export type SockOptValue = number | { readonly onoff: number; readonly linger: number } | TcpInfo | string;

/** What setsockopt takes: an int, struct linger, or a name (TCP_CONGESTION's char array). */
export type SockOptArg = number | { onoff: number; linger: number } | string;

/**
 * What a call that may block returns: its result when it completed without waiting (a recv
 * loop's usual call: no promise, no microtask), a Promise when the thread parked.
 */
export type Blocking<T> = T | Promise<T>;

/** A thread of a program, as `spawn` returns it. */
export interface ThreadHandle {
  readonly tid: number;
  readonly name: string;
  /** true once its body returned or threw */
  readonly done: boolean;
}

/**
 * The non-blocking half: every call returns at once. This is the per-host table itself
 * (SyscallTable implements it); `Syscalls` adds the blocking calls and threads.
 */
export interface FdCalls {
  socket(domain: number, type: number, protocol: number): number;
  socketpair(domain: number, type: number, protocol: number): readonly [number, number] | number;
  bind(fd: number, addr: SockAddr): number;
  listen(fd: number, backlog: number): number;
  shutdown(fd: number, how: number): number;
  /** dup(2): another fd for the same open file */
  dup(fd: number): number;
  /** dup2(2): `nfd` names the same open file as `fd` */
  dup2(fd: number, nfd: number): number;
  close(fd: number): number;
  setsockopt(fd: number, level: number, name: number, value: SockOptArg): number;
  getsockopt(fd: number, level: number, name: number): SockOptValue;
  fcntl(fd: number, cmd: number, arg?: number): number;
  ioctl(fd: number, request: number): number;
  getsockname(fd: number): SockAddr | number;
  getpeername(fd: number): SockAddr | number;
  epoll_create1(flags: number): number;
  epoll_ctl(epfd: number, op: number, fd: number, event: EpollEvent | null): number;
  /** poll(2)'s view of one fd now: the ready mask (POLLNVAL for a closed fd) */
  pollMask(fd: number): number;
  gethostname(): string;
  /** if_nameindex(3): each interface's ifindex and name */
  ifNameIndex(): readonly (readonly [number, string])[];
  /** ioctl(2) with a struct ifreq for interface `name` (SIOCGIFADDR…, ifreq.ts): the bytes the kernel writes into its union, or −errno */
  ifreq(fd: number, request: number, name: string): Uint8Array | number;
  /** getrandom(2): bytes from this host's seeded stream */
  getrandom(n: number): Uint8Array;
  /**
   * The NAT rule Docker installs for its embedded DNS (`iptables -t nat … -p udp -d ADDR
   * --dport FROM -j DNAT --to-destination :TO` and the matching SNAT), as root may.
   */
  natRedirectUdp(addr: Ipv4Addr, fromPort: number, toPort: number): void;
}

/** Everything a thread can call. */
export interface Syscalls extends FdCalls {
  readonly pid: number;
  readonly tid: number;
  /** CLOCK_MONOTONIC in ns (simulated time since the world started) */
  now(): Nanos;
  /** clock_gettime(2): CLOCK_REALTIME is the scenario's epoch + now */
  clock_gettime(clock: number): Nanos;

  connect(fd: number, addr: SockAddr): Blocking<number>;
  accept4(fd: number, flags: number): Blocking<Accepted | number>;
  /** send/sendto/sendmsg: bytes queued (a stream socket in blocking mode queues all of it) */
  sendto(fd: number, data: Uint8Array, flags: number, addr: SockAddr | null): Blocking<number>;
  /** sendmmsg(2): how many messages were sent */
  sendmmsg(fd: number, msgs: readonly { data: Uint8Array; addr: SockAddr | null }[], flags: number): Blocking<number>;
  /** recv/recvfrom/recvmsg: up to n bytes; an empty array at end of stream */
  recvfrom(fd: number, n: number, flags: number): Blocking<Received | number>;
  read(fd: number, n: number): Blocking<Uint8Array | number>;
  write(fd: number, data: Uint8Array): Blocking<number>;
  /** poll(2): the number of fds with revents (filled in), 0 on timeout; timeout in ms, < 0 forever */
  poll(fds: PollFd[], timeoutMs: number): Blocking<number>;
  /**
   * select(2) on fd sets given as lists: the ready fds of each (readable: POLLIN/POLLHUP/POLLERR,
   * writable: POLLOUT/POLLERR, exceptional: POLLPRI), empty lists on timeout; timeout in ms, < 0 forever
   */
  select(readfds: readonly number[], writefds: readonly number[], exceptfds: readonly number[], timeoutMs: number): Blocking<[number[], number[], number[]] | number>;
  /** epoll_wait(2): the ready events (at most `max`), [] on timeout, or -errno */
  epoll_wait(epfd: number, max: number, timeoutMs: number): Blocking<EpollEvent[] | number>;
  nanosleep(duration: Nanos): Promise<void>;

  /** start a thread of this program now (threading.Thread(target=…).start()) */
  spawn(name: string, body: (sys: Syscalls) => Promise<void>): ThreadHandle;
  /** wait until the thread ends */
  join(thread: ThreadHandle): Promise<void>;
  /**
   * futex(2) on a program object: park until `futexWake(key)` or the deadline (true when
   * woken). Locks, conditions and queues are built on these two, as glibc builds them.
   */
  futexWait(key: object, deadline: Nanos | null): Promise<boolean>;
  futexWake(key: object, count: number): number;

  /**
   * Await something outside the simulation (the Python bridge's pipe to its child): the
   * world waits for it, with the clock stopped, instead of taking the thread for hung.
   */
  external<T>(p: Promise<T>): Promise<T>;

  /**
   * Name the library call in progress, shown in stall reports instead of the system call it
   * waits in: a full description (`connect(('10.0.0.1', 80))`), or a bare name (`sendall`)
   * that takes the system call's arguments (`sendall(20971520 bytes, 65536 sent)`); null clears it.
   */
  annotate(what: string | null): void;
  /**
   * A library call returned: `name` as Python writes it (`recv(16)`), `start` when it was made,
   * `result` as Python prints it (`b'INI …'`, `None`, `ConnectionRefusedError: [Errno 111] …`),
   * or a function that makes it: called only when the timeline records, so a bulk receiver does
   * not pay for the repr of every 64 KiB it reads.
   */
  trace(name: string, start: Nanos, result: string | (() => string)): void;

  /** the program's standard output and error, a line at a time */
  stdout(line: string): void;
  stderr(line: string): void;
  /** the machine's files (/etc/hosts, /etc/resolv.conf, files a program reads or writes) */
  readonly files: Map<string, Uint8Array>;
  /** Unix time of simulated time zero, whole seconds */
  readonly epochSeconds: number;
}
