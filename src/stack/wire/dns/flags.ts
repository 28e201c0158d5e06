/**
 * The 16 flag bits of the DNS header (RFC 1035 §4.1.1, RFC 2535 §6.1 for AD/CD), kept as one
 * number so every bit — the reserved Z bit included — survives parse → emit.
 *
 *       0  1  2  3  4  5  6  7  8  9 10 11 12 13 14 15
 *     +--+--+--+--+--+--+--+--+--+--+--+--+--+--+--+--+
 *     |QR|   Opcode  |AA|TC|RD|RA| Z|AD|CD|   RCODE   |
 *     +--+--+--+--+--+--+--+--+--+--+--+--+--+--+--+--+
 */
export const DNS_QR = 0x8000;
export const DNS_AA = 0x0400;
export const DNS_TC = 0x0200;
export const DNS_RD = 0x0100;
export const DNS_RA = 0x0080;
export const DNS_Z = 0x0040;
export const DNS_AD = 0x0020;
export const DNS_CD = 0x0010;
/** the four Opcode bits */
export const DNS_OPCODE_MASK = 0x7800;

export const Rcode = { NOERROR: 0, FORMERR: 1, SERVFAIL: 2, NXDOMAIN: 3, NOTIMP: 4, REFUSED: 5 } as const;
export const Opcode = { QUERY: 0, IQUERY: 1, STATUS: 2, NOTIFY: 4, UPDATE: 5 } as const;

export interface DnsFlagFields {
  readonly qr: boolean;
  readonly opcode: number;
  readonly aa: boolean;
  readonly tc: boolean;
  readonly rd: boolean;
  readonly ra: boolean;
  readonly z: boolean;
  readonly ad: boolean;
  readonly cd: boolean;
  readonly rcode: number;
}

/** Reads every field of a flags word. */
export function dnsFlagFields(flags: number): DnsFlagFields {
  return {
    qr: (flags & DNS_QR) !== 0,
    opcode: (flags >>> 11) & 0xf,
    aa: (flags & DNS_AA) !== 0,
    tc: (flags & DNS_TC) !== 0,
    rd: (flags & DNS_RD) !== 0,
    ra: (flags & DNS_RA) !== 0,
    z: (flags & DNS_Z) !== 0,
    ad: (flags & DNS_AD) !== 0,
    cd: (flags & DNS_CD) !== 0,
    rcode: flags & 0xf,
  };
}

/** Builds a flags word; fields left out are 0/false. */
export function makeDnsFlags(f: Partial<DnsFlagFields>): number {
  return (
    (f.qr ? DNS_QR : 0) | (((f.opcode ?? 0) & 0xf) << 11) | (f.aa ? DNS_AA : 0) | (f.tc ? DNS_TC : 0) |
    (f.rd ? DNS_RD : 0) | (f.ra ? DNS_RA : 0) | (f.z ? DNS_Z : 0) | (f.ad ? DNS_AD : 0) |
    (f.cd ? DNS_CD : 0) | ((f.rcode ?? 0) & 0xf)
  );
}

export function dnsRcode(flags: number): number {
  return flags & 0xf;
}

export function dnsOpcode(flags: number): number {
  return (flags >>> 11) & 0xf;
}

export function isDnsResponse(flags: number): boolean {
  return (flags & DNS_QR) !== 0;
}

/** Replaces the RCODE of a flags word. */
export function withRcode(flags: number, rcode: number): number {
  return (flags & ~0xf) | (rcode & 0xf);
}
