/**
 * The 300 000-byte upload with the `python3` CPU profile against the namespace lab's recordings
 * (test/fixtures/real/upload300k, kernel 6.18, cubic): tshark reads the zero-window events, the
 * client's data segments and their sizes from each recording and from labwire's capture of the
 * same place (mesin1's eth1), and labwire's must lie where the recordings do.
 */
import { describe, expect, it } from 'vitest';
import { runToFiles } from '../helpers/scenario.ts';
import { realCapturePath } from '../helpers/codec.ts';
import { hasTshark, tsharkFields } from '../helpers/tshark.ts';
import { UPLOAD_PORT, uploadScenario } from '../helpers/upload.ts';
import { vethLink } from '../helpers/veth.ts';

interface UploadShape {
  /** frames tshark marks tcp.analysis.zero_window */
  readonly zeroWindows: number;
  /** the client's data segments, in capture order: their TCP payload lengths */
  readonly segments: readonly number[];
  /** the server's advertised windows (scaled), in capture order */
  readonly windows: readonly number[];
}

function shape(pcap: string): UploadShape {
  return {
    zeroWindows: tsharkFields(pcap, ['frame.number'], 'tcp.analysis.zero_window').length,
    segments: tsharkFields(pcap, ['tcp.len'], `tcp.dstport==${UPLOAD_PORT} && tcp.len>0`).map((r) => Number(r[0])),
    windows: tsharkFields(pcap, ['tcp.window_size'], `tcp.srcport==${UPLOAD_PORT}`).map((r) => Number(r[0])),
  };
}

/** how many segments at the start are one 4 KiB write each */
const leading4k = (s: UploadShape) => {
  const i = s.segments.findIndex((n) => n !== 4096);
  return i === -1 ? s.segments.length : i;
};

/** run 1's plateau: tcp_space() with one 4928-byte skb queued (4096 + the sender skb's truesize, 832) at ratio 212 */
const ONE_SKB_WINDOW = 105_472;
/** the same with one more unread segment coalesced into it (4096 more charged): the reader lags a segment */
const TWO_SEGMENTS_WINDOW = 101_376;

/** where DRS takes over: the first window above the plateau */
const drsStart = (w: readonly number[]) => w.findIndex((x) => x > ONE_SKB_WINDOW);

const span = (xs: readonly number[]): [number, number] => [Math.min(...xs), Math.max(...xs)];

describe.skipIf(!hasTshark())('the 300 000-byte upload with --cpu python3 against test/fixtures/real/upload300k', async () => {
  const real = [1, 2, 3].map((r) => shape(realCapturePath(`upload300k/run${r}.mesin1-eth1.pcap`)));
  // the recordings' medium: the namespace lab's veth pair (test/helpers/veth.ts), as test/e2e/bulk-cwnd.test.ts
  const veth = { progjar: vethLink() };
  const run = async (cpu?: string) => shape((await runToFiles({ ...uploadScenario(cpu).scenario, links: veth }, 1)).captures[0]!.path!);
  const ours = await run('python3');

  it('the recordings read as FACTS.md says (74, 53 and 67 data frames)', () => {
    expect(real.map((r) => r.segments.length)).toEqual([74, 53, 67]);
    for (const r of real) expect(r.segments.reduce((a, b) => a + b, 0)).toBe(300_000);
  });

  it('the server\'s windows up to the plateau are run 1\'s: + 2 × 4096 per segment, then 105 472', () => {
    // rcv_ssthresh 65160 + 8192 per 4096-byte segment (tcp_grow_window), until tcp_space() stops it
    expect(real[0]!.windows.slice(0, 6)).toEqual([65160, 73728, 81920, 90112, 98304, ONE_SKB_WINDOW]);
    expect(ours.windows.slice(0, 5)).toEqual(real[0]!.windows.slice(0, 5));
    // run 1's reader kept up with every segment; labwire's (the python3 profile's seeded wake-up
    // latency) now and then finds the next segment queued behind the last: 4096 more charged
    const plateau = ours.windows.slice(5, drsStart(ours.windows));
    expect(plateau.every((w) => w === ONE_SKB_WINDOW || w === TWO_SEGMENTS_WINDOW)).toBe(true);
    expect(plateau.filter((w) => w === ONE_SKB_WINDOW).length).toBeGreaterThan(plateau.length / 2);
  });

  it('then DRS grows the buffer so the window goes on + 8192 per segment, as in run 1', () => {
    // run 1 sits 14 ACKs on the plateau, labwire 13: its client sends at once after connect, so no
    // timestamp sample precedes the window-based one (rcv-rtt.ts) and DRS starts one segment early
    expect(Math.abs(drsStart(ours.windows) - drsStart(real[0]!.windows))).toBeLessThanOrEqual(1);
    const steps = (w: readonly number[]) => w.slice(1).map((x, i) => x - w[i]!);
    const after = (w: readonly number[]) => steps(w.slice(drsStart(w))).slice(0, -2);
    expect(after(real[0]!.windows).every((d) => d === 8192)).toBe(true);
    expect(after(ours.windows).every((d) => d === 8192)).toBe(true);
    expect(after(ours.windows).length).toBeGreaterThan(50);
  });

  it('zero-window events: as many as the recordings show', () => {
    const [lo, hi] = span(real.map((r) => r.zeroWindows));
    expect(ours.zeroWindows).toBeGreaterThanOrEqual(lo);
    expect(ours.zeroWindows).toBeLessThanOrEqual(hi);
  });

  it('the number of data segments lies within the recordings\' range ±20 %', () => {
    const [lo, hi] = span(real.map((r) => r.segments.length));
    expect(ours.segments.reduce((a, b) => a + b, 0)).toBe(300_000);
    expect(ours.segments.length).toBeGreaterThanOrEqual(Math.floor(lo * 0.8));
    expect(ours.segments.length).toBeLessThanOrEqual(Math.ceil(hi * 1.2));
  });

  it('the first segments are the separate 4 KiB writes, as many as in every recording', () => {
    const n = Math.min(...real.map(leading4k));
    expect(n).toBeGreaterThanOrEqual(16);
    expect(leading4k(ours)).toBeGreaterThanOrEqual(n);
  });

  it('without the CPU model the writes merge from the start, which no recording shows', async () => {
    const none = await run('none');
    expect(leading4k(none)).toBeLessThan(Math.min(...real.map(leading4k)));
  });
});
