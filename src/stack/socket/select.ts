/**
 * Python's `select.select` and `selectors.DefaultSelector` (an EpollSelector on Linux) over
 * the thread's system calls, as CPython builds them: select.select() on select(2), the
 * selector on epoll_create1 / epoll_ctl / epoll_wait with the fd as epoll data.
 */
import type { Syscalls } from '../syscall/api.ts';
import { EPOLLIN, EPOLLOUT, EPOLL_CTL_ADD, EPOLL_CTL_DEL, EPOLL_CTL_MOD, POLLERR, POLLHUP } from '../abi/linux.ts';
import { osError } from './errors.ts';

/** anything with fileno(): a PySocket, or a plain fd */
export type FileLike = { fileno(): number } | number;

const fdOf = (f: FileLike): number => (typeof f === 'number' ? f : f.fileno());

/** selectors.EVENT_READ / EVENT_WRITE */
export const EVENT_READ = 1;
export const EVENT_WRITE = 2;

/** select.select(rlist, wlist, xlist, timeout=None): the ready sublists, in the order given (select(2)) */
export async function select<T extends FileLike>(sys: Syscalls, rlist: readonly T[], wlist: readonly T[], xlist: readonly T[], timeout: number | null = null): Promise<[T[], T[], T[]]> {
  if (timeout !== null && timeout < 0) throw new RangeError('timeout must be non-negative');
  sys.annotate('select()');
  let r;
  try {
    r = await sys.select(rlist.map(fdOf), wlist.map(fdOf), xlist.map(fdOf), timeout === null ? -1 : timeout * 1000);
  } finally {
    sys.annotate(null);
  }
  if (typeof r === 'number') throw osError(r);
  const [rr, ww, xx] = r.map((l) => new Set(l));
  return [rlist.filter((f) => rr!.has(fdOf(f))), wlist.filter((f) => ww!.has(fdOf(f))), xlist.filter((f) => xx!.has(fdOf(f)))];
}

export interface SelectorKey<D> {
  readonly fileobj: FileLike;
  readonly fd: number;
  readonly events: number;
  readonly data: D;
}

/** selectors.DefaultSelector(): register / modify / unregister / select / close */
export class EpollSelector<D = unknown> {
  private readonly epfd: number;
  private readonly keys = new Map<number, SelectorKey<D>>();

  constructor(private readonly sys: Syscalls) {
    const fd = sys.epoll_create1(0);
    if (fd < 0) throw osError(fd);
    this.epfd = fd;
  }

  private static mask(events: number): number {
    return (events & EVENT_READ ? EPOLLIN : 0) | (events & EVENT_WRITE ? EPOLLOUT : 0);
  }

  register(fileobj: FileLike, events: number, data: D): SelectorKey<D> {
    const fd = fdOf(fileobj);
    if (this.keys.has(fd)) throw new Error(`KeyError: ${fd} is already registered`);
    const r = this.sys.epoll_ctl(this.epfd, EPOLL_CTL_ADD, fd, { events: EpollSelector.mask(events), data: fd });
    if (r < 0) throw osError(r);
    const key = { fileobj, fd, events, data };
    this.keys.set(fd, key);
    return key;
  }

  modify(fileobj: FileLike, events: number, data: D): SelectorKey<D> {
    const fd = fdOf(fileobj);
    if (!this.keys.has(fd)) throw new Error(`KeyError: ${fd} is not registered`);
    const r = this.sys.epoll_ctl(this.epfd, EPOLL_CTL_MOD, fd, { events: EpollSelector.mask(events), data: fd });
    if (r < 0) throw osError(r);
    const key = { fileobj, fd, events, data };
    this.keys.set(fd, key);
    return key;
  }

  unregister(fileobj: FileLike): SelectorKey<D> {
    const fd = fdOf(fileobj);
    const key = this.keys.get(fd);
    if (!key) throw new Error(`KeyError: ${fd} is not registered`);
    this.keys.delete(fd);
    this.sys.epoll_ctl(this.epfd, EPOLL_CTL_DEL, fd, null); // the fd may be closed already: ignored, as CPython does
    return key;
  }

  /** select(timeout=None): [(key, events)] with EVENT_READ/EVENT_WRITE bits */
  async select(timeout: number | null = null): Promise<[SelectorKey<D>, number][]> {
    const ms = timeout === null ? -1 : Math.max(0, Math.ceil(timeout * 1000));
    const max = Math.max(1, this.keys.size);
    this.sys.annotate('selector.select()');
    let r;
    try {
      r = await this.sys.epoll_wait(this.epfd, max, ms);
    } finally {
      this.sys.annotate(null);
    }
    if (typeof r === 'number') throw osError(r);
    const out: [SelectorKey<D>, number][] = [];
    for (const ev of r) {
      const key = this.keys.get(ev.data);
      if (!key) continue;
      const bits = (ev.events & ~EPOLLOUT ? EVENT_READ : 0) | (ev.events & (EPOLLOUT | POLLERR | POLLHUP) && key.events & EVENT_WRITE ? EVENT_WRITE : 0);
      out.push([key, bits & key.events]);
    }
    return out;
  }

  get_map(): ReadonlyMap<number, SelectorKey<D>> {
    return this.keys;
  }

  close(): void {
    this.sys.close(this.epfd);
    this.keys.clear();
  }
}
