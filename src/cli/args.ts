/** A small argument parser: `--name value`, `--name=value`, boolean flags, positionals. */
import { UsageError } from './errors.ts';
import { didYouMean } from '../sim/schema/suggest.ts';

export { UsageError };

export interface ParsedArgs {
  readonly positionals: string[];
  readonly options: Map<string, string | true>;
}

/** `valued` lists the options that take a value (never empty); `flags` those that take none. */
export function parseArgs(argv: readonly string[], valued: readonly string[], flags: readonly string[]): ParsedArgs {
  const positionals: string[] = [];
  const options = new Map<string, string | true>();
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--') {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (!a.startsWith('-') || a === '-') {
      positionals.push(a);
      continue;
    }
    const eq = a.indexOf('=');
    const name = eq > 0 ? a.slice(0, eq) : a;
    if (valued.includes(name)) {
      const v = eq > 0 ? a.slice(eq + 1) : argv[++i];
      if (v === undefined || v === '') throw new UsageError(`${name} needs a value`);
      options.set(name, v);
    } else if (flags.includes(name)) {
      if (eq > 0) throw new UsageError(`${name} takes no value (got ${JSON.stringify(a.slice(eq + 1))})${name === '--show' ? '; filter with --show-filter F' : ''}`);
      options.set(name, true);
    } else {
      throw new UsageError(`unknown option ${name}${didYouMean(name, [...valued, ...flags])}`);
    }
  }
  return { positionals, options };
}

/** A whole number option in [min, max], or a UsageError that says so. */
export function intOption(name: string, v: string | true | undefined, min: number, max: number): number | undefined {
  if (v === undefined) return undefined;
  const n = typeof v === 'string' && /^\d+$/.test(v.trim()) ? Number(v) : NaN;
  if (!Number.isSafeInteger(n) || n < min || n > max) throw new UsageError(`${name} takes a whole number from ${min} to ${max}, not ${JSON.stringify(v)}`);
  return n;
}
