/**
 * Addresses as plain numbers: an IPv4 address is its unsigned 32-bit value, a MAC its
 * 48-bit value (exact in a double). Numbers compare with ===, hash in Maps, and cost nothing.
 */
export type Ipv4Addr = number;
export type MacAddr = number;

export const BROADCAST_MAC: MacAddr = 0xffffffffffff;
export const ZERO_MAC: MacAddr = 0;

export function parseIpv4Addr(text: string): Ipv4Addr | undefined {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(text.trim());
  if (!m) return undefined;
  const parts = m.slice(1).map(Number);
  if (parts.some((p) => p > 255)) return undefined;
  return ((parts[0]! << 24) >>> 0) + (parts[1]! << 16) + (parts[2]! << 8) + parts[3]!;
}

export function ipv4(text: string): Ipv4Addr {
  const a = parseIpv4Addr(text);
  if (a === undefined) throw new Error(`not an IPv4 address: ${JSON.stringify(text)}`);
  return a;
}

export function formatIpv4Addr(a: Ipv4Addr): string {
  return `${a >>> 24}.${(a >>> 16) & 255}.${(a >>> 8) & 255}.${a & 255}`;
}

export function prefixMask(prefix: number): number {
  return prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
}

export function inSubnet(a: Ipv4Addr, net: Ipv4Addr, prefix: number): boolean {
  const m = prefixMask(prefix);
  return ((a & m) >>> 0) === ((net & m) >>> 0);
}

/** 224.0.0.0/4 (ipv4_is_multicast) */
export function isIpv4Multicast(a: Ipv4Addr): boolean {
  return a >>> 28 === 0xe;
}

/** RFC 1112 §6.4 (ip_eth_mc_map): 01:00:5e, a 0 bit, then the group's low 23 bits */
export function ipv4MulticastMac(group: Ipv4Addr): MacAddr {
  return 0x01005e000000 + (group & 0x7fffff);
}

export function readIpv4(b: Uint8Array, o: number): Ipv4Addr {
  return ((b[o]! << 24) >>> 0) + ((b[o + 1]! << 16) | (b[o + 2]! << 8) | b[o + 3]!);
}

export function writeIpv4(b: Uint8Array, o: number, a: Ipv4Addr): void {
  b[o] = a >>> 24;
  b[o + 1] = a >>> 16;
  b[o + 2] = a >>> 8;
  b[o + 3] = a;
}

export function readMac(b: Uint8Array, o: number): MacAddr {
  return (b[o]! * 0x10000000000) + (b[o + 1]! * 0x100000000) + readIpv4(b, o + 2);
}

export function writeMac(b: Uint8Array, o: number, m: MacAddr): void {
  const hi = Math.floor(m / 0x100000000);
  b[o] = hi >>> 8;
  b[o + 1] = hi;
  writeIpv4(b, o + 2, m % 0x100000000);
}

export function formatMac(m: MacAddr): string {
  const b = new Uint8Array(6);
  writeMac(b, 0, m);
  return Array.from(b, (x) => x.toString(16).padStart(2, '0')).join(':');
}

export function parseMac(text: string): MacAddr | undefined {
  const m = /^([0-9a-f]{2}):([0-9a-f]{2}):([0-9a-f]{2}):([0-9a-f]{2}):([0-9a-f]{2}):([0-9a-f]{2})$/i.exec(text.trim());
  if (!m) return undefined;
  return m.slice(1).reduce((acc, h) => acc * 256 + parseInt(h, 16), 0);
}

/** Docker's rule: 02:42 followed by the four bytes of the container's IPv4 address. */
export function dockerMac(ip: Ipv4Addr): MacAddr {
  return 0x0242 * 0x100000000 + ip;
}
