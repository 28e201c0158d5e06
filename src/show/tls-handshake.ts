/**
 * The bodies of TLS 1.2 handshake messages other than the hellos, as tshark 4.0 details them
 * (packet-tls-utils.c): Certificate (its X.509 trees: tls-x509.ts), an ECDHE Server Key Exchange
 * (RFC 8422 §5.4) and Client Key Exchange (§5.7), and a New Session Ticket (RFC 5077 §3.3); and
 * the X.509 layers a section names in frame.protocols. Key exchanges of other suites (RSA, DHE)
 * are not detailed: a line says so.
 */
import { HS_CERTIFICATE, HS_CLIENT_KEY_EXCHANGE, HS_NEW_SESSION_TICKET, HS_SERVER_KEY_EXCHANGE } from '../stack/wire/tls.ts';
import { TLS_CIPHER_SUITE, TLS_GROUP } from './tls-names.ts';
import { signatureAlgorithm } from './tls-extensions.ts';
import type { TlsMessage, TlsSection } from './tls-stream.ts';
import { certificateProtocols, certificateSubject, certificateTree } from './tls-x509.ts';
import { hex4, hexValue, type Tree } from './details/text.ts';


const u16 = (b: Uint8Array, i: number): number => (b[i]! << 8) | b[i + 1]!;

/** Details under `Handshake Protocol: …` for message `m` at `depth`; false when not detailed here. */
export function handshakeBody(t: Tree, depth: number, m: TlsMessage): boolean {
  const ecdhe = (TLS_CIPHER_SUITE[m.cipherSuite] ?? '').startsWith('TLS_ECDHE_');
  if (m.header.type === HS_SERVER_KEY_EXCHANGE && ecdhe) return serverEcdhe(t, depth, m.body);
  if (m.header.type === HS_CLIENT_KEY_EXCHANGE && ecdhe) return clientEcdhe(t, depth, m.body);
  if (m.header.type === HS_NEW_SESSION_TICKET && m.body.length >= 6) return sessionTicket(t, depth, m.body);
  if (m.header.type === HS_CERTIFICATE && m.body.length >= 3) return certificates(t, depth, m.body);
  return false;
}

/** The certificates of a TLS 1.2 Certificate message (RFC 5246 §7.4.2): each length-prefixed (u24). */
export function certificateList(b: Uint8Array): Uint8Array[] {
  const out: Uint8Array[] = [];
  const end = Math.min(b.length, 3 + u24(b, 0));
  for (let i = 3; i + 3 <= end; i += 3 + u24(b, i)) out.push(b.subarray(i + 3, Math.min(end, i + 3 + u24(b, i))));
  return out;
}

const u24 = (b: Uint8Array, i: number): number => (b[i]! << 16) | u16(b, i + 1);

function certificates(t: Tree, depth: number, b: Uint8Array): boolean {
  const len = u24(b, 0);
  t.field(depth, 'tls.handshake.certificates_length', len, `Certificates Length: ${len}`);
  t.none(depth, 'tls.handshake.certificates', `Certificates (${len} bytes)`);
  for (const c of certificateList(b)) {
    t.field(depth + 1, 'tls.handshake.certificate_length', c.length, `Certificate Length: ${c.length}`);
    const subject = certificateSubject(c);
    t.field(depth + 1, 'tls.handshake.certificate', c, `Certificate: ${hexValue(c)}${subject !== undefined ? ` (${subject})` : ''}`);
    certificateTree(t, depth + 2, c);
  }
  return true;
}

/** frame.protocols for one TLS section: `tls`, then the X.509 layers its Certificate messages hand on to. */
export function tlsSectionProtocols(s: TlsSection): string[] {
  const out = ['tls'];
  for (const r of s.records) {
    for (const m of r.messages) if (m.header.type === HS_CERTIFICATE) for (const c of certificateList(m.body)) out.push(...certificateProtocols(c));
  }
  return out;
}

function serverEcdhe(t: Tree, depth: number, b: Uint8Array): boolean {
  if (b.length < 4 || b[0] !== 3) return false;
  const curve = u16(b, 1);
  const n = b[3]!;
  const point = b.subarray(4, 4 + n);
  t.line(depth, 'EC Diffie-Hellman Server Params');
  t.field(depth + 1, 'tls.handshake.server_curve_type', '0x03', 'Curve Type: named_curve (0x03)');
  t.field(depth + 1, 'tls.handshake.server_named_curve', hex4(curve), `Named Curve: ${TLS_GROUP[curve] ?? 'Unknown'} (${hex4(curve)})`);
  t.field(depth + 1, 'tls.handshake.server_point_len', n, `Pubkey Length: ${n}`);
  t.field(depth + 1, 'tls.handshake.server_point', point, `Pubkey: ${hexValue(point)}`);
  const at = 4 + n;
  if (at + 4 > b.length) return true;
  signatureAlgorithm(t, depth + 1, u16(b, at));
  const len = u16(b, at + 2);
  const sig = b.subarray(at + 4, at + 4 + len);
  t.field(depth + 1, 'tls.handshake.sig_len', len, `Signature Length: ${len}`);
  t.field(depth + 1, 'tls.handshake.sig', sig, `Signature: ${hexValue(sig)}`);
  return true;
}

function clientEcdhe(t: Tree, depth: number, b: Uint8Array): boolean {
  if (b.length < 1) return false;
  const point = b.subarray(1, 1 + b[0]!);
  t.line(depth, 'EC Diffie-Hellman Client Params');
  t.field(depth + 1, 'tls.handshake.client_point_len', b[0]!, `Pubkey Length: ${b[0]}`);
  t.field(depth + 1, 'tls.handshake.client_point', point, `Pubkey: ${hexValue(point)}`);
  return true;
}

function sessionTicket(t: Tree, depth: number, b: Uint8Array): boolean {
  const hint = ((b[0]! << 24) >>> 0) + (b[1]! << 16) + (b[2]! << 8) + b[3]!;
  const len = u16(b, 4);
  const ticket = b.subarray(6, 6 + len);
  t.line(depth, 'TLS Session Ticket');
  t.field(depth + 1, 'tls.handshake.session_ticket_lifetime_hint', hint, `Session Ticket Lifetime Hint: ${hint} second${hint === 1 ? '' : 's'}${hint > 0 ? ` (${duration(hint)})` : ''}`);
  t.field(depth + 1, 'tls.handshake.session_ticket_length', len, `Session Ticket Length: ${len}`);
  t.field(depth + 1, 'tls.handshake.session_ticket', ticket, `Session Ticket: ${hexValue(ticket)}`);
  return true;
}

/** Wireshark's unsigned_time_secs_to_str: `2 hours`, `1 day, 3 hours, 5 seconds`. */
function duration(s: number): string {
  const parts: string[] = [];
  const unit = (n: number, name: string): void => {
    if (n > 0) parts.push(`${n} ${name}${n === 1 ? '' : 's'}`);
  };
  unit(Math.floor(s / 86400), 'day');
  unit(Math.floor(s / 3600) % 24, 'hour');
  unit(Math.floor(s / 60) % 60, 'minute');
  unit(s % 60, 'second');
  return parts.join(', ');
}
