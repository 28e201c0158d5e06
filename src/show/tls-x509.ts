/**
 * A TLS Certificate message's X.509 certificates (RFC 5280 §4.1) as tshark 4.0 details them
 * (packet-x509af.c, packet-x509if.c, packet-x509sat.c, packet-x509ce.c, packet-pkcs1.c): a DER
 * walk of the fields the course's certificates carry (RSA keys, names made of attributes,
 * UTCTime validity, and the extensions basicConstraints, keyUsage, subjectKeyIdentifier,
 * authorityKeyIdentifier's key id, subjectAltName's dNSNames). Anything else under a
 * certificate gets a line saying it is not detailed; a certificate that does not parse as
 * DER shows its bytes only.
 */
import { hexValue, NOT_DETAILED, type Tree } from './details/text.ts';

interface Der {
  readonly tag: number;
  /** the value's bytes */
  readonly v: Uint8Array;
}

/** The DER elements of `b` in order (definite lengths only); undefined when they do not tile it. */
function children(b: Uint8Array): Der[] | undefined {
  const out: Der[] = [];
  for (let i = 0; i < b.length;) {
    if (i + 2 > b.length) return undefined;
    const tag = b[i]!;
    let len = b[i + 1]!;
    let at = i + 2;
    if (len & 0x80) {
      const n = len & 0x7f;
      if (n === 0 || n > 3 || at + n > b.length) return undefined;
      len = 0;
      for (let k = 0; k < n; k++) len = len * 256 + b[at + k]!;
      at += n;
    }
    if (at + len > b.length) return undefined;
    out.push({ tag, v: b.subarray(at, at + len) });
    i = at + len;
  }
  return out;
}

const OID_NAMES: Readonly<Record<string, string>> = {
  '1.2.840.113549.1.1.1': 'rsaEncryption', '1.2.840.113549.1.1.11': 'sha256WithRSAEncryption',
  '1.2.840.113549.1.1.12': 'sha384WithRSAEncryption', '1.2.840.113549.1.1.13': 'sha512WithRSAEncryption',
  '1.2.840.10045.2.1': 'ecPublicKey', '1.2.840.10045.4.3.2': 'ecdsa-with-SHA256', '1.2.840.10045.4.3.3': 'ecdsa-with-SHA384',
  '2.5.4.3': 'id-at-commonName', '2.5.4.6': 'id-at-countryName', '2.5.4.7': 'id-at-localityName', '2.5.4.8': 'id-at-stateOrProvinceName',
  '2.5.4.10': 'id-at-organizationName', '2.5.4.11': 'id-at-organizationalUnitName',
  '2.5.29.14': 'id-ce-subjectKeyIdentifier', '2.5.29.15': 'id-ce-keyUsage', '2.5.29.17': 'id-ce-subjectAltName',
  '2.5.29.19': 'id-ce-basicConstraints', '2.5.29.35': 'id-ce-authorityKeyIdentifier',
};

function oid(b: Uint8Array): string {
  const parts = [Math.min(2, Math.floor(b[0]! / 40)), b[0]! - 40 * Math.min(2, Math.floor(b[0]! / 40))];
  let n = 0;
  for (const x of b.subarray(1)) {
    n = n * 128 + (x & 0x7f);
    if (!(x & 0x80)) {
      parts.push(n);
      n = 0;
    }
  }
  return parts.join('.');
}

const oidText = (o: string): string => (OID_NAMES[o] ? `${o} (${OID_NAMES[o]})` : o);
const oidName = (o: string): string => OID_NAMES[o] ?? o;
const text = (b: Uint8Array): string => new TextDecoder().decode(b);
const hex = (b: Uint8Array): string => Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');

/** DirectoryString choices by tag (X.520), with their choice numbers. */
const STRING_CHOICE: Readonly<Record<number, [string, number]>> = {
  0x14: ['teletexString', 0], 0x13: ['printableString', 1], 0x1c: ['universalString', 2], 0x0c: ['uTF8String', 4], 0x1e: ['bmpString', 3],
};

interface Rdn {
  readonly oid: string;
  readonly value: Der;
}

function rdns(name: Der): Rdn[][] | undefined {
  const sets = children(name.v);
  if (!sets) return undefined;
  const out: Rdn[][] = [];
  for (const set of sets) {
    const atvs = children(set.v)?.map((a) => children(a.v));
    if (!atvs || atvs.some((a) => !a || a.length !== 2)) return undefined;
    out.push(atvs.map((a) => ({ oid: oid(a![0]!.v), value: a![1]! })));
  }
  return out;
}

const rdnText = (r: Rdn): string => `${oidName(r.oid)}=${text(r.value.v)}`;

/** `id-at-commonName=localhost`: a name in one line, as Wireshark's x509if summary writes it. */
function nameSummary(name: Rdn[][]): string {
  return name.map((set) => set.map(rdnText).join('+')).join(',');
}

/** The certificate's subject in one line (for its `Certificate:` line), or undefined. */
export function certificateSubject(cert: Uint8Array): string | undefined {
  const tbs = tbsParts(cert);
  const subject = tbs && rdns(tbs[5]!);
  return subject ? nameSummary(subject) : undefined;
}

function tbsParts(cert: Uint8Array): Der[] | undefined {
  const top = children(cert);
  const seq = top?.[0] && children(top[0].v);
  const tbs = seq?.[0] && children(seq[0].v);
  return tbs && tbs.length >= 7 && tbs[0]!.tag === 0xa0 ? tbs : undefined;
}

/** The protocols tshark names for the certificate in frame.protocols: x509sat per name attribute, x509ce per extension. */
export function certificateProtocols(cert: Uint8Array): string[] {
  const tbs = tbsParts(cert);
  if (!tbs) return [];
  const names = [tbs[3]!, tbs[5]!].flatMap((n) => (rdns(n) ?? []).flat().map(() => 'x509sat'));
  const exts = tbs[7] && children(tbs[7].v)?.[0];
  return [...names, ...(exts ? (children(exts.v) ?? []).map(() => 'x509ce') : [])];
}

/** The certificate's tree under its `Certificate:` line, at `depth`; false when it does not parse. */
export function certificateTree(t: Tree, depth: number, cert: Uint8Array): boolean {
  const top = children(cert);
  const seq = top?.[0] && children(top[0].v);
  const tbs = tbsParts(cert);
  if (!seq || seq.length !== 3 || !tbs) return false;
  t.none(depth, 'x509af.signedCertificate_element', 'signedCertificate');
  const d = depth + 1;
  const version = children(tbs[0]!.v)?.[0]?.v[0] ?? 0;
  t.field(d, 'x509af.version', version, `version: v${version + 1} (${version})`);
  t.field(d, 'x509af.serialNumber', tbs[1]!.v, `serialNumber: 0x${hex(tbs[1]!.v)}`);
  algorithm(t, d, 'x509af.signature_element', 'signature', tbs[2]!);
  name(t, d, 'issuer', 'x509if.rdnSequence', tbs[3]!);
  validity(t, d, tbs[4]!);
  name(t, d, 'subject', 'x509af.rdnSequence', tbs[5]!);
  publicKey(t, d, tbs[6]!);
  if (tbs[7]) extensions(t, d, tbs[7]);
  algorithm(t, depth, 'x509af.algorithmIdentifier_element', 'algorithmIdentifier', seq[1]!);
  const sig = seq[2]!.v;
  t.field(depth, 'ber.bitstring.padding', sig[0] ?? 0, `Padding: ${sig[0] ?? 0}`);
  t.field(depth, 'x509af.encrypted', sig.subarray(1), `encrypted: ${hexValue(sig.subarray(1))}`);
  return true;
}

function algorithm(t: Tree, depth: number, abbrev: string, label: string, alg: Der): void {
  const o = oid(children(alg.v)?.[0]?.v ?? new Uint8Array(0));
  t.none(depth, abbrev, `${label} (${oidName(o)})`);
  t.field(depth + 1, 'x509af.algorithm.id', o, `Algorithm Id: ${oidText(o)}`);
}

/** A Name: tshark's issuer uses x509if.rdnSequence, its subject x509af.rdnSequence. */
function name(t: Tree, depth: number, label: string, seqAbbrev: string, der: Der): void {
  const sets = rdns(der) ?? [];
  const summary = nameSummary(sets);
  t.field(depth, `x509af.${label}`, 0, `${label}: rdnSequence (0)`);
  t.field(depth + 1, seqAbbrev, sets.length, `rdnSequence: ${items(sets.length)} (${summary})`);
  for (const set of sets) {
    t.field(depth + 2, 'x509if.RDNSequence_item', set.length, `RDNSequence item: ${items(set.length)} (${set.map(rdnText).join('+')})`);
    for (const r of set) {
      t.none(depth + 3, 'x509if.RelativeDistinguishedName_item_element', `RelativeDistinguishedName item (${rdnText(r)})`);
      t.field(depth + 4, 'x509if.oid', r.oid, `Object Id: ${oidText(r.oid)}`);
      const choice = STRING_CHOICE[r.value.tag];
      if (!choice) {
        t.line(depth + 4, NOT_DETAILED);
        continue;
      }
      t.field(depth + 4, 'x509sat.DirectoryString', choice[1], `DirectoryString: ${choice[0]} (${choice[1]})`);
      t.field(depth + 5, `x509sat.${choice[0]}`, text(r.value.v), `${choice[0]}: ${text(r.value.v)}`);
    }
  }
}

const items = (n: number): string => `${n} item${n === 1 ? '' : 's'}`;

function validity(t: Tree, depth: number, der: Der): void {
  t.none(depth, 'x509af.validity_element', 'validity');
  for (const [i, label] of [[0, 'notBefore'], [1, 'notAfter']] as const) {
    const time = children(der.v)?.[i];
    if (!time) continue;
    const utc = time.tag === 0x17;
    const s = text(time.v);
    const shown = utc ? `${Number(s.slice(0, 2)) >= 50 ? '19' : '20'}${s.slice(0, 2)}-${s.slice(2, 4)}-${s.slice(4, 6)} ${s.slice(6, 8)}:${s.slice(8, 10)}:${s.slice(10, 12)} (UTC)` : s;
    t.field(depth + 1, `x509af.${label}`, utc ? 0 : 1, `${label}: ${utc ? 'utcTime (0)' : 'generalizedTime (1)'}`);
    t.field(depth + 2, `x509af.${utc ? 'utcTime' : 'generalizedTime'}`, shown, `${utc ? 'utcTime' : 'generalizedTime'}: ${shown}`);
  }
}

function publicKey(t: Tree, depth: number, der: Der): void {
  const [alg, key] = children(der.v) ?? [];
  t.none(depth, 'x509af.subjectPublicKeyInfo_element', 'subjectPublicKeyInfo');
  if (!alg || !key) return;
  algorithm(t, depth + 1, 'x509af.algorithm_element', 'algorithm', alg);
  const bits = key.v.subarray(1);
  t.field(depth + 1, 'x509af.subjectPublicKey', bits, `subjectPublicKey: ${hexValue(bits)}`);
  const rsa = children(bits)?.[0];
  const parts = rsa && children(rsa.v);
  if (!parts || parts.length !== 2) return;
  t.field(depth + 2, 'pkcs1.modulus', parts[0]!.v, `modulus: 0x${hexValue(parts[0]!.v)}`);
  const e = parts[1]!.v.reduce((n, x) => n * 256 + x, 0);
  t.field(depth + 2, 'pkcs1.publicExponent', e, `publicExponent: ${e}`);
}

function extensions(t: Tree, depth: number, der: Der): void {
  const list = children(children(der.v)?.[0]?.v ?? new Uint8Array(0)) ?? [];
  t.field(depth, 'x509af.extensions', list.length, `extensions: ${items(list.length)}`);
  for (const ext of list) {
    const parts = children(ext.v) ?? [];
    const o = oid(parts[0]?.v ?? new Uint8Array(0));
    t.none(depth + 1, 'x509af.Extension_element', `Extension (${oidName(o)})`);
    t.field(depth + 2, 'x509af.extension.id', o, `Extension Id: ${oidText(o)}`);
    const critical = parts.length === 3 && parts[1]!.tag === 0x01 && parts[1]!.v[0] !== 0;
    if (critical) t.field(depth + 2, 'x509af.critical', true, 'critical: True');
    extensionValue(t, depth + 2, o, parts[parts.length - 1]!.v);
  }
}

const KEY_USAGE = ['digitalSignature', 'contentCommitment', 'keyEncipherment', 'dataEncipherment', 'keyAgreement', 'keyCertSign', 'cRLSign', 'encipherOnly', 'decipherOnly'];

function extensionValue(t: Tree, d: number, o: string, value: Uint8Array): void {
  const inner = children(value)?.[0];
  if (!inner) return t.line(d, NOT_DETAILED);
  if (o === '2.5.29.14') t.field(d, 'x509ce.SubjectKeyIdentifier', inner.v, `SubjectKeyIdentifier: ${hex(inner.v)}`);
  else if (o === '2.5.29.35') {
    t.none(d, 'x509ce.AuthorityKeyIdentifier_element', 'AuthorityKeyIdentifier');
    for (const c of children(inner.v) ?? []) {
      if (c.tag === 0x80) t.field(d + 1, 'x509ce.keyIdentifier', c.v, `keyIdentifier: ${hex(c.v)}`);
      else t.line(d + 1, NOT_DETAILED);
    }
  } else if (o === '2.5.29.19') {
    t.none(d, 'x509ce.BasicConstraintsSyntax_element', 'BasicConstraintsSyntax');
    for (const c of children(inner.v) ?? []) {
      if (c.tag === 0x01) t.field(d + 1, 'x509ce.cA', c.v[0] !== 0, `cA: ${c.v[0] !== 0 ? 'True' : 'False'}`);
      else if (c.tag === 0x02) t.field(d + 1, 'x509ce.pathLenConstraint', c.v[0]!, `pathLenConstraint: ${c.v[0]}`);
    }
  } else if (o === '2.5.29.15') keyUsage(t, d, inner.v);
  else if (o === '2.5.29.17') {
    const names = children(inner.v) ?? [];
    t.field(d, 'x509ce.GeneralNames', names.length, `GeneralNames: ${items(names.length)}`);
    for (const n of names) {
      if (n.tag !== 0x82) {
        t.line(d + 1, NOT_DETAILED);
        continue;
      }
      t.field(d + 1, 'x509ce.GeneralName', 2, 'GeneralName: dNSName (2)');
      t.field(d + 2, 'x509ce.dNSName', text(n.v), `dNSName: ${text(n.v)}`);
    }
  } else t.line(d, NOT_DETAILED);
}

function keyUsage(t: Tree, d: number, v: Uint8Array): void {
  const bytes = v.subarray(1);
  t.field(d, 'ber.bitstring.padding', v[0] ?? 0, `Padding: ${v[0] ?? 0}`);
  t.field(d, 'x509ce.KeyUsage', bytes, `KeyUsage: ${hex(bytes)}`);
  KEY_USAGE.forEach((bit, i) => {
    const byte = bytes[i >> 3] ?? 0;
    const on = (byte >> (7 - (i % 8))) & 1;
    const mask = Array.from({ length: 8 }, (_, k) => (k === i % 8 ? String(on) : '.'));
    t.field(d + 1, `x509ce.KeyUsage.${bit}`, on === 1, `${mask.slice(0, 4).join('')} ${mask.slice(4).join('')} = ${bit}: ${on ? 'True' : 'False'}`);
  });
}
