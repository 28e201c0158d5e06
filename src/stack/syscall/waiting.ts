/**
 * How a thread's blocking calls wait (blocking.ts parks them): what a parked call does when
 * woken, and the receive and the send, whose waits keep state of their own (MSG_WAITALL's
 * pieces, the bytes queued so far). An idle connection's thread waits in a Receiving: an
 * object of a few fields, no async frame.
 */
import type { Blocking, Received, SockAddr } from './api.ts';
import type { SyscallTable } from './table.ts';
import { EAGAIN } from '../abi/errno.ts';
import { MSG_WAITALL, SOCK_STREAM, SOL_SOCKET, SO_TYPE } from '../abi/linux.ts';

/** What a waiting receive or send needs of its thread's calls (the busy-wait accounting, the fd's blocking mode). */
export interface ThreadCalls {
  progress(): void;
  idle<T>(what: string, r: T): Blocking<T>;
  wouldBlock(fd: number, flags: number): boolean;
}

/** A blocking call parked in ThreadSyscalls.parkOn. */
export interface Waiting<T> {
  /** after a wake: the call's answer, or undefined to wait once more */
  again(): Blocking<T> | undefined;
  /** the deadline passed */
  timedOut(): T;
}

/**
 * A receive that waits: for data, end of stream, an error or SO_RCVTIMEO (sk_wait_data);
 * with MSG_WAITALL on a stream it gathers `n` bytes over several waits. An object of a few
 * fields: an idle connection's thread waits in one.
 */
export class Receiving implements Waiting<Received | number> {
  private readonly waitAll: boolean;
  /** MSG_WAITALL's earlier pieces, and their bytes */
  private parts: Uint8Array[] | null = null;
  private got = 0;

  constructor(
    private readonly sys: ThreadCalls,
    private readonly table: SyscallTable,
    private readonly fd: number,
    private readonly n: number,
    private readonly flags: number,
    /** the last attempt's result */
    private r: Received | number,
  ) {
    this.waitAll = (flags & MSG_WAITALL) !== 0 && isStream(table, fd);
  }

  /** From the last attempt: more attempts while MSG_WAITALL gathers, until the call is answered or must wait (undefined). */
  onward(): Blocking<Received | number> | undefined {
    for (;;) {
      const r = this.r;
      if (typeof r === 'number') {
        if (r !== -EAGAIN) return this.got ? this.timedOut() : r;
        return this.sys.wouldBlock(this.fd, this.flags) ? this.sys.idle(`recv(${this.fd})`, this.got ? this.timedOut() : r) : undefined;
      }
      this.sys.progress();
      if (!this.waitAll || r.data.length === 0 || this.got + r.data.length >= this.n) return joinReceived(this.parts, this.got, r);
      (this.parts ??= []).push(r.data);
      this.got += r.data.length;
      this.r = this.table.recvfrom(this.fd, this.n - this.got, this.flags);
    }
  }

  again(): Blocking<Received | number> | undefined {
    this.r = this.table.recvfrom(this.fd, this.n - this.got, this.flags);
    return this.onward();
  }

  /** what has come so far, or EAGAIN */
  timedOut(): Received | number {
    return this.got ? joinReceived(this.parts, this.got, null) : -EAGAIN;
  }
}

/**
 * A blocking send on a stream that must wait for room (tcp_sendmsg's sk_stream_wait_memory)
 * until everything is queued, SO_SNDTIMEO passes or an error comes; a datagram goes whole.
 */
export class Sending implements Waiting<number> {
  /** bytes queued so far */
  private sent = 0;

  constructor(
    private readonly sys: ThreadCalls,
    private readonly table: SyscallTable,
    private readonly fd: number,
    private readonly data: Uint8Array,
    private readonly flags: number,
    private readonly addr: SockAddr | null,
    /** the last attempt's result */
    private r: number,
  ) {}

  /** From the last attempt: more attempts while they queue some, until the send is answered or must wait (undefined). */
  onward(): Blocking<number> | undefined {
    for (;;) {
      const r = this.r;
      if (r < 0) {
        if (r !== -EAGAIN) return this.sent > 0 ? this.sent : r;
        return this.sys.wouldBlock(this.fd, this.flags) ? this.sys.idle(`send(${this.fd})`, this.sent > 0 ? this.sent : r) : undefined;
      }
      this.sys.progress();
      this.sent += r;
      if (this.sent >= this.data.length || this.sys.wouldBlock(this.fd, this.flags) || !isStream(this.table, this.fd)) return this.sent;
      this.attempt();
    }
  }

  again(): Blocking<number> | undefined {
    this.attempt();
    return this.onward();
  }

  private attempt(): void {
    const sent = this.sent;
    this.r = this.table.sendto(this.fd, sent ? this.data.subarray(sent) : this.data, this.flags, this.addr);
  }

  /** what was queued, or EAGAIN */
  timedOut(): number {
    return this.sent > 0 ? this.sent : -EAGAIN;
  }

  /** the wait as a stall report names it */
  what(): string {
    return `send(${this.data.length} bytes, ${this.sent} sent)`;
  }
}

export function isStream(table: SyscallTable, fd: number): boolean {
  return table.getsockopt(fd, SOL_SOCKET, SO_TYPE) === SOCK_STREAM;
}

function joinReceived(parts: Uint8Array[] | null, got: number, last: Received | null): Received {
  if (parts === null) parts = [];
  if (parts.length === 0 && last) return last;
  const total = got + (last ? last.data.length : 0);
  const data = new Uint8Array(total);
  let off = 0;
  for (const p of parts) {
    data.set(p, off);
    off += p.length;
  }
  if (last) data.set(last.data, off);
  return { data, addr: last?.addr ?? null, truncated: false };
}
