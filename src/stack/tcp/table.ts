/**
 * The host's TCP lookup tables (Linux's tcp_hashinfo): connections by 4-tuple, listeners by
 * port, and every socket holding a port (the bind table, for conflicts and ephemeral ports).
 */
import { addrsOverlap, coversAddr, type InetAddr } from '../wire/inet-addr.ts';
import type { Sock } from './sock.ts';
import { PairMap } from '../pair-map.ts';

/**
 * The 4-tuple as one flat string of eight 16-bit units (an address takes three: it may pass
 * 2^32, inet-addr.ts), not a template string: that was a tree of cons strings and number
 * strings, about 250 bytes per connection kept for as long as it is hashed.
 */
export function tupleKey(localAddr: InetAddr, localPort: number, remoteAddr: InetAddr, remotePort: number): string {
  return String.fromCharCode(
    Math.floor(remoteAddr / 0x100000000), remoteAddr >>> 16 & 0xffff, remoteAddr & 0xffff, remotePort,
    Math.floor(localAddr / 0x100000000), localAddr >>> 16 & 0xffff, localAddr & 0xffff, localPort,
  );
}

/** An address and port as one exact number (48 bits): half of a 4-tuple, for the numeric index. */
function endKey(addr: InetAddr, port: number): number {
  return addr * 65536 + port;
}

export class SocketTable {
  /** hashed connections in hashing order (what `all()` and `ss` list) */
  private readonly established = new Map<string, Sock>();
  /** the same by remote end, then local end: a segment's lookup builds no string */
  private readonly byRemote = new PairMap<Sock>();
  private readonly listeners = new Map<number, Sock[]>();
  /** a port's one socket, or its set when several share it (a Set per client port cost ~180 bytes a connection) */
  private readonly ports = new Map<number, Sock | Set<Sock>>();
  /** the last socket found: a bulk transfer hits the same one again and again */
  private last: Sock | undefined;

  /** The connection for a segment from remote to local, if any. */
  lookup(localAddr: InetAddr, localPort: number, remoteAddr: InetAddr, remotePort: number): Sock | undefined {
    const l = this.last;
    if (l !== undefined && l.remotePort === remotePort && l.localPort === localPort && l.remoteAddr === remoteAddr && l.localAddr === localAddr) return l;
    const s = this.byRemote.get(endKey(remoteAddr, remotePort), endKey(localAddr, localPort));
    if (s) this.last = s;
    return s;
  }

  has(localAddr: InetAddr, localPort: number, remoteAddr: InetAddr, remotePort: number): boolean {
    return this.byRemote.has(endKey(remoteAddr, remotePort), endKey(localAddr, localPort));
  }

  hash(s: Sock): void {
    s.key = tupleKey(s.localAddr, s.localPort, s.remoteAddr, s.remotePort);
    this.established.set(s.key, s);
    this.byRemote.set(endKey(s.remoteAddr, s.remotePort), endKey(s.localAddr, s.localPort), s);
  }

  unhash(s: Sock): void {
    if (s.key !== undefined && this.established.get(s.key) === s) {
      this.established.delete(s.key);
      // the ends cannot change while hashed (bind and connect come first)
      const remote = endKey(s.remoteAddr, s.remotePort);
      const local = endKey(s.localAddr, s.localPort);
      if (this.byRemote.get(remote, local) === s) this.byRemote.delete(remote, local);
    }
    s.key = undefined;
    if (this.last === s) this.last = undefined;
  }

  /** every hashed connection (children not yet accepted and orphans included) */
  all(): IterableIterator<Sock> {
    return this.established.values();
  }

  addListener(s: Sock): void {
    const list = this.listeners.get(s.localPort) ?? [];
    list.push(s);
    this.listeners.set(s.localPort, list);
  }

  removeListener(s: Sock): void {
    const list = this.listeners.get(s.localPort);
    if (!list) return;
    const i = list.indexOf(s);
    if (i >= 0) list.splice(i, 1);
    if (list.length === 0) this.listeners.delete(s.localPort);
  }

  /**
   * A listener on this port and address: the exact address first, then INADDR_ANY, then a
   * dual-stack `::` (inet_lhash2_lookup's compute_score: an exact match and an AF_INET
   * socket score higher).
   */
  findListener(addr: InetAddr, port: number): Sock | undefined {
    const list = this.listeners.get(port);
    if (!list) return undefined;
    return list.find((l) => l.localAddr === addr) ?? list.find((l) => l.localAddr === 0 && coversAddr(0, addr)) ?? list.find((l) => coversAddr(l.localAddr, addr));
  }

  /** Would listening on s's port and address collide with another listener? */
  listenConflict(s: Sock): boolean {
    for (const o of this.listeners.get(s.localPort) ?? []) {
      if (addrsOverlap(o.localAddr, s.localAddr)) return true;
    }
    return false;
  }

  addPort(s: Sock): void {
    const held = this.ports.get(s.localPort);
    if (held === undefined) this.ports.set(s.localPort, s);
    else if (held instanceof Set) held.add(s);
    else if (held !== s) this.ports.set(s.localPort, new Set([held, s]));
  }

  releasePort(s: Sock): void {
    const held = this.ports.get(s.localPort);
    if (held === s) this.ports.delete(s.localPort);
    else if (held instanceof Set) {
      held.delete(s);
      if (held.size === 0) this.ports.delete(s.localPort);
    }
  }

  portUsed(port: number): boolean {
    return this.ports.has(port);
  }

  /** inet_csk_bind_conflict(): same port, overlapping address, unless both allow reuse and the other is not listening. */
  bindConflict(s: Sock, addr: InetAddr, port: number): boolean {
    const held = this.ports.get(port);
    if (held === undefined) return false;
    for (const o of held instanceof Set ? held : [held]) {
      if (o === s) continue;
      if (!addrsOverlap(o.localAddr, addr)) continue;
      if (s.reuseAddr && o.reuseAddr && o.kind !== 'listen') continue;
      return true;
    }
    return false;
  }
}
