/**
 * Socket history from the timeline: step plots of each socket's queues (Send-Q, Recv-Q as
 * `ss` shows them) and windows (advertised, peer, cwnd), and the list of what changed at a
 * given instant ("mesin1 #3 Recv-Q 0 → 46") for the details pane.
 */
import type { SockFields, TimelineData } from '../../sim/timeline.ts';
import type { Catalog } from '../i18n/index.ts';
import type { LadderPlot } from './ladder.ts';
import type { ExtraLane } from './lanes.ts';

type NumericField = 'sendQ' | 'recvQ' | 'rcvWnd' | 'sndWnd' | 'cwnd' | 'sndUna' | 'sndNxt' | 'rcvNxt';
const QUEUES: readonly NumericField[] = ['sendQ', 'recvQ'];
const WINDOWS: readonly NumericField[] = ['rcvWnd', 'sndWnd', 'cwnd'];
/** RFC 9293's names, the same in every language */
const RFC_NAMES: Partial<Record<keyof SockFields, string>> = { sndUna: 'SND.UNA', sndNxt: 'SND.NXT', rcvNxt: 'RCV.NXT', state: 'state' };

export interface SocketChange {
  readonly at: number;
  readonly host: string;
  readonly socket: string;
  readonly field: keyof SockFields;
  readonly from: string | number | undefined;
  readonly to: string | number;
}

const socketName = (host: string, id: number): string => `${host} #${id}`;

/** Every field change in time order, with the value before it. */
export function socketChanges(timeline: TimelineData | null): SocketChange[] {
  const now = new Map<string, Record<string, string | number>>();
  const out: SocketChange[] = [];
  for (const s of timeline?.socks ?? []) {
    const name = socketName(s.host, s.id);
    const cur = now.get(name) ?? now.set(name, {}).get(name)!;
    for (const [k, v] of Object.entries(s.fields) as [keyof SockFields, string | number | undefined][]) {
      if (v === undefined || cur[k] === v) continue;
      out.push({ at: s.at, host: s.host, socket: name, field: k, from: cur[k], to: v });
      cur[k] = v;
    }
  }
  return out;
}

export function fieldLabel(f: keyof SockFields, t: Catalog): string {
  if (f === 'sendQ' || f === 'recvQ' || f === 'rcvWnd' || f === 'sndWnd' || f === 'cwnd') return t[f];
  return RFC_NAMES[f] ?? f;
}

/** Two plot lanes per socket that has numbers: queues, then windows; lanes numbered from `firstLane`. */
export function socketPlots(changes: readonly SocketChange[], firstLane: number, t: Catalog): { lanes: ExtraLane[]; plots: LadderPlot[] } {
  const sockets = [...new Set(changes.map((c) => c.socket))];
  const hostOf = new Map(changes.map((c) => [c.socket, c.host]));
  const lanes: ExtraLane[] = [];
  const plots: LadderPlot[] = [];
  for (const sock of sockets) {
    for (const group of [QUEUES, WINDOWS]) {
      const series = group
        .map((f) => ({ name: `${sock} ${fieldLabel(f, t)}`, cls: f, points: changes.filter((c) => c.socket === sock && c.field === f).map((c) => ({ t: c.at, v: Number(c.to) })) }))
        .filter((s) => s.points.length > 0);
      if (series.length === 0) continue;
      const max = Math.max(1, ...series.flatMap((s) => s.points.map((p) => p.v)));
      plots.push({ lane: firstLane + lanes.length, max, series });
      lanes.push({ host: hostOf.get(sock)!, name: `${sock} ${group.map((f) => fieldLabel(f, t)).join(' / ')}` });
    }
  }
  return { lanes, plots };
}
