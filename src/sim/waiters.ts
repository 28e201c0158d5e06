/**
 * Which parked threads an event may have made ready. After every event the scheduler resumes,
 * in creation order, the threads whose fds became ready; checking every thread after every
 * event made the loop quadratic in the number of connections (45 % of the CPU at 1 000
 * clients). A socket's readiness changes only when something touches it:
 *  - a TCP segment arriving: only the connection of its 4-tuple, or the sockets bound to its
 *    destination port when not connected (listeners, SYN-SENT), see it (TCP demultiplexes so);
 *  - a system call on its open file (FdTable records the files a thread's calls look up);
 *  - a TCP timer: the socket that armed it, i.e. what the event that armed it touched;
 *  - anything else (ARP and neighbour timers, ICMP errors, UDP and its NAT, unix sockets, epoll):
 *    every socket of the host.
 * Each waiter is indexed by those keys, and only the waiters touched since their last check
 * are checked again; one that was checked and not ready cannot be until touched. Among the
 * ready ones the lowest creation rank wins, the same choice as a scan of every thread.
 * Keys may collide (a hash of the 4-tuple): a collision only checks a thread needlessly.
 *
 * A woken thread keeps its entries (`add` with the same keys again, the usual next wait of a
 * recv or send loop, then only marks it for a check; a thread that is not parked is never
 * ready, so a stale entry costs one check); its entries go when it waits on other keys or ends.
 */
import type { SimThread } from './process.ts';

/** how a waiter is found again */
export interface WaitKeys {
  readonly files: readonly object[];
  /** TCP local ports of its unconnected sockets (listeners, connecting) */
  readonly ports: readonly number[];
  /** tupleKey of its connected TCP sockets */
  readonly tuples: readonly number[];
  /** waits on something no key covers (unix, epoll, UDP, an unbound socket): checked every time */
  readonly always: boolean;
}

/**
 * What an event touched: a TCP segment (its destination port and tupleKey), open files (a
 * thread's calls), or everything on the host.
 */
export type Touch = { readonly port: number; readonly tuple: number } | readonly object[] | 'all';

/** A number for a connection seen from its host: local port, remote port, remote address (hashed). */
export function tupleKey(localPort: number, remotePort: number, remoteAddr: number): number {
  return (localPort * 65536 + remotePort) * 0x200000 + (remoteAddr & 0x1fffff);
}

/** What an Ethernet frame arriving at a host touches: an unfragmented IPv4 TCP segment its socket, anything else all. */
export function frameTouch(frame: Uint8Array): Touch {
  if (frame.length < 34 || frame[12] !== 0x08 || frame[13] !== 0x00) return 'all';
  const ihl = (frame[14]! & 0x0f) * 4;
  if (frame[23] !== 6 || ihl < 20 || ((frame[20]! & 0x3f) | frame[21]!) !== 0) return 'all';
  const at = 14 + ihl;
  if (at + 4 > frame.length) return 'all';
  const sport = (frame[at]! << 8) | frame[at + 1]!;
  const dport = (frame[at + 2]! << 8) | frame[at + 3]!;
  const src = ((frame[26]! << 24) | (frame[27]! << 16) | (frame[28]! << 8) | frame[29]!) >>> 0;
  return { port: dport, tuple: tupleKey(dport, sport, src) };
}

function sameList<T>(a: readonly T[], b: readonly T[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function sameKeys(a: WaitKeys, b: WaitKeys): boolean {
  return a.always === b.always && sameList(a.files, b.files) && sameList(a.ports, b.ports) && sameList(a.tuples, b.tuples);
}

function addTo(m: Map<unknown, Set<SimThread>>, k: unknown, t: SimThread): void {
  let s = m.get(k);
  if (!s) m.set(k, (s = new Set()));
  s.add(t);
}

function removeFrom(m: Map<unknown, Set<SimThread>>, k: unknown, t: SimThread): void {
  const s = m.get(k);
  if (!s) return;
  s.delete(t);
  if (s.size === 0) m.delete(k);
}

/** One host's parked-on-fd threads. */
export class HostWaiters {
  private readonly keysOf = new Map<SimThread, WaitKeys>();
  private readonly byFile = new Map<unknown, Set<SimThread>>();
  private readonly byPort = new Map<unknown, Set<SimThread>>();
  private readonly byTuple = new Map<unknown, Set<SimThread>>();
  private readonly always = new Set<SimThread>();
  /** touched since their last check */
  private readonly dirty = new Set<SimThread>();

  constructor(private readonly rank: (t: SimThread) => number) {}

  add(t: SimThread, keys: WaitKeys): void {
    const old = this.keysOf.get(t);
    if (old !== undefined && sameKeys(old, keys)) {
      this.dirty.add(t);
      return;
    }
    this.remove(t);
    this.keysOf.set(t, keys);
    for (const f of keys.files) addTo(this.byFile, f, t);
    for (const p of keys.ports) addTo(this.byPort, p, t);
    for (const p of keys.tuples) addTo(this.byTuple, p, t);
    if (keys.always) this.always.add(t);
    this.dirty.add(t);
  }

  remove(t: SimThread): void {
    const keys = this.keysOf.get(t);
    if (!keys) return;
    this.keysOf.delete(t);
    for (const f of keys.files) removeFrom(this.byFile, f, t);
    for (const p of keys.ports) removeFrom(this.byPort, p, t);
    for (const p of keys.tuples) removeFrom(this.byTuple, p, t);
    this.always.delete(t);
    this.dirty.delete(t);
  }

  touch(what: Touch): void {
    if (what === 'all') {
      for (const t of this.keysOf.keys()) this.dirty.add(t);
    } else if (Array.isArray(what)) {
      for (const f of what) this.mark(this.byFile.get(f));
    } else {
      const seg = what as { port: number; tuple: number };
      this.mark(this.byPort.get(seg.port));
      this.mark(this.byTuple.get(seg.tuple));
    }
  }

  private mark(s: Set<SimThread> | undefined): void {
    if (s) for (const t of s) this.dirty.add(t);
  }

  /** The ready waiter of lowest rank among those touched (and the always-checked), or undefined. */
  firstReady(ready: (t: SimThread) => boolean): SimThread | undefined {
    let best: SimThread | undefined;
    let bestRank = Infinity;
    for (const t of this.dirty) {
      if (!ready(t)) {
        this.dirty.delete(t);
        continue;
      }
      const r = this.rank(t);
      if (r < bestRank) [bestRank, best] = [r, t];
    }
    for (const t of this.always) {
      if (!ready(t)) continue;
      const r = this.rank(t);
      if (r < bestRank) [bestRank, best] = [r, t];
    }
    return best;
  }
}
