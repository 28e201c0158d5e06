/**
 * TCP port 10000 (the course's port, NDMP's in Wireshark) against tshark: a client sends a run
 * of pieces, each its own segment — short text, bytes shorter than NDMP's 4-byte record mark,
 * length-prefixed records (a sane mark), records with the last-fragment bit — and show prints
 * the server's capture as tshark does, in the packet list, -V, -T json, filters and fields.
 * fast-check draws the runs; a failure names the pieces.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hasTshark, runTshark } from '../helpers/tshark.ts';
import { realCapturePath } from '../helpers/codec.ts';
import { exchangeCapture, hexBytes, shownBoth } from './exchange.ts';

process.env['TZ'] = 'UTC';

const u32 = (n: number) => [(n >>> 24) & 0xff, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff];
const bytes = (min: number, max: number) => fc.uint8Array({ minLength: min, maxLength: max });

/** one send: text, a short run of any bytes, or a record (mark + body), maybe the message's last */
const piece = fc.oneof(
  fc.stringMatching(/^[a-z !]{1,6}$/).map((s) => Uint8Array.from(s, (c) => c.charCodeAt(0))),
  bytes(1, 3),
  fc.tuple(bytes(0, 8), fc.boolean()).map(([body, last]) => Uint8Array.from([...u32((last ? 0x8000_0000 : 0) | body.length), ...body])),
  // a record whose mark arrives in two sends
  fc.tuple(bytes(1, 6), fc.integer({ min: 1, max: 3 })).map(([body, cut]) => Uint8Array.from([...u32(body.length), ...body]).subarray(0, cut)),
);

describe.skipIf(!hasTshark())('port 10000: show = tshark on NDMP\'s record marks and reassembly', () => {
  it('any run of short, text and record-marked sends prints as tshark prints it (list, -V, -T json, -Y, -T fields)', async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(piece, { minLength: 1, maxLength: 8 }), async (pieces) => {
        const path = await exchangeCapture({ port: 10000, toServer: pieces, seed: ++run });
        for (const args of [[], ['-V'], ['-T', 'json'], ['-Y', 'ndmp || data'], ['-T', 'fields', '-e', 'tcp.pdu.size', '-e', 'ndmp.fraglen', '-e', 'ndmp.fragment']]) {
          const [ours, theirs] = await shownBoth([...args, '-r', path]);
          expect(ours).toEqual(theirs);
        }
      }),
      { numRuns: 12, seed: 10000 },
    );
  }, 300_000); // a dozen simulated runs, each shown and read by tshark five times

  it('a conversation TLS took (its heuristic) stays TLS\'s: NDMP never sees a later segment, sane mark or not', async () => {
    const hello = runTshark(['-r', realCapturePath('tls/tls12.pcap'), '-Y', 'tls.handshake.type == 1', '-T', 'fields', '-e', 'tcp.payload']).stdout.trim().split('\n')[0]!;
    const path = await exchangeCapture({ port: 10000, toServer: [hexBytes(hello), Uint8Array.of(0, 0, 0, 5, 0x68, 0x65, 0x6c, 0x6c, 0x6f)] });
    for (const argv of [['-Y', 'ndmp', '-r', path], ['-Y', 'tls', '-T', 'fields', '-e', 'frame.number', '-r', path]]) {
      const [ours, theirs] = await shownBoth(argv);
      expect(ours).toEqual(theirs);
    }
    expect((await shownBoth(['-Y', 'ndmp', '-r', path]))[0]!.out).toBe('');
  });

  it('a one-byte send is a segment of a reassembled PDU, completed by the next send as Data', async () => {
    const path = await exchangeCapture({ port: 10000, toServer: [Uint8Array.of(0x21), Uint8Array.from('world', (c) => c.charCodeAt(0))] });
    const [list] = await shownBoth(['-r', path]);
    expect(list!.out.split('\n').find((l) => l.includes('Len=1'))).toMatch(/\[TCP segment of a reassembled PDU\]$/);
    const [json] = await shownBoth(['-T', 'json', '-r', path]);
    expect(json!.out).toContain('"tcp.reassembled.data": "21:77:6f:72:6c:64"');
  });
});
