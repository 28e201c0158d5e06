/**
 * Retransmission timeout estimator (RFC 6298) with Linux's floor: Linux adds
 * max(4·RTTVAR, TCP_RTO_MIN) to SRTT (tcp_input.c tcp_rtt_estimator / __tcp_set_rto,
 * where rttvar_us is kept ≥ tcp_rto_min_us), so a LAN RTO is about SRTT + 200 ms.
 */
import type { Nanos } from '../nanos.ts';
import { TCP_RTO_MAX_NS, TCP_RTO_MIN_NS, TCP_TIMEOUT_INIT_NS } from './linux.ts';

export interface RtoEstimate {
  readonly srtt: Nanos;
  readonly rttvar: Nanos;
  readonly rto: Nanos;
}

export const INITIAL_RTO: RtoEstimate = { srtt: 0, rttvar: 0, rto: TCP_TIMEOUT_INIT_NS };

/** RFC 6298 §2.2–2.3: fold one RTT measurement into the estimate. */
export function rtoSample(est: RtoEstimate, rtt: Nanos): RtoEstimate {
  const r = Math.max(rtt, 1000);
  let srtt: number;
  let rttvar: number;
  if (est.srtt === 0) {
    // §2.2: SRTT <- R, RTTVAR <- R/2
    srtt = r;
    rttvar = r / 2;
  } else {
    // §2.3: RTTVAR <- 3/4 RTTVAR + 1/4 |SRTT - R'|;  SRTT <- 7/8 SRTT + 1/8 R'
    rttvar = 0.75 * est.rttvar + 0.25 * Math.abs(est.srtt - r);
    srtt = 0.875 * est.srtt + 0.125 * r;
  }
  srtt = Math.round(srtt);
  rttvar = Math.round(rttvar);
  return { srtt, rttvar, rto: rtoFrom(srtt, rttvar) };
}

/** Linux __tcp_set_rto + tcp_bound_rto: SRTT + max(4·RTTVAR, RTO_min), at most RTO_max. */
export function rtoFrom(srtt: Nanos, rttvar: Nanos): Nanos {
  return Math.min(srtt + Math.max(4 * rttvar, TCP_RTO_MIN_NS), TCP_RTO_MAX_NS);
}

/** RFC 6298 §5.5: back the timer off (doubling, bounded by RTO_max). */
export function rtoBackoff(rto: Nanos): Nanos {
  return Math.min(rto * 2, TCP_RTO_MAX_NS);
}
