/**
 * The two programs of a chunking run, as non-blocking steps (actors pumped after every event).
 *
 * The writer is the lab's server side: it listens on port 10000, accepts, writes each
 * message with sendall() after its pause, then closes. The reader is the client: it
 * connects, then calls recv(n) with the drawn sizes and pauses until end of stream,
 * keeping every chunk it got. Both make the same system calls a blocking program makes
 * (through an fd table of their host) and retry after the next event when a call would
 * block, as a blocking socket does after poll.
 */
import { EAGAIN, EINPROGRESS } from '../stack/abi/errno.ts';
import {
  AF_INET, IPPROTO_TCP, POLLERR, POLLHUP, POLLIN, POLLOUT, SOCK_STREAM, SOL_SOCKET, SO_ERROR, SO_RCVBUF, SO_REUSEADDR,
  SO_SNDBUF, TCP_NODELAY,
} from '../stack/abi/linux.ts';
import type { SyscallTable } from '../stack/syscall/table.ts';
import type { Nanos } from '../stack/nanos.ts';
import { PORT, WRITER_ADDR, type Actor, type Pair } from './pair.ts';
import type { TcpParams } from './tcp-params.ts';

/** The i-th pause of a list, none after the list. */
function pauseAt(list: readonly Nanos[], i: number): Nanos {
  return i < list.length ? list[i]! : 0;
}

function check(r: number, what: string): number {
  if (r < 0 && r !== -EAGAIN && r !== -EINPROGRESS) throw new Error(`tcpChunkings: ${what} failed with errno ${-r}`);
  return r;
}

export class Writer implements Actor {
  private readonly sys: SyscallTable;
  private listener: number;
  private conn = -1;
  private index = 0;
  private offset = 0;
  private readyAt: Nanos = 0;
  /** the last send said EAGAIN: wait for POLLOUT as a blocking send does (sk_stream_wait_memory) */
  private waitingRoom = false;
  done = false;

  constructor(private readonly pair: Pair, private readonly writes: readonly Uint8Array[], private readonly p: TcpParams) {
    const sys = (this.sys = pair.table('writer'));
    this.listener = check(sys.socket(AF_INET, SOCK_STREAM, 0), 'socket');
    sys.setsockopt(this.listener, SOL_SOCKET, SO_REUSEADDR, 1);
    if (p.sndBuf !== null) sys.setsockopt(this.listener, SOL_SOCKET, SO_SNDBUF, p.sndBuf);
    if (!p.nagle) sys.setsockopt(this.listener, IPPROTO_TCP, TCP_NODELAY, 1);
    check(sys.bind(this.listener, { family: AF_INET, addr: 0, port: PORT }), 'bind');
    check(sys.listen(this.listener, 1), 'listen');
  }

  private pause(now: Nanos): void {
    const d = pauseAt(this.p.writePauses, this.index);
    this.readyAt = now + d;
    if (d > 0) this.pair.wakeAt(this.readyAt);
  }

  pump(now: Nanos): void {
    if (this.done) return;
    const sys = this.sys;
    if (this.conn < 0) {
      if ((sys.pollMask(this.listener) & POLLIN) === 0) return;
      const r = sys.accept4(this.listener, 0);
      if (typeof r === 'number') {
        check(r, 'accept');
        return;
      }
      this.conn = r.fd;
      sys.close(this.listener);
      this.pause(now);
    }
    while (this.index < this.writes.length) {
      if (now < this.readyAt) return;
      const w = this.writes[this.index]!;
      while (this.offset < w.length) {
        // a blocking send copies what fits, and when nothing does sleeps until the socket is
        // writeable again (tcp_sendmsg → sk_stream_wait_memory → sk_stream_is_writeable)
        if (this.waitingRoom && (sys.pollMask(this.conn) & (POLLOUT | POLLERR)) === 0) return;
        const r = check(sys.sendto(this.conn, w.subarray(this.offset), 0, null), 'send');
        this.waitingRoom = r === -EAGAIN;
        if (r <= 0) return;
        this.offset += r;
      }
      this.index++;
      this.offset = 0;
      if (this.index < this.writes.length) this.pause(now);
    }
    sys.close(this.conn);
    this.done = true;
  }
}

export class Reader implements Actor {
  private readonly sys: SyscallTable;
  private readonly fd: number;
  private connected = false;
  private index = 0;
  private readyAt: Nanos = 0;
  readonly chunks: Uint8Array[] = [];
  received = 0;
  done = false;

  constructor(private readonly pair: Pair, private readonly p: TcpParams) {
    const sys = (this.sys = pair.table('reader'));
    this.fd = check(sys.socket(AF_INET, SOCK_STREAM, 0), 'socket');
    if (p.rcvBuf !== null) sys.setsockopt(this.fd, SOL_SOCKET, SO_RCVBUF, p.rcvBuf);
    check(sys.connect(this.fd, { family: AF_INET, addr: WRITER_ADDR, port: PORT }), 'connect');
    this.pause(0);
  }

  private pause(now: Nanos): void {
    const d = pauseAt(this.p.readPauses, this.index);
    this.readyAt = now + d;
    if (d > 0) this.pair.wakeAt(this.readyAt);
  }

  pump(now: Nanos): void {
    if (this.done) return;
    const sys = this.sys;
    if (!this.connected) {
      const err = sys.getsockopt(this.fd, SOL_SOCKET, SO_ERROR);
      if (err) throw new Error(`tcpChunkings: connect failed with errno ${String(err)}`);
      if ((sys.pollMask(this.fd) & POLLOUT) === 0) return; // established
      this.connected = true;
    }
    while (now >= this.readyAt) {
      if ((sys.pollMask(this.fd) & (POLLIN | POLLERR | POLLHUP)) === 0) return;
      const n = this.index < this.p.recvSizes.length ? this.p.recvSizes[this.index]! : this.p.recvSize;
      const r = sys.recvfrom(this.fd, n, 0);
      if (typeof r === 'number') {
        check(r, 'recv');
        return;
      }
      if (r.data.length === 0) {
        sys.close(this.fd);
        this.done = true;
        return;
      }
      this.chunks.push(r.data); // recv returns a fresh array (RecvStream.read)
      this.received += r.data.length;
      this.index++;
      this.pause(now);
    }
  }
}
