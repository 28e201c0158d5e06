/**
 * Wireshark's expert items (epan/expert.c) in the details tree: `[Expert Info (Chat/Sequence):
 * text]` with the expert's own field (e.g. `tcp.connection.syn`), its message (hidden, JSON
 * only), severity and group under it; JSON prints severity and group as Wireshark's PI_*
 * numbers (epan/proto.h).
 */
import type { Tree } from './tree.ts';

export type Severity = 'Comment' | 'Chat' | 'Note' | 'Warning' | 'Error';
export type Group = 'Checksum' | 'Sequence' | 'Malformed' | 'Protocol' | 'Comment';

const SEVERITY: Readonly<Record<Severity, number>> = { Comment: 0x00100000, Chat: 0x00200000, Note: 0x00400000, Warning: 0x00600000, Error: 0x00800000 };
const GROUP: Readonly<Record<Group, number>> = { Checksum: 0x01000000, Sequence: 0x02000000, Malformed: 0x07000000, Protocol: 0x09000000, Comment: 0x0b000000 };

/** An expert item at `depth` whose own field is `abbrev`. */
export function expertItem(t: Tree, depth: number, abbrev: string, severity: Severity, group: Group, text: string): void {
  t.none(depth, '_ws.expert', `[Expert Info (${severity}/${group}): ${text}]`);
  t.none(depth + 1, abbrev, `[${text}]`);
  t.hidden(depth + 1, '_ws.expert.message', text);
  t.field(depth + 1, '_ws.expert.severity', SEVERITY[severity], `[Severity level: ${severity}]`);
  t.field(depth + 1, '_ws.expert.group', GROUP[group], `[Group: ${group}]`);
}

/**
 * packet.c's show_exception for a protocol whose bytes ended early: the `[Malformed Packet:
 * NAME]` protocol item, its expert item, and a hidden copy of itself (JSON only).
 */
export function malformedItems(t: Tree, protocol: string): void {
  t.proto(0, '_ws.malformed', `[Malformed Packet: ${protocol}]`);
  expertItem(t, 1, '_ws.malformed.expert', 'Error', 'Malformed', 'Malformed Packet (Exception occurred)');
  t.proto(1, '_ws.malformed', 'Malformed Packet', true);
}
