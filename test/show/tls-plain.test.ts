/**
 * A TLS client talking to a plain-text server (the HTTPS unit's classic mistake): the client's
 * Client Hello makes the conversation TLS's, but the server's answer, in a direction no record
 * went yet, is not: tshark shows it as Data, and TLS again once a record comes that way; bytes
 * that are no record after a record in the same direction are TLS's Continuation Data ("SSL"
 * while no version is known). show prints what tshark prints, on the course's port and on 443.
 */
import { describe, expect, it } from 'vitest';
import { showCommand } from '../../src/cli/show.ts';
import { defineScenario } from '../../src/sim/scenario.ts';
import { progjar } from '../../src/labs/progjar/lab.ts';
import { runToFiles } from '../helpers/scenario.ts';
import { hasTshark, runTshark } from '../helpers/tshark.ts';
import { realCapturePath } from '../helpers/codec.ts';

process.env['TZ'] = 'UTC';

const text = (s: string) => Uint8Array.from(s, (c) => c.charCodeAt(0));

function payloadOf(file: string, filter: string): Uint8Array {
  const r = runTshark(['-r', realCapturePath(file), '-Y', filter, '-T', 'fields', '-e', 'tcp.payload']);
  // -T fields prints a bytes field as plain hex
  const hex = r.stdout.trim().split('\n')[0]!;
  expect(hex).toMatch(/^([0-9a-f]{2})+$/);
  return Uint8Array.from(hex.match(/../g)!, (h) => parseInt(h, 16));
}

async function capture(port: number, toServer: readonly Uint8Array[], toClient: readonly Uint8Array[]): Promise<string> {
  const scenario = defineScenario({
    name: 'tls-plain', summary: 'a TLS client, a plain server', lab: progjar, kernel: 'linux-6.18',
    programs: [
      {
        on: 'mesin1', name: 'server', run: async ({ socket, time }) => {
          const s = socket.socket(socket.AF_INET, socket.SOCK_STREAM);
          await s.bind(['0.0.0.0', port]);
          s.listen(1);
          const [c] = await s.accept();
          await c.recv(4096);
          for (const m of toClient) {
            await c.sendall(m);
            await time.sleep(0.01);
          }
          await time.sleep(0.05);
          c.close();
          s.close();
        },
      },
      {
        on: 'mesin2', name: 'client', at: 1e8, run: async ({ socket, time }) => {
          const s = socket.socket(socket.AF_INET, socket.SOCK_STREAM);
          await s.connect(['172.16.16.101', port]);
          for (const m of toServer) {
            await s.sendall(m);
            await time.sleep(0.01);
          }
          await time.sleep(0.1);
          s.close();
        },
      },
    ],
    captures: [{ on: 'mesin1', iface: 'any' }],
  });
  return (await runToFiles(scenario, 1)).captures[0]!.path!;
}

async function show(args: readonly string[]): Promise<string> {
  let out = '';
  await showCommand(args, (s) => (out += s), () => undefined);
  return out;
}

describe.skipIf(!hasTshark())('a TLS client and a plain-text server: show = tshark', () => {
  it.each([8889, 443, 10000])('port %i: the plain answer is Data, a later record TLS, a non-record after a record Continuation Data', async (port) => {
    const clientHello = payloadOf('tls/tls12.pcap', 'tls.handshake.type == 1');
    const serverHello = payloadOf('tls/tls12.pcap', 'tls.handshake.type == 2');
    const path = await capture(port, [clientHello, text('\0\0\0\x05hello')], [text('ERROR: I speak plain text\r\n'), serverHello]);
    for (const args of [[], ['-V'], ['-T', 'json']]) {
      const argv = [...args, '-r', path];
      expect({ args, out: await show(argv) }).toEqual({ args, out: runTshark(argv).stdout });
    }
  });
});
