/**
 * IRC on TCP port 6667 against tshark: fast-check draws IRC-like lines (prefixes, commands,
 * numeric replies, parameters, trailers, CTCP tags, stray spaces, bare CR or LF ends, empty
 * lines, a last line without an end), a client sends them and a server answers each with
 * drawn lines, and show prints the capture as tshark does: the packet list, -V, -T json and
 * the irc.* filter fields.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hasTshark } from '../helpers/tshark.ts';
import { exchangeCapture, shownBoth } from './exchange.ts';

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

describe.skipIf(!hasTshark())('port 6667: show = tshark on IRC', () => {
  it('any exchange of IRC-like lines prints as tshark prints it (list, -V, -T json, irc.* fields)', async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(message, { minLength: 1, maxLength: 4 }), fc.array(message, { minLength: 1, maxLength: 3 }), async (requests, responses) => {
        const path = await exchangeCapture({ port: 6667, toServer: requests.map(bytes), toClient: responses.map(bytes), answer: 'each', seed: ++run });
        const fields = ['irc.request.command', 'irc.request.prefix', 'irc.request.command_parameter', 'irc.response.trailer', 'irc.response.num_command', 'irc.ctcp'];
        for (const args of [[], ['-V'], ['-T', 'json'], ['-Y', 'irc.request.command == "PRIVMSG" || irc.ctcp'], ['-T', 'fields', ...fields.flatMap((f) => ['-e', f])]]) {
          const [ours, theirs] = await shownBoth([...args, '-r', path]);
          expect(ours).toEqual(theirs);
        }
      }),
      { numRuns: 12, seed: 6667 },
    );
  }, 300_000); // a dozen simulated runs, each shown and read by tshark five times
});
