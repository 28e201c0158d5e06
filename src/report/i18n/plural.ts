/** Plural forms by the language's own rules (Intl.PluralRules), with `other` as the fallback. */
export type PluralForms = { readonly other: string } & Partial<Record<Intl.LDMLPluralRule, string>>;

export function plural(locale: string, n: number, forms: PluralForms): string {
  const rule = new Intl.PluralRules(locale).select(n);
  return forms[rule] ?? forms.other;
}
