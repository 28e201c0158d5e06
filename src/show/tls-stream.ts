/**
 * TLS over TCP conversations, one pass (packet-tls.c dissect_ssl / dissect_ssl3_record): which
 * conversations are TLS (a TLS port whose first bytes are a record, or the TCP heuristic on any
 * port), the session's version (set by the first authoritative record, then by the Server
 * Hello and its supported_versions), each direction's ChangeCipherSpec frame, and per
 * direction the bytes of a record still being reassembled. With tshark's defaults
 * (tcp.desegment_tcp_streams, tls.desegment_ssl_records) a record split over segments is
 * dissected on the frame that completes it; a frame that completes none shows
 * `[TCP segment of a reassembled PDU]`.
 *
 * Memory: per TLS conversation a few numbers, and per direction the bytes of the one record
 * in progress (at most one record, ≤ 2^16 + 5 bytes); nothing for a conversation that is not TLS.
 */
import {
  CT_ALERT, CT_APPLICATION_DATA, CT_CHANGE_CIPHER_SPEC, CT_HANDSHAKE, EXT_SUPPORTED_VERSIONS, HS_CLIENT_HELLO,
  HS_SERVER_HELLO, isTlsContentType, TLS1_3_VERSION, parseTlsHandshakeHeader, parseTlsHello, parseTlsRecordHeader, TLS_HANDSHAKE_HEADER_LEN,
  TLS_MAX_RECORD_LENGTH, TLS_RECORD_HEADER_LEN, tlsSupportedVersions, type TlsHandshakeHeader, type TlsHello,
} from '../stack/wire/tls.ts';
import { concat, type SegmentRef } from './http-stream.ts';
import { decodedAs, type DecodeAs } from './decode-as.ts';
import { TLS_ALERT_DESCRIPTION, TLS_ALERT_LEVEL, TLS_HANDSHAKE_TYPE, TLS_VERSION_SHORT } from './tls-names.ts';

/** TCP ports Wireshark 4.0 hands to TLS (`tshark -G decodes`, tcp.port … tls). */
export const TLS_TCP_PORTS: ReadonlySet<number> = new Set([
  261, 324, 443, 465, 636, 802, 853, 989, 990, 992, 993, 994, 995, 1300, 2221, 2443, 3249, 3250, 3251, 3252, 3496,
  5061, 5671, 5684, 5868, 8883, 11207, 19999, 27017,
]);

/** ports whose application data Wireshark names (ssl_associations: HTTP's 443) */
const APP_PROTOCOL_BY_PORT: ReadonlyMap<number, string> = new Map([[443, 'Hypertext Transfer Protocol']]);

export interface TlsMessage {
  readonly header: TlsHandshakeHeader;
  /** offset of the message's header in the record's fragment */
  readonly offset: number;
  readonly hello: TlsHello | undefined;
  /** the hello's random shows its first 4 bytes as a GMT time (not once the session is TLS 1.3) */
  readonly helloTime: boolean;
  /** the message's body (after its 4-byte header) */
  readonly body: Uint8Array;
  /** the session's cipher suite (the Server Hello's), 0 before it: how key exchanges read */
  readonly cipherSuite: number;
}

export interface TlsRecord {
  readonly contentType: number;
  readonly version: number;
  readonly length: number;
  /** the record's bytes, header included */
  readonly bytes: Uint8Array;
  /** the version the record's line names (the session's when known, else the record's own) */
  readonly shownVersion: number;
  /** the session's version was TLS 1.3 when this record was read (its type 23 is then opaque) */
  readonly tls13: boolean;
  /** handshake: the messages; an encrypted one leaves this empty */
  readonly messages: readonly TlsMessage[];
  readonly encrypted: boolean;
  /** application data: the protocol Wireshark names for it, if any */
  readonly appProtocol: string | undefined;
}

/** One `Transport Layer Security` section: the records of one PDU (a reassembled record, or the rest of the segment). */
export interface TlsSection {
  readonly records: readonly TlsRecord[];
  /** the segments a reassembled record came from (empty when it lies in this frame alone) */
  readonly segments: readonly SegmentRef[];
  readonly reassembled: Uint8Array | undefined;
}

export interface TlsFrame {
  readonly sections: readonly TlsSection[];
  /** this frame's bytes that went into a record completed here, then those kept for a later one (tcp.segment_data) */
  readonly segmentData: readonly Uint8Array[];
  /** the Protocol column (TLSv1.2 …) and the Info text ('' when no record completes here) */
  readonly protocol: string;
  readonly info: string;
}

interface Direction {
  buf: Uint8Array | undefined;
  segments: SegmentRef[];
  ccsFrame: number;
  /** a record (or the start of one) went this way: later bytes that are none are its Continuation Data */
  seen: boolean;
}

interface Conversation {
  version: number;
  cipherSuite: number;
  readonly dirs: [Direction, Direction];
  readonly appProtocol: string | undefined;
}

export class TlsTracker {
  private readonly conversations = new Map<number, Conversation>();

  /** `decodeAs`: tshark -d rules (tcp.port==N,tls makes a port TLS; …,http or …,data keeps TLS off it) */
  constructor(private readonly decodeAs: readonly DecodeAs[] = []) {}

  /** Has TLS's heuristic or port claimed the stream (its conversation dissector, ahead of any port's)? */
  claims(stream: number): boolean {
    return this.conversations.has(stream);
  }

  /** One TCP segment's payload of stream `stream` from its `forward` end; undefined when it is not TLS. */
  segment(stream: number, forward: boolean, srcPort: number, dstPort: number, frame: number, payload: Uint8Array): TlsFrame | undefined {
    const forced = this.decodeAs.length > 0 ? decodedAs(this.decodeAs, 'tcp', srcPort, dstPort) : undefined;
    if (forced !== undefined && forced !== 'tls') return undefined;
    let conv = this.conversations.get(stream);
    if (!conv) {
      // a conversation that is not TLS costs a lookup and a few byte tests per segment, no allocation
      const tls = forced === 'tls' || (TLS_TCP_PORTS.has(srcPort) || TLS_TCP_PORTS.has(dstPort) ? looksLikeRecord(payload) : tlsHeuristic(payload));
      if (!tls) return undefined;
      const appProtocol = APP_PROTOCOL_BY_PORT.get(srcPort) ?? APP_PROTOCOL_BY_PORT.get(dstPort);
      conv = { version: 0, cipherSuite: 0, dirs: [newDirection(), newDirection()], appProtocol };
      this.conversations.set(stream, conv);
    }
    const dir = conv.dirs[forward ? 1 : 0];
    // a direction no record went yet: bytes that start none are not TLS's (a TLS client's plain-text
    // server answering: tshark shows them as Data, and TLS again once a record comes)
    if (!dir.seen) {
      const h = parseTlsRecordHeader(payload, 0);
      if (payload.length >= TLS_RECORD_HEADER_LEN && !(h && isTlsContentType(h.contentType))) return undefined;
      dir.seen = true;
    }
    const sections: TlsSection[] = [];
    const segmentData: Uint8Array[] = [];
    const names: string[] = [];
    let lastVersion = 0;
    let at = 0;
    if (dir.buf) {
      // the record in progress: complete it from this payload, or keep waiting
      const have = dir.buf.length;
      const need = pduLength(have >= TLS_RECORD_HEADER_LEN ? dir.buf : concat(dir.buf, payload.subarray(0, TLS_RECORD_HEADER_LEN - have)));
      const take = need === undefined ? payload.length : Math.min(payload.length, need - have);
      const bytes = concat(dir.buf, payload.subarray(0, take));
      dir.segments.push({ frame, length: take });
      segmentData.push(payload.subarray(0, take));
      if (need === undefined || bytes.length < need) {
        dir.buf = bytes;
        return { sections, segmentData, protocol: 'TCP', info: '' };
      }
      const h = parseTlsRecordHeader(bytes, 0);
      if (h && !isTlsContentType(h.contentType)) {
        // what waited was no record after all: the bytes are Continuation Data (an empty TLS tree)
        sections.push({ records: [], segments: dir.segments, reassembled: bytes });
        dir.buf = undefined;
        dir.segments = [];
        return { sections, segmentData, protocol: TLS_VERSION_SHORT[conv.version] ?? 'SSL', info: 'Continuation Data' };
      }
      const rec = this.record(conv, dir, frame, bytes, names);
      lastVersion = rec.version;
      sections.push({ records: [rec], segments: dir.segments, reassembled: bytes });
      dir.buf = undefined;
      dir.segments = [];
      at = take;
    }
    const records: TlsRecord[] = [];
    const restStart = at;
    let continuation = false;
    while (at < payload.length) {
      const h = parseTlsRecordHeader(payload, at);
      const end = h ? at + TLS_RECORD_HEADER_LEN + h.length : Infinity;
      if (h && !isTlsContentType(h.contentType)) {
        names.push('Continuation Data');
        continuation = true;
        break;
      }
      if (end > payload.length) {
        // the reader's buffer is reused for the next record: keep a copy
        dir.buf = payload.slice(at);
        dir.segments = [{ frame, length: payload.length - at }];
        segmentData.push(payload.subarray(at));
        break;
      }
      const rec = this.record(conv, dir, frame, payload.subarray(at, end), names);
      lastVersion = rec.version;
      records.push(rec);
      at = end;
    }
    // TLS saw the rest of the segment (after a reassembled record, or all of it): a section of its own even when
    // it only holds the start of a record (tshark's empty `Transport Layer Security` after a reassembled one)
    if (records.length > 0 || continuation || (restStart < payload.length && sections.length > 0)) sections.push({ records, segments: [], reassembled: undefined });
    if (names.length === 0) return { sections, segmentData, protocol: 'TCP', info: '' };
    const version = conv.version || lastVersion;
    // val_to_str_const(version, ssl_version_short_names, "SSL"): no version known yet, "SSL"
    return { sections, segmentData, protocol: TLS_VERSION_SHORT[version] ?? 'SSL', info: names.join(', ') };
  }

  /** One whole record: the session's version and CCS bookkeeping, its Info names appended to `names`. */
  private record(conv: Conversation, dir: Direction, frame: number, bytes: Uint8Array, names: string[]): TlsRecord {
    const h = parseTlsRecordHeader(bytes, 0)!;
    const fragment = bytes.subarray(TLS_RECORD_HEADER_LEN);
    // ssl_try_set_version: any record but a Client Hello tells the session's version
    if (conv.version === 0 && TLS_VERSION_SHORT[h.version] && !(h.contentType === CT_HANDSHAKE && fragment[0] === HS_CLIENT_HELLO)) conv.version = h.version;
    const shownVersion = conv.version || h.version;
    const tls13 = conv.version === 0x0304;
    let messages: TlsMessage[] = [];
    let encrypted = false;
    if (h.contentType === CT_CHANGE_CIPHER_SPEC) {
      names.push('Change Cipher Spec');
      if (dir.ccsFrame === 0) dir.ccsFrame = frame;
    } else if (h.contentType === CT_ALERT) {
      names.push(h.length === 2
        ? `Alert (Level: ${TLS_ALERT_LEVEL[fragment[0]!] ?? 'Unknown'}, Description: ${TLS_ALERT_DESCRIPTION[fragment[1]!] ?? 'Unknown'})`
        : 'Encrypted Alert');
    } else if (h.contentType === CT_HANDSHAKE) {
      encrypted = isEncryptedHandshake(fragment, dir.ccsFrame !== 0 && frame > dir.ccsFrame);
      if (encrypted) names.push('Encrypted Handshake Message');
      else messages = this.handshake(conv, fragment, names);
    } else if (h.contentType === CT_APPLICATION_DATA) names.push('Application Data');
    else names.push('Heartbeat');
    const appProtocol = h.contentType === CT_APPLICATION_DATA ? conv.appProtocol : undefined;
    return { contentType: h.contentType, version: h.version, length: h.length, bytes, shownVersion, tls13, messages, encrypted, appProtocol };
  }

  private handshake(conv: Conversation, fragment: Uint8Array, names: string[]): TlsMessage[] {
    const out: TlsMessage[] = [];
    for (let at = 0; at < fragment.length;) {
      const header = parseTlsHandshakeHeader(fragment, at);
      if (!header) break;
      const end = at + TLS_HANDSHAKE_HEADER_LEN + header.length;
      const type = TLS_HANDSHAKE_TYPE[header.type] ?? 'Encrypted Handshake Message';
      if (end > fragment.length) {
        // a message continued in the next record (rare here): named as a fragment when it is the record's first
        if (out.length === 0) names.push(`[${type} Fragment]`);
        break;
      }
      names.push(type);
      let hello: TlsHello | undefined;
      if (header.type === HS_CLIENT_HELLO || header.type === HS_SERVER_HELLO) {
        const kind = header.type === HS_CLIENT_HELLO ? 'client' : 'server';
        const p = parseTlsHello(fragment.subarray(at + TLS_HANDSHAKE_HEADER_LEN, end), kind);
        if (p.ok) hello = p.value;
        if (hello && kind === 'server') {
          conv.version = selectedVersion(hello);
          conv.cipherSuite = hello.cipherSuites[0]!;
        }
      }
      const body = fragment.subarray(at + TLS_HANDSHAKE_HEADER_LEN, end);
      out.push({ header, offset: at, hello, helloTime: conv.version !== TLS1_3_VERSION, body, cipherSuite: conv.cipherSuite });
      at = end;
    }
    return out;
  }
}

/** The Server Hello's version: supported_versions' selection (TLS 1.3), else its own field. */
export function selectedVersion(h: TlsHello): number {
  const sv = h.extensions.find((e) => e.type === EXT_SUPPORTED_VERSIONS);
  return (sv && tlsSupportedVersions(sv.data, 'server')[0]) || h.version;
}

/** packet-tls.c is_encrypted_handshake_message: ≥ 16 bytes and an explicit nonce of zeros or a CCS already sent, or a type/length that makes no sense. */
function isEncryptedHandshake(f: Uint8Array, afterCcs: boolean): boolean {
  if (f.length < 16) return false;
  if ((f[0]! | f[1]! | f[2]! | f[3]! | f[4]!) === 0 || afterCcs) return true;
  return TLS_HANDSHAKE_TYPE[f[0]!] === undefined || f[1]! !== 0;
}

/** The length of the record `buf` starts, once its header is in. */
function pduLength(buf: Uint8Array): number | undefined {
  const h = parseTlsRecordHeader(buf, 0);
  return h ? TLS_RECORD_HEADER_LEN + h.length : undefined;
}

/** A TLS port's first bytes: a record header with a known content type and an SSL 3.0 – TLS 1.3 version. */
function looksLikeRecord(b: Uint8Array): boolean {
  return b.length >= TLS_RECORD_HEADER_LEN && isTlsContentType(b[0]!) && b[1] === 3 && b[2]! <= 4;
}

/** Wireshark's TCP heuristic for TLS on other ports: a handshake record of plausible length. */
function tlsHeuristic(b: Uint8Array): boolean {
  if (b.length < TLS_RECORD_HEADER_LEN || b[0] !== CT_HANDSHAKE || b[1] !== 3 || b[2]! > 4) return false;
  const len = (b[3]! << 8) | b[4]!;
  return len >= TLS_HANDSHAKE_HEADER_LEN && len <= TLS_MAX_RECORD_LENGTH;
}

function newDirection(): Direction {
  return { buf: undefined, segments: [], ccsFrame: 0, seen: false };
}
