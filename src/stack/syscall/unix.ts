/**
 * AF_UNIX stream socketpair(2): two connected ends with a byte queue each way, as asyncio's
 * event loop uses for its self-pipe. Nothing reaches a wire; a write wakes the other end.
 * Capacity follows net.core.wmem_default (212992), the usual limit of a unix stream peer.
 */
import { EAGAIN, EPIPE } from '../abi/errno.ts';
import { POLLHUP, POLLIN, POLLOUT, POLLRDHUP } from '../abi/linux.ts';

const UNIX_CAPACITY = 212992;

export interface UnixEnd {
  /** bytes written to this end by the peer, not yet read */
  readonly inbox: Uint8Array[];
  inboxBytes: number;
  /** bytes ever written to this end (epoll's edge-triggered wakeups count arrivals) */
  arrived: number;
  peer: UnixEnd | null;
  /** no more reads (SHUT_RD) / the peer will write no more (its SHUT_WR or close) */
  rdShut: boolean;
  wrShut: boolean;
}

function newEnd(): UnixEnd {
  return { inbox: [], inboxBytes: 0, arrived: 0, peer: null, rdShut: false, wrShut: false };
}

export function unixPair(): [UnixEnd, UnixEnd] {
  const a = newEnd();
  const b = newEnd();
  a.peer = b;
  b.peer = a;
  return [a, b];
}

export function unixWrite(end: UnixEnd, data: Uint8Array): number {
  const p = end.peer;
  if (!p || end.wrShut || p.rdShut) return -EPIPE;
  const room = UNIX_CAPACITY - p.inboxBytes;
  if (room <= 0) return -EAGAIN;
  const n = Math.min(room, data.length);
  if (n > 0) p.inbox.push(data.slice(0, n));
  p.inboxBytes += n;
  p.arrived += n;
  return n;
}

export function unixRead(end: UnixEnd, n: number, peek: boolean): Uint8Array | number {
  if (end.inboxBytes === 0) return end.rdShut || !end.peer || end.peer.wrShut ? new Uint8Array(0) : -EAGAIN;
  const k = Math.min(n, end.inboxBytes);
  const out = new Uint8Array(k);
  let done = 0;
  let i = 0;
  while (done < k) {
    const c = end.inbox[i]!;
    const take = Math.min(k - done, c.length);
    out.set(c.subarray(0, take), done);
    done += take;
    if (!peek) {
      if (take === c.length) end.inbox.shift();
      else end.inbox[0] = c.subarray(take);
    } else i++;
  }
  if (!peek) end.inboxBytes -= k;
  return out;
}

export function unixPoll(end: UnixEnd): number {
  const p = end.peer;
  let mask = 0;
  const eof = !p || p.wrShut;
  if (end.inboxBytes > 0 || eof || end.rdShut) mask |= POLLIN;
  if (eof) mask |= POLLRDHUP;
  if (!p) mask |= POLLHUP;
  else if (!end.wrShut && p.inboxBytes < UNIX_CAPACITY) mask |= POLLOUT;
  return mask;
}

export function unixShutdown(end: UnixEnd, how: number): void {
  if (how === 0 || how === 2) end.rdShut = true;
  if (how === 1 || how === 2) end.wrShut = true;
}

export function unixClose(end: UnixEnd): void {
  end.wrShut = true;
  end.rdShut = true;
  if (end.peer) end.peer.peer = null;
  end.peer = null;
}
