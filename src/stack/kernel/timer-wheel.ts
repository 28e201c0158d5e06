/**
 * Linux's timer wheel (kernel/time/timer.c) for jiffy timers (timer_list: the neighbour
 * timers, TCP's retransmit / probe / delayed-ACK / keepalive / TIME-WAIT timers, and the
 * schedule_timeout() behind SO_RCVTIMEO and SO_SNDTIMEO): a timer due `delta` jiffies ahead goes to the level whose granularity
 * suits it (64 buckets a level, each level 8× coarser) and fires at its bucket's time,
 * rounded up (calc_index: `(expires >> LVL_SHIFT(lvl)) + 1`), so a 5 s timer at HZ=250 fires
 * up to 256 ms late. High-resolution timers (nanosleep, poll, pacing) do not come here.
 *
 * Where a machine's jiffies stand against the wheel's granularity depends on when it booted;
 * `phase` stands for that. It belongs to the machine, not the container: the lab's machines
 * are containers (the namespace lab's, namespaces) on one kernel, so one jiffies counter
 * (in test/fixtures/real/ping both machines' re-probes fire in the same tick). It is drawn
 * from the seeded stream, except where the kernel profile says where the recording machine's
 * level-2 bucket edges fell on Unix time: then the scenario's epoch places them.
 */
import type { Nanos } from '../nanos.ts';
import type { KernelProfile } from './profile.ts';

const LVL_CLK_SHIFT = 3;
const LVL_BITS = 6;
const LVL_DEPTH = 9;
const LVL_SIZE = 1 << LVL_BITS;

/** LVL_START(n): the first delta that level n takes */
const lvlStart = (n: number) => (LVL_SIZE - 1) * 2 ** ((n - 1) * LVL_CLK_SHIFT);
/** LVL_GRAN(n): jiffies per bucket of level n */
const lvlGran = (n: number) => 2 ** (n * LVL_CLK_SHIFT);

export interface TimerWheel {
  /** CONFIG_HZ */
  readonly hz: number;
  /** the machine's boot phase, ns in [0, 8^(LVL_DEPTH−1) jiffies) */
  readonly phase: Nanos;
}

/** Where a recording machine's wheel stood against Unix time, and the scenario's epoch. */
export interface WheelAlignment {
  /** Unix time of simulated time zero, whole seconds */
  readonly epochSeconds: number;
  /** Unix time modulo 64 jiffies, ns, at which jiffies was a multiple of 64 (a level-2 edge) */
  readonly edgeNs: number;
}

/**
 * A wheel for `hz` with a boot phase from `random` (a float in [0, 1)); with `align`, the
 * phase's part below 64 jiffies is the one that puts the edges where the recording saw them.
 */
export function timerWheel(hz: number, random: () => number, align?: WheelAlignment): TimerWheel {
  const jiffy = 1e9 / hz;
  const drawn = Math.floor(random() * 2 ** ((LVL_DEPTH - 1) * LVL_CLK_SHIFT) * jiffy);
  if (!align) return { hz, phase: drawn };
  // simulated `now` is at an edge when now + phase ≡ 0; Unix time is epoch + now, so
  // phase ≡ epoch − edge (mod the level-2 granularity); BigInt: epoch × 1e9 passes 2^53
  const gran = BigInt(Math.round(lvlGran(2) * jiffy)); // a level-2 edge is an edge of levels 0 and 1 too
  const low = Number((((BigInt(align.epochSeconds) * 1_000_000_000n - BigInt(align.edgeNs)) % gran) + gran) % gran);
  return { hz, phase: drawn - (drawn % Number(gran)) + low };
}

/**
 * The wheel of the machine the lab's containers share, for a kernel profile: none without an
 * HZ; `random` is the machine's seeded stream (the same for every container).
 */
export function machineWheel(profile: KernelProfile, random: () => number, epochSeconds: number): TimerWheel | null {
  if (!profile.hz) return null;
  return timerWheel(profile.hz, random, profile.wheelEdgeNs === undefined ? undefined : { epochSeconds, edgeNs: profile.wheelEdgeNs });
}

/** When a jiffy timer armed at `now` for `at` really fires (mod_timer, then the wheel's rounding). */
export function wheelExpiry(w: TimerWheel, now: Nanos, at: Nanos): Nanos {
  const jiffy = 1e9 / w.hz;
  const clk = Math.floor((now + w.phase) / jiffy);
  const expires = clk + Math.ceil((at - now) / jiffy); // msecs_to_jiffies rounds up
  const delta = expires - clk;
  let lvl = 0;
  while (lvl < LVL_DEPTH - 1 && delta >= lvlStart(lvl + 1)) lvl++;
  const gran = lvlGran(lvl);
  const bucket = (Math.floor(expires / gran) + 1) * gran;
  return Math.max(at, Math.round(bucket * jiffy - w.phase));
}
