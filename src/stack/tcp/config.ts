/**
 * A connection's configuration (TcpConfig) from the kernel profile's sysctls and the device: the
 * numbers every connection of a host shares, read once when its TCP layer is made.
 */
import type { KernelProfile } from '../kernel/profile.ts';
import type { TcpConfig } from './conn.ts';
import { RCV_SKB_COSTS } from './rcv-skb.ts';
import { TCP_CLOCK_HZ, TCP_EARLY_RETRANS, TCP_ECN, TCP_FRTO, TCP_MIN_TSO_SEGS, TCP_NOTSENT_LOWAT, TCP_RECOVERY, TCP_TSO_WIN_DIVISOR } from './linux.ts';

/** A connection's TcpConfig from the kernel profile's sysctls and the device's GSO limit. */
export function tcpConfigOf(profile: KernelProfile, gsoMaxSize = 0, softwareGso = false): TcpConfig {
  return {
    softwareGso,
    tcpRmem: profile.tcpRmem, tcpWmem: profile.tcpWmem, rmemMax: profile.rmemMax, wmemMax: profile.wmemMax,
    timestamps: profile.tcpTimestamps, sack: profile.tcpSack, windowScaling: profile.tcpWindowScaling,
    gsoMaxSize, congestionControl: profile.tcpCongestionControl ?? 'cubic', earlyRetrans: profile.tcpEarlyRetrans ?? TCP_EARLY_RETRANS,
    frto: profile.tcpFrto ?? TCP_FRTO, ecn: profile.tcpEcn ?? TCP_ECN, recovery: profile.tcpRecovery ?? TCP_RECOVERY, rackAlways: profile.rackAlways ?? false, writeXmit610: profile.tcpWriteXmit610 ?? false, shrinkWindow: profile.tcpShrinkWindow ?? false, slowStartAfterIdle: profile.tcpSlowStartAfterIdle ?? true,
    minTsoSegs: profile.tcpMinTsoSegs ?? TCP_MIN_TSO_SEGS, tsoWinDivisor: profile.tcpTsoWinDivisor ?? TCP_TSO_WIN_DIVISOR, notsentLowat: profile.tcpNotsentLowat ?? TCP_NOTSENT_LOWAT,
    rcvSkb: RCV_SKB_COSTS[profile.rcvSkbTruesize ?? 'fitted'], rcvRttFilter: profile.rcvRttFilter ?? 'ewma',
    rcvRttWindowSample: profile.rcvRttWindowSample ?? false, rcvbufGrowSlowStart: profile.rcvbufGrowSlowStart ?? false,
    backlogAckDefer: profile.tcpBacklogAckDefer ?? false,
    passiveAdvmssFirst: profile.tcpPassiveAdvmssFirst ?? false,
    hz: profile.hz ?? TCP_CLOCK_HZ, timerWheel: profile.hz !== undefined,
  };
}
