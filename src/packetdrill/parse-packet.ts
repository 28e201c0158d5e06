/**
 * The packet half of the grammar (parser.y's tcp_packet_spec and friends):
 *   < [ect0] S. 0:0(0) ack 1 win 5792 <mss 1460,nop,nop,sackOK,nop,wscale 7>
 * direction, optional IP info in () or [], optional ports `a > b`, flags, `start:end(len)`,
 * optional ack / win / urg, optional options in <…> (`<...>`: not checked). Non-TCP packets
 * and encapsulations are kept as `other` (named) so the runner can call them unsupported.
 */
import type { Cursor } from './cursor.ts';
import { ScriptSyntaxError } from './lexer.ts';
import type { IcmpSpec, IpEcn, PacketSpec, TcpOptionSpec } from './script.ts';

const ECN_WORDS: Readonly<Record<string, IpEcn>> = { noecn: 'noecn', ect0: 'ect0', ect1: 'ect1', ce: 'ce', ect01: 'ect01' };
const ENCAPSULATIONS = new Set(['ipv4', 'ipv6', 'gre', 'GREv0', 'mpls', 'encap']);

interface IpInfo {
  ecn: IpEcn | null;
  tos: number | null;
  ttl: number | null;
}

/** `(ect0)`, `[noecn]`, `[tos 0x2]`, `(ttl 64)`, `[flowlabel 0x1, …]` */
function parseIpInfo(c: Cursor, info: IpInfo): void {
  const close = c.eatChar('(') ? ')' : c.eatChar('[') ? ']' : null;
  if (!close) return;
  while (!c.eatChar(close)) {
    const t = c.next();
    if (t.kind === 'eof') c.fail(`unclosed IP info, expected '${close}'`);
    if (t.kind === 'word' && ECN_WORDS[t.text]) info.ecn = ECN_WORDS[t.text]!;
    else if (t.kind === 'word' && t.text === 'tos') info.tos = c.expectInt('after tos');
    else if (t.kind === 'word' && t.text === 'ttl') info.ttl = c.expectInt('after ttl');
    else if (t.kind === 'word' && t.text === 'flowlabel') c.expectInt('after flowlabel');
    else if (!(t.kind === 'char' && t.text === ',')) c.fail(`unknown IP info ${JSON.stringify(t.text)}`);
  }
}

/** After `icmp`: TYPE [CODE] [mtu N] [id N] [ '[' start:end(len) ']' | '[' udp|raw (N) ']' ] */
function parseIcmp(c: Cursor): IcmpSpec {
  const type = c.expectKind('word', 'an ICMP type').text;
  const code = c.isKind('word') && !c.isWord('mtu') && !c.isWord('id') ? c.next().text : null;
  const mtu = c.eatWord('mtu') ? c.expectInt('after mtu') : null;
  if (c.eatWord('id')) c.expectInt('after id');
  let quotes: IcmpSpec['quotes'] = { seq: 0, len: 0 }; // nothing written: a TCP header at sequence 0 (opt_icmp_echoed)
  let quotesOther: string | null = null;
  if (c.eatChar('[')) {
    if (c.isKind('word')) {
      quotes = null;
      quotesOther = c.next().text;
      c.expectChar('(', 'before the quoted length');
      c.expectInt('as the quoted length');
      c.expectChar(')', 'after the quoted length');
    } else {
      const seq = c.expectInt('as the quoted start sequence');
      c.expectChar(':', 'in the quoted sequence range');
      c.expectInt('as the quoted end sequence');
      c.expectChar('(', 'before the quoted payload length');
      const len = c.expectInt('as the quoted payload length');
      c.expectChar(')', 'after the quoted payload length');
      quotes = { seq, len };
    }
    c.expectChar(']', 'to close the quoted packet');
  }
  return { type, code, mtu, quotes, quotesOther };
}

/** Skips the rest of a packet line the runner does not model, naming what it was. */
function skipOther(c: Cursor, line: number): void {
  while (!c.isKind('eof') && c.peek().line === line) c.next();
}

function parseFlags(c: Cursor): string {
  if (c.eatChar('.')) return '.';
  if (c.eatChar('-')) return '';
  const word = c.isKind('word') ? c.next().text : '';
  if (c.isKind('float')) return word + c.next().text; // AccECN's ACE value after the flags
  if (word === '') c.fail('expected TCP flags');
  return c.eatChar('.') ? `${word}.` : word;
}

function parseSackBlocks(c: Cursor): [number, number][] {
  const blocks: [number, number][] = [];
  while (c.isKind('int') && c.isChar(':', 1)) {
    const left = c.expectInt('as SACK block start');
    c.expectChar(':', 'in SACK block');
    blocks.push([left, c.expectInt('as SACK block end')]);
  }
  if (blocks.length === 0) c.fail('expected SACK blocks');
  return blocks;
}

function parseOption(c: Cursor): TcpOptionSpec {
  const t = c.next();
  if (t.kind !== 'word') c.fail('expected a TCP option');
  switch (t.text) {
    case 'nop': return { kind: 'nop' };
    case 'eol': return { kind: 'eol' };
    case 'mss': return { kind: 'mss', mss: c.expectInt('after mss') };
    case 'wscale': return { kind: 'wscale', shift: c.expectInt('after wscale') };
    case 'sackOK': return { kind: 'sackPermitted' };
    case 'sack': return { kind: 'sack', blocks: parseSackBlocks(c) };
    case 'TS': {
      c.expectWord('val', 'after TS');
      const val = c.expectInt('after val');
      c.expectWord('ecr', 'after the TS val');
      return { kind: 'timestamps', tsval: val, tsecr: c.expectInt('after ecr') };
    }
    default:
      // FO / FOEXP cookies, md5 keys, AccECN counters: read to the next ',' or '>'
      while (!c.isChar(',') && !c.isChar('>') && !c.isKind('eof')) c.next();
      return { kind: 'other', name: t.text };
  }
}

function parseOptions(c: Cursor): TcpOptionSpec[] | null {
  if (!c.eatChar('<')) return [];
  if (c.isKind('ellipsis') && c.isChar('>', 1)) {
    c.next();
    c.next();
    return null;
  }
  const list: TcpOptionSpec[] = [parseOption(c)];
  while (c.eatChar(',')) list.push(parseOption(c));
  c.expectChar('>', 'to close the TCP options');
  return list;
}

/** Parses a packet event's action; the cursor is at '<' or '>'. */
export function parsePacket(c: Cursor): PacketSpec {
  const line = c.peek().line;
  const direction = c.next().text === '<' ? 'in' : 'out';
  const info: IpInfo = { ecn: null, tos: null, ttl: null };
  parseIpInfo(c, info);
  const base = { direction, ecn: info.ecn, tos: info.tos, ttl: info.ttl } as const;
  const head = c.peek();
  if (head.kind === 'word' && head.text === 'icmp') {
    c.next();
    return { ...base, other: null, icmp: parseIcmp(c), flags: '', seq: 0, len: 0, ack: null, win: null, urg: null, options: [] };
  }
  if (head.kind === 'word' && (head.text === 'udp' || ENCAPSULATIONS.has(head.text))) {
    skipOther(c, line);
    const other = ENCAPSULATIONS.has(head.text) ? `${head.text} encapsulation` : `${head.text} packets`;
    return { ...base, other, flags: '', seq: 0, len: 0, ack: null, win: null, urg: null, options: [] };
  }
  if (c.isKind('int') && c.isChar('>', 1)) {
    // explicit ports: the runner maps packets by socket, as packetdrill does, so they are read and dropped
    c.next();
    c.next();
    c.expectInt('as destination port');
  }
  const flags = parseFlags(c);
  const seq = c.expectInt('as start sequence');
  c.expectChar(':', 'in the sequence range');
  const end = c.expectInt('as end sequence');
  c.expectChar('(', 'before the payload length');
  const len = c.expectInt('as payload length');
  c.expectChar(')', 'after the payload length');
  if (((seq + len) >>> 0) !== (end >>> 0)) throw new ScriptSyntaxError(line, `inconsistent sequence range ${seq}:${end}(${len})`);
  const ack = c.eatWord('ack') ? c.expectInt('after ack') : null;
  const win = c.eatWord('win') ? c.expectInt('after win') : null;
  const urg = c.eatWord('urg') ? c.expectInt('after urg') : null;
  const options = parseOptions(c);
  if (options === null && direction === 'in') throw new ScriptSyntaxError(line, '<...> for TCP options can only be used with outbound packets');
  return { ...base, other: null, flags, seq, len, ack, win, urg, options };
}
