/**
 * glibc's resolver as Python calls it: user-space code (libc, not kernel) over the thread's
 * system calls. It reads /etc/hosts and /etc/resolv.conf, runs the sans-IO stub
 * (../dns/stub.ts) for each lookup, and carries out its effects with UDP sockets through
 * socket/connect/send/recv/poll. Query ids come from getrandom(). Python's calls map onto glibc as CPython does (Modules/socketmodule.c):
 * gethostbyname → getaddrinfo(AF_INET); gethostbyname_ex → that, then gethostbyname_r.
 */
import { AF_INET, INADDR_LOOPBACK, MSG_DONTWAIT, POLLERR, POLLIN, SOCK_DGRAM, SOL_SOCKET, SO_ERROR } from '../abi/linux.ts';
import type { Syscalls } from '../syscall/api.ts';
import { AddrInfoList, type NameResolver } from './resolver.ts';
import { PyOSError } from './errors.ts';
import { parseIpv4Addr } from '../wire/addr.ts';
import { EAGAIN } from '../abi/errno.ts';
import { addrconfigFamily, AF_UNSPEC, unnamedHost, GAI_TEXT, HERROR_TEXT, HOST_NOT_FOUND } from '../dns/gai.ts';
import { sortDestinations } from '../dns/rfc6724.ts';
import { formatIpv6Addr, parseIpv6Addr } from '../wire/dns/ipv6.ts';
import { DOCKER_RESOLV_CONF, GLIBC_RES_DFLRETRY, GLIBC_RES_TIMEOUT_S, type HostsLine, type ResolvConf } from '../dns/resolv-conf.ts';
import { gethostbynameRequest, idsNeeded, lookupStep, startLookup, type Lookup, type LookupRequest, type LookupResult, type StubEffect } from '../dns/stub.ts';
import type { Nanos } from '../nanos.ts';

const decoder = new TextDecoder();

/** Parse /etc/hosts into lines (comments and blank lines dropped). */
export function parseHosts(text: string): HostsLine[] {
  return text.split('\n').flatMap((raw) => {
    const [address, ...names] = raw.replace(/#.*/, '').trim().split(/\s+/);
    return address && names.length ? [{ address, names }] : [];
  });
}

/** Parse /etc/resolv.conf: nameserver lines and `options timeout: attempts: ndots: single-request`. */
export function parseResolvConf(text: string): ResolvConf {
  const nameservers: number[] = [];
  let conf: ResolvConf = { ...DOCKER_RESOLV_CONF, nameservers: [], timeoutSeconds: GLIBC_RES_TIMEOUT_S, attempts: GLIBC_RES_DFLRETRY, ndots: 1 };
  for (const raw of text.split('\n')) {
    const [key, ...rest] = raw.replace(/[#;].*/, '').trim().split(/\s+/);
    if (key === 'nameserver' && rest[0]) {
      const a = parseIpv4Addr(rest[0]);
      if (a !== undefined && nameservers.length < 3) nameservers.push(a); // MAXNS = 3
    } else if (key === 'options') {
      for (const o of rest) {
        const [k, v] = o.split(':');
        if (k === 'timeout' && v) conf = { ...conf, timeoutSeconds: Math.min(30, Number(v)) };
        else if (k === 'attempts' && v) conf = { ...conf, attempts: Math.min(5, Number(v)) };
        else if (k === 'ndots' && v) conf = { ...conf, ndots: Number(v) };
        else if (k === 'single-request') conf = { ...conf, singleRequest: true };
        else if (k === 'single-request-reopen') conf = { ...conf, singleRequest: true, singleRequestReopen: true };
      }
    }
  }
  // no nameserver line: glibc asks the local host (INADDR_LOOPBACK)
  return { ...conf, nameservers: nameservers.length ? nameservers : [INADDR_LOOPBACK] };
}

function gaiError(code: number): PyOSError {
  return new PyOSError('socket.gaierror', code, GAI_TEXT[code] ?? `Unknown error ${code}`);
}

export class GlibcResolver implements NameResolver {
  /** glibc remembers a fallback to single-request for the rest of the process */
  private fallback = { singleRequest: false, reopened: false };

  constructor(private readonly sys: Syscalls) {}

  gethostname(): string {
    return this.sys.gethostname();
  }

  private file(path: string): string {
    const f = this.sys.files.get(path);
    return f ? decoder.decode(f) : '';
  }

  /** Run one lookup to its result, carrying out the stub's effects on real sockets. */
  async lookup(req: LookupRequest): Promise<LookupResult> {
    const sys = this.sys;
    const base = parseResolvConf(this.file('/etc/resolv.conf'));
    const conf: ResolvConf = {
      ...base,
      singleRequest: base.singleRequest || this.fallback.singleRequest,
      singleRequestReopen: base.singleRequestReopen || this.fallback.reopened,
    };
    const ids = Array.from({ length: idsNeeded(req) }, () => {
      const b = sys.getrandom(2);
      return (b[0]! << 8) | b[1]!;
    });
    const fds = new Map<number, number>();
    let deadline: Nanos | null = null;
    let step = startLookup(conf, parseHosts(this.file('/etc/hosts')), req, ids, sys.now());
    for (;;) {
      const done = await this.apply(step.effects, fds, (d) => (deadline = d));
      if (done) {
        const s = step.state as Lookup;
        this.fallback = { singleRequest: this.fallback.singleRequest || s.singleRequest, reopened: this.fallback.reopened || s.reopened };
        return done;
      }
      const s = step.state;
      const socket = s.sockets[s.ns];
      const fd = socket === null || socket === undefined ? undefined : fds.get(socket);
      const ready = await this.waitFor(fd, deadline);
      const now = sys.now();
      if (ready === 0) step = lookupStep(s, { kind: 'timer' }, now);
      else if (fd !== undefined) {
        const err = sys.getsockopt(fd, SOL_SOCKET, SO_ERROR);
        if (err) {
          step = lookupStep(s, { kind: 'socket-error', socket: socket! }, now);
          continue;
        }
        const d = await sys.recvfrom(fd, 65536, MSG_DONTWAIT);
        step = typeof d === 'number' ? (d === -EAGAIN ? step : lookupStep(s, { kind: 'socket-error', socket: socket! }, now))
          : lookupStep(s, { kind: 'datagram', socket: socket!, payload: d.data }, now);
      }
    }
  }

  /** poll(2) on the lookup's socket until the stub's deadline (send_dg's poll): the ready count, 0 on timeout */
  private async waitFor(fd: number | undefined, deadline: Nanos | null): Promise<number> {
    const sys = this.sys;
    const left = deadline === null ? -1 : Math.max(0, deadline - sys.now());
    if (fd === undefined) {
      await sys.nanosleep(left < 0 ? 0 : left);
      return 0;
    }
    sys.annotate('getaddrinfo()');
    try {
      // poll takes ms; the stub's deadlines are whole ms after a send, as glibc computes them
      return await sys.poll([{ fd, events: POLLIN | POLLERR, revents: 0 }], left < 0 ? -1 : left / 1e6);
    } finally {
      sys.annotate(null);
    }
  }

  /**
   * Carry out the stub's effects, each system call awaited (a program's CPU time is paid
   * before a call that may park). Queries that leave together go in one sendmmsg(), as
   * send_dg() sends A and AAAA: both are on the wire before the server can answer either.
   */
  private async apply(effects: readonly StubEffect[], fds: Map<number, number>, arm: (d: Nanos | null) => void): Promise<LookupResult | undefined> {
    const sys = this.sys;
    for (let i = 0; i < effects.length; i++) {
      const e = effects[i]!;
      switch (e.kind) {
        case 'open': {
          const fd = sys.socket(AF_INET, SOCK_DGRAM, 0);
          // a UDP connect never blocks: it only sets the peer (ip4_datagram_connect)
          await sys.connect(fd, { family: AF_INET, addr: e.remote.addr, port: e.remote.port });
          fds.set(e.socket, fd);
          break;
        }
        case 'send': {
          const batch = [e.payload];
          for (let next = effects[i + 1]; next?.kind === 'send' && next.socket === e.socket; next = effects[i + 1]) {
            batch.push(next.payload);
            i++;
          }
          const fd = fds.get(e.socket);
          if (fd === undefined) break;
          if (batch.length === 1) await sys.sendto(fd, e.payload, MSG_DONTWAIT, null);
          else await sys.sendmmsg(fd, batch.map((data) => ({ data, addr: null })), MSG_DONTWAIT);
          break;
        }
        case 'close': {
          const fd = fds.get(e.socket);
          if (fd !== undefined) sys.close(fd);
          fds.delete(e.socket);
          break;
        }
        case 'arm':
          arm(e.at);
          break;
        case 'disarm':
          arm(null);
          break;
        case 'done':
          return e.result;
      }
    }
    return undefined;
  }

  async getaddrinfo(host: string | null, port: number | null, family = AF_UNSPEC, type = 0, proto = 0, flags = 0): Promise<AddrInfoList> {
    const fam = addrconfigFamily(family, flags);
    if (fam < 0) throw gaiError(fam);
    if (host === null) {
      const list = unnamedHost(port, fam, type, proto, flags);
      if (typeof list === 'number') throw gaiError(list);
      return AddrInfoList.from(list) as AddrInfoList;
    }
    const r = await this.lookup({ kind: 'getaddrinfo', host, port, family: fam, type, proto, flags });
    if (r.kind === 'addrinfo') return AddrInfoList.from(sortDestinations(r.list)) as AddrInfoList;
    throw gaiError(r.kind === 'gaierror' ? r.code : -3);
  }

  async gethostbyname(name: string): Promise<string> {
    if (name === '') return '0.0.0.0';
    if (name === '<broadcast>') return '255.255.255.255';
    const r = await this.lookup(gethostbynameRequest(name));
    if (r.kind === 'addrinfo' && r.list.length) return r.list[0]!.address;
    throw gaiError(r.kind === 'gaierror' ? r.code : -3);
  }

  /**
   * gethostbyaddr(host): CPython's setipaddr turns a name into its first address (getaddrinfo),
   * then gethostbyaddr_r: /etc/hosts by address, then a PTR query (IPv4); socket.herror when
   * neither knows it. An IPv6 address is looked up in /etc/hosts only (no ip6.arpa query).
   */
  async gethostbyaddr(host: string): Promise<[string, string[], string[]]> {
    const address = parseIpv4Addr(host) !== undefined ? host : (await this.getaddrinfo(host, null))[0]!.address;
    const r = address.includes(':')
      ? this.hostsByAddress(address) ?? { kind: 'herror', code: HOST_NOT_FOUND }
      : await this.lookup({ kind: 'gethostbyaddr', address });
    if (r.kind === 'hostent') return [r.name, [...r.aliases], [...r.addresses]];
    const code = r.kind === 'herror' ? r.code : 2;
    throw new PyOSError('socket.herror', code, HERROR_TEXT[code] ?? 'Unknown host');
  }

  private hostsByAddress(address: string): LookupResult | undefined {
    const want = parseIpv6Addr(address);
    const same = (h: HostsLine) => {
      const a = parseIpv6Addr(h.address);
      return a !== undefined && want !== undefined && formatIpv6Addr(a) === formatIpv6Addr(want);
    };
    const line = parseHosts(this.file('/etc/hosts')).find(same);
    return line ? { kind: 'hostent', name: line.names[0]!, aliases: line.names.slice(1), addresses: [address] } : undefined;
  }

  async gethostbyname_ex(name: string): Promise<[string, string[], string[]]> {
    await this.gethostbyname(name);
    const r = await this.lookup({ kind: 'gethostbyname_r', name });
    if (r.kind === 'hostent') return [r.name, [...r.aliases], [...r.addresses]];
    const code = r.kind === 'herror' ? r.code : 2;
    throw new PyOSError('socket.herror', code, HERROR_TEXT[code] ?? 'Unknown host');
  }
}

