/**
 * The DNS servers of a lab, as programs on simulated hosts:
 * - `zoneServer`: the upstream resolver (the lab's 10.255.255.254), answering from zone data
 *   on UDP port 53 after a configurable resolution delay.
 * - `dockerDns`: Docker's embedded DNS in every container: listens on 127.0.0.11 at an
 *   ephemeral port behind the NAT pair Docker installs (nat.ts), and forwards each query
 *   upstream from its own socket (forwarder.ts decides what to send). It serves each query
 *   in its own goroutine and takes time to turn it around (DNS_FORWARD_NS, DNS_RELAY_NS), so
 *   glibc's A and AAAA (one sendmmsg) are both queued before the first goes upstream, as in
 *   test/fixtures/real/dns.
 */
import type { ProgramContext } from '../stack/socket/context.ts';
import type { Syscalls } from '../stack/syscall/api.ts';
import { AF_INET, MSG_DONTWAIT, POLLERR, POLLIN, SOCK_DGRAM, SOL_SOCKET, SO_ERROR } from '../stack/abi/linux.ts';
import { formatIpv4Addr, ipv4, type Ipv4Addr } from '../stack/wire/addr.ts';
import { emitDnsMessage, parseDnsMessage } from '../stack/wire/dns/message.ts';
import { answerQuery } from '../stack/dns/zone-server.ts';
import type { Zone } from '../stack/dns/zone.ts';
import { forwarderStep, newForwarder, DOCKER_DNS_LISTEN, type Forwarder, type ForwarderEffect, type ForwarderEvent } from '../stack/dns/forwarder.ts';
import type { Nanos } from '../stack/nanos.ts';

export interface ZoneServerOptions {
  /** how long the server takes to answer a query (its own recursion), by name; default 10 ms */
  readonly delay?: (qname: string) => Nanos;
}

/** The upstream resolver: one worker per query, so a slow name does not hold up the others. */
export const zoneServer = (zone: Zone, o: ZoneServerOptions = {}) => async ({ socket, sys }: ProgramContext): Promise<void> => {
  const sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM);
  await sock.bind(['0.0.0.0', 53]);
  for (;;) {
    const [data, [host, port]] = await sock.recvfrom(65535);
    const q = parseDnsMessage(data);
    if (!q.ok || q.value.questions.length === 0) continue;
    const answer = emitDnsMessage(answerQuery(zone, q.value, ipv4(host)));
    const delay = o.delay?.(q.value.questions[0]!.name) ?? 10_000_000;
    sys.spawn('named-worker', async (w) => {
      await w.nanosleep(delay);
      await sock.sendto(answer, [host, port]);
    });
  }
};

/**
 * How long the forwarder takes from a query's arrival to its upstream send (parse, a new
 * socket, connect, write) and from an upstream answer to the relay: the medians of the
 * namespace lab's forwarder (test/fixtures/real/dns/FACTS.md, dnsmasq 2.90: 38.6, 43.3 and
 * 90.3 µs for the first query of a lookup; relays 18.2–31.3 µs). Docker's own was not measured.
 */
export const DNS_FORWARD_NS: Nanos = 43_000;
export const DNS_RELAY_NS: Nanos = 29_000;

/** The daemon's own work: its thread is busy for `ns` (a CPU cost, as src/stack/syscall/cpu.ts pays one). */
async function busy(sys: Syscalls, ns: Nanos, what: string): Promise<void> {
  sys.annotate(`${what} [cpu]`);
  await sys.nanosleep(ns);
  sys.annotate(null);
}

export interface DockerDnsOptions {
  /** the host's nameservers (WSL2's 10.255.255.254) */
  readonly upstreams: readonly string[];
  /** Docker before v24 said nothing when every upstream failed */
  readonly silentOnFailure?: boolean;
  /** container names the resolver answers itself, with their addresses (the compose services) */
  readonly names?: Readonly<Record<string, string>>;
  /** PTR answers it gives itself: a container address (dotted quad) → `<container>.<network>` */
  readonly pointers?: Readonly<Record<string, string>>;
}

/** 172.20.0.4 → 4.0.20.172.in-addr.arpa */
const inAddrArpa = (dotted: string): string => `${dotted.split('.').reverse().join('.')}.in-addr.arpa`;

export const dockerDns = (o: DockerDnsOptions) => async ({ socket, sys }: ProgramContext): Promise<void> => {
  const listen = socket.socket(socket.AF_INET, socket.SOCK_DGRAM);
  await listen.bind([formatIpv4Addr(DOCKER_DNS_LISTEN.addr), 0]);
  const [, port] = listen.getsockname();
  sys.natRedirectUdp(DOCKER_DNS_LISTEN.addr, DOCKER_DNS_LISTEN.port, port);

  const names = new Map(Object.entries(o.names ?? {}).map(([n, a]) => [n.toLowerCase(), [ipv4(a)]]));
  const pointers = new Map(Object.entries(o.pointers ?? {}).map(([a, n]) => [inAddrArpa(a), n]));
  let state: Forwarder = newForwarder({ upstreams: o.upstreams.map(ipv4), silentOnFailure: o.silentOnFailure, names, pointers });
  const exchanges = new Map<number, { fd: number; deadline: Nanos | null }>();

  const feed = (event: ForwarderEvent, now: Nanos) => {
    const step = forwarderStep(state, event, now);
    state = step.state;
    for (const e of step.effects) apply(e, now);
  };
  const apply = (e: ForwarderEffect, now: Nanos) => {
    switch (e.kind) {
      case 'open': {
        const fd = sys.socket(AF_INET, SOCK_DGRAM, 0);
        void sys.connect(fd, { family: AF_INET, addr: e.remote.addr, port: e.remote.port }); // UDP: never blocks
        exchanges.set(e.exchange, { fd, deadline: null });
        sys.spawn('dockerd-dns-exchange', (w) => exchangeWorker(w, e.exchange));
        return;
      }
      case 'send': {
        const x = exchanges.get(e.exchange);
        if (x) void sys.sendto(x.fd, e.payload, MSG_DONTWAIT, null);
        return;
      }
      case 'arm':
      case 'disarm': {
        const x = exchanges.get(e.exchange);
        if (x) x.deadline = e.kind === 'arm' ? e.at : null;
        return;
      }
      case 'close': {
        const x = exchanges.get(e.exchange);
        if (x) sys.close(x.fd);
        exchanges.delete(e.exchange);
        return;
      }
      case 'reply':
        void sys.sendto(listen.fileno(), e.payload, MSG_DONTWAIT, { family: AF_INET, addr: e.to.addr, port: e.to.port });
        return;
    }
  };
  // one worker per upstream exchange, like the goroutine Docker runs for each query
  const exchangeWorker = async (w: Syscalls, exchange: number) => {
    for (let x = exchanges.get(exchange); x; x = exchanges.get(exchange)) {
      const timeoutMs = x.deadline === null ? -1 : Math.max(0, x.deadline - w.now()) / 1e6;
      w.annotate('dns exchange()');
      const ready = await w.poll([{ fd: x.fd, events: POLLIN | POLLERR, revents: 0 }], timeoutMs);
      w.annotate(null);
      if (!exchanges.has(exchange)) return;
      if (ready === 0) feed({ kind: 'upstream-timer', exchange }, w.now());
      else if (w.getsockopt(x.fd, SOL_SOCKET, SO_ERROR)) feed({ kind: 'upstream-error', exchange }, w.now());
      else {
        const d = await w.recvfrom(x.fd, 65536, MSG_DONTWAIT);
        if (typeof d === 'number') continue;
        await busy(w, DNS_RELAY_NS, 'dns relay');
        feed({ kind: 'upstream-datagram', exchange, payload: d.data }, w.now());
      }
    }
  };
  for (;;) {
    const [data, [host, cport]] = await listen.recvfrom(65535);
    // a goroutine per query (miekg/dns serveUDPPacket): the next query is read meanwhile
    sys.spawn('dockerd-dns-query', async (w) => {
      await busy(w, DNS_FORWARD_NS, 'dns forward');
      feed({ kind: 'client-query', client: { addr: ipv4(host) as Ipv4Addr, port: cport }, payload: data }, w.now());
    });
  }
};

/**
 * A resolver that is "switched off" the way a hung DNS service is: the host is up and its
 * port 53 is open (so no ICMP port unreachable comes back), but no answer ever leaves.
 */
export const unresponsiveServer = () => async ({ socket }: ProgramContext): Promise<void> => {
  const sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM);
  await sock.bind(['0.0.0.0', 53]);
  for (;;) await sock.recvfrom(65535);
};
