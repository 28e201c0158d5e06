/** DNS names for numbers as Wireshark prints them (packet-dns.c value strings). */

const TYPES: Readonly<Record<number, string>> = {
  1: 'A', 2: 'NS', 5: 'CNAME', 6: 'SOA', 12: 'PTR', 13: 'HINFO', 15: 'MX', 16: 'TXT', 28: 'AAAA',
  33: 'SRV', 35: 'NAPTR', 39: 'DNAME', 41: 'OPT', 43: 'DS', 46: 'RRSIG', 47: 'NSEC', 48: 'DNSKEY',
  64: 'SVCB', 65: 'HTTPS', 99: 'SPF', 251: 'IXFR', 252: 'AXFR', 255: 'ANY', 257: 'CAA',
};

/** `A`, `AAAA`, … or `Unknown (n)`. */
export function dnsTypeName(t: number): string {
  return TYPES[t] ?? `Unknown (${t})`;
}

/** Long form used in the details pane: `A (Host Address) (1)`. */
const TYPE_LONG: Readonly<Record<number, string>> = {
  1: 'A (Host Address)', 2: 'NS (authoritative Name Server)', 5: 'CNAME (Canonical NAME for an alias)',
  6: 'SOA (Start Of a zone of Authority)', 12: 'PTR (domain name PoinTeR)', 15: 'MX (Mail eXchange)',
  16: 'TXT (Text strings)', 28: 'AAAA (IPv6 Address)', 33: 'SRV (Server Selection)', 41: 'OPT',
  255: 'ANY', 65: 'HTTPS (HTTPS Specific Service Endpoints)', 64: 'SVCB (General Purpose Service Endpoints)',
};

export function dnsTypeLong(t: number): string {
  return TYPE_LONG[t] ?? `Unknown (${t})`;
}

export function dnsClassName(c: number): string {
  switch (c) {
    case 1: return 'IN';
    case 3: return 'CH';
    case 4: return 'HS';
    case 254: return 'NONE';
    case 255: return 'ANY';
    default: return `Unknown (${c})`;
  }
}

const RCODES = [
  'No error', 'Format error', 'Server failure', 'No such name', 'Not implemented', 'Refused',
  'Name is in domain', 'RRset exists', 'RRset does not exist', 'Server is not an authority for domain',
  'Name not contained in zone',
];

export function dnsRcodeName(r: number): string {
  return RCODES[r] ?? 'Unknown error';
}

export function dnsOpcodeName(o: number): string {
  switch (o) {
    case 0: return 'Standard query';
    case 1: return 'Inverse query';
    case 2: return 'Server status request';
    case 4: return 'Zone change notification';
    case 5: return 'Dynamic update';
    default: return `Unknown operation (${o})`;
  }
}

/** A name as the Info column and details show it: the root is `<Root>`. */
export function dnsNameText(n: string): string {
  return n === '' ? '<Root>' : n;
}
