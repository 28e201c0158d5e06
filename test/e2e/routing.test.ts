/**
 * The Docker host as a router: packets from a machine to 10.255.255.254 cross it with their
 * TTL decremented; a packet whose TTL runs out there is answered with ICMP time exceeded
 * (from the gateway, TOS 0xc0, the offending header quoted); a datagram to a closed port is
 * answered with port unreachable, which a connected UDP socket reports as ECONNREFUSED.
 */
import { describe, expect, it } from 'vitest';
import { defineScenario } from '../../src/sim/scenario.ts';
import { runScenario } from '../../src/sim/run-scenario.ts';
import { progjar } from '../../scenarios/progjar/lab.ts';
import type { Program } from '../../src/stack/socket/context.ts';
import { emitIpv4Into, parseIpv4, IPPROTO_UDP } from '../../src/stack/wire/ipv4.ts';
import { emitUdpInto } from '../../src/stack/wire/udp.ts';
import { parseIcmp } from '../../src/stack/wire/icmp.ts';
import { ipv4, formatIpv4Addr } from '../../src/stack/wire/addr.ts';
import { hasTshark, tsharkCheck } from '../helpers/tshark.ts';
import { runToFiles } from '../helpers/scenario.ts';

const seen: string[] = [];

const probe: Program = async ({ socket, sys, print }) => {
  const raw = socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_ICMP);
  // a datagram with TTL 1 towards the resolver: the gateway must drop it and say so
  const src = ipv4('172.20.0.3');
  const dst = ipv4('10.255.255.254');
  const payload = new TextEncoder().encode('ttl test');
  const frame = new Uint8Array(14 + 20 + 8 + payload.length);
  emitIpv4Into({ ident: 0x1234, flags: { df: true, mf: false }, ttl: 1, protocol: IPPROTO_UDP, src, dst }, 8 + payload.length, frame, 14);
  emitUdpInto({ srcPort: 40000, dstPort: 33434, payload }, src, dst, frame, 34);
  // an IPPROTO_RAW socket (IP_HDRINCL) sends the packet as written
  const hdrincl = socket.socket(socket.AF_INET, socket.SOCK_RAW, 255);
  await hdrincl.sendto(frame.subarray(14), [formatIpv4Addr(dst), 0]);
  hdrincl.close();
  const [packet, [from]] = await raw.recvfrom(2048);
  const ip = parseIpv4(packet, 0);
  const icmp = ip.ok ? parseIcmp(packet, ip.value.ihl * 4) : undefined;
  if (ip.ok && icmp?.ok && icmp.value.kind === 'timeExceeded') {
    const quoted = parseIpv4(icmp.value.original, 0);
    seen.push(`time-exceeded from ${from} tos=0x${ip.value.dscpEcn.toString(16)} quoting ${quoted.ok ? `${formatIpv4Addr(quoted.value.src)}>${formatIpv4Addr(quoted.value.dst)} id=0x${quoted.value.ident.toString(16)}` : '?'}`);
  }
  raw.close();
  // a connected UDP socket towards a closed port on the resolver
  const udp = socket.socket(socket.AF_INET, socket.SOCK_DGRAM);
  await udp.connect(['10.255.255.254', 9]);
  await udp.send(payload);
  udp.settimeout(1);
  try {
    await udp.recv(100);
  } catch (e) {
    seen.push(String(e));
  }
  print('done');
};

describe('routing through the Docker host', async () => {
  const sc = defineScenario({
    name: 'routing', summary: '', lab: progjar,
    programs: [{ on: 'mesin1', name: 'probe', at: 1e9, run: probe }],
    captures: [{ on: 'mesin1', iface: 'any' }],
  });
  const run = await runToFiles(sc);

  it('answers an expired TTL with ICMP time exceeded from the gateway, quoting the packet', () => {
    expect(seen[0]).toBe('time-exceeded from 172.20.0.1 tos=0xc0 quoting 172.20.0.3>10.255.255.254 id=0x1234');
  });

  it('reports a closed port through ICMP port unreachable as ConnectionRefusedError on the connected socket', () => {
    expect(seen[1]).toBe('[Errno 111] Connection refused');
  });

  it.skipIf(!hasTshark())('writes a capture tshark finds clean, checksums validated', () => {
    const c = tsharkCheck(run.captures[0]!.path!);
    expect(c.malformed).toEqual([]);
    expect(c.badChecksums).toEqual([]);
  });

  it('still runs the same with another seed (nothing depends on the draw but ids and ports)', async () => {
    seen.length = 0;
    await runScenario(sc, { seed: 99 });
    expect(seen).toEqual(['time-exceeded from 172.20.0.1 tos=0xc0 quoting 172.20.0.3>10.255.255.254 id=0x1234', '[Errno 111] Connection refused']);
  });
});
