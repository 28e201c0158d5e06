/**
 * How tshark writes addresses with its default name resolution: MAC addresses resolved
 * through its well-known names (`Broadcast`) and the OUI table (`00:00:00_00:00:00`), IPv4
 * and ports as numbers (network and transport name resolution are off by default).
 *
 * Only the OUI entries the lab's captures can meet are here; any other MAC prints as hex,
 * which is what tshark prints for Docker's locally administered 02:42:… addresses.
 */
import { formatMac } from '../stack/wire/addr.ts';

const OUI: ReadonlyMap<number, string> = new Map([
  [0x000000, '00:00:00'], // Xerox, listed by Wireshark's manuf under its own hex
]);

export const BROADCAST = 0xffffffffffff;

/** The packet-list form: `Broadcast`, `Vendor_xx:xx:xx`, or plain hex. */
export function macName(m: number): string {
  if (m === BROADCAST) return 'Broadcast';
  const oui = OUI.get(Math.floor(m / 0x1000000));
  const hex = formatMac(m);
  if (oui !== undefined) return `${oui}_${hex.slice(9)}`;
  return hex;
}

/** The details form: `Broadcast (ff:ff:ff:ff:ff:ff)`. */
export function macWithName(m: number): string {
  return `${macName(m)} (${formatMac(m)})`;
}

export function hex(n: number, digits: number): string {
  return '0x' + n.toString(16).padStart(digits, '0');
}
