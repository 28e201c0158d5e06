/** The report's languages: Indonesian has every English key, and what it leaves in English is a known term. */
import { describe, expect, it } from 'vitest';
import { en } from '../../src/report/i18n/en.ts';
import { id } from '../../src/report/i18n/id.ts';

/** Terms a student meets in Wireshark and `ss`, kept as they are in Indonesian teaching too. */
const LEFT_IN_ENGLISH = new Set(['filter', 'sendQ', 'recvQ', 'cwnd', 'causeOther']);

/** A message with sample arguments (numbers stand in for every parameter; the locale last). */
function sample(fn: unknown): string {
  return (fn as (...a: unknown[]) => string)(7, 7, 'en');
}

describe('report catalogs', () => {
  it('Indonesian has every English key and no other', () => {
    expect(Object.keys(id).sort()).toEqual(Object.keys(en).sort());
  });

  it('leaves in English only the allowed terms', () => {
    const same = Object.keys(en).filter((k) => {
      const a = en[k as keyof typeof en];
      const b = id[k as keyof typeof id];
      if (typeof a === 'string') return a === b;
      return sample(a) === sample(b);
    });
    expect(same.filter((k) => k !== 'lang').sort()).toEqual([...LEFT_IN_ENGLISH].sort());
  });

  it('formats numbers and plurals by the language', () => {
    expect(en.shown(1, 1, 'en')).toBe('1 of 1 frame shown');
    expect(en.shown(1234, 5678, 'en')).toBe('1,234 of 5,678 frames shown');
    expect(id.shown(1234, 5678, 'id')).toBe('1.234 dari 5.678 bingkai ditampilkan');
    expect(en.causeCall('sendall(1)', 1, 'en')).toContain('handed 1 byte to');
    expect(en.causeCall('sendall(32)', 32, 'en')).toContain('handed 32 bytes to');
  });
});
