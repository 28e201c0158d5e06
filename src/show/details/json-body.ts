/**
 * The `JavaScript Object Notation: <media type>` tree of a JSON body, as packet-json.c's
 * tvbparse callbacks build it in Wireshark 4.0: an Object or Array item per container; per
 * member `Member: key` holding its value's items, then `Key` and the generated `[Path]`; per
 * scalar value the generated `[Path with value]` and `[Member with value]`, then the value's
 * own item. Paths join keys with `/`, an array adds `[]` (before_member, before_array,
 * after_value). Bytes after the last text that parsed follow as line-based text.
 */
import type { JsonValue } from '../json.ts';
import { parseJsonBody } from '../json.ts';
import { formatText, unescapeJsonString } from '../json-string.ts';
import { label, type Tree } from './text.ts';

/** Where a value sits: the path and key after_value joins with it. */
interface Place {
  readonly path: string;
  readonly key: string;
}

const SCALAR_FIELDS = {
  number: ['json.value.number', 'Number value'],
  true: ['json.value.true', 'True value'],
  false: ['json.value.false', 'False value'],
  null: ['json.value.null', 'Null value'],
  nan: ['json.value.nan', 'NaN value'],
} as const;

/** The JSON tree at depth 0; returns the bytes left over (none when all of `body` parsed). */
export function jsonSection(t: Tree, body: Uint8Array, mediaType: string): Uint8Array {
  const parsed = parseJsonBody(body);
  t.proto(0, 'json', `JavaScript Object Notation: ${mediaType}`);
  const top: Place = { path: '', key: '' };
  for (const v of parsed.texts) value(t, 1, v, top);
  return body.subarray(parsed.end);
}

function value(t: Tree, depth: number, v: JsonValue, at: Place): void {
  if (v.kind === 'object') {
    t.none(depth, 'json.object', 'Object');
    for (const m of v.members) member(t, depth + 1, unescapeJsonString(m.key), m.value, at);
  } else if (v.kind === 'array') {
    t.none(depth, 'json.array', 'Array');
    const inside: Place = { path: `${at.path}/[]`, key: '[]' };
    for (const item of v.items) value(t, depth + 1, item, inside);
  } else {
    const text = v.kind === 'string' ? unescapeJsonString(v.raw) : v.text;
    t.field(depth, 'json.path_with_value', `${at.path}:${text}`, `[${label('Path with value', formatText(`${at.path}:${text}`))}]`);
    t.field(depth, 'json.member_with_value', `${at.key}:${text}`, `[${label('Member with value', formatText(`${at.key}:${text}`))}]`);
    if (v.kind === 'string') t.field(depth, 'json.value.string', text, label('String value', formatText(text)));
    else if (v.kind === 'number') t.field(depth, 'json.value.number', text, label('Number value', text));
    else t.none(depth, SCALAR_FIELDS[v.kind][0], SCALAR_FIELDS[v.kind][1]);
  }
}

function member(t: Tree, depth: number, key: string, v: JsonValue, parent: Place): void {
  const shown = formatText(key);
  t.field(depth, 'json.member', key, label('Member', shown));
  const at: Place = { path: `${parent.path}/${key}`, key };
  value(t, depth + 1, v, at);
  t.field(depth + 1, 'json.key', key, label('Key', shown));
  t.field(depth + 1, 'json.path', at.path, `[${label('Path', formatText(at.path))}]`);
}
