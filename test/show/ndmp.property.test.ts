/**
 * TCP port 10000 (the course's port, NDMP's in Wireshark) against tshark: a client sends a run
 * of pieces, each its own segment — short text, bytes shorter than NDMP's 4-byte record mark,
 * length-prefixed records (a sane mark), records with the last-fragment bit — and show prints
 * the server's capture as tshark does, in the packet list, -V, -T json, filters and fields. fast-check draws the
 * runs; a failure names the pieces.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { showCommand } from '../../src/cli/show.ts';
import { defineScenario } from '../../src/sim/scenario.ts';
import { progjar } from '../../src/labs/progjar/lab.ts';
import { runToFiles } from '../helpers/scenario.ts';
import { hasTshark, runTshark } from '../helpers/tshark.ts';
import { realCapturePath } from '../helpers/codec.ts';

process.env['TZ'] = 'UTC';

const u32 = (n: number) => [(n >>> 24) & 0xff, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff];
const bytes = (min: number, max: number) => fc.uint8Array({ minLength: min, maxLength: max });

/** one send: text, a short run of any bytes, or a record (mark + body), maybe the message's last */
const piece = fc.oneof(
  fc.stringMatching(/^[a-z !]{1,6}$/).map((s) => Uint8Array.from(s, (c) => c.charCodeAt(0))),
  bytes(1, 3),
  fc.tuple(bytes(0, 8), fc.boolean()).map(([body, last]) => Uint8Array.from([...u32((last ? 0x8000_0000 : 0) | body.length), ...body])),
  // a record whose mark arrives in two sends
  fc.tuple(bytes(1, 6), fc.integer({ min: 1, max: 3 })).map(([body, cut]) => Uint8Array.from([...u32(body.length), ...body]).subarray(0, cut)),
);

async function capture(pieces: readonly Uint8Array[], seed: number): Promise<string> {
  const scenario = defineScenario({
    name: 'ndmp-port', summary: 'pieces to port 10000', lab: progjar, kernel: 'linux-6.18',
    programs: [
      {
        on: 'mesin1', name: 'server', run: async ({ socket }) => {
          const s = socket.socket(socket.AF_INET, socket.SOCK_STREAM);
          await s.bind(['0.0.0.0', 10000]);
          s.listen(1);
          const [c] = await s.accept();
          while ((await c.recv(4096)).length > 0);
          c.close();
          s.close();
        },
      },
      {
        on: 'mesin2', name: 'client', at: 1e8, run: async ({ socket, time }) => {
          const s = socket.socket(socket.AF_INET, socket.SOCK_STREAM);
          await s.connect(['172.16.16.101', 10000]);
          for (const p of pieces) {
            await s.sendall(p);
            await time.sleep(0.01); // acknowledged before the next: one segment each
          }
          s.close();
        },
      },
    ],
    captures: [{ on: 'mesin1', iface: 'any' }],
  });
  return (await runToFiles(scenario, seed)).captures[0]!.path!;
}

async function show(args: readonly string[]): Promise<string> {
  let out = '';
  const status = await showCommand(args, (s) => (out += s), () => undefined);
  expect(status).toBe(0);
  return out;
}

function tshark(args: readonly string[]): string {
  const r = runTshark(args);
  expect(r.status).toBe(0);
  return r.stdout;
}

describe.skipIf(!hasTshark())('port 10000: show = tshark on NDMP\'s record marks and reassembly', () => {
  it('any run of short, text and record-marked sends prints as tshark prints it (list, -V, -T json, -Y, -T fields)', async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(piece, { minLength: 1, maxLength: 8 }), async (pieces) => {
        const path = await capture(pieces, ++run);
        for (const args of [[], ['-V'], ['-T', 'json'], ['-Y', 'ndmp || data'], ['-T', 'fields', '-e', 'tcp.pdu.size', '-e', 'ndmp.fraglen', '-e', 'ndmp.fragment']]) {
          const argv = [...args, '-r', path];
          expect({ args, out: await show(argv) }).toEqual({ args, out: tshark(argv) });
        }
      }),
      { numRuns: 12, seed: 10000 },
    );
  }, 300_000); // a dozen simulated runs, each shown and read by tshark five times

  it('a conversation TLS took (its heuristic) stays TLS\'s: NDMP never sees a later segment, sane mark or not', async () => {
    const hello = tshark(['-r', realCapturePath('tls/tls12.pcap'), '-Y', 'tls.handshake.type == 1', '-T', 'fields', '-e', 'tcp.payload']).trim().split('\n')[0]!;
    expect(hello).toMatch(/^([0-9a-f]{2}){100,}$/); // -T fields prints a bytes field as plain hex
    const clientHello = Uint8Array.from(hello.match(/../g)!, (h) => parseInt(h, 16));
    const path = await capture([clientHello, Uint8Array.of(0, 0, 0, 5, 0x68, 0x65, 0x6c, 0x6c, 0x6f)], 1);
    for (const argv of [['-Y', 'ndmp', '-r', path], ['-Y', 'tls', '-T', 'fields', '-e', 'frame.number', '-r', path]]) {
      expect({ argv, out: await show(argv) }).toEqual({ argv, out: tshark(argv) });
    }
    expect(await show(['-Y', 'ndmp', '-r', path])).toBe('');
  });

  it('a one-byte send is a segment of a reassembled PDU, completed by the next send as Data', async () => {
    const path = await capture([Uint8Array.of(0x21), Uint8Array.from('world', (c) => c.charCodeAt(0))], 1);
    const list = await show(['-r', path]);
    expect(list).toContain('Len=1');
    expect(list.split('\n').find((l) => l.includes('Len=1'))).toMatch(/\[TCP segment of a reassembled PDU\]$/);
    const json = await show(['-T', 'json', '-r', path]);
    expect(json).toContain('"tcp.reassembled.data": "21:77:6f:72:6c:64"');
  });
});

