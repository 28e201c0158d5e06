/**
 * The system-call half of the grammar (parser.y's syscall_spec and expression):
 *   read(4, ..., 1000) = 143
 *   connect(4, ..., ...) = -1 EINPROGRESS (Operation now in progress)
 *   sendmsg(4, {msg_name(...)=..., msg_iov(1)=[{..., 40}], msg_flags=0}, MSG_MORE) = 40
 * Struct literals are read generically (named fields, optional `(count)`, positional items);
 * the runner reads the fields it needs by name, so one reader serves sockaddr, msghdr,
 * iovec, pollfd, linger and epoll_event alike.
 */
import type { Cursor } from './cursor.ts';
import type { Expr, StructField, SyscallSpec } from './script.ts';

function parseList(c: Cursor, close: string, what: string): Expr[] {
  const items: Expr[] = [];
  if (c.eatChar(close)) return items;
  items.push(parseExpr(c));
  while (c.eatChar(',')) items.push(parseExpr(c));
  c.expectChar(close, `to close ${what}`);
  return items;
}

function parseField(c: Cursor): StructField {
  if (c.isKind('word') && c.isChar('=', 1)) {
    const name = c.next().text;
    c.next();
    return { name, count: null, value: parseExpr(c) };
  }
  if (c.isKind('word') && c.isChar('(', 1)) {
    // msg_iov(1)=[…] is a field with a count; htons(8080) a value
    const save = c.peek();
    const call = parseTerm(c);
    if (call.kind === 'call' && c.eatChar('=')) {
      return { name: save.text, count: call.args[0] ?? null, value: parseExpr(c) };
    }
    return { name: null, count: null, value: call };
  }
  return { name: null, count: null, value: parseExpr(c) };
}

function parseStruct(c: Cursor): Expr {
  const fields: StructField[] = [];
  if (!c.eatChar('}')) {
    fields.push(parseField(c));
    while (c.eatChar(',')) fields.push(parseField(c));
    c.expectChar('}', 'to close the struct');
  }
  return { kind: 'struct', fields };
}

function parseStrings(c: Cursor): Expr {
  let value = '';
  while (c.isKind('string')) value += c.next().text;
  if (c.isKind('ellipsis')) c.next(); // "abc"... : a prefix of the buffer
  return { kind: 'string', value };
}

function parseTerm(c: Cursor): Expr {
  const t = c.peek();
  switch (t.kind) {
    case 'ellipsis':
      c.next();
      return { kind: 'ellipsis' };
    case 'int':
    case 'hex':
      c.next();
      return { kind: 'int', value: t.value };
    case 'string':
      return parseStrings(c);
    case 'word': {
      c.next();
      if (c.eatChar('(')) return { kind: 'call', name: t.text, args: parseList(c, ')', `${t.text}(`) };
      if (c.eatChar('=')) return { kind: 'assign', name: t.text, value: parseExpr(c) };
      return { kind: 'word', name: t.text };
    }
    case 'char':
      if (c.eatChar('[')) return { kind: 'array', items: parseList(c, ']', 'the array') };
      if (c.eatChar('{')) return parseStruct(c);
      break;
    default:
      break;
  }
  return c.fail('expected an expression');
}

/** expression ('|' expression)* — bitwise OR of flags */
export function parseExpr(c: Cursor): Expr {
  const first = parseTerm(c);
  if (!c.isChar('|')) return first;
  const terms = [first];
  while (c.eatChar('|')) terms.push(parseTerm(c));
  return { kind: 'or', terms };
}

/** Parses `[...END] name(args) = result [ERRNO [(note)]]`; the cursor is after the event time. */
export function parseSyscall(c: Cursor): SyscallSpec {
  let endUsecs: number | null = null;
  if (c.isKind('ellipsis')) {
    c.next();
    endUsecs = parseTimeValue(c);
  }
  const name = c.expectKind('word', 'a system call name').text;
  c.expectChar('(', `after ${name}`);
  const args = parseList(c, ')', `${name}(`);
  c.expectChar('=', `after ${name}(…)`);
  const result = parseExpr(c);
  const errno = c.isKind('word') ? c.next().text : null;
  if (c.eatChar('(')) {
    // a note (the strerror text, or `(flags O_RDWR)`): any words up to ')'
    while (!c.eatChar(')')) if (c.next().kind === 'eof') c.fail('unclosed note after the result');
  }
  return { name, args, result, errno, endUsecs };
}

/**
 * A time as packetdrill reads it: seconds as FLOAT or INTEGER, converted to microseconds
 * with C's truncating cast ((s64)(secs * 1.0e6)), so `0.000249` is 248 µs as in packetdrill.
 */
export function parseTimeValue(c: Cursor): number {
  const t = c.peek();
  if (t.kind !== 'float' && t.kind !== 'int') c.fail('expected a time');
  if (t.value < 0) c.fail('negative time');
  c.next();
  return t.kind === 'int' ? t.value * 1_000_000 : Math.trunc(t.value * 1e6);
}
