/**
 * The system-call table against a model of Linux's socket rules: any sequence of socket,
 * bind, listen, connect, send, recv, accept, shutdown and close on one host (clients and
 * servers over its own address) gives the errno Linux gives. The model knows each fd's
 * state; the world runs until idle after every call, so a connect to a listener has
 * completed (or been refused) before the next call.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { A, settle, twoHosts } from '../../helpers/world.ts';
import { AF_INET, SOCK_NONBLOCK, SOCK_STREAM, SOL_SOCKET, SO_ERROR } from '../../../src/stack/abi/linux.ts';
import { EADDRINUSE, EAGAIN, EBADF, ECONNREFUSED, EINPROGRESS, EINVAL, EISCONN, ENOTCONN, EPIPE } from '../../../src/stack/abi/errno.ts';
import type { SyscallTable } from '../../../src/stack/syscall/table.ts';
import type { World } from '../../../src/sim/world.ts';

type FdState = 'fresh' | 'bound' | 'listening' | 'connected' | 'refused' | 'closed';

interface Model {
  fds: { state: FdState; port: number; queued: number }[];
  /** ports bound by fds still open (no SO_REUSEADDR: each port once) */
  ports: Map<number, number>;
}

interface Real {
  w: World;
  t: SyscallTable;
  fds: number[];
}

const PORTS = [7000, 7001, 7002];

/** the i-th fd the program holds; a closed one whose number Linux gave out again now names the new socket */
function fdOf(m: Model, r: Real, i: number): { idx: number; fd: number } | undefined {
  if (!m.fds.length) return undefined;
  let idx = i % m.fds.length;
  const fd = r.fds[idx]!;
  if (m.fds[idx]!.state === 'closed') {
    const reused = r.fds.findIndex((f, j) => f === fd && m.fds[j]!.state !== 'closed');
    if (reused >= 0) idx = reused;
  }
  return { idx, fd };
}

class Socket implements fc.Command<Model, Real> {
  check = () => true;
  run(m: Model, r: Real): void {
    const fd = r.t.socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
    expect(fd).toBeGreaterThanOrEqual(3);
    m.fds.push({ state: 'fresh', port: 0, queued: 0 });
    r.fds.push(fd);
  }
  toString = () => 'socket()';
}

class Bind implements fc.Command<Model, Real> {
  constructor(readonly i: number, readonly port: number) {}
  check = (m: Model) => m.fds.length > 0;
  run(m: Model, r: Real): void {
    const { idx, fd } = fdOf(m, r, this.i)!;
    const s = m.fds[idx]!;
    const got = r.t.bind(fd, { family: AF_INET, addr: 0, port: this.port });
    let want: number;
    if (s.state === 'closed') want = -EBADF;
    else if (s.state !== 'fresh') want = -EINVAL; // inet_bind: already bound (or connected)
    else if (m.ports.has(this.port)) want = -EADDRINUSE;
    else want = 0;
    expect(got).toBe(want);
    if (want === 0) {
      s.state = 'bound';
      s.port = this.port;
      m.ports.set(this.port, idx);
    }
  }
  toString = () => `bind(#${this.i}, ${this.port})`;
}

class Listen implements fc.Command<Model, Real> {
  constructor(readonly i: number) {}
  check = (m: Model) => m.fds.length > 0;
  run(m: Model, r: Real): void {
    const { idx, fd } = fdOf(m, r, this.i)!;
    const s = m.fds[idx]!;
    const got = r.t.listen(fd, 8);
    const want = s.state === 'closed' ? -EBADF : s.state === 'bound' || s.state === 'listening' ? 0 : s.state === 'fresh' ? 0 : -EINVAL;
    expect(got).toBe(want);
    if (want === 0) {
      if (s.state === 'fresh') s.port = -1; // an ephemeral port of its own
      s.state = 'listening';
    }
  }
  toString = () => `listen(#${this.i})`;
}

class Connect implements fc.Command<Model, Real> {
  constructor(readonly i: number, readonly port: number) {}
  check = (m: Model) => m.fds.length > 0;
  run(m: Model, r: Real): void {
    const { idx, fd } = fdOf(m, r, this.i)!;
    const s = m.fds[idx]!;
    const got = r.t.connect(fd, { family: AF_INET, addr: A, port: this.port });
    if (s.state === 'closed') return void expect(got).toBe(-EBADF);
    if (s.state === 'listening' || s.state === 'connected') return void expect(got).toBe(-EISCONN);
    if (s.state === 'refused') return; // Linux lets a failed socket connect again; not modelled further
    expect(got).toBe(-EINPROGRESS);
    settle(r.w);
    const listener = m.ports.get(this.port);
    // a socket bound to the port it connects to meets itself: TCP's simultaneous open, established
    const self = s.state === 'bound' && s.port === this.port;
    const ok = self || (listener !== undefined && m.fds[listener]!.state === 'listening');
    expect(r.t.getsockopt(fd, SOL_SOCKET, SO_ERROR)).toBe(ok ? 0 : ECONNREFUSED);
    // an explicitly bound port stays taken after connect, refused or not (SOCK_BINDPORT_LOCK)
    s.state = ok ? 'connected' : 'refused';
    if (ok && !self) m.fds[listener!]!.queued++;
  }
  toString = () => `connect(#${this.i}, ${this.port})`;
}

class Accept implements fc.Command<Model, Real> {
  constructor(readonly i: number) {}
  check = (m: Model) => m.fds.length > 0;
  run(m: Model, r: Real): void {
    const { idx, fd } = fdOf(m, r, this.i)!;
    const s = m.fds[idx]!;
    const got = r.t.accept4(fd, SOCK_NONBLOCK);
    if (s.state === 'closed') return void expect(got).toBe(-EBADF);
    if (s.state !== 'listening') return void expect(got).toBe(-EINVAL);
    if (s.queued === 0) return void expect(got).toBe(-EAGAIN);
    expect(typeof got).toBe('object');
    s.queued--;
    m.fds.push({ state: 'connected', port: s.port, queued: 0 });
    r.fds.push((got as { fd: number }).fd);
  }
  toString = () => `accept(#${this.i})`;
}

class Send implements fc.Command<Model, Real> {
  constructor(readonly i: number) {}
  check = (m: Model) => m.fds.length > 0;
  run(m: Model, r: Real): void {
    const { idx, fd } = fdOf(m, r, this.i)!;
    const s = m.fds[idx]!;
    const got = r.t.sendto(fd, new Uint8Array([1, 2, 3]), 0, null);
    const want = s.state === 'closed' ? -EBADF : s.state === 'connected' ? 3 : s.state === 'refused' ? -EPIPE : -EPIPE;
    expect(got).toBe(want);
    settle(r.w);
  }
  toString = () => `send(#${this.i})`;
}

class Recv implements fc.Command<Model, Real> {
  constructor(readonly i: number) {}
  check = (m: Model) => m.fds.length > 0;
  run(m: Model, r: Real): void {
    const { idx, fd } = fdOf(m, r, this.i)!;
    const s = m.fds[idx]!;
    const got = r.t.recvfrom(fd, 100, 0);
    if (s.state === 'closed') return void expect(got).toBe(-EBADF);
    if (s.state === 'connected') return void expect(typeof got === 'number' ? got : 0).toBeOneOf([0, -EAGAIN]);
    if (s.state === 'refused') return; // ECONNREFUSED once, then 0 (tcp_recvmsg on a reset socket)
    expect(got).toBe(-ENOTCONN);
  }
  toString = () => `recv(#${this.i})`;
}

class Close implements fc.Command<Model, Real> {
  constructor(readonly i: number) {}
  check = (m: Model) => m.fds.length > 0;
  run(m: Model, r: Real): void {
    const { idx, fd } = fdOf(m, r, this.i)!;
    const s = m.fds[idx]!;
    expect(r.t.close(fd)).toBe(s.state === 'closed' ? -EBADF : 0);
    // a closed connection keeps its port through FIN-WAIT/TIME-WAIT (60 s, longer than a run here)
    if (s.state !== 'closed' && s.state !== 'connected' && m.ports.get(s.port) === idx) m.ports.delete(s.port);
    s.state = 'closed';
    settle(r.w);
  }
  toString = () => `close(#${this.i})`;
}

const idx = fc.nat(7);
const port = fc.constantFrom(...PORTS);
const commands = [
  fc.constant(new Socket()),
  fc.tuple(idx, port).map(([i, p]) => new Bind(i, p)),
  idx.map((i) => new Listen(i)),
  fc.tuple(idx, port).map(([i, p]) => new Connect(i, p)),
  idx.map((i) => new Accept(i)),
  idx.map((i) => new Send(i)),
  idx.map((i) => new Recv(i)),
  idx.map((i) => new Close(i)),
];

describe('the system-call table against a model of Linux', () => {
  it('gives Linux\'s errno for any sequence of socket calls', () => {
    fc.assert(
      fc.property(fc.commands(commands, { maxCommands: 25 }), (cmds) => {
        const w = twoHosts();
        const real: Real = { w, t: w.openTable('a'), fds: [] };
        fc.modelRun(() => ({ model: { fds: [], ports: new Map() }, real }), cmds);
      }),
      { numRuns: Number(process.env.LABWIRE_COMMANDS_RUNS ?? 1000) },
    );
  });
});

