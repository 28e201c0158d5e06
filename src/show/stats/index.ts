/** The -z statistics labwire computes, parsed from tshark's argument syntax. */
import type { Tap } from '../loop.ts';
import type { TimeFormat } from '../output/time-column.ts';
import { ConvTap, CONV_TYPES, type ConvType } from './conv.ts';
import { FlowTap } from './flow.ts';
import { IoStatTap, parseInterval } from './io.ts';

export const STATS_HELP = 'conv,eth|ip|ipv6|tcp|udp  flow,tcp,network|standard  io,stat,INTERVAL';

/** A tap for `-z ARG`, or what is wrong with ARG. */
export function parseStat(arg: string, time: TimeFormat = 'r'): Tap | string {
  const parts = arg.split(',');
  if (parts[0] === 'conv' && parts.length === 2 && (CONV_TYPES as readonly string[]).includes(parts[1]!)) return new ConvTap(parts[1] as ConvType);
  if (parts[0] === 'flow' && parts.length === 3 && parts[1] === 'tcp' && (parts[2] === 'network' || parts[2] === 'standard')) return new FlowTap(time);
  if (parts[0] === 'io' && parts[1] === 'stat' && parts.length === 3) {
    const us = parseInterval(parts[2]!);
    return us === undefined ? `-z ${arg}: the interval must be a number of seconds ≥ 0.000001` : new IoStatTap(us, parts[2]!);
  }
  return `-z ${arg} is not supported (labwire show computes ${STATS_HELP})`;
}
