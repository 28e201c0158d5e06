/** The view a lecturer can link: `#frame=6&filter=tcp.len%20%3E%200&capture=2` (1-based capture). */
export interface ViewState {
  readonly frame: number | null;
  readonly filter: string;
  /** index into the report's captures */
  readonly capture: number;
}

export function parseHash(hash: string): ViewState {
  const p = new URLSearchParams(hash.replace(/^#/, ''));
  const frame = Number(p.get('frame'));
  const capture = Number(p.get('capture'));
  return {
    frame: Number.isInteger(frame) && frame > 0 ? frame : null,
    filter: p.get('filter') ?? '',
    capture: Number.isInteger(capture) && capture > 0 ? capture - 1 : 0,
  };
}

export function formatHash(s: ViewState): string {
  const parts: string[] = [];
  if (s.capture > 0) parts.push(`capture=${s.capture + 1}`);
  if (s.frame !== null) parts.push(`frame=${s.frame}`);
  if (s.filter !== '') parts.push(`filter=${encodeURIComponent(s.filter)}`);
  return parts.length ? `#${parts.join('&')}` : '';
}
