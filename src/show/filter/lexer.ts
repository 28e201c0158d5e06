/**
 * Display-filter tokens, Wireshark's way: operators in symbol and word form, quoted strings
 * with C escapes, and unquoted literals (field names, numbers, addresses, CIDR blocks) as one
 * kind of word that the parser and the field's type interpret later. Each token keeps its
 * position and source text so errors can point at it with a caret.
 */

export type TokenKind = 'word' | 'string' | 'op' | 'lparen' | 'rparen' | 'lbrace' | 'rbrace' | 'comma' | 'end';

export interface Token {
  readonly kind: TokenKind;
  /** the operator or word as normalised (`==` for `eq`), or a string's decoded value */
  readonly value: string;
  /** the text as written, quotes included */
  readonly text: string;
  readonly pos: number;
}

export class FilterError extends Error {
  constructor(message: string, readonly pos?: number, readonly length?: number) {
    super(message);
  }
}

const WORD_OPS: Readonly<Record<string, string>> = {
  eq: '==', ne: '!=', gt: '>', ge: '>=', lt: '<', le: '<=', and: '&&', or: '||', not: '!',
  contains: 'contains', matches: 'matches', in: 'in', any_eq: '==', all_ne: '!=', all_eq: '===', any_ne: '!==',
};

const SYMBOLS = ['===', '!==', '==', '!=', '<=', '>=', '&&', '||', '<', '>', '!', '~', '='];

const WORD_CHAR = /[A-Za-z0-9_.:\-/+]/;

export function tokenize(src: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i]!;
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
      i++;
      continue;
    }
    const single: Partial<Record<string, TokenKind>> = { '(': 'lparen', ')': 'rparen', '{': 'lbrace', '}': 'rbrace', ',': 'comma' };
    const k = single[c];
    if (k) {
      out.push({ kind: k, value: c, text: c, pos: i });
      i++;
      continue;
    }
    if (c === '"') {
      const s = readString(src, i);
      out.push({ kind: 'string', value: s.value, text: src.slice(i, s.end), pos: i });
      i = s.end;
      continue;
    }
    const sym = SYMBOLS.find((s) => src.startsWith(s, i));
    if (sym) {
      out.push({ kind: 'op', value: sym === '~' ? 'matches' : sym, text: sym, pos: i });
      i += sym.length;
      continue;
    }
    if (WORD_CHAR.test(c)) {
      let j = i;
      while (j < src.length && WORD_CHAR.test(src[j]!)) j++;
      const text = src.slice(i, j);
      const op = WORD_OPS[text];
      out.push(op ? { kind: 'op', value: op, text, pos: i } : { kind: 'word', value: text, text, pos: i });
      i = j;
      continue;
    }
    throw new FilterError(`"${c}" was unexpected in this context.`, i, 1);
  }
  out.push({ kind: 'end', value: '', text: '', pos: src.length });
  return out;
}

function readString(src: string, start: number): { value: string; end: number } {
  let v = '';
  let i = start + 1;
  while (i < src.length) {
    const c = src[i]!;
    if (c === '"') return { value: v, end: i + 1 };
    if (c === '\\' && i + 1 < src.length) {
      const n = src[i + 1]!;
      const esc: Partial<Record<string, string>> = { n: '\n', t: '\t', r: '\r', '\\': '\\', '"': '"', a: '\x07', b: '\b', f: '\f', v: '\v', '0': '\0' };
      if (n === 'x' && /^[0-9a-fA-F]{2}$/.test(src.slice(i + 2, i + 4))) {
        v += String.fromCharCode(parseInt(src.slice(i + 2, i + 4), 16));
        i += 4;
        continue;
      }
      v += esc[n] ?? n;
      i += 2;
      continue;
    }
    v += c;
    i++;
  }
  throw new FilterError('The final quote was missing from a quoted string.', src.length, 1);
}
