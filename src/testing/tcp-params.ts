/**
 * The conditions of one simulated TCP run, as fast-check draws them. Every choice shrinks
 * toward the quiet machine: a 1460-byte MSS, Nagle on, default buffers, large reads with
 * no pauses, the Docker bridge's latency, no loss.
 */
import fc from 'fast-check';
import type { Nanos } from '../stack/nanos.ts';

export interface TcpParams {
  /** the run's World seed: ISNs, ports, timestamps and loss draws */
  readonly seed: number;
  /** the MSS both hosts advertise (their interface MTU is mss + 40); data per segment is mss − 12 with timestamps */
  readonly mss: number;
  /** the writer's Nagle algorithm (false: TCP_NODELAY) */
  readonly nagle: boolean;
  /** the writer's setsockopt(SO_SNDBUF) value, or null for Linux's autotuning (the kernel doubles it) */
  readonly sndBuf: number | null;
  /** the reader's setsockopt(SO_RCVBUF) value, or null (a small one shrinks the window the reader offers) */
  readonly rcvBuf: number | null;
  /** the sizes of the reader's first recv(n) calls, in turn */
  readonly recvSizes: readonly number[];
  /** the size of every recv(n) after those */
  readonly recvSize: number;
  /** the reader's pauses before its first recv calls, in turn (a slow reader); no pause after them */
  readonly readPauses: readonly Nanos[];
  /** the writer's pauses before its first writes, in turn; no pause after them */
  readonly writePauses: readonly Nanos[];
  /** one-way link latency */
  readonly latency: Nanos;
  /** link bandwidth, bits per second */
  readonly bandwidth: number;
  /** probability that a TCP frame is lost on the wire (ARP is never lost) */
  readonly loss: number;
}

/** Fix a parameter to a value or to your own arbitrary. */
export type TcpParamsOverrides = { readonly [K in keyof TcpParams]?: TcpParams[K] | fc.Arbitrary<TcpParams[K]> };

const MS = 1_000_000;
const US = 1_000;

/** an integer in [lo, hi] that shrinks toward hi (a larger read is the simpler one) */
const downFrom = (hi: number, lo: number) =>
  fc.integer({ min: 0, max: hi - lo }).map(
    (x) => hi - x,
    (v) => {
      if (typeof v !== 'number' || !Number.isInteger(v) || v < lo || v > hi) throw new Error('out of range');
      return hi - v;
    },
  );

/** a recv size: common ones, small ones, and (never drawn, only shrunk) any size up to 65536 */
const recvSize = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(65536, 4096, 1024, 100) },
  { weight: 1, arbitrary: fc.constantFrom(16, 32) },
  { weight: 1, arbitrary: downFrom(64, 1) },
  { weight: 0, arbitrary: downFrom(65536, 1) },
);

/**
 * A pause shrinks toward the reader that comes back after a second, when everything has
 * arrived: its chunks then depend on its recv sizes alone, the easiest case to read. A
 * reader without pauses is drawn most often.
 */
export const SLOW_READER: Nanos = 1000 * MS;
const readPause = fc.oneof({ withCrossShrink: true }, { weight: 1, arbitrary: fc.constant(SLOW_READER) }, { weight: 4, arbitrary: fc.constantFrom(0, 1 * MS, 40 * MS, 200 * MS) });

export const PARAM_ARBITRARIES: { readonly [K in keyof TcpParams]: fc.Arbitrary<TcpParams[K]> } = {
  seed: fc.integer({ min: 1, max: 0x7fffffff }),
  // the smallest MSS Linux allows splits a kilobyte into 14 segments: drawn often enough to matter, not so often that it dominates the cost
  mss: fc.oneof({ weight: 4, arbitrary: fc.constantFrom(1460, 536, 1000) }, { weight: 1, arbitrary: fc.constant(88) }, { weight: 1, arbitrary: downFrom(1460, 88) }),
  nagle: fc.constantFrom(true, false),
  sndBuf: fc.constantFrom<number | null>(null, 2304, 4096, 16384),
  rcvBuf: fc.constantFrom<number | null>(null, 1152, 2048, 8192),
  recvSizes: fc.array(recvSize, { maxLength: 4 }),
  recvSize,
  readPauses: fc.array(readPause, { minLength: 1, maxLength: 3 }),
  writePauses: fc.array(fc.constantFrom(0, 1 * MS, 40 * MS, 500 * MS), { minLength: 1, maxLength: 3 }),
  latency: fc.constantFrom(20 * US, 100 * US, 1 * MS, 20 * MS, 100 * MS),
  bandwidth: fc.constantFrom(10e9, 100e6, 10e6),
  loss: fc.oneof({ weight: 3, arbitrary: fc.constant(0) }, { weight: 1, arbitrary: fc.constantFrom(0.01, 0.05, 0.1) }),
};

/** The quiet machine, with a reader that reads when everything is there: what every parameter shrinks toward. */
export const QUIET: Omit<TcpParams, 'seed'> = {
  mss: 1460, nagle: true, sndBuf: null, rcvBuf: null, recvSizes: [], recvSize: 65536, readPauses: [SLOW_READER], writePauses: [0],
  latency: 20 * US, bandwidth: 10e9, loss: 0,
};

function isArbitrary(x: unknown): x is fc.Arbitrary<unknown> {
  return typeof x === 'object' && x !== null && 'generate' in x && 'shrink' in x && 'canShrinkWithoutContext' in x;
}

/** The parameters a user fixed or drew their own way. */
export function overriddenKeys(overrides: TcpParamsOverrides = {}): Set<keyof TcpParams> {
  return new Set((Object.keys(overrides) as (keyof TcpParams)[]).filter((k) => overrides[k] !== undefined));
}

const READER_KEYS = new Set<keyof TcpParams>(['seed', 'recvSizes', 'recvSize']);

/** Whether the user fixed the reader's recv sizes (then no shrink changes them). */
export function readerSizesFixed(fixed: Set<keyof TcpParams>): boolean {
  return fixed.has('recvSizes') || fixed.has('recvSize');
}

/** Whether `p` is the quiet machine with a reader that comes back when everything has arrived, whatever its recv sizes. */
export function isPlainReader(p: TcpParams, fixed: Set<keyof TcpParams>): boolean {
  const q = QUIET as Record<string, unknown>;
  return (Object.keys(QUIET) as (keyof TcpParams)[]).every((k) => READER_KEYS.has(k) || fixed.has(k) || JSON.stringify(p[k]) === JSON.stringify(q[k]));
}

/**
 * A plain reader: the quiet machine, a reader that comes back when everything has arrived
 * and asks recv(n) for exactly `chunkSizes`, the last one taking whatever is left (recv(65536)).
 */
export function plainReader(p: TcpParams, chunkSizes: readonly number[], fixed: Set<keyof TcpParams>): TcpParams {
  const out = { ...p } as Record<string, unknown>;
  for (const k of Object.keys(QUIET)) if (!fixed.has(k as keyof TcpParams)) out[k] = (QUIET as Record<string, unknown>)[k];
  out.recvSizes = chunkSizes.slice(0, -1);
  out.recvSize = 65536;
  return out as unknown as TcpParams;
}

/**
 * The same chunks as a plain reader's (plainReader with the sizes it got). Undefined when
 * `p` already has that form, or the reader's sizes are fixed by the user.
 */
export function asPlainReader(p: TcpParams, chunkSizes: readonly number[], fixed: Set<keyof TcpParams>): TcpParams | undefined {
  if (readerSizesFixed(fixed) || isPlainReader(p, fixed)) return undefined;
  return plainReader(p, chunkSizes, fixed);
}

/** The arbitrary of run conditions, with some parameters fixed or drawn your way. */
export function tcpParams(overrides: TcpParamsOverrides = {}): fc.Arbitrary<TcpParams> {
  const model = {} as { [K in keyof TcpParams]: fc.Arbitrary<TcpParams[K]> };
  for (const key of Object.keys(PARAM_ARBITRARIES) as (keyof TcpParams)[]) {
    const o = overrides[key];
    (model as Record<string, fc.Arbitrary<unknown>>)[key] = o === undefined ? PARAM_ARBITRARIES[key] : isArbitrary(o) ? o : fc.constant(o);
  }
  return fc.record(model);
}

function ms(t: Nanos): string {
  return t >= MS ? `${t / MS} ms` : `${t / US} µs`;
}

function bits(b: number): string {
  return b >= 1e9 ? `${b / 1e9} Gbit/s` : `${b / 1e6} Mbit/s`;
}

/**
 * The report's one "reproduce with" line: `call` replays this run alone from the simulation
 * seed and parameters; fast-check prints its own seed and path above the counterexample,
 * and those replay the property's draw (fc.assert(…, { seed, path })).
 */
export function reproduceWith(call: string, p: TcpParams): string {
  return `reproduce with: ${call}: the simulation seed ${p.seed} and these parameters replay this run; fast-check's seed and path (printed above) replay the property: fc.assert(property, { seed, path })`;
}

/** One line, as a person reads it: "mss 536, Nagle on, SO_SNDBUF default, …" (without the reader's sizes and pauses for a program reader). */
export function describeParams(p: TcpParams, reader = true): string {
  const readerParts = reader ? [`recv(${[...p.recvSizes, p.recvSize].join(', ')} …)`, `read pauses ${p.readPauses.map(ms).join('/') || 'none'}`] : [];
  return [
    `seed ${p.seed}`,
    `mss ${p.mss}`,
    `Nagle ${p.nagle ? 'on' : 'off (TCP_NODELAY)'}`,
    `SO_SNDBUF ${p.sndBuf ?? 'default'}`,
    `SO_RCVBUF ${p.rcvBuf ?? 'default'}`,
    ...readerParts,
    `write pauses ${p.writePauses.map(ms).join('/') || 'none'}`,
    `latency ${ms(p.latency)}`,
    bits(p.bandwidth),
    `loss ${p.loss * 100} %`,
  ].join(', ');
}
