/**
 * JSON bodies as Wireshark 4.0's JSON dissector (epan/dissectors/packet-json.c) reads them: its
 * tvbparse grammar, emulated combinator for combinator (seq, one-of, some, chars with
 * epan/tvbparse.c's rules), not a strict RFC 8259 parser. The JSON text is an object or an
 * array (a bare number or string is not JSON to it); several texts may follow each other; `NaN`
 * is a value; whitespace (space, tab, CR, LF) is skipped after every sequence element, even
 * between a number's parts; a string is any bytes but `"` and `\` plus the escapes
 * `\" \\ \/ \b \f \n \r \t \uXXXX`; past tvbparse's recursion depth of 100 nothing matches (so
 * about 25 nested arrays, fewer objects). A text that does not parse leaves nothing in the
 * tree: the bytes from it on go to the line-based text dissector.
 *
 * Only frames whose HTTP body has a JSON media type (JSON_MEDIA_TYPES) are parsed, once each.
 */

/** The media_type table entries packet-json.c's handoff registers (checked against tshark 4.0). */
export const JSON_MEDIA_TYPES: ReadonlySet<string> = new Set([
  'application/json', 'application/senml+json', 'application/sensml+json', 'application/json-rpc',
  'application/jsonrequest', 'application/dds-web+json', 'application/vnd.oma.lwm2m+json',
  'application/problem+json', 'application/merge-patch+json', 'application/json-patch+json', 'application/x-ndjson',
]);

export type JsonValue =
  | { readonly kind: 'object'; readonly members: readonly JsonMember[] }
  | { readonly kind: 'array'; readonly items: readonly JsonValue[] }
  /** `raw`: the bytes between the quotes, escapes as sent */
  | { readonly kind: 'string'; readonly raw: Uint8Array }
  /** `text`: the token as sent (`-2.5e+3`, `NaN`, `true` …) */
  | { readonly kind: 'number' | 'true' | 'false' | 'null' | 'nan'; readonly text: string };

export interface JsonMember {
  readonly key: Uint8Array;
  readonly value: JsonValue;
}

export interface JsonParse {
  /** the texts that parsed, in order */
  readonly texts: readonly JsonValue[];
  /** where parsing stopped: bytes from here on are not JSON to Wireshark */
  readonly end: number;
}

/** TVBPARSE_MAX_RECURSION_DEPTH (epan/tvbparse.c): a sequence, choice or repetition entered deeper fails. */
const MAX_DEPTH = 100;

/** A match: what it makes, the bytes it consumed (trailing whitespace included) and its token's extent. */
interface Match<T> {
  readonly v: T;
  readonly len: number;
  readonly tokStart: number;
  readonly tokEnd: number;
}

interface State {
  readonly b: Uint8Array;
  depth: number;
}

type Cond<T> = (s: State, at: number) => Match<T> | undefined;

/** packet-json.c's want_ignore: space, tab, CR, LF. */
function skipWs(b: Uint8Array, at: number): number {
  let i = at;
  while (i < b.length && (b[i] === 0x20 || b[i] === 0x09 || b[i] === 0x0d || b[i] === 0x0a)) i++;
  return i;
}

/** Runs `body` one recursion level deeper, as cond_seq, cond_one_of and cond_some count them. */
function deeper<T>(s: State, body: () => Match<T> | undefined): Match<T> | undefined {
  if (++s.depth > MAX_DEPTH) { s.depth--; return undefined; }
  const r = body();
  s.depth--;
  return r;
}

/** tvbparse_set_seq: every element in turn, whitespace skipped after each; the token spans the elements that have bytes. */
function seq(...conds: Cond<unknown>[]): Cond<unknown[]> {
  return (s, at) => deeper(s, () => {
    const vs: unknown[] = [];
    let off = at;
    let tokStart = -1;
    let tokEnd = -1;
    for (const c of conds) {
      const r = c(s, off);
      if (!r) return undefined;
      if (tokStart < 0) { tokStart = r.tokStart; tokEnd = r.tokEnd; }
      else if (r.tokEnd > r.tokStart) tokEnd = r.tokEnd;
      vs.push(r.v);
      off = skipWs(s.b, off + r.len);
    }
    return { v: vs, len: off - at, tokStart, tokEnd };
  });
}

/** tvbparse_set_oneof: the first alternative that matches. */
function oneOf(...conds: Cond<unknown>[]): Cond<unknown> {
  return (s, at) => deeper(s, () => {
    for (const c of conds) { const r = c(s, at); if (r) return r; }
    return undefined;
  });
}

/** tvbparse_some: `min` to `max` matches in a row (no whitespace skipped between them). */
function some(min: number, max: number, cond: Cond<unknown>): Cond<unknown[]> {
  return (s, at) => deeper(s, () => {
    const vs: unknown[] = [];
    let off = at;
    let tokEnd = at;
    while (vs.length < max) {
      const r = cond(s, off);
      if (!r) break;
      if (r.tokEnd > r.tokStart) tokEnd = r.tokEnd;
      vs.push(r.v);
      off += r.len;
    }
    return vs.length < min ? undefined : { v: vs, len: off - at, tokStart: at, tokEnd };
  });
}

const optional = (c: Cond<unknown>): Cond<unknown[]> => some(0, 1, c);

/** tvbparse_chars / tvbparse_not_chars: a run of `min` (at least 1) to `max` bytes `accept` takes. */
function chars(accept: (c: number) => boolean, min = 1, max = Infinity): Cond<null> {
  return (s, at) => {
    let i = at;
    while (i < s.b.length && i - at < max && accept(s.b[i]!)) i++;
    return i - at < Math.max(min, 1) ? undefined : { v: null, len: i - at, tokStart: at, tokEnd: i };
  };
}

/** tvbparse_char: one byte of `set` (looked up in a table: the string body calls it per escape). */
function oneChar(set: string): Cond<null> {
  const table = new Uint8Array(256);
  for (const ch of set) table[ch.charCodeAt(0)] = 1;
  return chars((c) => table[c] === 1, 1, 1);
}

/** tvbparse_string: exactly `word`. */
function word<T>(w: string, v: T): Cond<T> {
  return (s, at) => {
    for (let i = 0; i < w.length; i++) if (s.b[at + i] !== w.charCodeAt(i)) return undefined;
    return { v, len: w.length, tokStart: at, tokEnd: at + w.length };
  };
}

function map<A, B>(c: Cond<A>, f: (v: A, m: Match<A>, s: State) => B): Cond<B> {
  return (s, at) => { const r = c(s, at); return r && { ...r, v: f(r.v, r, s) }; };
}

const isDigit = (c: number): boolean => c >= 0x30 && c <= 0x39;
const isHex = (c: number): boolean => isDigit(c) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66);

/** init_json_parser's grammar, element for element. */
function grammar(): Cond<JsonValue> {
  const quot = oneChar('"');
  const stringBody = some(0, Infinity, oneOf(
    chars((c) => c !== 0x22 && c !== 0x5c),
    seq(oneChar('\\'), oneOf(oneChar('"\\/bfnrt'), seq(oneChar('u'), chars(isHex, 4, 4)))),
  ));
  const string = map(seq(quot, stringBody, quot), (_v, m, s): JsonValue => ({ kind: 'string', raw: s.b.subarray(m.tokStart + 1, m.tokEnd - 1) }));
  const int = oneOf(oneChar('0'), seq(chars((c) => c >= 0x31 && c <= 0x39, 1, 1), optional(chars(isDigit))));
  const number = map(seq(
    optional(oneChar('-')),
    int,
    optional(seq(oneChar('.'), chars(isDigit))),
    optional(seq(oneChar('eE'), optional(oneChar('-+')), chars(isDigit))),
  ), (_v, m, s): JsonValue => ({ kind: 'number', text: String.fromCharCode(...s.b.subarray(m.tokStart, m.tokEnd)) }));
  let object: Cond<JsonValue> = () => undefined;
  let array: Cond<JsonValue> = () => undefined;
  const value: Cond<JsonValue> = oneOf(
    word('false', { kind: 'false', text: 'false' }), word('null', { kind: 'null', text: 'null' }),
    word('true', { kind: 'true', text: 'true' }), word('NaN', { kind: 'nan', text: 'NaN' }),
    (s, at) => object(s, at), (s, at) => array(s, at), number, string,
  ) as Cond<JsonValue>;
  const sep = oneChar(',');
  const list = <T>(item: Cond<T>): Cond<T[]> => map(optional(seq(item, some(0, Infinity, seq(sep, item)))), (v) => {
    const first = v[0] as [T, [null, T][]] | undefined;
    return first ? [first[0], ...first[1].map((p) => p[1])] : [];
  });
  array = map(seq(oneChar('['), list(value), oneChar(']')), (v): JsonValue => ({ kind: 'array', items: v[1] as JsonValue[] }));
  const member = map(seq(string, oneChar(':'), value), (v): JsonMember => ({ key: (v[0] as { raw: Uint8Array }).raw, value: v[2] as JsonValue }));
  object = map(seq(oneChar('{'), list(member), oneChar('}')), (v): JsonValue => ({ kind: 'object', members: v[1] as JsonMember[] }));
  return oneOf(object, array) as Cond<JsonValue>;
}

const JSON_TEXT = grammar();

/** parsed bodies by identity: frame.protocols, the details and the filter fields all read a JSON frame's body */
const parsedBodies = new WeakMap<Uint8Array, JsonParse>();

/** packet-json.c's dissect_json loop: `while (tvbparse_get(tt, want))`, whitespace skipped before each try. */
export function parseJsonBody(b: Uint8Array): JsonParse {
  let p = parsedBodies.get(b);
  if (!p) {
    p = parseTexts(b);
    parsedBodies.set(b, p);
  }
  return p;
}

function parseTexts(b: Uint8Array): JsonParse {
  const texts: JsonValue[] = [];
  const s: State = { b, depth: 0 };
  let end = 0;
  for (;;) {
    const at = skipWs(b, end);
    const r = JSON_TEXT(s, at);
    if (!r) break;
    texts.push(r.v);
    end = at + r.len;
  }
  return { texts, end };
}
