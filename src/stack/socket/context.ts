/**
 * What a program on a simulated host gets: Python-like `socket`, `logging` and `time`
 * modules, `print`, file access and `repr`, all over its host's Syscalls. A lab program
 * written against this reads like the lab's Python, line for line.
 */
import type { Syscalls } from '../syscall/api.ts';
import {
  PySocket, AF_INET, SOCK_STREAM, SOCK_DGRAM, SOCK_RAW, SOL_SOCKET, SO_REUSEADDR, SO_REUSEPORT, SO_BROADCAST, SO_SNDBUF,
  SO_RCVBUF, SO_KEEPALIVE, SO_ERROR, IPPROTO_TCP, IPPROTO_UDP, IPPROTO_ICMP, TCP_NODELAY, TCP_MAXSEG, SHUT_RD, SHUT_WR, SHUT_RDWR,
  MSG_OOB, MSG_PEEK, MSG_WAITALL, MSG_DONTWAIT, SO_OOBINLINE,
} from './socket.ts';
import { firstAddress, type AddrInfoList, type NameResolver } from './resolver.ts';
import { GlibcResolver } from './glibc-resolver.ts';
import { makeLogging, type LoggingModule } from './logging.ts';
import { repr, reprFloat, type PyValue } from './repr.ts';
import { PyOSError, osError } from './errors.ts';
import { DEFAULT_BACKLOG } from './socket.ts';
import { makeThreading, type ThreadingModule } from './threading.ts';
import { EpollSelector, EVENT_READ, EVENT_WRITE, select, type FileLike } from './select.ts';
import { ENOENT } from '../abi/errno.ts';

export interface SocketModule {
  socket(family?: number, type?: number, proto?: number): PySocket;
  gethostname(): string;
  gethostbyname(name: string): Promise<string>;
  gethostbyname_ex(name: string): Promise<[string, string[], string[]]>;
  gethostbyaddr(host: string): Promise<[string, string[], string[]]>;
  /** getaddrinfo(host, port, family, type, proto, flags), or with Python's keywords as an object */
  getaddrinfo(host: string | null, port: number | null, family?: number | GaiOptions, type?: number, proto?: number, flags?: number): Promise<AddrInfoList>;
  getdefaulttimeout(): number | null;
  setdefaulttimeout(t: number | null): void;
  readonly AF_INET: number;
  readonly SOCK_STREAM: number;
  readonly SOCK_DGRAM: number;
  readonly SOCK_RAW: number;
  readonly SOL_SOCKET: number;
  readonly SO_REUSEADDR: number;
  readonly SO_REUSEPORT: number;
  readonly SO_BROADCAST: number;
  readonly SO_SNDBUF: number;
  readonly SO_RCVBUF: number;
  readonly SO_KEEPALIVE: number;
  /** socket.SO_OOBINLINE: the urgent byte stays in the stream */
  readonly SO_OOBINLINE: number;
  readonly SO_ERROR: number;
  readonly IPPROTO_TCP: number;
  readonly IPPROTO_UDP: number;
  readonly IPPROTO_ICMP: number;
  readonly TCP_NODELAY: number;
  /** socket.TCP_MAXSEG: the MSS (mss_cache once connected) */
  readonly TCP_MAXSEG: number;
  readonly SHUT_RD: number;
  readonly SHUT_WR: number;
  readonly SHUT_RDWR: number;
  /** socket.MSG_OOB: send the last byte as urgent data; recv the urgent byte */
  readonly MSG_OOB: number;
  readonly MSG_PEEK: number;
  readonly MSG_WAITALL: number;
  readonly MSG_DONTWAIT: number;
  /** socket.create_connection(address, timeout) */
  create_connection(address: readonly [string, number], timeout?: number | null): Promise<PySocket>;
  /** socket.create_server(address, reuse_port=False, backlog) — SO_REUSEADDR set, as on POSIX */
  create_server(address: readonly [string, number], options?: { backlog?: number; reuse_port?: boolean }): Promise<PySocket>;
}

export interface GaiOptions {
  readonly family?: number;
  readonly type?: number;
  readonly proto?: number;
  readonly flags?: number;
}

export interface ProgramContext {
  readonly socket: SocketModule;
  readonly logging: LoggingModule;
  readonly time: { time(): number; monotonic(): number; sleep(seconds: number): Promise<void> };
  /** print(*args): str() of each, joined by spaces, to standard output */
  print(...args: unknown[]): void;
  /** Python helpers: repr(), str.encode(), bytes.decode() */
  readonly py: { repr(v: PyValue): string; bytes(s: string): Uint8Array; decode(b: Uint8Array): string; str(v: unknown): string };
  /** open(path, 'rb').read() and open(path, 'wb').write(data) on the machine's files */
  readFile(path: string): Uint8Array;
  writeFile(path: string, data: Uint8Array): void;
  /** Python's threading and queue modules (Thread, Lock, Condition, Queue) */
  readonly threading: ThreadingModule;
  /** select.select(rlist, wlist, xlist, timeout) */
  readonly select: { select<T extends FileLike>(r: readonly T[], w: readonly T[], x: readonly T[], timeout?: number | null): Promise<[T[], T[], T[]]> };
  /** selectors.DefaultSelector() (EpollSelector), EVENT_READ, EVENT_WRITE */
  readonly selectors: { DefaultSelector<D = unknown>(): EpollSelector<D>; readonly EVENT_READ: number; readonly EVENT_WRITE: number };
  /** the raw system calls, for programs that need more than these modules (ping) */
  readonly sys: Syscalls;
}

export type Program = (ctx: ProgramContext) => Promise<void>;

export type ResolverFactory = (sys: Syscalls) => NameResolver;

/** glibc's resolver: /etc/hosts, then the nameservers of /etc/resolv.conf */
export const glibcResolver: ResolverFactory = (sys) => new GlibcResolver(sys);

const utf8 = new TextEncoder();
const utf8d = new TextDecoder();

/** str(v) as print() shows it */
export function pyStr(v: unknown): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : reprFloat(v);
  if (v instanceof Error) return v.message;
  if (typeof v === 'object' && v !== null && 'pyRepr' in v && typeof v.pyRepr === 'function') return String(v.pyRepr());
  return repr(v as PyValue);
}

export function makeProgramContext(sys: Syscalls, makeResolver: ResolverFactory = glibcResolver): ProgramContext {
  const resolver = makeResolver(sys);
  let defaultTimeout: number | null = null;
  const resolveHost = (host: string, family: number) => firstAddress(resolver, host, family);
  const socket: SocketModule = {
    socket(family = AF_INET, type = SOCK_STREAM, proto = 0) {
      const fd = sys.socket(family, type, proto);
      if (fd < 0) throw osError(fd);
      return new PySocket(sys, fd, type, resolveHost, defaultTimeout);
    },
    async create_connection(address, timeout = defaultTimeout) {
      const s = socket.socket(AF_INET, SOCK_STREAM);
      if (timeout !== undefined) s.settimeout(timeout);
      try {
        await s.connect(address);
      } catch (e) {
        s.close();
        throw e;
      }
      return s;
    },
    async create_server(address, options = {}) {
      const s = socket.socket(AF_INET, SOCK_STREAM);
      s.setsockopt(SOL_SOCKET, SO_REUSEADDR, 1);
      if (options.reuse_port) s.setsockopt(SOL_SOCKET, SO_REUSEPORT, 1);
      await s.bind(address);
      s.listen(options.backlog ?? DEFAULT_BACKLOG);
      return s;
    },
    gethostname: () => resolver.gethostname(),
    gethostbyname: (n) => resolver.gethostbyname(n),
    gethostbyname_ex: (n) => resolver.gethostbyname_ex(n),
    gethostbyaddr: (h) => resolver.gethostbyaddr(h),
    getaddrinfo: (h, p, f, t, pr, fl) =>
      typeof f === 'object' ? resolver.getaddrinfo(h, p, f.family ?? 0, f.type ?? 0, f.proto ?? 0, f.flags ?? 0) : resolver.getaddrinfo(h, p, f, t, pr, fl),
    getdefaulttimeout: () => defaultTimeout,
    setdefaulttimeout: (t) => { defaultTimeout = t; },
    AF_INET, SOCK_STREAM, SOCK_DGRAM, SOCK_RAW, SOL_SOCKET, SO_REUSEADDR, SO_REUSEPORT, SO_BROADCAST, SO_SNDBUF, SO_RCVBUF,
    SO_KEEPALIVE, SO_ERROR, IPPROTO_TCP, IPPROTO_UDP, IPPROTO_ICMP, TCP_NODELAY, TCP_MAXSEG, SHUT_RD, SHUT_WR, SHUT_RDWR,
    MSG_OOB, MSG_PEEK, MSG_WAITALL, MSG_DONTWAIT, SO_OOBINLINE,
  };
  return {
    socket,
    logging: makeLogging((line) => sys.stderr(line)),
    time: {
      time: () => sys.epochSeconds + sys.now() / 1e9,
      monotonic: () => sys.now() / 1e9,
      sleep: (seconds) => sys.nanosleep(Math.round(seconds * 1e9)),
    },
    print: (...args) => sys.stdout(args.map(pyStr).join(' ')),
    py: { repr, bytes: (s) => utf8.encode(s), decode: (b) => utf8d.decode(b), str: pyStr },
    readFile(path) {
      const f = sys.files.get(path);
      if (!f) throw new PyOSError('FileNotFoundError', ENOENT, `No such file or directory: '${path}'`);
      return f;
    },
    writeFile(path, data) {
      sys.files.set(path, data.slice());
    },
    threading: makeThreading(sys),
    select: { select: (r, w, x, timeout = null) => select(sys, r, w, x, timeout) },
    selectors: { DefaultSelector: () => new EpollSelector(sys), EVENT_READ, EVENT_WRITE },
    sys,
  };
}
