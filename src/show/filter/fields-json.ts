/**
 * Filter fields of an HTTP body's dissectors: JSON's (packet-json.c names), the line-based
 * text dissector's and the media dissector's protocols. The json.* values are read off the
 * tree details/json-body.ts builds, so the filter sees exactly what -V and -T json show;
 * it is built only for a frame whose body is JSON, once per message.
 */
import type { Dissected } from '../dissect.ts';
import type { HttpMessage } from '../http.ts';
import { jsonSection } from '../details/json-body.ts';
import { Tree, type Item } from '../details/tree.ts';
import { isJsonBody, isLineBasedText, isOctetStream } from './fields-http.ts';
import { many, type FieldDef, type FieldTable, type Value } from './fields.ts';

const NONE: readonly Value[] = [];

interface JsonFields {
  /** the bytes JSON took (its protocol item's extent) and what it left to the line-based text dissector */
  readonly parsed: Uint8Array;
  readonly rest: Uint8Array;
  readonly values: ReadonlyMap<string, readonly Value[]>;
}

const cache = new WeakMap<HttpMessage, JsonFields>();

function jsonFields(m: HttpMessage): JsonFields {
  let j = cache.get(m);
  if (j) return j;
  const t = new Tree(false);
  const rest = jsonSection(t, m.body, m.contentType!);
  const values = new Map<string, Value[]>();
  const walk = (items: readonly Item[]): void => {
    for (const it of items) {
      if (it.abbrev !== undefined && !it.protocol) {
        const list = values.get(it.abbrev) ?? [];
        list.push(it.value ?? true);
        values.set(it.abbrev, list);
      }
      walk(it.children);
    }
  };
  walk(t.items);
  j = { parsed: m.body.subarray(0, m.body.length - rest.length), rest, values };
  cache.set(m, j);
  return j;
}

const jsonOf = (f: Dissected): JsonFields | undefined => {
  const m = f.http?.message;
  return m && isJsonBody(m) ? jsonFields(m) : undefined;
};

const STRINGS = ['json.member', 'json.key', 'json.path', 'json.path_with_value', 'json.member_with_value', 'json.value.string', 'json.value.number'];
const NONES = ['json.object', 'json.array', 'json.value.true', 'json.value.false', 'json.value.null', 'json.value.nan'];

function fromTree(abbrev: string, type: FieldDef['type']): FieldDef {
  return many(type, (f) => jsonOf(f)?.values.get(abbrev) ?? NONE);
}

/** The body bytes the line-based text dissector shows: a text type's body, or what JSON left. */
function textLines(f: Dissected): readonly Value[] {
  const m = f.http?.message;
  if (!m || m.body.length === 0) return NONE;
  if (isJsonBody(m)) { const r = jsonFields(m).rest; return r.length > 0 ? [r] : NONE; }
  return isLineBasedText(m.contentType) ? [m.body] : NONE;
}

function media(f: Dissected): readonly Value[] {
  const m = f.http?.message;
  return m && m.body.length > 0 && m.contentType !== undefined && !isOctetStream(m) && !isJsonBody(m) && !isLineBasedText(m.contentType) ? [m.body] : NONE;
}

export function bodyFields(): FieldTable {
  const table: Record<string, FieldDef> = {
    'json': many('protocol', (f) => { const j = jsonOf(f); return j ? [j.parsed] : NONE; }),
    'data-text-lines': many('protocol', textLines),
    'media': many('protocol', media),
    'media.type': many('bytes', media),
  };
  for (const a of STRINGS) table[a] = fromTree(a, 'string');
  for (const a of NONES) table[a] = fromTree(a, 'none');
  return table;
}
