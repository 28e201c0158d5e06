/**
 * `labwire show`: a capture as tshark 4.0 prints it, with tshark's own options (-r, -Y, -V,
 * -c, -T fields|json, -e, -E, -j, -J, -x, -P, -n, -t, -q, -z, -d, `-` for standard input). Options
 * are read as getopt reads tshark's: short ones may be grouped (`-nr FILE`, `-Vx`), a value
 * may follow in the same word (`-c5`). Any other tshark option is refused by name.
 *
 * Exit status: 0 when the file was read to the end; 1 for a field -e cannot print (tshark's
 * status); 2 for a bad filter, damage in the capture (after the frames before it), a frame
 * number past the end, and bad arguments.
 */
import { readFileSync } from 'node:fs';
import { setFlagsFromString } from 'node:v8';
import { readCapture, readCaptureFile } from '../capture/reader.ts';
import type { CaptureEntry } from '../capture/record.ts';
import { loopBytesPaced, loopEntriesPaced, ShowBug, type Render, type ShowOptions, type Tap } from '../show/loop.ts';
// the renderers of -V, -x, -T fields and -T json (and the field tables they read) load only when asked for:
// the packet list, show's common run, is written without them (issue 15: memory and start-up)
import type { RenderOptions } from '../show/output/render.ts';
import { DEFAULT_FIELDS_OPTIONS, fieldsHeader, fieldsOption, type FieldsOptions } from '../show/output/fields-options.ts';
import { isTimeFormat, type TimeFormat } from '../show/output/time-column.ts';
import { parseStat } from '../show/stats/index.ts';
import { parseDecodeAs, type DecodeAs } from '../show/decode-as.ts';
import { SHOW_HELP, SHOW_USAGE, showVersion } from './show-help.ts';
import { setMacNameResolution } from '../show/names.ts';
import { warmUp } from '../show/warm-up.ts';

/**
 * A writer of output bytes as they are (UTF-8 text, newlines included): the process's stdout
 * in the CLI, where show writes its packet list as bytes and makes no string per line.
 */
export interface BytesOut {
  (b: Uint8Array): unknown;
  /** the bytes are written when the call returns (stdout is a file): show may then reuse its buffer */
  readonly synchronous?: boolean;
}

export interface ShowFileOptions {
  readonly filter?: string;
  readonly verbose?: boolean;
  readonly frame?: number;
  readonly count?: number;
  readonly render?: RenderOptions;
  readonly taps?: readonly Tap[];
  readonly decodeAs?: readonly DecodeAs[];
  /** false for tshark -n: MAC addresses without vendor names */
  readonly macNames?: boolean;
}

/**
 * Show one capture file (`-` reads standard input); tshark's text to `out`, problems to `err`.
 * Reading waits while the output is full, so memory stays constant and a closed pipe
 * (`show … | head`) stops the run at the next piece: `out` may return a promise to wait for,
 * or, as the CLI's writer does, process.stdout.write's answer, false when the pipe is full.
 */
export async function showCaptureFile(
  path: string, opts: ShowFileOptions, out: (s: string) => unknown, err: (s: string) => void = (s) => void process.stderr.write(s), bytesOut?: BytesOut,
): Promise<number> {
  let filter;
  if (opts.filter !== undefined && opts.filter.trim() !== '') {
    // loaded only for a filter: its regular expressions (re2js) are 3 MB of a run's memory
    const { compileFilter } = await import('../show/filter/index.ts');
    const c = compileFilter(opts.filter);
    if (!c.ok) {
      err(c.message);
      return 2;
    }
    filter = c.filter;
  }
  setMacNameResolution(opts.macNames ?? true);
  // made-up frames first, so that V8 compiles the per-frame path once for a long capture's values (warm-up.ts)
  warmUp();
  const render = opts.render;
  // the plain packet list is show's own (its lines written straight into the output); anything else renderFrame's
  const plainList = render !== undefined && !render.verbose && !render.hex && !render.fields && !render.json && !render.quiet;
  const renderFrame = render && !plainList ? (await import('../show/output/render.ts')).renderFrame : undefined;
  // details (-V) without render options, as a library caller may ask: details/ loaded for it alone
  const details: Render | undefined = !renderFrame && opts.verbose ? (await import('../show/details/index.ts')).renderDetails : undefined;
  const show: ShowOptions = {
    filter, verbose: opts.verbose ?? false, frame: opts.frame, count: opts.count, taps: opts.taps, decodeAs: opts.decodeAs,
    render: render && renderFrame ? (f, prev) => renderFrame(f, prev, render) : details, time: render?.time,
  };
  if (render?.fields && render.fields.header) out(fieldsHeader(render.fields));
  let r;
  try {
    // out's answer is process.stdout.write's in the CLI: false when the pipe is full
    const drained = (written: unknown): unknown => (written === false ? stdoutDrained() : undefined);
    r = bytesOut
      ? await loopBytesPaced(entries(path), show, (b) => drained(bytesOut(b)), err, bytesOut.synchronous === true)
      : await loopEntriesPaced(entries(path), show, (s) => drained(out(s)), err);
  } catch (e) {
    // a bug in show, not in the file: the CLI reports it as an internal error (its stack with --debug), naming the file too
    throw e instanceof ShowBug ? new ShowBug(e.frame, e.offset, e.cause, path) : e;
  }
  if (render?.json) out(render.json.end());
  if (r.status === 0 && opts.frame !== undefined && r.shown === 0) {
    err(`labwire show: there is no frame ${opts.frame} in ${path === '-' ? 'standard input' : path}: it has ${r.frames} frame${r.frames === 1 ? '' : 's'}\n`);
    return 2;
  }
  return r.status;
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

/** bytes show reads from a capture file at a time */
const SHOW_READ_CHUNK = 1 << 18;

function entries(path: string): Iterable<CaptureEntry> {
  // show is done with each record before the next (show.ts): one read buffer, refilled; a
  // quarter of the reader's default, as fast here (a read per 2 500 frames) and 0.75 MB smaller
  if (path !== '-') return readCaptureFile(path, { reuseBuffer: true, chunkSize: SHOW_READ_CHUNK });
  return readCapture(new Uint8Array(readFileSync(0)), 'standard input');
}

interface Parsed {
  file?: string;
  filter?: string;
  verbose: boolean;
  frame?: number;
  count?: number;
  output: 'text' | 'fields' | 'json';
  fields: string[];
  fieldsOpts: Omit<FieldsOptions, 'fields'>;
  hex: boolean;
  summary: boolean;
  quiet: boolean;
  time: TimeFormat;
  stats: string[];
  decodeAs: DecodeAs[];
  macNames: boolean;
  /** -j / -J: the JSON keys whose subtrees print */
  jsonKeys?: Set<string>;
  jsonWithChildren: boolean;
}

/** tshark options that take a value, and those that do not (labwire's subset). */
const VALUED = new Set(['r', 'Y', 'c', 'T', 'e', 'E', 't', 'z', 'd', 'j', 'J']);
const FLAGS = new Set(['V', 'x', 'P', 'n', 'q', 'h', 'v']);
/** every other option letter tshark has, refused by name */
const TSHARK_OTHERS = 'a2ABbCDfFgGHiIkKlLMNoOpQRsSuUwWXyY';

type Outcome = { kind: 'run'; p: Parsed } | { kind: 'exit'; status: number };

/** Parse `show`'s arguments (after the word `show`) and run it. */
export async function showCommand(argv: readonly string[], out: (s: string) => unknown, err: (s: string) => void, bytesOut?: BytesOut): Promise<number> {
  const o = parse(argv, out, err);
  if (o.kind === 'exit') return o.status;
  if (bytesOut) keepYoungGenerationSmall();
  const p = o.p;
  if (p.file === undefined) return usage(err, 'which capture file? (a file name, -r FILE, or - for standard input)');
  if (p.output === 'fields' && p.fields.length === 0) return usage(err, '-T fields was given, but no fields were named with -e');
  if (p.output === 'text' && p.fields.length > 0) return usage(err, '-e needs -T fields or -T json');
  if (p.output === 'json' && p.hex) return usage(err, '-x with -T json (its "_raw" members) is not supported: use -T json or -x');
  const bad = p.fields.length === 0 ? [] : (await import('../show/output/fields.ts')).unknownFields(p.fields);
  if (bad.length > 0) {
    err(`labwire show: Some fields aren't valid:\n${bad.map((b) => `\t${b}\n`).join('')}`);
    return 1;
  }
  const fields: FieldsOptions | undefined = p.output === 'fields' ? { ...p.fieldsOpts, fields: p.fields } : undefined;
  const quietList = p.quiet && p.output === 'text';
  const taps = p.stats.map((z) => parseStat(z, p.time) as Tap);
  const render: RenderOptions = {
    verbose: p.verbose || p.frame !== undefined, hex: p.hex, summary: p.summary, time: p.time, fields, quiet: quietList,
    json: p.output === 'json' ? new (await import('../show/output/json.ts')).JsonArray({ fields: p.fields, only: p.jsonKeys, withChildren: p.jsonWithChildren }) : undefined,
  };
  return showCaptureFile(p.file, { filter: p.filter, verbose: render.verbose, frame: p.frame, count: p.count, render, taps, decodeAs: p.decodeAs, macNames: p.macNames }, out, err, bytesOut);
}

/**
 * show allocates a little per frame and keeps almost none of it, yet V8 grows its young
 * generation (to 16 MiB a semi-space) whenever enough has survived since the last growth,
 * which a long capture always reaches: 14 MB of resident memory for no speed (issue 15's
 * RSS aim). V8 reads this flag at each growth, so setting it in the running process holds
 * the young generation at its start size. Only for the `labwire show` process (bytesOut:
 * the CLI), never for a library caller's process.
 */
function keepYoungGenerationSmall(): void {
  setFlagsFromString('--semi-space-growth-factor=1');
}

function parse(argv: readonly string[], out: (s: string) => void, err: (s: string) => void): Outcome {
  const p: Parsed = {
    verbose: false, output: 'text', fields: [], fieldsOpts: DEFAULT_FIELDS_OPTIONS, hex: false, summary: false, quiet: false, time: 'r', stats: [], decodeAs: [], macNames: true,
    jsonWithChildren: false,
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const next = (): string | undefined => argv[++i];
    if (a.startsWith('--')) {
      const r = longOption(a, next, p, out, err);
      if (r) return r;
      continue;
    }
    if (!a.startsWith('-') || a === '-') {
      if (p.file !== undefined) return fail(err, `one capture file at a time (got ${p.file} and ${a})`);
      p.file = a;
      continue;
    }
    for (let j = 1; j < a.length; j++) {
      const c = a[j]!;
      if (FLAGS.has(c)) {
        const r = flag(c, p, out);
        if (r) return r;
        continue;
      }
      if (!VALUED.has(c)) return fail(err, refusal(`-${c}`));
      const v = j + 1 < a.length ? a.slice(j + 1) : next();
      if (v === undefined) return fail(err, `-${c} needs a value`);
      const problem = valued(c, v, p);
      if (problem) return fail(err, problem);
      break;
    }
  }
  return { kind: 'run', p };
}

function refusal(opt: string): string {
  const letter = opt.length === 2 ? opt[1]! : '';
  const known = letter !== '' && TSHARK_OTHERS.includes(letter);
  return `${known ? 'tshark option' : 'unknown option'} ${opt} is not supported by labwire show (see labwire show --help for the options it takes)`;
}

function longOption(a: string, next: () => string | undefined, p: Parsed, out: (s: string) => void, err: (s: string) => void): Outcome | undefined {
  const eq = a.indexOf('=');
  const name = eq > 0 ? a.slice(0, eq) : a;
  const value = (): string | undefined => (eq > 0 ? a.slice(eq + 1) : next());
  switch (name) {
    case '--help': out(SHOW_HELP); return { kind: 'exit', status: 0 };
    case '--version': out(showVersion()); return { kind: 'exit', status: 0 };
    case '--verbose': p.verbose = true; return undefined;
    case '--filter': case '--read-file': case '--count': case '--decode-as': {
      const v = value();
      if (v === undefined) return fail(err, `${name} needs a value`);
      const letter = { '--filter': 'Y', '--read-file': 'r', '--count': 'c', '--decode-as': 'd' }[name];
      const problem = valued(letter, v, p);
      return problem ? fail(err, problem) : undefined;
    }
    case '--frame': {
      const v = value();
      const n = Number(v);
      if (v === undefined || !Number.isInteger(n) || n < 1) return fail(err, `--frame needs a frame number ≥ 1, got ${v ?? 'nothing'}`);
      p.frame = n;
      return undefined;
    }
    default: return fail(err, refusal(name));
  }
}

function flag(c: string, p: Parsed, out: (s: string) => void): Outcome | undefined {
  switch (c) {
    case 'V': p.verbose = true; break;
    case 'x': p.hex = true; break;
    case 'P': p.summary = true; break;
    case 'q': p.quiet = true; break;
    case 'n': p.macNames = false; break; // labwire never resolves network or port names; -n also turns off MAC names
    case 'h': out(SHOW_HELP); return { kind: 'exit', status: 0 };
    case 'v': out(showVersion()); return { kind: 'exit', status: 0 };
  }
  return undefined;
}

/** Apply a valued option; returns what is wrong with its value, if anything. */
function valued(c: string, v: string, p: Parsed): string | undefined {
  switch (c) {
    case 'r':
      if (p.file !== undefined && p.file !== v) return `one capture file at a time (got ${p.file} and ${v})`;
      p.file = v;
      return undefined;
    case 'Y': p.filter = v; return undefined;
    case 'c': {
      const n = Number(v);
      if (!/^\d+$/.test(v) || n < 1) return `-c needs a frame count ≥ 1, got ${v}`;
      p.count = n;
      return undefined;
    }
    case 'T':
      if (v === 'fields' || v === 'text' || v === 'json') { p.output = v; return undefined; }
      return `-T ${v}: labwire show writes text (the default), fields and json`;
    case 'e': p.fields.push(v); return undefined;
    case 'E': {
      const r = fieldsOption(p.fieldsOpts, v);
      if (typeof r === 'string') return r;
      p.fieldsOpts = r;
      return undefined;
    }
    case 't':
      if (!isTimeFormat(v)) return `-t ${v}: time formats are r, a, ad, d, dd, e, u, ud`;
      p.time = v;
      return undefined;
    case 'z': {
      // checked now, built after every option is read (-t may come later)
      const r = parseStat(v);
      if (typeof r === 'string') return r;
      p.stats.push(v);
      return undefined;
    }
    case 'j':
    case 'J':
      // tshark: a space-separated list of keys; -J keeps everything below them
      p.jsonKeys = new Set(v.split(' ').filter((k) => k !== ''));
      p.jsonWithChildren = c === 'J';
      return undefined;
    case 'd': {
      const r = parseDecodeAs(v);
      if (typeof r === 'string') return r;
      p.decodeAs.push(r);
      return undefined;
    }
  }
  return undefined;
}

function fail(err: (s: string) => void, why: string): Outcome {
  return { kind: 'exit', status: usage(err, why) };
}

function usage(err: (s: string) => void, why: string): number {
  err(`labwire show: ${why}\n${SHOW_USAGE}`);
  return 2;
}
