/**
 * A connection warmed up over veth-like links (3 µs, veth's GSO limit): `blocks` × 16 KiB sent
 * from a to b and read, so that cwnd is past 2 × 12 packets (8 blocks) or the receiver past its
 * 16 quick ACKs too (24). For the tests of what a held socket and the receive queue do with
 * bulk data (test/stack/tcp/owner.test.ts, clone.test.ts).
 */
import { expect } from 'vitest';
import { Pair, B_ADDR, MS } from './pair.ts';
import type { KernelProfile } from '../../src/stack/kernel/profile.ts';

export const US = 1_000;
export const BLOCK = new Uint8Array(16384);

export function warmVeth(blocks = 8, profile?: KernelProfile): { p: Pair; cli: number; srv: number } {
  const p = new Pair({ latency: 3 * US, gsoMaxSize: 65536, profile });
  const lsn = p.b.open();
  p.b.bind(lsn, 0, 10000);
  p.b.listen(lsn, 1, p.now);
  const cli = p.a.open();
  p.a.connect(cli, B_ADDR, 10000, p.now);
  p.drive(p.now + MS);
  const srv = p.b.accept(lsn, p.now);
  for (let sent = 0; sent < blocks * BLOCK.length;) {
    const n = p.a.send(cli, BLOCK, p.now);
    if (n > 0) sent += n;
    p.drive(p.now + 20 * US);
    p.b.recv(srv, 1 << 18, p.now);
  }
  p.drive(p.now + MS);
  p.b.recv(srv, 1 << 18, p.now);
  p.drive(p.now + MS);
  expect(p.a.info!(cli, p.now)!.tcpi_snd_cwnd).toBeGreaterThan(24);
  return { p, cli, srv };
}
