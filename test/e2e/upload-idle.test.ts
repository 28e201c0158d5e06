/**
 * Issue 16's 300 000-byte upload as an idle machine runs it (test/fixtures/real/upload300k-idle:
 * six runs, kernel 6.18, cubic, load 0.25): the recorded programs themselves
 * (tools/netns-lab/programs/upload_{server,client}.py, the client at 1 s as upload.sh starts it
 * 1.5 s after the server) through the Python bridge with `--cpu python3-idle` on the veth hop,
 * mesin1's eth1 captured as in the recordings. On an idle machine the server's accept() wakes
 * 0.5–0.8 ms after the handshake, so the reader starts behind and stays behind: ~301 reads of
 * 1000 bytes, windows that close and reopen. `test/e2e/upload-cpu.test.ts` has the loaded
 * machine's upload (test/fixtures/real/upload300k), where the reader keeps up.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { onLab, runPy, LAB_PROGRAMS } from '../pybridge/run-world.ts';
import { realCapturePath } from '../helpers/codec.ts';
import { hasTshark, tsharkFields } from '../helpers/tshark.ts';
import { vethLink } from '../helpers/veth.ts';
import { runToFiles } from '../helpers/scenario.ts';
import { uploadScenario, type UploadEnd } from '../helpers/upload.ts';

const PORT = 10000;
const RUNS = [1, 2, 3, 4, 5, 6];
const SEEDS = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];

interface Upload {
  /** the server's recv() calls, the final b'' included (its printed line) */
  readonly reads: number;
  /** the server's advertised windows (scaled), in capture order */
  readonly windows: readonly number[];
  /** the client's data frames */
  readonly dataFrames: number;
  /** frames tshark marks tcp.analysis.zero_window */
  readonly zeroWindows: number;
  /** µs from the SYN to the client's first data frame, and to the reader's first ACK (the 17th window) */
  readonly firstDataUs: number;
  readonly readerAckUs: number;
}

function upload(pcap: string, serverLine: string): Upload {
  const frames = tsharkFields(pcap, ['frame.time_relative', 'tcp.srcport', 'tcp.len', 'tcp.flags.syn', 'tcp.window_size'], 'tcp');
  const us = (row: string[]) => Number(row[0]) * 1e6;
  const syn = frames.find((f) => f[3] === '1' && f[1] !== String(PORT))!;
  const fromServer = frames.filter((f) => f[1] === String(PORT));
  const data = frames.filter((f) => f[1] !== String(PORT) && Number(f[2]) > 0);
  return {
    reads: Number(/reads (\d+)/.exec(serverLine)![1]),
    windows: fromServer.map((f) => Number(f[4])),
    dataFrames: data.length,
    zeroWindows: tsharkFields(pcap, ['frame.number'], 'tcp.analysis.zero_window').length,
    firstDataUs: us(data[0]!) - us(syn),
    readerAckUs: us(fromServer[16]!) - us(syn),
  };
}

/** `ss -tinm`'s line for the server socket: rcv_rtt (ms), rcv_space, rcv_ssthresh, skmem rb and the segment counters */
function ssState(text: string): UploadEnd {
  const num = (re: RegExp) => Number(re.exec(text)![1]);
  return {
    rcvRttUs: Math.round(num(/rcv_rtt:([\d.]+)/) * 1000), rcvSpace: num(/rcv_space:(\d+)/), rcvSsthresh: num(/rcv_ssthresh:(\d+)/),
    rcvbuf: num(/skmem:\(r\d+,rb(\d+)/), segsIn: num(/ segs_in:(\d+)/), dataSegsIn: num(/data_segs_in:(\d+)/), segsOut: num(/ segs_out:(\d+)/),
  };
}

const span = (xs: readonly number[]): [number, number] => [Math.min(...xs), Math.max(...xs)];
const median = (xs: readonly number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;
/** the largest difference, value by value, over the first `n` */
const maxDiff = (a: readonly number[], b: readonly number[], n: number) =>
  Math.max(...Array.from({ length: n }, (_, i) => Math.abs((a[i] ?? Infinity) - (b[i] ?? -Infinity))));

describe.skipIf(!hasTshark())('the 300 000-byte upload on an idle machine: --cpu python3-idle against test/fixtures/real/upload300k-idle', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'labwire-upload-idle-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const real = RUNS.map((r) => upload(realCapturePath(`upload300k-idle/run${r}.mesin1-eth1.pcap`),
    readFileSync(realCapturePath(`upload300k-idle/run${r}.server.txt`), 'utf8')));

  const simulate = async (cpu: string, seed: number): Promise<Upload> => {
    const base = { ...onLab('upload-idle', []), kernel: 'linux-6.18', cpu, links: { progjar: vethLink() }, captures: [{ on: 'mesin1', iface: 'eth1' }] };
    const r = await runPy(base, [
      { on: 'mesin1', file: `${LAB_PROGRAMS}/upload_server.py`, args: [String(PORT), 'cubic'] },
      { on: 'mesin2', file: `${LAB_PROGRAMS}/upload_client.py`, args: ['172.16.16.101', String(PORT), '300000', 'cubic'], at: '1s' },
    ], seed);
    const pcap = join(dir, `${cpu}-${seed}.pcap`);
    writeFileSync(pcap, r.captures[0]!);
    const line = r.run.result.transcript.find((l) => l.host === 'mesin1' && l.text.startsWith('reads '))!.text;
    return upload(pcap, line);
  };
  const ours: Upload[] = [];
  for (const seed of SEEDS) ours.push(await simulate('python3-idle', seed)); // one Python run at a time (runPy)

  it('the recordings read as FACTS.md says: 301–302 reads, the same first sixteen windows, then 44032 or 46080', () => {
    expect(real.map((r) => r.reads)).toEqual([302, 301, 301, 302, 302, 302]);
    for (const r of real) expect(r.windows.slice(0, 16)).toEqual(real[0]!.windows.slice(0, 16));
    expect(real[0]!.windows.slice(0, 16)).toEqual([65160, 73728, 81920, 90112, 95232, 91136, 88064, 84992, 80896, 77824, 74752, 70656, 67584, 64512, 60416, 57344]);
    expect(new Set(real.map((r) => r.windows[16]))).toEqual(new Set([44032, 46080]));
  });

  it('the server reads as often as on Linux: within 5 % of the recordings, in every seed', () => {
    const mean = real.reduce((a, r) => a + r.reads, 0) / real.length;
    for (const o of ours) expect(Math.abs(o.reads - mean) / mean).toBeLessThan(0.05);
  });

  it('the first nineteen windows are a recording\'s, in every seed (to the zero window the reader\'s first ACK, 44032 or 46080, lets the client fill)', () => {
    for (const o of ours) expect(real.some((r) => maxDiff(o.windows, r.windows, 19) === 0), o.windows.join(' ')).toBe(true);
  });

  it('then the reader\'s second opening and the window its burst leaves are a recording\'s (61440 12288, or 62464 18432 as in run 1)', () => {
    for (const o of ours) expect(real.some((r) => maxDiff(o.windows, r.windows, 21) === 0), o.windows.join(' ')).toBe(true);
  });

  /**
   * The 12288 bytes that window lets in arrive while the reader's recv() that sent it holds the
   * socket (the client's answer runs in its context: CpuProfile.ackChain); the next recv()
   * acknowledges them with the window its read left, 0, and the one whose read frees the queue's
   * head skb opens 7168 (runs 2, 3, 5 and 6: 12288 0 7168 0). Before the lock was held for that
   * answer, the reader took two recv()s per round trip and acknowledged them itself with 7168.
   */
  it('every seed\'s first 23 windows are a recording\'s: the ACK of what the second opening lets in offers 0, the reader\'s 7168 follows', () => {
    for (const o of ours) expect(real.some((r) => maxDiff(o.windows, r.windows, 23) === 0), o.windows.join(' ')).toBe(true);
    const after = (w: readonly number[]) => w.slice(21, 24).join(' ');
    expect(new Set(ours.filter((o) => o.windows[20] === 12288).map((o) => after(o.windows)))).toEqual(new Set(['0 7168 0']));
  });

  it('the whole transfer\'s windows, SYN-ACK to FIN, are a recording\'s in at least half the seeds', () => {
    const whole = ours.filter((o) => real.some((r) => r.windows.length === o.windows.length && maxDiff(o.windows, r.windows, r.windows.length) === 0));
    expect(whole.length).toBeGreaterThanOrEqual(SEEDS.length / 2);
  });

  it('data frames and zero windows: as many as the recordings show (the seeds\' median within their range)', () => {
    const [fLo, fHi] = span(real.map((r) => r.dataFrames));
    const [zLo, zHi] = span(real.map((r) => r.zeroWindows));
    expect(median(ours.map((o) => o.dataFrames))).toBeGreaterThanOrEqual(fLo);
    expect(median(ours.map((o) => o.dataFrames))).toBeLessThanOrEqual(fHi);
    expect(median(ours.map((o) => o.zeroWindows))).toBeGreaterThanOrEqual(zLo);
    expect(median(ours.map((o) => o.zeroWindows))).toBeLessThanOrEqual(zHi);
    for (const o of ours) expect(o.zeroWindows).toBeGreaterThan(0);
  });

  it('when: the first data frame and the reader\'s first ACK fall where the recordings\' do (±25 %)', () => {
    const [dLo, dHi] = span(real.map((r) => r.firstDataUs));
    const [aLo, aHi] = span(real.map((r) => r.readerAckUs));
    for (const o of ours) {
      expect(o.firstDataUs).toBeGreaterThan(dLo * 0.75);
      expect(o.firstDataUs).toBeLessThan(dHi * 1.25);
      expect(o.readerAckUs).toBeGreaterThan(aLo * 0.75);
      expect(o.readerAckUs).toBeLessThan(aHi * 1.25);
    }
  });

  it('what DRS made of it: the receiver\'s end state lies where `ss -tinm` found Linux\'s (upload300k-idle/ss, six runs)', async () => {
    const ss = RUNS.map((r) => ssState(readFileSync(realCapturePath(`upload300k-idle/ss/run${r}.ss.txt`), 'utf8')));
    const range = (k: keyof UploadEnd) => span(ss.map((x) => x[k]));
    const within: Record<keyof UploadEnd, number> = { rcvRttUs: 0, rcvSpace: 0, rcvbuf: 0, rcvSsthresh: 0, segsIn: 0, dataSegsIn: 0, segsOut: 0 };
    for (const seed of SEEDS) {
      const u = uploadScenario('python3-idle', { endState: true });
      await runToFiles({ ...u.scenario, links: { progjar: vethLink() } }, seed);
      const end = u.end()!;
      // within the six runs' range, 1 % either side: the receiver RTT, DRS's space and buffer,
      // rcv_ssthresh (94287 when no segment came after DRS grew the buffer, else ~94287 + twice
      // what came after), and the segments counted in GSO segments as tcp_segs_in and
      // __tcp_transmit_skb count them
      for (const k of Object.keys(within) as (keyof UploadEnd)[]) {
        const [lo, hi] = range(k);
        if (end[k] >= Math.floor(lo * 0.99) && end[k] <= Math.ceil(hi * 1.01)) within[k]++;
      }
    }
    // every seed for the buffer and the segment counts; DRS's space and the receiver RTT in all
    // but two: two seeds (5 and 7) measure no more than 15536 (rcvq_space starts at 14480) where
    // Linux's two lowest runs went to 16535 and 19583
    for (const k of ['rcvbuf', 'rcvSsthresh', 'segsIn', 'dataSegsIn', 'segsOut'] as const) expect(within[k], k).toBe(SEEDS.length);
    expect(within.rcvSpace).toBeGreaterThanOrEqual(SEEDS.length - 2);
    expect(within.rcvRttUs).toBeGreaterThanOrEqual(SEEDS.length - 2);
  });

  it('with the loaded machine\'s profile (python3) the reader keeps up instead, as in upload300k\'s run 1: no zero window, ~350 reads', async () => {
    const loaded = await simulate('python3', 1);
    expect(loaded.zeroWindows).toBe(0);
    expect(loaded.reads).toBeGreaterThan(340);
  });
});
