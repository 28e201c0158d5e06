/**
 * Linux's timer wheel (kernel/time/timer.c) for jiffy timers (timer_list: neighbour timers
 * and the like): a timer due `delta` jiffies ahead goes to the level whose granularity
 * suits it (64 buckets a level, each level 8× coarser) and fires at its bucket's time,
 * rounded up (calc_index: `(expires >> LVL_SHIFT(lvl)) + 1`), so a 5 s timer at HZ=250 fires
 * up to 256 ms late. High-resolution timers (nanosleep, pacing) do not come here.
 *
 * Where a machine's jiffies stand against the wheel's granularity depends on when it booted;
 * `phase` (drawn once per host from its seeded stream) stands for that.
 */
import type { Nanos } from '../nanos.ts';

const LVL_CLK_SHIFT = 3;
const LVL_BITS = 6;
const LVL_DEPTH = 9;
const LVL_SIZE = 1 << LVL_BITS;

/** LVL_START(n): the first delta that level n takes */
const lvlStart = (n: number) => (LVL_SIZE - 1) * 2 ** ((n - 1) * LVL_CLK_SHIFT);

export interface TimerWheel {
  /** CONFIG_HZ */
  readonly hz: number;
  /** the host's boot phase, ns in [0, 8^(LVL_DEPTH−1) jiffies) */
  readonly phase: Nanos;
}

/** A wheel for `hz` with a boot phase from `random` (a float in [0, 1)). */
export function timerWheel(hz: number, random: () => number): TimerWheel {
  const jiffy = 1e9 / hz;
  return { hz, phase: Math.floor(random() * 2 ** ((LVL_DEPTH - 1) * LVL_CLK_SHIFT) * jiffy) };
}

/** When a jiffy timer armed at `now` for `at` really fires (mod_timer, then the wheel's rounding). */
export function wheelExpiry(w: TimerWheel, now: Nanos, at: Nanos): Nanos {
  const jiffy = 1e9 / w.hz;
  const clk = Math.floor((now + w.phase) / jiffy);
  const expires = clk + Math.ceil((at - now) / jiffy); // msecs_to_jiffies rounds up
  const delta = expires - clk;
  let lvl = 0;
  while (lvl < LVL_DEPTH - 1 && delta >= lvlStart(lvl + 1)) lvl++;
  const gran = 2 ** (lvl * LVL_CLK_SHIFT);
  const bucket = (Math.floor(expires / gran) + 1) * gran;
  return Math.max(at, Math.round(bucket * jiffy - w.phase));
}
