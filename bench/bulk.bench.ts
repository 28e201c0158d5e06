/**
 * Bulk transfer, 100 MB one way from mesin2 to mesin1 (64 KiB reads, mesin2's eth1 captured,
 * whole frames), with GSO off (every MSS-sized frame simulated and captured: the figure
 * comparable with ns-3's packets) and on (Linux's veth default: super-segments). ns-3.48's
 * figures for the same transfer on this kind of machine are anchors: ns-3 does not run here.
 * Also the JS heap allocated per simulated frame and GC's share of the time (aims: ≤ 64 bytes,
 * ≤ 3 %). The GSO-off figures share one workload, so one profile when any falls short.
 * `LABWIRE_BENCH_MB=20` shortens it.
 */
import { bulkPayload, runBulk } from './lib/bulk.ts';
import { measure } from './lib/measure.ts';
import { profileInProcess } from './lib/profile.ts';
import type { BenchResult, Reference, Workload } from './run.ts';

const NS3_PACKETS: Reference = { name: 'ns-3.48, same transfer', value: 98e3, unit: 'packets/s', measured: false };
const NS3_PCAP: Reference = { name: 'ns-3.48 pcap', value: 203, unit: 'MB/s', measured: false };
const NS3_EVENTS: Reference = { name: 'ns-3.48 event loop', value: 608e3, unit: 'events/s', measured: false };

export default async function bench(): Promise<BenchResult[]> {
  const mb = Number(process.env.LABWIRE_BENCH_MB ?? 100);
  const payload = bulkPayload(mb * 1024 * 1024);
  const off = await measure(() => runBulk(payload, false));
  const on = await measure(() => runBulk(payload, true));
  const r = off.result;
  const fps = r.frames / off.wall;
  const eps = r.events / off.wall;
  const perCpu = (n: number) => `${(n / off.cpu / 1e3).toFixed(1)} k per CPU-second`;
  const bytesPerFrame = off.allocated / r.frames;
  const gcShare = off.gc / off.wall;
  const workload: Workload = { what: `one more ${mb} MB bulk run, GSO off, in process`, profile: async () => [await profileInProcess(() => runBulk(payload, false))] };
  return [
    {
      name: `bulk ${mb} MB, GSO off, pcap on: frames`, value: fps, unit: 'frames/s', ref: NS3_PACKETS, ratio: fps / NS3_PACKETS.value,
      aim: { text: '≥ 2× ns-3 (≥ 200 k frames/s)', met: fps >= 200e3 }, workload, note: `${r.frames} frames in ${off.wall.toFixed(2)} s wall (${perCpu(r.frames)})`,
    },
    {
      name: '  same run: pcap written', value: r.pcapBytes / off.wall / 1e6, unit: 'MB/s', ref: NS3_PCAP, ratio: r.pcapBytes / off.wall / 1e6 / NS3_PCAP.value,
      note: `${(r.pcapBytes / 1e6).toFixed(1)} MB of pcap, whole frames`,
    },
    {
      name: '  same run: whole event loop', value: eps, unit: 'events/s', ref: NS3_EVENTS, ratio: eps / NS3_EVENTS.value,
      aim: { text: '≥ 1 M events/s', met: eps >= 1e6 }, workload, note: `${r.events} events (${perCpu(r.events)})`,
    },
    {
      name: '  same run: JS heap allocated per simulated frame', value: bytesPerFrame, unit: 'bytes', aim: { text: '≤ 64 bytes', met: bytesPerFrame <= 64 }, workload,
      note: `${(off.allocated / 1e6).toFixed(0)} MB in all (v8.GCProfiler); frame buffers outside the heap: ${(off.external / 1e6).toFixed(1)} MB held at the end`,
    },
    { name: '  same run: GC share of the time', value: gcShare * 100, unit: '%', aim: { text: '≤ 3 %', met: gcShare <= 0.03 }, workload, note: `${off.gc.toFixed(2)} s of GC pauses` },
    {
      name: `bulk ${mb} MB, GSO on (super-segments), pcap on: frames`, value: on.result.frames / on.wall, unit: 'frames/s',
      note: `${on.result.frames} frames, ${on.result.events} events in ${on.wall.toFixed(2)} s; ${Math.ceil(payload.length / 1448 / on.wall / 1e3)} k MSS segments/s of payload; GC ${((100 * on.gc) / on.wall).toFixed(1)} %`,
    },
  ];
}
