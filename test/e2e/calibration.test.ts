/**
 * labwire's tasks against the real-Linux recordings in test/fixtures/real/ (recorded on a
 * 6.18 kernel whose tcp_rmem max gives window scale 10): run with that machine's kernel
 * profile, both interfaces must show the same frames once ports, ISNs, timestamps and times
 * are set aside. The 300 000-byte upload (test/fixtures/real/upload300k) checks the receive
 * window's growth and the server's read count.
 */
import { describe, expect, it } from 'vitest';
import echo from '../../scenarios/echo.ts';
import { runToFiles } from '../helpers/scenario.ts';
import { normaliseCapture } from '../helpers/normalise.ts';
import { realCapturePath } from '../helpers/codec.ts';
import { readCapture, readCaptureFile } from '../../src/capture/reader.ts';
import type { CaptureEntry, CaptureRecord } from '../../src/capture/record.ts';
import { dissectFrame } from '../../src/stack/wire/frame.ts';
import { runScenario } from '../../src/sim/run-scenario.ts';
import { uploadScenario } from '../helpers/upload.ts';

describe('echo against the real-Linux calibration capture (test/fixtures/real/echo10000)', async () => {
  const run = await runToFiles({ ...echo, kernel: 'linux-6.18' });
  const ours = (iface: string) => normaliseCapture(run.captures.find((c) => c.iface === iface)!.path!);

  it('mesin1 any: the same frames (ARP, handshake options, 46-byte PSH/ACK, 32+14 echo, FIN/ACK close)', () => {
    expect(ours('any')).toEqual(normaliseCapture(realCapturePath('echo10000/mesin1-any.pcap')));
  });

  it('mesin2 eth1: the same frames', () => {
    expect(ours('eth1')).toEqual(normaliseCapture(realCapturePath('echo10000/mesin2-eth1.pcap')));
  });
});

describe('ping against the namespace lab (test/fixtures/real/ping)', async () => {
  const { default: ping } = await import('../../scenarios/ping.ts');
  const run = await runToFiles(ping);

  it('mesin1 any: ARP, four DF echo requests and non-DF replies, then mesin2\'s unicast re-probe', () => {
    const real = normaliseCapture(realCapturePath('ping/mesin1-any.pcap')).slice(0, 12);
    expect(normaliseCapture(run.captures.find((c) => c.iface === 'any')!.path!)).toEqual(real);
  });
});

describe('more tasks against the namespace lab (test/fixtures/real, kernel 6.18)', async () => {
  const { default: echo32444 } = await import('../../scenarios/echo-32444.ts');
  const { default: refused } = await import('../../scenarios/connect-refused.ts');
  const e = await runToFiles({ ...echo32444, kernel: 'linux-6.18' });
  const r = await runToFiles({ ...refused, kernel: 'linux-6.18' });
  const ours = (run: typeof e, iface: string) => normaliseCapture(run.captures.find((c) => c.iface === iface)!.path!);

  it('echo on port 32444: the same frames on mesin1 any and mesin2 eth1', () => {
    expect(ours(e, 'any')).toEqual(normaliseCapture(realCapturePath('echo32444/mesin1-any.pcap')));
    expect(ours(e, 'eth1')).toEqual(normaliseCapture(realCapturePath('echo32444/mesin2-eth1.pcap')));
  });

  it('a connect to a closed port: ARP, SYN, RST/ACK with window 0 and no options', () => {
    expect(ours(r, 'any')).toEqual(normaliseCapture(realCapturePath('refused/mesin1-any.pcap')).slice(0, 4));
    expect(ours(r, 'eth1')).toEqual(normaliseCapture(realCapturePath('refused/mesin2-eth1.pcap')).slice(0, 4));
  });
});

/** The raw window field of every TCP frame from port 10000 (the server), in capture order. */
function serverWindows(frames: Iterable<{ data: Uint8Array; linkType: number }>): number[] {
  const out: number[] = [];
  for (const e of frames) {
    const f = dissectFrame(e.data, e.linkType);
    if (f.tcp && f.tcp.srcPort === 10000) out.push(f.tcp.window);
  }
  return out;
}

function records(entries: Iterable<CaptureEntry>): CaptureRecord[] {
  return [...entries].flatMap((e) => (e.kind === 'record' ? [e] : []));
}

describe('the 300 000-byte upload against the namespace lab (test/fixtures/real/upload300k, cubic)', async () => {
  const { scenario: sc, reads: readCount } = uploadScenario();
  const run = await runScenario(sc, { seed: 1 });
  const cap = run.captures[0]!;
  const ours = serverWindows(records(cap.path ? readCaptureFile(cap.path) : readCapture(cap.bytes!)));
  const real = [1, 2, 3].map((r) => serverWindows(records(readCaptureFile(realCapturePath(`upload300k/run${r}.mesin1-eth1.pcap`)))));

  it('the server\'s window grows as in every recording: 65160 → 73728 → 81920 → 90112 (rcv_ssthresh + 2 × 4096 per segment)', () => {
    for (const r of real) expect(r.slice(0, 4).map((w, i) => (i === 0 ? w : w * 1024))).toEqual([65160, 73728, 81920, 90112]);
    expect(ours.slice(0, 4).map((w, i) => (i === 0 ? w : w * 1024))).toEqual([65160, 73728, 81920, 90112]);
  });

  it('the server reads within 5 % of the recordings\' mean count (303, 313 and 349 reads)', () => {
    const mean = (303 + 313 + 349) / 3;
    expect(Math.abs(readCount() - mean) / mean).toBeLessThan(0.05);
  });
});
