/**
 * What the runner needs of a simulated host: one Linux host (192.168.0.1) on a link whose
 * other end is the runner, stepped in simulated time. The runner injects IPv4 packets at
 * script times, reads every packet the host sends, and runs the script's calls as threads
 * of a program on the host. host.ts builds one from a World.
 */
import type { Nanos } from '../stack/nanos.ts';
import type { RootQdisc } from '../stack/kernel/qdisc.ts';
import type { FdCalls, Syscalls } from '../stack/syscall/api.ts';

export interface SentFrame {
  readonly at: Nanos;
  /** the IPv4 packet (link header removed) */
  readonly packet: Uint8Array;
}

export interface HostDriver {
  now(): Nanos;
  /** Process every event due up to and including `t`, then leave the clock at `t`. */
  runUntil(t: Nanos): Promise<void>;
  /** The time of the next pending event (Infinity when none). */
  nextEventAt(): Nanos;
  /** Hand an IPv4 packet to the host's interface now, as if it came from the remote. */
  inject(packet: Uint8Array): void;
  /** IPv4 packets the host sent since the last call, oldest first. */
  takeSent(): SentFrame[];
  /** Set the device's root qdisc now (`tc qdisc …` mid-script): the host keeps running. */
  setQdisc(q: RootQdisc): void;
  /** `ethtool -K tun0 tso|gso off|on` mid-script: the device segments GSO packets itself (off) or not */
  setGso(on: boolean): void;
  /** The host's SNMP counters now (TCP's: stack/tcp/mib.ts), for `nstat`. */
  mib(): Readonly<Record<string, number>>;
  /** Start a thread of the script's program now. */
  spawn(name: string, body: (sys: Syscalls) => Promise<void>): void;
  /** The host's non-blocking calls, for reads between events (TCP_INFO for `%{ }%`). */
  readonly calls: FdCalls;
  /** The capture of the run so far (pcap bytes, both directions), for a failing script. */
  capture(): Uint8Array;
}
