/**
 * What a report page carries, shared by the generator (Node) and the viewer (browser): a JSON
 * header and the capture files themselves, byte for byte, so the page reads them with the
 * same reader, dissector and filter engine as `labwire show`.
 *
 * Packed form (`packReport` / the viewer's `unpackReport`): gzip of
 * `u32le header length · header JSON (UTF-8) · capture 0 bytes · capture 1 bytes …`, in base64.
 */
import type { TimelineData } from '../sim/timeline.ts';
import type { Lang } from './i18n/index.ts';

export interface ReportCapture {
  /** the file name shown in the capture selector */
  readonly name: string;
  /** its length in the packed data */
  readonly size: number;
}

export interface ReportHeader {
  readonly version: 1;
  readonly lang: Lang;
  /** what the page is about: a capture file name or a scenario name */
  readonly subject: string;
  /**
   * Unix time (whole seconds) of time 0 on the report's axis: the scenario epoch for a run,
   * the first record's second for a capture alone. Timeline times are nanoseconds after it.
   */
  readonly epochSec: number | null;
  readonly captures: readonly ReportCapture[];
  readonly timeline: TimelineData | null;
}

export interface ReportInput {
  readonly header: ReportHeader;
  readonly files: readonly Uint8Array[];
}

/** The element id of the packed data in the page. */
export const DATA_ELEMENT_ID = 'labwire-data';
