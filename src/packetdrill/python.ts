/**
 * The Python that packetdrill's `%{ … }%` snippets use, and no more: statements split by
 * newlines or `;` (a trailing `\` joins lines), `#` comments, `assert E[, MSG]`,
 * `print(E)`, `NAME = E`, `NAME += E` / `-=`; expressions over ints and strings with
 * `or and not`, chained comparisons, `| ^ &`, `<< >>`, `+ -`, `* // %` (and `%` string
 * formatting with %d %u %s %x), unary minus, parentheses and tuples. packetdrill runs every
 * snippet in one interpreter with that moment's tcpi_* values, so the globals persist across
 * snippets of a script: `PythonEnv` keeps them.
 */

export type PyValue = number | string | readonly PyValue[];

export class PythonError extends Error {
  override name = 'PythonError';
}

/** `assert` failed: the message is the snippet's MSG, evaluated; `statement` the assert itself. */
export class AssertionFailed extends Error {
  override name = 'AssertionFailed';
  constructor(message: string, readonly statement: string) {
    super(message);
  }
}

/** A name the environment cannot supply (a tcpi_* field the simulation does not keep). */
export class UnknownName extends Error {
  override name = 'UnknownName';
  constructor(readonly identifier: string) {
    super(`name '${identifier}' is not defined`);
  }
}

type Tok = { readonly t: 'num'; readonly v: number } | { readonly t: 'str'; readonly v: string } | { readonly t: 'name'; readonly v: string } | { readonly t: 'op'; readonly v: string };

const OPS = ['//=', '**', '//', '<<', '>>', '<=', '>=', '==', '!=', '+=', '-=', '(', ')', ',', '<', '>', '+', '-', '*', '%', '&', '|', '^', '=', '~'];

function lexLine(src: string): Tok[] {
  const out: Tok[] = [];
  let i = 0;
  while (i < src.length) {
    const ch = src[i]!;
    if (ch === ' ' || ch === '\t') { i++; continue; }
    if (ch === '#') break;
    const num = /^(0x[0-9a-fA-F]+|[0-9]+)/.exec(src.slice(i));
    if (num) { out.push({ t: 'num', v: Number(num[0]) }); i += num[0].length; continue; }
    const name = /^[A-Za-z_][A-Za-z0-9_]*/.exec(src.slice(i));
    if (name) { out.push({ t: 'name', v: name[0] }); i += name[0].length; continue; }
    if (ch === "'" || ch === '"') {
      const end = src.indexOf(ch, i + 1);
      if (end < 0) throw new PythonError('unterminated string');
      out.push({ t: 'str', v: src.slice(i + 1, end) });
      i = end + 1;
      continue;
    }
    const op = OPS.find((o) => src.startsWith(o, i));
    if (!op) throw new PythonError(`unexpected character ${JSON.stringify(ch)}`);
    out.push({ t: 'op', v: op });
    i += op.length;
  }
  return out;
}

/** Splits a snippet into statements: lines joined at a trailing backslash, then split at ';' outside strings. */
function statements(code: string): string[] {
  const joined = code.replace(/\\\r?\n/g, ' ');
  const out: string[] = [];
  for (const line of joined.split('\n')) {
    let cur = '';
    let quote = '';
    for (const ch of line) {
      if (quote) { cur += ch; if (ch === quote) quote = ''; continue; }
      if (ch === "'" || ch === '"') quote = ch;
      if (ch === '#') break;
      if (ch === ';') { out.push(cur); cur = ''; continue; }
      cur += ch;
    }
    out.push(cur);
  }
  return out.map((s) => s.trim()).filter((s) => s.length > 0);
}

function truthy(v: PyValue): boolean {
  if (typeof v === 'number') return v !== 0;
  return v.length > 0;
}

function num(v: PyValue, op: string): number {
  if (typeof v !== 'number') throw new PythonError(`unsupported operand for ${op}: ${repr(v)}`);
  return v;
}

export function repr(v: PyValue): string {
  if (typeof v === 'number') return String(v);
  if (typeof v === 'string') return `'${v}'`;
  return `(${v.map(repr).join(', ')}${v.length === 1 ? ',' : ''})`;
}

function str(v: PyValue): string {
  return typeof v === 'string' ? v : repr(v);
}

/** Python's `fmt % args` for the conversions the corpus uses. */
function format(fmt: string, args: PyValue): string {
  const list = Array.isArray(args) ? (args as readonly PyValue[]) : [args as PyValue];
  let k = 0;
  return fmt.replace(/%([-0-9]*)([dusx%])/g, (_m, _w: string, conv: string) => {
    if (conv === '%') return '%';
    const v = list[k++];
    if (v === undefined) throw new PythonError('not enough arguments for format string');
    if (conv === 's') return str(v);
    const n = num(v, '%');
    return conv === 'x' ? Math.trunc(n).toString(16) : String(Math.trunc(n));
  });
}

function floorDiv(a: number, b: number): number {
  if (b === 0) throw new PythonError('integer division or modulo by zero');
  return Math.floor(a / b);
}

function binary(op: string, a: PyValue, b: PyValue): PyValue {
  if (op === '%' && typeof a === 'string') return format(a, b);
  if (op === '+' && typeof a === 'string' && typeof b === 'string') return a + b;
  const x = num(a, op);
  const y = num(b, op);
  switch (op) {
    case '+': return x + y;
    case '-': return x - y;
    case '*': return x * y;
    case '//': return floorDiv(x, y);
    case '%': return x - floorDiv(x, y) * y;
    case '**': return x ** y;
    case '&': return Number(BigInt(x) & BigInt(y));
    case '|': return Number(BigInt(x) | BigInt(y));
    case '^': return Number(BigInt(x) ^ BigInt(y));
    case '<<': return Number(BigInt(x) << BigInt(y));
    case '>>': return Number(BigInt(x) >> BigInt(y));
    default: throw new PythonError(`unsupported operator ${op}`);
  }
}

function compare(op: string, a: PyValue, b: PyValue): boolean {
  if (op === '==') return repr(a) === repr(b);
  if (op === '!=') return repr(a) !== repr(b);
  const x = num(a, op);
  const y = num(b, op);
  return op === '<' ? x < y : op === '<=' ? x <= y : op === '>' ? x > y : x >= y;
}

const COMPARISONS = new Set(['==', '!=', '<', '<=', '>', '>=']);
/** binary operator precedence, loosest first (Python's table, restricted) */
const LEVELS: readonly (readonly string[])[] = [['|'], ['^'], ['&'], ['<<', '>>'], ['+', '-'], ['*', '//', '%']];

/** Expression evaluator over one statement's tokens (precedence climbing). */
class Expr {
  private i = 0;
  constructor(private readonly toks: readonly Tok[], private readonly lookup: (name: string) => PyValue) {}

  done(): boolean {
    return this.i >= this.toks.length;
  }

  isOp(v: string): boolean {
    const t = this.toks[this.i];
    return t !== undefined && t.t === 'op' && t.v === v;
  }

  isName(v: string): boolean {
    const t = this.toks[this.i];
    return t !== undefined && t.t === 'name' && t.v === v;
  }

  take(): Tok {
    const t = this.toks[this.i++];
    if (!t) throw new PythonError('unexpected end of statement');
    return t;
  }

  expect(v: string): void {
    if (!this.isOp(v)) throw new PythonError(`expected '${v}'`);
    this.i++;
  }

  /** a tuple when a top-level comma follows */
  tuple(): PyValue {
    const first = this.or();
    if (!this.isOp(',')) return first;
    const items = [first];
    while (this.isOp(',')) { this.i++; if (this.done() || this.isOp(')')) break; items.push(this.or()); }
    return items;
  }

  or(): PyValue {
    let v = this.and();
    while (this.isName('or')) { this.i++; const r = this.and(); v = truthy(v) ? v : r; }
    return v;
  }

  and(): PyValue {
    let v = this.not();
    while (this.isName('and')) { this.i++; const r = this.not(); v = truthy(v) ? r : v; }
    return v;
  }

  not(): PyValue {
    if (this.isName('not')) { this.i++; return truthy(this.not()) ? 0 : 1; }
    return this.comparison();
  }

  comparison(): PyValue {
    let left = this.level(0);
    let result = true;
    let chained = false;
    for (let t = this.toks[this.i]; t && t.t === 'op' && COMPARISONS.has(t.v); t = this.toks[this.i]) {
      this.i++;
      const right = this.level(0);
      result = result && compare(t.v, left, right);
      left = right;
      chained = true;
    }
    return chained ? (result ? 1 : 0) : left;
  }

  level(n: number): PyValue {
    if (n === LEVELS.length) return this.unary();
    let v = this.level(n + 1);
    for (let t = this.toks[this.i]; t && t.t === 'op' && LEVELS[n]!.includes(t.v); t = this.toks[this.i]) {
      this.i++;
      v = binary(t.v, v, this.level(n + 1));
    }
    return v;
  }

  unary(): PyValue {
    if (this.isOp('-')) { this.i++; return -num(this.unary(), '-'); }
    if (this.isOp('+')) { this.i++; return num(this.unary(), '+'); }
    if (this.isOp('~')) { this.i++; return ~num(this.unary(), '~'); }
    const base = this.atom();
    if (this.isOp('**')) { this.i++; return binary('**', base, this.unary()); }
    return base;
  }

  atom(): PyValue {
    const t = this.take();
    if (t.t === 'num' || t.t === 'str') return t.v;
    if (t.t === 'name') return t.v === 'True' ? 1 : t.v === 'False' ? 0 : this.lookup(t.v);
    if (t.v === '(') {
      if (this.isOp(')')) { this.i++; return []; }
      const v = this.tuple();
      this.expect(')');
      return v;
    }
    throw new PythonError(`unexpected '${t.v}'`);
  }
}

/** The interpreter state of one script: its globals, and what `print` wrote. */
export class PythonEnv {
  readonly globals = new Map<string, PyValue>();
  readonly printed: string[] = [];

  /**
   * Runs one snippet with `locals` (the tcpi_* values and constants) visible. Throws
   * AssertionFailed, UnknownName or PythonError.
   */
  run(code: string, locals: (name: string) => PyValue | undefined): void {
    const lookup = (name: string): PyValue => {
      const v = this.globals.get(name) ?? locals(name);
      if (v === undefined) throw new UnknownName(name);
      return v;
    };
    for (const stmt of statements(code)) this.statement(stmt, lexLine(stmt), lookup);
  }

  private statement(text: string, toks: readonly Tok[], lookup: (name: string) => PyValue): void {
    const head = toks[0]!;
    const second = toks[1];
    if (head.t === 'name' && head.v === 'assert') {
      const e = new Expr(toks.slice(1), lookup);
      const ok = truthy(e.or());
      if (!ok) throw new AssertionFailed(e.isOp(',') ? (e.take(), str(e.tuple())) : 'assertion failed', text);
      return;
    }
    if (head.t === 'name' && head.v === 'print') {
      const e = new Expr(toks.slice(1), lookup);
      this.printed.push(str(e.tuple()));
      return;
    }
    if (head.t === 'name' && second?.t === 'op' && (second.v === '=' || second.v === '+=' || second.v === '-=')) {
      const e = new Expr(toks.slice(2), lookup);
      const v = e.tuple();
      if (!e.done()) throw new PythonError('unexpected tokens after the value');
      this.globals.set(head.v, second.v === '=' ? v : binary(second.v[0]!, lookup(head.v), v));
      return;
    }
    const e = new Expr(toks, lookup);
    e.tuple();
    if (!e.done()) throw new PythonError('unexpected tokens after the expression');
  }
}
