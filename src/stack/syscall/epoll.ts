/**
 * epoll(7) instances: an interest list of (fd, events, data) and epoll_wait's readiness.
 * Level-triggered entries report while the fd is ready. Edge-triggered (EPOLLET) entries
 * report when readiness rises: a bit that was clear when last reported, or a new arrival on
 * the socket since then (the socket's wake count moved, as Linux's wait-queue callback
 * fires on every arrival). EPOLLONESHOT disables an entry after it reports, until
 * EPOLL_CTL_MOD re-arms it. Entries are reported in the order they were added (Linux's
 * ready list order for fds that became ready in that order).
 */
import { EBADF, EEXIST, EINVAL, ENOENT } from '../abi/errno.ts';
import { EPOLLERR, EPOLLET, EPOLLHUP, EPOLLONESHOT, EPOLL_CTL_ADD, EPOLL_CTL_DEL, EPOLL_CTL_MOD } from '../abi/linux.ts';
import type { EpollEvent } from './api.ts';

interface Interest {
  readonly fd: number;
  events: number;
  data: number;
  /** what was ready when last reported (edge-triggered), and the wake count then */
  lastMask: number;
  lastWakes: number;
  disabled: boolean;
}

export interface EpollInstance {
  readonly interests: Map<number, Interest>;
}

export function newEpoll(): EpollInstance {
  return { interests: new Map() };
}

export function epollCtl(ep: EpollInstance, op: number, fd: number, ev: EpollEvent | null): number {
  const cur = ep.interests.get(fd);
  switch (op) {
    case EPOLL_CTL_ADD:
      if (cur) return -EEXIST;
      if (!ev) return -EINVAL;
      ep.interests.set(fd, { fd, events: ev.events >>> 0, data: ev.data, lastMask: 0, lastWakes: -1, disabled: false });
      return 0;
    case EPOLL_CTL_MOD:
      if (!cur) return -ENOENT;
      if (!ev) return -EINVAL;
      cur.events = ev.events >>> 0;
      cur.data = ev.data;
      cur.disabled = false;
      cur.lastMask = 0;
      cur.lastWakes = -1;
      return 0;
    case EPOLL_CTL_DEL:
      if (!cur) return -ENOENT;
      ep.interests.delete(fd);
      return 0;
    default:
      return -EINVAL;
  }
}

/** Forget a closed fd (Linux drops it from every epoll set when its last reference closes). */
export function epollForget(ep: EpollInstance, fd: number): void {
  ep.interests.delete(fd);
}

/**
 * The events ready now, at most `max`; `consume` marks them reported (epoll_wait) rather than
 * only looking (poll on the epoll fd). `mask(fd)` is the fd's poll mask, `wakes(fd)` its
 * arrival count; a closed fd gives -EBADF from mask and is dropped.
 */
export function epollReady(ep: EpollInstance, max: number, mask: (fd: number) => number, wakes: (fd: number) => number, consume: boolean): EpollEvent[] {
  const out: EpollEvent[] = [];
  for (const it of ep.interests.values()) {
    if (out.length >= max) break;
    if (it.disabled) continue;
    const m = mask(it.fd);
    if (m === -EBADF) {
      ep.interests.delete(it.fd);
      continue;
    }
    const ready = m & (it.events | EPOLLERR | EPOLLHUP);
    if (!ready) {
      if (it.events & EPOLLET) it.lastMask = 0;
      continue;
    }
    if (it.events & EPOLLET) {
      const w = wakes(it.fd);
      const rose = (ready & ~it.lastMask) !== 0 || w !== it.lastWakes;
      if (!rose) continue;
      if (consume) {
        it.lastMask = ready;
        it.lastWakes = w;
      }
    }
    if (consume && it.events & EPOLLONESHOT) it.disabled = true;
    out.push({ events: ready, data: it.data });
  }
  return out;
}
