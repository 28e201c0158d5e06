/**
 * The three DNS pieces wired together the way a host wires them, with a small event loop in
 * place of the simulator: glibc's stub → Docker's forwarder on 127.0.0.11 → the resolver.
 */
import { describe, expect, it } from 'vitest';
import { MESIN1_ETH0, progjarZone } from '../../../scenarios/progjar/zone.ts';
import { newForwarder, onClientQuery, onUpstreamDatagram, onUpstreamTimer, type Forwarder, type ForwarderEffect } from '../../../src/stack/dns/forwarder.ts';
import { AF_UNSPEC, formatGaiError, IPPROTO_TCP, reprAddrInfoList } from '../../../src/stack/dns/gai.ts';
import { DOCKER_RESOLV_CONF, dockerHosts } from '../../../src/stack/dns/resolv-conf.ts';
import { gethostbynameRequest, onLookupDatagram, onLookupTimer, startLookup, type Lookup, type LookupRequest, type LookupResult, type StubEffect } from '../../../src/stack/dns/stub.ts';
import { answerQuery } from '../../../src/stack/dns/zone-server.ts';
import { ipv4 } from '../../../src/stack/wire/addr.ts';
import { emitDnsMessage, parseDnsMessage } from '../../../src/stack/wire/dns/index.ts';

const MS = 1_000_000;
const UPSTREAM_ONE_WAY = 5 * MS;
const LO = MS / 20;

interface Frame { readonly at: number; readonly iface: 'eth0' | 'lo'; readonly dns: number; readonly dir: 'query' | 'response' }

function run(req: LookupRequest, resolverUp: boolean) {
  type Ev = { at: number; seq: number; go: () => void };
  const queue: Ev[] = [];
  let seq = 0;
  const at = (t: number, go: () => void) => queue.push({ at: t, seq: seq++, go });
  const frames: Frame[] = [];
  let result: LookupResult | undefined;
  let resultAt = 0;
  let stub: Lookup;
  let fwd: Forwarder = newForwarder({ upstreams: [ipv4('10.255.255.254')] });
  const stubPort = (sock: number) => ({ addr: ipv4('127.0.0.1'), port: 40000 + sock });
  let stubTimer = -1;
  const fwdTimers = new Map<number, number>();

  const doStub = (effects: readonly StubEffect[], now: number) => {
    for (const e of effects) {
      if (e.kind === 'send') {
        frames.push({ at: now, iface: 'lo', dns: e.payload.length, dir: 'query' });
        const from = stubPort(e.socket);
        at(now + LO, () => doFwd(onClientQuery(fwd, from, e.payload, now + LO), now + LO));
      } else if (e.kind === 'arm') {
        const mine = ++stubTimer;
        at(e.at, () => { if (mine === stubTimer) doStub(step(onLookupTimer(stub, e.at)), e.at); });
      } else if (e.kind === 'disarm') stubTimer++;
      else if (e.kind === 'done') { result = e.result; resultAt = now; }
    }
  };
  const step = (s: { state: Lookup; effects: readonly StubEffect[] }) => { stub = s.state; return s.effects; };
  const doFwd = (s: { state: Forwarder; effects: readonly ForwarderEffect[] }, now: number) => {
    fwd = s.state;
    for (const e of s.effects) {
      if (e.kind === 'send') {
        frames.push({ at: now, iface: 'eth0', dns: e.payload.length, dir: 'query' });
        if (!resolverUp) continue;
        const p = parseDnsMessage(e.payload);
        if (!p.ok) throw new Error('bad query upstream');
        const answer = emitDnsMessage(answerQuery(progjarZone, p.value, ipv4(MESIN1_ETH0)));
        const back = now + 2 * UPSTREAM_ONE_WAY;
        at(back, () => {
          frames.push({ at: back, iface: 'eth0', dns: answer.length, dir: 'response' });
          doFwd(onUpstreamDatagram(fwd, e.exchange, answer, back), back);
        });
      } else if (e.kind === 'arm') {
        fwdTimers.set(e.exchange, e.at);
        at(e.at, () => { if (fwdTimers.get(e.exchange) === e.at) doFwd(onUpstreamTimer(fwd, e.exchange, e.at), e.at); });
      } else if (e.kind === 'disarm') fwdTimers.delete(e.exchange);
      else if (e.kind === 'reply') {
        frames.push({ at: now, iface: 'lo', dns: e.payload.length, dir: 'response' });
        const sock = e.to.port - 40000;
        at(now + LO, () => doStub(step(onLookupDatagram(stub, sock, e.payload, now + LO)), now + LO));
      }
    }
  };

  doStub(step(startLookup(DOCKER_RESOLV_CONF, dockerHosts('6224c1e163bd', MESIN1_ETH0), req, [0xdaa9, 0xf7a8], 0)), 0);
  for (let n = 0; queue.length > 0 && n < 1000; n++) {
    queue.sort((a, b) => a.at - b.at || a.seq - b.seq);
    queue.shift()!.go();
  }
  return { frames, result, resultAt };
}

const sll = (f: Frame) => 44 + f.dns;

describe('stub → Docker forwarder → resolver', () => {
  it('replays getaddrinfo(www.its.ac.id, 80, proto=TCP) with the lab\'s frames and output', () => {
    const r = run({ kind: 'getaddrinfo', host: 'www.its.ac.id', port: 80, family: AF_UNSPEC, type: 0, proto: IPPROTO_TCP, flags: 0 }, true);
    expect(r.frames.filter((f) => f.iface === 'eth0').map((f) => [f.dir, sll(f)])).toEqual([
      ['query', 75], ['query', 75], ['response', 91], ['response', 122],
    ]);
    expect(r.frames.filter((f) => f.iface === 'lo' && f.dir === 'response').map(sll)).toEqual([91, 122]);
    expect(r.result?.kind === 'addrinfo' && reprAddrInfoList(r.result.list)).toBe(
      "[(<AddressFamily.AF_INET: 2>, <SocketKind.SOCK_STREAM: 1>, 6, '', ('103.94.189.4', 80))]");
  });

  it('replays gethostbyname(www.espnfc.com): 76-byte query, 341-byte answer upstream and on lo', () => {
    const r = run(gethostbynameRequest('www.espnfc.com'), true);
    expect(r.frames.map((f) => [f.iface, f.dir, sll(f)])).toEqual([
      ['lo', 'query', 76], ['eth0', 'query', 76], ['eth0', 'response', 341], ['lo', 'response', 341],
    ]);
    expect(r.result).toMatchObject({ kind: 'addrinfo', list: [{ address: '52.13.202.65' }, {}, {}, {}, {}, {}, {}, {}, {}, {}, {}, {}, {}, {}, {}, {}, {}, {}] });
  });

  it('with the resolver off: upstream queries at 0 s and 4 s, SERVFAIL relayed, EAI_AGAIN at 8 s', () => {
    const r = run(gethostbynameRequest('www.its.ac.id'), false);
    expect(r.frames.filter((f) => f.iface === 'eth0').map((f) => Math.round(f.at / MS))).toEqual([0, 4000]);
    expect(r.frames.filter((f) => f.iface === 'lo' && f.dir === 'response').map((f) => Math.round(f.at / MS))).toEqual([4000, 8000]);
    expect(r.result?.kind === 'gaierror' && formatGaiError(r.result.code)).toBe('[Errno -3] Temporary failure in name resolution');
    expect(Math.round(r.resultAt / MS)).toBe(8000);
  });
});
