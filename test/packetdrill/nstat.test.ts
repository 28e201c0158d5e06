/**
 * `nstat` as the kernel's selftests pipe it: deltas since the last remembering call, only
 * changed counters printed, `-s` leaves the history, `-a` totals; a counter labwire does not
 * keep is named, never taken as zero.
 */
import { describe, expect, it } from 'vitest';
import { isNstat, runNstat } from '../../src/packetdrill/nstat.ts';

const counters = { TcpExtBeyondWindow: 3, TcpExtTCPZeroWindowDrop: 0 };

describe('nstat over the host\'s counters', () => {
  it('knows its own lines', () => {
    expect(isNstat('nstat -n')).toBe(true);
    expect(isNstat(' nstat | grep X')).toBe(true);
    expect(isNstat('nstatx')).toBe(false);
  });

  it('-n remembers without printing; a later check sees only what changed since', () => {
    const first = runNstat('nstat -n', { TcpExtBeyondWindow: 1, TcpExtTCPZeroWindowDrop: 0 }, {});
    expect(first).toMatchObject({ ok: true, output: '' });
    const h = 'history' in first ? first.history : {};
    const r = runNstat('nstat | grep TcpExtBeyondWindow | grep -q " 2 "', counters, h);
    expect(r).toMatchObject({ ok: true });
    expect('output' in r && r.output).toMatch(/^TcpExtBeyondWindow\s+2\s+0\.0$/);
    expect(runNstat('nstat | grep TcpExtBeyondWindow | grep -q " 3 "', counters, h)).toMatchObject({ ok: false });
  });

  it('-s leaves the history as it was; without it the history moves on', () => {
    const s = runNstat('nstat -s | grep TcpExtBeyondWindow | grep -q " 3 "', counters, {});
    expect(s).toMatchObject({ ok: true, history: {} });
    const plain = runNstat('nstat | grep TcpExtBeyondWindow', counters, {});
    expect(plain).toMatchObject({ ok: true, history: counters });
  });

  it('prints no line for a counter that did not change (unless -z), and -a gives totals', () => {
    expect(runNstat('nstat | grep TcpExtTCPZeroWindowDrop', counters, {})).toMatchObject({ ok: false });
    expect(runNstat('nstat -z | grep TcpExtTCPZeroWindowDrop | grep -q " 0 "', counters, {})).toMatchObject({ ok: true });
    expect(runNstat('nstat -a | grep TcpExtBeyondWindow | grep -q " 3 "', counters, counters)).toMatchObject({ ok: true });
  });

  it('names a counter it does not keep, and an option or stage it does not know', () => {
    expect(runNstat('nstat | grep TcpExtOutOfWindowIcmps | grep -q " 1 "', counters, {})).toEqual({ unsupported: "nstat: the kernel's SNMP counter TcpExtOutOfWindowIcmps, which labwire does not keep" });
    expect(runNstat('nstat -j', counters, {})).toEqual({ unsupported: 'nstat -j' });
    expect(runNstat('nstat | awk "{print $2}"', counters, {})).toEqual({ unsupported: 'shell pipeline stage awk "{print $2}"' });
  });
});
