/**
 * Link-layer header types (the `LINKTYPE_*` registry, tcpdump.org/linktypes.html) that a
 * capture file names in its header (pcap) or per interface (pcapng IDB).
 *
 * tshark does not print these numbers: `Encapsulation type: Linux cooked-mode capture v1 (25)`
 * shows its own WTAP_ENCAP number. Both tables are here so tests can compare with either.
 * Names and WTAP numbers checked with tshark 4.0.17 (`editcap -T x`, `capinfos`, `tshark -V`).
 */

export const LINKTYPE_ETHERNET = 1;
/** Linux cooked capture v1: what `tcpdump -i any -y LINUX_SLL` writes. */
export const LINKTYPE_LINUX_SLL = 113;
/** Linux cooked capture v2: libpcap's default for `-i any` since 1.10. */
export const LINKTYPE_LINUX_SLL2 = 276;

export type LinkType = typeof LINKTYPE_ETHERNET | typeof LINKTYPE_LINUX_SLL | typeof LINKTYPE_LINUX_SLL2;

/** The text tshark prints for each link type (`frame.encap_type` description, capinfos "File encapsulation"). */
export const LINK_TYPE_NAMES: Readonly<Record<LinkType, string>> = {
  [LINKTYPE_ETHERNET]: 'Ethernet',
  [LINKTYPE_LINUX_SLL]: 'Linux cooked-mode capture v1',
  [LINKTYPE_LINUX_SLL2]: 'Linux cooked-mode capture v2',
};

/** Wireshark's encapsulation numbers (wiretap/wtap.h): what `frame.encap_type` holds. */
export const WTAP_ENCAP: Readonly<Record<LinkType, number>> = {
  [LINKTYPE_ETHERNET]: 1, // WTAP_ENCAP_ETHERNET
  [LINKTYPE_LINUX_SLL]: 25, // WTAP_ENCAP_SLL
  [LINKTYPE_LINUX_SLL2]: 210, // WTAP_ENCAP_SLL2
};

export function isKnownLinkType(n: number): n is LinkType {
  return n === LINKTYPE_ETHERNET || n === LINKTYPE_LINUX_SLL || n === LINKTYPE_LINUX_SLL2;
}

/** tshark's name for a link type, or `LINKTYPE <n>` for one labwire does not know. */
export function linkTypeName(n: number): string {
  return isKnownLinkType(n) ? LINK_TYPE_NAMES[n] : `LINKTYPE ${n}`;
}
