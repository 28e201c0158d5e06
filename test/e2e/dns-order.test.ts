/**
 * socket_info.py's DNS on mesin1's `any`, frame order against the namespace lab's recording
 * (test/fixtures/real/dns/mesin1-any.pcap): each lookup's query on lo, the forwarder's upstream
 * query (after the first use of eth0's ARP), the answer and its relay; and getaddrinfo's A and
 * AAAA, which glibc sends with one sendmmsg, both on lo before the forwarder's first upstream
 * query, then both answers before either relay. Names, ids and ports aside: each frame reads
 * as its leg (lo / upstream, query / response) and query type.
 */
import { describe, expect, it } from 'vitest';
import { defineScenario } from '../../src/sim/scenario.ts';
import { progjar } from '../../src/labs/progjar/lab.ts';
import { socketInfo } from '../../src/programs/progjar/socket-info.ts';
import { readCaptureFile } from '../../src/capture/reader.ts';
import { dissectFrame } from '../../src/stack/wire/frame.ts';
import { parseDnsMessage } from '../../src/stack/wire/dns/message.ts';
import { DNS_QR } from '../../src/stack/wire/dns/flags.ts';
import { DnsType } from '../../src/stack/wire/dns/rdata.ts';
import { runToFiles } from '../helpers/scenario.ts';
import { realCapturePath } from '../helpers/codec.ts';

const LOOPBACK_NET = 127;

/** Each ARP or DNS frame of a capture as `arp 1`, `lo query A`, `upstream response AAAA`… */
function legs(path: string): string[] {
  const out: string[] = [];
  for (const e of readCaptureFile(path)) {
    if (e.kind !== 'record') continue;
    const f = dissectFrame(e.data, e.linkType);
    if (f.arp) out.push(`arp ${f.arp.op}`);
    if (!f.udp || !f.ipv4 || (f.udp.srcPort !== 53 && f.udp.dstPort !== 53 && f.ipv4.dst >>> 24 !== LOOPBACK_NET)) continue;
    const m = parseDnsMessage(f.udp.payload);
    if (!m.ok) continue;
    const leg = f.ipv4.src >>> 24 === LOOPBACK_NET ? 'lo' : 'upstream';
    const type = m.value.questions[0]!.type;
    out.push(`${leg} ${m.value.flags & DNS_QR ? 'response' : 'query'} ${type === DnsType.A ? 'A' : type === DnsType.AAAA ? 'AAAA' : type}`);
  }
  return out;
}

describe('socket_info.py\'s DNS frame order on mesin1 any, against the namespace lab', async () => {
  // the recording's program: two names, the typo, then getaddrinfo; only mesin1 runs
  const sc = defineScenario({
    name: 'socket-info-recorded', summary: 'socket_info.py as the namespace lab ran it', lab: progjar,
    programs: [{ on: 'mesin1', name: 'socket_info.py', at: '1s', run: socketInfo({ remoteHosts: ['www.espnfc.com', 'www.its.ac.id', 'www.espnfc.cosm'] }) }],
    captures: [{ on: 'mesin1', iface: 'any' }],
  });
  const real = legs(realCapturePath('dns/mesin1-any.pcap'));
  const seeds = [1, 2];
  const ours = await Promise.all(seeds.map(async (seed) => legs((await runToFiles(sc, seed)).captures[0]!.path!)));

  it('the recording reads as FACTS.md says: getaddrinfo\'s A and AAAA both on lo before either goes upstream', () => {
    expect(real.slice(-8)).toEqual([
      'lo query A', 'lo query AAAA', 'upstream query A', 'upstream query AAAA',
      'upstream response A', 'upstream response AAAA', 'lo response A', 'lo response AAAA',
    ]);
  });

  it('labwire\'s frames come in the recording\'s order, frame for frame', () => {
    for (const o of ours) expect(o).toEqual(real);
  });

  it('the same with the python3 CPU profile: the resolver awaits each call, and A and AAAA still leave in one sendmmsg', async () => {
    const run = await runToFiles(defineScenario({ ...sc, cpu: 'python3' }), 1);
    expect(run.result.transcript.map((l) => l.text)).toContain('ERROR : [Errno -2] Name or service not known');
    expect(legs(run.captures[0]!.path!)).toEqual(real);
  });
});
