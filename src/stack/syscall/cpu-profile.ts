/**
 * The CPU profiles `--cpu` names, and what a profile says (CpuProfile): each figure with the
 * recording it comes from. syscall/cpu.ts applies them to a thread's system calls.
 */
import type { Nanos } from '../nanos.ts';
import type { Syscalls } from './api.ts';

export interface CpuProfile {
  readonly name: string;
  /** the cost of a system call and the program's work around it, ns */
  readonly perCall: Nanos;
  /** the cost of each byte a call copies in or out, ns */
  readonly perByte: number;
  /** the cost of each byte a call copies out (a recv's), when it differs from perByte */
  readonly perByteOut?: number;
  /** per-call costs instead of perCall, by Syscalls name ('stderr' is a logging line's write) */
  readonly calls: Readonly<Partial<Record<keyof Syscalls, Nanos>>>;
  /** what a call costs after its effect (the frame already sent) before it returns, by Syscalls name; a send's with its socket still locked */
  readonly after?: Readonly<Partial<Record<keyof Syscalls, Nanos>>>;
  /** scheduling latency of a thread woken by an event on what it waits for (wakeLatency) */
  readonly wake?: WakeLatency;
  /** what the thread's first call of that name costs on top of `after` (after the socket's release), by Syscalls name */
  readonly firstAfter?: Readonly<Partial<Record<keyof Syscalls, Nanos>>>;
  /** what the thread's first call of that name costs before its effect, on top of its cost, by Syscalls name */
  readonly firstBefore?: Readonly<Partial<Record<keyof Syscalls, Nanos>>>;
  /** how a send's copy and `after` cost vary from their nominal value (CostJitter) */
  readonly jitter?: CostJitter;
  /**
   * the share of a thread's waits in recv() on a TCP socket in which the segments that end the
   * wait are answered from the reader's context, their ACK sent once it has read them
   * (tcp_cleanup_rbuf; tcp/owner.ts). Only a recv() asking for at least the segment's bytes.
   */
  readonly readerAcks?: number;
  /**
   * what a page touched for the first time costs (a page fault, ns) and what mmap() and
   * munmap() of a large receive buffer cost: a recv() of `n` bytes allocates its result as
   * CPython and glibc do (first-touch.ts) and pays for the pages it is the first to touch, its
   * copy's share with the socket locked (tcp/owner.ts). Absent: pages cost nothing.
   */
  readonly pageFault?: { readonly page: Nanos; readonly mmap: Nanos };
  /**
   * what a timed recv() (one with `pageFault`) costs after its tcp_cleanup_rbuf() sent a segment
   * (an ACK, a window update), the socket still locked: the softirq work that transmit runs in the
   * reader's context. On veth, veth_xmit queues the frame on the sending CPU and the softirq at
   * the transmit's end runs the peer's receive there, and what the peer sends in answer (its
   * tcp_ack → tcp_data_snd_check) comes back the same way, into the reader's backlog, before
   * tcp_recvmsg reaches release_sock(). `hold` ns, then `perByte` ns for each byte that came
   * back meanwhile (owner.ts). Absent: the lock is released at once.
   * A profile with it also keeps a timed send's lock until that send's chain is over: what its
   * push transmitted, the answers the receivers sent at once (the ACKs), and what its
   * release_sock() sends on those ACKs with theirs (sim/softirq-chain.ts, cpu.ts chainRun):
   * the send's own `after` cost is shorter than the chain's two veth hops.
   */
  readonly ackChain?: { readonly hold: Nanos; readonly perByte: number };
}

/**
 * A cost of `ns` takes `fixed` · ns plus an exponentially distributed rest of mean
 * `restMean` · ns, drawn from the thread's own seeded stream: real programs' periods vary
 * (caches, interrupts, the other CPU's work), and mostly upwards.
 */
export interface CostJitter {
  readonly fixed: number;
  readonly restMean: number;
}

/**
 * The time from the event that ends a wait (data, a connection, room to send) to the woken
 * thread running its call again: at least `min`, plus an exponentially distributed rest of
 * mean `mean`, drawn from the thread's own seeded stream (try_to_wake_up, the scheduler and
 * the return to user space; on a loaded machine it varies from wake-up to wake-up).
 * `slept`, if given, replaces that for longer waits: on an idle machine a CPU whose thread
 * sleeps goes idle, the longer the deeper (the guest's cpuidle, the host descheduling the
 * vCPU), and waking it takes longer; the last entry whose `after` the wait reached applies.
 */
export interface WakeLatency {
  readonly min: Nanos;
  readonly mean: Nanos;
  readonly slept?: readonly SleptWake[];
}

/** the wake-up latency of a thread that waited at least `after` ns (WakeLatency.slept) */
export interface SleptWake {
  readonly after: Nanos;
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
 *   That softirq work runs with the sender's socket locked (tcp_sendmsg holds lock_sock from
 *   its copy to release_sock), so the ACKs it brings back wait in the backlog, coalesced, and
 *   run after the push: bulk-cwnd's first 16 KiB leave as two GSO packets answered by one ACK
 *   of both (cwnd 10 → 20 in every recording).
 *   (Its copy, the 0.5 ns per byte, is charged with the socket locked, as tcp_sendmsg copies.
 *   A write finding the last one unacknowledged has its partial tail held by Nagle, as Linux
 *   does: on links at the lab's veth hop, ~3 µs (test/helpers/veth.ts), the ACK is back first
 *   and the recordings' 4096-byte segments leave whole; on 20 µs hops it is not.)
 * - the first send: in all six recordings of upload300k and bulk-cwnd the first data frame is
 *   followed by the next after 42–77 µs, where later ones follow every 11–47 µs: the first pass
 *   through the send path (cold caches, the socket's first allocations) costs ~40 µs more
 *   (`firstAfter`). And it comes late: no client's first data frame left sooner than 0.1 ms
 *   after its SYN in 26 recordings (bulk-cwnd 107–135 µs after the handshake's ACK, the
 *   course programs of test/fixtures/real/py 0.1–112.6 ms, upload300k 3.5–10 ms,
 *   upload300k-idle 0.2–0.3 ms), so the first send costs 100 µs before its segment
 *   (`firstBefore`); what lies beyond is the machine's scheduling, not modelled.
 * - the send path's costs vary: bulk-cwnd's period (one 16 KiB frame to the next) over its
 *   median is below 0.82 for 10 %, below 1.21 for 90 % and below 1.68 for 99 % of the sends;
 *   a send's copy and `after` take 0.75 of their cost plus an exponential rest of mean 0.25 of
 *   it (0.78, 1.33 and 1.90 for those quantiles of one cost).
 * - the ACKs of bulk-cwnd's recv(262144) reader: 485 of the 798 leave 4.9–28.8 µs after their
 *   data, sent by the woken reader after its copy, the others 1.5–2 µs after it, from softirq;
 *   which segments the reader answers follows no rule the captures show (neither the time
 *   since its last ACK nor the time between segments separates them; on Linux's code path a
 *   segment that grows the window, as these do, is answered at once unless the socket is
 *   owned), so it is drawn: in 485/798 of its waits the reader answers what woke it. In
 *   quick-ACK mode (the connection's first 16 ACKs of data) softirq answers at once, as
 *   __tcp_ack_snd_check does. The recordings agree at the start — their first six ACKs but
 *   one (run 2's fifth, 18.9 µs) leave 1.6–5.6 µs after their data — but from the seventh to
 *   the sixteenth 3–6 per run wait 6–15 µs, still in quick-ACK mode on Linux's count (maybe
 *   the reader holding the socket as it copies, which is not modelled). The
 *   upload's recv(1000) reader, which asks for less than a segment, answered none while it
 *   kept up (upload300k run 1): a recv() shorter than the segment draws nothing.
 * - the lab's server.py in the 2 MB echo: ~0.5 ms from a recv(32) returning to its sendall,
 *   which is the recv, two logging lines (each a write(2) to stderr after logging's
 *   formatting and StreamHandler's flush, 245 µs) and the sendall.
 * - waking: a blocked recv(262144) in test/fixtures/real/bulk-cwnd sends the ACK the kernel left
 *   to the reader (tcp_cleanup_rbuf) 4.9–28.8 µs after the data came, median 8.8, 90 % below
 *   14.4, 99 % below 21.1 (485 such ACKs in the three runs): 5 µs + an exponential rest of
 *   mean 4 µs (median 7.8, 90 % 14.2, 99 % 23.4).
 * - `print()` to stdout: the recordings' stdout is a file. (The recording machine's environment
 *   sets PYTHONUNBUFFERED=1, which makes each print two write(2)s — pair_env notes it since
 *   2026-12-06; the loaded recordings do not say, so this is what their loop leaves for it.)
 *   test/fixtures/real/bulk-cwnd: a loop
 *   of send(16 KiB), getsockopt(TCP_INFO) and print puts a 16 KiB segment on the wire every
 *   29–41 µs (median per run), where 245 µs per line would make it 276 µs. Its print, with the
 *   struct unpacking and formatting before it, costs 4.5 µs: the loop's nominal cost is then
 *   32 µs (2.2 µs for them measured with the loop hot on an idle machine; the recording's was
 *   loaded).
 */
const PYTHON3: CpuProfile = {
  name: 'python3',
  perCall: 1_500,
  perByte: 0.5,
  calls: { stderr: 245_000, stdout: 4_500 },
  after: { sendto: 16_500 },
  wake: { min: 5_000, mean: 4_000 },
  firstAfter: { sendto: 40_000 },
  firstBefore: { sendto: 100_000 },
  jitter: { fixed: 0.75, restMean: 0.25 },
  readerAcks: 485 / 798,
};

/**
 * `python3-idle`: the same interpreter on the same 2-vCPU machine when it is idle (load 0.2,
 * 2026-12-06; `python3` was calibrated under load ~1). CPUs that sleep go idle and wake
 * slowly, the longer they slept the slower; code paths go cold. Calibrated in the namespace
 * lab (kernel 6.18, Debian python3 3.11):
 * - waking (tools/netns-lab/wake.sh, test/fixtures/real/wake-idle: 10-byte messages N apart,
 *   each recv()'s return after its message's arrival): after waits of 0.1 ms 12–118 µs (medians
 *   14–17), of 0.5 ms 22–102 (medians 50–60), of 2–10 ms 16–272 (medians 22–112), of 50–200 ms
 *   62–351 (medians 73–129); accept() after ~1.5 s returned 482–784 µs after the handshake's
 *   ACK (wake-idle and the six runs of test/fixtures/real/upload300k-idle): `wake` and its
 *   `slept` bands.
 * - the upload's recv(1000) loop, the server always behind: 2.4–4.6 µs per call (median per
 *   run), so a call costs 3.2 µs with its 0.5 ns per byte;
 * - its sendall(4096) loop while the window is open: a segment every 8–12 µs (median per run),
 *   no reader woken meanwhile (`python3`'s 16.5 µs after a send was measured with the reader
 *   waking for each segment): 5 µs after the segment;
 * - first calls (upload300k-idle, all six runs): connect() returns 86–118 µs after the
 *   handshake's ACK (`firstAfter`, its wait being short); the first data frame leaves 100–167 µs
 *   after connect() returned and the second 19–48 µs after it (later ones 8–12):
 *   `firstBefore` and `firstAfter` of sendto; the server's first recv() makes its syscall (its
 *   ACK) 41–58 µs after accept() returned and returns 138–201 µs after it: `firstBefore` and
 *   `firstAfter` of recvfrom.
 * - the bulk transfer (test/fixtures/real/bulk-cwnd-idle, 13 runs, with each call's time in
 *   runs 4–13): the client's loop of send(16 KiB), getsockopt(TCP_INFO) and print takes 41–52
 *   µs (median per run); timed apart, the send 19–21 µs, getsockopt 2.6–3 µs and the print —
 *   two write(2)s to a file, PYTHONUNBUFFERED=1 — 19–29 µs by difference: stdout 22 µs. The
 *   first getsockopt() returns 37–61 µs after its send (later ones 2.4–3.4) and the first data
 *   frame leaves 225–367 µs after connect() returned, the header line's print between them: 35
 *   and 100 µs on their first call (`firstBefore` of getsockopt and stdout).
 * - page faults (`pageFault`): a page touched for the first time cost 10.8–13.6 µs (a loop
 *   touching 256 MB, four rounds); `recv(262144)` into fresh memory ~13 µs a page (the first
 *   four calls of a loop take 700–1160 µs, later ones 20–36), a `recv(262144)` that gets 16 KiB
 *   into an mmap()ed buffer 111–130 µs every time: 13 µs a page and 30 µs for mmap() with
 *   munmap(). The recordings of `python3` show no sign of them (every frame ACKed within 20 µs
 *   of its arrival while the reader took 16 KiB a call), so that profile has none.
 * - a recv() copies 262 144 bytes in 20–23 µs once its pages are there, 16 384 in 3.4 and 1000
 *   in 2.1 (each call timed alone, the data queued): 0.07 ns per byte out (`perByteOut`), and
 *   recvfrom's 3.63 µs keeps the upload loop's 3.7 µs for recv(1000).
 * - the upload's recv(1000) that sends an ACK (upload300k-idle, each ACK matched to the call it
 *   left in by the call times): from the ACK to its return it takes 4–10 µs when the window it
 *   offers is 0 (median 6.2; nothing comes back; a plain call takes 3.8 in all), 3.5–31 µs when
 *   it offers 1024–27648 (median 11), 13–55 µs when 61440–123904 (median 31): the peer's answer
 *   runs in its context (tcp/owner.ts), and it lands in the backlog. `ackChain`: 6.5 µs
 *   (labwire's two veth hops, 6.4, are the round trip) and 0.45 ns per byte that came back
 *   (7168 → 9.7 µs, 27648 → 19, 57920 → 32.6). Four traced runs (upload300k-idle/traced: sched, softirq and net tracepoints)
 *   show the chain on the reader's CPU, and its first pass cold: after the reader's first ACK the
 *   client's data comes 107–128 µs later in the recordings (in labwire 6.4: the first recv()'s
 *   `firstAfter` delays its return, not the client).
 * The rest as `python3`.
 */
const PYTHON3_IDLE: CpuProfile = {
  ...PYTHON3,
  name: 'python3-idle',
  perCall: 3_200,
  after: { sendto: 5_000 },
  wake: {
    min: 12_000, mean: 10_000,
    slept: [
      { after: 300_000, min: 45_000, mean: 20_000 },
      { after: 5_000_000, min: 60_000, mean: 40_000 },
      { after: 100_000_000, min: 75_000, mean: 80_000 },
      { after: 500_000_000, min: 480_000, mean: 110_000 },
    ],
  },
  firstBefore: { sendto: 120_000, recvfrom: 45_000, getsockopt: 35_000, stdout: 100_000 },
  firstAfter: { connect: 90_000, sendto: 20_000, recvfrom: 120_000 },
  pageFault: { page: 13_000, mmap: 30_000 },
  ackChain: { hold: 6_500, perByte: 0.45 },
  perByteOut: 0.07,
  calls: { ...PYTHON3.calls, recvfrom: 3_630, stdout: 22_000 },
};

/**
 * `iputils`: iputils ping, a C program whose one cost that shows is its send path, from the
 * gettimeofday() stamped into an echo request to the request on the wire (raw sendmsg, IP
 * output, veth): the median, 31.5 µs, of the 37 requests (first ones, which wait for ARP,
 * aside) in test/fixtures/real/ping and ping/pair (22.6–105.9 µs).
 */
const IPUTILS: CpuProfile = { name: 'iputils', perCall: 0, perByte: 0, calls: { sendto: 31_500 } };

/** named profiles; `none` (null) is no model at all */
export const CPU_PROFILES: Readonly<Record<string, CpuProfile | null>> = { none: null, python3: PYTHON3, 'python3-idle': PYTHON3_IDLE, iputils: IPUTILS };
