import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MESIN1_ETH0, progjarZone } from '../../../scenarios/progjar/zone.ts';
import {
  AF_INET, AF_INET6, AF_UNSPEC, AI_CANONNAME, formatGaiError, IPPROTO_TCP, IPPROTO_UDP, reprAddrInfoList, SOCK_STREAM,
} from '../../../src/stack/dns/gai.ts';
import { DOCKER_RESOLV_CONF, dockerHosts, type ResolvConf } from '../../../src/stack/dns/resolv-conf.ts';
import {
  gethostbynameRequest, idsNeeded, lookupStep, onLookupDatagram, onLookupSocketError, onLookupTimer, startLookup,
  type Lookup, type LookupRequest, type StubEffect,
} from '../../../src/stack/dns/stub.ts';
import { answerQuery } from '../../../src/stack/dns/zone-server.ts';
import { ipv4 } from '../../../src/stack/wire/addr.ts';
import { emitDnsMessage, parseDnsMessage, withRcode, type DnsMessage } from '../../../src/stack/wire/dns/index.ts';

const S = 1_000_000_000;
const hosts = dockerHosts('6224c1e163bd', MESIN1_ETH0);
const t0 = 1000 * S;
const getaddrinfo = (host: string, port: number | null, o: Partial<{ family: number; type: number; proto: number; flags: number }> = {}): LookupRequest =>
  ({ kind: 'getaddrinfo', host, port, family: o.family ?? AF_UNSPEC, type: o.type ?? 0, proto: o.proto ?? 0, flags: o.flags ?? 0 });

const sends = (effects: readonly StubEffect[]) =>
  effects.filter((e): e is StubEffect & { kind: 'send' } => e.kind === 'send').map((e) => parseDnsMessage(e.payload));
const queryOf = (e: StubEffect): DnsMessage => {
  const p = parseDnsMessage((e as { payload: Uint8Array }).payload);
  if (!p.ok) throw new Error('bad query');
  return p.value;
};
/** The upstream's answer to a query the stub sent, as the zone gives it to mesin1. */
const answer = (q: DnsMessage): Uint8Array => emitDnsMessage(answerQuery(progjarZone, q, ipv4(MESIN1_ETH0)));
const done = (effects: readonly StubEffect[]) => effects.find((e): e is StubEffect & { kind: 'done' } => e.kind === 'done')?.result;

describe('startLookup', () => {
  it('answers gethostbyname(hostname) from /etc/hosts with no DNS traffic', () => {
    const r = startLookup(DOCKER_RESOLV_CONF, hosts, gethostbynameRequest('6224c1e163bd'), [], t0);
    expect(r.effects.map((e) => e.kind)).toEqual(['done']);
    const res = done(r.effects);
    expect(res?.kind === 'addrinfo' && res.list.map((a) => [a.family, a.type, a.address])).toEqual([
      [AF_INET, 1, '172.20.0.3'], [AF_INET, 2, '172.20.0.3'], [AF_INET, 3, '172.20.0.3'],
    ]);
  });

  it('sends A then AAAA back-to-back from one socket to 127.0.0.11:53, each with its own id', () => {
    const r = startLookup(DOCKER_RESOLV_CONF, hosts, getaddrinfo('www.its.ac.id', 80, { proto: IPPROTO_TCP }), [0xdaa9, 0xf7a8], t0);
    expect(r.effects.map((e) => e.kind)).toEqual(['open', 'send', 'send', 'arm']);
    expect(r.effects[0]).toEqual({ kind: 'open', socket: 0, remote: { addr: ipv4('127.0.0.11'), port: 53 } });
    expect(r.effects[3]).toEqual({ kind: 'arm', at: t0 + 5 * S });
    const [a, aaaa] = [queryOf(r.effects[1]!), queryOf(r.effects[2]!)];
    expect([a.id, a.flags, a.questions, a.additionals]).toEqual([0xdaa9, 0x0100, [{ name: 'www.its.ac.id', type: 1, class: 1 }], []]);
    expect([aaaa.id, aaaa.questions[0]!.type]).toEqual([0xf7a8, 28]);
    expect((r.effects[1] as { payload: Uint8Array }).payload.length).toBe(31); // 75-byte frame on `any`
  });

  it('asks A only for gethostbyname and AAAA only for AF_INET6', () => {
    const a = startLookup(DOCKER_RESOLV_CONF, hosts, gethostbynameRequest('www.espnfc.com'), [1], t0);
    expect(sends(a.effects).map((p) => p.ok && p.value.questions[0]!.type)).toEqual([1]);
    const v6 = startLookup(DOCKER_RESOLV_CONF, hosts, getaddrinfo('www.its.ac.id', 80, { family: AF_INET6 }), [1], t0);
    expect(sends(v6.effects).map((p) => p.ok && p.value.questions[0]!.type)).toEqual([28]);
  });

  it('answers numeric hosts at once, with one tuple per socket type', () => {
    const r = startLookup(DOCKER_RESOLV_CONF, hosts, getaddrinfo('103.94.189.4', 80), [], t0);
    const res = done(r.effects);
    expect(res?.kind === 'addrinfo' && reprAddrInfoList(res.list)).toBe(
      "[(<AddressFamily.AF_INET: 2>, <SocketKind.SOCK_STREAM: 1>, 6, '', ('103.94.189.4', 80)), " +
      "(<AddressFamily.AF_INET: 2>, <SocketKind.SOCK_DGRAM: 2>, 17, '', ('103.94.189.4', 80)), " +
      "(<AddressFamily.AF_INET: 2>, <SocketKind.SOCK_RAW: 3>, 0, '', ('103.94.189.4', 80))]");
  });

  it('refuses bad families, socket types and family/address mismatches with glibc\'s codes', () => {
    const code = (req: LookupRequest) => (done(startLookup(DOCKER_RESOLV_CONF, hosts, req, [1, 2], t0).effects) as { code: number }).code;
    expect(code(getaddrinfo('x', 80, { family: 99 }))).toBe(-6);
    expect(code(getaddrinfo('x', 80, { type: SOCK_STREAM, proto: IPPROTO_UDP }))).toBe(-7);
    expect(code(getaddrinfo('103.94.189.4', 80, { family: AF_INET6 }))).toBe(-9);
    expect(code(getaddrinfo('www.its.ac.id', 80, { flags: 4 }))).toBe(-2);
  });
});

/** Runs a lookup against the progjar zone, answering every query in the order given. */
function resolve(req: LookupRequest, ids: number[], order: 'as-sent' | 'reversed' = 'as-sent') {
  let step = startLookup(DOCKER_RESOLV_CONF, hosts, req, ids, t0);
  const queries = step.effects.filter((e) => e.kind === 'send').map(queryOf);
  if (order === 'reversed') queries.reverse();
  let now = t0;
  const all = [...step.effects];
  for (const q of queries) {
    now += 1_000_000;
    step = onLookupDatagram(step.state, 0, answer(q), now);
    all.push(...step.effects);
  }
  return { state: step.state, effects: all, last: step.effects };
}

describe('a lookup against the lab resolver', () => {
  it('prints getaddrinfo(www.its.ac.id, 80, proto=IPPROTO_TCP) as the lab did', () => {
    const r = resolve(getaddrinfo('www.its.ac.id', 80, { proto: IPPROTO_TCP }), [0xdaa9, 0xf7a8]);
    expect(r.last.map((e) => e.kind)).toEqual(['close', 'disarm', 'done']);
    const res = done(r.last);
    expect(res?.kind === 'addrinfo' && reprAddrInfoList(res.list)).toBe(
      "[(<AddressFamily.AF_INET: 2>, <SocketKind.SOCK_STREAM: 1>, 6, '', ('103.94.189.4', 80))]");
  });

  it('waits for both answers, whichever comes first', () => {
    const r = resolve(getaddrinfo('www.its.ac.id', 80, { proto: IPPROTO_TCP }), [5, 6], 'reversed');
    expect(done(r.last)).toMatchObject({ kind: 'addrinfo', list: [{ address: '103.94.189.4' }] });
  });

  it('gives gethostbyname(www.espnfc.com) the first address of the chain', () => {
    const r = resolve(gethostbynameRequest('www.espnfc.com'), [0x4cba]);
    const res = done(r.last);
    expect(res?.kind === 'addrinfo' && res.list.map((a) => [a.type, a.address])).toEqual(
      [1, 2, 3].flatMap((t) => [[t, '52.13.202.65']]).concat(
        ['54.148.21.97', '35.161.94.202', '52.36.117.18', '44.226.85.140', '34.213.62.43'].flatMap((a) => [[1, a], [2, a], [3, a]])));
  });

  it('gives gethostbyname_r the canonical name and the chain as aliases', () => {
    const r = resolve({ kind: 'gethostbyname_r', name: 'www.espnfc.com' }, [7]);
    const res = done(r.last);
    expect(res?.kind === 'hostent' && [res.name.endsWith('.elb.amazonaws.com'), res.aliases.length, res.addresses[0]])
      .toEqual([true, 3, '52.13.202.65']);
    expect(res?.kind === 'hostent' && res.aliases[0]).toBe('www.espnfc.com');
  });

  it('puts the canonical name in the first tuple with AI_CANONNAME', () => {
    const r = resolve(getaddrinfo('www.its.ac.id', 80, { family: AF_INET, proto: IPPROTO_TCP, flags: AI_CANONNAME }), [9]);
    expect(done(r.last)).toMatchObject({ list: [{ canonname: 'www.its.ac.id' }] });
  });

  it('says [Errno -2] Name or service not known for the typo host', () => {
    const r = resolve(gethostbynameRequest('www.espnfc.cosm'), [3]);
    const res = done(r.last);
    expect(res).toEqual({ kind: 'gaierror', code: -2 });
    expect(formatGaiError(-2)).toBe('[Errno -2] Name or service not known');
  });

  it('says [Errno -5] when the name exists but has no address of the family', () => {
    const r = resolve(getaddrinfo('www.its.ac.id', 80, { family: AF_INET6 }), [3]);
    expect(done(r.last)).toEqual({ kind: 'gaierror', code: -5 });
  });
});

// Checked on real Linux (Debian glibc 2.36, Python 3, a network namespace, tcpdump):
// - nameserver silent: A and AAAA 21 µs apart from one port; both resent at +5.005 s from the
//   same port with the same ids; gaierror(-3) after 10.01 s.
// - nameserver answering SERVFAIL after 1 s: both resent at once (+1.017 s) on the same port
//   with the same ids; gaierror(-3) after 2.03 s.
// - NOERROR with no answers: [Errno -5] for AF_UNSPEC, AF_INET6 and gethostbyname;
//   NXDOMAIN: [Errno -2] for getaddrinfo and gethostbyname.
// - numeric hosts: STREAM/6, DGRAM/17, RAW/0 with the port; STREAM+UDP and type 9 → [Errno -7];
//   an IPv4 literal with AF_INET6 → [Errno -9].
describe('retries', () => {
  it('resends the same queries on the same socket after 5 s, gives up after 10 s with EAI_AGAIN', () => {
    const s0 = startLookup(DOCKER_RESOLV_CONF, hosts, getaddrinfo('www.its.ac.id', 80), [0x1111, 0x2222], t0);
    const s1 = onLookupTimer(s0.state, t0 + 5 * S);
    expect(s1.effects.map((e) => e.kind)).toEqual(['send', 'send', 'arm']);
    expect(s1.effects.slice(0, 2)).toEqual(s0.effects.slice(1, 3));
    expect(s1.effects[2]).toEqual({ kind: 'arm', at: t0 + 10 * S });
    const s2 = onLookupTimer(s1.state, t0 + 10 * S);
    expect(s2.effects).toEqual([{ kind: 'close', socket: 0 }, { kind: 'disarm' }, { kind: 'done', result: { kind: 'gaierror', code: -3 } }]);
    expect(formatGaiError(-3)).toBe('[Errno -3] Temporary failure in name resolution');
  });

  it('ignores a timer that fires before the deadline', () => {
    const s0 = startLookup(DOCKER_RESOLV_CONF, hosts, gethostbynameRequest('www.its.ac.id'), [1], t0);
    expect(onLookupTimer(s0.state, t0 + 4 * S).effects).toEqual([]);
  });

  it('ignores responses with another id, another question, or on another socket', () => {
    const s0 = startLookup(DOCKER_RESOLV_CONF, hosts, gethostbynameRequest('www.its.ac.id'), [1], t0);
    const q = queryOf(s0.effects[1]!);
    expect(onLookupDatagram(s0.state, 0, answer({ ...q, id: 2 }), t0).effects).toEqual([]);
    expect(onLookupDatagram(s0.state, 0, answer({ ...q, questions: [{ name: 'www.espnfc.com', type: 1, class: 1 }] }), t0).effects).toEqual([]);
    expect(onLookupDatagram(s0.state, 1, answer(q), t0).effects).toEqual([]);
    expect(onLookupDatagram(s0.state, 0, Uint8Array.of(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13), t0).effects).toEqual([]);
  });

  it('retries at once when Docker answers SERVFAIL for both queries, then gives EAI_AGAIN', () => {
    let st = startLookup(DOCKER_RESOLV_CONF, hosts, getaddrinfo('www.its.ac.id', 80), [1, 2], t0);
    const qs = st.effects.filter((e) => e.kind === 'send').map(queryOf);
    const servfail = (q: DnsMessage) => emitDnsMessage({ ...q, flags: withRcode(0x8180, 2) });
    st = onLookupDatagram(st.state, 0, servfail(qs[0]!), t0 + 4 * S);
    expect(st.effects).toEqual([]);
    st = onLookupDatagram(st.state, 0, servfail(qs[1]!), t0 + 4 * S);
    expect(st.effects.map((e) => e.kind)).toEqual(['send', 'send', 'arm']);
    expect(st.effects[2]).toEqual({ kind: 'arm', at: t0 + 9 * S });
    st = onLookupDatagram(st.state, 0, servfail(qs[0]!), t0 + 8 * S);
    st = onLookupDatagram(st.state, 0, servfail(qs[1]!), t0 + 8 * S);
    expect(done(st.effects)).toEqual({ kind: 'gaierror', code: -3 });
  });

  it('switches to single-request after a timeout with one of two answers', () => {
    let st = startLookup(DOCKER_RESOLV_CONF, hosts, getaddrinfo('www.its.ac.id', 80), [1, 2], t0);
    const [qa, qaaaa] = st.effects.filter((e) => e.kind === 'send').map(queryOf);
    st = onLookupDatagram(st.state, 0, answer(qa!), t0 + S / 100);
    st = onLookupTimer(st.state, t0 + 5 * S);
    expect(st.effects.map((e) => e.kind)).toEqual(['send', 'arm']);
    expect(queryOf(st.effects[0]!).id).toBe(1);
    st = onLookupDatagram(st.state, 0, answer(qa!), t0 + 5 * S + 1000);
    expect(st.effects.map((e) => e.kind)).toEqual(['send']);
    expect(queryOf(st.effects[0]!).id).toBe(2);
    st = onLookupDatagram(st.state, 0, answer(qaaaa!), t0 + 5 * S + 2000);
    expect(done(st.effects)).toMatchObject({ kind: 'addrinfo' });
  });

  it('then reopens: A on a new socket, AAAA on another once A is answered, and keeps A after 15 s', () => {
    // As glibc 2.36 did against a server that never answers AAAA: ports 41703 ×2, 49323, 40152; result at 15.02 s.
    let st = startLookup(DOCKER_RESOLV_CONF, hosts, getaddrinfo('www.its.ac.id', 80, { proto: IPPROTO_TCP }), [1, 2], t0);
    const [qa] = st.effects.filter((e) => e.kind === 'send').map(queryOf);
    const kinds: string[][] = [];
    const feedA = (at: number) => {
      st = onLookupDatagram(st.state, st.state.sockets[0]!, answer(qa!), at);
      kinds.push(st.effects.map((e) => (e.kind === 'send' ? `send ${queryOf(e).id}@${e.socket}` : e.kind === 'open' || e.kind === 'close' ? `${e.kind} ${e.socket}` : e.kind)));
    };
    feedA(t0 + 1000);
    st = onLookupTimer(st.state, t0 + 5 * S);
    feedA(t0 + 5 * S + 1000);
    st = onLookupTimer(st.state, t0 + 10 * S);
    kinds.push(st.effects.map((e) => (e.kind === 'send' ? `send ${queryOf(e).id}@${e.socket}` : e.kind === 'open' || e.kind === 'close' ? `${e.kind} ${e.socket}` : e.kind)));
    feedA(t0 + 10 * S + 1000);
    st = onLookupTimer(st.state, t0 + 15 * S);
    expect(kinds).toEqual([
      [], ['send 2@0'],
      ['close 0', 'open 1', 'send 1@1', 'arm'],
      ['close 1', 'open 2', 'send 2@2'],
    ]);
    expect(st.effects.map((e) => e.kind)).toEqual(['close', 'disarm', 'done']);
    expect(done(st.effects)).toMatchObject({ kind: 'addrinfo', list: [{ address: '103.94.189.4' }] });
  });

  it('with options single-request, sends AAAA only after A is answered', () => {
    const conf = { ...DOCKER_RESOLV_CONF, singleRequest: true };
    let st = startLookup(conf, hosts, getaddrinfo('www.its.ac.id', 80), [1, 2], t0);
    expect(st.effects.map((e) => e.kind)).toEqual(['open', 'send', 'arm']);
    st = onLookupDatagram(st.state, 0, answer(queryOf(st.effects[1]!)), t0 + 1000);
    expect(st.effects.map((e) => e.kind)).toEqual(['send']);
    expect(queryOf(st.effects[0]!).questions[0]!.type).toBe(28);
  });

  it('closes the socket on ICMP port unreachable and opens a new one for the next try', () => {
    let st = startLookup(DOCKER_RESOLV_CONF, hosts, gethostbynameRequest('www.its.ac.id'), [1], t0);
    st = onLookupSocketError(st.state, 0, t0 + 1000);
    expect(st.effects.map((e) => e.kind)).toEqual(['close', 'open', 'send', 'arm']);
    expect(st.effects[1]).toMatchObject({ kind: 'open', socket: 1 });
  });

  it('spaces the tries over two nameservers as glibc does: 5 s, then (5 << 1) / 2 s', () => {
    const conf: ResolvConf = { ...DOCKER_RESOLV_CONF, nameservers: [ipv4('10.0.0.1'), ipv4('10.0.0.2')] };
    let st = startLookup(conf, hosts, gethostbynameRequest('www.its.ac.id'), [1], t0);
    const arms: number[] = [];
    const opens: number[] = [];
    let now = t0;
    for (let i = 0; i < 5 && !st.state.finished; i++) {
      for (const e of st.effects) {
        if (e.kind === 'arm') arms.push((e.at - t0) / S);
        if (e.kind === 'open') opens.push(e.remote.addr);
      }
      now = st.state.deadline;
      st = onLookupTimer(st.state, now);
    }
    expect(arms).toEqual([5, 10, 15, 20]);
    expect(opens).toEqual([ipv4('10.0.0.1'), ipv4('10.0.0.2')]);
    expect(done(st.effects)).toEqual({ kind: 'gaierror', code: -3 });
  });
});

describe('lookupStep', () => {
  it('dispatches timer, datagram and socket-error events to their handlers', () => {
    const s0 = startLookup(DOCKER_RESOLV_CONF, hosts, gethostbynameRequest('www.its.ac.id'), [1], t0);
    expect(lookupStep(s0.state, { kind: 'timer' }, t0 + 5 * S)).toEqual(onLookupTimer(s0.state, t0 + 5 * S));
    expect(lookupStep(s0.state, { kind: 'socket-error', socket: 0 }, t0)).toEqual(onLookupSocketError(s0.state, 0, t0));
    const a = answer(queryOf(s0.effects[1]!));
    expect(lookupStep(s0.state, { kind: 'datagram', socket: 0, payload: a }, t0)).toEqual(onLookupDatagram(s0.state, 0, a, t0));
  });

  it('says how many ids a request draws', () => {
    expect([idsNeeded(getaddrinfo('x', 80)), idsNeeded(gethostbynameRequest('x')), idsNeeded({ kind: 'gethostbyname_r', name: 'x' })]).toEqual([2, 1, 1]);
  });
});

describe('stub properties', () => {
  const event = fc.oneof(
    fc.record({ kind: fc.constant('timer' as const), dt: fc.nat({ max: 6 * S }) }),
    fc.record({ kind: fc.constant('answer' as const), which: fc.nat({ max: 1 }), rcode: fc.constantFrom(0, 2, 3, 5), dt: fc.nat({ max: S }) }),
    fc.record({ kind: fc.constant('garbage' as const), bytes: fc.uint8Array({ maxLength: 40 }), dt: fc.nat({ max: S }) }),
    fc.record({ kind: fc.constant('error' as const), dt: fc.nat({ max: S }) }),
  );

  it('never throws, reports exactly one result, and finishes once its deadlines have passed', () => {
    fc.assert(fc.property(fc.array(event, { maxLength: 30 }), fc.boolean(), (events, unspec) => {
      const req = unspec ? getaddrinfo('www.its.ac.id', 80) : gethostbynameRequest('www.espnfc.com');
      let st: { state: Lookup; effects: readonly StubEffect[] } = startLookup(DOCKER_RESOLV_CONF, hosts, req, [11, 22], t0);
      let now = t0;
      let results = 0;
      const open = new Set<number>();
      const apply = (effects: readonly StubEffect[]) => {
        for (const e of effects) {
          if (e.kind === 'done') results++;
          if (e.kind === 'open') open.add(e.socket);
          if (e.kind === 'close') open.delete(e.socket);
        }
      };
      apply(st.effects);
      let sent = st.effects.filter((e) => e.kind === 'send').map(queryOf);
      for (const ev of events) {
        now += ev.dt;
        const sock = st.state.sockets[st.state.ns] ?? -1;
        if (ev.kind === 'timer') st = onLookupTimer(st.state, Math.max(now, st.state.deadline));
        else if (ev.kind === 'error') st = onLookupSocketError(st.state, sock, now);
        else if (ev.kind === 'garbage') st = onLookupDatagram(st.state, sock, ev.bytes, now);
        else {
          const q = sent[ev.which % sent.length];
          if (q) st = onLookupDatagram(st.state, sock, emitDnsMessage({ ...answerQuery(progjarZone, q, ipv4(MESIN1_ETH0)), flags: withRcode(0x8180, ev.rcode) }), now);
        }
        apply(st.effects);
        const more = st.effects.filter((e) => e.kind === 'send').map(queryOf);
        if (more.length > 0) sent = more;
      }
      for (let i = 0; i < 10 && !st.state.finished; i++) {
        st = onLookupTimer(st.state, st.state.deadline);
        apply(st.effects);
      }
      expect(st.state.finished).toBe(true);
      expect(results).toBe(1);
      expect(open.size).toBe(0);
    }), { numRuns: 300 });
  });
});

describe('gethostbyaddr', () => {
  const byAddr = (address: string): LookupRequest => ({ kind: 'gethostbyaddr', address });

  it('answers from /etc/hosts by address with no traffic: 127.0.0.1 is localhost, eth0 the hostname', () => {
    expect(done(startLookup(DOCKER_RESOLV_CONF, hosts, byAddr('127.0.0.1'), [1], t0).effects)).toEqual({ kind: 'hostent', name: 'localhost', aliases: [], addresses: ['127.0.0.1'] });
    expect(done(startLookup(DOCKER_RESOLV_CONF, hosts, byAddr(MESIN1_ETH0), [1], t0).effects)).toEqual({ kind: 'hostent', name: '6224c1e163bd', aliases: [], addresses: [MESIN1_ETH0] });
  });

  it('otherwise asks PTR d.c.b.a.in-addr.arpa: NXDOMAIN is h_errno 1 (Unknown host), an answer names the host', () => {
    const start = startLookup(DOCKER_RESOLV_CONF, hosts, byAddr('172.16.16.102'), [0x4242], t0);
    const q = queryOf(start.effects.find((e) => e.kind === 'send')!);
    expect(q.questions).toEqual([{ name: '102.16.16.172.in-addr.arpa', type: 12, class: 1 }]);
    const nx = onLookupDatagram(start.state, 0, answer(q), t0 + 1000);
    expect(done(nx.effects)).toEqual({ kind: 'herror', code: 1 });
    const ptr: DnsMessage = { ...q, flags: 0x8180, answers: [
      { name: q.questions[0]!.name, class: 1, ttl: 600, rdata: { kind: 'PTR', name: 'mesin2.progjar.' } },
      { name: q.questions[0]!.name, class: 1, ttl: 600, rdata: { kind: 'PTR', name: 'other.name.' } },
    ] };
    expect(done(onLookupDatagram(start.state, 0, emitDnsMessage(ptr), t0 + 1000).effects))
      .toEqual({ kind: 'hostent', name: 'mesin2.progjar', aliases: ['other.name'], addresses: ['172.16.16.102'] });
  });
});
