/**
 * The report's model of its captures, built in the browser (and in tests) with `show`'s own
 * reader and dissector: every frame dissected in file order, as tshark's one pass does, with
 * its time on the report's axis, its lanes and the key that finds the same packet in the
 * other captures.
 *
 * Lanes are hosts by IPv4 address. A MAC address stands for the IPv4 address it was first
 * seen with (ARP's sender fields, or an IPv4 packet's source); an ARP message goes from its
 * sender's address to its target's, which is what the student reads in its Info text.
 */
import { formatCaptureError, type CaptureRecord } from '../../capture/record.ts';
import { readCapture } from '../../capture/reader.ts';
import { Dissector, type Dissected } from '../../show/dissect.ts';
import { compileFilter, type Compiled } from '../../show/filter/index.ts';
import { packetKey } from '../../sim/timeline.ts';
import { formatIpv4Addr, type MacAddr } from '../../stack/wire/addr.ts';

export interface ModelFrame {
  readonly d: Dissected;
  /** nanoseconds after the report's epoch */
  readonly t: number;
  readonly src: string;
  readonly dst: string;
  /** packetKey of the IPv4/ARP packet, or null for frames without one */
  readonly key: string | null;
}

export interface CaptureModel {
  readonly name: string;
  readonly frames: readonly ModelFrame[];
  /** show's message when the file is damaged (the frames before the damage are kept) */
  readonly error: string | null;
}

/** Nanoseconds of a record after `epochSec` (exact below 2^53 ns, about 104 days). */
export function recordTime(r: Pick<CaptureRecord, 'sec' | 'nsec'>, epochSec: number): number {
  return (r.sec - epochSec) * 1e9 + r.nsec;
}

/** The first record's whole second: the axis origin of a report made from captures alone. */
export function firstSecond(bytes: Uint8Array): number | null {
  for (const e of readCapture(bytes)) if (e.kind === 'record') return e.sec;
  return null;
}

export function loadCapture(name: string, bytes: Uint8Array, epochSec: number): CaptureModel {
  const dis = new Dissector();
  const dissected: Dissected[] = [];
  let error: string | null = null;
  for (const e of readCapture(bytes, name)) {
    if (e.kind === 'section') dis.setFormat(e.format);
    else if (e.kind === 'interface') dis.setInterface(e.ifIndex, e.tsresol, e.name);
    else if (e.kind === 'record') dissected.push(dis.next(e));
    else error = `labwire show: ${formatCaptureError(e)}`;
  }
  const macs = macToIp(dissected);
  const frames = dissected.map((d): ModelFrame => {
    const [src, dst] = endpoints(d, macs);
    const v = d.view;
    const key = v.networkOffset >= 0 && (v.ipv4 || v.arp) ? packetKey(d.record.data, v.networkOffset) : null;
    return { d, t: recordTime(d.record, epochSec), src, dst, key };
  });
  return { name, frames, error };
}

function macToIp(frames: readonly Dissected[]): Map<MacAddr, string> {
  const m = new Map<MacAddr, string>();
  for (const d of frames) {
    const v = d.view;
    if (v.arp) m.set(v.arp.senderMac, formatIpv4Addr(v.arp.senderIp));
    else if (v.ipv4 && v.link?.kind === 'ethernet' && !m.has(v.link.header.src)) m.set(v.link.header.src, formatIpv4Addr(v.ipv4.src));
  }
  return m;
}

function endpoints(d: Dissected, macs: Map<MacAddr, string>): [string, string] {
  const v = d.view;
  if (v.arp) return [formatIpv4Addr(v.arp.senderIp), formatIpv4Addr(v.arp.targetIp)];
  if (v.ipv4) return [formatIpv4Addr(v.ipv4.src), formatIpv4Addr(v.ipv4.dst)];
  if (v.link?.kind === 'ethernet') {
    return [macs.get(v.link.header.src) ?? d.row.src, macs.get(v.link.header.dst) ?? d.row.dst];
  }
  return [d.row.src, d.row.dst];
}

/** Lanes in the order their addresses first appear. */
export function lanesOf(frames: readonly ModelFrame[]): string[] {
  const seen = new Set<string>();
  for (const f of frames) {
    seen.add(f.src);
    seen.add(f.dst);
  }
  return [...seen];
}

/**
 * For each frame of `own`, when the same packet was also captured elsewhere: the earliest and
 * the latest time it was seen (the n-th copy of a packet matches the n-th copy elsewhere).
 */
export function spans(own: CaptureModel, others: readonly CaptureModel[]): { t0: number; t1: number }[] {
  const seen = new Map<string, number[][]>();
  for (const c of others) {
    const byKey = new Map<string, number[]>();
    for (const f of c.frames) if (f.key !== null) (byKey.get(f.key) ?? byKey.set(f.key, []).get(f.key)!).push(f.t);
    for (const [k, ts] of byKey) (seen.get(k) ?? seen.set(k, []).get(k)!).push(ts);
  }
  const occurrence = new Map<string, number>();
  return own.frames.map((f) => {
    let t0 = f.t;
    let t1 = f.t;
    if (f.key !== null) {
      const n = occurrence.get(f.key) ?? 0;
      occurrence.set(f.key, n + 1);
      for (const ts of seen.get(f.key) ?? []) {
        const t = ts[n];
        if (t === undefined) continue;
        if (t < t0) t0 = t;
        if (t > t1) t1 = t;
      }
    }
    return { t0, t1 };
  });
}

/** The frame numbers a display filter selects, or show's error text. */
export function selectFrames(model: CaptureModel, filterText: string): { ok: true; frames: number[] } | { ok: false; message: string } {
  if (filterText.trim() === '') return { ok: true, frames: model.frames.map((f) => f.d.no) };
  const c: Compiled = compileFilter(filterText);
  if (!c.ok) return { ok: false, message: c.message };
  return { ok: true, frames: model.frames.filter((f) => c.filter(f.d)).map((f) => f.d.no) };
}
