/**
 * Classic ECN (src/stack/tcp/ecn.ts) through tcpStep: negotiation both ways, ECT(0) on new
 * data only, the receiver's ECE until CWR, the sender's CWR state. The packetdrill scripts
 * test/packetdrill/scripts/ecn-*.pkt hold the same behaviours to real Linux 6.18.44.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { TCP_ACK, TCP_CWR, TCP_ECE, TCP_PSH, TCP_SYN } from '../../../src/stack/wire/tcp.ts';
import { WSL2_PROFILE } from '../../../src/stack/kernel/profile.ts';
import { caState } from '../../../src/stack/tcp/output.ts';
import { asReceived } from '../../helpers/pair.ts';
import { bytes, configOf, connIn, Harness, LOCAL_ISS, LOCAL_PORT, linuxSynOptions, MS, REMOTE_ISS, REMOTE_PORT, T0 } from './fixture.ts';

const ECT_0 = 2;
const CE = 3;

function withEcn(tcpEcn: number) {
  return configOf({ ...WSL2_PROFILE, tcpEcn });
}

/** what the last steps sent: flags and the IP ECN bits */
function sentMarks(h: Harness): { flags: number; ecn: number; len: number }[] {
  const out = h.effects.flatMap((e) => (e.kind === 'send' ? [{ flags: e.seg.flags, ecn: e.ecn ?? 0, len: e.seg.payload.length }] : []));
  h.effects = [];
  h.take();
  return out;
}

/** connect() with `tcpEcn`, answered by a SYN-ACK with `synAckFlags` (beyond SYN|ACK) */
function client(tcpEcn: number, synAckFlags: number): Harness {
  const h = new Harness(withEcn(tcpEcn));
  h.call({ kind: 'connect', iss: LOCAL_ISS, tsOffset: 0, mtu: 1500 });
  h.advance(MS);
  h.feed({ seq: REMOTE_ISS, ack: LOCAL_ISS + 1, flags: TCP_SYN | TCP_ACK | synAckFlags, window: 65160, options: linuxSynOptions(h.peerTs, T0 / MS) });
  return h;
}

/** a listener's child with `tcpEcn` for a SYN with `synFlags` that came in with IP ECN `ipEcn` */
function server(tcpEcn: number, synFlags: number, ipEcn = 0): Harness {
  const h = new Harness(withEcn(tcpEcn));
  const syn = asReceived({
    srcPort: REMOTE_PORT, dstPort: LOCAL_PORT, seq: REMOTE_ISS, ack: 0, flags: TCP_SYN | synFlags, window: 64240,
    options: linuxSynOptions(h.peerTs, 0), payload: new Uint8Array(0), urgent: 0,
  });
  h.call({ kind: 'accept-syn', seg: syn, ecn: ipEcn, iss: LOCAL_ISS, tsOffset: 0, mtu: 1500 });
  return h;
}

describe('ECN negotiation (tcp_ecn_send_syn, tcp_ecn_rcv_synack, tcp_ecn_create_request)', () => {
  it('tcp_ecn 1 asks in the SYN; a SYN-ACK with ECE alone turns ECN on: new data ECT(0), the ACK not-ECT', () => {
    const h = client(1, TCP_ECE);
    const [syn, ack] = sentMarks(h);
    expect(syn).toEqual({ flags: TCP_SYN | TCP_ECE | TCP_CWR, ecn: 0, len: 0 });
    expect(ack).toEqual({ flags: TCP_ACK, ecn: 0, len: 0 });
    h.call({ kind: 'send', data: bytes(100) });
    expect(sentMarks(h)).toEqual([{ flags: TCP_ACK | TCP_PSH, ecn: ECT_0, len: 100 }]);
  });

  it('ECN stays off after a SYN-ACK with ECE and CWR or without ECE, and without tcp_ecn 1', () => {
    for (const [tcpEcn, flags] of [[1, TCP_ECE | TCP_CWR], [1, 0], [2, TCP_ECE], [0, TCP_ECE]] as const) {
      const h = client(tcpEcn, flags);
      expect(sentMarks(h)[0]!.flags).toBe(tcpEcn === 1 ? TCP_SYN | TCP_ECE | TCP_CWR : TCP_SYN);
      h.call({ kind: 'send', data: bytes(100) });
      expect(sentMarks(h)).toEqual([{ flags: TCP_ACK | TCP_PSH, ecn: 0, len: 100 }]);
    }
  });

  it('a retransmitted SYN no longer asks (tcp_ecn_clear_syn)', () => {
    const h = new Harness(withEcn(1));
    h.call({ kind: 'connect', iss: LOCAL_ISS, tsOffset: 0, mtu: 1500 });
    h.advance(1000 * MS);
    h.timer('rto');
    expect(sentMarks(h).map((s) => s.flags)).toEqual([TCP_SYN | TCP_ECE | TCP_CWR, TCP_SYN]);
  });

  it('a listener answers ECE to a not-ECT SYN asking with ECE and CWR when tcp_ecn is 1 or 2, else none', () => {
    expect(sentMarks(server(2, TCP_ECE | TCP_CWR))[0]).toEqual({ flags: TCP_SYN | TCP_ACK | TCP_ECE, ecn: 0, len: 0 });
    expect(sentMarks(server(1, TCP_ECE | TCP_CWR))[0]!.flags).toBe(TCP_SYN | TCP_ACK | TCP_ECE);
    expect(sentMarks(server(0, TCP_ECE | TCP_CWR))[0]!.flags).toBe(TCP_SYN | TCP_ACK);
    expect(sentMarks(server(2, TCP_ECE))[0]!.flags).toBe(TCP_SYN | TCP_ACK);
    expect(sentMarks(server(2, TCP_ECE | TCP_CWR, ECT_0))[0]!.flags).toBe(TCP_SYN | TCP_ACK);
  });
});

const peerSegment = fc.record({ len: fc.integer({ min: 0, max: 1400 }), ecn: fc.integer({ min: 0, max: 3 }), ece: fc.boolean(), cwr: fc.boolean(), write: fc.integer({ min: 0, max: 3000 }) });

describe('ECN on an established connection', () => {
  it('without ECN agreed (the lab\'s machines never ask), nothing sent carries ECE, CWR or ECT, whatever the peer marks', () => {
    fc.assert(fc.property(fc.constantFrom(0, 2), fc.array(peerSegment, { maxLength: 12 }), (tcpEcn, segs) => {
      const h = connIn('ESTABLISHED', withEcn(tcpEcn));
      for (const s of segs) {
        h.advance(10 * MS);
        if (s.write) h.call({ kind: 'send', data: bytes(s.write) });
        h.feed({ payload: bytes(s.len), flags: TCP_ACK | (s.ece ? TCP_ECE : 0) | (s.cwr ? TCP_CWR : 0) }, s.ecn);
        h.fireDue();
      }
      for (const m of sentMarks(h)) expect(m.ecn === 0 && (m.flags & (TCP_ECE | TCP_CWR)) === 0).toBe(true);
    }));
  });

  it('after CE on data every segment sent carries ECE until data or an ACK with CWR comes; new data goes ECT(0)', () => {
    fc.assert(fc.property(fc.array(peerSegment, { maxLength: 12 }), (segs) => {
      const h = client(1, TCP_ECE);
      sentMarks(h);
      let demand = false;
      for (const s of segs) {
        h.advance(10 * MS);
        if (s.write) h.call({ kind: 'send', data: bytes(s.write) });
        for (const m of sentMarks(h)) expect((m.flags & TCP_ECE) !== 0).toBe(demand);
        h.feed({ payload: bytes(s.len), flags: TCP_ACK | (s.cwr ? TCP_CWR : 0) }, s.ecn);
        if (s.cwr) demand = false;
        if (s.len > 0 && s.ecn === CE) demand = true;
        const sent = sentMarks(h);
        for (const m of sent) expect((m.flags & TCP_ECE) !== 0).toBe(demand);
        for (const m of sent) expect(m.ecn).toBe(m.len > 0 ? ECT_0 : 0);
      }
    }));
  });

  it('an ACK with ECE enters CWR (state 2, CUBIC ssthresh), CWR rides the next new data once, and the ACK above high_seq ends it with cwnd = ssthresh', () => {
    const h = client(1, TCP_ECE);
    h.call({ kind: 'send', data: bytes(10 * 1448) });
    sentMarks(h);
    const high = h.tcb.sndNxt;
    h.advance(10 * MS);
    h.feed({ ack: LOCAL_ISS + 1 + 1448, flags: TCP_ACK | TCP_ECE });
    expect(caState(h.conn, h.tcb)).toBe(2);
    expect(h.tcb.ssthresh).toBe(7);
    h.call({ kind: 'send', data: bytes(2 * 1448) });
    const sent = sentMarks(h).filter((m) => m.len > 0);
    expect(sent.map((m) => m.flags & TCP_CWR)).toEqual([TCP_CWR, ...sent.slice(1).map(() => 0)]);
    h.feed({ ack: high, flags: TCP_ACK });
    expect(caState(h.conn, h.tcb)).toBe(2); // "held something *above* high_seq"
    h.feed({ ack: h.tcb.sndNxt, flags: TCP_ACK });
    expect(caState(h.conn, h.tcb)).toBe(0);
    expect(h.tcb.cwnd).toBe(7);
  });
});
