/**
 * What a kernel asks its caller (the simulator) to do. A kernel never performs I/O and never
 * reads a clock: its methods take `now` and append effects to `Kernel.effects`, which the
 * caller drains and carries out in order.
 */
import type { Nanos } from '../nanos.ts';

export type KernelEffect =
  /** Put a frame on interface `ifIndex` now. Ethernet framing, loopback too (zero MACs). */
  | { readonly kind: 'xmit'; readonly ifIndex: number; readonly frame: Uint8Array }
  /**
   * A copy of a broadcast the host sent, looped back to itself (ip_mc_output →
   * dev_loopback_xmit): delivered to `kernel.onFrame(ifIndex, frame)` now, seen by no
   * capture (af_packet drops PACKET_LOOPBACK).
   */
  | { readonly kind: 'loop'; readonly ifIndex: number; readonly frame: Uint8Array }
  /** Call `kernel.onTimer(token, at)` at time `at`. */
  | { readonly kind: 'timer'; readonly at: Nanos; readonly token: number };
