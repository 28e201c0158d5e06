/**
 * Display filters, Wireshark's syntax and meaning (the subset in parser.ts over the fields in
 * fields.ts): `compileFilter(text)` gives a predicate over dissected frames, or the message
 * tshark would print, with the filter and a caret under the offending token.
 *
 * Files: lexer (tokens) · parser (syntax tree) · compile (names, types, quantifiers) ·
 * literal (values in the field's type) · fields, fields-tcp, fields-dns (the field table).
 */
import type { Dissected } from '../dissect.ts';
import { compileNode } from './compile.ts';
import { FilterError } from './lexer.ts';
import { parseFilter } from './parser.ts';

export type Filter = (f: Dissected) => boolean;

export type Compiled =
  | { readonly ok: true; readonly filter: Filter }
  | { readonly ok: false; readonly message: string; readonly pos?: number };

/** The error text: `labwire show: MSG`, then the filter and a `^~~~` under the token, as tshark. */
export function formatFilterError(text: string, e: FilterError): string {
  let s = `labwire show: ${e.message}\n`;
  if (e.pos !== undefined) {
    const len = Math.max(1, e.length ?? 1);
    s += `    ${text}\n    ${' '.repeat(e.pos)}^${'~'.repeat(len - 1)}\n`;
  }
  return s;
}

export function compileFilter(text: string): Compiled {
  try {
    return { ok: true, filter: compileNode(parseFilter(text)) };
  } catch (e) {
    if (e instanceof FilterError) return { ok: false, message: formatFilterError(text, e), pos: e.pos };
    throw e;
  }
}

export { FIELDS } from './fields.ts';
