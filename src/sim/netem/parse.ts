/**
 * tc's netem syntax (iproute2's tc/q_netem.c, netem_parse_opt) to a NetemSpec:
 *
 *   [limit PACKETS] [delay TIME [JITTER [CORR]]] [distribution normal|pareto|paretonormal|uniform]
 *   [loss [random] PCT [CORR] | loss state P13 [P31 [P32 [P23 [P14]]]] | loss gemodel P [R [1-H [1-K]]]]
 *   [duplicate PCT [CORR]] [corrupt PCT [CORR]] [reorder PCT [CORR]] [gap N]
 *   [rate RATE [PACKETOVERHEAD [CELLSIZE [CELLOVERHEAD]]]]
 *   [slot MIN [MAX] | slot distribution D DELAY JITTER] [packets N] [bytes N]
 *
 * With tc's defaults and checks: a percentage is "5%" or "5" (both 5 %), a time without a unit
 * is microseconds, a rate without a unit is bits per second, reorder needs a delay, gap
 * defaults to 1 with reorder and needs it, a distribution needs delay and jitter.
 */
import { DIST_NAMES, type DistName } from './dist.ts';
import { NETEM_DEFAULTS, PROB_ALWAYS, toProb32, type LossModel, type NetemSpec, type Prob32, type SlotSpec } from './spec.ts';

export class NetemSyntaxError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'NetemSyntaxError';
  }
}

/** tc's get_time units (utils.c), in nanoseconds */
const TIME_UNITS: Readonly<Record<string, number>> = {
  s: 1e9, sec: 1e9, secs: 1e9, ms: 1e6, msec: 1e6, msecs: 1e6, us: 1e3, usec: 1e3, usecs: 1e3, ns: 1, nsec: 1, nsecs: 1, '': 1e3,
};

/** tc's get_rate units (utils.c), in bits per second */
const RATE_UNITS: Readonly<Record<string, number>> = {
  '': 1, bit: 1, kbit: 1e3, mbit: 1e6, gbit: 1e9, tbit: 1e12, kibit: 1024, mibit: 1024 ** 2, gibit: 1024 ** 3, tibit: 1024 ** 4,
  bps: 8, kbps: 8e3, mbps: 8e6, gbps: 8e9, tbps: 8e12, kibps: 8 * 1024, mibps: 8 * 1024 ** 2, gibps: 8 * 1024 ** 3, tibps: 8 * 1024 ** 4,
};

const NUMBER = /^(\d+(?:\.\d*)?|\.\d+)(?:e[+-]?\d+)?/i;

/** Reads tokens left to right; `more()` is tc's NEXT_IS_NUMBER (the next token starts with a digit). */
class Tokens {
  private i = 0;
  constructor(private readonly toks: readonly string[]) {}
  done(): boolean {
    return this.i >= this.toks.length;
  }
  next(what: string): string {
    const t = this.toks[this.i++];
    if (t === undefined) throw new NetemSyntaxError(`${what} is missing at the end`);
    return t;
  }
  more(): boolean {
    return /^\d/.test(this.toks[this.i] ?? '');
  }
  peek(): string | undefined {
    return this.toks[this.i];
  }
}

function unitValue(text: string, units: Readonly<Record<string, number>>, what: string): number {
  const m = NUMBER.exec(text);
  const factor = m ? units[text.slice(m[0].length).toLowerCase()] : undefined;
  if (!m || factor === undefined) throw new NetemSyntaxError(`${JSON.stringify(text)} is not ${what}`);
  return Number(m[0]) * factor;
}

const time = (t: string, what: string) => Math.round(unitValue(t, TIME_UNITS, `a time for ${what} (like 100ms, 10us, 1s)`));

function percent(text: string, what: string): Prob32 {
  const m = /^(\d+(?:\.\d*)?|\.\d+)%?$/.exec(text);
  const v = m ? Number(m[1]) : NaN;
  if (!(v >= 0 && v <= 100)) throw new NetemSyntaxError(`${JSON.stringify(text)} is not a percentage for ${what} (like 5% or 0.1%)`);
  return toProb32(v / 100);
}

/** `PCT [CORR]`, as duplicate, corrupt and reorder take them */
function percentAndCorrelation(t: Tokens, what: string): [Prob32, Prob32] {
  const p = percent(t.next(what), what);
  return [p, t.more() ? percent(t.next(`${what} correlation`), `${what} correlation`) : 0];
}

function whole(text: string, what: string, signed = false): number {
  if (!(signed ? /^-?\d+$/ : /^\d+$/).test(text)) throw new NetemSyntaxError(`${JSON.stringify(text)} is not a whole number for ${what}`);
  return Number(text);
}

function dist(text: string): DistName | null {
  if (text === 'uniform') return null;
  if ((DIST_NAMES as readonly string[]).includes(text)) return text as DistName;
  throw new NetemSyntaxError(`no distribution ${JSON.stringify(text)} (known: uniform, ${DIST_NAMES.join(', ')})`);
}

function parseLoss(t: Tokens): LossModel {
  const first = t.next('loss’s percentage');
  if (first === 'state') {
    const p13 = percent(t.next('loss state p13'), 'loss state p13');
    const m = { p13, p31: PROB_ALWAYS - p13, p32: 0, p23: PROB_ALWAYS, p14: 0 };
    for (const k of ['p31', 'p32', 'p23', 'p14'] as const) {
      if (!t.more()) break;
      m[k] = percent(t.next(`loss state ${k}`), `loss state ${k}`);
    }
    return { kind: 'state', ...m };
  }
  if (first === 'gemodel') {
    const m = { p: percent(t.next('loss gemodel p'), 'loss gemodel p'), r: PROB_ALWAYS, h: 0, k1: 0 };
    if (t.more()) m.r = percent(t.next('loss gemodel r'), 'loss gemodel r');
    if (t.more()) m.h = PROB_ALWAYS - percent(t.next('loss gemodel 1-h'), 'loss gemodel 1-h'); // tc takes 1-h, the kernel wants h
    if (t.more()) m.k1 = percent(t.next('loss gemodel 1-k'), 'loss gemodel 1-k');
    return { kind: 'gemodel', ...m };
  }
  const pct = first === 'random' ? t.next('loss random’s percentage') : first;
  const p = percent(pct, 'loss');
  return { kind: 'random', p, corr: t.more() ? percent(t.next('loss correlation'), 'loss correlation') : 0 };
}

function parseSlot(t: Tokens): SlotSpec {
  const s = { min: 0, max: 0, dist: null as DistName | null, distDelay: 0, distJitter: 0, packets: Infinity, bytes: Infinity };
  if (t.peek() === 'distribution') {
    t.next('slot distribution');
    s.dist = dist(t.next('slot distribution’s name'));
    s.distDelay = time(t.next('slot distribution delay'), 'slot delay');
    s.distJitter = time(t.next('slot distribution jitter'), 'slot jitter');
    // uniform: the spacing is drawn from [delay − jitter, delay + jitter]
    s.min = Math.max(0, s.distDelay - s.distJitter);
    s.max = s.distDelay + s.distJitter;
  } else {
    s.min = time(t.next('slot’s minimum delay'), 'slot');
    s.max = t.more() ? time(t.next('slot’s maximum delay'), 'slot') : s.min;
    if (s.min > s.max) throw new NetemSyntaxError('slot: the minimum delay is greater than the maximum');
  }
  for (;;) {
    const k = t.peek();
    if (k !== 'packets' && k !== 'bytes') break;
    t.next(k);
    s[k] = whole(t.next(`slot ${k}`), `slot ${k}`) || Infinity; // 0 means no bound (get_slot)
  }
  return s;
}

/** A netem option list (what follows `tc qdisc add dev X root netem`). */
export function parseNetem(text: string): NetemSpec {
  const t = new Tokens(text.trim().split(/\s+/).filter(Boolean));
  const s: { -readonly [K in keyof NetemSpec]: NetemSpec[K] } = { ...NETEM_DEFAULTS };
  let distGiven = false;
  while (!t.done()) {
    const word = t.next('an option');
    switch (word) {
      case 'limit':
        s.limit = whole(t.next('limit'), 'limit');
        break;
      case 'delay':
      case 'latency':
        s.latency = time(t.next('delay'), 'delay');
        if (t.more()) s.jitter = time(t.next('jitter'), 'jitter');
        if (t.more()) s.delayCorr = percent(t.next('delay correlation'), 'delay correlation');
        break;
      case 'distribution':
        s.dist = dist(t.next('distribution'));
        distGiven = true;
        break;
      case 'loss':
      case 'drop':
        if (s.loss) throw new NetemSyntaxError('loss is given twice');
        s.loss = parseLoss(t);
        break;
      case 'duplicate':
        [s.duplicate, s.dupCorr] = percentAndCorrelation(t, word);
        break;
      case 'corrupt':
        [s.corrupt, s.corruptCorr] = percentAndCorrelation(t, word);
        break;
      case 'reorder':
        [s.reorder, s.reorderCorr] = percentAndCorrelation(t, word);
        break;
      case 'gap':
        s.gap = whole(t.next('gap'), 'gap');
        break;
      case 'rate':
        s.rate = unitValue(t.next('rate'), RATE_UNITS, 'a rate (like 100mbit, 1gbit, 125kbps)') / 8;
        if (/^-?\d/.test(t.peek() ?? '')) s.packetOverhead = whole(t.next('rate packet overhead'), 'rate packet overhead', true);
        if (t.more()) s.cellSize = whole(t.next('rate cell size'), 'rate cell size');
        if (/^-?\d/.test(t.peek() ?? '')) s.cellOverhead = whole(t.next('rate cell overhead'), 'rate cell overhead', true);
        if (!(s.rate > 0)) throw new NetemSyntaxError('rate must be more than 0');
        break;
      case 'slot':
        s.slot = parseSlot(t);
        break;
      default:
        throw new NetemSyntaxError(`unknown netem option ${JSON.stringify(word)} (known: limit, delay, distribution, loss, duplicate, corrupt, reorder, gap, rate, slot)`);
    }
  }
  if (s.reorder) {
    if (s.latency === 0) throw new NetemSyntaxError('reordering is not possible without some delay (tc: "reordering not possible without specifying some delay")');
    if (s.gap === 0) s.gap = 1;
  } else if (s.gap > 0) throw new NetemSyntaxError('gap is given without a reorder probability');
  if (distGiven && s.dist !== null && (s.latency === 0 || s.jitter === 0)) throw new NetemSyntaxError('a distribution needs a delay and a jitter');
  return s;
}

export interface NetemTarget {
  readonly host: string;
  readonly iface: string;
  readonly spec: NetemSpec;
}

/** `--netem 'mesin2:eth1 delay 100ms 10ms loss 5%'`: the interface, then tc's options. */
export function parseNetemTarget(line: string): NetemTarget {
  const m = /^\s*([^\s:]+):(\S+)\s+(.*)$/s.exec(line);
  if (!m) throw new NetemSyntaxError(`${JSON.stringify(line)} does not start with MACHINE:IFACE and options (like 'mesin2:eth1 delay 100ms loss 5%')`);
  return { host: m[1]!, iface: m[2]!, spec: parseNetem(m[3]!) };
}
