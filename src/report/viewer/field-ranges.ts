/**
 * Which bytes a line of the details pane stands for, so the hex pane can light them up. A
 * section line (depth 0) covers its layer; a field line covers its field when the field is in
 * the table below (fixed offsets from RFC 791, RFC 9293, RFC 768, IEEE 802.3 and Linux's
 * cooked headers), and its whole section otherwise — never a guess narrower than that.
 */
import type { Dissected } from '../../show/dissect.ts';

export interface ByteRange {
  readonly start: number;
  readonly end: number;
}

type Layer = 'frame' | 'link' | 'network' | 'transport' | 'payload';

/** [offset, length] within the layer; a negative length runs to the layer's end. */
const FIELDS: Readonly<Record<Layer, Readonly<Record<string, readonly [number, number]>>>> = {
  frame: {},
  link: {
    Destination: [0, 6], Source: [6, 6], Type: [12, 2],
    'Packet type': [0, 2], 'Link-layer address type': [2, 2], 'Link-layer address length': [4, 2],
    Unused: [14, 2], Protocol: [14, 2],
  },
  network: {
    Version: [0, 1], 'Header Length': [0, 1], 'Differentiated Services Field': [1, 1],
    'Differentiated Services Codepoint': [1, 1], 'Explicit Congestion Notification': [1, 1],
    'Total Length': [2, 2], Identification: [4, 2], Flags: [6, 1], 'Reserved bit': [6, 1],
    "Don't fragment": [6, 1], 'More fragments': [6, 1], 'Fragment Offset': [6, 2],
    'Time to Live': [8, 1], Protocol: [9, 1], 'Header Checksum': [10, 2],
    'Source Address': [12, 4], 'Destination Address': [16, 4],
    'Hardware type': [0, 2], 'Protocol type': [2, 2], 'Hardware size': [4, 1], 'Protocol size': [5, 1],
    Opcode: [6, 2], 'Sender MAC address': [8, 6], 'Sender IP address': [14, 4],
    'Target MAC address': [18, 6], 'Target IP address': [24, 4],
  },
  transport: {
    'Source Port': [0, 2], 'Destination Port': [2, 2], 'Sequence Number': [4, 4], 'Sequence Number (raw)': [4, 4],
    'Acknowledgment Number': [8, 4], 'Acknowledgment number (raw)': [8, 4], Flags: [12, 2],
    Window: [14, 2], Checksum: [16, 2], 'Urgent Pointer': [18, 2], Options: [20, -1],
    Length: [4, 2], Type: [0, 1], Code: [1, 1], Identifier: [4, 2],
  },
  payload: {},
};

const UDP_CHECKSUM: readonly [number, number] = [6, 2];

/** The field's name on a details line: `Source Port: 1` → `Source Port`; `0100 .... = Version: 4` → `Version`. */
export function fieldName(line: string): string {
  let s = line.trim().replace(/^\[|\]$/g, '');
  const bitsAt = s.match(/^[01. ]+ = /);
  if (bitsAt) s = s.slice(bitsAt[0].length);
  const colon = s.indexOf(':');
  return (colon >= 0 ? s.slice(0, colon) : s).trim();
}

function depthOf(line: string): number {
  return Math.floor((line.length - line.trimStart().length) / 4);
}

function layerOf(section: string): Layer {
  if (section.startsWith('Frame ')) return 'frame';
  if (section.startsWith('Ethernet II') || section.startsWith('Linux cooked capture')) return 'link';
  if (section.startsWith('Internet Protocol') || section.startsWith('Address Resolution Protocol')) return 'network';
  if (section.startsWith('Transmission Control') || section.startsWith('User Datagram') || section.startsWith('Internet Control Message')) return 'transport';
  return 'payload';
}

function layerRange(d: Dissected, layer: Layer): ByteRange {
  const v = d.view;
  const len = d.record.data.length;
  const ends = [v.networkOffset, v.transportOffset, v.payloadOffset, len].filter((o) => o >= 0);
  const upTo = (start: number): number => ends.find((o) => o > start) ?? len;
  switch (layer) {
    case 'frame':
      return { start: 0, end: len };
    case 'link':
      return { start: 0, end: upTo(0) };
    case 'network':
      return v.networkOffset < 0 ? { start: 0, end: 0 } : { start: v.networkOffset, end: upTo(v.networkOffset) };
    case 'transport':
      return v.transportOffset < 0 ? { start: 0, end: 0 } : { start: v.transportOffset, end: upTo(v.transportOffset) };
    case 'payload':
      return v.payloadOffset < 0 ? { start: 0, end: 0 } : { start: v.payloadOffset, end: v.payloadOffset + (v.payload?.length ?? 0) };
  }
}

/** The bytes of line `i` of `lines` (the details of `d`); empty when the line has none. */
export function lineRange(d: Dissected, lines: readonly string[], i: number): ByteRange {
  let s = i;
  while (s > 0 && (depthOf(lines[s]!) > 0 || lines[s]!.trim() === '' || /^[0-9a-f]{4}  /.test(lines[s]!))) s--;
  const layer = layerOf(lines[s]!.trim());
  const whole = layerRange(d, layer);
  if (s === i || whole.end <= whole.start) return whole;
  if (layer === 'transport' && fieldName(lines[i]!).startsWith('TCP payload')) return layerRange(d, 'payload');
  // a line with no entry of its own belongs to the nearest parent that has one
  let f: readonly [number, number] | undefined;
  let depth = Infinity;
  for (let j = i; j > s && !f; j--) {
    const dj = depthOf(lines[j]!);
    if (dj >= depth) continue;
    depth = dj;
    f = fieldEntry(d, layer, fieldName(lines[j]!));
  }
  if (!f) return whole;
  const start = whole.start + f[0];
  return { start, end: f[1] < 0 ? whole.end : Math.min(whole.end, start + f[1]) };
}

function fieldEntry(d: Dissected, layer: Layer, name: string): readonly [number, number] | undefined {
  if (layer === 'transport' && d.view.udp && name === 'Checksum') return UDP_CHECKSUM;
  if (layer === 'transport' && d.view.icmp && name === 'Checksum') return [2, 2];
  if (layer === 'link' && d.view.link?.kind !== 'ethernet' && (name === 'Source')) return [6, 8];
  return FIELDS[layer][name];
}
