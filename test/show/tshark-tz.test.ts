/**
 * Clock times in the local zone: with TZ set the same for both, `labwire show` prints what
 * tshark prints for the real echo capture (2026-11-25 00:17 UTC: the next day's morning in
 * Jakarta, the evening before in New York), in the formats that use local time (-V's Arrival
 * Time, -t a/ad, frame.time, -T json's _index, the ping capture's icmp.data_time) and those that stay UTC (-t u/ud).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { showCommand } from '../../src/cli/show.ts';
import { realCapturePath } from '../helpers/codec.ts';
import { hasTshark, runTshark } from '../helpers/tshark.ts';
import { REAL_CAPTURES } from './helpers.ts';

/** Its ICMP echo data starts with the sender's clock, which tshark shows in local time too. */
const PING = realCapturePath('ping/mesin2-eth1.pcap');

const saved = process.env['TZ'];
afterEach(() => {
  if (saved === undefined) delete process.env['TZ'];
  else process.env['TZ'] = saved;
});

async function same(tz: string, args: readonly string[], file = REAL_CAPTURES[1]): Promise<string> {
  process.env['TZ'] = tz; // read by both: showCommand in-process, tshark from the inherited environment
  let out = '';
  let err = '';
  const status = await showCommand(['-r', file, ...args], (s) => (out += s), (s) => (err += s));
  const theirs = runTshark(['-r', file, ...args]);
  expect({ err, out }).toEqual({ err: '', out: theirs.stdout });
  expect(status).toBe(theirs.status);
  return out;
}

const ARGS: readonly (readonly string[])[] = [['-V'], ['-t', 'ad'], ['-t', 'a'], ['-t', 'ud'], ['-T', 'json'], ['-T', 'fields', '-e', 'frame.time', '-e', 'frame.time_epoch']];

describe.skipIf(!hasTshark())('clock times in the local zone, as tshark prints them', () => {
  it.each(['Asia/Jakarta', 'America/New_York', 'EST5EDT,M3.2.0,M11.1.0', '<+07>-7'])('TZ=%s', async (tz) => {
    for (const args of ARGS) await same(tz, args);
    await same(tz, ['-V', '-Y', 'icmp'], PING);
  }, 60_000);

  it('the zone shows: Jakarta is WIB the same morning, New York EST the evening before', async () => {
    expect(await same('Asia/Jakarta', ['-V', '-c', '1'])).toContain('Arrival Time: Nov 25, 2026 07:17:06.173115681 WIB');
    expect(await same('America/New_York', ['-T', 'json', '-c', '1'])).toContain('"_index": "packets-2026-11-24"');
  }, 60_000);
});
