/**
 * Every real-Linux capture kept in test/fixtures/real (recorded in network namespaces, see
 * its README): show prints what tshark prints; for the captures taken whole (not cut by a
 * snapshot length), -V matches tshark -V too.
 */
import { describe, expect, it } from 'vitest';
import { hasTshark } from '../helpers/tshark.ts';
import { show, tshark } from './helpers.ts';
import { ONLY, REAL_CAPTURES as ALL } from './real-captures.ts';

/** headers-only captures (tcpdump -s) are left out of -V for time; tshark-json.test.ts compares their details as -T json */
const WHOLE = ALL.filter(([name]) => !/^(echo2mb|stall|upload300k|bulk-cwnd)\//.test(name));

describe.skipIf(!hasTshark())('show on the real-Linux fixture captures', () => {
  it.each(ALL)('%s: packet list line for line', async (name, path) => {
    const filter = ONLY[name];
    const r = await show(path, { filter });
    expect(r.status).toBe(0);
    expect(r.out).toBe(filter ? tshark(path, '-Y', filter) : tshark(path));
  });

  it.each(WHOLE)('%s: -V byte for byte', async (name, path) => {
    const filter = ONLY[name];
    const r = await show(path, { verbose: true, filter });
    expect(r.out).toBe(filter ? tshark(path, '-V', '-Y', filter) : tshark(path, '-V'));
  });
});
