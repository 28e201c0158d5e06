/**
 * Python's socket object on Linux, over the `Syscalls` of a simulated host. Blocking follows
 * CPython's Modules/socketmodule.c: every call is the non-blocking kernel call, and when it
 * would block the socket polls the fd (with the remaining timeout in timeout mode) and tries
 * again. A timeout raises TimeoutError('timed out'); kernel errors raise the OSError subclass
 * for their errno.
 */
import { EAGAIN, EINPROGRESS, EINVAL, EBADF } from '../errno.ts';
import { POLLERR, POLLHUP, POLLIN, POLLOUT, type TcpSockOpt } from '../kernel/tcp-services.ts';
import { formatIpv4Addr, parseIpv4Addr, type Ipv4Addr } from '../wire/addr.ts';
import type { Syscalls } from './syscalls.ts';
import { osError, timeoutError } from './errors.ts';
import type { Nanos } from '../nanos.ts';

export const AF_INET = 2;
export const SOCK_STREAM = 1;
export const SOCK_DGRAM = 2;
export const SOCK_RAW = 3;
export const SOL_SOCKET = 1;
export const SO_REUSEADDR = 2;
export const SO_SNDBUF = 7;
export const SO_RCVBUF = 8;
export const SO_KEEPALIVE = 9;
export const SO_ERROR = 4;
export const IPPROTO_IP = 0;
export const IPPROTO_ICMP = 1;
export const IPPROTO_TCP = 6;
export const IPPROTO_UDP = 17;
export const TCP_NODELAY = 1;
export const SHUT_RD = 0;
export const SHUT_WR = 1;
export const SHUT_RDWR = 2;
/** Python's listen() default: min(SOMAXCONN, 128) */
export const DEFAULT_BACKLOG = 128;

export type Address = readonly [host: string, port: number];

function reprAddr(a: Address): string {
  return `('${a[0]}', ${a[1]})`;
}

/** Turns a host string into an address; resolves names (the DNS-aware resolver does traffic). */
export type HostResolver = (host: string) => Promise<Ipv4Addr>;

const SOCKOPT: Readonly<Record<string, TcpSockOpt>> = {
  [`${SOL_SOCKET}:${SO_REUSEADDR}`]: 'SO_REUSEADDR',
  [`${SOL_SOCKET}:${SO_SNDBUF}`]: 'SO_SNDBUF',
  [`${SOL_SOCKET}:${SO_RCVBUF}`]: 'SO_RCVBUF',
  [`${SOL_SOCKET}:${SO_KEEPALIVE}`]: 'SO_KEEPALIVE',
  [`${IPPROTO_TCP}:${TCP_NODELAY}`]: 'TCP_NODELAY',
};

export class PySocket {
  /** seconds, or null for blocking mode (Python's None) */
  private timeout: number | null;
  private closed = false;

  constructor(
    private readonly sys: Syscalls,
    readonly fd: number,
    readonly type: number,
    private readonly resolve: HostResolver,
    defaultTimeout: number | null,
  ) {
    this.timeout = defaultTimeout;
  }

  private get kernel() {
    return this.sys.kernel;
  }

  private get id(): number {
    const f = this.kernel.fd(this.fd);
    if (!f || this.closed) throw osError(EBADF);
    return f.id;
  }

  fileno(): number {
    return this.closed ? -1 : this.fd;
  }

  settimeout(t: number | null): void {
    if (t !== null && t < 0) throw new RangeError('Timeout value out of range');
    this.timeout = t;
  }

  gettimeout(): number | null {
    return this.timeout;
  }

  setblocking(flag: boolean): void {
    this.timeout = flag ? null : 0;
  }

  private deadline(): Nanos | null {
    return this.timeout === null ? null : this.sys.now() + Math.round(this.timeout * 1e9);
  }

  /** Poll until `mask` is ready; TimeoutError past the deadline (or at once when non-blocking). */
  private async waitFor(mask: number, deadline: Nanos | null, what: string): Promise<void> {
    if (this.timeout === 0) throw osError(EAGAIN);
    const ready = await this.sys.wait(this.fd, mask, deadline, what);
    if (ready === 0) throw timeoutError();
  }

  private async addr(a: Address): Promise<[Ipv4Addr, number]> {
    const [host, port] = a;
    if (!Number.isInteger(port) || port < 0 || port > 65535) throw new RangeError('port must be 0-65535.');
    if (host === '' || host === '0.0.0.0') return [0, port];
    if (host === '<broadcast>') return [0xffffffff, port];
    const ip = parseIpv4Addr(host);
    return [ip ?? (await this.resolve(host)), port];
  }

  async bind(a: Address): Promise<void> {
    const [ip, port] = await this.addr(a);
    const r = this.type === SOCK_STREAM ? this.kernel.tcp.bind(this.id, ip, port) : this.kernel.udp.bind(this.id, ip, port);
    if (r < 0) throw osError(r);
  }

  listen(backlog = DEFAULT_BACKLOG): void {
    if (this.type !== SOCK_STREAM) throw osError(-95);
    const r = this.kernel.tcp.listen(this.id, backlog, this.sys.now());
    if (r < 0) throw osError(r);
  }

  async connect(a: Address): Promise<void> {
    const [ip, port] = await this.addr(a);
    if (this.type !== SOCK_STREAM) {
      const r = this.kernel.udp.connect(this.id, ip, port);
      if (r < 0) throw osError(r);
      return;
    }
    const r = this.kernel.tcp.connect(this.id, ip, port, this.sys.now());
    if (r < 0 && r !== -EINPROGRESS) throw osError(r);
    // CPython internal_connect: EINPROGRESS → wait for POLLOUT, then read SO_ERROR
    await this.waitFor(POLLOUT | POLLERR | POLLHUP, this.deadline(), `connect(${reprAddr(a)})`);
    const err = this.kernel.tcp.takeError(this.id);
    if (err) throw osError(err);
  }

  /** connect_ex(): the errno instead of an exception */
  async connect_ex(a: Address): Promise<number> {
    try {
      await this.connect(a);
      return 0;
    } catch (e) {
      if (e instanceof Error && 'errno' in e && typeof e.errno === 'number') return e.errno;
      throw e;
    }
  }

  async accept(): Promise<[PySocket, [string, number]]> {
    const deadline = this.deadline();
    for (;;) {
      const r = this.kernel.tcp.accept(this.id, this.sys.now());
      if (r >= 0) {
        const fd = this.kernel.addFd('tcp', r);
        const peer = this.kernel.tcp.peerName(r)!;
        return [new PySocket(this.sys, fd, SOCK_STREAM, this.resolve, null), [formatIpv4Addr(peer[0]), peer[1]]];
      }
      if (r !== -EAGAIN) throw osError(r);
      await this.waitFor(POLLIN | POLLERR, deadline, 'accept()');
    }
  }

  async send(data: Uint8Array): Promise<number> {
    const deadline = this.deadline();
    for (;;) {
      const r = this.sendOnce(data);
      if (r >= 0) return r;
      if (r !== -EAGAIN) throw osError(r);
      await this.waitFor(POLLOUT | POLLERR, deadline, `send(${data.length} bytes)`);
    }
  }

  private sendOnce(data: Uint8Array): number {
    if (this.type === SOCK_STREAM) return this.kernel.tcp.send(this.id, data, this.sys.now());
    if (this.type === SOCK_RAW) return -89; // EDESTADDRREQ: a raw socket here is never connected
    return this.kernel.udp.sendto(this.id, data, undefined, undefined, this.sys.now());
  }

  /** Python ≥ 3.5: the timeout bounds the whole call, not each send. */
  async sendall(data: Uint8Array): Promise<void> {
    const deadline = this.deadline();
    let off = 0;
    while (off < data.length) {
      const r = this.sendOnce(data.subarray(off));
      if (r > 0) {
        off += r;
        continue;
      }
      if (r !== -EAGAIN && r !== 0) throw osError(r);
      await this.waitFor(POLLOUT | POLLERR, deadline, `sendall(${data.length} bytes, ${off} sent)`);
    }
  }

  async recv(n: number): Promise<Uint8Array> {
    if (n < 0) throw new RangeError('negative buffersize in recv');
    if (this.type !== SOCK_STREAM) return (await this.recvfrom(n))[0];
    const deadline = this.deadline();
    for (;;) {
      const r = this.kernel.tcp.recv(this.id, n, this.sys.now());
      if (typeof r !== 'number') return r;
      if (r !== -EAGAIN) throw osError(r);
      await this.waitFor(POLLIN | POLLERR | POLLHUP, deadline, `recv(${n})`);
    }
  }

  async sendto(data: Uint8Array, a: Address): Promise<number> {
    const [ip, port] = await this.addr(a);
    if (this.type === SOCK_RAW) {
      const sent = this.kernel.out.sendRawIcmp(ip, data, this.sys.now());
      if (sent < 0) throw osError(sent);
      return sent;
    }
    const r = this.kernel.udp.sendto(this.id, data, ip, port, this.sys.now());
    if (r < 0) throw osError(r);
    return r;
  }

  async recvfrom(n: number): Promise<[Uint8Array, [string, number]]> {
    if (this.type === SOCK_STREAM) {
      const d = await this.recv(n);
      const peer = this.kernel.tcp.peerName(this.id);
      return [d, peer ? [formatIpv4Addr(peer[0]), peer[1]] : ['0.0.0.0', 0]];
    }
    const deadline = this.deadline();
    if (this.type === SOCK_RAW) {
      for (;;) {
        const r = this.kernel.raw.recv(this.id);
        if (typeof r !== 'number') return [r.packet.slice(0, n), [formatIpv4Addr(r.src), 0]];
        if (r !== -EAGAIN) throw osError(r);
        await this.waitFor(POLLIN, deadline, `recvfrom(${n})`);
      }
    }
    for (;;) {
      const r = this.kernel.udp.recvfrom(this.id, n);
      if (typeof r !== 'number') return [r.data.slice(), [formatIpv4Addr(r.src), r.srcPort]];
      if (r !== -EAGAIN) throw osError(r);
      await this.waitFor(POLLIN | POLLERR, deadline, `recvfrom(${n})`);
    }
  }

  shutdown(how: number): void {
    if (this.type !== SOCK_STREAM) return;
    const r = this.kernel.tcp.shutdown(this.id, how, this.sys.now());
    if (r < 0) throw osError(r);
  }

  close(): void {
    if (this.closed) return;
    this.kernel.closeFd(this.fd, this.sys.now());
    this.closed = true;
  }

  setsockopt(level: number, opt: number, value: number | boolean): void {
    const name = SOCKOPT[`${level}:${opt}`];
    if (!name) throw osError(-92); // ENOPROTOOPT
    const v = typeof value === 'boolean' ? (value ? 1 : 0) : value;
    if (this.type === SOCK_STREAM) {
      const r = this.kernel.tcp.setOption(this.id, name, v);
      if (r < 0) throw osError(r);
    } else if (name === 'SO_RCVBUF') this.kernel.udp.setRcvBuf(this.id, v, this.kernel.profile.rmemMax);
    else if (name === 'SO_REUSEADDR') this.kernel.udp.setReuseAddr(this.id, v !== 0);
  }

  getsockopt(level: number, opt: number): number {
    if (level === SOL_SOCKET && opt === SO_ERROR) {
      return this.type === SOCK_STREAM ? this.kernel.tcp.takeError(this.id) : this.kernel.udp.takeError(this.id);
    }
    const name = SOCKOPT[`${level}:${opt}`];
    if (!name || this.type !== SOCK_STREAM) throw osError(-EINVAL);
    return this.kernel.tcp.getOption(this.id, name);
  }

  getsockname(): [string, number] {
    const n = this.type === SOCK_STREAM ? this.kernel.tcp.localName(this.id) : this.kernel.udp.localName(this.id);
    return n ? [formatIpv4Addr(n[0]), n[1]] : ['0.0.0.0', 0];
  }

  getpeername(): [string, number] {
    const n = this.type === SOCK_STREAM ? this.kernel.tcp.peerName(this.id) : this.kernel.udp.peerName(this.id);
    if (!n) throw osError(-107); // ENOTCONN
    return [formatIpv4Addr(n[0]), n[1]];
  }

  /** repr(sock), as Python prints a socket object */
  toString(): string {
    const kind = this.type === SOCK_STREAM ? 'SocketKind.SOCK_STREAM' : 'SocketKind.SOCK_DGRAM';
    if (this.closed) return `<socket.socket [closed] fd=-1, family=2, type=${this.type}, proto=0>`;
    const [la, lp] = this.getsockname();
    return `<socket.socket fd=${this.fd}, family=AddressFamily.AF_INET, type=${kind}, proto=0, laddr=('${la}', ${lp})>`;
  }
}

