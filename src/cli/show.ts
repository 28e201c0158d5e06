/**
 * `labwire show FILE [-Y FILTER] [-V] [--frame N]`: a capture as tshark prints it.
 *
 * Exit status: 0 when the file was read to the end; 2 for a bad filter (tshark's status), for
 * damage in the capture (after the frames before it) and for bad arguments.
 */
import { readCaptureFile } from '../sim/capture/index.ts';
import { compileFilter } from '../show/filter/index.ts';
import { ShowBug, showEntriesPaced } from '../show/show.ts';

export interface ShowFileOptions {
  readonly filter?: string;
  readonly verbose?: boolean;
  readonly frame?: number;
  /** stop after reading this many frames (tshark -c) */
  readonly count?: number;
}

const USAGE = 'usage: labwire show FILE [-Y FILTER] [-V] [--frame N]\n';

/**
 * Show one capture file; writes tshark's text to `out`, problems to `err` (stderr when absent).
 * Reading waits while the output is full, so memory stays constant and a closed pipe
 * (`show … | head`) stops the run at the next piece: `out` may return a promise to wait for,
 * or, as the CLI's writer does, process.stdout.write's answer, false when the pipe is full.
 */
export async function showCaptureFile(path: string, opts: ShowFileOptions, out: (s: string) => unknown, err: (s: string) => void = (s) => void process.stderr.write(s)): Promise<number> {
  let filter;
  if (opts.filter !== undefined && opts.filter.trim() !== '') {
    const c = compileFilter(opts.filter);
    if (!c.ok) {
      err(c.message);
      return 2;
    }
    filter = c.filter;
  }
  try {
    const paced = (s: string): unknown => (out(s) === false ? stdoutDrained() : undefined);
    const r = await showEntriesPaced(readCaptureFile(path), { filter, verbose: opts.verbose ?? false, frame: opts.frame, count: opts.count }, paced, err);
    return r.status;
  } catch (e) {
    // a bug in show, not in the file: the CLI reports it as an internal error (its stack with --debug), naming the file too
    throw e instanceof ShowBug ? new ShowBug(e.frame, e.offset, e.cause, path) : e;
  }
}

/**
 * Resolves when process.stdout has room again, or has closed: a reader that went away
 * (EPIPE) is the CLI's to handle (it exits 0 quietly, as tshark does), and its 'error'
 * event can only fire once the loop yields here.
 */
function stdoutDrained(): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      process.stdout.off('drain', done).off('close', done).off('error', done);
      resolve();
    };
    process.stdout.once('drain', done).once('close', done).once('error', done);
  });
}

/** Parse `show`'s arguments (after the word `show`) and run it. */
export async function showCommand(argv: readonly string[], out: (s: string) => unknown, err: (s: string) => void): Promise<number> {
  let file: string | undefined;
  let filter: string | undefined;
  let verbose = false;
  let frame: number | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const value = (): string | undefined => {
      const eq = a.indexOf('=');
      if (a.startsWith('--') && eq > 0) return a.slice(eq + 1);
      return argv[++i];
    };
    if (a === '-Y' || a === '--filter' || a.startsWith('--filter=')) {
      filter = value();
      if (filter === undefined) return usage(err, `${a} needs a filter`);
    } else if (a === '-V' || a === '--verbose') verbose = true;
    else if (a === '--frame' || a.startsWith('--frame=')) {
      const v = value();
      const n = Number(v);
      if (v === undefined || !Number.isInteger(n) || n < 1) return usage(err, `--frame needs a frame number ≥ 1, got ${v ?? 'nothing'}`);
      frame = n;
    } else if (a === '-h' || a === '--help') {
      out(USAGE);
      return 0;
    } else if (a.startsWith('-') && a !== '-') return usage(err, `unknown option ${a}`);
    else if (file === undefined) file = a;
    else return usage(err, `one capture file at a time (got ${file} and ${a})`);
  }
  if (file === undefined) return usage(err, 'which capture file?');
  // --frame alone shows that frame's details, as Wireshark's details pane does
  return showCaptureFile(file, { filter, verbose: verbose || frame !== undefined, frame }, out, err);
}

function usage(err: (s: string) => void, why: string): number {
  err(`labwire show: ${why}\n${USAGE}`);
  return 2;
}
