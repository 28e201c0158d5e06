/**
 * Reading a system call's argument expressions: integers and OR-ed symbols, script fds
 * mapped to live ones, `[n]` int pointers, struct fields by name. What the runner cannot
 * give meaning to throws Unsupported (the script is then reported unsupported, named).
 */
import type { Expr, StructField } from './script.ts';
import { symbolValue } from './symbols.ts';

export class Unsupported extends Error {
  override name = 'Unsupported';
}

/** The value of an integer expression: a number, a known symbol, or an OR of those. */
export function intOf(e: Expr | undefined, what: string): number {
  if (!e) throw new Unsupported(`${what}: missing argument`);
  switch (e.kind) {
    case 'int':
      return e.value;
    case 'word': {
      const v = symbolValue(e.name);
      if (v === undefined) throw new Unsupported(`symbol ${e.name}`);
      return v;
    }
    case 'or':
      return e.terms.reduce((acc, t) => (acc | intOf(t, what)) >>> 0, 0);
    case 'array':
      // [1] is an int pointer in setsockopt / getsockopt / ioctl
      if (e.items.length === 1) return intOf(e.items[0], what);
      break;
    default:
      break;
  }
  throw new Unsupported(`${what} written as ${e.kind}`);
}

/** Is the expression `...` (anything)? */
export function isEllipsis(e: Expr | undefined): boolean {
  return e === undefined || e.kind === 'ellipsis';
}

export function structFields(e: Expr | undefined, what: string): readonly StructField[] {
  if (!e || e.kind !== 'struct') throw new Unsupported(`${what}: expected a struct`);
  return e.fields;
}

export function field(fields: readonly StructField[], name: string): StructField | undefined {
  return fields.find((f) => f.name === name);
}

/** Total length of an iovec array `[{..., 40}, {..., 100}]`. */
export function iovLength(e: Expr | undefined): number {
  if (!e || e.kind !== 'array') throw new Unsupported('msg_iov: expected an array');
  let n = 0;
  for (const item of e.items) {
    const fields = structFields(item, 'iovec');
    n += intOf(fields[1]?.value, 'iov_len');
  }
  return n;
}

/** Script fds → live fds: packetdrill's scripts name the fds Linux would give; labwire may give others. */
export class FdMap {
  private readonly map = new Map<number, number>();

  record(script: number, live: number): void {
    this.map.set(script, live);
  }

  live(e: Expr | undefined): number {
    const script = intOf(e, 'fd');
    return this.map.get(script) ?? script;
  }
}
