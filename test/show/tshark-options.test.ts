/**
 * `labwire show` with tshark's own command line: every option it takes prints what tshark
 * 4.0 prints with the same arguments, on the lab's captures (Ethernet and SLL, pcap and
 * pcapng, TCP, UDP/DNS, ICMP, three hosts) and the HTTP example's; other tshark options are
 * refused by name.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { showCommand } from '../../src/cli/show.ts';
import { runScenario } from '../../src/sim/run-scenario.ts';
import type { ScenarioSpec } from '../../src/sim/scenario.ts';
import { hasTshark, runTshark } from '../helpers/tshark.ts';
import { tempDir } from './helpers.ts';

// both read TZ for -t a/ad and Arrival Time; UTC keeps these comparisons the same on every machine
process.env['TZ'] = 'UTC';

const ROOT = resolve(import.meta.dirname, '../..');

async function cli(...argv: string[]): Promise<{ status: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const status = await showCommand(argv, (s) => (out += s), (s) => (err += s));
  return { status, out, err };
}

const SCENARIOS: readonly [string, string][] = [
  ['../../scenarios/echo.ts', 'pcap-ns'],
  ['../../scenarios/ping.ts', 'pcap'],
  ['../../scenarios/socket-info.ts', 'pcap-ns'],
  ['../../scenarios/echo-two-clients.ts', 'pcapng'],
  ['../../examples/http-get/scenario.ts', 'pcap-ns'],
];

const files: string[] = [];

beforeAll(async () => {
  const dir = tempDir();
  for (const [path, format] of SCENARIOS) {
    const sc = ((await import(path)) as { default: ScenarioSpec }).default;
    const run = await runScenario(sc, { format: format as 'pcap' | 'pcap-ns' | 'pcapng' });
    for (const c of run.captures) {
      // one capture per scenario is enough for the lab's (tshark runs dominate this file's time)
      // (http.test.ts compares both of the HTTP example's captures with tshark)
      if (c !== run.captures[sc.name === 'echo' || sc.name === 'http-get' ? 1 : 0]) continue;
      const file = join(dir, `${sc.name}.${c.host}-${c.iface}.${format === 'pcapng' ? 'pcapng' : 'pcap'}`);
      writeFileSync(file, c.bytes!);
      files.push(file);
    }
  }
}, 120_000);

const http = (): string => files.find((f) => f.includes('http-get.mesin2'))!;

/** labwire show ARGS FILE against tshark ARGS -r FILE on every capture. */
async function sameAsTshark(args: readonly string[], only?: (f: string) => boolean): Promise<void> {
  for (const file of files.filter(only ?? (() => true))) {
    const ours = await cli(...args, file);
    const theirs = runTshark(['-r', file, ...args]);
    expect({ file, err: ours.err, out: ours.out }).toEqual({ file, err: '', out: theirs.stdout });
    expect(ours.status).toBe(theirs.status);
  }
}

describe.skipIf(!hasTshark())('labwire show takes tshark\'s options', () => {
  it('-r FILE, and grouped short options (-nr FILE)', async () => {
    for (const file of files) {
      expect((await cli('-r', file)).out).toBe(runTshark(['-r', file]).stdout);
      expect((await cli('-nr', file)).out).toBe(runTshark(['-nr', file]).stdout);
    }
  });

  it.each([['1'], ['5'], ['100']])('-c %s reads only that many frames', (n) => sameAsTshark(['-c', n]));

  it('-c counts frames read, not frames shown', () => sameAsTshark(['-c', '3', '-Y', 'tcp']));

  it('-n: no name resolution, MAC addresses in hex too', async () => {
    await sameAsTshark(['-n']);
    await sameAsTshark(['-n', '-V'], (f) => f.includes('echo.'));
  });

  it.each(['r', 'a', 'ad', 'd', 'dd', 'e', 'u', 'ud'])('-t %s', (t) => sameAsTshark(['-t', t, '-Y', 'frame.number != 2']));

  it('-x: hex and ASCII dump alone, with -P the list line too, with -V after the details', async () => {
    await sameAsTshark(['-x']);
    await sameAsTshark(['-x', '-P']);
    await sameAsTshark(['-V', '-x'], (f) => f.includes('http-get') || f.includes('echo.'));
  });

  it('-T fields -e … with tshark\'s value formats', () => sameAsTshark([
    '-T', 'fields', '-e', 'frame.number', '-e', 'frame.time_relative', '-e', 'frame.time_delta', '-e', 'frame.time_epoch', '-e', 'frame.time',
    '-e', 'frame.len', '-e', 'frame.protocols', '-e', 'eth.src', '-e', 'eth.type', '-e', 'ip.src', '-e', 'ip.addr', '-e', 'ip.flags', '-e', 'ip.id',
    '-e', 'ip.checksum', '-e', 'ip.ttl', '-e', 'tcp.srcport', '-e', 'tcp.flags', '-e', 'tcp.flags.syn', '-e', 'tcp.stream', '-e', 'tcp.len',
    '-e', 'tcp.seq', '-e', 'tcp.ack', '-e', 'tcp.payload', '-e', 'tcp.flags.str', '-e', 'udp.port', '-e', 'udp.length', '-e', 'dns.qry.name',
    '-e', 'dns.a', '-e', 'icmp.type', '-e', 'icmp.seq', '-e', 'arp.opcode', '-e', 'data.len', '-e', 'http.request.method', '-e', 'http.request.uri',
    '-e', 'http.response.code', '-e', 'http.host', '-e', 'http.content_type', '-e', 'http.request.line', '-e', 'http.file_data',
  ]));

  it('-T fields with -E header, separator, quote, aggregator and occurrence', async () => {
    const base = ['-T', 'fields', '-e', 'frame.number', '-e', 'ip.addr', '-e', 'tcp.port', '-e', 'ip', '-e', 'tcp'];
    await sameAsTshark([...base, '-E', 'header=y', '-E', 'separator=,', '-E', 'quote=d']);
    await sameAsTshark([...base, '-E', 'separator=/s', '-E', 'aggregator=;', '-E', 'quote=s']);
    await sameAsTshark([...base, '-E', 'occurrence=l', '-E', 'header=y']);
    await sameAsTshark([...base, '-E', 'occurrence=f', '-E', 'aggregator=/s']);
  });

  it('-T json: every frame\'s details as tshark\'s JSON, alone and with -Y, -c and -n', async () => {
    await sameAsTshark(['-T', 'json']);
    await sameAsTshark(['-T', 'json', '-Y', 'tcp.len > 0 || dns || http || icmp']);
    await sameAsTshark(['-T', 'json', '-c', '5', '-n']);
  });

  it('-T json -e …: the fields named, as arrays of -T fields\' values', () => sameAsTshark([
    '-T', 'json', '-e', 'frame.number', '-e', 'frame.time', '-e', 'ip.addr', '-e', 'tcp.flags', '-e', 'tcp.payload', '-e', 'tcp', '-e', 'dns.qry.name',
    '-e', 'dns.a', '-e', 'icmp.seq', '-e', 'http.request.uri', '-e', 'http.response.code', '-e', 'http.request.line', '-e', 'http.file_data',
  ]));

  it('-T json -j / -J: subtrees only under the keys named (-J: with all below them)', async () => {
    await sameAsTshark(['-T', 'json', '-j', 'ip tcp', '-c', '8']);
    await sameAsTshark(['-T', 'json', '-J', 'http dns', '-Y', 'http || dns']);
  });

  it('-Y with -T fields prints only the selected frames', () => sameAsTshark(['-Y', 'http.request.method == "GET"', '-T', 'fields', '-e', 'frame.number', '-e', 'http.request.full_uri']));

  it.each(['conv,tcp', 'conv,udp', 'conv,ip', 'conv,eth'])('-q -z %s', (z) => sameAsTshark(['-q', '-z', z]));

  it.each(['flow,tcp,network', 'flow,tcp,standard'])('-q -z %s', (z) => sameAsTshark(['-q', '-z', z]));

  it.each(['1', '0.3', '0.01', '0.001', '0', '2', '100'])('-q -z io,stat,%s', (i) => sameAsTshark(['-q', '-z', `io,stat,${i}`]));

  it('-z without -q prints the frames, then the statistics; taps see every frame whatever -Y shows', async () => {
    await sameAsTshark(['-z', 'conv,ip']);
    await sameAsTshark(['-Y', 'arp', '-z', 'conv,ip', '-z', 'io,stat,1']);
  });

  it('-d tcp.port==80,data keeps HTTP\'s port as plain data; tcp.port==N,http decodes a port as HTTP', async () => {
    await sameAsTshark(['-d', 'tcp.port==80,data'], (f) => f.includes('http-get'));
    await sameAsTshark(['-d', 'tcp.port==80,data', '-V'], (f) => f.includes('http-get'));
    await sameAsTshark(['-d', 'udp.port==53,data'], (f) => f.includes('socket-info'));
  });

  it('- reads the capture from standard input', () => {
    const file = http();
    const r = spawnSync(process.execPath, [join(ROOT, 'bin/labwire.mjs'), 'show', '-'], { input: readFileSync(file), encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toBe(runTshark(['-r', file]).stdout);
  });
});

describe('labwire show refuses what it does not do, by name', () => {
  it.each([['-i', 'eth0'], ['-w', 'out.pcap'], ['-2'], ['-G', 'fields'], ['-o', 'tcp.desegment_tcp_streams:FALSE']])('tshark option %s', async (opt, ...rest) => {
    const r = await cli(opt, ...rest, 'x.pcap');
    expect(r.status).toBe(2);
    expect(r.out).toBe('');
    expect(r.err).toContain(`tshark option ${opt} is not supported by labwire show`);
    expect(r.err).toContain('labwire show --help');
  });

  it('an unknown long option, -T pdml, -x with -T json, a bad -t, -z, -E and -d', async () => {
    expect((await cli('--bogus', 'x.pcap')).err).toMatch(/unknown option --bogus is not supported.*--help/);
    expect((await cli('-T', 'pdml', 'x.pcap')).err).toMatch(/-T pdml: labwire show writes text \(the default\), fields and json/);
    expect((await cli('-T', 'json', '-x', 'x.pcap')).err).toMatch(/-x with -T json/);
    expect((await cli('-e', 'ip.src', 'x.pcap')).err).toMatch(/-e needs -T fields or -T json/);
    expect((await cli('-t', 'x', 'x.pcap')).err).toMatch(/-t x: time formats are r, a, ad, d, dd, e, u, ud/);
    expect((await cli('-z', 'expert', 'x.pcap')).err).toMatch(/-z expert is not supported/);
    expect((await cli('-T', 'fields', '-e', 'ip.src', '-E', 'bogus=1', 'x.pcap')).err).toMatch(/"bogus=1" is not a valid field output option/);
    expect((await cli('-d', 'tcp.port==80,ndmp', 'x.pcap')).err).toMatch(/tcp ports decode as http, tls or data/);
    expect((await cli('-T', 'fields', 'x.pcap')).err).toMatch(/no fields were named with -e/);
  });

  it('-e with a field labwire cannot print exits 1 naming it, as tshark does', async () => {
    const r = await cli('-T', 'fields', '-e', 'ip.src', '-e', 'nosuch.field', 'x.pcap');
    expect(r.status).toBe(1);
    expect(r.err).toBe('labwire show: Some fields aren\'t valid:\n\tnosuch.field\n');
  });

  it('--frame past the last frame is an error naming the frame count', async () => {
    const file = http();
    const r = await cli(file, '--frame', '99');
    expect(r.status).toBe(2);
    expect(r.out).toBe('');
    expect(r.err).toBe(`labwire show: there is no frame 99 in ${file}: it has 12 frames\n`);
  });

  it('--help lists every option, the filter subset and the exit codes; --version names the tshark it matches', async () => {
    const h = await cli('--help');
    expect(h.status).toBe(0);
    for (const opt of ['-r FILE', '-c N', '--frame N', '-Y FILTER', '-V', '-x', '-P', '-t r|a|ad|d|dd|e|u|ud', '-n', '-T fields -e FIELD', '-T json', '-j "KEY …"', '-E header=y|n', '-q', '-z STAT', '-d tcp.port==N', '--version', 'Exit status', 'Display filters', 'manuf']) {
      expect(h.out).toContain(opt);
    }
    const v = await cli('--version');
    expect(v.status).toBe(0);
    expect(v.out).toMatch(/^labwire show \d+\.\d+\.\d+: prints captures as TShark 4\.0/);
  });
});
