/**
 * NDMP's filter fields on TCP port 10000 (packet-ndmp.c names; ndmp-stream.ts), and TCP's
 * `tcp.pdu.size`, which only tcp_dissect_pdus sets — among labwire's dissectors, NDMP's alone.
 */
import type { Dissected } from '../dissect.ts';
import type { NdmpSection } from '../ndmp-stream.ts';
import type { FieldDef, FieldTable, FieldType, Value } from './fields.ts';

const NONE: readonly Value[] = [];

// defined here, not imported from fields.ts: that module builds its table from this one's at load time
function many(type: FieldType, get: (f: Dissected) => readonly Value[]): FieldDef {
  return { type, get };
}

function sections<K extends NdmpSection['kind']>(f: Dissected, kind: K): Extract<NdmpSection, { kind: K }>[] {
  return (f.ndmp?.sections.filter((s) => s.kind === kind) ?? []) as Extract<NdmpSection, { kind: K }>[];
}

export function ndmpFields(): FieldTable {
  return {
    // the protocol's own item: a record shown as NDMP (a fragment's tree, a message), not a
    // last fragment's reassembly list alone (frame.protocols names ndmp for that one too)
    'ndmp': many('protocol', (f) => f.ndmp?.sections.flatMap((s) => (s.kind === 'fragment' ? [s.data] : s.kind === 'message' ? [s.bytes] : [])) ?? NONE),
    'ndmp.lastfrag': many('bool', (f) => sections(f, 'fragment').map((s) => (s.mark & 0x8000_0000) !== 0)),
    'ndmp.fraglen': many('u32', (f) => sections(f, 'fragment').map((s) => s.mark & 0x7fff_ffff)),
    'ndmp.fragment_data': many('bytes', (f) => sections(f, 'fragment').map((s) => s.data)),
    'ndmp.fragments': many('none', (f) => sections(f, 'fragments').map(() => 0)),
    'ndmp.fragment': many('framenum', (f) => sections(f, 'fragments').flatMap((s) => s.parts.map((p) => p.frame))),
    'ndmp.fragment.count': many('u32', (f) => sections(f, 'fragments').map((s) => s.parts.length)),
    'ndmp.reassembled.length': many('u32', (f) => sections(f, 'fragments').map((s) => s.parts.reduce((a, p) => a + p.length, 0))),
    'tcp.pdu.size': many('u32', (f) => f.ndmp?.tcpItems.flatMap((i) => (i.kind === 'pdu-size' ? [i.size] : [])) ?? NONE),
  };
}

/** the Data blocks NDMP's reassembly leaves (what it refused) */
export function ndmpDataBlocks(f: Dissected): readonly Uint8Array[] {
  return sections(f, 'data').map((s) => s.bytes);
}
