/**
 * A UDP socket's receive buffer against Linux 6.18: what getsockopt(SO_RCVBUF) answers and how
 * many datagrams a reader that does not read keeps, by payload size. The expected counts were
 * measured on this machine's kernel (6.18.44, an empty network namespace, loopback: the receiver
 * queues the sender's skb, as on the lab's veth pairs) with SO_RCVBUF 4096, 8192 and 32768 and
 * 100 datagrams sent (a Python loop: one socket sends 100 datagrams to another that then counts what it can read); the namespace lab's `overflow` task
 * (test/fixtures/real/py) shows the same 7 for 1000-byte datagrams between machines.
 */
import { describe, expect, it } from 'vitest';
import { A, settle, twoHosts } from '../../helpers/world.ts';
import { AF_INET, MSG_DONTWAIT, SOCK_DGRAM, SOL_SOCKET, SO_RCVBUF, SO_SNDBUF } from '../../../src/stack/abi/linux.ts';
import { datagramTruesize } from '../../../src/stack/udp/truesize.ts';

/** payload bytes → datagrams kept, for SO_RCVBUF 8192, 4096 and 32768 */
const MEASURED: readonly [number, number, number, number][] = [
  [0, 19, 9, 78], [1, 19, 9, 78], [100, 19, 9, 78], [200, 12, 6, 51], [400, 12, 6, 51], [500, 12, 6, 51],
  [900, 7, 3, 28], [1000, 7, 3, 28], [1200, 7, 3, 28], [1400, 7, 3, 28], [1472, 7, 3, 28],
];

function kept(size: number, rcvbuf: number): number {
  const w = twoHosts();
  const rx = w.openTable('a');
  const tx = w.openTable('b');
  const r = rx.socket(AF_INET, SOCK_DGRAM, 0);
  expect(rx.setsockopt(r, SOL_SOCKET, SO_RCVBUF, rcvbuf)).toBe(0);
  expect(rx.bind(r, { family: AF_INET, addr: A, port: 9200 })).toBe(0);
  const s = tx.socket(AF_INET, SOCK_DGRAM, 0);
  for (let i = 0; i < 100; i++) tx.sendto(s, new Uint8Array(size), 0, { family: AF_INET, addr: A, port: 9200 });
  settle(w);
  let n = 0;
  while (typeof rx.recvfrom(r, 65536, MSG_DONTWAIT) !== 'number') n++;
  return n;
}

describe('a UDP receive buffer', () => {
  it('getsockopt(SO_RCVBUF / SO_SNDBUF) answers twice what was set, as Linux keeps it', () => {
    const t = twoHosts().openTable('a');
    const s = t.socket(AF_INET, SOCK_DGRAM, 0);
    expect(t.getsockopt(s, SOL_SOCKET, SO_RCVBUF)).toBe(212992);
    expect(t.setsockopt(s, SOL_SOCKET, SO_RCVBUF, 8192)).toBe(0);
    expect(t.setsockopt(s, SOL_SOCKET, SO_SNDBUF, 8192)).toBe(0);
    expect([t.getsockopt(s, SOL_SOCKET, SO_RCVBUF), t.getsockopt(s, SOL_SOCKET, SO_SNDBUF)]).toEqual([16384, 16384]);
    expect(t.setsockopt(s, SOL_SOCKET, SO_RCVBUF, 1)).toBe(0);
    expect(t.getsockopt(s, SOL_SOCKET, SO_RCVBUF)).toBe(2304); // SOCK_MIN_RCVBUF
  });

  it.each(MEASURED)('%i-byte datagrams: as many kept as Linux kept (SO_RCVBUF 8192, 4096, 32768)', (size, k8, k4, k32) => {
    expect([kept(size, 8192), kept(size, 4096), kept(size, 32768)]).toEqual([k8, k4, k32]);
  });

  it('truesize steps with the allocation: the small-head cache, then kmalloc sizes', () => {
    expect([0, 197, 198, 645, 646, 1472, 1669, 1670, 4000].map((n) => datagramTruesize(n))).toEqual([832, 832, 1280, 1280, 2304, 2304, 2304, 4352, 8448]);
  });

  it('one datagram is kept even when it alone overfills the buffer', () => {
    expect(kept(8000, 4096)).toBe(1);
  });
});
