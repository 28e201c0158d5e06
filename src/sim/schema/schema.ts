/**
 * A small validator for plain data that holds functions (scenarios): each schema checks a
 * value at a path, records every problem as `path: expected …, got …`, and returns the value
 * normalized (durations to nanoseconds) or undefined. Objects name unknown fields with the
 * closest known one. Written here rather than taken from zod/valibot because scenarios hold
 * functions and frozen objects, and the messages must read `programs[1].run: expected a
 * function, got undefined` exactly; it is ~150 lines.
 */
import { didYouMean } from './suggest.ts';
import { parseDuration } from '../duration.ts';
import type { Nanos } from '../time.ts';

export interface Issue {
  readonly path: string;
  readonly message: string;
}

export type Schema<T> = (value: unknown, path: string, issues: Issue[]) => T | undefined;

/** Enough problems to fix in one go; past this a broken file is better fixed from the top. */
export const MAX_ISSUES = 20;

function report(issues: Issue[], path: string, message: string): undefined {
  if (issues.length < MAX_ISSUES) issues.push({ path, message });
  return undefined;
}

/** "undefined", "a number (5)", "a string "ab"", "an array", "a function", "an object". */
export function describeValue(v: unknown): string {
  if (v === null || v === undefined) return String(v);
  if (Array.isArray(v)) return 'an array';
  switch (typeof v) {
    case 'string':
      return `a string ${JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v)}`;
    case 'number':
    case 'bigint':
    case 'boolean':
      return `${typeof v === 'boolean' ? 'a boolean' : 'a number'} (${String(v)})`;
    case 'function':
      return 'a function';
    case 'symbol':
      return 'a symbol';
    default:
      return 'an object';
  }
}

const expected = (issues: Issue[], path: string, what: string, v: unknown): undefined => report(issues, path, `expected ${what}, got ${describeValue(v)}`);

export const str = (opts: { pattern?: RegExp; describe?: string } = {}): Schema<string> => (v, path, issues) => {
  if (typeof v !== 'string') return expected(issues, path, opts.describe ?? 'a string', v);
  if (opts.pattern && !opts.pattern.test(v)) return expected(issues, path, opts.describe ?? `a string matching ${opts.pattern}`, v);
  return v;
};

export const num = (opts: { integer?: boolean; min?: number; max?: number } = {}): Schema<number> => (v, path, issues) => {
  const what = `${opts.integer ? 'a whole number' : 'a number'}${opts.min !== undefined ? ` from ${opts.min}` : ''}${opts.max !== undefined ? ` to ${opts.max}` : ''}`;
  if (typeof v !== 'number' || Number.isNaN(v)) return expected(issues, path, what, v);
  if ((opts.integer && !Number.isInteger(v)) || (opts.min !== undefined && v < opts.min) || (opts.max !== undefined && v > opts.max)) return expected(issues, path, what, v);
  return v;
};

export const bool: Schema<boolean> = (v, path, issues) => (typeof v === 'boolean' ? v : expected(issues, path, 'true or false', v));

export const fn = <F extends (...args: never[]) => unknown>(): Schema<F> => (v, path, issues) => (typeof v === 'function' ? (v as F) : expected(issues, path, 'a function', v));

export const oneOf = <T extends string>(choices: readonly T[]): Schema<T> => (v, path, issues) => {
  if (typeof v === 'string' && (choices as readonly string[]).includes(v)) return v as T;
  const hint = typeof v === 'string' ? didYouMean(v, choices) : '';
  return report(issues, path, `expected one of ${choices.map((c) => JSON.stringify(c)).join(', ')}, got ${describeValue(v)}${hint}`);
};

/** Nanoseconds, `s(1)`, or `'1s'`/`'250ms'`; normalized to nanoseconds. */
export const duration: Schema<Nanos> = (v, path, issues) => {
  const d = parseDuration(v);
  return d.ok ? d.nanos : report(issues, path, typeof v === 'string' || typeof v === 'number' ? d.why : `expected a duration (nanoseconds, s(1), or '1s'), got ${describeValue(v)}`);
};

/** Any non-null, non-array object, kept as it is (a kernel profile, a frozen lab). */
export const opaqueObject = <T>(what: string): Schema<T> => (v, path, issues) => (isPlainObject(v) ? (v as T) : expected(issues, path, what, v));

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The first schema whose type test accepts the value decides; `what` names them all for the message. */
export const either = <A, B>(what: string, a: [(v: unknown) => boolean, Schema<A>], b: [(v: unknown) => boolean, Schema<B>]): Schema<A | B> => (v, path, issues) => {
  if (a[0](v)) return a[1](v, path, issues);
  if (b[0](v)) return b[1](v, path, issues);
  return expected(issues, path, what, v);
};

export const array = <T>(item: Schema<T>, what = 'an array'): Schema<T[]> => (v, path, issues) => {
  if (!Array.isArray(v)) return expected(issues, path, what, v);
  const out: T[] = [];
  // every index, holes too (`[, x]`): forEach skips a hole, and the array failed with no issue named
  for (let i = 0; i < v.length; i++) {
    const r = item(v[i], `${path}[${i}]`, issues);
    if (r !== undefined) out.push(r);
  }
  return out.length === v.length ? out : undefined;
};

/** An object used as a map (names → values); keys must match `key` when given. */
export const record = <T>(value: Schema<T>, opts: { key?: RegExp; keyWhat?: string; what?: string } = {}): Schema<Record<string, T>> => (v, path, issues) => {
  if (!isPlainObject(v)) return expected(issues, path, opts.what ?? 'an object', v);
  const out: Record<string, T> = {};
  let ok = true;
  for (const [k, x] of Object.entries(v)) {
    const p = `${path}.${k}`;
    if (opts.key && !opts.key.test(k)) {
      report(issues, p, `${JSON.stringify(k)} is not ${opts.keyWhat ?? `a name matching ${opts.key}`}`);
      ok = false;
      continue;
    }
    const r = value(x, p, issues);
    if (r === undefined) ok = false;
    else out[k] = r;
  }
  return ok ? out : undefined;
};

export interface Field<T> {
  readonly schema: Schema<T>;
  readonly optional: boolean;
}

export const required = <T>(schema: Schema<T>): Field<T> => ({ schema, optional: false });
export const optional = <T>(schema: Schema<T>): Field<T> => ({ schema, optional: true });

/**
 * A schema for each field of `T`, no more and no fewer: a field added to the type and not to
 * its schema (or the reverse) is a compile error, so the check cannot drift from the types.
 */
export type Fields<T> = { readonly [K in keyof T]-?: Field<Exclude<T[K], undefined>> };

/** An object with known fields: missing required ones and unknown ones are problems. */
export const object = <T>(fields: Fields<T>, what = 'an object'): Schema<T> => (v, path, issues) => {
  if (!isPlainObject(v)) return expected(issues, path, what, v);
  const at = (k: string) => (path ? `${path}.${k}` : k);
  const out: Record<string, unknown> = {};
  let ok = true;
  for (const k of Object.keys(v)) {
    if (!(k in fields)) {
      report(issues, at(k), `unknown field${didYouMean(k, Object.keys(fields))}; known fields: ${Object.keys(fields).join(', ')}`);
      ok = false;
    }
  }
  for (const [k, f] of Object.entries(fields) as [string, Field<unknown>][]) {
    const x = v[k];
    if (x === undefined && f.optional) continue;
    // a missing required field reads as its schema's own "expected …, got undefined"
    const r = f.schema(x, at(k), issues);
    if (r === undefined) ok = false;
    else out[k] = r;
  }
  return ok ? (out as T) : undefined;
};
