/**
 * Send effects and their segments, reused from one step to the next. A caller that carries
 * out every effect of a step before it steps again with the same pool (layer.ts: the segment
 * is written into its frame during the call) lends one to tcpStep, and a bulk transfer's
 * segments then cost no allocation but their payload views. Without a pool (tcpStep's
 * default) every segment is an object of its own, which a caller may keep.
 */
import type { TcpSegmentInit } from '../wire/tcp.ts';
import { reusedTimestamps, type ReusedTimestamps, type TcpOption } from '../wire/tcp-options.ts';

export type ReusedSegment = { -readonly [K in keyof TcpSegmentInit]-?: TcpSegmentInit[K] };

export interface SendSlot {
  readonly effect: { readonly kind: 'send'; readonly seg: ReusedSegment; tw: boolean; ecn: number; clone: boolean };
  /** the slot's own NOP NOP TS list (options.ts segmentOptions' usual answer) */
  readonly timestamps: ReusedTimestamps;
}

const NO_OPTIONS: readonly TcpOption[] = [];
const NO_PAYLOAD = new Uint8Array(0);

export class SendPool {
  private readonly slots: SendSlot[] = [];
  private used = 0;

  /** a slot no segment of this step holds yet */
  take(): SendSlot {
    let slot = this.slots[this.used];
    if (!slot) {
      const seg: ReusedSegment = { srcPort: 0, dstPort: 0, seq: 0, ack: 0, flags: 0, window: 0, urgent: 0, options: NO_OPTIONS, payload: NO_PAYLOAD };
      slot = { effect: { kind: 'send', seg, tw: false, ecn: 0, clone: false }, timestamps: reusedTimestamps() };
      this.slots.push(slot);
    }
    this.used++;
    return slot;
  }

  /** The caller is done with every segment taken: all slots are free, and hold no payload. */
  reset(): void {
    for (let i = 0; i < this.used; i++) this.slots[i]!.effect.seg.payload = NO_PAYLOAD;
    this.used = 0;
  }
}
