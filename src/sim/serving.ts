/**
 * Whether a program in the background only waits for clients, so the run need not wait for it.
 * `labwire run --py` starts programs this way (ProgramSpec.background): a server needs no
 * trailing '&', an asyncio server and its client may start together on one machine, and a
 * client that starts before another is still waited for — it is never stopped half-way.
 *
 * A program waits for clients when it has started, every thread has ended or is blocked, and
 * at least one thread is blocked, waiting for input, on files only a new client can wake:
 * listening TCP sockets, and UDP sockets the program bound itself with no peer (a client's
 * socket is bound by its first sendto and waits for a reply) — in accept, recvfrom, or select,
 * poll and epoll over them; an AF_UNIX socketpair among them is asyncio's self-pipe, woken only
 * by the program itself. Its other threads may wait in join() or on a lock meanwhile (a
 * thread-per-client server's main thread). A sleep, a recv on a connection or a connect keeps
 * the program running. A thread that polls without blocking (the system-call layer moved its
 * clock on, `[busy-waiting]`) counts as waiting too when its program listens — the course's
 * HTTP server that loops on `recv` of a closed socket after its last client — or, with 'idle',
 * always.
 */
import type { Kernel } from '../stack/kernel/kernel.ts';
import type { OpenFile } from '../stack/syscall/fds.ts';
import { POLLIN, POLLOUT } from '../stack/abi/linux.ts';
import type { SimProcess, SimThread } from './process.ts';

export type Background = 'serving' | 'idle';

/** how a blocked call's wait reads when the thread busy-waits (threads.ts parks it so) */
export const BUSY_WAIT_MARK = ' [busy-waiting]';

type FileWait = 'client' | 'self' | 'other';

export function waitsOnlyForClients(proc: SimProcess, kernel: Kernel, background: Background): boolean {
  if (proc.state === 'pending') return false;
  let serving = false;
  for (const t of proc.threads) {
    const w = threadWait(proc, t, kernel, background);
    if (w === 'other') return false;
    if (w === 'client') serving = true;
  }
  return serving;
}

function threadWait(proc: SimProcess, t: SimThread, kernel: Kernel, background: Background): FileWait {
  if (t.state === 'done' || t.state === 'failed') return 'self';
  const call = t.blocked;
  if (t.state !== 'blocked' || !call) return 'other';
  // polling without blocking: a server's loop (it listens) waits for clients; a program that
  // only reads the clock may be waiting for a time, so it keeps the run going unless 'idle'
  if (call.what.endsWith(BUSY_WAIT_MARK)) return background === 'idle' || listens(proc, kernel) ? 'client' : 'other';
  if (!call.fds.length) return call.deadline === null ? 'self' : 'other'; // join or a lock; a sleep
  return filesWait(proc, call.fds.map((fd, i) => [fd, call.events[i] ?? POLLIN] as const), kernel, 0);
}

/** whether the program holds a bound TCP socket with no peer: a listening one */
function listens(proc: SimProcess, kernel: Kernel): boolean {
  for (let fd = 3; fd < proc.table.fds.end; fd++) {
    const f = proc.table.fds.get(fd);
    if (f?.kind === 'tcp' && kernel.tcp.peerName(f.id) === undefined && (kernel.tcp.localName(f.id)?.[1] ?? 0) !== 0) return true;
  }
  return false;
}

function filesWait(proc: SimProcess, waits: Iterable<readonly [number, number]>, kernel: Kernel, depth: number): FileWait {
  let any: FileWait = 'self';
  for (const [fd, events] of waits) {
    const f = proc.table.fds.get(fd);
    const w = f ? fileWait(proc, f, events, kernel, depth) : 'other';
    if (w === 'other') return 'other';
    if (w === 'client') any = 'client';
  }
  return any;
}

/**
 * A socket only a client can wake: no peer and waited on for input (a connect in progress has
 * no peer either, but waits to become writable).
 */
function fileWait(proc: SimProcess, f: OpenFile, events: number, kernel: Kernel, depth: number): FileWait {
  switch (f.kind) {
    case 'tcp':
      return (events & POLLOUT) === 0 && kernel.tcp.peerName(f.id) === undefined ? 'client' : 'other';
    case 'udp':
      // a server bound its port; a client's socket (bound by its sendto) waits for a reply
      return (events & POLLOUT) === 0 && f.opts.bound && kernel.udp.peerName(f.id) === undefined ? 'client' : 'other';
    case 'unix':
      return 'self';
    case 'epoll':
      return depth > 2 ? 'other' : filesWait(proc, [...f.ep.interests.values()].map((i) => [i.fd, i.events] as const), kernel, depth + 1);
    default:
      return 'other';
  }
}
