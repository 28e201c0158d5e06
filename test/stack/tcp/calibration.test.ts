/**
 * The echo task against test/fixtures/real/echo10000/mesin1-any.pcap (Linux 6.18,
 * tcp_rmem max 32 MiB → shift 10). Values written down from `tshark -r … -T fields`:
 * direction, flags, payload length, window field, option kinds and SLL frame length.
 * Ports, ISNs, timestamps and times are normalised away.
 */
import { describe, expect, it } from 'vitest';
import { Pair, transfer, optionBytes } from '../../helpers/pair.ts';
import { CALIBRATION_PROFILE, WSL2_PROFILE } from '../../../src/stack/kernel/profile.ts';

const MESSAGE = new TextEncoder().encode('INI ADALAH DATA YANG DIKIRIM ABCDEFGHIJKLMNOPQ');
const SLL = 16;
const IP = 20;

// frame: from (a = client mesin2, b = server mesin1), flags, len, window field, SLL frame length
const REAL: readonly [string, string, number, number, number][] = [
  ['a', 'SYN', 0, 64240, 76],
  ['b', 'SYN,ACK', 0, 65160, 76],
  ['a', 'ACK', 0, 63, 68],
  ['a', 'PSH,ACK', 46, 63, 114],
  ['b', 'ACK', 0, 64, 68],
  ['b', 'PSH,ACK', 32, 64, 100],
  ['a', 'ACK', 0, 63, 68],
  ['b', 'PSH,ACK', 14, 64, 82],
  ['a', 'ACK', 0, 63, 68],
  ['a', 'FIN,ACK', 0, 63, 68],
  ['b', 'FIN,ACK', 0, 64, 68],
  ['a', 'ACK', 0, 63, 68],
];

function flagNames(f: number): string {
  const n: string[] = [];
  if (f & 0x08) n.push('PSH');
  if (f & 0x02) n.push('SYN');
  if (f & 0x04) n.push('RST');
  if (f & 0x01) n.push('FIN');
  if (f & 0x10) n.push('ACK');
  return n.join(',');
}

function runEcho(profile = CALIBRATION_PROFILE): Pair {
  const p = new Pair({ profile, latency: 20_000 });
  const res = transfer(p, { message: MESSAGE, writeSizes: [46], recvSizes: [32], echo: true, clientRecvSize: 16 });
  expect(Buffer.from(res.echoed).toString()).toBe('INI ADALAH DATA YANG DIKIRIM ABCDEFGHIJKLMNOPQ');
  return p;
}

describe('the echo task against the real Linux capture', () => {
  it('has the same frames: direction, flags, payload length, window and frame length', () => {
    const p = runEcho();
    const got = p.wire.map((w) => [w.from, flagNames(w.seg.flags), w.seg.payload.length, w.seg.window, SLL + IP + 20 + optionBytes(w.seg.options) + w.seg.payload.length]);
    expect(got).toEqual(REAL);
  });

  it('has Linux’s option lists: 20 bytes on SYNs (MSS 1460, SACK_PERM, TS, NOP, WS 10), NOP NOP TS elsewhere', () => {
    const p = runEcho();
    const kinds = p.wire.map((w) => w.seg.options.map((o) => (o.kind === 'wscale' ? `ws${o.shift}` : o.kind === 'mss' ? `mss${o.mss}` : o.kind)).join(' '));
    expect(kinds[0]).toBe('mss1460 sackPermitted timestamps nop ws10');
    expect(kinds[1]).toBe('mss1460 sackPermitted timestamps nop ws10');
    for (const k of kinds.slice(2)) expect(k).toBe('nop nop timestamps');
  });

  it('echoes each peer’s latest TSval as TSecr, and the SYN’s TSecr is 0', () => {
    const p = runEcho();
    const last: Record<string, number> = {};
    p.wire.forEach((w, i) => {
      const ts = w.seg.options.find((o) => o.kind === 'timestamps');
      if (ts?.kind !== 'timestamps') throw new Error('no timestamps');
      const peer = w.from === 'a' ? 'b' : 'a';
      expect(ts.tsecr, `frame ${i + 1}`).toBe(i === 0 ? 0 : last[peer]);
      last[w.from] = ts.tsval;
    });
  });

  it('uses the lab kernel’s shift 7 under the WSL2 profile: windows 502/509 (64256/65152), as test/fixtures/real/echo-wsl2 recorded', () => {
    // the server's 509: its clamp is the full space less one segment (tcp_init_buffer_space), so
    // the window it would pick (501) is below what it offered; "never shrink" keeps 65160 − 46 → 509
    const p = runEcho(WSL2_PROFILE);
    expect(p.wire.map((w) => w.seg.window)).toEqual([64240, 65160, 502, 502, 509, 509, 502, 509, 502, 502, 509, 502]);
    expect(p.wire[0]!.seg.options.at(-1)).toEqual({ kind: 'wscale', shift: 7 });
  });
});
