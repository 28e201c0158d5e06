/** The Frame section of the details pane (packet-frame.c). */
import { LINK_TYPE_NAMES, WTAP_ENCAP, isKnownLinkType } from '../../capture/link-types.ts';
import type { Dissected } from '../dissect.ts';
import { frameProtocols } from '../filter/fields-tcp.ts';
import { diff, formatArrival, formatSeconds, type Stamp } from '../time.ts';
import type { Tree } from './text.ts';

export interface FrameContext {
  /** the pcapng interface name, undefined in pcap */
  readonly ifName: string | undefined;
  readonly pcapng: boolean;
  readonly prevDisplayed: Dissected | undefined;
}

export function frameSection(t: Tree, f: Dissected, ctx: FrameContext): void {
  const len = f.record.origLength;
  const cap = f.record.data.length;
  const iface = ctx.ifName !== undefined ? ` on interface ${ctx.ifName}, id ${f.record.ifIndex}` : '';
  t.proto(0, 'frame', `Frame ${f.no}: ${len} bytes on wire (${len * 8} bits), ${cap} bytes captured (${cap * 8} bits)${iface}`);
  if (ctx.pcapng) t.field(1, 'frame.section_number', 1, 'Section number: 1');
  if (ctx.ifName !== undefined) {
    t.field(1, 'frame.interface_id', f.record.ifIndex, `Interface id: ${f.record.ifIndex} (${ctx.ifName})`);
    t.field(2, 'frame.interface_name', ctx.ifName, `Interface name: ${ctx.ifName}`);
  }
  const lt = f.record.linkType;
  const known = isKnownLinkType(lt);
  const encap = known ? `${LINK_TYPE_NAMES[lt]} (${WTAP_ENCAP[lt]})` : `Unknown (${lt})`;
  t.field(1, 'frame.encap_type', known ? WTAP_ENCAP[lt]! : lt, `Encapsulation type: ${encap}`);
  const arrival = formatArrival(f.time, 9);
  t.field(1, 'frame.time', arrival, `Arrival Time: ${arrival}`);
  t.field(1, 'frame.offset_shift', '0.000000000', '[Time shift for this packet: 0.000000000 seconds]');
  const secs = (name: string, label: string, v: Stamp, generated: boolean): void => {
    const text = `${label}: ${formatSeconds(v, 9)} seconds`;
    t.field(1, name, formatSeconds(v, 9), generated ? `[${text}]` : text);
  };
  secs('frame.time_epoch', 'Epoch Time', f.time, false);
  const shownDelta = ctx.prevDisplayed ? diff(f.time, ctx.prevDisplayed.time) : { sec: 0, nsec: 0 };
  secs('frame.time_delta', 'Time delta from previous captured frame', f.delta, true);
  secs('frame.time_delta_displayed', 'Time delta from previous displayed frame', shownDelta, true);
  secs('frame.time_relative', 'Time since reference or first frame', f.relative, true);
  t.field(1, 'frame.number', f.no, `Frame Number: ${f.no}`);
  t.field(1, 'frame.len', len, `Frame Length: ${len} bytes (${len * 8} bits)`);
  t.field(1, 'frame.cap_len', cap, `Capture Length: ${cap} bytes (${cap * 8} bits)`);
  t.field(1, 'frame.marked', false, '[Frame is marked: False]');
  t.field(1, 'frame.ignored', false, '[Frame is ignored: False]');
  const protocols = frameProtocols(f);
  t.field(1, 'frame.protocols', protocols, `[Protocols in frame: ${protocols}]`);
}
