/**
 * IRC on TCP port 6667 against tshark: fast-check draws IRC-like lines (prefixes, commands,
 * numeric replies, parameters, trailers, CTCP tags, stray spaces, bare CR or LF ends, empty
 * lines, a last line without an end), a client sends them and a server answers each with
 * drawn lines, and show prints the capture as tshark does: the packet list, -V, -T json and
 * the irc.* filter fields.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { showCommand } from '../../src/cli/show.ts';
import { defineScenario } from '../../src/sim/scenario.ts';
import { progjar } from '../../src/labs/progjar/lab.ts';
import { runToFiles } from '../helpers/scenario.ts';
import { hasTshark, runTshark } from '../helpers/tshark.ts';

process.env['TZ'] = 'UTC';

const word = fc.stringMatching(/^[A-Za-z#!~@.*]{1,6}$/);
const tagged = fc.oneof(word, word.map((w) => `\x01${w}\x01`), word.map((w) => `\x01${w}`));
const line = fc
  .record({
    prefix: fc.option(fc.oneof(word.map((w) => `:${w} `), word.map((w) => `:${w}`)), { nil: undefined }),
    spaces: fc.constantFrom('', ' ', '  '),
    command: fc.oneof(fc.constantFrom('NICK', 'USER', 'PRIVMSG', 'NOTICE', 'JOIN', 'PING', 'QUIT'), fc.stringMatching(/^[0-9]{3}$/), word),
    params: fc.array(tagged, { maxLength: 3 }),
    sep: fc.constantFrom(' ', '  '),
    trailer: fc.option(tagged.map((t) => ` :${t} x`), { nil: undefined }),
    end: fc.constantFrom('\r\n', '\n', '\r', '\r\n\r\n'),
  })
  .map((l) => `${l.prefix ?? ''}${l.spaces}${l.command}${l.params.map((p) => `${l.sep}${p}`).join('')}${l.trailer ?? ''}${l.end}`);
/** one send: one to three lines, the last maybe without its end */
const message = fc.tuple(fc.array(line, { minLength: 1, maxLength: 3 }), fc.boolean()).map(([ls, cut]) => {
  const s = ls.join('');
  return cut ? s.replace(/[\r\n]+$/, '') || s : s;
});

const bytes = (s: string) => Uint8Array.from(s, (c) => c.charCodeAt(0));

async function capture(requests: readonly string[], responses: readonly string[], seed: number): Promise<string> {
  const scenario = defineScenario({
    name: 'irc-port', summary: 'IRC lines on 6667', lab: progjar, kernel: 'linux-6.18',
    programs: [
      {
        on: 'mesin1', name: 'server', run: async ({ socket }) => {
          const s = socket.socket(socket.AF_INET, socket.SOCK_STREAM);
          await s.bind(['0.0.0.0', 6667]);
          s.listen(1);
          const [c] = await s.accept();
          for (let i = 0; (await c.recv(4096)).length > 0; i++) await c.sendall(bytes(responses[i % responses.length]!));
          c.close();
          s.close();
        },
      },
      {
        on: 'mesin2', name: 'client', at: 1e8, run: async ({ socket, time }) => {
          const s = socket.socket(socket.AF_INET, socket.SOCK_STREAM);
          await s.connect(['172.16.16.101', 6667]);
          for (const r of requests) {
            await s.sendall(bytes(r));
            await time.sleep(0.01); // answered and acknowledged before the next: one segment each
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

describe.skipIf(!hasTshark())('port 6667: show = tshark on IRC', () => {
  it('any exchange of IRC-like lines prints as tshark prints it (list, -V, -T json, irc.* fields)', async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(message, { minLength: 1, maxLength: 4 }), fc.array(message, { minLength: 1, maxLength: 3 }), async (requests, responses) => {
        const path = await capture(requests, responses, ++run);
        const fields = ['irc.request.command', 'irc.request.prefix', 'irc.request.command_parameter', 'irc.response.trailer', 'irc.response.num_command', 'irc.ctcp'];
        for (const args of [[], ['-V'], ['-T', 'json'], ['-Y', 'irc.request.command == "PRIVMSG" || irc.ctcp'], ['-T', 'fields', ...fields.flatMap((f) => ['-e', f])]]) {
          const argv = [...args, '-r', path];
          expect({ args, out: await show(argv) }).toEqual({ args, out: tshark(argv) });
        }
      }),
      { numRuns: 12, seed: 6667 },
    );
  }, 300_000); // a dozen simulated runs, each shown and read by tshark five times
});
