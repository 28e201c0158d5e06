import type { Dissected } from '../dissect.ts';
export function renderDetails(f: Dissected, prev: Dissected | undefined, firstShown: boolean): string {
  void prev; void firstShown;
  return `Frame ${f.no}\n\n`;
}
