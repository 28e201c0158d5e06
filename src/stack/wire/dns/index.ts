/**
 * The DNS wire codec (RFC 1035, RFC 3596, RFC 6891's OPT record).
 *
 * Contract, as for every codec in stack/wire:
 * - Rule 1: `parseDnsMessage(bytes, offset)` never throws. Bad input gives a `WireError`
 *   naming the field and the byte offset; compression pointers are followed with guards
 *   against loops and out-of-bounds targets, so no input can hang it.
 * - Rule 2: the parsed value is lossless. All 16 flag bits are kept; records keep their wire
 *   order; rdata of a type we do not model (or that does not fit its type) stays
 *   `Unknown {type, data}`. `emitDnsMessage(parse(b))` gives `b` back when `b` was compressed
 *   the way real servers compress (every suffix, first occurrence, exact case).
 * - Rule 3: emitting compresses names the way BIND and dnsmasq do — question, owner names,
 *   and the names inside CNAME/NS/PTR/SOA rdata — unless `{compress: false}` is asked for.
 * - Rule 4: no state, no time. Names are presentation text (`www.its.ac.id`, root `''`).
 */
export * from './flags.ts';
export * from './ipv6.ts';
export * from './message.ts';
export { canonicalName, formatLabels, MAX_LABEL_LENGTH, MAX_NAME_LENGTH, NameCompressor, nameLabels, parseName, type DnsName } from './name.ts';
export * from './rdata.ts';
