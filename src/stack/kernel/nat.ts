/**
 * The few NAT rules a lab machine has: Docker's embedded-DNS pair, installed in every
 * container's namespace (libnetwork resolver_unix.go setupIPTable):
 *   -t nat OUTPUT      -d 127.0.0.11 -p udp --dport 53     -j DNAT --to-destination 127.0.0.11:PORT
 *   -t nat POSTROUTING -s 127.0.0.11 -p udp --sport PORT   -j SNAT --to-source :53
 * Both act on locally generated packets before they reach the device, so a capture sees
 * the rewritten ports. Only UDP port rewrites are needed, so that is all this models.
 */
import type { Ipv4Addr } from '../wire/addr.ts';

export interface UdpPortNat {
  /** packets to addr:fromPort leave to addr:toPort; packets from addr:toPort leave from addr:fromPort */
  readonly addr: Ipv4Addr;
  readonly fromPort: number;
  readonly toPort: number;
}

export interface UdpFlow {
  src: Ipv4Addr;
  srcPort: number;
  dst: Ipv4Addr;
  dstPort: number;
}

export class NatTable {
  private readonly rules: UdpPortNat[] = [];

  addUdpPortRedirect(rule: UdpPortNat): void {
    this.rules.push(rule);
  }

  /** Rewrite a locally generated UDP flow in place (OUTPUT DNAT, then POSTROUTING SNAT). */
  rewriteUdpOutput(f: UdpFlow): void {
    for (const r of this.rules) {
      if (f.dst === r.addr && f.dstPort === r.fromPort) f.dstPort = r.toPort;
      if (f.src === r.addr && f.srcPort === r.toPort) f.srcPort = r.fromPort;
    }
  }

  get size(): number {
    return this.rules.length;
  }
}
