/**
 * iputils `ping -c COUNT HOST` as root (a raw ICMP socket): echo requests with a 56-byte
 * payload whose first 16 bytes are the send time (struct timeval, as iputils stamps it just
 * before sendto), replies matched by echo id, and iputils' output and statistics block.
 *
 * The schedule is iputils' (ping_common.c, 20221126): pinger() keeps a token bucket in whole
 * milliseconds of CLOCK_MONOTONIC_RAW and sends when a full interval has gathered; between
 * probes main_loop() waits in a blocking recvmsg() bounded by SO_RCVTIMEO (set to the
 * interval), not in poll(), whenever the next probe is a whole interval away, which it is after
 * every reply. So the next request leaves when that receive times out: one interval after the
 * reply was read, as the kernel's timer wheel rounds a jiffies timeout (1.024 s at HZ=250, as
 * test/fixtures/real/ping shows), and exactly one interval after it without a profile HZ.
 */
import type { Program } from '../../stack/socket/context.ts';
import type { Syscalls } from '../../stack/syscall/api.ts';
import { emitIcmp, parseIcmp } from '../../stack/wire/icmp.ts';
import { parseIpv4 } from '../../stack/wire/ipv4.ts';
import { formatIpv4Addr } from '../../stack/wire/addr.ts';
import { MSG_DONTWAIT, POLLIN, SOL_SOCKET, SO_RCVTIMEO, SO_SNDTIMEO } from '../../stack/abi/linux.ts';

// ---- iputils' numbers as it prints them (ping_common.c: gather_statistics, finish) ----------

/** iputils' time=… format: three decimals under 1 ms, two under 10 ms, one under 100 ms. */
export function formatRtt(us: number): string {
  if (us >= 100000 - 50) return `${Math.floor((us + 500) / 1000)}`;
  if (us >= 10000 - 5) return `${Math.floor((us + 50) / 1000)}.${Math.floor(((us + 50) % 1000) / 100)}`;
  if (us >= 1000) return `${Math.floor((us + 5) / 1000)}.${String(Math.floor(((us + 5) % 1000) / 10)).padStart(2, '0')}`;
  return `${Math.floor(us / 1000)}.${String(us % 1000).padStart(3, '0')}`;
}

/** `%ld.%03ld` of a microsecond count */
const ms3 = (us: number) => `${Math.floor(us / 1000)}.${String(us % 1000).padStart(3, '0')}`;

/** C's `%g`: six significant digits, trailing zeros dropped */
const percentG = (x: number) => String(Number(x.toPrecision(6)));

/** llsqrt(): Newton's integer square root */
function llsqrt(a: number): number {
  if (a <= 0) return 0;
  let prev = Infinity;
  let x = a;
  while (x < prev) {
    prev = x;
    x = Math.floor((x + Math.floor(a / x)) / 2);
  }
  return x;
}

/**
 * finish()'s lines after the blank one: `elapsedNs` is the last request's send time less the
 * start (CLOCK_MONOTONIC_RAW), printed rounded to ms; `rtts` in µs.
 */
export function formatPingStats(host: string, sent: number, rtts: readonly number[], elapsedNs: number): string[] {
  const loss = ((sent - rtts.length) * 100) / sent;
  const sec = Math.floor(elapsedNs / 1e9);
  const timeMs = 1000 * sec + Math.floor((elapsedNs - sec * 1e9 + 500_000) / 1e6);
  const lines = [
    `--- ${host} ping statistics ---`,
    `${sent} packets transmitted, ${rtts.length} received, ${percentG(loss)}% packet loss, time ${timeMs}ms`,
  ];
  if (rtts.length) {
    const n = rtts.length;
    const tsum = rtts.reduce((a, b) => a + b, 0);
    const tsum2 = rtts.reduce((a, b) => a + b * b, 0);
    const avg = Math.trunc(tsum / n);
    const mdev = llsqrt(Math.trunc((tsum2 - (tsum * tsum) / n) / n));
    lines.push(`rtt min/avg/max/mdev = ${ms3(Math.min(...rtts))}/${ms3(avg)}/${ms3(Math.max(...rtts))}/${ms3(mdev)} ms`);
  }
  return lines;
}

export interface PingOptions {
  readonly host: string;
  readonly count?: number;
  /** seconds between requests (-i) */
  readonly interval?: number;
  /** payload bytes (-s) */
  readonly size?: number;
  /** seconds to wait for a reply after the last request when none came (-W; iputils' MAXWAIT) */
  readonly linger?: number;
}

/** ping.h: MIN_INTERVAL_MS, and SCHINT() which never waits less */
const MIN_INTERVAL_MS = 10;
const schint = (ms: number) => (ms <= MIN_INTERVAL_MS ? MIN_INTERVAL_MS : ms);
/** glibc's <sys/param.h> HZ, which main_loop() compares `next` with (not the kernel's) */
const USER_HZ = 100;

/** Milliseconds from `a` to `b` as pinger() counts them: whole seconds, plus nanoseconds truncated. */
function msBetween(a: number, b: number): number {
  const sec = Math.floor(b / 1e9) - Math.floor(a / 1e9);
  return sec * 1000 + Math.trunc(((b % 1e9) - (a % 1e9)) / 1e6);
}

/** pinger()'s token bucket (preload 1): when the next probe is due, in ms; 0 = send now. */
class Pacer {
  private last: number | null = null;
  private tokens = 0;
  constructor(private readonly intervalMs: number) {}

  /** ms until the next probe may leave; when 0, the probe is taken (the bucket is debited) */
  take(now: number): number {
    if (this.last === null) {
      this.last = now;
      return 0;
    }
    const ntokens = Math.min(msBetween(this.last, now) + this.tokens, this.intervalMs);
    if (ntokens < this.intervalMs) return this.intervalMs - ntokens;
    this.last = now;
    this.tokens = ntokens - this.intervalMs;
    return 0;
  }

  /** what pinger() returns after a send */
  get afterSend(): number {
    return this.intervalMs - this.tokens;
  }

  /** CLOCK_MONOTONIC_RAW of the last send: the statistics' `time` ends there */
  get lastSend(): number {
    return this.last ?? 0;
  }
}

export const ping = (o: PingOptions): Program => async ({ socket, print, sys }) => {
  const count = o.count ?? 4;
  const intervalMs = Math.round((o.interval ?? 1) * 1000);
  const size = o.size ?? 56;
  const target = await socket.gethostbyname(o.host);
  const sock = socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_ICMP);
  const fd = sock.fileno();
  // setup(): SO_SNDTIMEO one second (or the interval if shorter), SO_RCVTIMEO the interval
  sys.setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, Math.min(1000, schint(intervalMs)) * 1e6);
  sys.setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, schint(intervalMs) * 1e6);
  const ident = sys.pid & 0xffff; // iputils uses its pid as the echo identifier
  print(`PING ${o.host} (${target}) ${size}(${size + 28}) bytes of data.`);
  const start = sys.now();
  const pacer = new Pacer(intervalMs);
  const sentAt = new Map<number, number>();
  const rtts: number[] = [];
  const payload = new Uint8Array(size);
  for (let i = 0; i < size; i++) payload[i] = i & 0xff;

  const send = async () => {
    const seq = sentAt.size + 1;
    const usec = Math.floor(sys.now() / 1000); // gettimeofday(), just before sendto
    if (size >= 16) {
      const dv = new DataView(payload.buffer);
      dv.setBigUint64(0, BigInt(sys.epochSeconds + Math.floor(usec / 1e6)), true);
      dv.setBigUint64(8, BigInt(usec % 1e6), true);
    }
    sentAt.set(seq, usec);
    await sock.sendto(emitIcmp({ kind: 'echoRequest', id: ident, seq, data: payload }), [target, 0]);
  };
  /** one received packet: a reply to us is counted and printed */
  const accept = (packet: Uint8Array) => {
    const ip = parseIpv4(packet, 0);
    if (!ip.ok) return;
    const m = parseIcmp(packet, ip.value.ihl * 4, ip.value.totalLength);
    if (!m.ok || m.value.kind !== 'echoReply' || m.value.id !== ident) return;
    const t0 = sentAt.get(m.value.seq);
    if (t0 === undefined) return;
    const rtt = Math.floor(sys.now() / 1000) - t0; // SO_TIMESTAMP of the reply, µs
    rtts.push(rtt);
    print(`${m.value.data.length + 8} bytes from ${formatIpv4Addr(ip.value.src)}: icmp_seq=${m.value.seq} ttl=${ip.value.ttl} time=${formatRtt(rtt)} ms`);
  };
  const inFlight = () => sentAt.size - rtts.length;

  // after the last request, __schedule_exit() arms SIGALRM: twice the slowest round trip but at
  // least an interval when replies came, else the linger time; its handler ends the loop
  let alarm: number | null = null;
  while (rtts.length < count && (alarm === null || sys.now() < alarm)) {
    let next = 1000; // pinger(): "already sent enough, return an arbitrary positive value"
    if (sentAt.size < count) {
      next = pacer.take(sys.now());
      if (next === 0) {
        await send();
        next = pacer.afterSend;
      }
    }
    if (sentAt.size >= count && alarm === null) {
      const waitUs = rtts.length ? Math.max(2 * Math.max(...rtts), intervalMs * 1000) : Math.round((o.linger ?? 10) * 1e6);
      alarm = sys.now() + waitUs * 1000;
    }
    await receive(sys, fd, next, intervalMs, alarm, accept, inFlight);
  }
  sock.close();
  print('');
  for (const line of formatPingStats(o.host, sentAt.size, rtts, pacer.lastSend - start)) print(line);
};

/**
 * main_loop()'s wait: poll() for `next` ms when the next probe is nearer than an interval, else
 * a blocking recvmsg() bounded by SO_RCVTIMEO; then the queued replies without waiting, until
 * none is in flight. With the exit alarm armed, nothing waits past it.
 */
async function receive(
  sys: Syscalls, fd: number, next: number, intervalMs: number, alarm: number | null,
  accept: (p: Uint8Array) => void, inFlight: () => number,
): Promise<void> {
  let flags = 0;
  if (alarm !== null || next < schint(intervalMs)) {
    // a wait shorter than a scheduler tick: sleep MIN_INTERVAL_MS if a reply is due, else spin
    const spin = alarm === null && next <= 1000 / USER_HZ && inFlight() === 0;
    const waitMs = alarm !== null ? Math.max(0, (alarm - sys.now()) / 1e6) : next <= 1000 / USER_HZ ? MIN_INTERVAL_MS : next;
    if (!spin) {
      sys.annotate('poll()');
      const ready = await sys.poll([{ fd, events: POLLIN, revents: 0 }], waitMs);
      sys.annotate(null);
      if (ready < 1) return;
    }
    flags = MSG_DONTWAIT;
  }
  for (;;) {
    const r = await sys.recvfrom(fd, 65536, flags);
    flags = MSG_DONTWAIT;
    if (typeof r === 'number') return;
    accept(r.data);
    if (inFlight() === 0) return;
  }
}
