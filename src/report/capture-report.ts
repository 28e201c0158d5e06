/**
 * A report page made from capture files alone (`labwire report FILE`): the ladder, details,
 * hex and filter over what the files hold, without program lanes or plots (no timeline).
 */
import { CATALOGS, type Lang } from './i18n/index.ts';
import type { ReportHeader } from './data.ts';
import { packReport } from './pack.ts';
import { reportPage } from './page.ts';
import { viewerScript } from './bundle.ts';
import type { TimelineData } from '../sim/timeline.ts';

export interface NamedCapture {
  readonly name: string;
  readonly bytes: Uint8Array;
}

export interface ReportOptions {
  readonly lang: Lang;
  /** a capture file name or a scenario name: the page title says what it shows */
  readonly subject: string;
  /** Unix seconds of time 0 on the axis; the first record's second when null */
  readonly epochSec?: number | null;
  readonly timeline?: TimelineData | null;
}

/** The whole page as text. Equal input gives equal text (gzip's header carries no time). */
export async function buildReportPage(captures: readonly NamedCapture[], opts: ReportOptions): Promise<string> {
  const header: ReportHeader = {
    version: 1,
    lang: opts.lang,
    subject: opts.subject,
    epochSec: opts.epochSec ?? null,
    captures: captures.map((c) => ({ name: c.name, size: c.bytes.length })),
    timeline: opts.timeline ?? null,
  };
  const packed = packReport(header, captures.map((c) => c.bytes));
  const t = CATALOGS[opts.lang];
  return reportPage({ lang: opts.lang, title: t.title(opts.subject), packed, script: await viewerScript() });
}
