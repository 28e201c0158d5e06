/** A cursor over a token list for the recursive-descent parsers of scripts and packets. */
import { ScriptSyntaxError, type Token, type TokenKind } from './lexer.ts';

export class Cursor {
  private pos = 0;
  constructor(private readonly tokens: readonly Token[]) {}

  peek(ahead = 0): Token {
    return this.tokens[Math.min(this.pos + ahead, this.tokens.length - 1)]!;
  }

  next(): Token {
    const t = this.peek();
    if (this.pos < this.tokens.length - 1) this.pos++;
    return t;
  }

  /** Is the next token this character / this word / of this kind? */
  isChar(c: string, ahead = 0): boolean {
    const t = this.peek(ahead);
    return t.kind === 'char' && t.text === c;
  }

  isWord(w: string, ahead = 0): boolean {
    const t = this.peek(ahead);
    return t.kind === 'word' && t.text === w;
  }

  isKind(k: TokenKind, ahead = 0): boolean {
    return this.peek(ahead).kind === k;
  }

  /** Takes the character if it is next. */
  eatChar(c: string): boolean {
    if (!this.isChar(c)) return false;
    this.next();
    return true;
  }

  eatWord(w: string): boolean {
    if (!this.isWord(w)) return false;
    this.next();
    return true;
  }

  expectChar(c: string, what: string): void {
    if (!this.eatChar(c)) this.fail(`expected '${c}' ${what}`);
  }

  expectWord(w: string, what: string): void {
    if (!this.eatWord(w)) this.fail(`expected '${w}' ${what}`);
  }

  expectKind(k: TokenKind, what: string): Token {
    if (!this.isKind(k)) this.fail(`expected ${what}`);
    return this.next();
  }

  /** An INTEGER token (decimal, optionally negative) as a number. */
  expectInt(what: string): number {
    const t = this.peek();
    if (t.kind !== 'int' && t.kind !== 'hex') this.fail(`expected an integer ${what}`);
    this.next();
    return t.value;
  }

  fail(message: string): never {
    const t = this.peek();
    const near = t.kind === 'eof' ? 'end of script' : JSON.stringify(t.text);
    throw new ScriptSyntaxError(t.line, `${message}, near ${near}`);
  }
}
