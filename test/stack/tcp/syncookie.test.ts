import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  cookieCheck, cookieInitSequence, cookieInitTimestamp, cookieMssIndex, cookieTimestampDecode, type SyncookieSecrets,
} from '../../../src/stack/tcp/syncookie.ts';
import { SYNCOOKIE_MSSTAB_V4, TCP_SYNCOOKIE_PERIOD_NS } from '../../../src/stack/tcp/linux.ts';

const u32 = fc.integer({ min: 0, max: 0xffffffff });
const secrets = fc.tuple(fc.array(u32, { minLength: 4, maxLength: 4 }), fc.array(u32, { minLength: 4, maxLength: 4 })) as fc.Arbitrary<SyncookieSecrets>;
const tuple = fc.record({ saddr: u32, daddr: u32, sport: fc.integer({ min: 1, max: 65535 }), dport: fc.integer({ min: 1, max: 65535 }) });
const now = fc.integer({ min: 0, max: 2 ** 50 });

describe('SYN cookies (net/ipv4/syncookies.c)', () => {
  it('__cookie_v4_init_sequence picks the largest msstab entry the MSS reaches', () => {
    expect([100, 536, 1299, 1300, 1440, 1459, 1460, 8960].map((m) => SYNCOOKIE_MSSTAB_V4[cookieMssIndex(m)])).toEqual([536, 536, 536, 1300, 1440, 1440, 1460, 1460]);
  });

  it('a final ACK (ack = cookie + 1, seq = their ISN + 1) within the next minute gives back the MSS', () => {
    fc.assert(fc.property(secrets, tuple, u32, fc.integer({ min: 0, max: 3 }), now, fc.integer({ min: 0, max: TCP_SYNCOOKIE_PERIOD_NS }), (s, t, isn, ind, at, later) => {
      const cookie = cookieInitSequence(s, t, isn, ind, at);
      expect(cookieCheck(s, t, (cookie + 1) >>> 0, (isn + 1) >>> 0, at + later)).toBe(SYNCOOKIE_MSSTAB_V4[ind]);
    }));
  });

  it('rejects a cookie two periods old, one for another tuple, and one made with other secrets', () => {
    const s: SyncookieSecrets = [[1, 2, 3, 4], [5, 6, 7, 8]];
    const t = { saddr: 0xc0000201, daddr: 0xc0a80001, sport: 40000, dport: 8080 };
    const cookie = cookieInitSequence(s, t, 1000, 3, 0);
    expect(cookieCheck(s, t, cookie + 1, 1001, 0)).toBe(1460);
    expect(cookieCheck(s, t, cookie + 1, 1001, 2 * TCP_SYNCOOKIE_PERIOD_NS)).toBe(0);
    expect(cookieCheck(s, { ...t, sport: 40001 }, cookie + 1, 1001, 0)).toBe(0);
    expect(cookieCheck([[1, 2, 3, 4], [5, 6, 7, 9]], t, cookie + 1, 1001, 0)).toBe(0);
  });

  it('cookie_init_timestamp carries the options in the low 6 bits, at most 63 ms behind the clock', () => {
    const opts = fc.record({ sackOk: fc.boolean(), wscale: fc.integer({ min: -1, max: 14 }), ecnOk: fc.boolean() });
    fc.assert(fc.property(fc.integer({ min: 64, max: 2 ** 40 }), opts, (ms, o) => {
      const ts = cookieInitTimestamp(ms, o);
      expect(ts).toBeLessThanOrEqual(ms);
      expect(ms - ts).toBeLessThan(64);
      expect(cookieTimestampDecode(ts >>> 0)).toEqual(o);
    }));
  });
});
