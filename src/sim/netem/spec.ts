/**
 * A netem qdisc's settings as the kernel holds them (net/sched/sch_netem.c's
 * netem_sched_data after netem_change): probabilities as u32 fractions of 2^32 − 1, times in
 * nanoseconds, the rate in bytes per second. parse.ts makes one from tc's syntax.
 */
import type { DistName } from './dist.ts';

/** A probability as the kernel compares it: 0 never, 0xffffffff always. */
export type Prob32 = number;

/** 100% as tc sends it (q_netem.c's max_percent_value) */
export const PROB_ALWAYS: Prob32 = 0xffffffff;

/** tc's set_percent: a fraction in [0, 1] as a u32 */
export const toProb32 = (fraction: number): Prob32 => Math.round(Math.min(1, Math.max(0, fraction)) * PROB_ALWAYS);

export type LossModel =
  | { readonly kind: 'random'; readonly p: Prob32; readonly corr: Prob32 }
  /** Gilbert-Elliot: p good→bad, r bad→good, h = 1 − (loss in bad), k1 = loss in good */
  | { readonly kind: 'gemodel'; readonly p: Prob32; readonly r: Prob32; readonly h: Prob32; readonly k1: Prob32 }
  /** the 4-state GI model's transition probabilities */
  | { readonly kind: 'state'; readonly p13: Prob32; readonly p31: Prob32; readonly p32: Prob32; readonly p23: Prob32; readonly p14: Prob32 };

export interface SlotSpec {
  /** uniform slot spacing in [min, max], ns (when `dist` is null) */
  readonly min: number;
  readonly max: number;
  /** a distribution for the spacing instead: mean `distDelay`, deviation `distJitter` */
  readonly dist: DistName | null;
  readonly distDelay: number;
  readonly distJitter: number;
  /** packets and bytes one slot may carry; Infinity: no bound */
  readonly packets: number;
  readonly bytes: number;
}

export interface NetemSpec {
  /** packets the qdisc may hold (tc's default 1000) */
  readonly limit: number;
  readonly latency: number;
  readonly jitter: number;
  readonly delayCorr: Prob32;
  /** null: uniform jitter (the kernel's default when no table is loaded) */
  readonly dist: DistName | null;
  readonly loss: LossModel | null;
  readonly duplicate: Prob32;
  readonly dupCorr: Prob32;
  readonly corrupt: Prob32;
  readonly corruptCorr: Prob32;
  readonly reorder: Prob32;
  readonly reorderCorr: Prob32;
  /** 0: no reordering */
  readonly gap: number;
  /** bytes per second; 0: no rate limit */
  readonly rate: number;
  readonly packetOverhead: number;
  readonly cellSize: number;
  readonly cellOverhead: number;
  readonly slot: SlotSpec | null;
}

export const NETEM_DEFAULTS: NetemSpec = {
  limit: 1000,
  latency: 0,
  jitter: 0,
  delayCorr: 0,
  dist: null,
  loss: null,
  duplicate: 0,
  dupCorr: 0,
  corrupt: 0,
  corruptCorr: 0,
  reorder: 0,
  reorderCorr: 0,
  gap: 0,
  rate: 0,
  packetOverhead: 0,
  cellSize: 0,
  cellOverhead: 0,
  slot: null,
};
