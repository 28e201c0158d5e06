/**
 * The DNS servers of a lab, as programs on simulated hosts:
 * - `zoneServer`: the upstream resolver (the lab's 10.255.255.254), answering from zone data
 *   on UDP port 53 after a configurable resolution delay.
 * - `dockerDns`: Docker's embedded DNS in every container: listens on 127.0.0.11 at an
 *   ephemeral port behind the NAT pair Docker installs (nat.ts), and forwards each query
 *   upstream from its own socket (forwarder.ts decides what to send).
 */
import type { ProgramContext } from '../socket/context.ts';
import type { Syscalls } from '../socket/syscalls.ts';
import { POLLERR, POLLIN } from '../kernel/tcp-services.ts';
import { formatIpv4Addr, ipv4, type Ipv4Addr } from '../wire/addr.ts';
import { emitDnsMessage, parseDnsMessage } from '../wire/dns/message.ts';
import { answerQuery } from './zone-server.ts';
import type { Zone } from './zone.ts';
import { forwarderStep, newForwarder, DOCKER_DNS_LISTEN, type Forwarder, type ForwarderEffect, type ForwarderEvent } from './forwarder.ts';
import type { Nanos } from '../nanos.ts';

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
      await w.sleep(delay);
      await sock.sendto(answer, [host, port]);
    });
  }
};

export interface DockerDnsOptions {
  /** the host's nameservers (WSL2's 10.255.255.254) */
  readonly upstreams: readonly string[];
  /** Docker before v24 said nothing when every upstream failed */
  readonly silentOnFailure?: boolean;
}

export const dockerDns = (o: DockerDnsOptions) => async ({ socket, sys }: ProgramContext): Promise<void> => {
  const k = sys.kernel;
  const listen = socket.socket(socket.AF_INET, socket.SOCK_DGRAM);
  await listen.bind([formatIpv4Addr(DOCKER_DNS_LISTEN.addr), 0]);
  const [, port] = listen.getsockname();
  k.nat.addUdpPortRedirect({ addr: DOCKER_DNS_LISTEN.addr, fromPort: DOCKER_DNS_LISTEN.port, toPort: port });

  let state: Forwarder = newForwarder({ upstreams: o.upstreams.map(ipv4), silentOnFailure: o.silentOnFailure });
  const exchanges = new Map<number, { fd: number; deadline: Nanos | null }>();

  const feed = (event: ForwarderEvent, now: Nanos) => {
    const step = forwarderStep(state, event, now);
    state = step.state;
    for (const e of step.effects) apply(e, now);
  };
  const apply = (e: ForwarderEffect, now: Nanos) => {
    switch (e.kind) {
      case 'open': {
        const fd = k.openFd('udp');
        k.udp.connect(k.fd(fd)!.id, e.remote.addr, e.remote.port);
        exchanges.set(e.exchange, { fd, deadline: null });
        sys.spawn('dockerd-dns-exchange', (w) => exchangeWorker(w, e.exchange));
        return;
      }
      case 'send': {
        const x = exchanges.get(e.exchange);
        if (x) k.udp.sendto(k.fd(x.fd)!.id, e.payload, undefined, undefined, now);
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
        if (x) k.closeFd(x.fd, now);
        exchanges.delete(e.exchange);
        return;
      }
      case 'reply':
        k.udp.sendto(k.fd(listen.fileno())!.id, e.payload, e.to.addr, e.to.port, now);
        return;
    }
  };
  // one worker per upstream exchange, like the goroutine Docker runs for each query
  const exchangeWorker = async (w: Syscalls, exchange: number) => {
    for (let x = exchanges.get(exchange); x; x = exchanges.get(exchange)) {
      const ready = await w.wait(x.fd, POLLIN | POLLERR, x.deadline, 'dns exchange');
      if (!exchanges.has(exchange)) return;
      const id = k.fd(x.fd)!.id;
      if (ready === 0) feed({ kind: 'upstream-timer', exchange }, w.now());
      else if (k.udp.takeError(id)) feed({ kind: 'upstream-error', exchange }, w.now());
      else {
        const d = k.udp.recvfrom(id, 65536);
        if (typeof d !== 'number') feed({ kind: 'upstream-datagram', exchange, payload: d.data }, w.now());
      }
    }
  };
  for (;;) {
    const [data, [host, cport]] = await listen.recvfrom(65535);
    feed({ kind: 'client-query', client: { addr: ipv4(host) as Ipv4Addr, port: cport }, payload: data }, sys.now());
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
