/**
 * netem's delay distributions: the tables iproute2 installs (`/usr/lib/tc/normal.dist`,
 * `pareto.dist`, `paretonormal.dist`, made by iproute2's netem/{normal,pareto,paretonormal}.c)
 * computed here from the same formulas, and the kernel's `tabledist` (net/sched/sch_netem.c)
 * that turns a uniform draw into a delay with the table's shape, in nanoseconds.
 *
 * A table holds 4096 signed 16-bit values: the inverse CDF of a zero-mean, unit-deviation
 * variable sampled at evenly spaced quantiles, scaled by NETEM_DIST_SCALE.
 */

/** include/uapi/linux/pkt_sched.h: table values are standard deviations × 8192 */
export const NETEM_DIST_SCALE = 8192;
/** the generators sample 16384 quantiles and keep every fourth */
const TABLE_QUANTILES = 16384;
const SHRT_MIN = -32768;
const SHRT_MAX = 32767;
/** the Pareto shape netem's generators use */
const PARETO_ALPHA = 3;

export type DistName = 'normal' | 'pareto' | 'paretonormal';
export const DIST_NAMES: readonly DistName[] = ['normal', 'pareto', 'paretonormal'];

/** Acklam's rational approximation of the standard normal's inverse CDF (relative error < 1.2e-9). */
function inverseNormal(p: number): number {
  const a = [-3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.38357751867269e2, -3.066479806614716e1, 2.506628277459239];
  const b = [-5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1, -1.328068155288572e1];
  const c = [-7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416];
  const tail = (q: number) => (((((c[0]! * q + c[1]!) * q + c[2]!) * q + c[3]!) * q + c[4]!) * q + c[5]!) / ((((d[0]! * q + d[1]!) * q + d[2]!) * q + d[3]!) * q + 1);
  if (p < 0.02425) return tail(Math.sqrt(-2 * Math.log(p)));
  if (p > 1 - 0.02425) return -tail(Math.sqrt(-2 * Math.log(1 - p)));
  const q = p - 0.5;
  const r = q * q;
  return ((((((a[0]! * r + a[1]!) * r + a[2]!) * r + a[3]!) * r + a[4]!) * r + a[5]!) * q) / (((((b[0]! * r + b[1]!) * r + b[2]!) * r + b[3]!) * r + b[4]!) * r + 1);
}

const clampShort = (v: number) => Math.min(SHRT_MAX, Math.max(SHRT_MIN, v));

/** normal.c's scan: x from −10 in steps of 0.00005 */
const SCAN_FROM = -10;
const SCAN_STEPS_PER_UNIT = 20000;

/**
 * normal.c scans x over its grid and keeps, for each quantile index i, the last x whose
 * rint(16384·Φ(x)) is i: the last grid point below Φ⁻¹((i + ½)/16384). In integers: grid point
 * j is −10 + j/20000, and ×8192 that is (j·4096 − 819200000)/10000, never a tie for rint.
 */
function normalValue(i: number): number {
  const q = inverseNormal((i + 0.5) / TABLE_QUANTILES);
  const j = Math.ceil((q - SCAN_FROM) * SCAN_STEPS_PER_UNIT) - 1;
  return Math.round((j * 4096 + SCAN_FROM * SCAN_STEPS_PER_UNIT * 4096) / 10000);
}

/** pareto.c: 1/u^(1/α) − 1.5 (its mean removed), × 4/3, from u = 1 down in steps of 1/4096. */
function paretoValue(i: number): number {
  const u = (65536 - 4 * i) / 65536;
  return Math.round(Math.min(SHRT_MAX, (1 / u ** (1 / PARETO_ALPHA) - 1.5) * (4 / 3) * NETEM_DIST_SCALE));
}

const tables = new Map<DistName, Int16Array>();

/** The 4096-entry table for a named distribution (built once). */
export function distTable(name: DistName): Int16Array {
  let t = tables.get(name);
  if (t) return t;
  t = new Int16Array(TABLE_QUANTILES / 4);
  for (let k = 0; k < t.length; k++) {
    const i = k * 4;
    if (name === 'normal') t[k] = clampShort(normalValue(i));
    else if (name === 'pareto') t[k] = paretoValue(i);
    else t[k] = clampShort(Math.trunc((normalValue(i) + 3 * paretoValue(i)) / 4)); // paretonormal.c: ¼ normal + ¾ pareto, C division
  }
  tables.set(name, t);
  return t;
}

/**
 * sch_netem.c's tabledist: mu ± sigma shaped by `table`, from the uniform u32 `rnd`. Without a
 * table, uniform over [mu − sigma, mu + sigma). The arithmetic is the kernel's, in integers.
 */
export function tabledist(mu: number, sigma: number, rnd: number, table: Int16Array | null): number {
  if (sigma === 0) return mu;
  if (!table) return (rnd % (2 * sigma)) + mu - sigma;
  const t = table[rnd % table.length]!;
  let x = (sigma % NETEM_DIST_SCALE) * t;
  x += x >= 0 ? NETEM_DIST_SCALE / 2 : -NETEM_DIST_SCALE / 2;
  return Math.trunc(x / NETEM_DIST_SCALE) + Math.trunc(sigma / NETEM_DIST_SCALE) * t + mu;
}
