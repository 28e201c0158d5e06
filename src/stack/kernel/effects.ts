/**
 * What a kernel asks its caller (the simulator) to do. A kernel never performs I/O and never
 * reads a clock: its methods take `now` and append effects to `Kernel.effects`, which the
 * caller drains and carries out in order.
 */
import type { Nanos } from '../nanos.ts';

export type KernelEffect =
  /** Put a frame on interface `ifIndex` now. Ethernet framing, loopback too (zero MACs). */
  | { readonly kind: 'xmit'; readonly ifIndex: number; readonly frame: Uint8Array }
  /** Call `kernel.onTimer(token, at)` at time `at`. */
  | { readonly kind: 'timer'; readonly at: Nanos; readonly token: number };
