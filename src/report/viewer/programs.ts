/**
 * Program lanes from the teaching timeline: one lane per thread (host, pid, tid), each socket
 * call a bar from call to return, labelled as Python would print it: `recv(16) → b'INI …'`.
 */
import type { TimelineData } from '../../sim/timeline.ts';
import type { LadderBar } from './ladder.ts';

export interface ProgramLanes {
  /** lane names after the host lanes */
  readonly extra: readonly string[];
  /** lane index by `host/pid/tid` */
  readonly index: ReadonlyMap<string, number>;
}

const threadKey = (host: string, pid: number, tid: number): string => `${host}/${pid}/${tid}`;

export function programLanes(timeline: TimelineData | null, hostLanes: readonly string[]): ProgramLanes {
  const index = new Map<string, number>();
  const extra: string[] = [];
  for (const c of timeline?.calls ?? []) {
    const k = threadKey(c.host, c.pid, c.tid);
    if (index.has(k)) continue;
    index.set(k, hostLanes.length + extra.length);
    extra.push(c.tid === c.pid ? `${c.host} pid ${c.pid}` : `${c.host} pid ${c.pid} tid ${c.tid}`);
  }
  return { extra, index };
}

/** `recv(16) → b'INI ADALAH DATA '`; `None` results are left out, as the REPL does. */
export function callLabel(name: string, args: string, result: string): string {
  const call = `${name}(${args})`;
  return result === 'None' ? call : `${call} → ${result}`;
}

export function programBars(timeline: TimelineData | null, lanes: ProgramLanes): LadderBar[] {
  return (timeline?.calls ?? []).map((c) => {
    const label = callLabel(c.name, c.args, c.result);
    return { lane: lanes.index.get(threadKey(c.host, c.pid, c.tid))!, t0: c.start, t1: c.end, label, title: label };
  });
}
