/**
 * iputils ping's numbers as it prints them (ping_common.c): a reply's `time=`, and finish()'s
 * statistics block, in its integer arithmetic.
 */

/** iputils' time=… format: three decimals under 1 ms, two under 10 ms, one under 100 ms. */
export function formatRtt(us: number): string {
  if (us >= 100000 - 50) return `${Math.floor((us + 500) / 1000)}`;
  if (us >= 10000 - 5) return `${Math.floor((us + 50) / 1000)}.${Math.floor(((us + 50) % 1000) / 100)}`;
  if (us >= 1000) return `${Math.floor((us + 5) / 1000)}.${String(Math.floor(((us + 5) % 1000) / 10)).padStart(2, '0')}`;
  return `${Math.floor(us / 1000)}.${String(us % 1000).padStart(3, '0')}`;
}

/** `%ld.%03ld` of a microsecond count */
const ms3 = (us: number) => `${Math.floor(us / 1000)}.${String(us % 1000).padStart(3, '0')}`;

/** C's `%g`: six significant digits, trailing zeros dropped */
const percentG = (x: number) => String(Number(x.toPrecision(6)));

/** llsqrt(): Newton's integer square root */
function llsqrt(a: number): number {
  if (a <= 0) return 0;
  let prev = Infinity;
  let x = a;
  while (x < prev) {
    prev = x;
    x = Math.floor((x + Math.floor(a / x)) / 2);
  }
  return x;
}

/**
 * finish()'s lines after the blank one: `elapsedNs` is the last request's send time less the
 * start (CLOCK_MONOTONIC_RAW), printed rounded to ms; `rtts` in µs.
 */
export function formatPingStats(host: string, sent: number, rtts: readonly number[], elapsedNs: number): string[] {
  const loss = ((sent - rtts.length) * 100) / sent;
  const sec = Math.floor(elapsedNs / 1e9);
  const timeMs = 1000 * sec + Math.floor((elapsedNs - sec * 1e9 + 500_000) / 1e6);
  const lines = [
    `--- ${host} ping statistics ---`,
    `${sent} packets transmitted, ${rtts.length} received, ${percentG(loss)}% packet loss, time ${timeMs}ms`,
  ];
  if (rtts.length) {
    const n = rtts.length;
    const tsum = rtts.reduce((a, b) => a + b, 0);
    const tsum2 = rtts.reduce((a, b) => a + b * b, 0);
    const avg = Math.trunc(tsum / n);
    const mdev = llsqrt(Math.trunc((tsum2 - (tsum * tsum) / n) / n));
    lines.push(`rtt min/avg/max/mdev = ${ms3(Math.min(...rtts))}/${ms3(avg)}/${ms3(Math.max(...rtts))}/${ms3(mdev)} ms`);
  }
  return lines;
}
