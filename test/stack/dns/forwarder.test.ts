import { describe, expect, it } from 'vitest';
import { MESIN1_ETH0, progjarZone } from '../../../scenarios/progjar/zone.ts';
import {
  DOCKER_DNS_LISTEN, forwarderStep, newForwarder, onClientQuery, onUpstreamDatagram, onUpstreamError, onUpstreamTimer,
  type ForwarderEffect,
} from '../../../src/stack/dns/forwarder.ts';
import { answerQuery } from '../../../src/stack/dns/zone-server.ts';
import { ipv4 } from '../../../src/stack/wire/addr.ts';
import { hex } from '../../../src/stack/wire/bytes.ts';
import { emitDnsMessage, parseDnsMessage, withRcode, type DnsMessage } from '../../../src/stack/wire/dns/index.ts';

const S = 1_000_000_000;
const t0 = 50 * S;
const app = { addr: ipv4('127.0.0.1'), port: 45678 };
const upstream = ipv4('10.255.255.254');
const query = (name: string, type: number, id: number): DnsMessage =>
  ({ id, flags: 0x0100, questions: [{ name, type, class: 1 }], answers: [], authorities: [], additionals: [] });
const resolverAnswer = (bytes: Uint8Array) => {
  const p = parseDnsMessage(bytes);
  if (!p.ok) throw new Error('bad');
  return emitDnsMessage(answerQuery(progjarZone, p.value, ipv4(MESIN1_ETH0)));
};
const sent = (effects: readonly ForwarderEffect[]) =>
  effects.filter((e): e is ForwarderEffect & { kind: 'send' } => e.kind === 'send');

describe('the Docker embedded DNS forwarder', () => {
  it("answers a container name itself (miekg's bytes: A with TTL 600, RA, no compression) and never forwards it", () => {
    const names = new Map([['mesin1', [ipv4('172.20.0.3')]]]);
    const f = newForwarder({ upstreams: [upstream], names });
    const a = onClientQuery(f, app, emitDnsMessage(query('Mesin1', 1, 0x1234)), t0);
    expect(a.effects).toHaveLength(1);
    const reply = a.effects[0] as ForwarderEffect & { kind: 'reply' };
    expect([reply.from, reply.to]).toEqual([DOCKER_DNS_LISTEN, app]);
    // header: id, QR|RD|RA, 1 question, 1 answer; the question; the answer with its name spelt out
    expect(hex(reply.payload)).toBe(
      '1234' + '8180' + '0001' + '0001' + '0000' + '0000'
      + '064d6573696e3100' + '0001' + '0001'
      + '064d6573696e3100' + '0001' + '0001' + '00000258' + '0004' + 'ac140003',
    );
    // AAAA for a name with only IPv4: NOERROR, no answer; an unknown name still goes upstream
    const aaaa = onClientQuery(f, app, emitDnsMessage(query('mesin1.', 28, 7)), t0);
    const m = parseDnsMessage((aaaa.effects[0] as ForwarderEffect & { kind: 'reply' }).payload);
    expect(m.ok && [m.value.flags, m.value.answers.length, m.value.questions[0]!.type]).toEqual([0x8180, 0, 28]);
    expect(onClientQuery(f, app, emitDnsMessage(query('www.its.ac.id', 1, 8)), t0).effects[0]).toMatchObject({ kind: 'open' });
  });

  it('answers a PTR query for a container address itself (<container>.<network>, TTL 600, the name uncompressed); other PTR queries go upstream', () => {
    const pointers = new Map([['4.0.20.172.in-addr.arpa', 'progjar-mesin-2.environment_default']]);
    const f = newForwarder({ upstreams: [upstream], pointers });
    const r = onClientQuery(f, app, emitDnsMessage(query('4.0.20.172.in-addr.arpa', 12, 0x7717)), t0);
    expect(r.effects).toHaveLength(1);
    const payload = (r.effects[0] as ForwarderEffect & { kind: 'reply' }).payload;
    const m = parseDnsMessage(payload);
    expect(m.ok && m.value.flags).toBe(0x8180);
    expect(m.ok && m.value.answers).toEqual([{ name: '4.0.20.172.in-addr.arpa', class: 1, ttl: 600, rdata: { kind: 'PTR', name: 'progjar-mesin-2.environment_default' } }]);
    // miekg's Pack without compression: the target's labels spelt out after the answer's own name
    expect(hex(payload).endsWith('000c' + '0001' + '00000258' + '0025' + '0f70726f676a61722d6d6573696e2d32' + '13656e7669726f6e6d656e745f64656661756c7400')).toBe(true);
    expect(onClientQuery(f, app, emitDnsMessage(query('1.0.20.172.in-addr.arpa', 12, 9)), t0).effects[0]).toMatchObject({ kind: 'open' });
  });

  it('forwards the query unchanged (same id, same bytes) on a fresh socket to the upstream, with a 4 s deadline', () => {
    const q = emitDnsMessage(query('www.espnfc.com', 1, 0x4cba));
    const r = onClientQuery(newForwarder({ upstreams: [upstream] }), app, q, t0);
    expect(r.effects).toEqual([
      { kind: 'open', exchange: 0, remote: { addr: upstream, port: 53 } },
      { kind: 'send', exchange: 0, payload: q },
      { kind: 'arm', exchange: 0, at: t0 + 4 * S },
    ]);
  });

  it('relays the answer to the program from 127.0.0.11:53, re-compressed to the same 297 bytes', () => {
    const q = emitDnsMessage(query('www.espnfc.com', 1, 0x4cba));
    const a = onClientQuery(newForwarder({ upstreams: [upstream] }), app, q, t0);
    const up = resolverAnswer(sent(a.effects)[0]!.payload);
    const b = onUpstreamDatagram(a.state, 0, up, t0 + S / 4);
    expect(b.effects.map((e) => e.kind)).toEqual(['disarm', 'close', 'reply']);
    const reply = b.effects[2] as ForwarderEffect & { kind: 'reply' };
    expect([reply.from, reply.to]).toEqual([DOCKER_DNS_LISTEN, app]);
    expect(hex(reply.payload)).toBe(hex(up));
    expect(reply.payload.length).toBe(341 - 44);
    expect(b.state.exchanges.size).toBe(0);
  });

  it('gives each concurrent query its own exchange and socket', () => {
    let f = newForwarder({ upstreams: [upstream] });
    const a = onClientQuery(f, app, emitDnsMessage(query('www.its.ac.id', 1, 1)), t0);
    const b = onClientQuery(a.state, app, emitDnsMessage(query('www.its.ac.id', 28, 2)), t0);
    f = b.state;
    expect([a.effects[0], b.effects[0]]).toEqual([
      { kind: 'open', exchange: 0, remote: { addr: upstream, port: 53 } },
      { kind: 'open', exchange: 1, remote: { addr: upstream, port: 53 } },
    ]);
    const second = onUpstreamDatagram(f, 1, resolverAnswer(sent(b.effects)[0]!.payload), t0 + 1);
    expect(second.effects.at(-1)).toMatchObject({ kind: 'reply' });
    expect([...second.state.exchanges.keys()]).toEqual([0]);
  });

  it('skips an upstream reply with another id and keeps waiting', () => {
    const a = onClientQuery(newForwarder({ upstreams: [upstream] }), app, emitDnsMessage(query('www.its.ac.id', 1, 7)), t0);
    const wrong = emitDnsMessage({ ...answerQuery(progjarZone, query('www.its.ac.id', 1, 8), ipv4(MESIN1_ETH0)) });
    expect(onUpstreamDatagram(a.state, 0, wrong, t0 + 1).effects).toEqual([]);
  });

  it('relays NXDOMAIN as it is', () => {
    const a = onClientQuery(newForwarder({ upstreams: [upstream] }), app, emitDnsMessage(query('www.espnfc.cosm', 1, 9)), t0);
    const b = onUpstreamDatagram(a.state, 0, resolverAnswer(sent(a.effects)[0]!.payload), t0 + 1);
    const reply = b.effects.at(-1) as ForwarderEffect & { kind: 'reply' };
    const p = parseDnsMessage(reply.payload);
    expect(p.ok && p.value.flags & 0xf).toBe(3);
  });

  it('answers SERVFAIL (QR RD, question copied, no RA) when the upstream stays silent for 4 s', () => {
    const a = onClientQuery(newForwarder({ upstreams: [upstream] }), app, emitDnsMessage(query('www.its.ac.id', 1, 0x1234)), t0);
    const b = onUpstreamTimer(a.state, 0, t0 + 4 * S);
    expect(b.effects.map((e) => e.kind)).toEqual(['disarm', 'close', 'reply']);
    const reply = b.effects[2] as ForwarderEffect & { kind: 'reply' };
    expect(hex(reply.payload)).toBe('12348102000100000000000003777777036974730261630269640000010001');
  });

  it('says nothing on failure when configured as Docker before v24', () => {
    const a = onClientQuery(newForwarder({ upstreams: [upstream], silentOnFailure: true }), app, emitDnsMessage(query('x.y', 1, 1)), t0);
    expect(onUpstreamTimer(a.state, 0, t0 + 4 * S).effects.map((e) => e.kind)).toEqual(['disarm', 'close']);
  });

  it('moves to the next upstream on SERVFAIL or a socket error, with a new socket', () => {
    const second = ipv4('192.0.2.53');
    const a = onClientQuery(newForwarder({ upstreams: [upstream, second] }), app, emitDnsMessage(query('www.its.ac.id', 1, 5)), t0);
    const servfail = emitDnsMessage({ ...query('www.its.ac.id', 1, 5), flags: withRcode(0x8180, 2) });
    const b = onUpstreamDatagram(a.state, 0, servfail, t0 + 1);
    expect(b.effects.map((e) => e.kind)).toEqual(['disarm', 'close', 'open', 'send', 'arm']);
    expect(b.effects[2]).toEqual({ kind: 'open', exchange: 1, remote: { addr: second, port: 53 } });
    const c = onUpstreamError(b.state, 1, t0 + 2);
    expect(c.effects.map((e) => e.kind)).toEqual(['disarm', 'close', 'reply']);
  });

  it('answers FORMERR to a query with two questions and ignores responses', () => {
    const two = emitDnsMessage({ ...query('a', 1, 3), questions: [...query('a', 1, 3).questions, ...query('b', 1, 3).questions] });
    const r = onClientQuery(newForwarder({ upstreams: [upstream] }), app, two, t0);
    expect(r.effects.map((e) => e.kind)).toEqual(['reply']);
    const resp = emitDnsMessage({ ...query('a', 1, 3), flags: 0x8180 });
    expect(onClientQuery(newForwarder({ upstreams: [upstream] }), app, resp, t0).effects).toEqual([]);
  });

  it('dispatches events through forwarderStep like the handlers', () => {
    const f = newForwarder({ upstreams: [upstream] });
    const q = emitDnsMessage(query('www.its.ac.id', 1, 1));
    const a = forwarderStep(f, { kind: 'client-query', client: app, payload: q }, t0);
    expect(a).toEqual(onClientQuery(f, app, q, t0));
    expect(forwarderStep(a.state, { kind: 'upstream-timer', exchange: 0 }, t0 + 4 * S)).toEqual(onUpstreamTimer(a.state, 0, t0 + 4 * S));
    expect(forwarderStep(a.state, { kind: 'upstream-error', exchange: 0 }, t0)).toEqual(onUpstreamError(a.state, 0, t0));
    const up = resolverAnswer(q);
    expect(forwarderStep(a.state, { kind: 'upstream-datagram', exchange: 0, payload: up }, t0)).toEqual(onUpstreamDatagram(a.state, 0, up, t0));
  });
});
