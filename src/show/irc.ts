/**
 * IRC (RFC 1459/2812) on TCP ports 6667 and 57000 as tshark 4.0's packet-irc.c reads it: the
 * payload line by line, each line a Request (to the IRC port) or a Response (from it) with its
 * prefix, command, parameters, trailer and CTCP data, and the Info column `Request (NICK)
 * (USER)`. The course's IRC client (rm77/progjar, progjar4c) speaks it on 6667. No reassembly:
 * packet-irc.c dissects what each segment holds, a line cut by the segment's end included.
 *
 * The parse follows packet-irc.c's offsets exactly, its quirks too, since tshark's output is
 * the reference: a tag (CTCP) in the parameters shows one byte short ("CTCP Data: VERSIO"),
 * the delimiter search for a trailer's tag runs to the end of the payload, and the text after
 * a tag is a parameter of its own, empty when a space follows the tag.
 */
import { asciiString } from './details/text.ts';

/** An item under a line, in tshark's order; `params` holds the `Command parameters` subtree's. */
export type IrcNode =
  | { readonly kind: 'prefix' | 'command' | 'trailer' | 'ctcp'; readonly bytes: Uint8Array }
  | { readonly kind: 'num-command'; readonly value: number }
  | { readonly kind: 'params'; readonly params: Uint8Array[] }
  | { readonly kind: 'expert'; readonly expert: IrcExpert };

export type IrcExpert = 'missing-end-delimiter' | 'tag-data-invalid' | 'prefix-missing-space' | 'no-command' | 'numeric-request-command';

export interface IrcLine {
  readonly bytes: Uint8Array;
  readonly nodes: readonly IrcNode[];
}

export interface IrcFrame {
  /** sent to the IRC port (pinfo->match_uint == destport) */
  readonly request: boolean;
  readonly lines: readonly IrcLine[];
  /** the Info column */
  readonly info: string;
}

export const IRC_TCP_PORTS: ReadonlySet<number> = new Set([6667, 57000]);
const SP = 0x20;
const TAG = 0x01;

/** dissect_irc(): the payload sent to (`request`) or from the IRC port */
export function parseIrc(payload: Uint8Array, request: boolean): IrcFrame {
  const lines: IrcLine[] = [];
  let info = request ? 'Request' : 'Response';
  let offset = 0;
  while (offset < payload.length) {
    const { length, next } = findLineEnd(payload, offset);
    if (next === offset) break;
    if (length !== 0) {
      const line = parseLine(payload, offset, length, request);
      for (const n of line.nodes) if (n.kind === 'command') info += ` (${asciiString(n.bytes)})`;
      lines.push(line);
    }
    offset = next;
  }
  return { request, lines, info };
}

/** tvb_find_line_end() without desegmentation: CR, LF or CRLF ends a line; the payload's end does too */
function findLineEnd(b: Uint8Array, from: number): { length: number; next: number } {
  for (let i = from; i < b.length; i++) {
    if (b[i] === 0x0a) return { length: i - from, next: i + 1 };
    if (b[i] === 0x0d) return { length: i - from, next: b[i + 1] === 0x0a ? i + 2 : i + 1 };
  }
  return { length: b.length - from, next: b.length };
}

/** tvb_find_guint8 / tvb_ws_mempbrk_pattern_guint8: the first `byte` in [from, from + limit), −1 if none; a negative limit reaches the payload's end */
function find(b: Uint8Array, from: number, limit: number, byte: number): number {
  const end = limit < 0 ? b.length : Math.min(b.length, from + limit);
  for (let i = from; i < end; i++) if (b[i] === byte) return i;
  return -1;
}

function isDigits3(b: Uint8Array, at: number, len: number): boolean {
  if (len !== 3) return false;
  for (let i = at; i < at + 3; i++) if (b[i]! < 0x30 || b[i]! > 0x39) return false;
  return true;
}

/** dissect_irc_request() / dissect_irc_response() over one line */
function parseLine(b: Uint8Array, start: number, linelen: number, request: boolean): IrcLine {
  const nodes: IrcNode[] = [];
  const line: IrcLine = { bytes: b.subarray(start, start + linelen), nodes };
  const end = start + linelen;
  let offset = start;
  if (b[offset] === 0x3a) {
    const eop = find(b, offset + 1, linelen - 1, SP);
    if (eop === -1) {
      nodes.push({ kind: 'expert', expert: 'prefix-missing-space' });
      return line;
    }
    nodes.push({ kind: 'prefix', bytes: b.subarray(offset + 1, eop) });
    offset = eop + 1;
  }
  while (offset < end && b[offset] === SP) offset++;
  if (offset === end) {
    nodes.push({ kind: 'expert', expert: 'no-command' });
    return line;
  }
  const eoc = find(b, offset, end - offset, SP);
  const cmdEnd = eoc === -1 ? end : eoc;
  const command = b.subarray(offset, cmdEnd);
  nodes.push({ kind: 'command', bytes: command });
  if (isDigits3(b, offset, cmdEnd - offset)) {
    if (request) nodes.push({ kind: 'expert', expert: 'numeric-request-command' });
    else nodes.push({ kind: 'num-command', value: (b[offset]! - 0x30) * 100 + (b[offset + 1]! - 0x30) * 10 + (b[offset + 2]! - 0x30) });
  }
  if (eoc === -1) return line;
  const name = asciiString(command);
  offset = eoc + 1;
  while (offset < end && b[offset] === SP) offset++;
  if (offset === end) return line;
  if (b[offset] === 0x3a) {
    nodes.push({ kind: 'trailer', bytes: b.subarray(offset + 1, end) });
    tagData(b, nodes, offset + 1, end - offset - 1, name);
    return line;
  }
  let params: Uint8Array[] | undefined;
  while (offset < end) {
    const eocp = find(b, offset, end - offset, SP);
    const tag = find(b, offset, end - offset, TAG);
    if (!params) {
      params = [];
      nodes.push({ kind: 'params', params });
    }
    if (tag === -1 || eocp < tag) {
      if (eocp === -1) {
        params.push(b.subarray(offset, end));
        return line;
      }
      params.push(b.subarray(offset, eocp));
      offset = eocp + 1;
      while (offset < end && b[offset] === SP) offset++;
      if (offset === end) break;
      if (b[offset] === 0x3a) {
        nodes.push({ kind: 'trailer', bytes: b.subarray(offset + 1, end) });
        tagData(b, nodes, offset + 1, end - offset - 1, name);
        return line;
      }
    } else {
      const tagEnd = find(b, tag + 1, end - tag - 1, TAG);
      if (tagEnd === -1) {
        nodes.push({ kind: 'expert', expert: 'missing-end-delimiter' });
        return line;
      }
      tagData(b, nodes, tag, tagEnd - tag, name);
      offset = tagEnd + 1;
    }
  }
  return line;
}

/** dissect_irc_tag_data(), offsets and all: its second search is bounded by `datalen − offset` */
function tagData(b: Uint8Array, nodes: IrcNode[], offset: number, datalen: number, command: string): void {
  if (find(b, offset, datalen, TAG) === -1) return;
  if (find(b, offset, datalen - offset, TAG) === -1) {
    nodes.push({ kind: 'expert', expert: 'missing-end-delimiter' });
    return;
  }
  if (command !== 'NOTICE' && command !== 'PRIVMSG') nodes.push({ kind: 'expert', expert: 'tag-data-invalid' });
  nodes.push({ kind: 'ctcp', bytes: b.subarray(offset + 1, offset + 1 + Math.max(0, datalen - 2)) });
}
