/** The report's languages: one catalog per language, chosen by its code. */
import { en, type Catalog } from './en.ts';
import { id } from './id.ts';

export type Lang = 'en' | 'id';
export const LANGS: readonly Lang[] = ['en', 'id'];
export const CATALOGS: Readonly<Record<Lang, Catalog>> = { en, id };

export function isLang(s: string): s is Lang {
  return (LANGS as readonly string[]).includes(s);
}

export type { Catalog };
