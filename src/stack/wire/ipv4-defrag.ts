/**
 * IPv4 reassembly (RFC 791 §3.2, RFC 815; Linux ip_defrag / ip_frag_queue): the fragments of a
 * packet for this host wait in a queue per (source, destination, identification, protocol)
 * until they cover its data from 0 to the end the last one (More Fragments clear) names; then
 * the packet is rebuilt from the first fragment's header. As Linux since 4.19, a fragment that
 * overlaps one already queued (other than an exact duplicate, which is dropped) discards the
 * queue (IPSTATS_MIB_REASM_OVERLAPS). A queue not complete after net.ipv4.ipfrag_time is
 * dropped (expire(); the kernel times it, and if the queue held the first fragment tells the
 * sender: ip_expire). The memory limits (ipfrag_high_thresh) are not modelled. Pure state,
 * no clock.
 */
import { internetChecksum } from './checksum.ts';

interface Piece {
  readonly off: number;
  readonly data: Uint8Array;
}

interface FragQueue {
  readonly pieces: Piece[];
  /** the end of the data, known once the last fragment came; −1 before */
  end: number;
  /** the fragment at offset 0 (header and data), once it came */
  first: Uint8Array | null;
  readonly key: string;
}

/** what adding a fragment did */
export type DefragResult =
  | { readonly kind: 'complete'; readonly packet: Uint8Array }
  /** `isNew`: the fragment began a new queue, which the caller times out (key for expire()) */
  | { readonly kind: 'queued'; readonly key: string; readonly isNew: boolean }
  | { readonly kind: 'dropped' };

export class IpDefrag {
  private readonly queues = new Map<string, FragQueue>();

  /** fragments waiting, over all queues (for tests and ss-like views) */
  get pending(): number {
    let n = 0;
    for (const q of this.queues.values()) n += q.pieces.length;
    return n;
  }

  /** one fragment (its IPv4 header and data, a view the caller may reuse: it is copied) */
  add(packet: Uint8Array): DefragResult {
    const ihl = (packet[0]! & 0x0f) * 4;
    const total = (packet[2]! << 8) | packet[3]!;
    const word = (packet[6]! << 8) | packet[7]!;
    const off = (word & 0x1fff) * 8;
    const more = (word & 0x2000) !== 0;
    const len = total - ihl;
    const key = `${packet[12]}.${packet[13]}.${packet[14]}.${packet[15]}>${packet[16]}.${packet[17]}.${packet[18]}.${packet[19]}/${(packet[4]! << 8) | packet[5]!}/${packet[9]}`;
    // RFC 791: every fragment but the last carries a multiple of 8 bytes
    if ((more && len % 8 !== 0) || len <= 0) return { kind: 'dropped' };
    let q = this.queues.get(key);
    const isNew = q === undefined;
    if (!q) {
      q = { pieces: [], end: -1, first: null, key };
      this.queues.set(key, q);
    }
    const end = off + len;
    if (ihl + end > 65535) return this.discard(q); // ip_frag_reasm(): "Oversized IP packet"
    if (!more) {
      if ((q.end >= 0 && q.end !== end) || q.pieces.some((p) => p.off + p.data.length > end)) return this.discard(q);
      q.end = end;
    } else if (q.end >= 0 && end > q.end) return this.discard(q);
    for (const p of q.pieces) {
      const pEnd = p.off + p.data.length;
      if (p.off === off && pEnd === end) return { kind: 'queued', key, isNew: false }; // a duplicate
      if (off < pEnd && p.off < end) return this.discard(q);
    }
    q.pieces.push({ off, data: packet.slice(ihl, total) });
    if (off === 0) q.first = packet.slice(0, total);
    const whole = this.assemble(q);
    if (whole) {
      this.queues.delete(key);
      return { kind: 'complete', packet: whole };
    }
    return { kind: 'queued', key, isNew };
  }

  /**
   * ip_expire(): the queue `key` ran out of time. Returns its first fragment when it had one
   * (the sender is told), null otherwise (also when the queue completed or was dropped meanwhile).
   */
  expire(key: string): { readonly first: Uint8Array | null } | null {
    const q = this.queues.get(key);
    if (!q) return null;
    this.queues.delete(key);
    return { first: q.first };
  }

  private discard(q: FragQueue): DefragResult {
    this.queues.delete(q.key);
    return { kind: 'dropped' };
  }

  /** the packet, once the pieces cover 0 … end */
  private assemble(q: FragQueue): Uint8Array | null {
    if (q.end < 0 || !q.first) return null;
    q.pieces.sort((a, b) => a.off - b.off);
    let at = 0;
    for (const p of q.pieces) {
      if (p.off !== at) return null;
      at += p.data.length;
    }
    if (at !== q.end) return null;
    const ihl = (q.first[0]! & 0x0f) * 4;
    const out = new Uint8Array(ihl + q.end);
    out.set(q.first.subarray(0, ihl));
    for (const p of q.pieces) out.set(p.data, ihl + p.off);
    const total = ihl + q.end;
    out[2] = total >>> 8;
    out[3] = total & 0xff;
    out[6] &= 0x40; // DF stays as the first fragment had it; MF and the offset go
    out[7] = 0;
    out[10] = 0;
    out[11] = 0;
    const c = internetChecksum(out, 0, ihl);
    out[10] = c >>> 8;
    out[11] = c & 0xff;
    return out;
  }
}
