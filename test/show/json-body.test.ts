/**
 * HTTP bodies of a JSON media type against tshark 4.0, byte for byte in all three views (packet
 * list, -V, -T json): nesting, every kind of value, escapes and Unicode (with packet-json.c's
 * quirks), whitespace, several texts in one body, invalid JSON (what does not parse goes to the
 * line-based text dissector), a body split over segments, each media type packet-json.c
 * registers and some it does not. The real-Linux exchange (py/stdlib) is in real-fixtures.
 */
import { describe, expect, it } from 'vitest';
import { showCommand } from '../../src/cli/show.ts';
import { hasTshark } from '../helpers/tshark.ts';
import { exchangeCapture, type Exchange } from './json-build.ts';
import { show, tshark } from './helpers.ts';

process.env['TZ'] = 'UTC';

const J = 'application/json';
const both = (name: string, body: string, type = J, more: Partial<Exchange> = {}): Exchange =>
  ({ name, requestType: type, requestBody: body, responseType: type, responseBody: body, ...more });

const pretty = JSON.stringify({ id: 7, tags: ['a', 'b'], owner: { name: 'budi', admin: false, score: null } }, null, 2) + '\n';

export const CASES: readonly Exchange[] = [
  both('nested', '{"a": {"b": [1, -2.5e+3, true, false, null, "x", {}, [], [[0]]]}, "c": NaN, "": "", "d": [{"e": 1}]}'),
  both('numbers', '[0, -0, 12, -7, 3.25, 1e5, 1E-5, -0.5e+10, 123456789012345678901234567890, 1 , 2]'),
  both('escapes', '["\\"\\\\\\/\\b\\f\\n\\r\\t", "tab\traw", "a\\\\b", "\\u00e9A\\ud83d\\ude00 done", "end \\u00e9"]'),
  both('unicode', '{"kunci é": "nilai ü 日本 😀", "\\u0041\\u0001\\u200b\\u00ad\\u007f\\u0085x": 1, "s": ["\\ud800x", "\\udc00", "\\ud800\\u0041", "\\u0000z"]}'),
  both('controls', '{"a":"\u0001\u007f\r\u0085\u0007\u000b\u001b"}'),
  both('empty-object', '{}'),
  both('empty-array', '[]'),
  both('pretty', pretty),
  both('several-texts', '{}{"b":2} [] '),
  both('invalid-number', '{"a":01}'),
  both('invalid-scalar', '42'),
  both('invalid-trailing-comma', '{"a":1,}'),
  both('invalid-after-text', '{"a":1} x\ny\n'),
  both('invalid-unterminated', '{"a": "b'),
  both('problem', '{"type": "about:blank", "status": 404}', 'application/problem+json'),
  both('ndjson', '{"a":1}\n{"a":2}\n', 'application/x-ndjson'),
  both('charset', '{"a":true}', 'Application/JSON; charset=utf-8'),
  both('not-json-type', '{"a":1}', 'application/ld+json'),
  { name: 'response-only', requestType: 'text/plain', requestBody: 'hello\n', responseType: J, responseBody: '{"ok": [true]}' },
  both('whitespace-in-numbers', '[- 5, 1 .5, 2e 3, 1 2, -0 .1 e -4]'),
  both('invalid-array-line', '[1 2 3]'),
  both('long-labels', `{"k": "${'x'.repeat(300)}", "${'k'.repeat(250)}": 1, "u": "${'é'.repeat(150)}y"}`),
  // tvbparse gives up past a recursion depth of 100: how deep a value may sit depends on its kind
  both('depth-24-string', `${'['.repeat(24)}"a"${']'.repeat(24)}`),
  both('depth-24-number', `${'['.repeat(24)}1${']'.repeat(24)}`),
  both('depth-25-empty', `${'['.repeat(25)}${']'.repeat(25)}`),
  both('depth-26-empty', `${'['.repeat(26)}${']'.repeat(26)}`),
  both('depth-objects', `${'{"a":'.repeat(19)}[]${'}'.repeat(19)}`),
  both('deep-1000', `${'['.repeat(1000)}${']'.repeat(1000)}`),
  both('empty-body', ''),
  both('empty-body-text', '', 'text/plain'),
  { ...both('split', '{"nama": "budi", "nrp": 5025, "list": [1, 2, 3], "nested": {"x": "y"}}'), cuts: [40, 120, 130] },
];

describe.skipIf(!hasTshark())('JSON bodies as tshark 4.0 shows them', () => {
  it.each(CASES.map((c) => [c.name, c] as const))('%s: packet list, -V and -T json', async (_name, c) => {
    const path = exchangeCapture(c);
    expect((await show(path)).out).toBe(tshark(path));
    expect((await show(path, { verbose: true })).out).toBe(tshark(path, '-V'));
    let out = '';
    expect(await showCommand(['-T', 'json', '-r', path], (s) => (out += s), () => undefined)).toBe(0);
    expect(out).toBe(tshark(path, '-T', 'json'));
  });

  it.each(['nested', 'invalid-after-text', 'not-json-type', 'response-only'])('%s: json, data-text-lines and media filter fields select what tshark selects', async (name) => {
    const path = exchangeCapture(CASES.find((c) => c.name === name)!);
    const filters = [
      'json', 'http && !json', 'data-text-lines', 'media', 'json.object', 'json.array', 'json.value.true', 'json.value.nan',
      'json.key == "c"', 'json.member == "b"', 'json.path == "/a/b"', 'json.value.number == "1"', 'json.value.string == "x"',
      'json.member_with_value == "[]:x"', 'json.path_with_value contains "/d/[]"', 'json.key == "zz"',
    ];
    for (const f of filters) expect({ f, out: (await show(path, { filter: f })).out }).toEqual({ f, out: tshark(path, '-Y', f) });
  });
});
