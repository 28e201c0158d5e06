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

/** A parked (or lately parked) thread, found through its keys. */
interface Waiter {
  readonly t: SimThread;
  /** creation rank: the lower is woken first */
  readonly rank: number;
  keys: WaitKeys;
  /** in the dirty list: touched since its last check */
  dirty: boolean;
}

/**
 * A key's waiters: the one waiter itself (an idle connection's usual case, no array of its
 * own, issue 15) or, when several share the key, their list in the order they came.
 */
type Waiters = Waiter | Waiter[];

function addTo<K>(m: Map<K, Waiters>, k: K, w: Waiter): void {
  const held = m.get(k);
  if (held === undefined) m.set(k, w);
  else if (Array.isArray(held)) held.push(w);
  else m.set(k, [held, w]);
}

function removeFrom<K>(m: Map<K, Waiters>, k: K, w: Waiter): void {
  const held = m.get(k);
  if (held === w) m.delete(k);
  else if (Array.isArray(held)) {
    const i = held.indexOf(w);
    if (i >= 0) held.splice(i, 1);
    if (held.length === 0) m.delete(k);
  }
}

/**
 * One host's parked-on-fd threads. Plain arrays and a flag per waiter: an event touches and
 * checks its few waiters without Set or iterator garbage.
 */
export class HostWaiters {
  private readonly of = new Map<SimThread, Waiter>();
  private readonly byFile = new Map<object, Waiters>();
  private readonly byPort = new Map<number, Waiters>();
  private readonly byTuple = new Map<number, Waiters>();
  private readonly always: Waiter[] = [];
  /** touched since their last check: the first `dirtyCount` (a count, not the array's length: no shrinking and regrowing per event) */
  private readonly dirty: (Waiter | undefined)[] = [];
  private dirtyCount = 0;

  constructor(private readonly rank: (t: SimThread) => number) {}

  add(t: SimThread, keys: WaitKeys): void {
    let w = this.of.get(t);
    if (w !== undefined && sameKeys(w.keys, keys)) {
      this.markDirty(w);
      return;
    }
    if (w === undefined) this.of.set(t, (w = { t, rank: this.rank(t), keys, dirty: false }));
    else this.unindex(w);
    w.keys = keys;
    for (let i = 0; i < keys.files.length; i++) addTo(this.byFile, keys.files[i]!, w);
    for (let i = 0; i < keys.ports.length; i++) addTo(this.byPort, keys.ports[i]!, w);
    for (let i = 0; i < keys.tuples.length; i++) addTo(this.byTuple, keys.tuples[i]!, w);
    if (keys.always) this.always.push(w);
    this.markDirty(w);
  }

  remove(t: SimThread): void {
    const w = this.of.get(t);
    if (!w) return;
    this.of.delete(t);
    this.unindex(w);
    if (w.dirty) {
      const d = this.dirty;
      const i = d.indexOf(w);
      d.copyWithin(i, i + 1, this.dirtyCount);
      d[--this.dirtyCount] = undefined;
      w.dirty = false;
    }
  }

  private unindex(w: Waiter): void {
    const keys = w.keys;
    for (let i = 0; i < keys.files.length; i++) removeFrom(this.byFile, keys.files[i]!, w);
    for (let i = 0; i < keys.ports.length; i++) removeFrom(this.byPort, keys.ports[i]!, w);
    for (let i = 0; i < keys.tuples.length; i++) removeFrom(this.byTuple, keys.tuples[i]!, w);
    if (keys.always) this.always.splice(this.always.indexOf(w), 1);
  }

  touch(what: Touch): void {
    if (what === 'all') {
      for (const w of this.of.values()) this.markDirty(w);
    } else if (Array.isArray(what)) {
      for (let i = 0; i < what.length; i++) this.mark(this.byFile.get(what[i] as object));
    } else {
      const seg = what as { port: number; tuple: number };
      this.mark(this.byPort.get(seg.port));
      this.mark(this.byTuple.get(seg.tuple));
    }
  }

  private mark(held: Waiters | undefined): void {
    if (held === undefined) return;
    if (Array.isArray(held)) for (let i = 0; i < held.length; i++) this.markDirty(held[i]!);
    else this.markDirty(held);
  }

  private markDirty(w: Waiter): void {
    if (w.dirty) return;
    w.dirty = true;
    this.dirty[this.dirtyCount++] = w;
  }

  /** The ready waiter of lowest rank among those touched (and the always-checked), or undefined. */
  firstReady(ready: (t: SimThread) => boolean): SimThread | undefined {
    let best: Waiter | undefined;
    const d = this.dirty;
    const n = this.dirtyCount;
    let kept = 0;
    for (let i = 0; i < n; i++) {
      const w = d[i]!;
      if (!ready(w.t)) {
        w.dirty = false; // not ready, and cannot become so until touched again
        continue;
      }
      d[kept++] = w;
      if (best === undefined || w.rank < best.rank) best = w;
    }
    for (let i = kept; i < n; i++) d[i] = undefined; // the slots let go of what they held
    this.dirtyCount = kept;
    for (let i = 0; i < this.always.length; i++) {
      const w = this.always[i]!;
      if ((best === undefined || w.rank < best.rank) && ready(w.t)) best = w;
    }
    return best?.t;
  }
}
