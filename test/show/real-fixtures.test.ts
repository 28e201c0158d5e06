/**
 * Every real-Linux capture kept in test/fixtures/real (recorded in network namespaces, see
 * its README): show prints what tshark prints; for the captures taken whole (not cut by a
 * snapshot length), -V matches tshark -V too.
 */
import { describe, expect, it } from 'vitest';
import { hasTshark } from '../helpers/tshark.ts';
import { show, tshark } from './helpers.ts';
import { REAL_CAPTURES as ALL } from './real-captures.ts';

/** headers-only captures (tcpdump -s) are left out of -V for time; tshark-json.test.ts compares their details as -T json */
const WHOLE = ALL.filter(([name]) => !/^(echo2mb|stall|upload300k|bulk-cwnd)\//.test(name));

describe.skipIf(!hasTshark())('show on the real-Linux fixture captures', () => {
  it.each(ALL)('%s: packet list line for line', async (_name, path) => {
    const r = await show(path);
    expect(r.status).toBe(0);
    expect(r.out).toBe(tshark(path));
  });

  it.each(WHOLE)('%s: -V byte for byte', async (_name, path) => {
    const r = await show(path, { verbose: true });
    expect(r.out).toBe(tshark(path, '-V'));
  });
});
