/**
 * glibc's stub resolver for one lookup, sans-IO: `startLookup`, then feed it datagrams,
 * socket errors and its timer; it answers with effects (open/send/close a UDP socket, arm
 * its one timer, report the result). It never reads a clock and draws no random numbers:
 * query ids come in as `ids`, the source port is whatever the kernel gives the socket.
 *
 * Order of work, from glibc (sysdeps/posix/getaddrinfo.c, resolv/res_send.c):
 * 1. A numeric host answers at once; then /etc/hosts (`hosts: files dns`): a match there
 *    answers with no DNS traffic at all.
 * 2. Queries: AF_INET → A, AF_INET6 → AAAA, AF_UNSPEC → A and AAAA, each with its own id
 *    (res_mkquery draws one per query), RD set, no EDNS OPT unless `options edns0`.
 * 3. __res_context_send: `for try < attempts: for ns < nscount: send_dg(ns)`.
 *    send_dg opens (once, kept across tries) a UDP socket per server and connects it, sends
 *    both queries back-to-back (sendmmsg) and polls until `timeout << ns` (divided by nscount
 *    for ns > 0) seconds after the send. A response counts if its id and question match a
 *    query (res_queriesmatch). SERVFAIL/NOTIMP/REFUSED count as that query failing; when
 *    every query is failed the next server is tried at once, without waiting.
 * 4. Timeout with nothing useful: next server / next try on the same socket (same port).
 *    Timeout after one of two answers: switch to single-request (A, wait, AAAA) and retry on
 *    the same socket; if that times out too, single-request-reopen (a new socket for A, and
 *    another new one for AAAA once A is answered); then give up on the missing answer.
 * 5. When all tries fail: EAI_AGAIN, `[Errno -3] Temporary failure in name resolution`.
 * Not modelled: TCP fallback on TC (a truncated answer counts as failed), search domains,
 * `rotate`. getaddrinfo's RFC 6724 sort of the result (::1 before 127.0.0.1) is the
 * caller's, as in glibc: ../dns/rfc6724.ts, applied by the glibc resolver.
 */
import { formatIpv4Addr, parseIpv4Addr } from '../wire/addr.ts';
import { canonicalName } from '../wire/dns/name.ts';
import { formatIpv6Addr, parseIpv6Addr } from '../wire/dns/ipv6.ts';
import { emitDnsMessage, parseDnsMessage, type DnsMessage } from '../wire/dns/message.ts';
import { DNS_RD } from '../wire/dns/flags.ts';
import { DnsType } from '../wire/dns/rdata.ts';
import type { Nanos } from '../nanos.ts';
import {
  AF_INET, AF_INET6, AF_UNSPEC, AI_CANONNAME, AI_NUMERICHOST, EAI_ADDRFAMILY, EAI_AGAIN, EAI_FAMILY, EAI_NODATA, EAI_NONAME,
  HOST_NOT_FOUND, NO_DATA, socketTuples, TRY_AGAIN, type AddrInfo,
} from './gai.ts';
import { lookupHosts, type HostsLine, type ResolvConf } from './resolv-conf.ts';
import { isServerFailure, readAnswer, type AnswerOutcome } from './stub-answer.ts';
import type { Endpoint, Step } from './step.ts';

const NS_PER_S = 1_000_000_000;
const DNS_PORT = 53;

export type LookupRequest =
  /** getaddrinfo(host, port, family, type, proto, flags); Python's gethostbyname is family AF_INET, port null */
  | { readonly kind: 'getaddrinfo'; readonly host: string; readonly port: number | null; readonly family: number; readonly type: number; readonly proto: number; readonly flags: number }
  /** gethostbyname_r(name): A only; Python's gethostbyname_ex calls it after a getaddrinfo(AF_INET) */
  | { readonly kind: 'gethostbyname_r'; readonly name: string }
  /** gethostbyaddr_r(address, AF_INET): /etc/hosts by address, then a PTR query for d.c.b.a.in-addr.arpa */
  | { readonly kind: 'gethostbyaddr'; readonly address: string };

export type LookupResult =
  | { readonly kind: 'addrinfo'; readonly list: readonly AddrInfo[] }
  | { readonly kind: 'hostent'; readonly name: string; readonly aliases: readonly string[]; readonly addresses: readonly string[] }
  /** negative EAI_* code: Python raises socket.gaierror */
  | { readonly kind: 'gaierror'; readonly code: number }
  /** h_errno: Python raises socket.herror */
  | { readonly kind: 'herror'; readonly code: number };

export type StubEffect =
  /** socket(AF_INET, SOCK_DGRAM|SOCK_NONBLOCK) + connect(remote): the kernel picks the port now */
  | { readonly kind: 'open'; readonly socket: number; readonly remote: Endpoint }
  /** send() on that connected socket; several in one step leave back-to-back (sendmmsg) */
  | { readonly kind: 'send'; readonly socket: number; readonly payload: Uint8Array }
  | { readonly kind: 'close'; readonly socket: number }
  /** the lookup's only timer (its poll deadline); arming again replaces it */
  | { readonly kind: 'arm'; readonly at: Nanos }
  | { readonly kind: 'disarm' }
  | { readonly kind: 'done'; readonly result: LookupResult };

export interface StubQuery { readonly id: number; readonly type: number; readonly payload: Uint8Array }

export interface Lookup {
  readonly request: LookupRequest;
  readonly conf: ResolvConf;
  readonly name: string;
  readonly queries: readonly StubQuery[];
  /** glibc's `try` and the nameserver index */
  readonly attempt: number;
  readonly ns: number;
  /** our socket number per nameserver, null when closed */
  readonly sockets: readonly (number | null)[];
  readonly nextSocket: number;
  readonly deadline: Nanos;
  /** queries sent in this round (send_dg call) */
  readonly sent: number;
  /** what each query got in this round; null: nothing yet */
  readonly outcomes: readonly (AnswerOutcome | null)[];
  /**
   * glibc sets RES_SNGLKUP / RES_SNGLKUPREOP in the thread's `_res` when it falls back, so
   * later lookups of the same process start that way: carry these into the next lookup's
   * conf as `singleRequest` / `singleRequestReopen`.
   */
  readonly singleRequest: boolean;
  readonly reopened: boolean;
  readonly finished: boolean;
}

type LookupStep = Step<Lookup, StubEffect>;

/** Python's gethostbyname(name): getaddrinfo(name, None, AF_INET); the result's first address. */
export const gethostbynameRequest = (name: string): LookupRequest =>
  ({ kind: 'getaddrinfo', host: name, port: null, family: AF_INET, type: 0, proto: 0, flags: 0 });

/** How many query ids a request may draw (pass at least this many in `ids`). */
export function idsNeeded(req: LookupRequest): number {
  return req.kind === 'getaddrinfo' && req.family === AF_UNSPEC ? 2 : 1;
}

/** Starts a lookup. `ids` are random 16-bit query ids drawn by the caller. */
export function startLookup(conf: ResolvConf, hosts: readonly HostsLine[], req: LookupRequest, ids: readonly number[], now: Nanos): LookupStep {
  const name = req.kind === 'getaddrinfo' ? req.host : req.kind === 'gethostbyaddr' ? reverseName(req.address) : req.name;
  const family = req.kind === 'getaddrinfo' ? req.family : AF_INET;
  const blank: Lookup = {
    request: req, conf, name, queries: [], attempt: 0, ns: 0, sockets: conf.nameservers.map(() => null),
    nextSocket: 0, deadline: now, sent: 0, outcomes: [], finished: false,
    singleRequest: conf.singleRequest || conf.singleRequestReopen === true, reopened: conf.singleRequestReopen === true,
  };
  const early = resolveLocally(req, hosts);
  if (early) return finish(blank, early);
  const types = req.kind === 'gethostbyaddr' ? [DnsType.PTR] : family === AF_INET ? [DnsType.A] : family === AF_INET6 ? [DnsType.AAAA] : [DnsType.A, DnsType.AAAA];
  if (ids.length < types.length) throw new Error(`startLookup needs ${types.length} query ids, got ${ids.length}`);
  const qname = name.replace(/\.$/, '');
  const queries = types.map((type, i) => ({ id: ids[i]!, type, payload: emitDnsMessage(queryMessage(ids[i]!, qname, type)) }));
  return beginRound({ ...blank, queries }, now);
}

/** resolv/inet_ntop + res_query: 172.16.16.102 → 102.16.16.172.in-addr.arpa */
export function reverseName(address: string): string {
  return `${address.split('.').reverse().join('.')}.in-addr.arpa`;
}

function queryMessage(id: number, name: string, type: number): DnsMessage {
  return { id, flags: DNS_RD, questions: [{ name, type, class: 1 }], answers: [], authorities: [], additionals: [] };
}

/** Everything answered without the network: bad arguments, numeric hosts, /etc/hosts. */
function resolveLocally(req: LookupRequest, hosts: readonly HostsLine[]): LookupResult | undefined {
  if (req.kind === 'gethostbyaddr') {
    // nss_files gethostbyaddr: the first line with this address (no `multi on`)
    const line = hosts.find((h) => h.address === req.address);
    return line ? { kind: 'hostent', name: line.names[0]!, aliases: line.names.slice(1), addresses: [req.address] } : undefined;
  }
  if (req.kind === 'gethostbyname_r') {
    if (parseIpv4Addr(req.name) !== undefined) return { kind: 'hostent', name: req.name, aliases: [], addresses: [req.name] };
    const h = lookupHosts(hosts, req.name, AF_INET);
    return h ? { kind: 'hostent', name: h.canonical, aliases: h.aliases, addresses: h.addresses.map((a) => a.address) } : undefined;
  }
  if (req.family !== AF_UNSPEC && req.family !== AF_INET && req.family !== AF_INET6) return { kind: 'gaierror', code: EAI_FAMILY };
  const tuples = socketTuples(req.type, req.proto);
  if (typeof tuples === 'number') return { kind: 'gaierror', code: tuples };
  const v4 = parseIpv4Addr(req.host);
  const v6 = v4 === undefined ? parseIpv6Addr(req.host) : undefined;
  if (v4 !== undefined || v6 !== undefined) {
    const fam = v4 !== undefined ? AF_INET : AF_INET6;
    if (req.family !== AF_UNSPEC && req.family !== fam) return { kind: 'gaierror', code: EAI_ADDRFAMILY };
    const text = v4 !== undefined ? formatIpv4Addr(v4) : formatIpv6Addr(v6!);
    return { kind: 'addrinfo', list: addrInfos(req, [{ family: fam, address: text }], text) };
  }
  if (req.flags & AI_NUMERICHOST) return { kind: 'gaierror', code: EAI_NONAME };
  const h = lookupHosts(hosts, req.host, req.family);
  return h ? { kind: 'addrinfo', list: addrInfos(req, h.addresses, h.canonical) } : undefined;
}

function addrInfos(req: LookupRequest & { kind: 'getaddrinfo' }, addrs: readonly { family: 2 | 10; address: string }[], canonical: string): AddrInfo[] {
  const tuples = socketTuples(req.type, req.proto) as { type: number; proto: number }[];
  const out: AddrInfo[] = [];
  for (const a of addrs) {
    for (const t of tuples) {
      const canonname = out.length === 0 && req.flags & AI_CANONNAME ? canonical : '';
      out.push({ family: a.family, type: t.type, proto: t.proto, canonname, address: a.address, port: req.port ?? 0 });
    }
  }
  return out;
}

/** One send_dg call: (re)open the server's socket if needed, send, arm the poll deadline. */
function beginRound(s: Lookup, now: Nanos, before: readonly StubEffect[] = []): LookupStep {
  const effects: StubEffect[] = [...before];
  const sockets = [...s.sockets];
  let nextSocket = s.nextSocket;
  if (sockets[s.ns] === null) {
    sockets[s.ns] = nextSocket++;
    effects.push({ kind: 'open', socket: sockets[s.ns]!, remote: { addr: s.conf.nameservers[s.ns]!, port: DNS_PORT } });
  }
  const count = s.conf.nameservers.length;
  let seconds = s.conf.timeoutSeconds << s.ns;
  if (s.ns > 0) seconds = Math.floor(seconds / count);
  if (seconds <= 0) seconds = 1;
  const deadline = now + seconds * NS_PER_S;
  const sent = s.singleRequest ? 1 : s.queries.length;
  for (const q of s.queries.slice(0, sent)) effects.push({ kind: 'send', socket: sockets[s.ns]!, payload: q.payload });
  effects.push({ kind: 'arm', at: deadline });
  return { state: { ...s, sockets, nextSocket, deadline, sent, outcomes: s.queries.map(() => null) }, effects };
}

/** A datagram arrived on one of the lookup's sockets. */
export function onLookupDatagram(s: Lookup, socket: number, payload: Uint8Array, now: Nanos): LookupStep {
  if (s.finished || socket !== s.sockets[s.ns]) return { state: s, effects: [] };
  if (payload.length < 12) return nextServer(s, now, true); // undersized: close_and_return_error
  const parsed = parseDnsMessage(payload);
  if (!parsed.ok) return { state: s, effects: [] };
  const m = parsed.value;
  const i = s.queries.findIndex((q, k) => k < s.sent && s.outcomes[k] === null && m.id === q.id && questionMatches(m, s.name, q.type));
  if (i < 0) return { state: s, effects: [] }; // spurious: keep waiting
  const failed = isServerFailure(m) || (m.flags & 0x0200) !== 0;
  const outcome: AnswerOutcome = failed ? { kind: 'failed' } : readAnswer(m, s.name, s.queries[i]!.type);
  if (failed && s.queries.length === 1) return nextServer(s, now, true);
  const outcomes = s.outcomes.map((o, k) => (k === i ? outcome : o));
  const next = { ...s, outcomes };
  if (outcomes.every((o) => o !== null) || (failed && s.outcomes.some((o) => o !== null))) return endRound(next, now);
  if (next.singleRequest && !failed && next.sent < next.queries.length) {
    const q = next.queries[next.sent]!;
    if (!next.reopened) return { state: { ...next, sent: next.sent + 1 }, effects: [{ kind: 'send', socket, payload: q.payload }] };
    // single-request-reopen: close and reopen the socket before the second query (a new port)
    const fresh = next.nextSocket;
    const sockets = next.sockets.map((x, k) => (k === next.ns ? fresh : x));
    return {
      state: { ...next, sent: next.sent + 1, sockets, nextSocket: fresh + 1 },
      effects: [
        { kind: 'close', socket },
        { kind: 'open', socket: fresh, remote: { addr: next.conf.nameservers[next.ns]!, port: DNS_PORT } },
        { kind: 'send', socket: fresh, payload: q.payload },
      ],
    };
  }
  return { state: next, effects: [] };
}

function questionMatches(m: DnsMessage, name: string, type: number): boolean {
  return m.questions.length === 1 && m.questions[0]!.type === type && m.questions[0]!.class === 1 &&
    canonicalName(m.questions[0]!.name) === canonicalName(name);
}

/** The socket reported an error (ICMP port unreachable → ECONNREFUSED): close and move on. */
export function onLookupSocketError(s: Lookup, socket: number, now: Nanos): LookupStep {
  if (s.finished || socket !== s.sockets[s.ns]) return { state: s, effects: [] };
  return nextServer(s, now, true);
}

/** The lookup's timer fired. Stale timers (before the current deadline) are ignored. */
export function onLookupTimer(s: Lookup, now: Nanos): LookupStep {
  if (s.finished || now < s.deadline) return { state: s, effects: [] };
  const useful = s.outcomes.some((o) => o !== null && o.kind !== 'failed');
  if (useful && s.outcomes.some((o) => o === null)) {
    if (!s.singleRequest) return beginRound({ ...s, singleRequest: true }, now);
    if (!s.reopened) {
      const closed = closeAll(s);
      return beginRound({ ...closed.state, reopened: true }, now, closed.effects);
    }
    return endRound({ ...s, outcomes: s.outcomes.map((o) => o ?? { kind: 'failed' }) }, now);
  }
  return nextServer(s, now, false);
}

/** Every query of the round has an outcome (or the rest are given up). */
function endRound(s: Lookup, now: Nanos): LookupStep {
  const outcomes = s.outcomes.map((o) => o ?? ({ kind: 'failed' } as const));
  if (outcomes.every((o) => o.kind === 'failed')) return nextServer(s, now, false);
  return finish(s, resultOf(s.request, outcomes));
}

function nextServer(s: Lookup, now: Nanos, close: boolean): LookupStep {
  const closed = close ? closeAll(s) : { state: s, effects: [] as StubEffect[] };
  let { ns, attempt } = closed.state;
  ns += 1;
  if (ns >= s.conf.nameservers.length) {
    ns = 0;
    attempt += 1;
  }
  if (attempt >= s.conf.attempts) {
    const failure: LookupResult = s.request.kind === 'getaddrinfo' ? { kind: 'gaierror', code: EAI_AGAIN } : { kind: 'herror', code: TRY_AGAIN };
    const done = finish(closed.state, failure);
    return { state: done.state, effects: [...closed.effects, ...done.effects] };
  }
  const round = beginRound({ ...closed.state, ns, attempt }, now);
  return { state: round.state, effects: [...closed.effects, ...round.effects] };
}

function closeAll(s: Lookup): LookupStep {
  const effects: StubEffect[] = s.sockets.filter((x): x is number => x !== null).map((socket) => ({ kind: 'close', socket }));
  return { state: { ...s, sockets: s.sockets.map(() => null) }, effects };
}

function finish(s: Lookup, result: LookupResult): LookupStep {
  const closed = closeAll(s);
  const effects: StubEffect[] = [...closed.effects];
  if (s.queries.length > 0) effects.push({ kind: 'disarm' });
  effects.push({ kind: 'done', result });
  return { state: { ...closed.state, finished: true }, effects };
}

/** glibc's verdict from the answers of one round (gaih_inet / gethostbyname_r). */
function resultOf(req: LookupRequest, outcomes: readonly AnswerOutcome[]): LookupResult {
  const found = outcomes.filter((o): o is AnswerOutcome & { kind: 'found' } => o.kind === 'found');
  if (req.kind === 'gethostbyname_r' || req.kind === 'gethostbyaddr') {
    const o = outcomes[0]!;
    if (o.kind === 'found') {
      // a PTR answer names the host; the address is the one asked about
      const addresses = req.kind === 'gethostbyaddr' ? [req.address] : o.addresses;
      return { kind: 'hostent', name: o.canonical, aliases: o.aliases, addresses };
    }
    return { kind: 'herror', code: o.kind === 'nxdomain' ? HOST_NOT_FOUND : o.kind === 'nodata' ? NO_DATA : TRY_AGAIN };
  }
  if (found.length > 0) {
    const addrs = found.flatMap((o) => o.addresses.map((address) => ({ family: (address.includes(':') ? AF_INET6 : AF_INET) as 2 | 10, address })));
    return { kind: 'addrinfo', list: addrInfos(req, addrs, found[0]!.canonical) };
  }
  if (outcomes.every((o) => o.kind === 'failed')) return { kind: 'gaierror', code: EAI_AGAIN };
  return { kind: 'gaierror', code: outcomes.some((o) => o.kind === 'nxdomain') ? EAI_NONAME : EAI_NODATA };
}

export type LookupEvent =
  | { readonly kind: 'datagram'; readonly socket: number; readonly payload: Uint8Array }
  | { readonly kind: 'timer' }
  | { readonly kind: 'socket-error'; readonly socket: number };

/** One entry point for a running lookup (the same as calling the three handlers). */
export function lookupStep(s: Lookup, event: LookupEvent, now: Nanos): LookupStep {
  switch (event.kind) {
    case 'datagram': return onLookupDatagram(s, event.socket, event.payload, now);
    case 'timer': return onLookupTimer(s, now);
    case 'socket-error': return onLookupSocketError(s, event.socket, now);
    default: return event satisfies never;
  }
}
