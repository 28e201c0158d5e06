/**
 * Program lanes from the teaching timeline: one lane per thread (host, pid, tid), each socket
 * call a bar from call to return, labelled as Python would print it: `recv(16) → b'INI …'`.
 */
import type { TimelineData } from '../../sim/timeline.ts';
import type { LadderBar } from './ladder.ts';
import type { ExtraLane } from './lanes.ts';

export interface ProgramLanes {
  /** lane names after the host lanes, and whose they are */
  readonly extra: readonly ExtraLane[];
  /** lane index by `host/pid/tid` */
  readonly index: ReadonlyMap<string, number>;
}

const threadKey = (host: string, pid: number, tid: number): string => `${host}/${pid}/${tid}`;

export function programLanes(timeline: TimelineData | null, hostLanes: readonly string[]): ProgramLanes {
  const index = new Map<string, number>();
  const extra: ExtraLane[] = [];
  for (const c of timeline?.calls ?? []) {
    const k = threadKey(c.host, c.pid, c.tid);
    if (index.has(k)) continue;
    index.set(k, hostLanes.length + extra.length);
    extra.push({ host: c.host, name: c.tid === c.pid ? `${c.host} pid ${c.pid}` : `${c.host} pid ${c.pid} tid ${c.tid}` });
  }
  return { extra, index };
}

/** `recv(16) → b'INI ADALAH DATA '`; `None` results are left out, as the REPL does. */
export function callLabel(name: string, args: string, result: string): string {
  const call = `${name}(${args})`;
  return result === 'None' ? call : `${call} → ${result}`;
}

/** A frame as the program lanes need it: its number, where it went, and when it arrived. */
export interface ArrivedFrame {
  readonly no: number;
  readonly key: string | null;
  readonly src: string;
  readonly dst: string;
  readonly arrived: number;
}

/**
 * Each host's address, from the frames the timeline says it sent: the source address of the
 * captured frame with the same packet key.
 */
export function hostAddresses(timeline: TimelineData | null, frames: readonly ArrivedFrame[]): Map<string, string> {
  const srcByKey = new Map<string, string>();
  for (const f of frames) if (f.key !== null && !srcByKey.has(f.key)) srcByKey.set(f.key, f.src);
  const out = new Map<string, string>();
  for (const f of timeline?.frames ?? []) {
    const src = srcByKey.get(f.key);
    if (src !== undefined && !out.has(f.host)) out.set(f.host, src);
  }
  return out;
}

/**
 * The bars, each linked to the frame that woke it: for a call that blocked, the last frame to
 * reach its host while it waited (the call returns when that frame's data or ACK arrives).
 */
export function programBars(timeline: TimelineData | null, lanes: ProgramLanes, frames: readonly ArrivedFrame[]): LadderBar[] {
  const addr = hostAddresses(timeline, frames);
  return (timeline?.calls ?? []).map((c) => {
    const label = callLabel(c.name, c.args, c.result);
    const to = addr.get(c.host);
    let woke: number | null = null;
    if (c.end > c.start && to !== undefined) {
      for (const f of frames) if (f.dst === to && f.arrived > c.start && f.arrived <= c.end) woke = f.no;
    }
    return { lane: lanes.index.get(threadKey(c.host, c.pid, c.tid))!, t0: c.start, t1: c.end, label, title: label, woke };
  });
}
