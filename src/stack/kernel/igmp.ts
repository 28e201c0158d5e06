/**
 * The host side of IGMPv3 (net/ipv4/igmp.c) for any-source groups: which groups each interface
 * is a member of (ip_mc_list, counted by the sockets that joined: im->users), and the State-Change
 * Reports a join or a leave sends (RFC 3376 §5.1). A new group gets a CHANGE_TO_EXCLUDE record and
 * a dropped one a CHANGE_TO_INCLUDE record ("Leave group"), each sent in the next qrv reports
 * (crcount, net.ipv4.igmp_qrv = 2). Every change restarts the interface's report timer
 * (igmp_ifc_event: mr_ifc_count = qrv, fire in 2 jiffies); each expiry sends what is pending
 * (igmpv3_send_cr) and, while mr_ifc_count lasts, re-arms at a random delay below the unsolicited
 * report interval plus 2 jiffies (igmp_ifc_timer_expire). Queries, source filters and IGMPv1/v2
 * compatibility are not modelled: the lab has no querier.
 */
import type { Kernel, RandomSource } from './kernel.ts';
import type { Ipv4Addr } from '../wire/addr.ts';
import { IGMP_ALL_HOSTS, IGMP_CHANGE_TO_EXCLUDE, IGMP_CHANGE_TO_INCLUDE } from '../wire/igmp.ts';
import type { Nanos } from '../nanos.ts';

/** net.ipv4.igmp_qrv (IGMP_QUERY_ROBUSTNESS_VARIABLE) */
export const IGMP_QRV = 2;
/** igmpv3_unsolicited_report_interval: 1000 ms (IGMP_V3_UNSOLICITED_REPORT_INTERVAL) */
export const IGMPV3_UNSOLICITED_REPORT_INTERVAL_NS = 1_000_000_000;
/** the jiffies a report timer adds to its random delay (igmp_ifc_start_timer: jiffies + tv + 2) */
const TIMER_EXTRA_JIFFIES = 2;
/** CONFIG_HZ when the profile names none (labwire's exact timers): a jiffy is then 1 ms */
const HZ_UNSET = 1000;

interface GroupRecord {
  readonly group: Ipv4Addr;
  /** sockets that joined it (im->users) */
  users: number;
  /** reports still to carry its record (im->crcount) */
  crcount: number;
}

interface IfaceGroups {
  /** newest first, as in_dev->mc_list */
  groups: GroupRecord[];
  /** dropped groups whose leave records are still to be sent (in_dev->mc_tomb), newest first */
  tomb: GroupRecord[];
  /** re-arms left (mr_ifc_count) */
  ifcCount: number;
  /** the pending timer's token (mod_timer moves it: an older token firing is ignored) */
  timer: number;
}

export interface IgmpRecord {
  readonly type: number;
  readonly group: Ipv4Addr;
}

export class IgmpHost {
  private readonly ifaces = new Map<number, IfaceGroups>();
  /** timer token → interface */
  private readonly timers = new Map<number, number>();

  constructor(private readonly k: Kernel, private readonly stream: RandomSource) {}

  /** ip_check_mc_rcu(): is the interface a member (every interface is of 224.0.0.1)? */
  isMember(ifIndex: number, group: Ipv4Addr): boolean {
    return group === IGMP_ALL_HOSTS || (this.ifaces.get(ifIndex)?.groups.some((g) => g.group === group) ?? false);
  }

  /** ip_mc_inc_group(): one more socket in `group` on `ifIndex`; the first sends the join reports. */
  join(ifIndex: number, group: Ipv4Addr, now: Nanos): void {
    const st = this.state(ifIndex);
    const g = st.groups.find((x) => x.group === group);
    if (g) {
      g.users++;
      return;
    }
    st.tomb = st.tomb.filter((x) => x.group !== group); // igmpv3_del_delrec: a rejoin cancels the leave
    st.groups.unshift({ group, users: 1, crcount: IGMP_QRV });
    if (this.reports(ifIndex, group)) this.changed(ifIndex, st, now);
  }

  /** ip_mc_dec_group(): one socket fewer; the last one out sends the leave reports. */
  leave(ifIndex: number, group: Ipv4Addr, now: Nanos): void {
    const st = this.ifaces.get(ifIndex);
    const g = st?.groups.find((x) => x.group === group);
    if (!st || !g || --g.users > 0) return;
    st.groups = st.groups.filter((x) => x !== g);
    if (!this.reports(ifIndex, group)) return;
    st.tomb.unshift({ group, users: 0, crcount: IGMP_QRV });
    this.changed(ifIndex, st, now);
  }

  /** The report timer of an interface fired (igmp_ifc_timer_expire). */
  onTimer(token: number, now: Nanos): void {
    const ifIndex = this.timers.get(token);
    this.timers.delete(token);
    const st = ifIndex === undefined ? undefined : this.ifaces.get(ifIndex);
    if (!st || st.timer !== token) return;
    st.timer = 0;
    const records = this.pendingRecords(st);
    if (records.length > 0) this.k.out.sendIgmpReport(ifIndex!, records, now);
    if (st.ifcCount > 0) {
      st.ifcCount--;
      this.startTimer(ifIndex!, st, this.jiffies(IGMPV3_UNSOLICITED_REPORT_INTERVAL_NS), now);
    }
  }

  /** igmpv3_send_cr(): the leave records first, then the joins, each counting down its crcount */
  private pendingRecords(st: IfaceGroups): IgmpRecord[] {
    const records: IgmpRecord[] = [];
    for (const t of st.tomb) {
      if (t.crcount === 0) continue;
      records.push({ type: IGMP_CHANGE_TO_INCLUDE, group: t.group });
      t.crcount--;
    }
    st.tomb = st.tomb.filter((t) => t.crcount > 0);
    for (const g of st.groups) {
      if (g.crcount === 0) continue;
      records.push({ type: IGMP_CHANGE_TO_EXCLUDE, group: g.group });
      g.crcount--;
    }
    return records;
  }

  /** igmp_group_added/dropped: 224.0.0.1 is never reported, nor anything on lo */
  private reports(ifIndex: number, group: Ipv4Addr): boolean {
    return group !== IGMP_ALL_HOSTS && this.k.interfaces[ifIndex]?.kind === 'ether';
  }

  /** igmp_ifc_event(): qrv reports to come, the first in 2 jiffies (a random delay below 1 jiffy is 0) */
  private changed(ifIndex: number, st: IfaceGroups, now: Nanos): void {
    st.ifcCount = IGMP_QRV;
    this.startTimer(ifIndex, st, 1, now);
  }

  /** igmp_ifc_start_timer(): mod_timer(jiffies + get_random_u32_below(delay) + 2) */
  private startTimer(ifIndex: number, st: IfaceGroups, delayJiffies: number, now: Nanos): void {
    const draw = delayJiffies > 1 ? this.stream.nextU32() % delayJiffies : 0;
    const at = now + (draw + TIMER_EXTRA_JIFFIES) * this.jiffyNs();
    const token = this.k.timerToken('igmp');
    st.timer = token;
    this.timers.set(token, ifIndex);
    this.k.effects.push({ kind: 'timer', at: this.k.jiffyTimer(at, now), token });
  }

  private jiffyNs(): number {
    return 1e9 / (this.k.profile.hz ?? HZ_UNSET);
  }

  /** msecs_to_jiffies(): at least one */
  private jiffies(ns: number): number {
    return Math.max(1, Math.round(ns / this.jiffyNs()));
  }

  private state(ifIndex: number): IfaceGroups {
    let st = this.ifaces.get(ifIndex);
    if (!st) this.ifaces.set(ifIndex, (st = { groups: [], tomb: [], ifcCount: 0, timer: 0 }));
    return st;
  }
}
