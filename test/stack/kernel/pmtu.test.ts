/**
 * The path MTU cache (src/stack/kernel/pmtu.ts) against Linux's route exceptions
 * (__ip_rt_update_pmtu, ipv4_mtu): only lower, never below 552 (then locked), 600 s of life.
 */
import { describe, expect, it } from 'vitest';
import { IP_RT_MIN_PMTU, IP_RT_MTU_EXPIRES_NS, PathMtuCache } from '../../../src/stack/kernel/pmtu.ts';
import { ipv4 } from '../../../src/stack/wire/addr.ts';

const PEER = ipv4('10.2.0.2');
const OTHER = ipv4('10.2.0.3');
const S = 1_000_000_000;

describe('the path MTU a "fragmentation needed" teaches', () => {
  it('lowers the MTU towards that destination only, and never raises it', () => {
    const c = new PathMtuCache();
    expect(c.mtu(PEER, 1500, 0)).toBe(1500);
    expect(c.update(PEER, 1500, 1400, 0)).toBe(1400);
    expect(c.mtu(PEER, 1500, S)).toBe(1400);
    expect(c.mtu(OTHER, 1500, S)).toBe(1500);
    expect(c.update(PEER, 1500, 1450, S)).toBe(1400); // a larger report changes nothing
    expect(c.update(PEER, 1500, 1300, 2 * S)).toBe(1300);
    expect(c.update(PEER, 1500, 1600, 2 * S)).toBe(1300);
  });

  it('takes min_pmtu (552) for a smaller report, and locks it: DF goes', () => {
    const c = new PathMtuCache();
    expect(c.update(PEER, 1500, 300, 0)).toBe(IP_RT_MIN_PMTU);
    expect(c.locked(PEER, 0)).toBe(true);
    expect(c.update(PEER, 1500, 200, S)).toBe(IP_RT_MIN_PMTU); // locked: no further change
    expect(c.update(OTHER, 1500, 0, 0)).toBe(IP_RT_MIN_PMTU); // a router that gave no MTU (RFC 1191's 0)
  });

  it('lasts mtu_expires (600 s), then the device MTU is back', () => {
    const c = new PathMtuCache();
    c.update(PEER, 1500, 1400, 0);
    expect(c.mtu(PEER, 1500, IP_RT_MTU_EXPIRES_NS - 1)).toBe(1400);
    expect(c.mtu(PEER, 1500, IP_RT_MTU_EXPIRES_NS)).toBe(1500);
  });

  it('the same MTU learnt again renews its life only past half of it', () => {
    const c = new PathMtuCache();
    c.update(PEER, 1500, 1400, 0);
    c.update(PEER, 1500, 1400, 100 * S); // under half: not renewed
    expect(c.mtu(PEER, 1500, IP_RT_MTU_EXPIRES_NS)).toBe(1500);
    c.update(PEER, 1500, 1400, IP_RT_MTU_EXPIRES_NS);
    c.update(PEER, 1500, 1400, IP_RT_MTU_EXPIRES_NS + 400 * S); // past half: renewed from here
    expect(c.mtu(PEER, 1500, 2 * IP_RT_MTU_EXPIRES_NS + 100 * S)).toBe(1400);
  });

  it('never exceeds the device MTU, whatever it learnt', () => {
    const c = new PathMtuCache();
    c.update(PEER, 9000, 4000, 0);
    expect(c.mtu(PEER, 1500, S)).toBe(1500);
  });
});
