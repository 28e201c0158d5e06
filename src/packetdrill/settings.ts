/**
 * A script's `--options` → the run's settings (packetdrill's defaults otherwise), or the
 * option the runner cannot honour.
 */
import { LOCAL_IP, REMOTE_IP } from './flow.ts';

export interface RunSettings {
  /** --tolerance_usecs: how far from its script time an event may happen (default 4000) */
  readonly toleranceUsecs: number;
  /** --tolerance_percent: or this share of the time since the previous event, when more (default 12.5) */
  readonly tolerancePercent: number;
  /** --tcp_ts_tick_usecs: the TS clock tick; 0 (default) leaves TS val unchecked */
  readonly tsTickUsecs: number;
  /** --strict_segments: no aggregating of several sent packets into one script packet */
  readonly strictSegments: boolean;
  /**
   * --mss: the GSO size packetdrill gives the packets it injects (virtio_net_hdr.gso_size),
   * so a long `<` packet reaches TCP as one super-packet of this many bytes a segment; 0
   * (default) for none.
   */
  readonly injectMss: number;
}

export const DEFAULT_TOLERANCE_USECS = 4000;
export const DEFAULT_TOLERANCE_PERCENT = 12.5;

/**
 * Options that change nothing here: the values the runner already uses, or ones only for
 * other modes (--send_omit_free keeps MSG_ZEROCOPY buffers, which the runner has none of).
 */
const HARMLESS = new Set(['tcp_ts_ecr_scaled', 'verbose', 'non_fatal', 'send_omit_free']);

function intOption(v: string, name: string): number | string {
  const n = Number(v);
  return Number.isInteger(n) && n >= 0 ? n : `--${name}=${v}`;
}

export function readSettings(options: ReadonlyMap<string, string>): RunSettings | string {
  let toleranceUsecs = DEFAULT_TOLERANCE_USECS;
  let tolerancePercent = DEFAULT_TOLERANCE_PERCENT;
  let tsTickUsecs = 0;
  let strictSegments = false;
  let injectMss = 0;
  for (const [name, value] of options) {
    if (name === 'tolerance_usecs' || name === 'tcp_ts_tick_usecs' || name === 'mss') {
      const n = intOption(value, name);
      if (typeof n === 'string') return n;
      if (name === 'tolerance_usecs') toleranceUsecs = n;
      else if (name === 'mss') injectMss = n;
      else tsTickUsecs = n;
    } else if (name === 'tolerance_percent') {
      const n = Number(value);
      if (!(n >= 0)) return `--${name}=${value}`;
      tolerancePercent = n;
    } else if (name === 'strict_segments') strictSegments = true;
    else if (name === 'local_ip' && value === LOCAL_IP) continue;
    else if (name === 'remote_ip' && value === REMOTE_IP) continue;
    else if (name === 'ip_version' && value === 'ipv4') continue;
    else if (name === 'ip_version') return `--ip_version=${value} (the runner's host speaks IPv4 only)`;
    else if (!HARMLESS.has(name)) return value === '' ? `--${name}` : `--${name}=${value}`;
  }
  return { toleranceUsecs, tolerancePercent, tsTickUsecs, strictSegments, injectMss };
}
