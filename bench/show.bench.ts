/**
 * `labwire show` against `tshark -r` on the same 1-million-frame capture, in the same run.
 *
 * The capture is the lab's traffic repeated: for each round an ARP exchange, a DNS lookup
 * (query, CNAME-chain response, loopback relay) and an echo-task TCP connection (handshake,
 * 46 bytes out, 32 + 14 back, FIN close) on a fresh port, all on SLL v1 as the lab's `any`
 * capture — so show runs its TCP analysis, DNS and ARP paths, not one cached frame. Written
 * with the capture writer in nanosecond pcap. Wall time is measured (allowed in bench/).
 */
import { spawnSync } from 'node:child_process';
import { rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { openCaptureWriter, readCaptureFile } from '../src/capture/index.ts';
import { DNS_CLASS_IN, DnsType, makeDnsFlags } from '../src/stack/wire/dns/index.ts';
import { showEntries } from '../src/show/show.ts';
import { arpFrame, dnsFrame, ipv4, MAC1, MAC2, synOpts, tcpFrame, tempDir, tsOpt, type L2 } from '../test/show/build.ts';

const FRAMES = 1_000_000;

function writeBenchCapture(path: string): number {
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

export default async function bench(): Promise<{ name: string; value: number; unit: string; note?: string }[]> {
  const path = join(tempDir(), 'show-bench-1m.pcap');
  const frames = writeBenchCapture(path);
  const size = statSync(path).size;
  const results: { name: string; value: number; unit: string; note?: string }[] = [];

  const rss0 = process.memoryUsage().rss;
  let bytes = 0;
  const t0 = process.hrtime.bigint();
  const r = showEntries(readCaptureFile(path), {}, (s) => void (bytes += s.length), () => {});
  const secs = Number(process.hrtime.bigint() - t0) / 1e9;
  const rssGrowth = (process.memoryUsage().rss - rss0) / 2 ** 20;
  results.push({
    name: 'show: packet list, 1M-frame SLL capture',
    value: Math.round(r.frames / secs),
    unit: 'frames/s',
    note: `${r.frames} frames (${(size / 2 ** 20).toFixed(0)} MiB) in ${secs.toFixed(2)} s; ${(bytes / 2 ** 20).toFixed(0)} MiB of text; RSS grew ${rssGrowth.toFixed(0)} MiB`,
  });

  const t1 = process.hrtime.bigint();
  const ts = spawnSync(process.env['TSHARK'] ?? 'tshark', ['-r', path], { stdio: ['ignore', 'ignore', 'ignore'] });
  const tsecs = Number(process.hrtime.bigint() - t1) / 1e9;
  if (ts.status === 0) {
    results.push({ name: 'tshark -r: same file, same run', value: Math.round(frames / tsecs), unit: 'frames/s', note: `${tsecs.toFixed(2)} s; show is ${(tsecs / secs).toFixed(2)}× tshark's speed` });
  } else {
    results.push({ name: 'tshark -r: same file, same run', value: 0, unit: 'frames/s', note: 'tshark not available or failed: no comparison' });
  }
  rmSync(path, { force: true });
  return results;
}
