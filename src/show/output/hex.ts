/**
 * tshark -x: each data source of a frame as offset, hex and ASCII, then an empty line. A frame
 * with one source prints its bytes alone; a frame that completes a reassembled message also
 * shows the reassembled bytes, each source under its name (`Frame (118 bytes):`,
 * `Reassembled TCP (116 bytes):`), as tshark's print_hex_data does.
 */
import type { Dissected } from '../dissect.ts';
import { hexDump } from '../details/text.ts';

export function hexPane(f: Dissected): string {
  const frame = f.record.data;
  const reassembled = f.http && f.http.segments.length > 0 ? f.http.message?.bytes : f.tls?.sections[0]?.reassembled;
  if (!reassembled) return hexDump(frame) + '\n';
  return `Frame (${frame.length} bytes):\n${hexDump(frame)}Reassembled TCP (${reassembled.length} bytes):\n${hexDump(reassembled)}\n`;
}
