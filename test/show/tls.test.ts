/**
 * TLS in `labwire show` against tshark 4.0 on the real-Linux TLS captures of
 * test/fixtures/real/tls (FACTS.md says how each was made): the packet list, -V, -x, -T json,
 * display filters and -T fields on TLS fields; and, without tshark, the record reassembly
 * (the same records however the stream is cut into segments) and the hello codec.
 */
import { readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { showCommand } from '../../src/cli/show.ts';
import { parseTlsHello, tlsAlpnProtocols, tlsServerName, tlsSupportedVersions } from '../../src/stack/wire/tls.ts';
import { TlsTracker } from '../../src/show/tls-stream.ts';
import { md5Hex } from '../../src/show/tls-md5.ts';
import { createHash } from 'node:crypto';
import { hasTshark, runTshark } from '../helpers/tshark.ts';

const DIR = resolve(import.meta.dirname, '../fixtures/real/tls');
const FILES = readdirSync(DIR).filter((n) => n.endsWith('.pcap')).sort().map((n) => [n, join(DIR, n)] as const);

process.env['TZ'] = 'UTC';

async function ours(args: readonly string[]): Promise<string> {
  let out = '';
  let err = '';
  const status = await showCommand(args, (s) => (out += s), (s) => (err += s));
  expect(err).toBe('');
  expect(status).toBe(0);
  return out;
}

function theirs(args: readonly string[]): string {
  const r = runTshark(args);
  if (r.status !== 0) throw new Error(`tshark ${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
}

const FILTERS = [
  'tls',
  'tls.handshake.type == 1',
  'tls.handshake.type == 2 && tls.handshake.extensions.supported_version == 0x0304',
  'tls.record.content_type == 21',
  'tls.record.opaque_type == 23',
  'tls.record.version == 0x0301',
  'tls.handshake.extensions_server_name == "localhost"',
  'tls.handshake.extensions_alpn_str == "http/1.1"',
  'tcp.port == 443 && !tls',
  'tls.app_data_proto',
  'tls.handshake.ja3s == "15af977ce25de452b96affa2addb1036"',
  'tls.handshake.certificate_length > 1000',
];

const FIELDS = [
  'tls.record.content_type', 'tls.record.opaque_type', 'tls.record.version', 'tls.record.length', 'tls.handshake.type',
  'tls.handshake.length', 'tls.handshake.version', 'tls.handshake.ciphersuite', 'tls.handshake.extension.type',
  'tls.handshake.extensions_server_name', 'tls.handshake.extensions_alpn_str', 'tls.handshake.extensions.supported_version',
  'tls.alert_message.level', 'tls.alert_message.desc', 'tls.app_data_proto', 'tls', 'frame.protocols',
  'tls.handshake.ja3', 'tls.handshake.ja3_full', 'tls.handshake.ja3s', 'tls.handshake.certificate_length', 'tls.handshake.certificate',
];

describe.skipIf(!hasTshark())('show on the real-Linux TLS captures equals tshark', () => {
  it.each(FILES)('%s: packet list', async (_n, path) => {
    expect(await ours(['-r', path])).toBe(theirs(['-r', path]));
  });

  it.each(FILES)('%s: -V', async (_n, path) => {
    expect(await ours(['-V', '-r', path])).toBe(theirs(['-V', '-r', path]));
  });

  it.each(FILES)('%s: -x (a reassembled record under its own name)', async (_n, path) => {
    expect(await ours(['-x', '-r', path])).toBe(theirs(['-x', '-r', path]));
  });

  it.each(FILES)('%s: -T json', async (_n, path) => {
    expect(await ours(['-T', 'json', '-r', path])).toBe(theirs(['-T', 'json', '-r', path]));
  });

  it.each(FILES)('%s: -Y filters on TLS fields', async (_n, path) => {
    for (const f of FILTERS) expect({ f, out: await ours(['-Y', f, '-r', path]) }).toEqual({ f, out: theirs(['-Y', f, '-r', path]) });
  });

  it.each(FILES)('%s: -d makes a port Data, or TLS', async (_n, path) => {
    for (const d of ['tcp.port==443,data', 'tcp.port==8443,data', 'tcp.port==8443,tls']) {
      expect({ d, out: await ours(['-d', d, '-r', path]) }).toEqual({ d, out: theirs(['-d', d, '-r', path]) });
    }
  });

  it.each(FILES)('%s: -T fields', async (_n, path) => {
    const args = ['-T', 'fields', ...FIELDS.flatMap((f) => ['-e', f]), '-r', path];
    expect(await ours(args)).toBe(theirs(args));
  });
});

/** A TLS byte stream of `records` (content type, body length), each body filled with its index. */
function stream(records: readonly (readonly [number, number])[]): { bytes: Uint8Array; records: Uint8Array[] } {
  const out = records.map(([type, len], i) => {
    const r = new Uint8Array(5 + len).fill(i & 0xff);
    r.set([type, 3, 3, len >> 8, len & 0xff]);
    return r;
  });
  const bytes = new Uint8Array(out.reduce((n, r) => n + r.length, 0));
  out.reduce((at, r) => (bytes.set(r, at), at + r.length), 0);
  return { bytes, records: out };
}

describe('TLS record reassembly', () => {
  it('finds the same records however the stream is cut into segments', () => {
    const record = fc.tuple(fc.constantFrom(20, 21, 22, 23), fc.integer({ min: 0, max: 600 }));
    fc.assert(fc.property(fc.array(record, { minLength: 1, maxLength: 12 }), fc.array(fc.integer({ min: 1, max: 700 }), { maxLength: 30 }), (recs, cuts) => {
      const { bytes, records } = stream([[22, 40], ...recs]);
      const tracker = new TlsTracker();
      const seen: Uint8Array[] = [];
      let at = 0;
      let frame = 1;
      // the first segment starts with a whole record header, as a conversation's first bytes must for TLS to take it
      for (const cut of [5 + (cuts[0] ?? 0), ...cuts.slice(1), bytes.length]) {
        if (at >= bytes.length) break;
        const seg = bytes.slice(at, Math.min(bytes.length, at + cut));
        const f = tracker.segment(0, true, 40000, 443, frame++, seg);
        expect(f).toBeDefined();
        for (const s of f!.sections) for (const r of s.records) seen.push(r.bytes.slice());
        at += seg.length;
      }
      expect(seen).toEqual(records);
    }));
  });

  it('leaves a conversation on a TLS port that does not start with a record to TCP', () => {
    const t = new TlsTracker();
    expect(t.segment(0, true, 40000, 443, 1, new TextEncoder().encode('hello, this is not TLS\n'))).toBeUndefined();
    // and on another port only a handshake record is taken for TLS (the heuristic)
    expect(t.segment(1, true, 40000, 8443, 1, Uint8Array.of(23, 3, 3, 0, 1, 0))).toBeUndefined();
    expect(t.segment(2, true, 40000, 8443, 1, Uint8Array.of(22, 3, 1, 0, 4, 14, 0, 0, 0))?.info).toBe('Server Hello Done');
  });
});

describe('TLS hello codec', () => {
  const hello = (ext: number[][]): Uint8Array => {
    const exts = ext.flat();
    return Uint8Array.from([3, 3, ...new Array(32).fill(7), 0, 0, 2, 0x13, 0x01, 1, 0, exts.length >> 8, exts.length & 0xff, ...exts]);
  };

  it('splits a Client Hello and reads SNI, ALPN and supported_versions', () => {
    const sni = [0, 0, 0, 14, 0, 12, 0, 0, 9, ...new TextEncoder().encode('localhost')];
    const alpn = [0, 16, 0, 5, 0, 3, 2, 0x68, 0x32];
    const sv = [0, 43, 0, 5, 4, 3, 4, 3, 3];
    const p = parseTlsHello(hello([sni, alpn, sv]), 'client');
    expect(p.ok).toBe(true);
    if (!p.ok) return;
    expect(p.value.cipherSuites).toEqual([0x1301]);
    expect(p.value.extensions.map((e) => e.type)).toEqual([0, 16, 43]);
    expect(tlsServerName(p.value.extensions[0]!.data)).toBe('localhost');
    expect(tlsAlpnProtocols(p.value.extensions[1]!.data)).toEqual(['h2']);
    expect(tlsSupportedVersions(p.value.extensions[2]!.data, 'client')).toEqual([0x0304, 0x0303]);
  });

  it('names the field a hello cut short ends in', () => {
    const b = hello([[0, 43, 0, 5, 4, 3, 4, 3, 3]]);
    for (let n = 0; n < b.length; n++) {
      const p = parseTlsHello(b.subarray(0, n), 'client');
      if (n >= 41) continue; // up to the extensions, the hello may end before them
      expect(p.ok).toBe(false);
      if (!p.ok) expect(p.error.reason).toMatch(/truncated/);
    }
  });
});

describe('MD5 for JA3', () => {
  it('equals node:crypto on any ASCII text, across block boundaries', () => {
    fc.assert(fc.property(fc.string({ maxLength: 300 }).map((t) => t.replace(/[^\x00-\x7f]/g, 'a')), (t) => {
      expect(md5Hex(t)).toBe(createHash('md5').update(t, 'latin1').digest('hex'));
    }));
  });
});
