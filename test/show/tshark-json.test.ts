/**
 * `labwire show -T json` against `tshark -T json`, byte for byte: every real-Linux capture
 * (with -Y and -c too), and a pcapng whose packet comment holds every character JSON escapes.
 * The lab scenarios' captures and the HTTP example's, and -T json's -e, -j and -J, are compared
 * in tshark-options.test.ts.
 */
import { spawn, spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { captureToBytes } from '../../src/capture/writer.ts';
import { showCommand } from '../../src/cli/show.ts';
import { hasTshark, TSHARK } from '../helpers/tshark.ts';
import { emitEthernet } from '../../src/stack/wire/ethernet.ts';
import { emitIcmpv6, type Icmpv6MessageInit } from '../../src/stack/wire/icmpv6.ts';
import { emitIpv6 } from '../../src/stack/wire/ipv6.ts';
import { parseIpv6Addr } from '../../src/stack/wire/ipv6-addr.ts';
import { arpFrame, ipv4, MAC1, MAC2, tempDir, writeCapture } from './build.ts';
import { REAL_CAPTURES } from './real-captures.ts';
import { readCaptureFile } from '../../src/capture/reader.ts';

const ROOT = resolve(import.meta.dirname, '../..');

// both name _index after the frame's day in local time; UTC keeps these comparisons the same on every machine
process.env['TZ'] = 'UTC';

async function ours(args: readonly string[]): Promise<{ status: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const status = await showCommand(args, (s) => (out += s), (s) => (err += s));
  return { status, out, err };
}

/** tshark run asynchronously, so it works while labwire does (the machine has two cores). */
function theirs(args: readonly string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const p = spawn(TSHARK, args, { stdio: ['ignore', 'pipe', 'ignore'] });
    const chunks: Buffer[] = [];
    p.stdout.on('data', (c: Buffer) => chunks.push(c));
    p.on('error', reject);
    p.on('close', (code) => (code === 0 ? resolve(Buffer.concat(chunks).toString('utf8')) : reject(new Error(`tshark ${args.join(' ')} exited ${code}`))));
  });
}

/** labwire show ARGS -r FILE and tshark ARGS -r FILE print the same bytes. */
async function sameJson(file: string, ...args: string[]): Promise<string> {
  const argv = ['-T', 'json', ...args, '-r', file];
  const [a, b] = await Promise.all([ours(argv), theirs(argv)]);
  expect(a.err).toBe('');
  expect(a.status).toBe(0);
  // compared frame by frame first, so a failure names the first frame that differs
  const frames = (s: string): string[] => s.split(/\n {2}\},?\n/);
  const [x, y] = [frames(a.out), frames(b)];
  for (let i = 0; i < Math.max(x.length, y.length); i++) expect({ file, frame: i + 1, json: x[i] }).toEqual({ file, frame: i + 1, json: y[i] });
  expect(a.out).toBe(b);
  return a.out;
}

describe.skipIf(!hasTshark())('show -T json prints what tshark -T json prints', () => {
  it.each(REAL_CAPTURES)('%s, byte for byte', async (_name, path) => {
    const out = await sameJson(path);
    // a capture with no frames (a program that asked /etc/hosts only) is an empty array for both
    const frames = [...readCaptureFile(path)].filter((e) => e.kind === 'record').length;
    expect(frames === 0 ? out === '[]\n' : out.startsWith('[\n  {\n    "_index": "packets-')).toBe(true);
  }, 60_000);

  const echo = REAL_CAPTURES.find(([n]) => n === 'echo10000/mesin1-any.pcap')![1];
  const dns = REAL_CAPTURES.find(([n]) => n === 'dns/mesin1-any.pcap')![1];
  const ping = REAL_CAPTURES.find(([n]) => n === 'ping/mesin2-eth1.pcap')![1];

  it.each([
    ['tcp.len > 0', echo], ['tcp.flags.syn == 1 || tcp.flags.fin == 1', echo], ['arp', echo],
    ['dns.flags.response == 1', dns], ['udp', dns], ['icmp.type == 0', ping], ['eth.src == ff:ff:ff:ff:ff:ff', ping],
  ])('-Y %s: only the selected frames, their displayed-frame deltas from each other', async (filter, file) => {
    await sameJson(file, '-Y', filter);
  });

  it('-Y selecting nothing prints an empty array, as tshark does', async () => {
    expect(await sameJson(echo, '-Y', 'http')).toBe('[]\n');
  });

  it('-c reads that many frames, shown or not', async () => {
    await sameJson(echo, '-c', '1');
    await sameJson(echo, '-c', '4');
    await sameJson(dns, '-c', '6', '-Y', 'dns.flags.response == 0');
  });

  it('-n: the *_resolved fields name no vendor', async () => {
    await sameJson(ping, '-n');
  });

  it('-V, -P and -q change nothing, as in tshark', async () => {
    const plain = await sameJson(ping, '-c', '3');
    for (const opt of ['-V', '-P', '-q']) expect((await ours(['-T', 'json', opt, '-c', '3', '-r', ping])).out).toBe(plain);
  });

  it('strings escaped as Wireshark\'s json_dumper escapes them (a packet comment holds them all)', async () => {
    const frame = arpFrame({ link: 'eth', srcMac: MAC2, dstMac: MAC1 }, { op: 1, senderMac: MAC2, senderIp: ipv4('10.0.0.2'), targetMac: 0, targetIp: ipv4('10.0.0.1') });
    const comment = 'quote " backslash \\ </b> a/b tab\there\nnewline \r \b \f \x01 \x1f \x7f é ✓';
    const bytes = captureToBytes({ format: 'pcapng', interfaces: [{ name: 'eth0', linkType: 1 }], epochSeconds: 1747985640 }, [{ ifIndex: 0, timeNs: 0, frame, comment }]);
    const file = join(tempDir(), 'comment.pcapng');
    writeFileSync(file, bytes);
    const out = await sameJson(file);
    expect(out).toContain('"frame.comment": "quote \\" backslash \\\\ <\\/b> a/b tab\\there\\nnewline \\r \\b \\f \\u0001 \\u001f');
  });

  it('IPv6 and ICMPv6 items the real captures lack: SLAAC MACs, a bad checksum, MLDv1, an MLDv2 query, sources, errors with MTU and pointer, UDP\'s zero checksum', async () => {
    const file = writeCapture('icmpv6-items.pcap', 'eth', ICMPV6_ITEMS.map((frame, i) => ({ t: i * 1e6, frame })));
    await sameJson(file);
    const [a, b] = await Promise.all([ours(['-V', '-r', file]), theirs(['-V', '-r', file])]);
    expect(a.out).toBe(b);
  });

  it('the labwire command prints the same bytes as tshark (the CLI writes the array chunk by chunk)', async () => {
    const argv = ['-T', 'json', '-r', echo];
    const child = spawnSync(process.execPath, [join(ROOT, 'bin/labwire.mjs'), 'show', ...argv], { encoding: 'utf8', env: { ...process.env, TZ: 'UTC' } });
    expect(child.stderr).toBe('');
    expect(child.stdout).toBe(await theirs(argv));
  }, 60_000);
});

/** ICMPv6 messages between two SLAAC addresses (made from universal MACs), one frame each. */
const ICMPV6_ITEMS: Uint8Array[] = (() => {
  const src = parseIpv6Addr('fe80::211:22ff:fe33:4455')!;
  const dst = parseIpv6Addr('fe80::266:77ff:fe88:99aa')!;
  const group = parseIpv6Addr('ff02::1:ff88:99aa')!;
  const frame = (icmp: Uint8Array, nextHeader = 58, s = src, d = dst): Uint8Array =>
    emitEthernet({ dst: 0x0066778899aa, src: 0x001122334455, etherType: 0x86dd }, Uint8Array.from([...emitIpv6({ nextHeader, hopLimit: 64, src: s, dst: d }, icmp.length), ...icmp]));
  const msg = (m: Icmpv6MessageInit, d = dst): Uint8Array => emitIcmpv6(m, src, d);
  const udp = Uint8Array.from([0xa7, 0x0e, 0x27, 0x11, 0, 12, 0x12, 0x34, 1, 2, 3, 4]); // port 42766 → 10001, 4 bytes of data
  const quoted = Uint8Array.from([...emitIpv6({ nextHeader: 17, hopLimit: 64, src: dst, dst: src }, udp.length), ...udp]);
  const badChecksum = msg({ kind: 'echo', type: 128, code: 0, id: 7, seq: 1, data: Uint8Array.of(1, 2, 3) });
  badChecksum[2] ^= 0xff;
  const record = Uint8Array.from([5, 1, 0, 1, ...group, ...dst, 0xde, 0xad, 0xbe, 0xef]); // Allow new sources, 1 source, 4 bytes of aux data
  return [
    frame(msg({ kind: 'echo', type: 128, code: 0, id: 7, seq: 1, data: Uint8Array.of(1, 2, 3) })),
    frame(badChecksum),
    frame(msg({ kind: 'other', type: 131, code: 0, rest: Uint8Array.from([0, 0, 0, 0, ...group]) }, group), 58, src, group),
    frame(msg({ kind: 'other', type: 130, code: 0, rest: Uint8Array.from([0x27, 0x10, 0, 0, ...new Uint8Array(16), 0x0a, 125, 0, 0]) })),
    frame(msg({ kind: 'other', type: 143, code: 0, rest: Uint8Array.from([0, 0, 0, 1, ...record]) })),
    frame(msg({ kind: 'error', type: 2, code: 0, param: 1280, original: quoted })),
    frame(msg({ kind: 'error', type: 4, code: 0, param: 40, original: quoted })),
    frame(Uint8Array.from([0xa7, 0x0e, 0x27, 0x11, 0, 12, 0, 0, 1, 2, 3, 4]), 17), // UDP with a zero checksum, illegal in IPv6 (RFC 8200 §8.1)
  ];
})();
