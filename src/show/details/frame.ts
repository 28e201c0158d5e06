/** The Frame section of the details pane (packet-frame.c). */
import { LINK_TYPE_NAMES, WTAP_ENCAP, isKnownLinkType } from '../../capture/link-types.ts';
import type { Dissected } from '../dissect.ts';
import { frameProtocols } from '../filter/fields-tcp.ts';
import { diff, formatArrival, formatSeconds } from '../time.ts';
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
  t.line(0, `Frame ${f.no}: ${len} bytes on wire (${len * 8} bits), ${cap} bytes captured (${cap * 8} bits)${iface}`);
  if (ctx.pcapng) t.line(1, 'Section number: 1');
  if (ctx.ifName !== undefined) {
    t.line(1, `Interface id: ${f.record.ifIndex} (${ctx.ifName})`);
    t.line(2, `Interface name: ${ctx.ifName}`);
  }
  const lt = f.record.linkType;
  const encap = isKnownLinkType(lt) ? `${LINK_TYPE_NAMES[lt]} (${WTAP_ENCAP[lt]})` : `Unknown (${lt})`;
  t.line(1, `Encapsulation type: ${encap}`);
  t.line(1, `Arrival Time: ${formatArrival(f.time, 9)}`);
  t.line(1, '[Time shift for this packet: 0.000000000 seconds]');
  t.line(1, `Epoch Time: ${formatSeconds(f.time, 9)} seconds`);
  const shownDelta = ctx.prevDisplayed ? diff(f.time, ctx.prevDisplayed.time) : { sec: 0, nsec: 0 };
  t.line(1, `[Time delta from previous captured frame: ${formatSeconds(f.delta, 9)} seconds]`);
  t.line(1, `[Time delta from previous displayed frame: ${formatSeconds(shownDelta, 9)} seconds]`);
  t.line(1, `[Time since reference or first frame: ${formatSeconds(f.relative, 9)} seconds]`);
  t.line(1, `Frame Number: ${f.no}`);
  t.line(1, `Frame Length: ${len} bytes (${len * 8} bits)`);
  t.line(1, `Capture Length: ${cap} bytes (${cap * 8} bits)`);
  t.line(1, '[Frame is marked: False]');
  t.line(1, '[Frame is ignored: False]');
  t.line(1, `[Protocols in frame: ${frameProtocols(f)}]`);
}
