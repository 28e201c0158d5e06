/**
 * The `show` loop: read capture entries as they stream, dissect every frame, and print each
 * frame the filter selects — its packet-list line, or what `render` makes of it — at once.
 * Damage in the file stops the loop after the frames before it have been printed; the error,
 * naming the file and offset, goes to `err`, and the result is 2 (tshark's exit status for a
 * capture it could not read to the end).
 *
 * Output leaves in pieces of about FLUSH_AT characters. `loopEntries` hands them to a plain
 * callback; `loopEntriesPaced` waits whenever the callback returns a promise (a pipe that is
 * full), so the reader never runs ahead of the output: memory stays at one piece and one
 * read chunk, and a reader that goes away (`show … | head`) is noticed at the next piece.
 * `loopBytesPaced` (the CLI's) writes packet-list lines as UTF-8 straight into its piece, a
 * byte buffer (output/text-writer.ts), with no string per line.
 *
 * The details pane is not imported here: a plain packet list (show's common run) loads and
 * compiles none of details/ (issue 15: memory). show.ts's functions, which take `verbose`,
 * render details with it; the CLI loads it when asked for.
 *
 * The loop is done with a frame's bytes before it reads the next entry (the previously shown
 * frame is kept for its time only), so a reader may refill one buffer (reuseBuffer).
 */
import { formatCaptureError, type CaptureEntry } from '../capture/record.ts';
import { formatRow, writeRow } from './columns.ts';
import { TextWriter } from './output/text-writer.ts';
import { timeColumn, type TimeFormat } from './output/time-column.ts';
import { Dissector, type Dissected } from './dissect.ts';
import type { Filter } from './filter/index.ts';
import type { DecodeAs } from './decode-as.ts';

export interface ShowOptions {
  /** a compiled display filter; every frame when absent */
  readonly filter?: Filter;
  /**
   * print the details pane (tshark -V) instead of the packet list: show.ts's functions render
   * it (renderDetails); the loop's own need `render` for it
   */
  readonly verbose?: boolean;
  /** show only this frame number (its details unless `verbose` is false and no details asked) */
  readonly frame?: number;
  /** stop after reading this many frames, shown or not (tshark -c) */
  readonly count?: number;
  /**
   * how a shown frame prints; the packet-list line (or details with `verbose`) when absent.
   * `prevShown`'s record bytes may have been overwritten by a reader that reuses its buffer:
   * read its time and fields, not its bytes.
   */
  readonly render?: Render;
  /** tshark -d rules: ports decoded as a given protocol */
  readonly decodeAs?: readonly DecodeAs[];
  /** the packet list's Time column (tshark -t) when `render` is absent; `r` (since the first frame) by default */
  readonly time?: TimeFormat;
  /** statistics (tshark -z) fed with every frame read, shown or not; printed after the last */
  readonly taps?: readonly Tap[];
}

/** A statistic over the frames read (tshark's taps see every frame, whatever -Y selects). */
export interface Tap {
  add(f: Dissected): void;
  render(): string;
}

/** How a shown frame prints, when not as its packet-list line. */
export type Render = (f: Dissected, prevShown: Dissected | undefined) => string;

export interface ShowResult {
  readonly frames: number;
  readonly shown: number;
  /** 0 when the whole file (or `count` frames) was read, 2 when it stopped at damage */
  readonly status: number;
}

/**
 * A frame the loop could not dissect or print: a bug in show (the file's damage is never an
 * exception), named with the frame and where it is in the file; the stack is the cause's.
 */
export class ShowBug extends Error {
  constructor(readonly frame: number, readonly offset: number, override readonly cause: unknown, file?: string) {
    super(`${file === undefined ? '' : `${file}: `}frame ${frame} (file offset ${offset}): ${cause instanceof Error ? cause.message : String(cause)}`);
    this.name = 'ShowBug';
    if (cause instanceof Error && cause.stack) this.stack = `${this.name}: ${this.message}\ncaused by ${cause.stack}`;
  }
}

/** Output is handed out in pieces of about this many characters or bytes (one call per line costs). */
const FLUSH_AT = 1 << 16;

/** Where the loop gathers a piece of output: strings (loopEntries) or UTF-8 bytes (the CLI). */
interface Gather<P> {
  /** bytes or characters gathered so far */
  readonly size: number;
  add(s: string): void;
  /** the frame's packet-list line and its newline; `time` in place of its Time (another -t format) */
  row(f: Dissected, time: string | undefined): void;
  take(): P;
}

/** Texts gathered into one string, joined once when it leaves (not a chain of thousands of concatenations). */
class TextPiece implements Gather<string> {
  private parts: string[] = [];
  size = 0;
  add(s: string): void {
    if (s === '') return;
    this.parts.push(s);
    this.size += s.length;
  }
  row(f: Dissected, time: string | undefined): void {
    this.add(formatRow(f.row, time) + '\n');
  }
  take(): string {
    const s = this.parts.join('');
    this.parts = [];
    this.size = 0;
    return s;
  }
}

/** Lines written straight into a byte buffer, which leaves whole as the piece (a new one is started unless `reuse`). */
class BytePiece implements Gather<Uint8Array> {
  private readonly w = new TextWriter(FLUSH_AT * 2);
  constructor(private readonly reuse: boolean) {}
  get size(): number {
    return this.w.length;
  }
  add(s: string): void {
    this.w.text(s);
  }
  row(f: Dissected, time: string | undefined): void {
    writeRow(this.w, f.row, time);
    this.w.byte(0x0a);
  }
  take(): Uint8Array {
    return this.reuse ? this.w.view() : this.w.take(FLUSH_AT * 2);
  }
}

export function loopEntries(entries: Iterable<CaptureEntry>, opts: ShowOptions, out: (s: string) => void, err: (s: string) => void): ShowResult {
  const pieces = showPieces(entries, opts, err, new TextPiece());
  for (;;) {
    const p = pieces.next();
    if (p.done) return p.value;
    out(p.value);
  }
}

/** As loopEntries, but waits for `out` whenever it returns a promise (backpressure). */
export function loopEntriesPaced(entries: Iterable<CaptureEntry>, opts: ShowOptions, out: (s: string) => unknown, err: (s: string) => void): Promise<ShowResult> {
  return paced(showPieces(entries, opts, err, new TextPiece()), out);
}

/**
 * As loopEntriesPaced, the output as UTF-8 bytes (a process writing to its stdout: no string
 * per line). With `reuse`, each piece is a view of one buffer that the next piece overwrites:
 * for an `out` that has written the bytes when it returns.
 */
export function loopBytesPaced(entries: Iterable<CaptureEntry>, opts: ShowOptions, out: (b: Uint8Array) => unknown, err: (s: string) => void, reuse = false): Promise<ShowResult> {
  return paced(showPieces(entries, opts, err, new BytePiece(reuse)), out);
}

async function paced<P>(pieces: Generator<P, ShowResult, undefined>, out: (p: P) => unknown): Promise<ShowResult> {
  for (;;) {
    const p = pieces.next();
    if (p.done) return p.value;
    const wait = out(p.value);
    if (wait instanceof Promise) await wait;
  }
}

/** The loop, yielding output pieces; `err` gets a damage report after the pieces before it. */
function* showPieces<P>(entries: Iterable<CaptureEntry>, opts: ShowOptions, err: (s: string) => void, pending: Gather<P>): Generator<P, ShowResult, undefined> {
  const d = new Dissector(opts.decodeAs);
  const render = opts.render;
  if (opts.verbose && !render) throw new TypeError('show: verbose needs a details renderer (show.ts passes renderDetails)');
  const time = opts.time === undefined || opts.time === 'r' ? undefined : opts.time;
  // tshark draws its taps last-registered first
  const taps = (): string => [...(opts.taps ?? [])].reverse().map((tap) => tap.render()).join('');
  let frames = 0;
  let shown = 0;
  let prevShown: Dissected | undefined;
  const done = (status: number): ShowResult => ({ frames, shown, status });
  for (const e of entries) {
    if (e.kind === 'section') d.setFormat(e.format);
    else if (e.kind === 'interface') d.setInterface(e.ifIndex, e.tsresol, e.name);
    else if (e.kind === 'error') {
      if (pending.size > 0) yield pending.take();
      err(`labwire show: ${formatCaptureError(e)}\n`);
      pending.add(taps());
      if (pending.size > 0) yield pending.take();
      return done(2);
    } else {
      frames++;
      let f: Dissected;
      try {
        f = d.next(e);
        for (const tap of opts.taps ?? []) tap.add(f);
        if ((opts.frame === undefined || f.no === opts.frame) && (!opts.filter || opts.filter(f))) {
          shown++;
          if (render) pending.add(render(f, prevShown));
          else pending.row(f, time && timeColumn(f, time, prevShown));
          prevShown = f;
        }
      } catch (cause) {
        if (pending.size > 0) yield pending.take();
        throw new ShowBug(e.index + 1, e.offset, cause);
      }
      if (opts.frame !== undefined && f.no === opts.frame) {
        if (pending.size > 0) yield pending.take();
        return done(0);
      }
      if (frames === opts.count) break;
      if (pending.size >= FLUSH_AT) yield pending.take();
    }
  }
  pending.add(taps());
  if (pending.size > 0) yield pending.take();
  return done(0);
}
