/**
 * `labwire report FILE... [--out DIR] [--lang en|id]`: one self-contained HTML page for the
 * captures `show` reads, written as DIR/NAME.html (NAME: the first file's name without
 * extension). Several captures of one exchange (both ends of a link) give one arrow per packet
 * from where it was sent to where it was received, slanted by the latency.
 *
 * Exit status: 0 written; 2 bad arguments or a file that is not a capture (nothing written).
 * A capture damaged part-way still gets a page: the frames before the damage, and show's message.
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import { UsageError, parseArgs } from './args.ts';
import { buildReportPage } from '../report/capture-report.ts';
import { isLang, type Lang } from '../report/i18n/index.ts';
import { readCapture } from '../sim/capture/reader.ts';
import { formatCaptureError } from '../sim/capture/record.ts';

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
  const captures = loadCaptures(positionals, err);
  if (captures === null) return 2;
  const dir = String(options.get('--out') ?? '.');
  const first = positionals[0]!;
  const target = join(dir, `${basename(first, extname(first))}.html`);
  const html = await buildReportPage(captures, { lang: lang as Lang, subject: captures.map((c) => c.name).join(', ') });
  writeAtomically(dir, target, html);
  out(`report: ${target}`);
  return 0;
}

/** Every file's bytes, or null after saying which one is missing or not a capture. */
function loadCaptures(files: readonly string[], err: (s: string) => void): { name: string; bytes: Uint8Array }[] | null {
  const captures: { name: string; bytes: Uint8Array }[] = [];
  for (const file of files) {
    let bytes: Uint8Array;
    try {
      bytes = readFileSync(file);
    } catch (e) {
      err(`labwire report: ${file}: cannot open: ${(e as Error).message}`);
      return null;
    }
    const notCapture = firstEntryError(bytes, file);
    if (notCapture !== null) {
      err(`labwire report: ${notCapture}`);
      return null;
    }
    captures.push({ name: basename(file), bytes });
  }
  return captures;
}

/** show's message when the file yields no record before an error (not a capture at all). */
function firstEntryError(bytes: Uint8Array, file: string): string | null {
  for (const e of readCapture(bytes, file)) {
    if (e.kind === 'record') return null;
    if (e.kind === 'error') return formatCaptureError(e);
  }
  return null;
}

function writeAtomically(dir: string, target: string, text: string): void {
  mkdirSync(dir, { recursive: true });
  const temp = `${target}.partial`;
  writeFileSync(temp, text);
  renameSync(temp, target);
}
