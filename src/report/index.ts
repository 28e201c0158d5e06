/**
 * Teaching reports: one self-contained HTML page per capture or run, with a ladder of every
 * frame over time, `show -V`'s details and hex, `show -Y`'s filter running in the browser,
 * and — for runs — program lanes and teaching comments from the timeline (sim/timeline.ts).
 *
 * Files: capture-report (build a page) · run-report (a run's folder: page, commented pcapng,
 * transcripts) · scenario-report (a finished run → run-report's input) · comments (why each frame was sent, in words) · page, style (the HTML) ·
 * pack, data (the embedded data) · bundle (the viewer script) · i18n/ (en, id) ·
 * viewer/ (the browser side: main, unpack, model, ladder, details, field-ranges, hash,
 * programs, sockets).
 */
export { buildRunReport, type RunReportInput } from './run-report.ts';
export { scenarioReportInput } from './scenario-report.ts';
export { causeText, commentsFor, MAX_COMMENT_BYTES } from './comments.ts';
export { buildReportPage, type NamedCapture, type ReportOptions } from './capture-report.ts';
export { CATALOGS, LANGS, isLang, type Lang, type Catalog } from './i18n/index.ts';
