/**
 * Raw ICMP sockets (socket(AF_INET, SOCK_RAW, IPPROTO_ICMP)), as iputils ping opens them:
 * the program writes an ICMP message and the kernel adds the IP header; every ICMP packet
 * the host receives is copied, whole IP header included, to every raw ICMP socket
 * (raw_v4_input), and the program filters by its echo id.
 */
import { EAGAIN, EBADF } from '../abi/errno.ts';
import { POLLIN, POLLOUT } from '../abi/linux.ts';
import type { Ipv4Addr } from '../wire/addr.ts';
import type { Nanos } from '../nanos.ts';

export interface RawPacket {
  readonly src: Ipv4Addr;
  /** the whole IPv4 packet */
  readonly packet: Uint8Array;
  readonly at: Nanos;
}

export class RawIcmpLayer {
  private readonly sockets = new Map<number, RawPacket[]>();
  private nextId = 1;

  open(): number {
    const id = this.nextId++;
    this.sockets.set(id, []);
    return id;
  }

  input(src: Ipv4Addr, packet: Uint8Array, now: Nanos): void {
    if (this.sockets.size === 0) return;
    const copy = packet.slice();
    for (const q of this.sockets.values()) q.push({ src, packet: copy, at: now });
  }

  recv(id: number): RawPacket | number {
    const q = this.sockets.get(id);
    if (!q) return -EBADF;
    return q.shift() ?? -EAGAIN;
  }

  poll(id: number): number {
    const q = this.sockets.get(id);
    return (q && q.length ? POLLIN : 0) | POLLOUT;
  }

  close(id: number): void {
    this.sockets.delete(id);
  }
}
