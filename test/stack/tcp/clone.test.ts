/**
 * What a veth or loopback hands the receiver is a clone of the skb the sender keeps for
 * retransmission (src/stack/tcp/clone.ts, src/stack/kernel/skb-clone.ts): skb_try_coalesce()
 * adds nothing to a receive-queue or backlog skb its sender still holds, and once the sender's
 * snd_una passes it (freed or trimmed) later data joins it again. And on 6.7+
 * (tcp_backlog_ack_defer, the linux-6.18 profile) a backlog run's immediate ACKs become one,
 * sent by tcp_release_cb().
 */
import { describe, expect, it } from 'vitest';
import { MS, type Pair } from '../../helpers/pair.ts';
import { BLOCK, US, warmVeth } from '../../helpers/warm-veth.ts';
import { CALIBRATION_PROFILE, WSL2_PROFILE, type KernelProfile } from '../../../src/stack/kernel/profile.ts';
import { heldBySender } from '../../../src/stack/tcp/clone.ts';
import { newConn, setTcbFields } from '../../../src/stack/tcp/step.ts';
import { tcpConfigOf } from '../../../src/stack/tcp/config.ts';
import { RecvStream } from '../../../src/stack/tcp/stream.ts';
import { RCV_SKB_COSTS } from '../../../src/stack/tcp/rcv-skb.ts';

const warm = (profile: KernelProfile) => warmVeth(8, profile);

/** the first timed recv() after `arrange`: what tcp_recvmsg copies before it frees the first skb */
function firstSkb(profile: KernelProfile, arrange: (p: Pair, cli: number) => void): number {
  const { p, cli, srv } = warm(profile);
  arrange(p, cli);
  p.b.readTimed!(srv, true);
  const got = (p.b.recv(srv, 1 << 18, p.now) as Uint8Array).length;
  p.b.readTimed!(srv, false);
  p.b.readEnd!(srv, got, p.now);
  return got;
}

describe('the receiver keeps a clone its sender holds apart (skb_cloned)', () => {
  it('two sends that arrive before any ACK of theirs is back stay two skbs', () => {
    expect(firstSkb(CALIBRATION_PROFILE, (p, cli) => {
      p.a.send(cli, BLOCK, p.now);
      p.a.send(cli, BLOCK, p.now);
      p.drive(p.now + 40 * US);
    })).toBe(16384);
  });

  it('a send that arrives after the sender took the ACK of the one before joins it', () => {
    expect(firstSkb(CALIBRATION_PROFILE, (p, cli) => {
      p.a.send(cli, BLOCK, p.now);
      p.drive(p.now + 20 * US); // its ACK is back and processed: the original is freed
      p.a.send(cli, BLOCK, p.now);
      p.drive(p.now + 20 * US);
    })).toBe(32768);
  });

  it('the pieces of a software GSO split are skb_gso_segment()\'s new skbs, nobody\'s clone: they join (up to MAX_SKB_FRAGS, 17)', () => {
    expect(firstSkb(CALIBRATION_PROFILE, (p, cli) => {
      p.a.setSoftwareGso!(true);
      p.a.send(cli, BLOCK, p.now);
      p.a.send(cli, BLOCK, p.now);
      p.drive(p.now + 40 * US);
    })).toBe(16384 + 5 * 1448); // the first block's 12 pieces (11 × 1448 + 456) and 5 of the second's
  });

  it('the backlog keeps them apart too (tcp_add_backlog: no TCPBacklogCoalesce)', () => {
    const { p, cli, srv } = warm(CALIBRATION_PROFILE);
    p.b.lock(srv);
    const before = p.b.mib!().TcpExtTCPBacklogCoalesce;
    for (let k = 0; k < 3; k++) p.a.send(cli, BLOCK, p.now);
    p.drive(p.now + MS);
    expect(p.b.mib!().TcpExtTCPBacklogCoalesce).toBe(before);
    p.b.unlock!(srv, p.now);
  });
});

describe('heldBySender(): the sender holds the original until its snd_una passes the skb\'s first byte', () => {
  const conn = () => {
    const c = newConn(tcpConfigOf(CALIBRATION_PROFILE), 1, 2);
    setTcbFields(c, { state: 'ESTABLISHED', sndUna: 1000, sndNxt: 5000 });
    return c;
  };

  it('held while nothing of it is acknowledged; not once any of it is, nor for a frame nobody sent', () => {
    const c = conn();
    expect(heldBySender(c, 1000)).toBe(true);
    expect(heldBySender(c, 3000)).toBe(true);
    expect(heldBySender(c, 999)).toBe(false); // tcp_trim_head's skb_unclone()
    expect(heldBySender(undefined, 1000)).toBe(false);
  });

  it('not once the sender is closed (its queue purged)', () => {
    const c = conn();
    setTcbFields(c, { state: 'CLOSED' });
    expect(heldBySender(c, 1000)).toBe(false);
  });

  it('RecvStream: a held tail takes nothing; released, the next arrival joins it', () => {
    const c = conn();
    const q = new RecvStream(RCV_SKB_COSTS.sender);
    q.push(new Uint8Array(1448), 52, undefined, c, 1000);
    q.push(new Uint8Array(1448), 52, undefined, c, 2448);
    expect(q.headSkbBytes()).toBe(1448);
    setTcbFields(c, { sndUna: 2448 }); // the first is acknowledged: freed
    q.read(1448);
    setTcbFields(c, { sndUna: 3896 }); // and the second
    q.push(new Uint8Array(1448), 52, undefined, c, 3896);
    expect(q.headSkbBytes()).toBe(2896);
  });
});

describe('tcp_backlog_ack_defer (6.7+): one ACK for a backlog run', () => {
  /** the server's ACKs when three blocks that waited in its backlog run at release_sock() */
  function acksOfRun(profile: KernelProfile): number {
    const { p, cli, srv } = warm(profile);
    p.b.lock(srv);
    for (let k = 0; k < 3; k++) p.a.send(cli, BLOCK, p.now);
    p.drive(p.now + MS);
    const released = p.now;
    p.b.unlock!(srv, p.now);
    return p.wire.filter((w) => w.from === 'b' && w.at >= released && w.at < released + US).length;
  }

  it('linux-6.18: the run\'s segments, each asking for an ACK now (quick-ACK mode), get one, from tcp_release_cb()', () => {
    expect(acksOfRun(CALIBRATION_PROFILE)).toBe(1);
  });

  it('without it (before 6.7) each is answered as it runs', () => {
    expect(acksOfRun({ ...CALIBRATION_PROFILE, tcpBacklogAckDefer: false })).toBe(3);
  });

  it('the wsl2 profile (5.15) has no such sysctl', () => {
    expect(WSL2_PROFILE.tcpBacklogAckDefer).toBeUndefined();
    expect(CALIBRATION_PROFILE.tcpBacklogAckDefer).toBe(true);
  });
});
