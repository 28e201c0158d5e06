/// <reference lib="dom" />
/** Reads the page's packed data (report/data.ts) with the browser's own gunzip. */
import type { ReportHeader, ReportInput } from '../data.ts';

export async function unpackReport(base64: string): Promise<ReportInput> {
  const bin = atob(base64.trim());
  const gz = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) gz[i] = bin.charCodeAt(i);
  const stream = new Blob([gz]).stream().pipeThrough(new DecompressionStream('gzip'));
  const raw = new Uint8Array(await new Response(stream).arrayBuffer());
  const jsonLength = new DataView(raw.buffer).getUint32(0, true);
  const header = JSON.parse(new TextDecoder().decode(raw.subarray(4, 4 + jsonLength))) as ReportHeader;
  const files: Uint8Array[] = [];
  let o = 4 + jsonLength;
  for (const c of header.captures) {
    files.push(raw.subarray(o, o + c.size));
    o += c.size;
  }
  return { header, files };
}
