/**
 * The handshake's last ACK lost (issue 11: a lossy tcpChunkings run that never delivered).
 * The writer is the accepting side, the reader connects and only reads. Linux (and labwire):
 * the listener retransmits its SYN/ACK at 1, 3, 7, 15 and 31 s (tcp_synack_retries 5, the
 * timeout doubling from TCP_TIMEOUT_INIT) and drops the request at 63 s without a RST
 * (reqsk_timer_handler); the client, ESTABLISHED since the first SYN/ACK, answers every
 * retransmission it receives with an ACK, and one of those completes the handshake. If all
 * of them are lost too, the client has nothing in flight and no timer (keepalive is off): the
 * connection stays half-open forever — recorded on 6.18 in test/fixtures/real/synack-retries.
 */
import { describe, expect, it } from 'vitest';
import { B_ADDR, MS, Pair } from '../../helpers/pair.ts';
import { TCP_ACK, TCP_SYN } from '../../../src/stack/wire/tcp.ts';
import { runTcp } from '../../../src/testing/run-tcp.ts';

const S = 1000 * MS;

function handshake(dropIndices: number[]) {
  const p = new Pair({ dropIndices, latency: 1 * MS });
  const lsn = p.b.open();
  p.b.bind(lsn, 0, 10000);
  p.b.listen(lsn, 1, p.now);
  const cli = p.a.open();
  p.a.connect(cli, B_ADDR, 10000, p.now);
  return { p, lsn, cli };
}

const synAcks = (p: Pair) => p.wire.filter((w) => w.from === 'b' && (w.seg.flags & (TCP_SYN | TCP_ACK)) === (TCP_SYN | TCP_ACK));

describe('the handshake\'s last ACK lost (tcp_synack_retries)', () => {
  it('a retransmitted SYN/ACK is re-ACKed by the established client, the listener accepts and data flows', () => {
    // wire order: 0 SYN, 1 SYN/ACK, 2 ACK (lost), 3 SYN/ACK again at 1 s, 4 the client's ACK
    const { p, lsn, cli } = handshake([2]);
    p.drive(2 * S);
    expect(synAcks(p).map((w) => Math.round((w.at - synAcks(p)[0]!.at) / MS))).toEqual([0, 1000]);
    const srv = p.b.accept(lsn, p.now);
    expect(srv).toBeGreaterThan(0);
    expect(p.b.send(srv, new Uint8Array([1, 2, 3]), p.now)).toBe(3);
    p.drive(3 * S);
    expect(p.a.recv(cli, 10, p.now)).toEqual(new Uint8Array([1, 2, 3]));
  });

  it('with the ACK and every SYN/ACK retransmission lost: five retransmissions, the request gone at 63 s, the client left ESTABLISHED with nothing armed', () => {
    const { p, lsn, cli } = handshake([2, 3, 4, 5, 6, 7]);
    p.drive(200 * S);
    const t0 = synAcks(p)[0]!.at;
    expect(synAcks(p).map((w) => Math.round((w.at - t0) / S))).toEqual([0, 1, 3, 7, 15, 31]);
    expect(synAcks(p).slice(1).every((w) => w.dropped)).toBe(true);
    expect(p.b.accept(lsn, p.now)).toBeLessThan(0); // never accepted
    expect(p.b.rows().map((r) => r.state)).toEqual(['LISTEN']);
    expect(p.a.rows().map((r) => r.state)).toEqual(['ESTAB']);
    expect(p.pending).toBe(0); // no timer anywhere: nothing will ever happen again
    expect(p.wire.at(-1)!.at - t0).toBeLessThan(32 * S);
    expect(p.a.recv(cli, 10, p.now)).toBe(-11); // the reader waits forever (EAGAIN here)
  });
});

describe('a tcpChunkings run of issue 11\'s kind (fast-check seed 103, found by drawing 20 000 lossy runs)', () => {
  it('replayed, it is that half-open connection: the reader gets nothing and the writer never leaves accept()', () => {
    const frame = (s: string) => {
      const b = new TextEncoder().encode(s);
      const o = new Uint8Array(4 + b.length);
      new DataView(o.buffer).setUint32(0, b.length);
      o.set(b, 4);
      return o;
    };
    const writes = ['hello', 'wörld — ünïcode', 'the third message, a little longer than the others'].map(frame);
    const params = {
      seed: 1888849578, mss: 808, nagle: false, sndBuf: 4096, rcvBuf: 8192, recvSizes: [1024, 1024, 100, 4096], recvSize: 65536,
      readPauses: [1_000_000], writePauses: [500_000_000, 40_000_000, 1_000_000], latency: 20_000, bandwidth: 100_000_000, loss: 0.1,
    };
    const tcpFlags: number[] = []; // the reader's eth0: TCP flags of every frame it sent or received
    const r = runTcp(writes, params, { capture: { write: (_t, f) => { if (f[12] === 8 && f[23] === 6) tcpFlags.push(f[14 + (f[14]! & 15) * 4 + 13]!); } } });
    expect(r.endedAt).toBe(-1);
    expect(r.unfinished).toMatch(/half-open.*reader got 0 bytes, writer still writing/);
    // three SYNs (two lost), then each SYN/ACK that got through answered by an ACK that was lost
    const SA = TCP_SYN | TCP_ACK;
    expect(tcpFlags).toEqual([TCP_SYN, TCP_SYN, TCP_SYN, SA, TCP_ACK, SA, TCP_ACK, SA, TCP_ACK, SA, TCP_ACK]);
  });
});
