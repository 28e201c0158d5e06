/**
 * `labwire show` as users run it, a whole process writing its packet list to a file, against
 * `tcpdump -nr` and `tshark -r` on the same 1-million-frame capture in the same run, each with
 * its peak RSS (bench/lib/child.ts). Aims (issue 15): ≥ 2× tcpdump's frames/s, peak RSS ≤ 64 MB.
 * A reference tool that is not installed is named as missing, and the aim it judges is not met.
 *
 * The capture is the lab's traffic repeated: for each round an ARP exchange, a DNS lookup
 * (query, CNAME-chain response, loopback relay) and an echo-task TCP connection (handshake,
 * 46 bytes out, 32 + 14 back, FIN close) on a fresh port, all on SLL v1 as the lab's `any`
 * capture — so show runs its TCP analysis, DNS and ARP paths, not one cached frame. Written
 * with the capture writer in nanosecond pcap. `LABWIRE_BENCH_FRAMES=100000` shortens it.
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openCaptureWriter } from '../src/capture/index.ts';
import { DNS_CLASS_IN, DnsType, makeDnsFlags } from '../src/stack/wire/dns/index.ts';
import { arpFrame, dnsFrame, ipv4, MAC1, MAC2, synOpts, tcpFrame, tsOpt, type L2 } from '../test/show/build.ts';
import { available, labwireBin, profileWhole, runWhole, type ChildRun } from './lib/child.ts';
import type { BenchResult, Reference, Workload } from './run.ts';

const FRAMES = Number(process.env.LABWIRE_BENCH_FRAMES ?? 1_000_000);
const RSS_AIM_MB = 64;

/** Writes the bench capture of `frames` frames to `path`; returns the frame count. */
export function writeBenchCapture(path: string, frames = FRAMES): number {
  const FRAMES = frames;
  const w = openCaptureWriter({ path, format: 'pcap-ns', interfaces: [{ name: 'any', linkType: 113 }], epochSeconds: 1747985640 });
  const toS: L2 = { link: 'sll', srcMac: MAC2, dstMac: MAC1, pkttype: 0 };
  const toC: L2 = { link: 'sll', srcMac: MAC1, dstMac: MAC2, pkttype: 4 };
  const C = { src: '172.16.16.102', dst: '172.16.16.101' };
  const S = { src: '172.16.16.101', dst: '172.16.16.102' };
  const payload = new TextEncoder().encode('INI ADALAH DATA YANG DIKIRIM ABCDEFGHIJKLMNOPQ');
  let t = 0;
  let n = 0;
  const put = (frame: Uint8Array): void => {
    if (n < FRAMES) w.write(0, t, frame);
    n++;
    t += 37_000;
  };
  for (let round = 0; n < FRAMES; round++) {
    if (round % 50 === 0) {
      put(arpFrame({ ...toC, dstMac: 0xffffffffffff, pkttype: 1 }, { op: 1, senderMac: MAC2, senderIp: ipv4(C.src), targetMac: 0, targetIp: ipv4(C.dst) }));
      put(arpFrame(toC, { op: 2, senderMac: MAC1, senderIp: ipv4(S.src), targetMac: MAC2, targetIp: ipv4(C.src) }));
      const id = round & 0xffff;
      const q = { id, flags: makeDnsFlags({ rd: true }), questions: [{ name: 'www.its.ac.id', type: DnsType.A, class: DNS_CLASS_IN }], answers: [], authorities: [], additionals: [] };
      const r = { ...q, flags: makeDnsFlags({ qr: true, rd: true, ra: true }), answers: [
        { name: 'www.its.ac.id', class: DNS_CLASS_IN, ttl: 300, rdata: { kind: 'CNAME' as const, name: 'web.its.ac.id' } },
        { name: 'web.its.ac.id', class: DNS_CLASS_IN, ttl: 300, rdata: { kind: 'A' as const, address: ipv4('103.94.189.4') } },
      ] };
      put(dnsFrame(toS, { src: '172.20.0.3', dst: '10.255.255.254' }, 40000 + (round % 20000), 53, q));
      put(dnsFrame(toC, { src: '10.255.255.254', dst: '172.20.0.3' }, 53, 40000 + (round % 20000), r));
      put(dnsFrame({ link: 'sll', srcMac: 0, dstMac: 0, loopback: true }, { src: '127.0.0.1', dst: '127.0.0.1' }, 53, 50000, r));
    }
    const cp = 32768 + (round % 28000);
    const ci = (round * 7919) >>> 0;
    const si = (round * 104729) >>> 0;
    const c = (seq: number, ack: number, flags: number, data = new Uint8Array(0), opts = tsOpt(1000 + round, 2000 + round)): void =>
      put(tcpFrame(toS, C, { srcPort: cp, dstPort: 10000, seq: (ci + seq) >>> 0, ack: (si + ack) >>> 0, flags, window: 502, options: opts, payload: data }));
    const s = (seq: number, ack: number, flags: number, data = new Uint8Array(0), opts = tsOpt(2000 + round, 1000 + round)): void =>
      put(tcpFrame(toC, S, { srcPort: 10000, dstPort: cp, seq: (si + seq) >>> 0, ack: (ci + ack) >>> 0, flags, window: 509, options: opts, payload: data }));
    c(0, 0, 0x02, undefined, synOpts(1000 + round, 0, 7));
    s(0, 1, 0x12, undefined, synOpts(2000 + round, 1000 + round, 7));
    c(1, 1, 0x10);
    c(1, 1, 0x18, payload);
    s(1, 47, 0x10);
    s(1, 47, 0x18, payload.subarray(0, 32));
    c(47, 33, 0x10);
    s(33, 47, 0x18, payload.subarray(32));
    c(47, 47, 0x10);
    c(47, 47, 0x11);
    s(47, 48, 0x11);
    c(48, 48, 0x10);
  }
  w.close();
  return Math.min(n, FRAMES);
}

interface Tool {
  readonly name: string;
  readonly run?: ChildRun;
}

/** `cmd args… FILE` once, its output to a file beside the capture; no run when `cmd` is not installed. */
function reference(name: string, cmd: string, args: readonly string[], dir: string): Tool {
  return { name, run: available(cmd) ? runWhole(cmd, args, join(dir, `${cmd}.txt`)) : undefined };
}

const mb = (mib: number | undefined) => (mib === undefined ? NaN : (mib * 2 ** 20) / 1e6);

/** ", CPU 1.23 s (456 k frames/s)" when the CPU time was measured */
function cpuText(run: ChildRun, frames: number): string {
  return run.cpuSecs === undefined ? '' : `, CPU ${run.cpuSecs.toFixed(2)} s (${Math.round(frames / run.cpuSecs / 1e3)} k frames/s)`;
}

function describe(t: Tool, frames: number): string {
  if (!t.run) return `${t.name}: not installed, not measured`;
  if (!t.run.ok) return `${t.name}: failed (${t.run.error})`;
  return `${t.name}: ${t.run.secs.toFixed(2)} s, ${Math.round(frames / t.run.secs / 1e3)} k frames/s${cpuText(t.run, frames)}, peak RSS ${mb(t.run.peakRssMiB).toFixed(0)} MB`;
}

function asRef(t: Tool, frames: number): Reference | undefined {
  return t.run?.ok ? { name: `${t.name}, same file, same run`, value: frames / t.run.secs, unit: 'frames/s', measured: true } : undefined;
}

export default async function bench(): Promise<BenchResult[]> {
  const dir = mkdtempSync(join(tmpdir(), 'labwire-bench-show-'));
  process.once('exit', () => rmSync(dir, { recursive: true, force: true })); // the profile, if any, runs later on the same file
  const path = join(dir, 'show-bench.pcap');
  const frames = writeBenchCapture(path);
  const size = statSync(path).size;
  const { bin, note: cli } = labwireBin();
  const outFile = join(dir, 'labwire-show.txt');
  const show = runWhole(process.execPath, [bin, 'show', path], outFile);
  const tcpdump = reference('`tcpdump -nr`', 'tcpdump', ['-nr', path], dir);
  const tshark = reference('`tshark -r`', 'tshark', ['-r', path], dir);
  const workload: Workload = {
    what: 'one more `labwire show` of the same file, whole process, --cpu-prof',
    profile: async () => profileWhole([bin, 'show', path], outFile),
  };
  const fps = frames / show.secs;
  const ref = asRef(tcpdump, frames);
  const ratio = ref ? fps / ref.value : undefined;
  const rss = mb(show.peakRssMiB);
  const results: BenchResult[] = [
    {
      name: `\`labwire show\`, ${frames / 1e3} k-frame SLL capture, whole process to a file`, value: fps, unit: 'frames/s', ref, ratio, workload,
      aim: { text: `≥ 2× \`tcpdump -nr\`${ref ? '' : ' (tcpdump missing: cannot be judged)'}`, met: show.ok && ratio !== undefined && ratio >= 2 },
      note: `${show.ok ? 'exit 0' : `FAILED: ${show.error}`}; ${(size / 2 ** 20).toFixed(0)} MiB read, ${(show.outBytes / 2 ** 20).toFixed(0)} MiB of text in ${show.secs.toFixed(2)} s${cpuText(show, frames)}; ${cli}\n` +
        `        ${describe(tcpdump, frames)}\n        ${describe(tshark, frames)}`,
    },
    {
      name: '  same run: peak RSS of `labwire show`', value: rss, unit: 'MB', workload,
      aim: { text: `≤ ${RSS_AIM_MB} MB`, met: rss <= RSS_AIM_MB },
      note: show.peakRssMiB === undefined ? 'python3 missing: peak RSS not measured' : `tcpdump ${mb(tcpdump.run?.peakRssMiB).toFixed(0)} MB, tshark ${mb(tshark.run?.peakRssMiB).toFixed(0)} MB (getrusage, MB = 10^6 bytes)`,
    },
  ];
  // on a machine other work shares, CPU time (user + system) compares the tools where wall time cannot
  const cpuRef = tcpdump.run?.ok && tcpdump.run.cpuSecs ? tcpdump.run.cpuSecs : undefined;
  if (show.ok && show.cpuSecs && cpuRef) {
    const cpuFps = frames / show.cpuSecs;
    results.push({
      name: '  the same by CPU time (user + system)', value: cpuFps, unit: 'frames/s',
      ref: { name: '`tcpdump -nr` by CPU time, same run', value: frames / cpuRef, unit: 'frames/s', measured: true }, ratio: cpuRef / show.cpuSecs,
      aim: { text: '≥ 2× `tcpdump -nr`', met: cpuRef / show.cpuSecs >= 2 },
    });
  }
  const tsRef = asRef(tshark, frames);
  if (tsRef) results.push({ name: '  the same against `tshark -r`', value: fps, unit: 'frames/s', ref: tsRef, ratio: fps / tsRef.value });
  else results.push({ name: '  the same against `tshark -r`', value: fps, unit: 'frames/s', note: describe(tshark, frames) });
  return results;
}
