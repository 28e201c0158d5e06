/**
 * TCP options in the details pane (packet-tcp.c dissect_tcpopt_*): the options' bytes, then
 * each option as its own item (its bytes in JSON) with its kind, length and values.
 */
import type { TcpOption } from '../../stack/wire/tcp-options.ts';
import { expertItem } from './expert.ts';
import type { Tree } from './tree.ts';

/** RFC 2883 §4: a first block below the cumulative ACK, or inside the second block, reports a duplicate. */
function isDsack(blocks: readonly (readonly [number, number])[], ack: number): boolean {
  const [first, second] = blocks;
  if (!first) return false;
  const before = (a: number, b: number): boolean => ((a - b) | 0) < 0;
  if (before(first[0], ack)) return true;
  return second !== undefined && !before(first[0], second[0]) && !before(second[1], first[1]);
}

export function optionName(o: TcpOption): string {
  switch (o.kind) {
    case 'eol': return 'End of Option List (EOL)';
    case 'nop': return 'No-Operation (NOP)';
    case 'mss': return 'Maximum segment size';
    case 'wscale': return 'Window scale';
    case 'sackPermitted': return 'SACK permitted';
    case 'sack': return 'SACK';
    case 'timestamps': return 'Timestamps';
    case 'unknown': return `Unknown (0x${o.code.toString(16).padStart(2, '0')})`;
  }
}

/** The Options item and one item per option; `raw` holds the options' bytes, `sackBase` the peer's ISN, `ack` the segment's raw ACK. */
export function optionsLines(t: Tree, options: readonly TcpOption[], raw: Uint8Array, sackBase: number, ack: number): void {
  t.field(1, 'tcp.options', raw, `Options: (${raw.length} bytes), ${options.map(optionName).join(', ')}`);
  let at = 0;
  for (const o of options) {
    const len = o.kind === 'eol' || o.kind === 'nop' ? 1 : Math.max(2, raw[at + 1] ?? 2);
    optionLines(t, o, raw.subarray(at, at + len), sackBase, ack);
    at += len;
  }
}

function optionLines(t: Tree, o: TcpOption, bytes: Uint8Array, sackBase: number, ack: number): void {
  const kind = (name: string, code: number): void => t.field(3, 'tcp.option_kind', code, `Kind: ${name} (${code})`);
  const length = (n: number): void => t.field(3, 'tcp.option_len', n, `Length: ${n}`);
  switch (o.kind) {
    case 'eol':
      t.field(2, 'tcp.options.eol', bytes, 'TCP Option - End of Option List (EOL)');
      return kind('End of Option List', 0);
    case 'nop':
      t.field(2, 'tcp.options.nop', bytes, 'TCP Option - No-Operation (NOP)');
      return kind('No-Operation', 1);
    case 'mss':
      t.field(2, 'tcp.options.mss', bytes, `TCP Option - Maximum segment size: ${o.mss} bytes`);
      kind('Maximum Segment Size', 2);
      length(4);
      t.field(3, 'tcp.options.mss_val', o.mss, `MSS Value: ${o.mss}`);
      return;
    case 'sackPermitted':
      t.field(2, 'tcp.options.sack_perm', bytes, 'TCP Option - SACK permitted');
      kind('SACK Permitted', 4);
      return length(2);
    case 'timestamps':
      t.field(2, 'tcp.options.timestamp', bytes, `TCP Option - Timestamps: TSval ${o.tsval}, TSecr ${o.tsecr}`);
      kind('Time Stamp Option', 8);
      length(10);
      t.field(3, 'tcp.options.timestamp.tsval', o.tsval, `Timestamp value: ${o.tsval}`);
      t.field(3, 'tcp.options.timestamp.tsecr', o.tsecr, `Timestamp echo reply: ${o.tsecr}`);
      return;
    case 'wscale': {
      const mult = 2 ** Math.min(o.shift, 14);
      t.field(2, 'tcp.options.wscale', bytes, `TCP Option - Window scale: ${o.shift} (multiply by ${mult})`);
      kind('Window Scale', 3);
      length(3);
      t.field(3, 'tcp.options.wscale.shift', o.shift, `Shift count: ${o.shift}`);
      t.field(3, 'tcp.options.wscale.multiplier', mult, `[Multiplier: ${mult}]`);
      return;
    }
    case 'sack': {
      const rel = (x: number): number => (x - sackBase) >>> 0;
      t.field(2, 'tcp.options.sack', bytes, `TCP Option - SACK ${o.blocks.map(([l, r]) => `${rel(l)}-${rel(r)}`).join(' ')}`);
      kind('SACK', 5);
      length(2 + 8 * o.blocks.length);
      for (const [l, r] of o.blocks) {
        t.field(3, 'tcp.options.sack_le', rel(l), `left edge = ${rel(l)} (relative)`);
        t.field(3, 'tcp.options.sack_re', rel(r), `right edge = ${rel(r)} (relative)`);
      }
      t.field(3, 'tcp.options.sack.count', o.blocks.length, `[TCP SACK Count: ${o.blocks.length}]`);
      if (isDsack(o.blocks, ack)) {
        const [l, r] = o.blocks[0]!;
        t.field(3, 'tcp.options.sack.dsack_le', rel(l), `[D-SACK Left Edge = ${rel(l)} (relative)]`);
        t.field(3, 'tcp.options.sack.dsack_re', rel(r), `[D-SACK Right Edge = ${rel(r)} (relative)]`);
        t.line(3, 'D-SACK Sequence');
        expertItem(t, 4, 'tcp.options.sack.dsack', 'Warning', 'Sequence', 'D-SACK Sequence');
      }
      return;
    }
    case 'unknown':
      t.line(2, `TCP Option - ${optionName(o)}`);
      t.line(3, '[labwire show does not detail this option yet]');
      return;
  }
}
