/**
 * JA3 and JA3S, the hello fingerprints tshark 4.0 shows under a Client/Server Hello
 * (packet-tls-utils.c ssl_dissect_hnd_cli_hello / srv_hello): the decimal fields joined with
 * `,` and lists with `-`, GREASE values (RFC 8701) left out, and the MD5 of that text.
 */
import { EXT_EC_POINT_FORMATS, EXT_SUPPORTED_GROUPS, type TlsHello } from '../stack/wire/tls.ts';
import { md5Hex } from './tls-md5.ts';

const grease = (v: number): boolean => (v & 0x0f0f) === 0x0a0a && v >> 8 === (v & 0xff);
const list = (xs: readonly number[]): string => xs.filter((x) => !grease(x)).join('-');

/** JA3 (a Client Hello: version, suites, extensions, groups, point formats) or JA3S (a Server Hello: version, suite, extensions). */
export function ja3Full(h: TlsHello): string {
  const exts = h.extensions.filter((e) => !grease(e.type));
  if (h.kind === 'server') return `${h.version},${h.cipherSuites[0]},${list(exts.map((e) => e.type))}`;
  const groups = exts.find((e) => e.type === EXT_SUPPORTED_GROUPS)?.data;
  const points = exts.find((e) => e.type === EXT_EC_POINT_FORMATS)?.data;
  const groupList: number[] = [];
  if (groups) for (let i = 2; i + 1 < groups.length; i += 2) groupList.push((groups[i]! << 8) | groups[i + 1]!);
  const pointList = points ? Array.from(points.subarray(1)) : [];
  return `${h.version},${list(h.cipherSuites)},${list(exts.map((e) => e.type))},${list(groupList)},${pointList.join('-')}`;
}

export function ja3Hash(h: TlsHello): string {
  return md5Hex(ja3Full(h));
}
