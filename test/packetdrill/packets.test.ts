import { describe, expect, it } from 'vitest';
import { ipv4 } from '../../src/stack/wire/addr.ts';
import { parseIpv4 } from '../../src/stack/wire/ipv4.ts';
import { parseTcp, TCP_ACK, TCP_PSH, TCP_SYN, type TcpSegment } from '../../src/stack/wire/tcp.ts';
import { Flow } from '../../src/packetdrill/flow.ts';
import { buildInbound } from '../../src/packetdrill/inbound.ts';
import { badChecksum, matchOutbound, type SentPacket } from '../../src/packetdrill/outbound.ts';
import { parseScript } from '../../src/packetdrill/parse.ts';
import type { PacketSpec } from '../../src/packetdrill/script.ts';

function spec(line: string): PacketSpec {
  const e = parseScript(`0 ${line}`).events[0]!;
  if (e.kind !== 'packet') throw new Error('not a packet');
  return e.packet;
}

function sent(seg: Partial<TcpSegment>, at = 0): SentPacket {
  const ipBytes = buildInbound(spec('< . 1:1(0) ack 1 win 1'), new Flow(8080, 40000), 0);
  const ip = parseIpv4(ipBytes);
  if (!ip.ok) throw new Error('bad ip');
  const base = { srcPort: 8080, dstPort: 40000, seq: 0, ack: 0, flags: TCP_ACK, window: 0, urgent: 0, options: [], payload: new Uint8Array(0), dataOffset: 5, reserved: 0, checksum: 0 };
  return { at, ip: { ...ip.value, dscpEcn: 0 }, seg: { ...base, ...seg }, badChecksum: null };
}

const settings = { tsTickUsecs: 0 };

describe('buildInbound', () => {
  it('builds the packet from the remote to the host, ACK and SACK mapped into live space', () => {
    const flow = new Flow(8080, 40000);
    flow.learnLocalIsn(0, 1_000_000);
    const bytes = buildInbound(spec('< [ect0] P. 1:101(100) ack 1 win 257 <nop,nop,sack 1001:2001>'), flow, 7);
    const ip = parseIpv4(bytes);
    expect(ip.ok && ip.value).toMatchObject({ src: ipv4('192.0.2.1'), dst: ipv4('192.168.0.1'), dscpEcn: 2, ident: 7 });
    const tcp = ip.ok ? parseTcp(bytes, ip.end) : null;
    expect(tcp?.ok && tcp.value).toMatchObject({ srcPort: 40000, dstPort: 8080, seq: 1, ack: 1_000_001, flags: TCP_PSH | TCP_ACK, window: 257 });
    expect(tcp?.ok && tcp.value.options[2]).toEqual({ kind: 'sack', blocks: [[1_001_001, 1_002_001]] });
    expect(tcp?.ok && tcp.value.payload.length).toBe(100);
  });
});

describe('badChecksum', () => {
  it('finds a wrong IP or TCP checksum in what the host sent', () => {
    const bytes = buildInbound(spec('< P. 1:11(10) ack 1 win 1'), new Flow(8080, 40000), 0);
    const ip = parseIpv4(bytes);
    if (!ip.ok) throw new Error('bad ip');
    expect(badChecksum(bytes, ip.value, ip.end)).toBeNull();
    const tcpBroken = bytes.slice();
    tcpBroken[tcpBroken.length - 1]! ^= 1;
    expect(badChecksum(tcpBroken, ip.value, ip.end)).toBe('tcp checksum');
    const ipBroken = bytes.slice();
    ipBroken[8]! ^= 1;
    expect(badChecksum(ipBroken, ip.value, ip.end)).toBe('ip checksum');
  });
});

describe('matchOutbound', () => {
  it('learns the host ISN from its SYN-ACK and matches in script space', () => {
    const flow = new Flow(8080, 40000);
    const synack = sent({ seq: 5000, ack: 1, flags: TCP_SYN | TCP_ACK, window: 64240, options: [{ kind: 'mss', mss: 1460 }, { kind: 'nop' }, { kind: 'wscale', shift: 7 }] });
    expect(matchOutbound(spec('> S. 0:0(0) ack 1 <mss 1460,nop,wscale 7>'), [synack], flow, settings, 4000)).toBeNull();
    const data = sent({ seq: 5001, ack: 47, flags: TCP_PSH | TCP_ACK, payload: new Uint8Array(32) });
    expect(matchOutbound(spec('> P. 1:33(32) ack 47'), [data], flow, settings, 4000)).toBeNull();
  });

  it('names the first field that differs, both packets in script notation', () => {
    const flow = new Flow(8080, 40000);
    flow.learnLocalIsn(0, 5000);
    const data = sent({ seq: 5001, ack: 47, flags: TCP_ACK, window: 229, payload: new Uint8Array(32) });
    expect(matchOutbound(spec('> P. 1:33(32) ack 47'), [data], flow, settings, 4000)).toEqual({ field: 'tcp flags', expected: 'P. 1:33(32) ack 47', got: '. 1:33(32) ack 47' });
    const bad = matchOutbound(spec('> . 1:33(32) ack 47 win 230'), [data], flow, settings, 4000);
    expect(bad?.field).toBe('tcp window');
  });

  it('takes back-to-back pieces as one packet when their payloads add up (GSO/TSO)', () => {
    const flow = new Flow(8080, 40000);
    flow.learnLocalIsn(0, 0);
    const a = sent({ seq: 1, ack: 1, flags: TCP_ACK, payload: new Uint8Array(1000) });
    const b = sent({ seq: 1001, ack: 1, flags: TCP_ACK | TCP_PSH, payload: new Uint8Array(500) });
    expect(matchOutbound(spec('> P. 1:1501(1500) ack 1'), [a, b], flow, settings, 4000)).toBeNull();
  });
});
