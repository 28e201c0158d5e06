/**
 * When each event is due, as packetdrill reckons it: a relative time (`+.1`) counts from the
 * previous event's script time, a blocking call's `...END` too; a range (`+.2~+.3`) gives a
 * window for an outbound packet; `*` takes the packet whenever it comes (and the next
 * relative time counts from when it came). All in microseconds of script time.
 */
import type { ScriptEvent } from './script.ts';

export interface Due {
  /** when the event starts (or the earliest an outbound packet may come) */
  readonly start: number;
  /** the latest an outbound packet may come, before tolerance (start for a point in time) */
  readonly end: number;
  /** `*`: any time */
  readonly any: boolean;
  /** a blocking call's expected return time, or null */
  readonly callEnd: number | null;
}

export function dueTime(e: ScriptEvent, previous: number): Due {
  const t = e.time;
  const callEndAt = (base: number): number | null => (e.kind === 'syscall' && e.call.endUsecs !== null ? base + e.call.endUsecs : null);
  switch (t.type) {
    case 'absolute':
      return { start: t.usecs, end: t.usecs, any: false, callEnd: callEndAt(0) };
    case 'relative':
      return { start: previous + t.usecs, end: previous + t.usecs, any: false, callEnd: callEndAt(previous) };
    case 'range': {
      const base = t.relative ? previous : 0;
      return { start: base + t.usecs, end: base + t.endUsecs, any: false, callEnd: null };
    }
    case 'any':
      return { start: previous, end: Number.POSITIVE_INFINITY, any: true, callEnd: null };
  }
}

/** Is `actual` (µs) acceptable for an event due at `due`, with this tolerance? */
export function onTime(due: Due, actual: number, toleranceUsecs: number): boolean {
  if (due.any) return true;
  return actual >= due.start - toleranceUsecs && actual <= due.end + toleranceUsecs;
}
