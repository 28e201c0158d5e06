/**
 * A details tree as tshark -T json writes it (epan/print.c, write_json_proto_node_list with
 * tshark's default grouping: every item its own key, so a repeated field repeats its key in
 * one object). An item's key is its field abbreviation, or for a text-only item its text
 * without the brackets of a generated item. An item with a value prints `key: "value"`; its
 * children follow as an object under `key_tree` (under `key` alone when it has no value); an
 * item with neither prints `""`, or its text for a protocol (as written: `_ws.short`'s own
 * text is `[Packet size limited during capture: TCP truncated]`). Objects are indented two spaces
 * a level, as Wireshark's json_dumper pretty-prints them.
 */
import type { Item } from './tree.ts';

/**
 * Wireshark 4.0's json_puts_string: `"` and `\` escaped, `/` after `<` too (so `</script>`
 * cannot end an HTML script block: tshark prints `<\/h1>`), control characters as \b \t \n
 * \f \r or \u00XX, everything else as is.
 */
export function jsonString(s: string): string {
  let out = '"';
  let prev = '';
  for (const ch of s) {
    const c = ch.charCodeAt(0);
    const before = prev;
    prev = ch;
    if (ch === '"' || ch === '\\' || (ch === '/' && before === '<')) out += '\\' + ch;
    else if (c >= 0x20) out += ch;
    else if (ch === '\b') out += '\\b';
    else if (ch === '\t') out += '\\t';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\f') out += '\\f';
    else if (ch === '\r') out += '\\r';
    else out += `\\u${c.toString(16).padStart(4, '0')}`;
  }
  return out + '"';
}

/** `[Timestamps]` → `Timestamps`: the brackets are how -V marks a generated item, not its text. */
function unbracketed(text: string): string {
  return text.startsWith('[') && text.endsWith(']') ? text.slice(1, -1) : text;
}

function key(it: Item): string {
  return it.abbrev ?? (it.verbatim ? it.text ?? '' : unbracketed(it.text ?? ''));
}

/** tshark -j / -J: subtrees print only under the keys named (-J: and everything below them). */
export interface KeyFilter {
  readonly only?: ReadonlySet<string>;
  readonly withChildren: boolean;
}

/** The members of one object, each on its own line at `depth` (two spaces a level). */
function members(items: readonly Item[], depth: number, filter: KeyFilter, out: string[]): void {
  const pad = '  '.repeat(depth);
  const member = (name: string, value: string): void => {
    out.push(`${out.length > 0 ? ',' : ''}\n${pad}${jsonString(name)}: ${value}`);
  };
  for (const it of items) {
    const k = key(it);
    if (it.value !== undefined) member(k, jsonString(it.value));
    const name = it.value !== undefined ? `${k}_tree` : k;
    if (it.children.length === 0) {
      if (it.value === undefined) member(k, jsonString(it.protocol ? it.text ?? '' : ''));
    } else if (filter.only && !filter.only.has(k)) member(name, `{\n${pad}  "filtered": ${jsonString(k)}\n${pad}}`);
    else member(name, jsonObject(it.children, depth, filter.only && filter.withChildren ? { withChildren: false } : filter));
  }
}

/** `{…}` holding `items`, its closing brace at `depth`; `{}` when empty. */
export function jsonObject(items: readonly Item[], depth: number, filter: KeyFilter = { withChildren: false }): string {
  if (items.length === 0) return '{}';
  const out: string[] = [];
  members(items, depth + 1, filter, out);
  return `{${out.join('')}\n${'  '.repeat(depth)}}`;
}
