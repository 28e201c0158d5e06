/**
 * A two-program exchange on the lab for show-vs-tshark tests of a port's protocol: mesin2's
 * client connects to mesin1's server on `port` and sends each piece as a segment of its own
 * (10 ms apart: answered and acknowledged before the next); the server reads, and answers each
 * read with the next of its pieces (`answer: 'each'`) or, after its first read, sends them all
 * (`answer: 'after-first'`). Returns mesin1's `any` capture; `shownBoth` prints it with labwire
 * show and with tshark, same arguments.
 */
import { expect } from 'vitest';
import { showCommand } from '../../src/cli/show.ts';
import { defineScenario } from '../../src/sim/scenario.ts';
import { progjar } from '../../src/labs/progjar/lab.ts';
import { runToFiles } from '../helpers/scenario.ts';
import { runTshark } from '../helpers/tshark.ts';

export interface Exchange {
  readonly port: number;
  readonly toServer: readonly Uint8Array[];
  readonly toClient?: readonly Uint8Array[];
  readonly answer?: 'each' | 'after-first';
  readonly seed?: number;
}

export async function exchangeCapture(x: Exchange): Promise<string> {
  const toClient = x.toClient ?? [];
  const scenario = defineScenario({
    name: `exchange-${x.port}`, summary: `pieces to port ${x.port}`, lab: progjar, kernel: 'linux-6.18',
    programs: [
      {
        on: 'mesin1', name: 'server', run: async ({ socket, time }) => {
          const s = socket.socket(socket.AF_INET, socket.SOCK_STREAM);
          await s.bind(['0.0.0.0', x.port]);
          s.listen(1);
          const [c] = await s.accept();
          for (let i = 0; (await c.recv(4096)).length > 0; i++) {
            if (x.answer === 'each' && toClient.length > 0) await c.sendall(toClient[i % toClient.length]!);
            if (x.answer === 'after-first' && i === 0) {
              for (const m of toClient) {
                await c.sendall(m);
                await time.sleep(0.01);
              }
            }
          }
          c.close();
          s.close();
        },
      },
      {
        on: 'mesin2', name: 'client', at: 1e8, run: async ({ socket, time }) => {
          const s = socket.socket(socket.AF_INET, socket.SOCK_STREAM);
          await s.connect(['172.16.16.101', x.port]);
          for (const p of x.toServer) {
            await s.sendall(p);
            await time.sleep(0.01);
          }
          await time.sleep(0.05);
          s.close();
        },
      },
    ],
    captures: [{ on: 'mesin1', iface: 'any' }],
  });
  return (await runToFiles(scenario, x.seed ?? 1)).captures[0]!.path!;
}

/** labwire show ARGS and tshark ARGS on the same file: both outputs, for one toEqual */
export async function shownBoth(args: readonly string[]): Promise<{ args: readonly string[]; out: string }[]> {
  let out = '';
  const status = await showCommand(args, (s) => (out += s), () => undefined);
  expect(status).toBe(0);
  const r = runTshark(args);
  expect(r.status).toBe(0);
  return [{ args, out }, { args, out: r.stdout }];
}

/** a bytes field as tshark -T fields prints it (plain hex), as bytes */
export function hexBytes(hex: string): Uint8Array {
  expect(hex).toMatch(/^([0-9a-f]{2})+$/);
  return Uint8Array.from(hex.match(/../g)!, (h) => parseInt(h, 16));
}
