import { describe, expect, it } from 'vitest';
import echo from '../../scenarios/echo.ts';
import echo32444 from '../../scenarios/echo-32444.ts';
import twoClients from '../../scenarios/echo-two-clients.ts';
import image from '../../scenarios/echo-image.ts';
import refused from '../../scenarios/connect-refused.ts';
import timeout from '../../scenarios/connect-timeout.ts';
import { gradientPng } from '../../scenarios/progjar/files.ts';
import { runToFiles, transcriptOf } from '../helpers/scenario.ts';
import { hasTshark, tsharkCheck, tsharkFields } from '../helpers/tshark.ts';

const SERVER = (port: number, clientPort: string) => [
  `INFO:root:starting up on ('0.0.0.0', ${port})`,
  'INFO:root:waiting for a connection',
  `INFO:root:connection from ('172.16.16.102', ${clientPort})`,
  "INFO:root:received b'INI ADALAH DATA YANG DIKIRIM ABC'",
  'INFO:root:sending back data',
  "INFO:root:received b'DEFGHIJKLMNOPQ'",
  'INFO:root:sending back data',
  "INFO:root:received b''",
  'INFO:root:waiting for a connection',
];

const CLIENT = (port: number) => [
  `INFO:root:connecting to ('172.16.16.101', ${port})`,
  'INFO:root:sending INI ADALAH DATA YANG DIKIRIM ABCDEFGHIJKLMNOPQ',
  "INFO:root:b'INI ADALAH DATA '",
  "INFO:root:b'YANG DIKIRIM ABC'",
  "INFO:root:b'DEFGHIJKLMNOPQ'",
  'INFO:root:closing',
];

/** Capture checks every lab capture must pass: tshark finds nothing Linux would not show. */
function expectClean(path: string): void {
  const c = tsharkCheck(path);
  expect(c.readError).toBeUndefined();
  expect(c.malformed).toEqual([]);
  expect(c.badChecksums).toEqual([]);
  expect(c.tcpAnalysis).toEqual([]);
  expect(c.warnings).toEqual([]);
}

for (const [sc, port] of [[echo, 10000], [echo32444, 32444]] as const) {
  describe(`labwire run ${sc.name}`, async () => {
    const run = await runToFiles(sc);
    const server = transcriptOf(run, 'mesin1');
    const clientPort = /connection from \('172\.16\.16\.102', (\d+)\)/.exec(server[2] ?? '')?.[1] ?? '?';

    it('prints the server transcript of LAB.md, with an ephemeral client port from Linux\'s range', () => {
      expect(server).toEqual(SERVER(port, clientPort));
      expect(Number(clientPort)).toBeGreaterThanOrEqual(32768);
      expect(Number(clientPort)).toBeLessThanOrEqual(60999);
    });

    it('prints the client transcript of LAB.md: recv(16) chunks 16, 16, 14', () => {
      expect(transcriptOf(run, 'mesin2')).toEqual(CLIENT(port));
    });

    describe.skipIf(!hasTshark())('captures', () => {
      const any = run.captures.find((c) => c.iface === 'any')!.path!;
      const eth1 = run.captures.find((c) => c.iface === 'eth1')!.path!;

      it('are clean for tshark: no malformed packets, bad checksums or TCP analysis flags', () => {
        expectClean(any);
        expectClean(eth1);
      });

      it(`show the handshake with Linux's options, the 46-byte segment, the echo as 32 + 14, and the client's FIN`, () => {
        const rows = tsharkFields(eth1, ['ip.src', 'tcp.flags.str', 'tcp.len', 'tcp.window_size_value', 'tcp.options.mss_val', 'tcp.options.wscale.shift', 'tcp.option_kind'], `tcp.port == ${port}`);
        const text = rows.map((r) => `${r[0] === '172.16.16.102' ? 'C' : 'S'} ${r[1]!.replace(/·/g, '')} ${r[2]}`);
        expect(text).toEqual([
          'C S 0', 'S AS 0', 'C A 0', 'C AP 46', 'S A 0', 'S AP 32', 'C A 0', 'S AP 14', 'C A 0', 'C AF 0', 'S AF 0', 'C A 0',
        ]);
        expect(rows[0]!.slice(3)).toEqual(['64240', '1460', '7', '2,4,8,1,3']);
        expect(rows[1]!.slice(3)).toEqual(['65160', '1460', '7', '2,4,8,1,3']);
        expect(rows[3]![6]).toBe('1,1,8');
      });
    });
  });
}

describe('labwire run echo-two-clients', async () => {
  const run = await runToFiles(twoClients);

  it('serves mesin2 and then mesin3, one connection at a time, and both clients get their echo', () => {
    const server = transcriptOf(run, 'mesin1');
    expect(server.filter((l) => l.includes('connection from')).map((l) => /'(172\.16\.16\.10\d)'/.exec(l)![1])).toEqual(['172.16.16.102', '172.16.16.103']);
    expect(server.filter((l) => l === "INFO:root:received b''")).toHaveLength(2);
    for (const m of ['mesin2', 'mesin3']) expect(transcriptOf(run, m).slice(2, 5)).toEqual(CLIENT(10000).slice(2, 5));
  });

  it.skipIf(!hasTshark())('leaves clean captures', () => {
    for (const c of run.captures) expectClean(c.path!);
  });
});

describe('labwire run echo-image', async () => {
  const run = await runToFiles(image);

  it('writes back a file byte-identical to the image it sent', () => {
    const host = run.result.processes.find((p) => p.host === 'mesin2' && p.name === 'client_file.py');
    expect(host?.state).toBe('done');
    const back = run.files.get('mesin2')!.get('/home/jovyan/work/gambar_kembali.png')!;
    expect(Buffer.from(back).equals(Buffer.from(gradientPng()))).toBe(true);
  });
});

describe('labwire run connect-refused', async () => {
  const run = await runToFiles(refused);

  it('prints Python\'s ConnectionRefusedError text', () => {
    expect(transcriptOf(run, 'mesin2')).toEqual([
      "INFO:root:connecting to ('172.16.16.101', 10000)",
      'INFO:root:ERROR: [Errno 111] Connection refused',
      'INFO:root:closing',
    ]);
  });

  it.skipIf(!hasTshark())('shows the SYN answered by RST/ACK', () => {
    const rows = tsharkFields(run.captures.find((c) => c.iface === 'eth1')!.path!, ['tcp.flags.str', 'tcp.ack', 'ip.id'], 'tcp');
    expect(rows.map((r) => r[0]!.replace(/·/g, ''))).toEqual(['S', 'AR']);
    expect(rows[1]![2]).toBe('0x0000');
  });
});

describe('labwire run connect-timeout', async () => {
  const run = await runToFiles(timeout);

  it('gives up when ARP fails, as Linux does: No route to host after the third who-has', () => {
    const lines = run.result.transcript.filter((l) => l.host === 'mesin2');
    expect(lines.map((l) => l.text)).toEqual([
      "INFO:root:connecting to ('172.16.16.150', 10000)",
      'INFO:root:ERROR: [Errno 113] No route to host',
      'INFO:root:closing',
    ]);
    expect((lines[1]!.at - lines[0]!.at) / 1e9).toBeCloseTo(3, 1);
  });

  it.skipIf(!hasTshark())('shows three broadcast who-has one second apart on eth1', () => {
    const rows = tsharkFields(run.captures.find((c) => c.iface === 'eth1')!.path!, ['frame.time_relative', 'arp.opcode', 'eth.dst']);
    expect(rows.map((r) => [Math.round(Number(r[0])), r[1], r[2]])).toEqual([
      [0, '1', 'ff:ff:ff:ff:ff:ff'], [1, '1', 'ff:ff:ff:ff:ff:ff'], [2, '1', 'ff:ff:ff:ff:ff:ff'],
    ]);
  });
});
