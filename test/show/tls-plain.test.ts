/**
 * A TLS client talking to a plain-text server (the HTTPS unit's classic mistake): the client's
 * Client Hello makes the conversation TLS's, but the server's answer, in a direction no record
 * went yet, is not: tshark shows it as Data, and TLS again once a record comes that way; bytes
 * that are no record after a record in the same direction are TLS's Continuation Data ("SSL"
 * while no version is known). show prints what tshark prints, on the course's port and on 443.
 */
import { describe, expect, it } from 'vitest';
import { hasTshark, runTshark } from '../helpers/tshark.ts';
import { realCapturePath } from '../helpers/codec.ts';
import { exchangeCapture, hexBytes, shownBoth } from './exchange.ts';

process.env['TZ'] = 'UTC';

const text = (s: string) => Uint8Array.from(s, (c) => c.charCodeAt(0));

function payloadOf(file: string, filter: string): Uint8Array {
  return hexBytes(runTshark(['-r', realCapturePath(file), '-Y', filter, '-T', 'fields', '-e', 'tcp.payload']).stdout.trim().split('\n')[0]!);
}

describe.skipIf(!hasTshark())('a TLS client and a plain-text server: show = tshark', () => {
  it.each([8889, 443, 10000])('port %i: the plain answer is Data, a later record TLS, a non-record after a record Continuation Data', async (port) => {
    const clientHello = payloadOf('tls/tls12.pcap', 'tls.handshake.type == 1');
    const serverHello = payloadOf('tls/tls12.pcap', 'tls.handshake.type == 2');
    const path = await exchangeCapture({ port, toServer: [clientHello, text('\0\0\0\x05hello')], toClient: [text('ERROR: I speak plain text\r\n'), serverHello], answer: 'after-first' });
    for (const args of [[], ['-V'], ['-T', 'json']]) {
      const [ours, theirs] = await shownBoth([...args, '-r', path]);
      expect(ours).toEqual(theirs);
    }
  });
});
