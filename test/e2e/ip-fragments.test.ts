/**
 * IPv4 fragmentation on the lab (RFC 791; Linux ip_fragment / ip_defrag), as a UDP lab that
 * sends a whole file in one datagram meets it: mesin2 sends 3000 bytes of UDP to mesin1 over
 * the 1500-byte progjar network; they leave as three fragments (1480 + 1480 + 48 bytes of IP
 * data, one IP id, MF on the first two), tshark reassembles them, and mesin1's recvfrom() gets
 * the datagram whole. A 2000-byte ping goes out in two fragments and its echo reply comes back
 * in two. A packet whose other fragments never come is dropped after net.ipv4.ipfrag_time
 * (30 s), and its sender hears ICMP time exceeded, code 1, quoting the first fragment.
 * `labwire show` prints the capture as tshark does (list, -V, JSON, fields, filters).
 */
import { describe, expect, it } from 'vitest';
import { defineScenario } from '../../src/sim/scenario.ts';
import { progjar } from '../../scenarios/progjar/lab.ts';
import type { Program } from '../../src/stack/socket/context.ts';
import { emitIpv4Into, parseIpv4, parseQuotedIpv4, IPPROTO_UDP } from '../../src/stack/wire/ipv4.ts';
import { emitIcmp, parseIcmp } from '../../src/stack/wire/icmp.ts';
import { emitUdpInto } from '../../src/stack/wire/udp.ts';
import { ipv4 } from '../../src/stack/wire/addr.ts';
import { runToFiles } from '../helpers/scenario.ts';
import { hasTshark, runTshark, tsharkCheck, tsharkFields } from '../helpers/tshark.ts';
import { showCommand } from '../../src/cli/show.ts';

const server: Program = async ({ socket, print }) => {
  const s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM);
  await s.bind(['0.0.0.0', 5005]);
  const [data, from] = await s.recvfrom(4096);
  print('got', data.length, 'bytes from', from[0]);
};

const client: Program = async ({ socket, print, time }) => {
  const s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM);
  await s.sendto(new Uint8Array(3000).fill(0x61), ['172.16.16.101', 5005]);
  // ping -s 2000: an echo request of 2008 bytes of ICMP
  const raw = socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_ICMP);
  await raw.sendto(emitIcmp({ kind: 'echoRequest', id: 0x4d2, seq: 1, data: new Uint8Array(2000) }), ['172.16.16.101', 0]);
  const [reply] = await raw.recvfrom(4096);
  const ip = parseIpv4(reply, 0);
  const icmp = ip.ok ? parseIcmp(reply, ip.value.ihl * 4) : undefined;
  if (icmp?.ok) print('ping reply', icmp.value.kind, reply.length, 'bytes');
  // the first fragment of a 3000-byte datagram, and nothing more
  const src = ipv4('172.16.16.102');
  const dst = ipv4('172.16.16.101');
  const whole = new Uint8Array(20 + 8 + 3000 - 8);
  emitIpv4Into({ ident: 0x7777, flags: { df: false, mf: false }, ttl: 64, protocol: IPPROTO_UDP, src, dst }, 3000, whole, 0);
  emitUdpInto({ srcPort: 40000, dstPort: 5006, payload: new Uint8Array(2992) }, src, dst, whole, 20);
  const first = whole.slice(0, 20 + 1480);
  emitIpv4Into({ ident: 0x7777, flags: { df: false, mf: true }, ttl: 64, protocol: IPPROTO_UDP, src, dst }, 1480, first, 0);
  const hdrincl = socket.socket(socket.AF_INET, socket.SOCK_RAW, 255);
  try {
    await hdrincl.sendto(whole, ['172.16.16.101', 0]); // IP_HDRINCL: the kernel does not fragment what the program wrote
  } catch (e) {
    print('whole packet:', String(e));
  }
  const start = time.monotonic();
  await hdrincl.sendto(first, ['172.16.16.101', 0]);
  for (;;) {
    const [pkt] = await raw.recvfrom(4096);
    const h = parseIpv4(pkt, 0);
    const m = h.ok ? parseIcmp(pkt, h.value.ihl * 4) : undefined;
    if (m?.ok && m.value.kind === 'timeExceeded') {
      const q = parseQuotedIpv4(m.value.original, 0);
      print('time exceeded code', m.value.code, 'after', Math.round(time.monotonic() - start), 's quoting id', q.ok ? q.value.ident.toString(16) : '?');
      break;
    }
  }
};

const scenario = defineScenario({
  name: 'fragments',
  summary: 'a 3000-byte UDP datagram, a 2000-byte ping, a lone first fragment',
  lab: progjar,
  programs: [
    { on: 'mesin1', name: 'udp_server.py', run: server },
    { on: 'mesin2', name: 'udp_client.py', at: 1e9, run: client },
  ],
  captures: [{ on: 'mesin1', iface: 'eth1' }],
});

describe.skipIf(!hasTshark())('IPv4 fragments on the lab', async () => {
  const run = await runToFiles(scenario, 1);
  const cap = run.captures[0]!.path!;
  const lines = run.result.transcript.map((l) => l.text);

  it('the receiver gets the 3000-byte datagram whole', () => {
    expect(lines).toContain('got 3000 bytes from 172.16.16.102');
  });

  it('a 3020-byte packet written whole on an IP_HDRINCL socket is refused, not fragmented (raw_send_hdrinc)', () => {
    expect(lines).toContain('whole packet: [Errno 90] Message too long');
  });

  it('it crossed as three fragments of one id: 1480 + 1480 + 48 bytes, MF on the first two, offsets 0, 185, 370 (× 8 bytes), DF clear', () => {
    const f = tsharkFields(cap, ['ip.id', 'ip.len', 'ip.flags.mf', 'ip.frag_offset', 'ip.flags.df'], 'ip.src == 172.16.16.102 && (ip.flags.mf == 1 || ip.frag_offset > 0) && !icmp');
    const udp = f.slice(0, 3);
    expect(new Set(udp.map((r) => r[0])).size).toBe(1);
    expect(udp.map((r) => r.slice(1))).toEqual([['1500', '1', '0', '0'], ['1500', '1', '185', '0'], ['68', '0', '370', '0']]);
  });

  it('tshark reassembles it into the UDP datagram of 3008 bytes', () => {
    expect(tsharkFields(cap, ['udp.length', 'udp.dstport'], 'udp.dstport == 5005')).toEqual([['3008', '5005']]);
  });

  it('the 2000-byte ping and its reply each cross in two fragments; the reply is read whole', () => {
    expect(lines).toContain('ping reply echoReply 2028 bytes');
    const pings = tsharkFields(cap, ['icmp.type'], 'icmp.type == 8 || icmp.type == 0');
    expect(pings.map((r) => r[0])).toEqual(['8', '0']);
    expect(tsharkFields(cap, ['ip.len'], 'ip.proto == 1 && (ip.flags.mf == 1 || ip.frag_offset > 0) && !(icmp.type == 11)').map((r) => r[0])).toEqual(['1500', '548', '1500', '548']);
  });

  it('a lone first fragment: after ipfrag_time (30 s) the receiver sends ICMP time exceeded, code 1, quoting it', () => {
    expect(lines).toContain('time exceeded code 1 after 30 s quoting id 7777');
    expect(tsharkFields(cap, ['icmp.type', 'icmp.code'], 'icmp.type == 11')).toEqual([['11', '1']]);
  });

  it.each([[[]], [['-V']], [['-T', 'json']], [['-T', 'fields', '-e', 'ip.id', '-e', 'ip.flags.mf', '-e', 'ip.frag_offset', '-e', 'udp.length', '-e', 'icmp.type']]])(
    'labwire show %j prints what tshark prints: fragments, the reassembled datagram and ping, the ICMP quoting a fragment',
    async (args) => {
      process.env['TZ'] = 'UTC';
      let out = '';
      expect(await showCommand([...args, '-r', cap], (t) => (out += t), () => {})).toBe(0);
      expect(out).toBe(runTshark([...args, '-r', cap]).stdout);
    },
  );

  it('its filters see fragments as tshark does', async () => {
    for (const filter of ['udp', 'icmp.type == 8', 'ip.flags.mf == 1', 'ip.frag_offset > 0', 'ip.len == 68', 'data']) {
      let out = '';
      await showCommand(['-Y', filter, '-r', cap], (t) => (out += t), () => {});
      expect({ filter, out }).toEqual({ filter, out: runTshark(['-Y', filter, '-r', cap]).stdout });
    }
  });

  it('the capture is clean for tshark', () => {
    const c = tsharkCheck(cap);
    expect(c.malformed).toEqual([]);
    expect(c.badChecksums).toEqual([]);
  });
});
