/**
 * The receiver's RTT that paces DRS (rcv-rtt.ts), Linux 6.16+: when the 1 ms timestamp clock has
 * not ticked between our TSval and its echo, there is no timestamp sample, and the estimate comes
 * from the time a full advertised window took to arrive — well under a millisecond on a fast
 * path, so DRS (tcp_rcv_space_adjust) can act within the first millisecond.
 */
import { describe, expect, it } from 'vitest';
import { connected, Pair } from '../../helpers/pair.ts';
import { CALIBRATION_PROFILE } from '../../../src/stack/kernel/profile.ts';

/** A client that sends `n` bytes right after the handshake to a server that reads everything at once. */
function upload(n: number, latency: number) {
  const p = new Pair({ profile: CALIBRATION_PROFILE, latency, start: 5e9 });
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
});
