/**
 * tshark -T fields' output options (-E header=, separator=, aggregator=, occurrence=, quote=)
 * and its header line: apart from fields.ts, so reading the command line does not load the
 * field tables (filter/fields.ts) that only printing -e fields needs.
 */

export interface FieldsOptions {
  readonly fields: readonly string[];
  readonly header: boolean;
  readonly separator: string;
  readonly aggregator: string;
  readonly occurrence: 'f' | 'l' | 'a';
  readonly quote: '' | '"' | "'";
}

export const DEFAULT_FIELDS_OPTIONS: Omit<FieldsOptions, 'fields'> = { header: false, separator: '\t', aggregator: ',', occurrence: 'a', quote: '' };

/** Apply one `-E name=value`; returns an error text for a bad pair. */
export function fieldsOption(o: Omit<FieldsOptions, 'fields'>, pair: string): Omit<FieldsOptions, 'fields'> | string {
  const eq = pair.indexOf('=');
  const name = pair.slice(0, eq);
  const v = pair.slice(eq + 1);
  const char = (s: string): string => (s === '/t' ? '\t' : s === '/s' ? ' ' : s);
  if (eq > 0 && name === 'header' && (v === 'y' || v === 'n')) return { ...o, header: v === 'y' };
  if (eq > 0 && name === 'separator' && v !== '') return { ...o, separator: char(v) };
  if (eq > 0 && name === 'aggregator' && v !== '') return { ...o, aggregator: char(v) };
  if (eq > 0 && name === 'occurrence' && (v === 'f' || v === 'l' || v === 'a')) return { ...o, occurrence: v };
  if (eq > 0 && name === 'quote' && (v === 'd' || v === 's' || v === 'n')) return { ...o, quote: v === 'd' ? '"' : v === 's' ? "'" : '' };
  return `"${pair}" is not a valid field output option=value pair (header=y|n, separator=/t|/s|C, aggregator=,|/s|C, occurrence=f|l|a, quote=d|s|n)`;
}

export function fieldsHeader(o: FieldsOptions): string {
  return o.header ? o.fields.join(o.separator) + '\n' : '';
}
