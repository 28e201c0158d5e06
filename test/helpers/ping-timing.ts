/**
 * The timing of iputils ping runs, read the same way from a real recording and from a
 * labwire run: the printed round trips, the intervals between echo requests on the wire, and
 * the neighbour re-probe (the first unicast who-has, from the run's first ARP or echo frame).
 * A capture may hold several runs (test/fixtures/real/ping: three, ~50 s apart): a run starts
 * after RUN_GAP of silence.
 */
import { readCaptureFile } from '../../src/capture/reader.ts';
import { recordTimeNs } from '../../src/capture/record.ts';
import { dissectFrame } from '../../src/stack/wire/frame.ts';
import { BROADCAST_MAC } from '../../src/stack/wire/addr.ts';

const RUN_GAP_NS = 10e9;

export interface PingTiming {
  /** ms, as printed */
  readonly rtts: number[];
  /** s, between consecutive requests of one ping (one echo id) */
  readonly intervals: number[];
  /** s, per run that shows one */
  readonly reprobes: number[];
}

interface Event {
  readonly t: number;
  readonly echoId?: number;
  readonly unicastWhoHas: boolean;
}

/** ARP and echo-request frames of an Ethernet capture, seconds since its first. */
function events(path: string): Event[] {
  const out: Event[] = [];
  let t0: bigint | null = null;
  for (const e of readCaptureFile(path)) {
    if (e.kind !== 'record') continue;
    const f = dissectFrame(e.data, e.linkType);
    const request = f.icmp?.kind === 'echoRequest' ? f.icmp : undefined;
    if (!f.arp && !request) continue;
    const ns = recordTimeNs(e);
    t0 ??= ns;
    const dst = f.link?.kind === 'ethernet' ? f.link.header.dst : undefined;
    // Ethernet captures: the destination tells a re-probe (unicast) from a first request (broadcast)
    out.push({ t: Number(ns - t0) / 1e9, echoId: request?.id, unicastWhoHas: f.arp?.op === 1 && dst !== undefined && dst !== BROADCAST_MAC });
  }
  return out;
}

function splitRuns(ev: readonly Event[]): Event[][] {
  const runs: Event[][] = [];
  for (const e of ev) {
    const last = runs.at(-1);
    if (!last || (e.t - last.at(-1)!.t) * 1e9 > RUN_GAP_NS) runs.push([e]);
    else last.push(e);
  }
  return runs;
}

/** Intervals and re-probes from an Ethernet capture of the pinging machine's interface. */
export function wireTiming(path: string): Pick<PingTiming, 'intervals' | 'reprobes'> {
  const intervals: number[] = [];
  const reprobes: number[] = [];
  for (const run of splitRuns(events(path))) {
    const requests = run.filter((e) => e.echoId !== undefined);
    for (let i = 1; i < requests.length; i++) {
      if (requests[i]!.echoId === requests[i - 1]!.echoId) intervals.push(requests[i]!.t - requests[i - 1]!.t);
    }
    const probe = run.find((e) => e.unicastWhoHas);
    if (probe) reprobes.push(probe.t - run[0]!.t);
  }
  return { intervals, reprobes };
}

/** The `time=` values of ping's output lines, ms. */
export function printedRtts(lines: readonly string[]): number[] {
  return lines.flatMap((l) => {
    const m = / time=([\d.]+) ms$/.exec(l);
    return m ? [Number(m[1])] : [];
  });
}

/** [min, max] */
export function span(values: readonly number[]): [number, number] {
  return [Math.min(...values), Math.max(...values)];
}
