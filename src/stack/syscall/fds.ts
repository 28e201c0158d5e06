/**
 * A process's file-descriptor table as Linux allocates it: the lowest free number (0–2 are
 * the standard streams, so the first socket is 3), each fd naming an open file description
 * (a socket of one of the kernel's layers, an epoll instance, one end of a socketpair) with
 * its status flags (O_NONBLOCK) and per-description options kept above the protocol layers.
 * dup() gives a second fd for the same description: flags and options are shared, and the
 * description closes with its last fd (fput's count).
 */
import type { EpollInstance } from './epoll.ts';
import type { UnixEnd } from './unix.ts';

export type OpenFile =
  | { readonly kind: 'tcp'; readonly id: number; flags: number; opts: SockOpts }
  | { readonly kind: 'udp'; readonly id: number; flags: number; opts: SockOpts }
  | { readonly kind: 'raw'; readonly id: number; readonly hdrincl: boolean; flags: number; opts: SockOpts }
  | { readonly kind: 'epoll'; readonly ep: EpollInstance; flags: number }
  | { readonly kind: 'unix'; readonly end: UnixEnd; flags: number; opts: SockOpts };

/** Socket options the table keeps itself (the protocol layers do not need them). */
export interface SockOpts {
  /** SO_DOMAIN: AF_INET or AF_INET6 (AF_UNIX for a socketpair end) */
  family: number;
  /** IPV6_V6ONLY: an AF_INET6 socket bound to `::` takes no IPv4 (net.ipv6.bindv6only = 0) */
  v6only: boolean;
  broadcast: boolean;
  reusePort: boolean;
  /** SO_RCVTIMEO / SO_SNDTIMEO in ns, 0 = block forever */
  rcvTimeo: number;
  sndTimeo: number;
  /** replaced whole by SO_LINGER, never changed in place (sockets share the default) */
  linger: Readonly<{ onoff: number; linger: number }>;
  /** options set and read back without effect on the simulation (SO_DEBUG, IP_TOS …); made by the first */
  plain: Map<string, number> | null;
  /** the program called bind() on it (a UDP server's socket; a client's is bound by its first send) */
  bound: boolean;
}

const NO_LINGER = Object.freeze({ onoff: 0, linger: 0 });

/** the options of a socket that has set none, one frozen object per family that such sockets share */
const UNSET = new Map<number, SockOpts>();

/** A new socket's options: the shared unset ones (a socket takes its own copy to change them: writableOpts). */
export function newSockOpts(family = 2): SockOpts {
  let opts = UNSET.get(family);
  if (opts === undefined) {
    opts = Object.freeze({ family, v6only: false, broadcast: false, reusePort: false, rcvTimeo: 0, sndTimeo: 0, linger: NO_LINGER, plain: null, bound: false });
    UNSET.set(family, opts);
  }
  return opts;
}

/**
 * The options of `f` to change: its own copy, made now when it still has the shared unset
 * ones (idle sockets keep those: about 100 bytes less each, issue 15). Frozen, the shared
 * ones make a write that skipped this throw rather than reach every socket.
 */
export function writableOpts(f: { opts: SockOpts }): SockOpts {
  if (UNSET.get(f.opts.family) === f.opts) f.opts = { ...f.opts };
  return f.opts;
}

/**
 * An accepted socket's options: sk_clone_lock() copies the listener's struct sock, so linger,
 * SO_RCVTIMEO/SO_SNDTIMEO and IPV6_V6ONLY carry over (SO_BROADCAST and SO_REUSEPORT too); the
 * file's own record (bound, kept-only options) starts afresh.
 */
export function acceptedOpts(listener: SockOpts): SockOpts {
  const fresh = newSockOpts(listener.family);
  const { v6only, broadcast, reusePort, rcvTimeo, sndTimeo, linger } = listener;
  if (!v6only && !broadcast && !reusePort && !rcvTimeo && !sndTimeo && linger === fresh.linger) return fresh;
  return { ...fresh, v6only, broadcast, reusePort, rcvTimeo, sndTimeo, linger };
}

/** RLIMIT_NOFILE's usual soft limit */
export const FD_LIMIT = 1024;

export class FdTable {
  private readonly files: (OpenFile | undefined)[] = [undefined, undefined, undefined];
  private free = 3;
  /**
   * While a thread runs (the scheduler sets it): every open file its calls look up, so that
   * the threads waiting on those files are checked again afterwards (src/sim/waiters.ts).
   */
  touched: object[] | null = null;
  /** open epoll instances: close() tells each to forget the fd, and needs no walk when there are none */
  epolls = 0;
  /** fds naming each file that dup() shared, while more than one does (a file never dup'd is not here) */
  private readonly shared = new Map<OpenFile, number>();

  /** The lowest free fd ≥ 3 for `file`, or -1 when the limit is reached. */
  add(file: OpenFile): number {
    let fd = this.free;
    while (fd < this.files.length && this.files[fd] !== undefined) fd++;
    if (fd >= FD_LIMIT) return -1;
    this.files[fd] = file;
    this.free = fd + 1;
    if (file.kind === 'epoll') this.epolls++;
    this.touched?.push(file);
    return fd;
  }

  /** dup(2): the lowest free fd ≥ 3 for the file `fd` names, or -1 when the limit is reached */
  dup(fd: number): number {
    const f = this.get(fd);
    if (!f) return -1;
    const nfd = this.add(f);
    if (nfd >= 0) this.shared.set(f, (this.shared.get(f) ?? 1) + 1);
    return nfd;
  }

  /** dup2(2) onto a free `nfd` (below the limit): false when `fd` is not open or `nfd` is taken */
  dupTo(fd: number, nfd: number): boolean {
    const f = this.get(fd);
    if (!f || nfd < 3 || nfd >= FD_LIMIT || this.files[nfd] !== undefined) return false;
    while (this.files.length < nfd) this.files.push(undefined);
    this.files[nfd] = f;
    if (f.kind === 'epoll') this.epolls++;
    this.shared.set(f, (this.shared.get(f) ?? 1) + 1);
    return true;
  }

  /** After remove(): true when that fd was the file's last, so the description closes. */
  lastReference(f: OpenFile): boolean {
    const refs = this.shared.get(f);
    if (refs === undefined) return true;
    if (refs > 2) this.shared.set(f, refs - 1);
    else this.shared.delete(f);
    return false;
  }

  /** one past the highest fd slot the table has had (for a walk over get(3 … end-1)) */
  get end(): number {
    return this.files.length;
  }

  get(fd: number): OpenFile | undefined {
    const f = fd >= 0 ? this.files[fd] : undefined;
    // a loop's calls look up the same file again and again: listed once in a row
    if (f && this.touched && this.touched[this.touched.length - 1] !== f) this.touched.push(f);
    return f;
  }

  remove(fd: number): OpenFile | undefined {
    const f = this.get(fd);
    if (!f) return undefined;
    this.files[fd] = undefined;
    if (fd < this.free) this.free = fd;
    if (f.kind === 'epoll') this.epolls--;
    return f;
  }

  /** every open fd with its file, in fd order */
  *entries(): IterableIterator<[number, OpenFile]> {
    for (let fd = 3; fd < this.files.length; fd++) {
      const f = this.files[fd];
      if (f) yield [fd, f];
    }
  }
}
