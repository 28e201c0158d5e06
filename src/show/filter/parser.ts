/**
 * Display-filter syntax (Wireshark 4.0's grammar, the subset show supports; 4.0 has no xor):
 *
 *   expr  := and ( ('||' | 'or') and )*
 *   and   := unary ( ('&&' | 'and') unary )*
 *   unary := ('!' | 'not')* primary
 *   primary := '(' expr ')' | operand [ relop operand | 'in' '{' operand* '}' ]   (at most MAX_NESTING '(' deep)
 *   relop := == != === !== < <= > >= contains matches ~  (and eq ne … as words)
 *
 * Syntax only: whether a word is a field and whether a literal fits it is compile.ts's job.
 */
import { FilterError, tokenize, type Token } from './lexer.ts';

export type Node =
  | { readonly kind: 'or' | 'and'; readonly items: readonly Node[] }
  | { readonly kind: 'not'; readonly expr: Node }
  | { readonly kind: 'test'; readonly operand: Token }
  | { readonly kind: 'cmp'; readonly op: string; readonly opTok: Token; readonly left: Token; readonly right: Token }
  | { readonly kind: 'in'; readonly left: Token; readonly set: readonly Token[] };

const RELOPS = new Set(['==', '!=', '===', '!==', '<', '<=', '>', '>=', 'contains', 'matches']);

/**
 * Parentheses nested deeper than this are refused. tshark's parser (lemon, a fixed stack of
 * 100 entries) overflows at 98 levels around a bare field (`((…(frame)…))`), a few less around
 * a comparison or a chain (97 around `a == b`, 95 around `a or b and c`), and names a later
 * token as unexpected; here the limit is 97 whatever the parentheses hold, and the message
 * names the token after the innermost operand.
 */
export const MAX_NESTING = 97;

class Parser {
  private i = 0;
  private depth = 0;
  constructor(private readonly toks: readonly Token[]) {}

  private peek(): Token {
    return this.toks[this.i]!;
  }

  private take(): Token {
    return this.toks[this.i++]!;
  }

  private unexpected(t: Token): never {
    if (t.kind === 'end') throw new FilterError('Unexpected end of filter expression.');
    throw new FilterError(`"${t.text}" was unexpected in this context.`, t.pos, t.text.length);
  }

  /** Past MAX_NESTING: skip to the innermost operand and name the token after it, as tshark does. */
  private tooDeep(): never {
    while (this.peek().kind === 'lparen' || (this.peek().kind === 'op' && this.peek().value === '!')) this.take();
    if (this.peek().kind === 'word' || this.peek().kind === 'string') this.take();
    return this.unexpected(this.peek());
  }

  parse(): Node {
    const n = this.or();
    const t = this.peek();
    if (t.kind !== 'end') this.unexpected(t);
    return n;
  }

  /** A chain `a op b op c …` as one node with a list, so a chain of any length costs no recursion. */
  private binary(kind: 'or' | 'and', op: string, next: () => Node): Node {
    const items = [next()];
    while (this.peek().kind === 'op' && this.peek().value === op) {
      this.take();
      items.push(next());
    }
    return items.length === 1 ? items[0]! : { kind, items };
  }

  private or(): Node {
    return this.binary('or', '||', () => this.and());
  }

  private and(): Node {
    return this.binary('and', '&&', () => this.unary());
  }

  private unary(): Node {
    let nots = 0; // a run of `!` is counted, not recursed into: tshark takes hundreds
    while (this.peek().kind === 'op' && this.peek().value === '!') {
      this.take();
      nots++;
    }
    const inner = this.primary();
    return nots % 2 === 1 ? { kind: 'not', expr: inner } : nots > 0 ? { kind: 'not', expr: { kind: 'not', expr: inner } } : inner;
  }

  private primary(): Node {
    const t = this.peek();
    if (t.kind === 'lparen') {
      this.take();
      if (++this.depth > MAX_NESTING) this.tooDeep();
      const e = this.or();
      this.depth--;
      const close = this.take();
      if (close.kind !== 'rparen') this.unexpected(close);
      return e;
    }
    const left = this.operand();
    const op = this.peek();
    if (op.kind === 'op' && RELOPS.has(op.value)) {
      this.take();
      return { kind: 'cmp', op: op.value, opTok: op, left, right: this.operand() };
    }
    if (op.kind === 'op' && op.value === 'in') {
      this.take();
      return { kind: 'in', left, set: this.set() };
    }
    return { kind: 'test', operand: left };
  }

  private operand(): Token {
    const t = this.take();
    if (t.kind === 'word' || t.kind === 'string') return t;
    return this.unexpected(t);
  }

  private set(): Token[] {
    const open = this.take();
    if (open.kind !== 'lbrace') this.unexpected(open);
    const items: Token[] = [this.operand()];
    for (;;) {
      const t = this.peek();
      if (t.kind === 'rbrace') {
        this.take();
        return items;
      }
      if (t.kind === 'comma') {
        this.take();
        items.push(this.operand());
        continue;
      }
      this.unexpected(t);
    }
  }
}

/** Parses a filter; throws FilterError with the offending token's position. */
export function parseFilter(src: string): Node {
  return new Parser(tokenize(src)).parse();
}
