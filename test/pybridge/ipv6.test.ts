/**
 * Programs that say 'localhost' (issue 12): on the lab's containers lo has ::1 and getaddrinfo
 * puts it first, so asyncio, create_connection and friends speak TCP and UDP over IPv6 on lo.
 * Expected values are Linux's: hop limit 64, traffic class 0, one auto flow label per
 * direction of a connection (test/fixtures/real/ipv6/tcp.pcap), MSS 65536 − 60 on lo; and the
 * same programs recorded on Linux 6.18 (test/fixtures/real/ipv6-localhost) frame for frame.
 */
import { describe, expect, it } from 'vitest';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../src/cli/main.ts';
import { PROGRAMS } from './run-world.ts';
import { hasTshark, tsharkCheck, tsharkFields } from '../helpers/tshark.ts';
import { show, tshark } from '../show/helpers.ts';
import { realCapturePath } from '../helpers/codec.ts';

/** `labwire run --py mesin1=PROGRAM…` (a program may carry its arguments: 'v6only.py 1') */
async function run(out: string, programs: readonly string[], options: readonly string[] = []): Promise<{ code: number; text: string; pcap: string }> {
  const argv = ['run', ...options, ...programs.flatMap((p) => ['--py', `mesin1=${join(PROGRAMS, p)}`]), '--out', out];
  const code = await main(argv, () => {}, () => {});
  return { code, text: readFileSync(join(out, 'python.mesin1.txt'), 'utf8'), pcap: join(out, 'python.mesin1-any.pcap') };
}

const tmp = (): string => mkdtempSync(join(tmpdir(), 'labwire-ipv6-'));

describe('IPv6 on lo through --py', () => {
  it("asyncio's start_server and open_connection on 'localhost' talk over ::1", async () => {
    const r = await run(join(tmp(), 'out'), ['localhost_asyncio_server.py', 'localhost_asyncio_client.py']);
    expect(r.code).toBe(0);
    expect(r.text).toContain("serving [('127.0.0.1', 8889), ('::1', 8889, 0, 0)]\n");
    expect(r.text).toMatch(/^client ::1 -> \('::1', 8889, 0, 0\)$/m);
    expect(r.text).toMatch(/^server got b'hello over ::1' from \('::1', \d+, 0, 0\)$/m);
    expect(r.text).toContain("client got b'hello over ::1'\n");
  }, 60_000);

  it('create_connection to an IPv4-only server on localhost: ::1 first (reset), then 127.0.0.1', async () => {
    const r = await run(join(tmp(), 'out'), ['ipv4_only_server.py', 'localhost_create_connection.py']);
    expect(r.code).toBe(0);
    expect(r.text).toContain("[('::1', 9000, 0, 0), ('127.0.0.1', 9000)]\n");
    expect(r.text).toContain("True ('127.0.0.1', 9000)\n");
    expect(r.text).toContain("b'after ::1 refused'\n");
  }, 60_000);

  it('UDP over ::1: an echo with 4-tuple addresses, and ECONNREFUSED from a closed port', async () => {
    const r = await run(join(tmp(), 'out'), ['udp6_echo.py']);
    expect(r.code).toBe(0);
    expect(r.text).toBe([
      "server got b'ping over udp' from ::1 4",
      "client got (b'ping over udp', ('::1', 10000, 0, 0))",
      "server got b'second datagram' from ::1 4",
      "client got (b'second datagram', ('::1', 10000, 0, 0))",
      'closed port: [Errno 111] Connection refused',
      '',
    ].join('\n'));
  }, 60_000);

  it.each([
    ['0', [
      'v6only 0', "listening ('::', 9100, 0, 0)", 'V6ONLY after bind: [Errno 22] Invalid argument',
      '0.0.0.0:9100: [Errno 98] Address already in use',
      /^IPv4 client accepted as \('::ffff:127\.0\.0\.1', \d+, 0, 0\) \('::ffff:127\.0\.0\.1', 9100, 0, 0\)$/,
    ]],
    ['1', [
      'v6only 1', "listening ('::', 9100, 0, 0)", 'V6ONLY after bind: [Errno 22] Invalid argument',
      '0.0.0.0:9100 bound', 'IPv4 client: [Errno 111] Connection refused',
    ]],
  ] as const)('IPV6_V6ONLY=%s on a [::] listener', async (v6only, head) => {
    const r = await run(join(tmp(), 'out'), [`v6only.py ${v6only}`]);
    expect(r.code).toBe(0);
    const lines = r.text.split('\n');
    head.forEach((want, i) => (typeof want === 'string' ? expect(lines[i]).toBe(want) : expect(lines[i]).toMatch(want)));
    expect(lines.slice(head.length)).toEqual([
      "IPv6 client accepted as ::1 ('::1', 9100, 0, 0)",
      'V6ONLY socket to a mapped address: [Errno 101] Network is unreachable',
      '2001:db8::1: [Errno 101] Network is unreachable',
      '',
    ]);
  }, 60_000);
});

describe('IPv6 determinism', () => {
  it('the same seed gives the same capture byte for byte; another seed other flow labels', async () => {
    const pair = ['localhost_asyncio_server.py', 'localhost_asyncio_client.py'];
    const capture = async (seed: string[]) => readFileSync((await run(join(tmp(), 'out'), pair, seed)).pcap);
    const a = await capture([]);
    const b = await capture([]);
    const c = await capture(['--seed', '2']);
    expect(b.equals(a)).toBe(true);
    // the flow label of the first frame (a SYN): bytes 1-3 of the IPv6 header, after 24 bytes of pcap and 16 of record and 16 of SLL
    const label = (pcap: Buffer) => pcap.readUInt32BE(24 + 16 + 16) & 0xfffff;
    expect(label(c)).not.toBe(label(a));
  }, 60_000);
});

describe.skipIf(!hasTshark())('IPv6 frames on lo, judged by tshark', () => {
  it('the asyncio pair: cooked 0x86dd, hop limit 64, class 0, one flow label per direction, MSS 65476, clean checksums', async () => {
    const r = await run(join(tmp(), 'out'), ['localhost_asyncio_server.py', 'localhost_asyncio_client.py']);
    const rows = tsharkFields(r.pcap, ['sll.etype', 'ipv6.src', 'ipv6.dst', 'ipv6.hlim', 'ipv6.tclass', 'ipv6.flow', 'tcp.srcport', 'tcp.flags.syn', 'tcp.options.mss_val']);
    expect(rows.length).toBeGreaterThanOrEqual(10);
    for (const [etype, src, dst, hlim, tclass] of rows) expect([etype, src, dst, hlim, tclass]).toEqual(['0x86dd', '::1', '::1', '64', '0x00000000']);
    const labels = new Map<string, Set<string>>();
    for (const row of rows) labels.set(row[6]!, (labels.get(row[6]!) ?? new Set()).add(row[5]!));
    expect([...labels.keys()]).toContain('8889');
    expect([...labels.values()].map((s) => s.size)).toEqual([1, 1]);
    const [a, b] = [...labels.values()].map((s) => [...s][0]!);
    expect(a).not.toBe(b);
    expect(a).not.toBe('0x00000000');
    expect(rows.filter((row) => row[7] === '1').map((row) => row[8])).toEqual(['65476', '65476']);
    const check = tsharkCheck(r.pcap);
    expect({ malformed: check.malformed, bad: check.badChecksums, warnings: check.warnings, read: check.readError }).toEqual({ malformed: [], bad: [], warnings: [], read: undefined });
    expect((await show(r.pcap)).out).toBe(tshark(r.pcap));
    expect((await show(r.pcap, { verbose: true })).out).toBe(tshark(r.pcap, '-V'));
  }, 60_000);

  it('the IPv4-only server: a v6 SYN answered by RST/ACK on ::1, then the IPv4 handshake', async () => {
    const r = await run(join(tmp(), 'out'), ['ipv4_only_server.py', 'localhost_create_connection.py']);
    const rows = tsharkFields(r.pcap, ['sll.etype', 'tcp.dstport', 'tcp.flags.str']).slice(0, 4);
    expect(rows).toEqual([
      ['0x86dd', '9000', '··········S·'],
      ['0x86dd', rows[1]![1]!, '·······A·R··'],
      ['0x0800', '9000', '··········S·'],
      ['0x0800', rows[3]![1]!, '·······A··S·'],
    ]);
    expect(tsharkCheck(r.pcap).badChecksums).toEqual([]);
    expect((await show(r.pcap)).out).toBe(tshark(r.pcap));
  }, 60_000);

  it('UDP over ::1: good UDP and ICMPv6 checksums, the port unreachable quoting the datagram', async () => {
    const r = await run(join(tmp(), 'out'), ['udp6_echo.py']);
    const rows = tsharkFields(r.pcap, ['udp.checksum.status', 'icmpv6.type', 'icmpv6.code', 'icmpv6.checksum.status'], undefined, { args: ['-o', 'udp.check_checksum:TRUE'] });
    expect(rows.map((row) => row[0])).toEqual(['1', '1', '1', '1', '1', '1']);
    expect(rows[5]!.slice(1)).toEqual(['1', '4', '1']);
    expect((await show(r.pcap, { verbose: true })).out).toBe(tshark(r.pcap, '-V'));
  }, 60_000);
});

/** test/fixtures/real/ipv6-localhost: the same programs recorded on Linux 6.18 (its README) */
const REAL = (f: string): string => realCapturePath(`ipv6-localhost/${f}`);
/** what a frame must share with the recording: cooked header, IPv6/IPv4 header fields, TCP flags, lengths, window, options, ICMPv6 */
const FRAME_FIELDS = [
  'sll.pkttype', 'sll.etype', 'frame.len', 'ipv6.tclass', 'ipv6.hlim', 'ip.ttl', 'ip.flags.df', 'tcp.flags.str', 'tcp.len',
  'tcp.window_size_value', 'tcp.options.mss_val', 'tcp.options.wscale.shift', 'tcp.option_kind', 'icmpv6.type', 'icmpv6.code',
];
/**
 * Each task, and whether its capture is compared whole. v6only.py ends with its sockets open:
 * Linux closes them one by one at exit, each FIN crossing lo before the next close, while
 * labwire's exit closes them all at one instant, so its closing ACKs differ (IPv4 alike);
 * those two are compared up to the first FIN.
 */
const REAL_TASKS = [
  ['asyncio', ['localhost_asyncio_server.py', 'localhost_asyncio_client.py'], true],
  ['fallback', ['ipv4_only_server.py', 'localhost_create_connection.py'], true],
  ['udp', ['udp6_echo.py'], true],
  ['v6only0', ['v6only.py 0'], false],
  ['v6only1', ['v6only.py 1'], false],
] as const;
/** the recording's kernel, and CPU time per call as the lab's Python spends it (ACK timing follows it) */
const AS_RECORDED = ['--kernel', 'linux-6.18', '--cpu', 'python3'];

/** frames up to and including the first FIN */
function untilFin(rows: string[][]): string[][] {
  const fin = rows.findIndex((r) => r[7]!.endsWith('F'));
  return fin < 0 ? rows : rows.slice(0, fin + 1);
}

/** program output with port numbers (the kernel's ephemeral choices) written as PORT */
const masked = (text: string): string => text.replace(/('(?:::1|127\.0\.0\.1|::ffff:127\.0\.0\.1)', )\d{4,5}/g, '$1PORT');

describe.skipIf(!hasTshark())('IPv6 on lo against real Linux 6.18 (test/fixtures/real/ipv6-localhost)', () => {
  it.each(REAL_TASKS)('%s: transcripts line for line, frames field for field (whole capture: %s)', async (task, programs, whole) => {
    const r = await run(join(tmp(), task), programs, AS_RECORDED);
    expect(r.code).toBe(0);
    const outputs = readdirSync(realCapturePath('ipv6-localhost')).filter((f) => f.startsWith(`${task}.`) && f.endsWith('.out'));
    expect(outputs).toHaveLength(programs.length);
    for (const f of outputs) for (const line of readFileSync(REAL(f), 'utf8').split('\n').filter(Boolean)) expect(masked(r.text)).toContain(masked(line));
    const real = tsharkFields(REAL(`${task}.pcap`), FRAME_FIELDS);
    const ours = tsharkFields(r.pcap, FRAME_FIELDS);
    if (whole) expect(ours).toEqual(real);
    else expect(untilFin(ours)).toEqual(untilFin(real));
  }, 60_000);

  it('flow labels: one per direction of each TCP connection, one per UDP flow, on the reset and the ICMPv6 error too', async () => {
    const fields = ['ipv6.flow', 'tcp.srcport', 'tcp.dstport', 'udp.srcport', 'udp.dstport', 'icmpv6.type'];
    const shape = (rows: string[][]): string[] => {
      const byFlow = new Map<string, Set<string>>();
      for (const [flow, ...ends] of rows) {
        if (!flow) continue;
        const label = flow.split(',')[0]!;
        const key = ends.join('/');
        byFlow.set(key, (byFlow.get(key) ?? new Set()).add(label));
      }
      // each flow keeps one nonzero label, and no two flows share one
      const labels = [...byFlow.values()].map((s) => [...s]);
      return [String(labels.every((l) => l.length === 1 && l[0] !== '0x00000000')), String(new Set(labels.flat()).size === labels.length), String(labels.length)];
    };
    for (const task of ['asyncio', 'fallback', 'udp']) {
      const r = await run(join(tmp(), task), REAL_TASKS.find(([t]) => t === task)![1], AS_RECORDED);
      expect(shape(tsharkFields(r.pcap, fields))).toEqual(shape(tsharkFields(REAL(`${task}.pcap`), fields)));
    }
  }, 60_000);
});
