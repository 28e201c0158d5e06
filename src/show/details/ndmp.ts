/**
 * What NDMP's dissector adds to a segment on TCP port 10000 (ndmp-stream.ts), as tshark 4.0
 * prints it: TCP's `[PDU Size: N]` and `TCP segment data` items, then after TCP's tree the
 * reassembly, each record as `Network Data Management Protocol` (its record mark and
 * fragment data), a message's fragments, and Data for what NDMP refused.
 */
import type { NdmpFrame, NdmpSection } from '../ndmp-stream.ts';
import { reassemblySection } from './http.ts';
import { bits, byteCount, hexValue, NOT_DETAILED, type Tree } from './text.ts';
import { dataSection } from './udp.ts';

/** TCP's own items after `TCP payload (N bytes)` */
export function ndmpTcpItems(t: Tree, n: NdmpFrame): void {
  for (const i of n.tcpItems) {
    if (i.kind === 'pdu-size') t.field(1, 'tcp.pdu.size', i.size, `[PDU Size: ${i.size}]`);
    else t.field(1, 'tcp.segment_data', i.bytes, `TCP segment data (${byteCount(i.bytes.length)})`);
  }
}

/** The trees after TCP's, in the order tshark adds them */
export function ndmpSections(t: Tree, n: NdmpFrame): void {
  for (const s of n.sections) section(t, s);
}

function section(t: Tree, s: NdmpSection): void {
  switch (s.kind) {
    case 'reassembled':
      reassemblySection(t, s.segments, s.bytes);
      return;
    case 'data':
      dataSection(t, s.bytes);
      return;
    case 'fragment': {
      const len = s.mark & 0x7fff_ffff;
      t.proto(0, 'ndmp', 'Network Data Management Protocol');
      t.line(1, `Fragment header: ${byteCount(len)}`);
      t.field(2, 'ndmp.lastfrag', (s.mark & 0x8000_0000) !== 0, `${bits(32, 0x8000_0000, s.mark)} = Last Fragment: ${s.mark & 0x8000_0000 ? 'Yes' : 'No'}`);
      t.field(2, 'ndmp.fraglen', len, `${bits(32, 0x7fff_ffff, s.mark)} = Fragment Length: ${len}`);
      t.field(1, 'ndmp.fragment_data', s.data, `NDMP fragment data: ${hexValue(s.data)}`);
      return;
    }
    case 'fragments': {
      const total = s.parts.reduce((a, p) => a + p.length, 0);
      t.none(0, 'ndmp.fragments', `[${s.parts.length} NDMP fragments (${byteCount(total)}): ${s.parts.map((p) => `#${p.frame}(${p.length})`).join(', ')}]`);
      let off = 0;
      for (const p of s.parts) {
        t.field(1, 'ndmp.fragment', p.frame, `[Frame: ${p.frame}, payload: ${off}-${off + p.length - 1} (${byteCount(p.length)})]`);
        off += p.length;
      }
      t.field(1, 'ndmp.fragment.count', s.parts.length, `[NDMP fragment count: ${s.parts.length}]`);
      t.field(1, 'ndmp.reassembled.length', total, `[Reassembled NDMP length: ${total}]`);
      return;
    }
    case 'message':
      t.proto(0, 'ndmp', 'Network Data Management Protocol');
      t.line(1, NOT_DETAILED);
      return;
  }
}

/** frame.protocols after tcp: ndmp once when its dissector took a record (even one it shows nothing of), then data when Data shows */
export function ndmpProtocols(n: NdmpFrame): string[] {
  const out: string[] = [];
  if (n.dissected) out.push('ndmp');
  if (n.sections.some((s) => s.kind === 'data')) out.push('data');
  return out;
}
