/**
 * How tshark writes addresses with its default name resolution: MAC addresses through
 * Wireshark's well-known-address and vendor tables (`Broadcast`, `IntelCor_12:34:56`; see
 * mac-vendors.ts), IPv4 and ports as numbers (network and transport name resolution are off
 * by default). Without Wireshark's tables only Broadcast and the all-zero prefix are named
 * (both appear in the lab's own captures); every other MAC prints as hex, which is also what
 * tshark prints for Docker's locally administered 02:42:… addresses.
 */
import { formatMac } from '../stack/wire/addr.ts';
import { vendorName } from './mac-vendors.ts';

export const BROADCAST = 0xffffffffffff;

let resolveMacs = true;

/** tshark -n turns MAC name resolution off too: every address prints as hex. */
export function setMacNameResolution(on: boolean): void {
  resolveMacs = on;
}

/** The packet-list form: `Broadcast`, `Vendor_xx:xx:xx`, or plain hex. */
export function macName(m: number): string {
  if (!resolveMacs) return formatMac(m);
  const name = vendorName(m);
  if (name !== undefined) return name;
  if (m === BROADCAST) return 'Broadcast';
  const hex = formatMac(m);
  // 00:00:00 is Xerox's, listed by Wireshark's manuf under its own hex
  if (Math.floor(m / 0x1000000) === 0) return `00:00:00_${hex.slice(9)}`;
  return hex;
}

/** The details form: `Broadcast (ff:ff:ff:ff:ff:ff)`, or the bare address with -n. */
export function macWithName(m: number): string {
  // without resolution tshark shows the address once
  return resolveMacs ? `${macName(m)} (${formatMac(m)})` : formatMac(m);
}

export function hex(n: number, digits: number): string {
  return '0x' + n.toString(16).padStart(digits, '0');
}
