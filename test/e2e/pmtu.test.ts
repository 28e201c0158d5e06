/**
 * Path MTU discovery (RFC 1191) across the lab's router, between a 1500-byte network and a
 * 1400-byte one, as Linux 6.18 does it:
 * - a TCP connection needs none: the server on the 1400-byte network advertises MSS 1360, so
 *   the client's segments (super-segments cut to 1348 + 52 bytes of headers) pass the router;
 * - a packet longer than 1400 with DF set (here a raw UDP/IP packet) is answered by the router
 *   with ICMP "fragmentation needed", MTU 1400, quoting it; the client's kernel keeps that MTU
 *   for the destination, and its next connection there advertises MSS 1360 in its SYN
 *   (ipv4_default_advmss follows the learnt MTU on 6.18.44: the kernel selftest
 *   tcp_advmss_pmtu_ipv4 fails there for this reason, test/fixtures/real/packetdrill/kernel.tsv).
 */
import { describe, expect, it } from 'vitest';
import { defineLab, defineScenario } from '../../src/sim/scenario.ts';
import type { Program } from '../../src/stack/socket/context.ts';
import { emitIpv4Into, parseIpv4, IPPROTO_UDP } from '../../src/stack/wire/ipv4.ts';
import { emitUdpInto } from '../../src/stack/wire/udp.ts';
import { parseIcmp } from '../../src/stack/wire/icmp.ts';
import { ipv4 } from '../../src/stack/wire/addr.ts';
import { runToFiles } from '../helpers/scenario.ts';
import { hasTshark, runTshark, tsharkCheck, tsharkFields } from '../helpers/tshark.ts';
import { showCommand } from '../../src/cli/show.ts';

const BYTES = 20_000;
const PORT = 9000;

const lab = defineLab({
  name: 'pmtu',
  epoch: '2025-01-01T00:00:00Z',
  kernel: 'linux-6.18',
  networks: {
    front: { subnet: '10.1.0.0/24', gateway: '10.1.0.1' },
    back: { subnet: '10.2.0.0/24', gateway: '10.2.0.1', link: { mtu: 1400 } },
  },
  defaultNetwork: 'front',
  machines: { client: { interfaces: { eth0: '10.1.0.2' } }, server: { interfaces: { eth0: '10.2.0.2' } } },
});

/** a server that counts what each connection sends (two connections) */
const server: Program = async ({ socket, print }) => {
  const s = socket.socket(socket.AF_INET, socket.SOCK_STREAM);
  await s.bind(['0.0.0.0', PORT]);
  s.listen(2);
  for (let n = 0; n < 2; n++) {
    const [c] = await s.accept();
    let got = 0;
    for (let d = await c.recv(65536); d.length > 0; d = await c.recv(65536)) got += d.length;
    print('received', got);
    c.close();
  }
};

async function upload({ socket, print }: Parameters<Program>[0]): Promise<void> {
  const s = socket.socket(socket.AF_INET, socket.SOCK_STREAM);
  await s.connect(['10.2.0.2', PORT]);
  await s.sendall(new Uint8Array(BYTES));
  print('mss', s.getsockopt(socket.IPPROTO_TCP, socket.TCP_MAXSEG));
  s.close();
}

const client: Program = async (ctx) => {
  const { socket, print, time } = ctx;
  await upload(ctx);
  // 1500 bytes of UDP/IP with DF towards the server, written whole (IPPROTO_RAW: IP_HDRINCL)
  const src = ipv4('10.1.0.2');
  const dst = ipv4('10.2.0.2');
  const payload = new Uint8Array(1500 - 28);
  const packet = new Uint8Array(1500);
  emitIpv4Into({ ident: 0x4242, flags: { df: true, mf: false }, ttl: 64, protocol: IPPROTO_UDP, src, dst }, 8 + payload.length, packet, 0);
  emitUdpInto({ srcPort: 40000, dstPort: 9, payload }, src, dst, packet, 20);
  const icmpSock = socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_ICMP);
  const hdrincl = socket.socket(socket.AF_INET, socket.SOCK_RAW, 255);
  await hdrincl.sendto(packet, ['10.2.0.2', 0]);
  const [reply, [from]] = await icmpSock.recvfrom(2048);
  const ip = parseIpv4(reply, 0);
  const icmp = ip.ok ? parseIcmp(reply, ip.value.ihl * 4) : undefined;
  if (icmp?.ok && icmp.value.kind === 'destUnreachable') print('icmp', from, icmp.value.code, icmp.value.nextHopMtu);
  await time.sleep(0.1);
  await upload(ctx);
};

const scenario = defineScenario({
  name: 'pmtu',
  summary: 'TCP and a DF packet from a 1500-byte network to a 1400-byte one',
  lab,
  programs: [
    { on: 'server', name: 'server.py', run: server },
    { on: 'client', name: 'client.py', at: 100_000_000, run: client },
  ],
  captures: [{ on: 'client', iface: 'eth0' }, { on: 'server', iface: 'eth0' }],
});

describe.skipIf(!hasTshark())('path MTU discovery through the lab\'s router (1500 → 1400)', async () => {
  const run = await runToFiles(scenario, 1);
  const [clientCap, serverCap] = run.captures.map((c) => c.path!);
  const lines = run.result.transcript.map((l) => l.text);

  it('TCP: the server\'s MSS (1360) clamps the client\'s, so no ICMP comes before the DF packet and every byte arrives', () => {
    expect(lines.filter((l) => l.startsWith('received'))).toEqual([`received ${BYTES}`, `received ${BYTES}`]);
    expect(lines.filter((l) => l.startsWith('mss'))).toEqual(['mss 1348', 'mss 1348']);
    const synAcks = tsharkFields(clientCap!, ['tcp.options.mss_val'], 'tcp.flags.syn == 1 && tcp.flags.ack == 1');
    expect(synAcks.map((r) => r[0])).toEqual(['1360', '1360']);
  });

  it('a 1500-byte DF packet: the router answers ICMP fragmentation needed with MTU 1400, which the raw socket reads', () => {
    expect(lines).toContain('icmp 10.1.0.1 4 1400');
    // ip.src lists the ICMP's source, then the quoted packet's
    expect(tsharkFields(clientCap!, ['ip.src', 'icmp.type', 'icmp.code', 'icmp.mtu', 'udp.dstport'], 'icmp')).toEqual([['10.1.0.1,10.1.0.2', '3', '4', '1400', '9']]);
  });

  it('the client learnt the path MTU: its next SYN to the server advertises MSS 1360 where the first said 1460 (6.18.44)', () => {
    const syns = tsharkFields(clientCap!, ['tcp.options.mss_val'], 'tcp.flags.syn == 1 && tcp.flags.ack == 0');
    expect(syns.map((r) => r[0])).toEqual(['1460', '1360']);
  });

  it('no IP packet on the 1400-byte network is longer than 1400 bytes, GSO super-segments aside (each of their segments fits)', () => {
    const rows = tsharkFields(serverCap!, ['ip.len', 'tcp.len'], 'ip');
    const single = rows.filter(([ipLen, tcpLen]) => Number(ipLen) <= 1400 || Number(tcpLen) > 1348);
    expect(single).toHaveLength(rows.length);
    expect(rows.some(([ipLen]) => Number(ipLen) > 1400)).toBe(true); // the super-segments did cross whole
  });

  it.each([[[]], [['-V']], [['-T', 'json']]])('labwire show %j prints both captures as tshark does (ICMP fragmentation needed: RFC 1191\'s next-hop MTU)', async (args) => {
    process.env['TZ'] = 'UTC';
    for (const cap of [clientCap!, serverCap!]) {
      let out = '';
      expect(await showCommand([...args, '-r', cap], (t) => (out += t), () => {})).toBe(0);
      expect(out).toBe(runTshark([...args, '-r', cap]).stdout);
    }
  });

  it('both captures are clean for tshark', () => {
    for (const cap of [clientCap!, serverCap!]) {
      const c = tsharkCheck(cap);
      expect(c.malformed).toEqual([]);
      expect(c.badChecksums).toEqual([]);
    }
  });
});
