/** A small argument parser: `--name value`, `--name=value`, boolean flags, positionals. */
export class UsageError extends Error {
  override name = 'UsageError';
}

export interface ParsedArgs {
  readonly positionals: string[];
  readonly options: Map<string, string | true>;
}

/** `valued` lists the options that take a value; `optionalValue` ones take one if it does not start with '-'. */
export function parseArgs(argv: readonly string[], valued: readonly string[], flags: readonly string[], optionalValue: readonly string[] = []): ParsedArgs {
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
      if (v === undefined) throw new UsageError(`${name} needs a value`);
      options.set(name, v);
    } else if (optionalValue.includes(name)) {
      const next = argv[i + 1];
      if (eq > 0) options.set(name, a.slice(eq + 1));
      else if (next !== undefined && !next.startsWith('-')) options.set(name, argv[++i]!);
      else options.set(name, true);
    } else if (flags.includes(name)) {
      options.set(name, true);
    } else {
      throw new UsageError(`unknown option ${name}`);
    }
  }
  return { positionals, options };
}
