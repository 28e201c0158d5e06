/**
 * The teaching comment's cause for a UDP or IGMP frame a program's call made (sim/causes.ts):
 * a DNS question only when it goes to port 53; a program's own datagram says whether it went to
 * one host, to the whole network (broadcast) or to a multicast group; the kernel's IGMP report
 * says what it is; a RST a call sent is that close() aborting; data in urgent mode names
 * MSG_OOB and its urgent pointer — in both languages.
 */
import { describe, expect, it } from 'vitest';
import { frameCause, inputContext } from '../../src/sim/causes.ts';
import { causeText } from '../../src/report/comments.ts';
import { CATALOGS } from '../../src/report/i18n/index.ts';
import { ipPacket, l2frame, tcpFrame, udpFrame, type L2 } from '../show/build.ts';
import { ETHERTYPE_IPV4 } from '../../src/stack/wire/index.ts';

const CALL = { kind: 'call', call: 'sendto()' } as const;
const host: L2 = { link: 'eth', srcMac: 0x0242ac101065, dstMac: 0x0242ac101066 };
const everyone: L2 = { ...host, dstMac: 0xffffffffffff };
const group: L2 = { ...host, dstMac: 0x01005e010101 };
const ip = (dst: string) => ({ src: '172.16.16.101', dst });

describe('what a UDP or IGMP frame is, for the report', () => {
  it('a datagram to port 53 asks the resolver; others are the program\'s own, by where they go', () => {
    expect(frameCause(udpFrame(host, ip('10.255.255.254'), 40000, 53, new Uint8Array(30)), CALL, false)).toEqual({ kind: 'dns', call: 'sendto()' });
    expect(frameCause(udpFrame(host, ip('172.16.16.102'), 40000, 7070, new Uint8Array(12)), CALL, false)).toEqual({ kind: 'datagram', call: 'sendto()', bytes: 12, to: 'unicast' });
    expect(frameCause(udpFrame(everyone, ip('172.16.16.255'), 40000, 5005, new Uint8Array(11)), CALL, false)).toEqual({ kind: 'datagram', call: 'sendto()', bytes: 11, to: 'broadcast' });
    expect(frameCause(udpFrame(group, ip('224.1.1.1'), 40000, 5007, new Uint8Array(1)), CALL, false)).toEqual({ kind: 'datagram', call: 'sendto()', bytes: 1, to: 'multicast' });
  });

  it('an IGMP report is the kernel telling routers and switches its groups', () => {
    const report = l2frame(group, ETHERTYPE_IPV4, ipPacket(ip('224.0.0.22'), 2, new Uint8Array(16)));
    expect(frameCause(report, CALL, false)).toEqual({ kind: 'igmp' });
    expect(frameCause(report, { kind: 'timer', layer: 'other' }, false)).toEqual({ kind: 'igmp' });
  });

  it('a RST a program\'s call sent is its close() aborting, not a refusal', () => {
    const rst = tcpFrame(host, ip('172.16.16.102'), { srcPort: 9000, dstPort: 40000, flags: 0x14 });
    expect(frameCause(rst, { kind: 'call', call: 'close()' }, false)).toEqual({ kind: 'abort', call: 'close()' });
    expect(frameCause(rst, { kind: 'input' }, false)).toEqual({ kind: 'reset' });
    expect(causeText({ kind: 'abort', call: 'close()' }, CATALOGS.en)).toMatch(/^close\(\) aborted the connection/);
  });

  it('the ACK that answers a SYN-ACK completes the handshake; other immediate ACKs are quick ACKs', () => {
    const synAck = tcpFrame(host, ip('172.16.16.102'), { srcPort: 9000, dstPort: 40000, flags: 0x12 });
    const ack = tcpFrame(host, ip('172.16.16.102'), { srcPort: 40000, dstPort: 9000, flags: 0x10 });
    expect(inputContext(synAck)).toEqual({ kind: 'input', synAck: true });
    expect(frameCause(ack, inputContext(synAck), false)).toEqual({ kind: 'handshake-ack' });
    expect(frameCause(ack, inputContext(ack), false)).toEqual({ kind: 'ack-now' });
  });

  it('a pure ACK a read sent is the reader\'s (tcp_cleanup_rbuf); one another call sent answers what waited for its release', () => {
    const ack = tcpFrame(host, ip('172.16.16.102'), { srcPort: 40000, dstPort: 9000, flags: 0x10 });
    expect(frameCause(ack, { kind: 'call', call: 'recv(1000)' }, false)).toEqual({ kind: 'call-ack', call: 'recv(1000)', read: true });
    expect(frameCause(ack, { kind: 'call', call: 'sendall(4096)' }, false)).toEqual({ kind: 'call-ack', call: 'sendall(4096)', read: false });
    expect(causeText({ kind: 'call-ack', call: 'recv(1000)', read: true }, CATALOGS.en)).toMatch(/^recv\(1000\) took data, and the kernel acknowledges .*tcp_cleanup_rbuf/);
    expect(causeText({ kind: 'call-ack', call: 'sendall(4096)', read: false }, CATALOGS.en)).toMatch(/^sent as sendall\(4096\) ended: .*release_sock/);
    expect(causeText({ kind: 'call-ack', call: 'recv(1000)', read: true }, CATALOGS.id)).toMatch(/^recv\(1000\) mengambil data/);
  });

  it('a pure ACK answering a segment with FIN acknowledges the peer\'s close; this side\'s FIN leaving on an arrival was queued by close()', () => {
    const fin = tcpFrame(host, ip('172.16.16.102'), { srcPort: 9000, dstPort: 40000, flags: 0x11 });
    const ack = tcpFrame(host, ip('172.16.16.102'), { srcPort: 40000, dstPort: 9000, flags: 0x10 });
    const ourFin = tcpFrame(host, ip('172.16.16.102'), { srcPort: 40000, dstPort: 9000, flags: 0x11 });
    expect(inputContext(fin)).toEqual({ kind: 'input', fin: true });
    expect(frameCause(ack, inputContext(fin), false)).toEqual({ kind: 'fin-ack' });
    expect(frameCause(ourFin, inputContext(ack), false)).toEqual({ kind: 'fin-released' });
    expect(causeText({ kind: 'fin-released' }, CATALOGS.en)).toMatch(/^an ACK came and let out this side's FIN/);
    expect(causeText({ kind: 'fin-released' }, CATALOGS.id)).toMatch(/^ACK datang dan melepas FIN/);
  });

  it('data an ACK released and packets an ARP reply released have causes of their own (translated, not notes)', () => {
    const data = tcpFrame(host, ip('172.16.16.102'), { srcPort: 9000, dstPort: 40000, flags: 0x18, payload: new Uint8Array(14) });
    expect(frameCause(data, { kind: 'input' }, false)).toEqual({ kind: 'ack-released' });
    expect(frameCause(data, { kind: 'input', arp: true }, false)).toEqual({ kind: 'arp-held' });
    expect(causeText({ kind: 'ack-released' }, CATALOGS.id)).toMatch(/^data ditahan sampai ACK datang/);
  });

  it('data a call sent is its own when the call wrote that much; more than it wrote, or sent by a call that writes none, is the send queue\'s', () => {
    const data = tcpFrame(host, ip('172.16.16.102'), { srcPort: 40000, dstPort: 9000, flags: 0x18, payload: new Uint8Array(19456) });
    expect(frameCause(data, { kind: 'call', call: 'sendall(19456)' }, false)).toEqual({ kind: 'call', call: 'sendall(19456)', bytes: 19456 });
    expect(frameCause(data, { kind: 'call', call: 'sendall(4096)' }, false)).toEqual({ kind: 'call', call: 'sendall(4096)', bytes: 19456, queued: true });
    expect(frameCause(data, { kind: 'call', call: 'recv(1000)' }, false)).toEqual({ kind: 'call', call: 'recv(1000)', bytes: 19456, queued: true });
    expect(frameCause(data, { kind: 'call', call: 'sendall()' }, false)).toEqual({ kind: 'call', call: 'sendall()', bytes: 19456 });
    expect(causeText({ kind: 'call', call: 'sendall(4096)', bytes: 19456, queued: true }, CATALOGS.en)).toBe('sent while sendall(4096) ran: 19,456 bytes of the send queue, earlier writes\' included, that waited for an ACK or the window');
    expect(causeText({ kind: 'call', call: 'sendall(4096)', bytes: 19456, queued: true }, CATALOGS.id)).toMatch(/^dikirim saat sendall\(4096\) berjalan: 19\.456 bita dari antrean kirim/);
  });

  it('data sent in urgent mode (MSG_OOB) says so, with its urgent pointer', () => {
    const urgent = tcpFrame(host, ip('172.16.16.102'), { srcPort: 40000, dstPort: 10000, flags: 0x38, urgent: 1, payload: new Uint8Array(1) });
    const plain = tcpFrame(host, ip('172.16.16.102'), { srcPort: 40000, dstPort: 10000, flags: 0x18, payload: new Uint8Array(5) });
    expect(frameCause(urgent, { kind: 'call', call: 'sendall(1)' }, false)).toEqual({ kind: 'urgent', call: 'sendall(1)', bytes: 1, pointer: 1 });
    expect(frameCause(plain, { kind: 'call', call: 'sendall(5)' }, false)).toEqual({ kind: 'call', call: 'sendall(5)', bytes: 5 });
    expect(causeText({ kind: 'urgent', call: 'sendall(1)', bytes: 1, pointer: 1 }, CATALOGS.en)).toMatch(/^sendall\(1\) handed 1 byte to TCP in urgent mode \(MSG_OOB\): URG is set and the urgent pointer \(1\)/);
    expect(causeText({ kind: 'urgent', call: 'sendall(1)', bytes: 1, pointer: 1 }, CATALOGS.id)).toMatch(/mode mendesak \(MSG_OOB\)/);
  });

  it('says so in English and Indonesian', () => {
    const en = CATALOGS.en;
    const id = CATALOGS.id;
    expect(causeText({ kind: 'datagram', call: 'sendto()', bytes: 1, to: 'multicast' }, en)).toBe('sendto() sent a UDP datagram of 1 byte to the members of a multicast group');
    expect(causeText({ kind: 'datagram', call: 'sendto()', bytes: 11, to: 'broadcast' }, id)).toBe('sendto() mengirim datagram UDP 11 bita ke semua mesin di jaringan (broadcast)');
    expect(causeText({ kind: 'igmp' }, en)).toMatch(/IGMPv3 membership report/);
    expect(causeText({ kind: 'igmp' }, id)).toMatch(/laporan keanggotaan IGMPv3/);
  });
});
