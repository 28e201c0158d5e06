/** Packs a report's header and captures for the page: one gzip stream, in base64 (data.ts). */
import { gzipSync } from 'node:zlib';
import type { ReportHeader } from './data.ts';

export function packReport(header: ReportHeader, files: readonly Uint8Array[]): string {
  const json = new TextEncoder().encode(JSON.stringify(header));
  const total = 4 + json.length + files.reduce((n, f) => n + f.length, 0);
  const raw = new Uint8Array(total);
  new DataView(raw.buffer).setUint32(0, json.length, true);
  raw.set(json, 4);
  let o = 4 + json.length;
  for (const f of files) {
    raw.set(f, o);
    o += f.length;
  }
  // level 6 (zlib's default) and a zero mtime in the gzip header: equal input, equal bytes
  return Buffer.from(gzipSync(raw, { level: 6 })).toString('base64');
}
