/**
 * Durations in scenario fields: simulated nanoseconds (`s(1)`, `ms(250)`, `1e9`) or a string
 * with a unit (`'1s'`, `'250ms'`, `'1.5s'`, `'20us'`, `'500ns'`, `'2min'`).
 */
import type { Nanos } from './time.ts';

export type DurationUnit = 'ns' | 'us' | 'µs' | 'ms' | 's' | 'min';

/** What a scenario field accepts for a time: nanoseconds or `'<number><unit>'`. */
export type Duration = Nanos | `${number}${DurationUnit}`;

const NANOS_PER: Readonly<Record<DurationUnit, number>> = { ns: 1, us: 1e3, 'µs': 1e3, ms: 1e6, s: 1e9, min: 60e9 };

const PATTERN = /^(\d+(?:\.\d+)?|\.\d+)\s*(ns|us|µs|ms|s|min)$/;

/** The longest duration a scenario may name: a day of simulated time (far past any lab). */
export const MAX_DURATION: Nanos = 86_400e9;

/** Nanoseconds for `d`, or a sentence saying why it is not a duration. */
export function parseDuration(d: unknown): { ok: true; nanos: Nanos } | { ok: false; why: string } {
  let nanos: number;
  if (typeof d === 'number') nanos = d;
  else if (typeof d === 'string') {
    const m = PATTERN.exec(d.trim());
    if (!m) return { ok: false, why: `${JSON.stringify(d)} is not a duration like '1s', '250ms' or s(1)` };
    nanos = Math.round(Number(m[1]) * NANOS_PER[m[2] as DurationUnit]);
  } else return { ok: false, why: 'expected a duration (nanoseconds, s(1), or a string like \'1s\')' };
  if (!Number.isFinite(nanos) || nanos < 0) return { ok: false, why: `${String(d)} is not a duration ≥ 0` };
  if (nanos > MAX_DURATION) return { ok: false, why: `${String(d)} is longer than a day of simulated time (durations are in nanoseconds: use s(1) or '1s')` };
  return { ok: true, nanos: Math.round(nanos) };
}

/** Nanoseconds for a duration already validated (throws a RangeError otherwise: a bug in the caller). */
export function toNanos(d: Duration): Nanos {
  const r = parseDuration(d);
  if (!r.ok) throw new RangeError(r.why);
  return r.nanos;
}
