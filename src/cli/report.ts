/**
 * `labwire report FILE... [--out DIR] [--lang en|id]`: one self-contained HTML page for the
 * captures `show` reads, written as DIR/NAME.html (NAME: the first file's name without
 * extension). Several captures of one exchange (both ends of a link) give one arrow per packet
 * from where it was sent to where it was received, slanted by the latency.
 *
 * Exit status: 0 written; 2 bad arguments or a file that is not a capture (nothing written);
 * 4 the output folder cannot be written (errors.ts, docs/errors.md).
 * A capture damaged part-way still gets a page: the frames before the damage, and show's message.
 */
import { readFileSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import { parseArgs } from './args.ts';
import { CaptureError, UsageError } from './errors.ts';
import { prepareOutDir, writeOutput } from './outputs.ts';
import { buildReportPage } from '../report/capture-report.ts';
import { isLang, type Lang } from '../report/i18n/index.ts';
import { readCapture } from '../capture/reader.ts';

const USAGE = 'usage: labwire report FILE... [--out DIR] [--lang en|id]\n';

export async function reportCommand(argv: readonly string[], out: (s: string) => void, err: (s: string) => void): Promise<number> {
  const { positionals, options } = parseArgs(argv, ['--out', '--lang'], ['--help', '-h']);
  if (options.has('--help') || options.has('-h')) {
    out(USAGE);
    return 0;
  }
  if (positionals.length === 0) throw new UsageError('report: which capture file?');
  const lang = String(options.get('--lang') ?? 'en');
  if (!isLang(lang)) throw new UsageError(`--lang must be en or id, got ${JSON.stringify(lang)}`);
  const captures = positionals.map(loadCapture);
  const dir = String(options.get('--out') ?? '.');
  const first = positionals[0]!;
  const target = join(dir, `${basename(first, extname(first))}.html`);
  const html = await buildReportPage(captures, { lang: lang as Lang, subject: captures.map((c) => c.name).join(', ') });
  prepareOutDir(dir);
  writeOutput(target, html);
  out(`report: ${target}`);
  return 0;
}

/** The file's bytes; a CaptureError (exit 2) when it cannot be read or is not a capture at all. */
function loadCapture(file: string): { name: string; bytes: Uint8Array } {
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(file);
  } catch (e) {
    throw new CaptureError(file, `cannot open: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  const notCapture = firstEntryError(bytes, file);
  if (notCapture !== null) throw new CaptureError(file, `at offset ${notCapture.offset}: ${notCapture.reason}`);
  return { name: basename(file), bytes };
}

/** The reader's error when the file yields no record before it (not a capture at all). */
function firstEntryError(bytes: Uint8Array, file: string): { offset: number; reason: string } | null {
  for (const e of readCapture(bytes, file)) {
    if (e.kind === 'record') return null;
    if (e.kind === 'error') return e;
  }
  return null;
}
