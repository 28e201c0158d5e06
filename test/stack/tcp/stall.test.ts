/**
 * The lab's client pattern (send everything, then read) against the recv(32) echo server
 * fills both directions' buffers and stalls once the message exceeds what the four queues
 * hold (issue 4). Here the programs read instantly, so receive-buffer autotuning (6.16+'s DRS,
 * tcp_rcvbuf_grow: twice what was read in an RTT) grows the server's rcvbuf to about 0.8 MB and
 * the pair holds about 1.6 MB under the WSL2 profile (the client's send buffer 2 × cwnd × 2304,
 * cwnd about 100 when CUBIC's HyStart ends slow start);
 * the namespace lab (test/fixtures/real/stall/wsl2, Python's slow recv(32), DRS idle) stalls
 * near 1.2 MB, as the whole simulator does when the exchange finishes within one TS tick.
 */
import { describe, expect, it } from 'vitest';
import { Pair, transfer } from '../../helpers/pair.ts';
import { WSL2_PROFILE } from '../../../src/stack/kernel/profile.ts';

function echo(mb: number) {
  const p = new Pair({ profile: WSL2_PROFILE, record: false });
  const n = mb * 1_000_000;
  const res = transfer(p, {
    message: new Uint8Array(n).fill(0x61), writeSizes: [n], recvSizes: [32], echo: true, clientRecvSize: 16,
    maxEvents: 10_000_000, until: 30e9,
  });
  return { p, res, n };
}

describe('send-everything-then-read against the echo server', () => {
  it('completes with 1 MB', () => {
    const { res, n } = echo(1);
    expect(res.echoed.length).toBe(n);
  });

  it('stalls with 20 MB: both sockets ESTAB with full queues, probing a zero window, and no error', () => {
    const { p, res } = echo(20);
    expect(res.echoed.length).toBe(0);
    expect(res.clientError).toBe(0);
    const [client] = p.a.rows();
    const server = p.b.rows().find((r) => r.state === 'ESTAB')!;
    expect(client!.state).toBe('ESTAB');
    // the client's send queue is full and its receive queue holds the echo it has not read;
    // without GSO every skb is one MSS charged 1448 + SKB_TX_TRUESIZE (832) against its
    // ~460 KB buffer (2 × cwnd × 2304), so it holds about 1448/2280 of it in bytes
    expect(client!.sendQ).toBeGreaterThan(250_000);
    expect(client!.recvQ).toBeGreaterThan(0);
    // the server is stuck in sendall(): its receive queue holds what it could not read, in
    // skbs mostly kept apart (each joins the one before only once the client has freed that
    // one's original: tcp/clone.ts), each charged its head too
    expect(server.recvQ).toBeGreaterThan(400_000);
    expect(server.sendQ).toBeGreaterThan(0);
    const total = client!.sendQ + client!.recvQ + server.recvQ + server.sendQ;
    expect(total).toBeGreaterThan(1_000_000);
    expect(total).toBeLessThan(3_000_000);
  });
});
