/**
 * The `show` loop: read capture entries as they stream, dissect every frame, and print each
 * frame the filter selects — its packet-list line, or its details with `verbose` — at once.
 * Damage in the file stops the loop after the frames before it have been printed; the error,
 * naming the file and offset, goes to `err`, and the result is 2 (tshark's exit status for a
 * capture it could not read to the end).
 */
import { formatCaptureError, type CaptureEntry } from '../sim/capture/index.ts';
import { formatRow } from './columns.ts';
import { renderDetails } from './details/index.ts';
import { Dissector, type Dissected } from './dissect.ts';
import type { Filter } from './filter/index.ts';
import type { DecodeAs } from './decode-as.ts';

export interface ShowOptions {
  /** a compiled display filter; every frame when absent */
  readonly filter?: Filter;
  /** print the details pane (tshark -V) instead of the packet list */
  readonly verbose?: boolean;
  /** show only this frame number (its details unless `verbose` is false and no details asked) */
  readonly frame?: number;
  /** read at most this many frames (tshark -c) */
  readonly count?: number;
  /** how a shown frame prints; the packet-list line (or details with `verbose`) when absent */
  readonly render?: (f: Dissected, prevShown: Dissected | undefined) => string;
  /** tshark -d rules: ports decoded as a given protocol */
  readonly decodeAs?: readonly DecodeAs[];
  /** statistics (tshark -z) fed with every frame read, shown or not; printed after the last */
  readonly taps?: readonly Tap[];
}

/** A statistic over the frames read (tshark's taps see every frame, whatever -Y selects). */
export interface Tap {
  add(f: Dissected): void;
  render(): string;
}

export interface ShowResult {
  readonly frames: number;
  readonly shown: number;
  /** 0 when the whole file was read, 2 when it stopped at damage */
  readonly status: number;
}

/** Text is handed to `out` in pieces of about this many characters (one call per line costs). */
const FLUSH_AT = 1 << 15;

export function showEntries(entries: Iterable<CaptureEntry>, opts: ShowOptions, out: (s: string) => void, err: (s: string) => void): ShowResult {
  let pending = '';
  const flush = (): void => {
    if (pending !== '') out(pending);
    pending = '';
  };
  try {
    return showLoop(entries, opts, (s) => {
      pending += s;
      if (pending.length >= FLUSH_AT) flush();
    }, (s) => {
      flush();
      err(s);
    });
  } finally {
    flush();
  }
}

function showLoop(entries: Iterable<CaptureEntry>, opts: ShowOptions, out: (s: string) => void, err: (s: string) => void): ShowResult {
  const d = new Dissector(opts.decodeAs);
  const render = opts.render ?? ((f: Dissected, prev: Dissected | undefined) => (opts.verbose ? renderDetails(f, prev) : formatRow(f.row) + '\n'));
  let frames = 0;
  let shown = 0;
  let prevShown: Dissected | undefined;
  for (const e of entries) {
    switch (e.kind) {
      case 'section':
        d.setFormat(e.format);
        break;
      case 'interface':
        d.setInterface(e.ifIndex, e.tsresol, e.name);
        break;
      case 'record': {
        if (opts.count !== undefined && frames >= opts.count) return finish(opts, out, { frames, shown, status: 0 });
        frames++;
        const f = d.next(e);
        for (const tap of opts.taps ?? []) tap.add(f);
        if (opts.frame !== undefined && f.no !== opts.frame) break;
        if (opts.filter && !opts.filter(f)) break;
        shown++;
        out(render(f, prevShown));
        prevShown = f;
        if (opts.frame !== undefined) return { frames, shown, status: 0 };
        break;
      }
      case 'error':
        err(`labwire show: ${formatCaptureError(e)}\n`);
        return finish(opts, out, { frames, shown, status: 2 });
    }
  }
  return finish(opts, out, { frames, shown, status: 0 });
}

function finish(opts: ShowOptions, out: (s: string) => void, r: ShowResult): ShowResult {
  // tshark draws its taps last-registered first
  for (const tap of [...(opts.taps ?? [])].reverse()) out(tap.render());
  return r;
}
