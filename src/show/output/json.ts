/**
 * tshark -T json: the shown frames as one JSON array, each frame an object with tshark's
 * Elasticsearch-style wrapper (`_index` named after the frame's date, `_type`, `_score`,
 * `_source.layers`) around its details tree (details/json.ts), as epan/print.c's
 * write_json_proto_tree writes it. The array's brackets and commas come from `JsonArray`:
 * `[` before the first frame, `,` between frames, `]` after the last, `[]` when none is shown;
 * every chunk it returns ends a line, as the CLI writes line by line.
 * With -e each frame holds only the fields named, as arrays of values; -j/-J cut the tree to
 * the keys they name.
 */
import type { Dissected } from '../dissect.ts';
import { detailsTree } from '../details/index.ts';
import { jsonObject, jsonString } from '../details/json.ts';
import { fieldTexter } from './fields.ts';
import { formatDateTime } from '../time.ts';
import { localZone } from '../tz/zone.ts';

export interface JsonOptions {
  /** -e: only these fields, each as an array of its values (as -T fields prints them) */
  readonly fields: readonly string[];
  /** -j / -J: the keys whose subtrees print; others print `{"filtered": key}` */
  readonly only?: ReadonlySet<string>;
  /** -J: below a key it names, everything prints */
  readonly withChildren: boolean;
}

/** One frame's object, indented as the array's first level (its text starts at `{`). */
export function jsonFrame(f: Dissected, prevShown: Dissected | undefined, o: JsonOptions): string {
  // _index is the frame's date in local time, as tshark's localtime()
  const day = formatDateTime(f.time, 0, localZone()).slice(0, 10);
  const layers = o.fields.length > 0 ? fieldArrays(f, o.fields) : jsonObject(detailsTree(f, prevShown, false).items, 3, o);
  return `{\n    "_index": "packets-${day}",\n    "_type": "doc",\n    "_score": null,\n    "_source": {\n      "layers": ${layers}\n    }\n  }`;
}

/** tshark -T json -e: `"ip.addr": ["…", "…"]` for each field the frame has, in -e order. */
function fieldArrays(f: Dissected, fields: readonly string[]): string {
  const texts = fieldTexter(f, true);
  const members: string[] = [];
  for (const name of fields) {
    const values = texts(name);
    if (values.length === 0) continue;
    members.push(`\n        ${jsonString(name)}: [${values.map((v) => `\n          ${jsonString(v)}`).join(',')}\n        ]`);
  }
  return members.length === 0 ? '{}' : `{${members.join(',')}\n      }`;
}

/**
 * The array around the frames: call `frame` for each shown frame, `end` once after the last.
 * Each frame's text is held back until the next one (or the end) says whether a comma
 * follows it, so every chunk written ends a line: `[`, `  {…},`, …, `  {…}` `]`.
 */
export class JsonArray {
  private pending: string | undefined;

  constructor(private readonly options: JsonOptions = { fields: [], withChildren: false }) {}

  frame(f: Dissected, prevShown: Dissected | undefined): string {
    const before = this.pending === undefined ? '[\n' : `${this.pending},\n`;
    this.pending = `  ${jsonFrame(f, prevShown, this.options)}`;
    return before;
  }

  end(): string {
    return this.pending === undefined ? '[]\n' : `${this.pending}\n]\n`;
  }
}
