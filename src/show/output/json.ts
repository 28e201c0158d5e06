/**
 * tshark -T json: the shown frames as one JSON array, each frame an object with tshark's
 * Elasticsearch-style wrapper (`_index` named after the frame's date, `_type`, `_score`,
 * `_source.layers`) around its details tree (details/json.ts), as epan/print.c's
 * write_json_proto_tree writes it. The array's brackets and commas come from `JsonArray`:
 * `[` before the first frame, `,` between frames, `]` after the last, `[]` when none is shown.
 */
import type { Dissected } from '../dissect.ts';
import { detailsTree } from '../details/index.ts';
import { jsonObject } from '../details/json.ts';
import { formatDateTime } from '../time.ts';

/** One frame's object, indented as the array's first level (its text starts at `{`). */
export function jsonFrame(f: Dissected, prevShown: Dissected | undefined): string {
  // _index is the frame's date (tshark: in local time; labwire's clock times are UTC)
  const day = formatDateTime(f.time, 0).slice(0, 10);
  const layers = jsonObject(detailsTree(f, prevShown, false).items, 3);
  return `{\n    "_index": "packets-${day}",\n    "_type": "doc",\n    "_score": null,\n    "_source": {\n      "layers": ${layers}\n    }\n  }`;
}

/** The array around the frames: call `frame` for each shown frame, `end` once after the last. */
export class JsonArray {
  private count = 0;

  frame(f: Dissected, prevShown: Dissected | undefined): string {
    return `${this.count++ === 0 ? '[' : ','}\n  ${jsonFrame(f, prevShown)}`;
  }

  end(): string {
    return this.count === 0 ? '[]\n' : '\n]\n';
  }
}
