/**
 * The tokens of a packetdrill script, as packetdrill's flex lexer (lexer.l) splits them:
 * the longest match wins and, on a tie, the earlier rule (so `4` is an INTEGER, not a WORD,
 * and `0x1f` a HEX integer). Comments (`//…`, `/*…*\/`) and whitespace vanish; `%{ … }%`
 * Python snippets and backquoted shell commands come through whole; keywords stay WORDs
 * (the parser compares their text), which keeps this file a plain scanner.
 */

export type TokenKind =
  | 'option' // --name
  | 'ellipsis' // ...
  | 'float'
  | 'int'
  | 'hex'
  | 'word'
  | 'string' // "…" without the quotes
  | 'backquoted' // `…` without the quotes
  | 'code' // %{ … }% with the delimiters and outer blanks stripped
  | 'ipv4'
  | 'ipv6'
  | 'char' // any other single character
  | 'eof';

export interface Token {
  readonly kind: TokenKind;
  readonly text: string;
  /** integer/float/hex value */
  readonly value: number;
  /** 1-based line where the token starts */
  readonly line: number;
}

export class ScriptSyntaxError extends Error {
  override name = 'ScriptSyntaxError';
  constructor(readonly line: number, message: string) {
    super(`line ${line}: ${message}`);
  }
}

interface Rule {
  readonly kind: TokenKind | 'skip';
  readonly re: RegExp;
}

const SEG = '[0-9a-fA-F]{1,4}';
const IPV4 = '[0-9]+[.][0-9]+[.][0-9]+[.][0-9]+';
// lexer.l's IPv6 forms: each needs a '::' or eight groups, so `1:1001` (a sequence range) is not one
const IPV6_FORMS = [
  '::',
  `(?:${SEG}:){7}${SEG}`,
  `(?:${SEG}:){1,7}:`,
  `(?:${SEG}:){1,6}:${SEG}`,
  `(?:${SEG}:){1,5}(?::${SEG}){1,2}`,
  `(?:${SEG}:){1,4}(?::${SEG}){1,3}`,
  `(?:${SEG}:){1,3}(?::${SEG}){1,4}`,
  `(?:${SEG}:){1,2}(?::${SEG}){1,5}`,
  `${SEG}:(?:(?::${SEG}){1,6})`,
  `:(?::${SEG}){1,7}`,
  `::ffff:${IPV4}`,
  `::ffff:(?:0){1,4}:${IPV4}`,
  `(?:${SEG}:){1,4}:${IPV4}`,
];

/** lexer.l's rules in its order (ties go to the earlier one); every pattern is sticky. */
const RULES: readonly Rule[] = [
  { kind: 'ellipsis', re: /\.\.\./y },
  { kind: 'option', re: /--[a-zA-Z0-9_]+/y },
  { kind: 'float', re: /-?[0-9]*\.[0-9]+/y },
  { kind: 'int', re: /-?[0-9]+/y },
  { kind: 'hex', re: /0x[0-9a-fA-F]+/y },
  { kind: 'word', re: /[a-zA-Z0-9_]+/y },
  { kind: 'string', re: /"(?:\\.|[^"])*"/y },
  { kind: 'backquoted', re: /`(?:\\.|[^`])*`/y },
  { kind: 'char', re: /[^ \t\n]/y },
  { kind: 'skip', re: /[ \t\n\r]+/y },
  { kind: 'skip', re: /\/\/[^\n]*(?:\n|$)/y },
  { kind: 'skip', re: /\/\*(?:[^*]|\*(?!\/))*\*\//y },
  { kind: 'code', re: /%\{(?:[^}]|\}(?!%))*\}%/y },
  { kind: 'ipv4', re: new RegExp(IPV4, 'y') },
  // a regex alternation takes its first matching branch, not the longest: one rule per IPv6 form
  ...IPV6_FORMS.map((f): Rule => ({ kind: 'ipv6', re: new RegExp(f, 'y') })),
];

function countNewlines(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) === 10) n++;
  return n;
}

function tokenFor(kind: TokenKind, text: string, line: number): Token {
  switch (kind) {
    case 'float':
      return { kind, text, value: Number.parseFloat(text), line };
    case 'int':
      return { kind, text, value: Number.parseInt(text, 10), line };
    case 'hex':
      return { kind, text, value: Number.parseInt(text.slice(2), 16), line };
    case 'option':
      return { kind, text: text.slice(2), value: 0, line };
    case 'string':
    case 'backquoted':
      return { kind, text: text.slice(1, -1), value: 0, line };
    case 'code':
      return { kind, text: text.slice(2, -2).replace(/^[ \t]+|[ \t]+$/g, ''), value: 0, line };
    default:
      return { kind, text, value: 0, line };
  }
}

/** Splits a whole script into tokens, ending with one 'eof' token. */
export function tokenize(source: string): Token[] {
  const out: Token[] = [];
  let pos = 0;
  let line = 1;
  while (pos < source.length) {
    let best: Rule | undefined;
    let bestLen = 0;
    for (const rule of RULES) {
      rule.re.lastIndex = pos;
      const m = rule.re.exec(source);
      if (m && m[0].length > bestLen) {
        best = rule;
        bestLen = m[0].length;
      }
    }
    if (!best) throw new ScriptSyntaxError(line, `cannot read ${JSON.stringify(source.slice(pos, pos + 10))}`);
    const text = source.slice(pos, pos + bestLen);
    if (best.kind !== 'skip') out.push(tokenFor(best.kind, text, line));
    line += countNewlines(text);
    pos += bestLen;
  }
  out.push({ kind: 'eof', text: '', value: 0, line });
  return out;
}
