/**
 * HTTP's Info column (packet-http.c): the first line and a space, then ` (type/subtype)` when
 * the message has a Content-Type and a body (for a JSON body packet-json.c's
 * `, JavaScript Object Notation (type/subtype)`); `Continuation` for bytes that start no
 * message (appended when they follow a message in the same segment); and for a
 * frame whose bytes wait for a later one, the first line (when one came) followed by TCP's
 * `[TCP segment of a reassembled PDU]`.
 */
import { isJsonBody, isOctetStream } from './filter/fields-http.ts';
import type { HttpFrame } from './http-stream.ts';

export const SEGMENT_OF_PDU = '[TCP segment of a reassembled PDU]';

export function httpInfo(h: HttpFrame, tcpInfoText: string): string {
  if (h.pending) return h.pendingLine !== undefined ? `${h.pendingLine}  ${SEGMENT_OF_PDU}` : `${tcpInfoText} ${SEGMENT_OF_PDU}`;
  const m = h.message;
  if (!m) return 'Continuation';
  // packet-json.c appends its name after a `, ` (col_append_sep_str), then the media type
  const info = isJsonBody(m) ? `${m.firstLine} , JavaScript Object Notation (${m.contentType})`
    // the body's dissector writes ` (type)`: a message without a body calls none
    : m.contentType !== undefined && !isOctetStream(m) && m.body.length > 0 ? `${m.firstLine}  (${m.contentType})` : `${m.firstLine} `;
  // the continuation's Info is appended with no separator (col_append_str)
  return h.continuation ? `${info}Continuation` : info;
}
