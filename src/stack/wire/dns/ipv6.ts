/** IPv6 addresses for AAAA records (RFC 3596): the text forms live with the other addresses. */
export { formatIpv6Addr, parseIpv6Addr } from '../ipv6-addr.ts';
