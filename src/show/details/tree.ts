/**
 * The details of one frame as a tree of items, as Wireshark's proto_tree holds them: each item
 * has the field it shows (its abbreviation, e.g. `ip.ttl`), that field's value as tshark's
 * JSON prints it, its showname (the -V text) and its children. The -V text (`renderText`)
 * and the -T json object (json.ts) are both drawn from it, so the two never disagree.
 *
 * Writing a section: items are added in tshark's order, each under the last item one level
 * up (`depth` counts levels, 0 for a protocol's title line):
 * - `t.line(depth, text)` — a text-only item (Wireshark's hf_text_only): shown by -V; in JSON
 *   its key is the text (without the `[…]` of a generated item) and its value `""`, or its
 *   children. `t.dataLine` for one whose text is data (a text body's line): brackets kept. Sections written only with `line` print in -V exactly as before; in JSON they
 *   show as text keys until converted.
 * - `t.field(depth, abbrev, value, text)` — a field with a value: `text` for -V, `value` for
 *   JSON (numbers print in decimal, booleans as 1/0, bytes as colon-separated hex, a string as
 *   given: pass `hex4(n)` for a field whose base is hexadecimal).
 * - `t.none(depth, abbrev, text)` — a field without a value (FT_NONE: `tcp.analysis`, an
 *   expert item's own field); JSON prints its children, or `""`.
 * - `t.proto(depth, abbrev, text, hidden?)` — a protocol (FT_PROTOCOL); JSON prints its
 *   children, or its text when it has none (`"_ws.malformed": "Malformed Packet"`).
 * - `t.hidden(depth, abbrev, value)` — a hidden field (`ip.addr`, `tcp.port`): JSON only.
 * - `t.raw(text)` — text -V prints right after the last item's line (a Data item's hex dump).
 *
 * To convert a `line` section (as details/ipv6.ts and icmpv6.ts were): run `tshark -T json -r FILE` on a frame
 * of that protocol next to `tshark -V`; give each line the JSON names its `field`/`none`/`proto`
 * call with the same text (`t.line(0, 'Internet Protocol Version 6, …')` becomes
 * `t.proto(0, 'ipv6', 'Internet Protocol Version 6, …')`, `t.line(1, `Hop Limit: ${h}`)`
 * becomes `t.field(1, 'ipv6.hlim', h, `Hop Limit: ${h}`)`); add the `hidden` fields the JSON
 * has and -V does not, in their place (`ipv6.addr`, `ipv6.src_host` …); and write expert notes
 * with expertItem() naming the expert's field. The -V output does not change, so the -V tests
 * stay green; then compare -T json as test/show/tshark-json.test.ts does.
 */

export type Value = string | number | boolean | Uint8Array;

export interface Item {
  /** the field's abbreviation; undefined for a text-only item */
  readonly abbrev?: string;
  /** the value as tshark's JSON prints it; undefined for items without one */
  readonly value?: string;
  /** the -V text, `[…]` included for generated items (a hidden protocol's keeps its representation) */
  readonly text?: string;
  /** shown in JSON only */
  readonly hidden: boolean;
  readonly protocol: boolean;
  /** the -V indent level, as the section asked for it */
  readonly depth: number;
  /** a text-only item whose text is data (a line of a text body): JSON keeps its brackets */
  readonly verbatim: boolean;
  /** what -V prints after the item's line, before its children */
  after: string;
  readonly children: Item[];
}

/** A field value as tshark's JSON prints it (fvalue_to_string_repr). */
export function jsonValue(v: Value): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return String(v);
  if (typeof v === 'boolean') return v ? '1' : '0';
  return Array.from(v, (b) => b.toString(16).padStart(2, '0')).join(':');
}

export class Tree {
  readonly items: Item[] = [];
  /** the last item added at each depth: the parent of the next item one level deeper */
  private readonly path: Item[] = [];

  /**
   * `inlineHex`: tshark -V shows a Data item's bytes as a hex dump inside the tree; with -x
   * the whole frame's dump follows the tree instead, and the inline one is left out.
   */
  constructor(readonly inlineHex = true) {}

  line(depth: number, text: string): void {
    this.add(depth, undefined, undefined, text, false, false);
  }

  /** A text-only item showing data, not a generated note: `[1, 2,]` keeps its brackets in JSON. */
  dataLine(depth: number, text: string): void {
    this.add(depth, undefined, undefined, text, false, false, true);
  }

  field(depth: number, abbrev: string, value: Value, text: string): void {
    this.add(depth, abbrev, jsonValue(value), text, false, false);
  }

  none(depth: number, abbrev: string, text: string): void {
    this.add(depth, abbrev, undefined, text, false, false);
  }

  /** `hidden`: a protocol item only JSON shows (`_ws.malformed`'s own), its text its JSON value. */
  proto(depth: number, abbrev: string, text: string, hidden = false): void {
    this.add(depth, abbrev, undefined, text, true, hidden);
  }

  hidden(depth: number, abbrev: string, value: Value): void {
    this.add(depth, abbrev, jsonValue(value), undefined, false, true);
  }

  raw(text: string): void {
    const last = this.path[this.path.length - 1];
    if (last) last.after += text;
  }

  private add(depth: number, abbrev: string | undefined, value: string | undefined, text: string | undefined, protocol: boolean, hidden: boolean, verbatim = false): void {
    // one object shape for every item keeps the tree cheap to build (a frame has hundreds)
    const node: Item = { abbrev, value, text, hidden, protocol, depth, verbatim, after: '', children: [] };
    const d = Math.min(depth, this.path.length);
    (d === 0 ? this.items : this.path[d - 1]!.children).push(node);
    this.path.length = d;
    this.path.push(node);
  }

  /** The -V text: four spaces of indent per level; hidden items and their children left out. */
  toString(): string {
    const out: string[] = [];
    const walk = (items: readonly Item[]): void => {
      for (const it of items) {
        if (it.hidden) continue;
        out.push(`${'    '.repeat(it.depth)}${it.text}\n${it.after}`);
        walk(it.children);
      }
    };
    walk(this.items);
    return out.join('');
  }
}
