import { describe, expect, it } from 'vitest';
import ping from '../../scenarios/ping.ts';
import { runToFiles, transcriptOf } from '../helpers/scenario.ts';
import { hasTshark, tsharkCheck, tsharkFields } from '../helpers/tshark.ts';
import { readFileSync } from 'node:fs';
import { CPU_PROFILES } from '../../src/stack/syscall/cpu-profile.ts';
import { formatPingStats } from '../../src/programs/progjar/ping.ts';
import { realCapturePath } from '../helpers/codec.ts';
import { printedRtts, wireTiming } from '../helpers/ping-timing.ts';
import { DOCKER_BRIDGE } from '../../src/sim/link.ts';

describe('labwire run ping', async () => {
  const run = await runToFiles(ping);
  const any = run.captures.find((c) => c.iface === 'any')!.path!;
  const eth1 = run.captures.find((c) => c.iface === 'eth1')!.path!;

  it('prints what iputils ping prints', () => {
    const out = transcriptOf(run, 'mesin1');
    expect(out[0]).toBe('PING 172.16.16.102 (172.16.16.102) 56(84) bytes of data.');
    for (let seq = 1; seq <= 4; seq++) {
      expect(out[seq]).toMatch(new RegExp(`^64 bytes from 172\\.16\\.16\\.102: icmp_seq=${seq} ttl=64 time=\\d+\\.\\d{3} ms$`));
    }
    expect(out.slice(5, 8)).toEqual(['', '--- 172.16.16.102 ping statistics ---', expect.stringMatching(/^4 packets transmitted, 4 received, 0% packet loss, time 3000ms$/)]);
    expect(out[8]).toMatch(/^rtt min\/avg\/max\/mdev = \d+\.\d{3}\/\d+\.\d{3}\/\d+\.\d{3}\/\d+\.\d{3} ms$/);
  });

  it('takes round-trip times from iputils\' send path and the simulated links (two one-way latencies of the bridge)', () => {
    const times = transcriptOf(run, 'mesin1').slice(2, 5).map((l) => Number(/time=([\d.]+)/.exec(l)![1]));
    const sendPath = CPU_PROFILES.iputils!.calls.sendto!;
    // in µs, each end truncated to a whole µs as gettimeofday() and SO_TIMESTAMP are
    for (const t of times) expect(Math.abs(t * 1000 - (sendPath + 2 * DOCKER_BRIDGE.latency) / 1000)).toBeLessThanOrEqual(1);
  });

  it('sends each request when SO_RCVTIMEO (one interval) runs out after the reply reached mesin1: exact timers without a profile HZ', () => {
    const requests = tsharkFields(eth1, ['frame.time_relative'], 'icmp.type==8').map((r) => Number(r[0]));
    const replies = tsharkFields(eth1, ['frame.time_relative'], 'icmp.type==0').map((r) => Number(r[0]));
    const sendPath = CPU_PROFILES.iputils!.calls.sendto! / 1e9;
    for (let i = 1; i < requests.length; i++) expect(requests[i]!).toBeCloseTo(replies[i - 1]! + (2 * DOCKER_BRIDGE.latency) / 1e9 + 1 + sendPath, 6);
  });

  describe.skipIf(!hasTshark())('as tshark reads the captures', () => {
    it('has no malformed packets and no bad checksums, with validation on', () => {
      for (const f of [any, eth1]) {
        const c = tsharkCheck(f);
        expect(c.readError).toBeUndefined();
        expect(c.malformed).toEqual([]);
        expect(c.badChecksums).toEqual([]);
        expect(c.warnings).toEqual([]);
      }
    });

    it('shows the ARP exchange and four echo request/reply pairs with matching id and seq (mesin2 eth1)', () => {
      const rows = tsharkFields(eth1, ['frame.len', 'arp.opcode', 'eth.dst', 'icmp.type', 'icmp.ident', 'icmp.seq', 'ip.ttl']);
      expect(rows[0]!.slice(0, 3)).toEqual(['42', '1', 'ff:ff:ff:ff:ff:ff']);
      expect(rows[1]!.slice(0, 3)).toEqual(['42', '2', '02:42:ac:10:10:65']);
      const icmp = rows.filter((r) => r[3] !== '');
      expect(icmp.map((r) => [r[0], r[3], r[5]])).toEqual([
        ['98', '8', '1'], ['98', '0', '1'], ['98', '8', '2'], ['98', '0', '2'],
        ['98', '8', '3'], ['98', '0', '3'], ['98', '8', '4'], ['98', '0', '4'],
      ]);
      expect(new Set(icmp.map((r) => r[4])).size).toBe(1);
    });

    it('shows 100-byte echo frames on mesin1\'s any capture, sent as outgoing and received as host', () => {
      const rows = tsharkFields(any, ['frame.len', 'sll.pkttype', 'icmp.type'], 'icmp');
      expect(rows.map((r) => r.join(' '))).toEqual(Array(4).fill(['100 4 8', '100 0 0']).flat());
    });

    it('marks the broadcast who-has from mesin1 as outgoing and the reply as unicast to us', () => {
      const rows = tsharkFields(any, ['sll.pkttype', 'arp.opcode'], 'arp');
      expect(rows[0]).toEqual(['4', '1']);
      expect(rows[1]).toEqual(['0', '2']);
    });
  });
});

describe.skipIf(!hasTshark())('labwire run ping --any-link sll2 --format pcapng', async () => {
  const run = await runToFiles(ping, 1, 'pcapng', { anyLink: 'sll2' });
  const any = run.captures.find((c) => c.iface === 'any')!.path!;

  it('writes a Linux cooked v2 capture tshark reads cleanly, with interface indexes and directions', () => {
    const c = tsharkCheck(any);
    expect(c.malformed).toEqual([]);
    expect(c.badChecksums).toEqual([]);
    const rows = tsharkFields(any, ['frame.encap_type', 'sll.ifindex', 'sll.pkttype', 'icmp.type'], 'icmp');
    expect(rows[0]).toEqual(['210', '3', '4', '8']);
    expect(rows[1]).toEqual(['210', '3', '0', '0']);
  });
});

describe('the statistics block, against the namespace lab\'s three runs (test/fixtures/real/ping)', () => {
  // the runs' intervals on mesin1's wire, three then three then nine
  const { intervals } = wireTiming(realCapturePath('ping/mesin1-eth1.pcap'));
  const perRun = [intervals.slice(0, 3), intervals.slice(3, 6), intervals.slice(6)];

  it.each([1, 2, 3])('run %i: the same loss, time and rtt lines from the same round trips and first-to-last request', (run) => {
    const lines = readFileSync(realCapturePath(`ping/ping${run}.txt`), 'utf8').trimEnd().split('\n');
    const rtts = printedRtts(lines).map((ms) => Math.round(ms * 1000));
    const elapsedNs = perRun[run - 1]!.reduce((a, b) => a + b, 0) * 1e9;
    expect(formatPingStats('172.16.16.102', rtts.length, rtts, elapsedNs)).toEqual(lines.slice(-3));
  });
});
