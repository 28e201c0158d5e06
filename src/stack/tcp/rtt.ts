/**
 * RTT samples as the connection takes them: from the send time of the newest acknowledged
 * segment, or from an echoed timestamp (tcp_rtt_tsopt_us: now's TSval minus TSecr, at least
 * one tick), fed to the RFC 6298 estimator in rto.ts.
 */
import type { Ctx } from './conn.ts';
import { tsval } from './output.ts';
import { rtoSample } from './rto.ts';
import { seqDiff } from './seq.ts';
import { MS } from './linux.ts';
import type { Nanos } from '../nanos.ts';

/** The RTT an echoed TSecr stands for, in ns (the timestamp clock ticks once a ms). */
export function echoedTsRtt(c: Ctx, tsecr: number): Nanos {
  return Math.max(1, seqDiff(tsval(c), tsecr)) * MS;
}

/** Feed one sample to the estimator: SRTT, RTTVAR and RTO move together. */
export function takeRttSample(c: Ctx, rtt: Nanos): void {
  const e = rtoSample(c.t, rtt);
  c.t.srtt = e.srtt;
  c.t.rttvar = e.rttvar;
  c.t.rto = e.rto;
  // tcp_update_rtt_min(): the smallest sample (Linux keeps a 5-minute window; a lab run is shorter)
  if (c.t.minRtt === 0 || rtt < c.t.minRtt) c.t.minRtt = rtt;
}
