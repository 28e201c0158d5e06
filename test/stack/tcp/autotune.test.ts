/**
 * Linux 6.x receive-window growth against the namespace lab's recordings: the one-segment
 * reservation of tcp_init_buffer_space(), tcp_measure_rcv_mss()'s scaling ratio moving the
 * clamp (tcp_set_window_clamp), tcp_grow_window()'s rcv_ssthresh steps and DRS
 * (tcp_rcv_space_adjust / tcp_rcvbuf_grow).
 */
import { describe, expect, it } from 'vitest';
import { connected, Pair, transfer, type Side } from '../../helpers/pair.ts';
import { CALIBRATION_PROFILE, WSL2_PROFILE, type KernelProfile } from '../../../src/stack/kernel/profile.ts';

/** The windows `side` advertised (scaled), from the first segment that acknowledges data. */
function windowsAfterData(p: Pair, side: Side, shift: number): { ack: number; win: number }[] {
  const other = p.wire.find((w) => w.from !== side)!.seg.seq;
  return p.wire
    .filter((w) => w.from === side && (w.seg.flags & 0x02) === 0 && ((w.seg.ack - other) >>> 0) > 1)
    .map((w) => ({ ack: (w.seg.ack - other) >>> 0, win: w.seg.window * 2 ** shift }));
}

function echo2mb(profile: KernelProfile): Pair {
  const p = new Pair({ profile, gsoMaxSize: 65215 });
  const n = 300_000; // only the first 20 ms run: the first windows
  transfer(p, { message: new Uint8Array(n).fill(65), writeSizes: [n], recvSizes: [32], echo: true, until: 20e6, maxEvents: 3000 });
  return p;
}

describe('the 2 MiB echo server\'s first windows (test/fixtures/real/echo2mb, frames 7 and 9)', () => {
  it('WSL2-like profile: 79 744 after 7 240 bytes, 94 208 after 14 480', () => {
    // rcv_ssthresh: 64 076 after the handshake; the 7240-byte segment sets scaling_ratio 227,
    // the clamp rises to 116 224 and rcv_ssthresh to rcv_wnd (65 160), then + 2·7240 → 79 640
    const w = windowsAfterData(echo2mb(WSL2_PROFILE), 'b', 7);
    expect(w.slice(0, 1)).toEqual([{ ack: 7241, win: 79744 }]);
    expect(w.find((x) => x.ack === 14481)?.win).toBe(94208);
  });

  it('6.18 host profile (shift 10): 79 872 after 7 240 bytes, 94 208 after 14 480', () => {
    const w = windowsAfterData(echo2mb(CALIBRATION_PROFILE), 'b', 10);
    expect(w[0]).toEqual({ ack: 7241, win: 79872 });
    expect(w.find((x) => x.ack === 14481)?.win).toBe(94208);
  });
});

describe('tcp_init_buffer_space(): the clamp keeps one segment in reserve', () => {
  it('a client that got a 151-byte response keeps advertising 64 512 (63 × 1024), not 65 536', () => {
    const p = new Pair({ profile: CALIBRATION_PROFILE });
    const { cli, srv } = connected(p, 80);
    expect(p.b.send(srv, new Uint8Array(151), p.now)).toBe(151);
    p.drive();
    expect(p.a.recv(cli, 4096, p.now)).toHaveLength(151);
    p.drive();
    const acks = windowsAfterData(p, 'a', 10);
    expect(acks.length).toBeGreaterThan(0);
    for (const a of acks) expect(a.win).toBe(64512);
  });
});
