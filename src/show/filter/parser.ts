/**
 * Display-filter syntax (Wireshark 4.0's grammar, the subset show supports; 4.0 has no xor):
 *
 *   expr  := and ( ('||' | 'or') and )*
 *   and   := unary ( ('&&' | 'and') unary )*
 *   unary := ('!' | 'not') unary | '(' expr ')' | operand [ relop operand | 'in' '{' operand* '}' ]
 *   relop := == != === !== < <= > >= contains matches ~  (and eq ne … as words)
 *
 * Syntax only: whether a word is a field and whether a literal fits it is compile.ts's job.
 */
import { FilterError, tokenize, type Token } from './lexer.ts';

export type Node =
  | { readonly kind: 'or' | 'and'; readonly left: Node; readonly right: Node }
  | { readonly kind: 'not'; readonly expr: Node }
  | { readonly kind: 'test'; readonly operand: Token }
  | { readonly kind: 'cmp'; readonly op: string; readonly opTok: Token; readonly left: Token; readonly right: Token }
  | { readonly kind: 'in'; readonly left: Token; readonly set: readonly Token[] };

const RELOPS = new Set(['==', '!=', '===', '!==', '<', '<=', '>', '>=', 'contains', 'matches']);

class Parser {
  private i = 0;
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

  parse(): Node {
    const n = this.or();
    const t = this.peek();
    if (t.kind !== 'end') this.unexpected(t);
    return n;
  }

  private binary(kind: 'or' | 'and', op: string, next: () => Node): Node {
    let left = next();
    while (this.peek().kind === 'op' && this.peek().value === op) {
      this.take();
      left = { kind, left, right: next() };
    }
    return left;
  }

  private or(): Node {
    return this.binary('or', '||', () => this.and());
  }

  private and(): Node {
    return this.binary('and', '&&', () => this.unary());
  }

  private unary(): Node {
    const t = this.peek();
    if (t.kind === 'op' && t.value === '!') {
      this.take();
      return { kind: 'not', expr: this.unary() };
    }
    if (t.kind === 'lparen') {
      this.take();
      const e = this.or();
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
