/**
 * One shown frame as tshark prints it under the output options: the packet-list line (with
 * the -t time format), the details pane (-V), the hex and ASCII dump (-x; alone it replaces
 * the line, with -P or -V it follows), a -T fields row, a -T json element, or nothing with -q.
 */
import type { Dissected } from '../dissect.ts';
import { formatRow } from '../columns.ts';
import { renderDetails } from '../details/index.ts';
import { fieldsRow, type FieldsOptions } from './fields.ts';
import { hexPane } from './hex.ts';
import type { JsonArray } from './json.ts';
import { timeColumn, type TimeFormat } from './time-column.ts';

export interface RenderOptions {
  readonly verbose: boolean;
  readonly hex: boolean;
  /** -P: the packet-list line even with -x */
  readonly summary: boolean;
  readonly time: TimeFormat;
  readonly fields?: FieldsOptions;
  /** -T json: each frame an element of this array */
  readonly json?: JsonArray;
  /** -q: no per-frame output */
  readonly quiet: boolean;
}

export function renderFrame(f: Dissected, prevShown: Dissected | undefined, o: RenderOptions): string {
  if (o.quiet) return '';
  if (o.fields) return fieldsRow(f, o.fields);
  if (o.json) return o.json.frame(f, prevShown);
  let s = '';
  if (o.verbose) s += renderDetails(f, prevShown, o.hex);
  else if (!o.hex || o.summary) {
    s += formatRow(f.row, o.time === 'r' ? undefined : timeColumn(f, o.time, prevShown)) + '\n';
    if (o.hex) s += '\n';
  }
  if (o.hex) s += hexPane(f);
  return s;
}
