/**
 * The receiver's RTT that paces DRS (rcv-rtt.ts), Linux 6.16+: when the 1 ms timestamp clock has
 * not ticked between our TSval and its echo, there is no timestamp sample, and the estimate comes
 * from the time a full advertised window took to arrive — well under a millisecond on a fast
 * path, so DRS (tcp_rcv_space_adjust) can act within the first millisecond. The `wsl2` profile
 * keeps the estimate as before 6.16 and from timestamps only: a 0 ms echo counts as 1 ms.
 * What DRS then provisions: 6.18's tcp_rcvbuf_grow() adds a slow-start term to 2 × copied.
 */
import { describe, expect, it } from 'vitest';
import { B_ADDR, connected, Pair } from '../../helpers/pair.ts';
import { CALIBRATION_PROFILE, WSL2_PROFILE, type KernelProfile } from '../../../src/stack/kernel/profile.ts';

/** A client that sends `n` bytes right after the handshake to a server that reads everything at once. */
function upload(n: number, latency: number, profile: KernelProfile = CALIBRATION_PROFILE) {
  const p = new Pair({ profile, latency, start: 5e9 });
  const { cli, srv } = connected(p, 80);
  let sent = 0;
  let read = 0;
  p.driveBounded(1_000_000, Number.POSITIVE_INFINITY, () => {
    if (sent < n) sent += Math.max(0, p.a.send(cli, new Uint8Array(Math.min(4096, n - sent)), p.now));
    const r = p.b.recv(srv, 65536, p.now);
    if (r instanceof Uint8Array) read += r.length;
  });
  return { info: p.b.info(srv, p.now)!, read };
}

describe('the receiver RTT for DRS (tcp_rcv_rtt_measure, tcp_rcv_rtt_measure_ts)', () => {
  it('comes from the window when the timestamps did not tick: below 1 ms, and DRS grew rcvq_space', () => {
    const { info, read } = upload(300_000, 20_000);
    expect(read).toBe(300_000);
    expect(info.tcpi_rcv_rtt).toBeGreaterThan(0);
    expect(info.tcpi_rcv_rtt).toBeLessThan(1000);
    expect(info.tcpi_rcv_space).toBeGreaterThan(14480);
  });

  it('takes the smaller of a window sample and a timestamp sample (6 ms one way: at least 12 ms)', () => {
    const { info } = upload(300_000, 6_000_000);
    expect(info.tcpi_rcv_rtt).toBeGreaterThanOrEqual(11_000);
    expect(info.tcpi_rcv_rtt).toBeLessThan(14_000);
  });

  it('wsl2 profile (before 6.16, no window sample): a 0 ms echo counts as 1 ms, so never below 1 ms', () => {
    const { info, read } = upload(300_000, 20_000, WSL2_PROFILE);
    expect(read).toBe(300_000);
    expect(info.tcpi_rcv_rtt).toBeGreaterThanOrEqual(1000);
  });

  it('it is the window sample that goes below 1 ms: the 6.18 profile without it does not', () => {
    const { info } = upload(300_000, 20_000, { ...CALIBRATION_PROFILE, rcvRttWindowSample: false });
    expect(info.tcpi_rcv_rtt).toBeGreaterThanOrEqual(1000);
  });
});

/** The server's receiver RTT (µs) after two full segments that arrive within the 1 ms TS tick of the handshake. */
function rttAfterFirstData(profile: KernelProfile): number {
  const p = new Pair({ profile, latency: 20_000, start: 5e9 });
  const lsn = p.b.open();
  p.b.bind(lsn, 0, 80);
  p.b.listen(lsn, 1, p.now);
  const cli = p.a.open();
  p.a.connect(cli, B_ADDR, 80, p.now);
  p.drive(p.now + 200_000);
  const srv = p.b.accept(lsn, p.now);
  expect(p.a.send(cli, new Uint8Array(8192), p.now)).toBe(8192);
  p.drive(p.now + 300_000);
  return p.b.info(srv, p.now)!.tcpi_rcv_rtt;
}

describe('tcp_rcv_rtt_measure_ts(): a 0 ms echo, by kernel generation (rcvRttFilter)', () => {
  it('before 6.16 (wsl2\'s \'ewma\') it counts as 1 ms; from 6.16 (\'min\') it is no sample', () => {
    expect(rttAfterFirstData(WSL2_PROFILE)).toBe(1000);
    expect(rttAfterFirstData({ ...WSL2_PROFILE, rcvRttFilter: 'min' })).toBe(0);
  });
});

describe('tcp_rcvbuf_grow(): 6.18\'s slow-start term (rcvbufGrowSlowStart)', () => {
  it('lets rcv_ssthresh grow further than 6.16–6.17\'s 2 × copied alone, with the reader keeping up', () => {
    const grown = (rcvbufGrowSlowStart: boolean) =>
      upload(300_000, 20_000, { ...CALIBRATION_PROFILE, rcvbufGrowSlowStart }).info.tcpi_rcv_ssthresh;
    expect(grown(true)).toBeGreaterThan(2 * grown(false));
  });
});
