/**
 * The IGMPv3 reports a host sends when a socket joins and leaves a group, against the namespace
 * lab's recording (test/fixtures/real/py/multicast: mesin2 at 172.20.0.4 joining 224.1.1.1):
 * the IPv4 packets byte for byte (TOS 0xc0, id 0, DF, TTL 1, Router Alert, the report); one
 * socket in two groups (test/fixtures/real/igmp): both records in each report, in Linux's order;
 * and `show` on labwire's frames printing what tshark prints.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { World } from '../../../src/sim/world.ts';
import { DOCKER_BRIDGE } from '../../../src/sim/link.ts';
import { defaultMakeTcp } from '../../../src/sim/run-scenario.ts';
import { CALIBRATION_PROFILE } from '../../../src/stack/kernel/profile.ts';
import { readCapture } from '../../../src/capture/reader.ts';
import { dockerMac, ipv4 } from '../../../src/stack/wire/addr.ts';
import { AF_INET, IPPROTO_IP, IP_ADD_MEMBERSHIP, IP_DROP_MEMBERSHIP, SOCK_DGRAM } from '../../../src/stack/abi/linux.ts';
import { showCommand } from '../../../src/cli/show.ts';
import { settle } from '../../helpers/world.ts';
import { hasTshark, runTshark } from '../../helpers/tshark.ts';
import { writeCapture } from '../../show/build.ts';

const REAL = join(import.meta.dirname, '../../fixtures/real/py/multicast/mesin2-any.pcap');
const TWO_GROUPS = join(import.meta.dirname, '../../fixtures/real/igmp/two-groups-eth0.pcap');
const SLL_HLEN = 16;
const PACKET_OUTGOING = 4;
const IPPROTO_IGMP = 2;

/** the IPv4 packets of the IGMP messages mesin2 sent in the recording */
function recordedReports(): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (const e of readCapture(readFileSync(REAL))) {
    if (e.kind !== 'record' || e.data[1] !== PACKET_OUTGOING || e.data[SLL_HLEN + 9] !== IPPROTO_IGMP) continue;
    out.push(e.data.subarray(SLL_HLEN));
  }
  return out;
}

const mreq = (last: number) => String.fromCharCode(224, 1, 1, last, 0, 0, 0, 0);

/**
 * mesin2 (eth0 172.20.0.4/16): by default joining 224.1.1.1 and dropping it; `groups`: one socket
 * joining each, then closed. The Ethernet frames it sends.
 */
function ourReports(groups?: readonly number[]): { t: number; frame: Uint8Array }[] {
  const addr = ipv4('172.20.0.4');
  const w = new World({
    seed: 1, epochSeconds: 1747985640, segments: [{ name: 'lan', params: DOCKER_BRIDGE }], makeTcp: defaultMakeTcp,
    hosts: [{ name: 'mesin2', hostname: 'mesin2', profile: CALIBRATION_PROFILE, gateway: ipv4('172.20.0.1'), interfaces: [{ name: 'eth0', addr, prefix: 16, mac: dockerMac(addr), segment: 'lan' }] }],
  });
  const frames: { t: number; frame: Uint8Array }[] = [];
  w.onWire((_from, frame) => {
    frames.push({ t: w.now, frame: frame.slice() });
    return true;
  });
  const t = w.openTable('mesin2');
  const s = t.socket(AF_INET, SOCK_DGRAM, 0);
  for (const g of groups ?? [1]) expect(t.setsockopt(s, IPPROTO_IP, IP_ADD_MEMBERSHIP, mreq(g))).toBe(0);
  settle(w);
  expect(groups ? t.close(s) : t.setsockopt(s, IPPROTO_IP, IP_DROP_MEMBERSHIP, mreq(1))).toBe(0);
  settle(w);
  return frames;
}

describe('IGMPv3 reports', () => {
  it('are the packets Linux 6.18 sent: two joins, then two leaves, byte for byte', () => {
    const real = recordedReports();
    const ours = ourReports().map((f) => f.frame.subarray(14));
    expect(real).toHaveLength(4);
    expect(ours.map((p) => [...p])).toEqual(real.map((p) => [...p]));
  });
});

describe('IGMPv3 reports of one socket in two groups', () => {
  it('are the Ethernet frames Linux 6.18 sent: both records in each, joins newest first, leaves in mc_tomb order', () => {
    const real = [...readCapture(readFileSync(TWO_GROUPS))].flatMap((e) => (e.kind === 'record' ? [[...e.data]] : []));
    expect(real).toHaveLength(4);
    expect(ourReports([8, 9]).map((f) => [...f.frame])).toEqual(real);
  });
});

describe.skipIf(!hasTshark())('IGMPv3 reports in show against tshark', () => {
  it.each([[[]], [['-V']]])('show %j prints what tshark prints', async (args) => {
    const file = writeCapture('igmp-reports.pcap', 'eth', ourReports());
    process.env['TZ'] = 'UTC';
    let out = '';
    expect(await showCommand([...args, '-r', file], (s) => (out += s), () => undefined)).toBe(0);
    expect(out).toBe(runTshark([...args, '-r', file]).stdout);
    expect(out).toContain(args.length === 0 ? 'Membership Report / Leave group 224.1.1.1' : 'Record Type: Change To Include Mode (3)');
  });
});
