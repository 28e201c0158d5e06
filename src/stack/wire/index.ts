/**
 * stack/wire: pure codecs, bytes ⇄ readonly values, one file per protocol.
 *
 * Rule 1 — pure. No state, no clock, no randomness, no I/O, no imports from src/sim or node.
 * Rule 2 — errors are values. `parseX(bytes, offset = 0)` returns `Parsed<X>` and never throws
 *   on any input: a short or corrupt input gives a `WireError {layer, field, offset, reason}`
 *   whose offset is absolute in the buffer passed. Exceptions are reserved for callers' bugs
 *   (e.g. emitting more than 40 bytes of TCP options).
 * Rule 3 — lossless. A parsed value keeps every field as read (flags as bits, TCP options as
 *   an ordered list with NOP/EOL padding and unknown kinds, checksums as read), so emitting
 *   it gives back the same bytes; the one exception is a checksum, which emit always
 *   computes (verifyXChecksum reports a wrong one, with the expected value).
 * Rule 4 — views, not copies. Payloads and option data are `subarray` views of the input.
 * Rule 5 — emit has two forms: `emitX(...)` allocates exactly the bytes it returns, and the
 *   hot path `emitXInto(..., out, offset)` writes into the caller's buffer and returns the
 *   end offset, allocating nothing. Layers nest by offset: Ethernet at 0, IPv4 at 14, TCP at
 *   14 + IHL·4.
 * Rule 6 — `*Init` types leave out what emit derives (lengths, checksums, version).
 *
 * `end` in a `Parsed` result is where the next layer begins (for headers without a length of
 * their own: Ethernet, SLL, IPv4) or where the message ends (UDP, TCP, ICMP, ARP).
 * dns/ holds the DNS message codec under the same rules.
 */
export * from './errors.ts';
export * from './bytes.ts';
export * from './addr.ts';
export * from './checksum.ts';
export * from './ethernet.ts';
export * from './sll.ts';
export * from './sll2.ts';
export * from './arp.ts';
export * from './ipv4.ts';
export * from './ipv6-addr.ts';
export * from './ipv6.ts';
export * from './icmp.ts';
export * from './icmpv6.ts';
export * from './udp.ts';
export * from './tcp-options.ts';
export * from './tcp.ts';
export * from './frame.ts';
