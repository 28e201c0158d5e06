/**
 * What the bridge tells the child ahead, and the replay of the calls the child answered with
 * it (python/_labwire/ahead.py). While a Python thread runs the world stands still, so between
 * two requests a recv on a stream is answered by the receive queue as it is now, and a send on
 * a TCP socket with room for it takes every byte. The child serves those calls itself and logs
 * them; before the next frame is served the log is replayed here in order, at the same
 * instant, through the same system calls, so the kernel sees every read and write (and sends
 * every ACK, window update and segment) exactly as with one request per call. A replayed call
 * whose outcome differs from the child's answer is a bridge bug and fails loudly.
 */
import type { Received, Syscalls } from '../stack/syscall/api.ts';
import { AF_INET, IPPROTO_TCP, MSG_DONTWAIT, MSG_PEEK, SIOCOUTQ, SOCK_STREAM, SOL_SOCKET, SO_DOMAIN, SO_SNDBUF, SO_TYPE, TCP_INFO, TCP_NOTSENT_LOWAT, POLLERR } from '../stack/abi/linux.ts';
import { reprBytes } from '../stack/socket/repr.ts';
import { result, type Reply } from './reply.ts';

/** the largest copy of a receive queue sent ahead with a recv reply */
export const READ_AHEAD_BYTES = 256 * 1024;

/** a logged call: [0, fd, n, times] recv; [1, fd, flags, length] sendall; [2, fd, flags, length] send */
export type LoggedCall = readonly [number, number, number, number];
const RECV = 0;
const SENDALL = 1;

/** tcpi_state values in which tcp_sendmsg queues data (include/net/tcp_states.h: ESTABLISHED, CLOSE_WAIT) */
const SENDING_STATES: ReadonlySet<number> = new Set([1, 8]);

/**
 * A recv that got data: send the rest of the stream's receive queue along (MSG_PEEK), so the
 * child serves the next recvs itself.
 */
export async function readAhead(sys: Syscalls, fd: number, got: Uint8Array): Promise<Reply> {
  if (sys.getsockopt(fd, SOL_SOCKET, SO_TYPE) !== SOCK_STREAM) return result(null, got);
  const peek = await sys.recvfrom(fd, READ_AHEAD_BYTES, MSG_PEEK | MSG_DONTWAIT);
  if (typeof peek === 'number' || !peek.data.length) return result(null, got);
  const both = new Uint8Array(got.length + peek.data.length);
  both.set(got);
  both.set(peek.data, got.length);
  return result([got.length, peek.data.length < READ_AHEAD_BYTES], both);
}

/**
 * Bytes a send on `fd` may queue now without waiting, 0 when unknown: a connected TCP socket
 * with no pending error and no TCP_NOTSENT_LOWAT takes every byte while its send queue stays
 * within sk_sndbuf (tcp_sendmsg_locked: sk_stream_memory_free, SIOCOUTQ against SO_SNDBUF).
 */
export function sendRoom(sys: Syscalls, fd: number): number {
  if (sys.getsockopt(fd, SOL_SOCKET, SO_DOMAIN) !== AF_INET || sys.getsockopt(fd, SOL_SOCKET, SO_TYPE) !== SOCK_STREAM) return 0;
  if (sys.pollMask(fd) & POLLERR || sys.getsockopt(fd, IPPROTO_TCP, TCP_NOTSENT_LOWAT) !== 0) return 0;
  const info = sys.getsockopt(fd, IPPROTO_TCP, TCP_INFO);
  if (typeof info !== 'object' || !('tcpi_state' in info) || !SENDING_STATES.has(info.tcpi_state)) return 0;
  const buf = sys.getsockopt(fd, SOL_SOCKET, SO_SNDBUF);
  const queued = sys.ioctl(fd, SIOCOUTQ);
  return typeof buf === 'number' && queued >= 0 ? Math.max(0, buf - queued) : 0;
}

function replayFailed(what: string, fd: number, got: string): never {
  throw new Error(`labwire bridge: replaying ${what} on fd ${fd} found ${got}`);
}

/**
 * The calls the child answered itself, in order, each named and traced as PySocket names and
 * traces it (the timeline's program lanes and the causes of the frames it sends); `data` holds
 * the logged sends' bytes first. Returns the rest of `data`. A call with MSG_DONTWAIT answers
 * at once, so nothing is awaited unless the system-call layer hands back a promise (a replay
 * of 2 MB read 16 bytes at a time is 131072 calls).
 */
export async function replayCalls(sys: Syscalls, log: readonly LoggedCall[], data: Uint8Array): Promise<Uint8Array> {
  let off = 0;
  for (const [kind, fd, a, b] of log) {
    if (kind === RECV) {
      const what = `recv(${a})`;
      for (let i = 0; i < b; i++) {
        const pending = replayRecv(sys, fd, a, what);
        if (pending) await pending;
      }
      continue;
    }
    const bytes = data.subarray(off, off + b);
    off += b;
    const pending = replaySend(sys, fd, bytes, a, kind === SENDALL);
    if (pending) await pending;
  }
  return off ? data.subarray(off) : data;
}

/** one recv(n): a promise only when the system-call layer gave one */
function replayRecv(sys: Syscalls, fd: number, n: number, what: string): Promise<void> | undefined {
  sys.annotate(what);
  const r = sys.recvfrom(fd, n, MSG_DONTWAIT);
  if (r instanceof Promise) return r.then((got) => recvDone(sys, fd, what, got));
  recvDone(sys, fd, what, r);
  return undefined;
}

function recvDone(sys: Syscalls, fd: number, what: string, got: Received | number): void {
  sys.annotate(null);
  if (typeof got === 'number' || !got.data.length) replayFailed(what, fd, typeof got === 'number' ? `errno ${-got}` : 'no data');
  sys.trace(what, sys.now(), () => reprBytes(got.data));
}

function replaySend(sys: Syscalls, fd: number, bytes: Uint8Array, flags: number, all: boolean): Promise<void> | undefined {
  const what = all ? `sendall(${bytes.length})` : `send(${bytes.length} bytes)`;
  sys.annotate(what);
  // the child queued all of it because it fit: a blocking send would not have waited either
  const r = sys.sendto(fd, bytes, flags | MSG_DONTWAIT, null);
  if (r instanceof Promise) return r.then((sent) => sendDone(sys, fd, what, bytes.length, all, sent));
  sendDone(sys, fd, what, bytes.length, all, r);
  return undefined;
}

function sendDone(sys: Syscalls, fd: number, what: string, length: number, all: boolean, sent: number): void {
  sys.annotate(null);
  if (sent !== length) replayFailed(what, fd, sent < 0 ? `errno ${-sent}` : `room for ${sent}`);
  sys.trace(what, sys.now(), all ? 'None' : String(sent));
}
