/**
 * JSON bodies as Wireshark 4.0's JSON dissector (epan/dissectors/packet-json.c) reads them: its
 * tvbparse grammar, not a strict RFC 8259 parser. The JSON text is an object or an array (a
 * bare number or string is not JSON to it); several texts may follow each other; `NaN` is a
 * value; whitespace (space, tab, CR, LF) is skipped after every token, even between a number's
 * parts; a string is any bytes but `"` and `\` plus the escapes `\" \\ \/ \b \f \n \r \t \uXXXX`.
 * A text that does not parse leaves nothing in the tree: the bytes from it on go to the
 * line-based text dissector (`rest`).
 *
 * Only frames whose HTTP body has a JSON media type (JSON_MEDIA_TYPES) are parsed.
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

/**
 * Deeper nesting is treated as not parsing, which keeps the recursion off the JS stack's limit
 * (Wireshark's own tree stops at a depth of a few hundred too).
 */
const MAX_DEPTH = 256;

const KEYWORDS: readonly (readonly [string, 'false' | 'null' | 'true' | 'nan'])[] = [['false', 'false'], ['null', 'null'], ['true', 'true'], ['NaN', 'nan']];

/** packet-json.c's dissect_json loop: `while (tvbparse_get(tt, want))`, whitespace skipped before each. */
export function parseJsonBody(b: Uint8Array): JsonParse {
  const texts: JsonValue[] = [];
  let end = 0;
  for (;;) {
    const p = new Parser(b, skipWs(b, end));
    const c = b[p.pos];
    const v = c === 0x7b || c === 0x5b ? p.value(0) : undefined;
    if (v === undefined) break;
    texts.push(v);
    end = p.pos;
  }
  return { texts, end };
}

function skipWs(b: Uint8Array, at: number): number {
  let i = at;
  while (i < b.length && (b[i] === 0x20 || b[i] === 0x09 || b[i] === 0x0d || b[i] === 0x0a)) i++;
  return i;
}

const isDigit = (c: number | undefined): boolean => c !== undefined && c >= 0x30 && c <= 0x39;
const isHex = (c: number | undefined): boolean => c !== undefined && (isDigit(c) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66));

class Parser {
  constructor(private readonly b: Uint8Array, public pos: number) {}

  /** One value at `pos`, whitespace after it skipped; undefined when none parses there. */
  value(depth: number): JsonValue | undefined {
    if (depth > MAX_DEPTH) return undefined;
    const c = this.b[this.pos];
    for (const [word, kind] of KEYWORDS) if (this.take(word)) return { kind, text: word };
    if (c === 0x7b) return this.object(depth);
    if (c === 0x5b) return this.array(depth);
    if (c === 0x2d || isDigit(c)) return this.number();
    if (c === 0x22) return this.string();
    return undefined;
  }

  private take(word: string): boolean {
    for (let i = 0; i < word.length; i++) if (this.b[this.pos + i] !== word.charCodeAt(i)) return false;
    this.pos = skipWs(this.b, this.pos + word.length);
    return true;
  }

  /** `{` [member *(`,` member)] `}` */
  private object(depth: number): JsonValue | undefined {
    this.char(0x7b);
    const members: JsonMember[] = [];
    if (this.b[this.pos] !== 0x7d) {
      do {
        const m = this.member(depth);
        if (!m) return undefined;
        members.push(m);
      } while (this.char(0x2c));
    }
    return this.char(0x7d) ? { kind: 'object', members } : undefined;
  }

  private member(depth: number): JsonMember | undefined {
    if (this.b[this.pos] !== 0x22) return undefined;
    const key = this.string();
    if (!key || !this.char(0x3a)) return undefined;
    const value = this.value(depth + 1);
    return value && { key: key.raw, value };
  }

  /** `[` [value *(`,` value)] `]` */
  private array(depth: number): JsonValue | undefined {
    this.char(0x5b);
    const items: JsonValue[] = [];
    if (this.b[this.pos] !== 0x5d) {
      do {
        const v = this.value(depth + 1);
        if (!v) return undefined;
        items.push(v);
      } while (this.char(0x2c));
    }
    return this.char(0x5d) ? { kind: 'array', items } : undefined;
  }

  /** [`-`] (`0` / 1-9 *DIGIT) [`.` 1*DIGIT] [(`e`/`E`) [`-`/`+`] 1*DIGIT], whitespace allowed between parts */
  private number(): JsonValue | undefined {
    const start = this.pos;
    let end = this.pos;
    const part = (ok: boolean, first: number): boolean => {
      if (!ok) return false;
      end = first;
      this.pos = skipWs(this.b, first);
      return true;
    };
    const digits = (from: number): number => { let i = from; while (isDigit(this.b[i])) i++; return i; };
    part(this.b[this.pos] === 0x2d, this.pos + 1);
    const c = this.b[this.pos];
    if (!isDigit(c)) return undefined;
    part(true, this.pos + 1);
    if (c !== 0x30 && isDigit(this.b[this.pos])) part(true, digits(this.pos));
    if (this.b[this.pos] === 0x2e && isDigit(this.b[skipWs(this.b, this.pos + 1)])) {
      const d = skipWs(this.b, this.pos + 1);
      part(true, digits(d));
    }
    const e = this.b[this.pos];
    if (e === 0x65 || e === 0x45) {
      let d = skipWs(this.b, this.pos + 1);
      if (this.b[d] === 0x2d || this.b[d] === 0x2b) d = skipWs(this.b, d + 1);
      if (isDigit(this.b[d])) part(true, digits(d));
    }
    return { kind: 'number', text: latin1(this.b.subarray(start, end)) };
  }

  /** `"` *(not `"` `\` / escape) `"` */
  private string(): { kind: 'string'; raw: Uint8Array } | undefined {
    const start = this.pos + 1;
    let i = start;
    for (;;) {
      const c = this.b[i];
      if (c === undefined) return undefined;
      if (c === 0x22) break;
      if (c !== 0x5c) { i++; continue; }
      const e = this.b[i + 1];
      if (e === 0x75) {
        if (![2, 3, 4, 5].every((k) => isHex(this.b[i + k]))) return undefined;
        i += 6;
      } else if (e !== undefined && '"\\/bfnrt'.includes(String.fromCharCode(e))) i += 2;
      else return undefined;
    }
    this.pos = skipWs(this.b, i + 1);
    return { kind: 'string', raw: this.b.subarray(start, i) };
  }

  /** the byte `c` here (whitespace after it skipped), or false */
  private char(c: number): boolean {
    if (this.b[this.pos] !== c) return false;
    this.pos = skipWs(this.b, this.pos + 1);
    return true;
  }
}

function latin1(b: Uint8Array): string {
  return String.fromCharCode(...b);
}
