/**
 * The project's own packetdrill scripts (test/packetdrill/scripts): the lab's TCP behaviours
 * as Linux shows them, run against the simulated host without the shared corpus. Each must
 * pass; and a script whose expectation is wrong must fail at the right line, so a runner
 * that accepts anything cannot pass these tests.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeHostDriver } from '../../src/packetdrill/host.ts';
import { runScriptText } from '../../src/packetdrill/run-script.ts';

const dir = join(import.meta.dirname, 'scripts');
const scripts = readdirSync(dir).filter((f) => f.endsWith('.pkt')).sort();

async function run(name: string, text: string) {
  return runScriptText(text, { scriptPath: join(dir, name), readFile: () => undefined }, makeHostDriver);
}

describe('own packetdrill scripts', () => {
  it('has the lab behaviours and the corpus fixes', () => {
    for (const s of ['delayed-ack.pkt', 'nagle-echo-46.pkt', 'rst-close-unread.pkt', 'window-probe.pkt', 'gso-psh.pkt', 'gso-off-psh.pkt', 'cork-more-eor.pkt', 'maxseg.pkt', 'idle-restart.pkt', 'idle-no-restart.pkt', 'last-data-recv.pkt', 'partial-ack-gso.pkt', 'limited-transmit.pkt', 'notsent-lowat.pkt', 'tcp-info-disorder.pkt', 'cwnd-limited-phase.pkt', 'snd-fin-behind-cwnd.pkt', 'tlp-new-data.pkt', 'sack-whole-packets.pkt', 'tcp-info-rwnd-limited.pkt', 'tcp-info-sndbuf-limited.pkt', 'sack-reordering-cwnd.pkt', 'tso-defer.pkt', 'tcp-info-delivered-reno.pkt', 'snd-grow-skb.pkt', 'snd-sndbuf-expand.pkt', 'snd-split-window-nagle.pkt', 'qdisc-write-unsent.pkt', 'qdisc-rto-resource-probe.pkt', 'qdisc-zero-window-probe.pkt']) expect(scripts).toContain(s);
  });

  for (const name of scripts) {
    it(`${name} passes`, async () => {
      const r = await run(name, readFileSync(join(dir, name), 'utf8'));
      expect(r.outcome).toEqual({ status: 'pass' });
    });
  }

  it('fails a script that expects Nagle to let the 14 bytes go at once, at that line', async () => {
    const text = readFileSync(join(dir, 'nagle-echo-46.pkt'), 'utf8').replace('  +.1 < . 47:47(0) ack 33 win 502\n   +0 > P. 33:47(14) ack 47', '   +0 > P. 33:47(14) ack 47');
    const line = text.split('\n').findIndex((l) => l.includes('> P. 33:47(14)')) + 1;
    const r = await run('nagle-echo-46.pkt', text);
    expect(r.outcome).toMatchObject({ status: 'fail', line });
    expect(r.capture?.length).toBeGreaterThan(24);
  });

  // the tolerance is packetdrill's: 4 ms, or 12.5 % of the call's 50 ms when that is more
  it('fails a blocking call that returns later than its ... end time, naming the call', async () => {
    const text = readFileSync(join(dir, 'nagle-echo-46.pkt'), 'utf8').replace('+0...0.1 read(4, ..., 32) = 32', '+0...0.05 read(4, ..., 32) = 32');
    const r = await run('nagle-echo-46.pkt', text);
    expect(r.outcome).toMatchObject({ status: 'fail', what: 'read end time', expected: '0.150000 s ± 6250 µs', got: '0.200000 s' });
  });

  it('fails a script that expects a FIN where the unread data makes an RST', async () => {
    const text = readFileSync(join(dir, 'rst-close-unread.pkt'), 'utf8').replace('> R. 1:1(0) ack 47', '> F. 1:1(0) ack 47');
    const r = await run('rst-close-unread.pkt', text);
    expect(r.outcome).toMatchObject({ status: 'fail', what: 'tcp flags', expected: 'F. 1:1(0) ack 47', got: 'R. 1:1(0) ack 47' });
  });

  it('fails where the qdisc would have held the data, had the script not installed it', async () => {
    const text = readFileSync(join(dir, 'qdisc-write-unsent.pkt'), 'utf8').replace('`tc qdisc replace dev tun0 root pfifo limit 0`', '`tc qdisc replace dev tun0 root pfifo limit 1000`');
    const r = await run('qdisc-write-unsent.pkt', text);
    expect(r.outcome).toMatchObject({ status: 'fail' });
  });

  it('fails a script that expects the RTO to back off while the device drops its retransmissions', async () => {
    const text = readFileSync(join(dir, 'qdisc-rto-resource-probe.pkt'), 'utf8').replace('assert tcpi_total_retrans == 3, tcpi_total_retrans; assert tcpi_retrans == 0, tcpi_retrans; assert tcpi_backoff == 0', 'assert tcpi_total_retrans == 3, tcpi_total_retrans; assert tcpi_retrans == 0, tcpi_retrans; assert tcpi_backoff == 2');
    const r = await run('qdisc-rto-resource-probe.pkt', text);
    expect(r.outcome).toMatchObject({ status: 'fail', what: 'assertion' });
  });

  it('fails a delayed ACK expected too early', async () => {
    const text = readFileSync(join(dir, 'delayed-ack.pkt'), 'utf8').replace(' +.04 > . 11:11(0) ack 21', '+.01 > . 11:11(0) ack 21');
    const r = await run('delayed-ack.pkt', text);
    expect(r.outcome).toMatchObject({ status: 'fail' });
  });
});
