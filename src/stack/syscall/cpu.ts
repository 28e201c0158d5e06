/**
 * Program CPU time: a deterministic cost model per program. Real programs spend time between
 * their system calls (the Python interpreter, formatting a log line, copying bytes); with a
 * profile, each call adds its cost to the thread's debt (a fixed cost per call, or the
 * call's override, plus a cost per byte copied), and before each call that may block the
 * thread parks for its debt: its own clock moves on while the host's kernel keeps working
 * (ACKs, retransmissions, other threads). A call's `after` cost is spent before it returns,
 * its effect (a segment) already out. A profile may also give woken threads a scheduling
 * latency (`wake`), drawn from each thread's seeded stream. Profile `none` wraps nothing:
 * today's behaviour.
 */
import type { Nanos } from '../nanos.ts';
import type { Received, Syscalls } from './api.ts';
import type { ThreadHost } from './blocking.ts';

export interface CpuProfile {
  readonly name: string;
  /** the cost of a system call and the program's work around it, ns */
  readonly perCall: Nanos;
  /** the cost of each byte a call copies in or out, ns */
  readonly perByte: number;
  /** per-call costs instead of perCall, by Syscalls name ('stderr' is a logging line's write) */
  readonly calls: Readonly<Partial<Record<keyof Syscalls, Nanos>>>;
  /** what a call costs after its effect (the frame already sent) before it returns, by Syscalls name */
  readonly after?: Readonly<Partial<Record<keyof Syscalls, Nanos>>>;
  /** scheduling latency of a thread woken by an event on what it waits for (wakeLatency) */
  readonly wake?: WakeLatency;
}

/**
 * The time from the event that ends a wait (data, a connection, room to send) to the woken
 * thread running its call again: at least `min`, plus an exponentially distributed rest of
 * mean `mean`, drawn from the thread's own seeded stream (try_to_wake_up, the scheduler and
 * the return to user space; on a loaded machine it varies from wake-up to wake-up).
 */
export interface WakeLatency {
  readonly min: Nanos;
  readonly mean: Nanos;
}

/**
 * `python3`: calibrated in the namespace lab (kernel 6.18, Debian python3 3.11):
 * - a `recv(1000)` loop keeps up with a 4 KiB sender once it runs (test/fixtures/real/upload300k:
 *   the window grows while ~4 KiB arrive every 10–21 µs), so a plain call costs ~2 µs with its
 *   bytes: 1.5 µs + 0.5 ns per byte;
 * - `sendall(4096)`: the segments leave 21 µs apart in upload300k run 1 (11 µs in runs 2 and 3).
 *   Most of it comes after the segment is on the wire: on veth the send call itself runs the
 *   peer's receive softirq (veth_xmit → netif_rx, run at local_bh_enable) and the ACK coming
 *   back, so `sendto` costs 1.5 µs + 0.5 ns per byte before and 16.5 µs after. That is why a
 *   close() right after a sendall() sends its FIN after the peer's ACK (test/fixtures/real/py/busy).
 *   (At 11 µs the sender would outrun labwire's 20 µs-per-hop ACK clock and split its fourth
 *   write at the initial cwnd, which the real ACKs, ~3 µs per hop, never do: the recordings'
 *   first 16 writes are each one 4096-byte segment.)
 * - the lab's server.py in the 2 MB echo: ~0.5 ms from a recv(32) returning to its sendall,
 *   which is the recv, two logging lines (each a write(2) to stderr after logging's
 *   formatting and StreamHandler's flush, 245 µs) and the sendall.
 * - waking: a blocked recv(262144) in test/fixtures/real/bulk-cwnd sends the ACK the kernel left
 *   to the reader (tcp_cleanup_rbuf) 4.9–28.8 µs after the data came, median 8.8, 90 % below
 *   14.4, 99 % below 21.1 (485 such ACKs in the three runs): 5 µs + an exponential rest of
 *   mean 4 µs (median 7.8, 90 % 14.2, 99 % 23.4).
 * - `print()` to stdout costs a plain call: the recordings' stdout is a file, which Python
 *   block-buffers (one write(2) per 8 KiB, not per line). test/fixtures/real/bulk-cwnd: a loop
 *   of send(16 KiB), getsockopt(TCP_INFO) and print puts a 16 KiB segment on the wire every
 *   29–41 µs (median per run), where 245 µs per line would make it 276 µs.
 */
const PYTHON3: CpuProfile = {
  name: 'python3',
  perCall: 1_500,
  perByte: 0.5,
  calls: { stderr: 245_000 },
  after: { sendto: 16_500 },
  wake: { min: 5_000, mean: 4_000 },
};

/**
 * `iputils`: iputils ping, a C program whose one cost that shows is its send path, from the
 * gettimeofday() stamped into an echo request to the request on the wire (raw sendmsg, IP
 * output, veth): the median, 31.5 µs, of the 37 requests (first ones, which wait for ARP,
 * aside) in test/fixtures/real/ping and ping/pair (22.6–105.9 µs).
 */
const IPUTILS: CpuProfile = { name: 'iputils', perCall: 0, perByte: 0, calls: { sendto: 31_500 } };

/** named profiles; `none` (null) is no model at all */
export const CPU_PROFILES: Readonly<Record<string, CpuProfile | null>> = { none: null, python3: PYTHON3, iputils: IPUTILS };

/** the calls that may park: the debt is paid before them */
const PARKING = new Set<string>(['connect', 'accept4', 'sendto', 'sendmmsg', 'recvfrom', 'read', 'write', 'poll', 'epoll_wait', 'nanosleep']);
/** the calls that are system calls (or a program's work) and cost time; the rest (ids, spawn, futexes) do not */
const COSTED = new Set<string>([
  ...PARKING, 'socket', 'socketpair', 'bind', 'listen', 'shutdown', 'close', 'setsockopt', 'getsockopt', 'fcntl', 'ioctl',
  'getsockname', 'getpeername', 'epoll_create1', 'epoll_ctl', 'gethostname', 'getrandom', 'stdout', 'stderr',
]);

/** bytes a call copies from the program: known before it runs */
function bytesIn(name: string, args: readonly unknown[]): number {
  if (name === 'sendto' || name === 'write') return (args[1] as Uint8Array).length;
  if (name === 'sendmmsg') return (args[1] as readonly { data: Uint8Array }[]).reduce((n, m) => n + m.data.length, 0);
  if (name === 'stdout' || name === 'stderr') return (args[0] as string).length;
  return 0;
}

/** bytes a call copied to the program: known after */
function bytesOut(result: unknown): number {
  if (result instanceof Uint8Array) return result.length;
  if (typeof result === 'object' && result !== null && 'data' in result) return (result as Received).data.length;
  return 0;
}

const COSTS = new WeakMap<Syscalls, CpuProfile>();

/** the profile a thread's calls cost time by, if any (the Python bridge answers nothing ahead then: time moves between calls) */
export function cpuProfileOf(sys: Syscalls): CpuProfile | undefined {
  return COSTS.get(sys);
}

/** one draw of `w` from a stream's float in [0, 1) */
export function drawWake(w: WakeLatency, float: () => number): Nanos {
  return w.min + Math.round(-Math.log(1 - float()) * w.mean);
}

/**
 * `th` whose waits on files end `late()` ns after the event that ended them; a wait that ran
 * to its deadline, or waited on no file (a timer, a CPU cost), ends on time.
 */
export function withWakeLatency(th: ThreadHost, late: () => Nanos): ThreadHost {
  const block: ThreadHost['block'] = async (fds, events, deadline, what) => {
    await th.block(fds, events, deadline, what);
    if (fds.length === 0 || (deadline !== null && th.now() >= deadline)) return;
    const ns = late();
    if (ns > 0) await th.block([], [], th.now() + ns, what);
  };
  return Object.assign(Object.create(th) as ThreadHost, { block });
}

/**
 * Every call of `sys` (own properties and its class's methods), bound to `sys`, and the
 * thread's identity: the costed wrapper replaces some calls and keeps the rest, and a call
 * one of them makes inside (sendmmsg's sendto) stays the object's own, uncharged. The
 * object's private state stays on it, not copied.
 */
function boundCalls(sys: Syscalls): Record<string, unknown> {
  const out: Record<string, unknown> = { pid: sys.pid, tid: sys.tid, epochSeconds: sys.epochSeconds, files: sys.files };
  for (let o: object | null = sys; o !== null && o !== Object.prototype; o = Object.getPrototypeOf(o) as object | null) {
    for (const k of Object.getOwnPropertyNames(o)) {
      const v = (sys as unknown as Record<string, unknown>)[k];
      if (k === 'constructor' || k in out || typeof v !== 'function') continue;
      out[k] = (v as (...a: unknown[]) => unknown).bind(sys);
    }
  }
  return out;
}

/** `sys` with `profile`'s costs: `pause(ns, what)` parks the calling thread for `ns`. */
export function withCpuCost(sys: Syscalls, profile: CpuProfile, pause: (ns: Nanos, what: string) => Promise<void>): Syscalls {
  let debt = 0;
  const cost = (name: string) => (profile.calls as Record<string, Nanos | undefined>)[name] ?? profile.perCall;
  const out = boundCalls(sys);
  for (const name of COSTED) {
    const orig = (sys as unknown as Record<string, (...a: unknown[]) => unknown>)[name]!;
    out[name] = PARKING.has(name)
      ? async (...args: unknown[]) => {
        debt += cost(name) + bytesIn(name, args) * profile.perByte;
        const owed = Math.round(debt);
        debt = 0;
        if (owed > 0) await pause(owed, `${name}() [cpu]`);
        const r = await orig.apply(sys, args);
        const tail = (profile.after as Record<string, Nanos | undefined> | undefined)?.[name];
        if (tail) await pause(tail, `${name}() [cpu]`);
        debt += bytesOut(r) * profile.perByte;
        return r;
      }
      : (...args: unknown[]) => {
        debt += cost(name) + bytesIn(name, args) * profile.perByte;
        return orig.apply(sys, args);
      };
  }
  const costed = out as unknown as Syscalls;
  COSTS.set(costed, profile);
  return costed;
}
