/**
 * Docker's embedded DNS server (moby daemon/libnetwork/resolver.go), sans-IO: a query from
 * a program arrives at 127.0.0.11:53, goes upstream, and the answer goes back to the program.
 *
 * What Docker does, from its source:
 * - The resolver listens on 127.0.0.11 at a random port (UDP and TCP) inside the container's
 *   network namespace; resolver_unix.go setupIPTable() installs, in that namespace,
 *     -t nat DOCKER_OUTPUT      -d 127.0.0.11 -p udp --dport 53   -j DNAT --to-destination 127.0.0.11:<port>
 *     -t nat DOCKER_POSTROUTING -s 127.0.0.11 -p udp --sport <port> -j SNAT --to-source :53
 *   so glibc talks to 127.0.0.11:53 and conntrack's reverse NAT makes every reply leave as
 *   127.0.0.11:53 → 127.0.0.1:<app port> (the app's source is 127.0.0.1, the `src` of the
 *   kernel's `local 127.0.0.0/8` route).
 * - It keeps the client's query id: the parsed query is written upstream as it came
 *   (dns.Client.ExchangeWithConn(query, ...)), and replies with other ids are skipped.
 * - Each forwarded query gets its own UDP socket, dialled from inside the container's
 *   namespace (ExecFunc → net.DialTimeout), so it leaves from eth0's address via the default
 *   route, from a fresh ephemeral port. extIOTimeout = 4 s bounds the exchange.
 * - Upstreams are tried in order (at most 3); SERVFAIL or REFUSED, a timeout or an error
 *   moves to the next one; anything else (NOERROR, NXDOMAIN) is relayed with
 *   `resp.Compress = true`, i.e. re-packed with name compression. When no upstream answers,
 *   current Docker replies SERVFAIL (`new(dns.Msg).SetRcode(query, RcodeServerFailure)`);
 *   Docker before v24 sent nothing (`silentOnFailure`).
 * - Names of containers on the user-defined networks (a compose file's service names: mesin1)
 *   are answered by the resolver itself, never forwarded (serveDNS → handleIPQuery →
 *   Sandbox.ResolveName): an A record per address, TTL 600 (respTTL), the query's name as
 *   written, uncompressed, RA set (createRespMsg); AAAA for a name that has only IPv4 is an
 *   empty NOERROR answer (Network.ResolveName: the name exists). The address is the one on the
 *   container's first network in Endpoint.Less order, the network of its default route: eth0
 *   in the lab (`ForwarderConfig.names`).
 * - A PTR query for a container's address (on any of its networks) is answered the same way
 *   (handlePTRQuery → Sandbox.ResolveIP → Network.ResolveIP): `<container name>.<network
 *   name>.`, TTL 600, the query's name as written (`ForwarderConfig.pointers`); other PTR
 *   queries are forwarded.
 *
 * What a capture in the container shows, and why: on `any`, the query eth0 → upstream:53
 * and its answer; on `lo`, the app's query goes out already DNATed to 127.0.0.11:<port>, a
 * port Wireshark does not decode as DNS (so a `dns` display filter hides it), while the
 * relayed answer is from port 53 and shows as "Standard query response" with the client's
 * id — the same id as the upstream exchange, as in the student's table. That table prints
 * the relay's addresses as 127.0.0.1 → 127.0.0.1; the NAT rules above give 127.0.0.11 →
 * 127.0.0.1, and a reply from 127.0.0.1:53 would not even match glibc's socket connected to
 * 127.0.0.11:53. `replyFrom` defaults to Docker's address; LAB_TABLE_REPLY_FROM is there for
 * a scenario that wants to print the table's address instead.
 */
import { ipv4, type Ipv4Addr } from '../wire/addr.ts';
import { u16 } from '../wire/bytes.ts';
import { DNS_CD, DNS_OPCODE_MASK, DNS_QR, DNS_RA, DNS_RD, Rcode } from '../wire/dns/flags.ts';
import { emitDnsMessage, parseDnsMessage, type DnsMessage, type DnsRecord } from '../wire/dns/message.ts';
import { DNS_CLASS_IN, DnsType } from '../wire/dns/rdata.ts';
import type { Nanos } from '../nanos.ts';
import type { Endpoint, Step } from './step.ts';

/** libnetwork resolver.go: extIOTimeout = 4 * time.Second */
export const DOCKER_EXT_IO_TIMEOUT_NS: Nanos = 4_000_000_000;
/** libnetwork resolver.go: maxExtDNS = 3 */
export const DOCKER_MAX_EXT_DNS = 3;

export const DOCKER_DNS_LISTEN: Endpoint = { addr: ipv4('127.0.0.11'), port: 53 };
/** The source address the student's table prints for the relayed answer (see the header). */
export const LAB_TABLE_REPLY_FROM: Endpoint = { addr: ipv4('127.0.0.1'), port: 53 };

export interface ForwarderConfig {
  /** the upstream servers from the host's resolv.conf, in order: the lab's [10.255.255.254] */
  readonly upstreams: readonly Ipv4Addr[];
  /** where replies to the program come from, after the NAT (default 127.0.0.11:53) */
  readonly replyFrom?: Endpoint;
  /** Docker < 24 said nothing when every upstream failed; current Docker says SERVFAIL */
  readonly silentOnFailure?: boolean;
  /** names answered locally (lower case, no trailing dot) and their IPv4 addresses */
  readonly names?: ReadonlyMap<string, readonly Ipv4Addr[]>;
  /** PTR answers: an address's in-addr.arpa name (lower case, no trailing dot) → `<container>.<network>` */
  readonly pointers?: ReadonlyMap<string, string>;
}

export interface Exchange {
  readonly client: Endpoint;
  readonly query: DnsMessage;
  /** index into `upstreams` of the server being asked */
  readonly upstream: number;
}

export interface Forwarder {
  readonly config: ForwarderConfig;
  readonly exchanges: ReadonlyMap<number, Exchange>;
  readonly nextExchange: number;
}

export type ForwarderEffect =
  /** dial UDP to `remote` from the container's namespace: the kernel picks eth0's address and a port */
  | { readonly kind: 'open'; readonly exchange: number; readonly remote: Endpoint }
  | { readonly kind: 'send'; readonly exchange: number; readonly payload: Uint8Array }
  | { readonly kind: 'close'; readonly exchange: number }
  | { readonly kind: 'arm'; readonly exchange: number; readonly at: Nanos }
  | { readonly kind: 'disarm'; readonly exchange: number }
  /** a datagram to the program, as it leaves lo after the NAT */
  | { readonly kind: 'reply'; readonly from: Endpoint; readonly to: Endpoint; readonly payload: Uint8Array };

type FwdStep = Step<Forwarder, ForwarderEffect>;

export function newForwarder(config: ForwarderConfig): Forwarder {
  return { config: { ...config, upstreams: config.upstreams.slice(0, DOCKER_MAX_EXT_DNS) }, exchanges: new Map(), nextExchange: 0 };
}

const replyFrom = (f: Forwarder): Endpoint => f.config.replyFrom ?? DOCKER_DNS_LISTEN;

/** A program's query arrived at 127.0.0.11:53 from `client`. */
export function onClientQuery(f: Forwarder, client: Endpoint, payload: Uint8Array, now: Nanos): FwdStep {
  if (payload.length < 12 || (payload[2]! & 0x80) !== 0) return { state: f, effects: [] }; // miekg: drop crap and responses
  const parsed = parseDnsMessage(payload);
  if (!parsed.ok || u16(payload, 4) !== 1) {
    const formerr: DnsMessage = {
      id: u16(payload, 0), flags: DNS_QR | Rcode.FORMERR, questions: [], answers: [], authorities: [], additionals: [],
    };
    return { state: f, effects: [{ kind: 'reply', from: replyFrom(f), to: client, payload: emitDnsMessage(formerr) }] };
  }
  const local = localAnswer(f, parsed.value);
  if (local) return { state: f, effects: [{ kind: 'reply', from: replyFrom(f), to: client, payload: emitDnsMessage(local, { compress: false }) }] };
  if (f.config.upstreams.length === 0) return failAll(f, client, parsed.value);
  const exchange = f.nextExchange;
  const ex: Exchange = { client, query: parsed.value, upstream: 0 };
  return dial({ ...f, nextExchange: exchange + 1 }, exchange, ex, now, []);
}

/** libnetwork respTTL: the TTL of the resolver's own answers */
export const DOCKER_LOCAL_TTL = 600;

/** A and AAAA queries for a container name, PTR for its address: the resolver's own answer (see the header). */
function localAnswer(f: Forwarder, query: DnsMessage): DnsMessage | null {
  const q = query.questions[0];
  if (!q) return null;
  const key = q.name.toLowerCase().replace(/\.$/, '');
  let answers: DnsRecord[];
  if (q.type === DnsType.PTR) {
    const target = f.config.pointers?.get(key);
    if (target === undefined) return null;
    answers = [{ name: q.name, class: DNS_CLASS_IN, ttl: DOCKER_LOCAL_TTL, rdata: { kind: 'PTR', name: target } }];
  } else if (q.type === DnsType.A || q.type === DnsType.AAAA) {
    const addresses = f.config.names?.get(key);
    if (!addresses) return null;
    answers = q.type === DnsType.A
      ? addresses.map((address): DnsRecord => ({ name: q.name, class: DNS_CLASS_IN, ttl: DOCKER_LOCAL_TTL, rdata: { kind: 'A', address } }))
      : [];
  } else return null;
  // createRespMsg(): the query's id, opcode, RD and CD; RA set
  const flags = DNS_QR | (query.flags & (DNS_OPCODE_MASK | DNS_RD | DNS_CD)) | DNS_RA;
  return { id: query.id, flags, questions: [q], answers, authorities: [], additionals: [] };
}

function dial(f: Forwarder, exchange: number, ex: Exchange, now: Nanos, before: ForwarderEffect[]): FwdStep {
  const exchanges = new Map(f.exchanges);
  exchanges.set(exchange, ex);
  const remote = { addr: f.config.upstreams[ex.upstream]!, port: 53 };
  return {
    state: { ...f, exchanges },
    effects: [
      ...before,
      { kind: 'open', exchange, remote },
      { kind: 'send', exchange, payload: emitDnsMessage(ex.query, { compress: false }) },
      { kind: 'arm', exchange, at: now + DOCKER_EXT_IO_TIMEOUT_NS },
    ],
  };
}

/** A datagram arrived on an exchange's upstream socket. */
export function onUpstreamDatagram(f: Forwarder, exchange: number, payload: Uint8Array, now: Nanos): FwdStep {
  const ex = f.exchanges.get(exchange);
  if (!ex) return { state: f, effects: [] };
  if (payload.length >= 2 && u16(payload, 0) !== ex.query.id) return { state: f, effects: [] }; // skipped by miekg
  const parsed = parseDnsMessage(payload);
  if (!parsed.ok) return nextUpstream(f, exchange, ex, now);
  const rcode = parsed.value.flags & 0xf;
  if (rcode === Rcode.SERVFAIL || rcode === Rcode.REFUSED) return nextUpstream(f, exchange, ex, now);
  const done = forget(f, exchange);
  const reply: ForwarderEffect = { kind: 'reply', from: replyFrom(f), to: ex.client, payload: emitDnsMessage(parsed.value) };
  return { state: done.state, effects: [...done.effects, reply] };
}

/** The exchange's 4 s deadline passed. */
export function onUpstreamTimer(f: Forwarder, exchange: number, now: Nanos): FwdStep {
  const ex = f.exchanges.get(exchange);
  return ex ? nextUpstream(f, exchange, ex, now) : { state: f, effects: [] };
}

/** The upstream socket reported an error (ICMP unreachable): the exchange failed. */
export function onUpstreamError(f: Forwarder, exchange: number, now: Nanos): FwdStep {
  return onUpstreamTimer(f, exchange, now);
}

function forget(f: Forwarder, exchange: number): FwdStep {
  const exchanges = new Map(f.exchanges);
  exchanges.delete(exchange);
  return { state: { ...f, exchanges }, effects: [{ kind: 'disarm', exchange }, { kind: 'close', exchange }] };
}

function nextUpstream(f: Forwarder, exchange: number, ex: Exchange, now: Nanos): FwdStep {
  const closed = forget(f, exchange);
  const upstream = ex.upstream + 1;
  if (upstream < f.config.upstreams.length) {
    const next = closed.state.nextExchange;
    return dial({ ...closed.state, nextExchange: next + 1 }, next, { ...ex, upstream }, now, [...closed.effects]);
  }
  const failed = failAll(closed.state, ex.client, ex.query);
  return { state: failed.state, effects: [...closed.effects, ...failed.effects] };
}

/** miekg SetRcode(query, SERVFAIL): id, opcode, RD and CD copied, the question, QR, no RA. */
function failAll(f: Forwarder, client: Endpoint, query: DnsMessage): FwdStep {
  if (f.config.silentOnFailure) return { state: f, effects: [] };
  const flags = DNS_QR | (query.flags & (DNS_OPCODE_MASK | DNS_RD | DNS_CD)) | Rcode.SERVFAIL;
  const msg: DnsMessage = { id: query.id, flags, questions: query.questions.slice(0, 1), answers: [], authorities: [], additionals: [] };
  return { state: f, effects: [{ kind: 'reply', from: replyFrom(f), to: client, payload: emitDnsMessage(msg) }] };
}

export type ForwarderEvent =
  | { readonly kind: 'client-query'; readonly client: Endpoint; readonly payload: Uint8Array }
  | { readonly kind: 'upstream-datagram'; readonly exchange: number; readonly payload: Uint8Array }
  | { readonly kind: 'upstream-timer'; readonly exchange: number }
  | { readonly kind: 'upstream-error'; readonly exchange: number };

/** One entry point for the forwarder (the same as calling the four handlers). */
export function forwarderStep(f: Forwarder, event: ForwarderEvent, now: Nanos): FwdStep {
  switch (event.kind) {
    case 'client-query': return onClientQuery(f, event.client, event.payload, now);
    case 'upstream-datagram': return onUpstreamDatagram(f, event.exchange, event.payload, now);
    case 'upstream-timer': return onUpstreamTimer(f, event.exchange, now);
    case 'upstream-error': return onUpstreamError(f, event.exchange, now);
    default: return event satisfies never;
  }
}
