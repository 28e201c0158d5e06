/**
 * show's loop (loop.ts) with the details pane at hand: `verbose` renders each shown frame's
 * details (renderDetails) unless `render` says otherwise. The CLI runs the loop itself and
 * loads details/ only for -V, so that a plain packet list never does.
 */
import type { CaptureEntry } from '../capture/index.ts';
import { renderDetails } from './details/index.ts';
import { loopBytesPaced, loopEntries, loopEntriesPaced, type ShowOptions, type ShowResult } from './loop.ts';

export { ShowBug, type Render, type ShowOptions, type ShowResult, type Tap } from './loop.ts';

/** `opts` with renderDetails as its renderer when it asks for details and names no renderer. */
function withDetails(opts: ShowOptions): ShowOptions {
  return opts.verbose && !opts.render ? { ...opts, render: renderDetails } : opts;
}

/** Show `entries`, handing out the text in pieces to `out` (loop.ts's loopEntries). */
export function showEntries(entries: Iterable<CaptureEntry>, opts: ShowOptions, out: (s: string) => void, err: (s: string) => void): ShowResult {
  return loopEntries(entries, withDetails(opts), out, err);
}

/** As showEntries, but waits for `out` whenever it returns a promise (backpressure). */
export function showEntriesPaced(entries: Iterable<CaptureEntry>, opts: ShowOptions, out: (s: string) => unknown, err: (s: string) => void): Promise<ShowResult> {
  return loopEntriesPaced(entries, withDetails(opts), out, err);
}

/** As showEntriesPaced, the output as UTF-8 bytes (loop.ts's loopBytesPaced). */
export function showBytesPaced(entries: Iterable<CaptureEntry>, opts: ShowOptions, out: (b: Uint8Array) => unknown, err: (s: string) => void, reuse = false): Promise<ShowResult> {
  return loopBytesPaced(entries, withDetails(opts), out, err, reuse);
}
