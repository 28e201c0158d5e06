/**
 * Whether a program in the background only waits for clients, so the run need not wait for it.
 * `labwire run --py` starts programs this way (ProgramSpec.background): a server needs no
 * trailing '&', an asyncio server and its client may start together on one machine, and a
 * client that starts before another is still waited for — it is never stopped half-way.
 *
 * A program waits for clients when it has started, every thread has ended or is blocked, and
 * at least one thread is blocked in a call whose files can only be woken from outside by a new
 * client: listening TCP sockets and unconnected UDP sockets waited on for input (accept,
 * recvfrom, or select, poll and epoll over them; an AF_UNIX socketpair among them is asyncio's self-pipe, woken only by
 * the program itself). Its other threads may wait in join() or on a lock meanwhile (a
 * thread-per-client server's main thread). A sleep, a recv on a connection or a connect keeps
 * the program running. With 'idle', a thread that polls without blocking (the system-call layer
 * moved its clock on, `[busy-waiting]`) counts as waiting too: the course's HTTP server that
 * loops on `recv` of a closed socket after its last client.
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
  if (call.what.endsWith(BUSY_WAIT_MARK)) return background === 'idle' ? 'client' : 'other';
  if (!call.fds.length) return call.deadline === null ? 'self' : 'other'; // join or a lock; a sleep
  return filesWait(proc, call.fds.map((fd, i) => [fd, call.events[i] ?? POLLIN] as const), kernel, 0);
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
      return (events & POLLOUT) === 0 && kernel.udp.peerName(f.id) === undefined ? 'client' : 'other';
    case 'unix':
      return 'self';
    case 'epoll':
      return depth > 2 ? 'other' : filesWait(proc, [...f.ep.interests.values()].map((i) => [i.fd, i.events] as const), kernel, depth + 1);
    default:
      return 'other';
  }
}
