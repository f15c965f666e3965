// Kubernetes' CEL libraries (k8s.io/apiserver/pkg/cel/library) bound into @bufbuild/cel: ip, cidr, lists,
// regex, url, quantity, semver, and cel-go's sets extension. Their opaque types (net.IP, net.CIDR,
// kubernetes.URL, kubernetes.Quantity, kubernetes.Semver) are declared as one-field protobuf messages — the
// only kind of custom type @bufbuild/cel evaluates — holding a canonical text, so that `==` compares values
// the way Kubernetes' types do. What is not bound is listed in MISSING_FUNCTIONS (README.md says why).
import { type CelFunc, type CelList, CelScalar, type CelValue, celFunc, celList, celMap, celMethod, isCelList, listType, mapType, objectType } from '@bufbuild/cel';
import { create, createFileRegistry, type DescMessage, equals, type Registry } from '@bufbuild/protobuf';
import { type ReflectMessage, reflect } from '@bufbuild/protobuf/reflect';
import { FieldDescriptorProto_Label, FieldDescriptorProto_Type, FileDescriptorProtoSchema } from '@bufbuild/protobuf/wkt';
import { type Addr, formatAddr, is4, is4In6, maskAddr, type Prefix, parseAddr, parsePrefix, prefixContains } from '../net.js';
import { addQuantities, compareQuantities, fraction, parseQuantity, type Quantity, quantityFromKey, quantityKey, subQuantities } from '../quantity.js';
import { globalJsRegExp } from '../schema/regex.js';

const { BOOL, DOUBLE, DYN, INT, STRING } = CelScalar;

/** Thrown by a function for a case the offline evaluator cannot decide; the rule is reported as not checked. */
export const NOT_AVAILABLE = 'not available offline: ';

function messageFile(pkg: string, names: string[]) {
  return create(FileDescriptorProtoSchema, {
    // Stryker disable next-line StringLiteral: equivalent: the file name is never looked up (types are found by message name)
    name: `gwtopo/${pkg}.proto`,
    package: pkg,
    // Stryker disable next-line StringLiteral: equivalent: proto2 differs only in the presence of an empty value, which no library value holds
    syntax: 'proto3',
    messageType: names.map((name) => ({
      name,
      field: [
        {
          name: 'value',
          number: 1,
          type: FieldDescriptorProto_Type.STRING,
          label: FieldDescriptorProto_Label.OPTIONAL,
          // Stryker disable next-line StringLiteral: equivalent: the JSON name serves JSON (de)serialization only, which CEL never does
          jsonName: 'value',
        },
      ],
    })),
  });
}

/** The protobuf registry holding the library's types (passed to celEnv). */
export const LIBRARY_REGISTRY: Registry = createFileRegistry(
  createFileRegistry(messageFile('net', ['IP', 'CIDR']), () => undefined),
  createFileRegistry(messageFile('kubernetes', ['URL', 'Quantity', 'Semver']), () => undefined),
);

function desc(name: string): DescMessage {
  const d = LIBRARY_REGISTRY.getMessage(name);
  // Stryker disable next-line ConditionalExpression,StringLiteral: equivalent: an internal guard; every name asked for is registered above
  if (d === undefined) throw new Error(`internal: ${name} is not registered`);
  return d;
}

const IP_DESC = desc('net.IP');
const CIDR_DESC = desc('net.CIDR');
const URL_DESC = desc('kubernetes.URL');
const QUANTITY_DESC = desc('kubernetes.Quantity');
const SEMVER_DESC = desc('kubernetes.Semver');
const IP = objectType(IP_DESC);
const CIDR = objectType(CIDR_DESC);
const URL = objectType(URL_DESC);
const QUANTITY = objectType(QUANTITY_DESC);
const SEMVER = objectType(SEMVER_DESC);
const LIST_DYN = listType(DYN);
const LIST_STRING = listType(STRING);

const wrap = (d: DescMessage, value: string): ReflectMessage => reflect(d, create(d, { value } as never));
/** The text a library value holds. */
const text = (m: unknown): string => ((m as ReflectMessage).message as unknown as { value: string }).value;

// ---------------------------------------------------------------------------------------------------
// ip and cidr (Go's net/netip)

function addrOf(s: string): Addr {
  const a = parseAddr(s);
  if (a === undefined) throw new Error(`IP Address ${JSON.stringify(s)} parse error during conversion from string: ParseAddr(${JSON.stringify(s)}): unable to parse IP`);
  if (a.zone !== '') throw new Error(`IP address ${JSON.stringify(s)} with zone value is not allowed`);
  if (is4In6(a)) throw new Error(`IPv4-mapped IPv6 address ${JSON.stringify(s)} is not allowed`);
  return a;
}

function prefixOf(s: string): Prefix {
  const p = parsePrefix(s);
  if (p === undefined) throw new Error(`network address parse error during conversion from string: netip.ParsePrefix(${JSON.stringify(s)}): invalid prefix`);
  if (is4In6(p.addr)) throw new Error(`IPv4-mapped IPv6 address ${JSON.stringify(s)} is not allowed`);
  return p;
}

const ipValue = (a: Addr): ReflectMessage => wrap(IP_DESC, formatAddr(a));
const cidrValue = (p: Prefix): ReflectMessage => wrap(CIDR_DESC, `${formatAddr(p.addr)}/${p.bits}`);
const ipOf = (m: unknown): Addr => parseAddr(text(m))!;
const cidrOf = (m: unknown): Prefix => parsePrefix(text(m))!;

// Stryker disable next-line StringLiteral: equivalent: prefixContains ignores the zone of the prefix's address
const inPrefix = (a: Addr, base: number[], bits: number): boolean => prefixContains({ addr: { bytes: base, zone: '' }, bits }, a);
const v6 = (...groups: number[]): number[] => groups.flatMap((g) => [g >> 8, g & 0xff]).concat(new Array<number>(16 - groups.length * 2).fill(0));

const isUnspecified = (a: Addr): boolean => a.bytes.every((b) => b === 0);
const isLoopback = (a: Addr): boolean => (is4(a) ? a.bytes[0] === 127 : a.bytes.slice(0, 15).every((b) => b === 0) && a.bytes[15] === 1);
const isMulticast = (a: Addr): boolean => (is4(a) ? a.bytes[0]! >= 224 && a.bytes[0]! < 240 : a.bytes[0] === 0xff);
const isLinkLocalMulticast = (a: Addr): boolean => (is4(a) ? inPrefix(a, [224, 0, 0, 0], 24) : inPrefix(a, v6(0xff02), 16));
const isLinkLocalUnicast = (a: Addr): boolean => (is4(a) ? inPrefix(a, [169, 254, 0, 0], 16) : inPrefix(a, v6(0xfe80), 10));
const isBroadcast = (a: Addr): boolean => is4(a) && a.bytes.every((b) => b === 255);
const isGlobalUnicast = (a: Addr): boolean => !(isUnspecified(a) || isLoopback(a) || isMulticast(a) || isLinkLocalUnicast(a) || isBroadcast(a));

const ipFunctions: CelFunc[] = [
  celFunc('isIP', [STRING], BOOL, (s) => {
    const a = parseAddr(s);
    return a !== undefined && a.zone === '' && !is4In6(a);
  }),
  celFunc('ip', [STRING], IP, (s) => ipValue(addrOf(s))),
  celFunc('ip.isCanonical', [STRING], BOOL, (s) => formatAddr(addrOf(s)) === s),
  celFunc('string', [IP], STRING, (ip) => text(ip)),
  celMethod('family', IP, [], INT, function () {
    return is4(ipOf(this)) ? 4n : 6n;
  }),
  celMethod('isUnspecified', IP, [], BOOL, function () {
    return isUnspecified(ipOf(this));
  }),
  celMethod('isLoopback', IP, [], BOOL, function () {
    return isLoopback(ipOf(this));
  }),
  celMethod('isLinkLocalMulticast', IP, [], BOOL, function () {
    return isLinkLocalMulticast(ipOf(this));
  }),
  celMethod('isLinkLocalUnicast', IP, [], BOOL, function () {
    return isLinkLocalUnicast(ipOf(this));
  }),
  celMethod('isGlobalUnicast', IP, [], BOOL, function () {
    return isGlobalUnicast(ipOf(this));
  }),
];

const containsCidr = (outer: Prefix, inner: Prefix): boolean => outer.bits <= inner.bits && prefixContains(outer, maskAddr(inner.addr, inner.bits));

const cidrFunctions: CelFunc[] = [
  celFunc('isCIDR', [STRING], BOOL, (s) => {
    const p = parsePrefix(s);
    return p !== undefined && !is4In6(p.addr);
  }),
  celFunc('cidr', [STRING], CIDR, (s) => cidrValue(prefixOf(s))),
  celFunc('string', [CIDR], STRING, (c) => text(c)),
  celMethod('containsIP', CIDR, [IP], BOOL, function (ip) {
    return prefixContains(cidrOf(this), ipOf(ip));
  }),
  celMethod('containsIP', CIDR, [STRING], BOOL, function (s) {
    return prefixContains(cidrOf(this), addrOf(s));
  }),
  celMethod('containsCIDR', CIDR, [CIDR], BOOL, function (c) {
    return containsCidr(cidrOf(this), cidrOf(c));
  }),
  celMethod('containsCIDR', CIDR, [STRING], BOOL, function (s) {
    return containsCidr(cidrOf(this), prefixOf(s));
  }),
  celMethod('ip', CIDR, [], IP, function () {
    return ipValue(cidrOf(this).addr);
  }),
  celMethod('masked', CIDR, [], CIDR, function () {
    const p = cidrOf(this);
    return cidrValue({ addr: maskAddr(p.addr, p.bits), bits: p.bits });
  }),
  celMethod('prefixLength', CIDR, [], INT, function () {
    return BigInt(cidrOf(this).bits);
  }),
];

// ---------------------------------------------------------------------------------------------------
// lists

type Comparable = bigint | number | string | boolean | Uint8Array | ReflectMessage;

function compare(a: CelValue, b: CelValue): number {
  if ((typeof a === 'bigint' || typeof a === 'number') && (typeof b === 'bigint' || typeof b === 'number')) {
    return a < b ? -1 : a > b ? 1 : 0;
  }
  // Stryker disable next-line EqualityOperator: equivalent: `<=` differs only for equal strings, which are the same value either way
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0;
  if (typeof a === 'boolean' && typeof b === 'boolean') return Number(a) - Number(b);
  if (a instanceof Uint8Array && b instanceof Uint8Array) return Buffer.compare(a, b);
  throw new Error(`no such overload: values of types ${typeName(a)} and ${typeName(b)} cannot be compared`);
}

function typeName(v: CelValue): string {
  if (typeof v === 'bigint') return 'int';
  if (typeof v === 'number') return 'double';
  if (isCelList(v)) return 'list';
  return typeof v;
}

function celEquals(a: CelValue, b: CelValue): boolean {
  // biome-ignore lint/suspicious/noDoubleEquals: CEL's numbers compare by value across int, uint and double (1n == 1; 1n === 1 is false)
  if ((typeof a === 'bigint' || typeof a === 'number') && (typeof b === 'bigint' || typeof b === 'number')) return a == b;
  if (a === null || b === null) return a === b;
  // Stryker disable next-line ConditionalExpression,LogicalOperator: equivalent: a primitive has no desc, so a primitive and an object reach `return false` below
  if (typeof a !== 'object' || typeof b !== 'object') return a === b;
  if (a instanceof Uint8Array && b instanceof Uint8Array) return Buffer.compare(a, b) === 0;
  if (isCelList(a) && isCelList(b)) return a.size === b.size && [...a].every((x, i) => celEquals(x, b.get(i)!));
  const ra = a as ReflectMessage;
  const rb = b as ReflectMessage;
  if (ra.desc !== undefined && rb.desc !== undefined) return ra.desc.typeName === rb.desc.typeName && equals(ra.desc, ra.message, rb.message);
  return false;
}

const itemsOf = (l: CelList): CelValue[] => [...l];

function extreme(l: CelList, sign: number, name: string): CelValue {
  const items = itemsOf(l);
  if (items.length === 0) throw new Error(`${name} called on empty list`);
  // compare gives -1, 0 or 1; like Kubernetes, the first of equal extremes wins.
  return items.reduce((best, x) => (compare(x, best) === sign ? x : best));
}

const listFunctions: CelFunc[] = [
  celMethod('isSorted', LIST_DYN, [], BOOL, function () {
    const items = itemsOf(this);
    return items.every((x, i) => i === 0 || compare(items[i - 1]!, x) <= 0);
  }),
  celMethod('sum', LIST_DYN, [], DYN, function () {
    const items = itemsOf(this);
    // An empty list sums to int 0.
    if (items.every((x) => typeof x === 'bigint')) return (items as bigint[]).reduce((a, b) => a + b, 0n);
    if (items.every((x) => typeof x === 'number')) return (items as number[]).reduce((a, b) => a + b, 0);
    throw new Error(`${NOT_AVAILABLE}sum() of values other than int or double`);
  }),
  celMethod('min', LIST_DYN, [], DYN, function () {
    return extreme(this, -1, 'min') as Comparable;
  }),
  celMethod('max', LIST_DYN, [], DYN, function () {
    return extreme(this, 1, 'max') as Comparable;
  }),
  celMethod('indexOf', LIST_DYN, [DYN], INT, function (v) {
    return BigInt(itemsOf(this).findIndex((x) => celEquals(x, v)));
  }),
  celMethod('lastIndexOf', LIST_DYN, [DYN], INT, function (v) {
    return BigInt(itemsOf(this).findLastIndex((x) => celEquals(x, v)));
  }),
];

// ---------------------------------------------------------------------------------------------------
// regex

function matchesOf(s: string, pattern: string, limit: number): string[] {
  const re = globalJsRegExp(pattern);
  if (re === undefined) throw new Error(`${NOT_AVAILABLE}find/findAll with the RE2-only pattern ${JSON.stringify(pattern)}`);
  const out: string[] = [];
  for (const m of s.matchAll(re)) {
    if (limit >= 0 && out.length >= limit) break;
    out.push(m[0]);
  }
  return out;
}

const regexFunctions: CelFunc[] = [
  celMethod('find', STRING, [STRING], STRING, function (pattern) {
    return matchesOf(this, pattern, 1)[0] ?? '';
  }),
  celMethod('findAll', STRING, [STRING], LIST_STRING, function (pattern) {
    return matchesOf(this, pattern, -1);
  }),
  celMethod('findAll', STRING, [STRING, INT], LIST_STRING, function (pattern, limit) {
    return matchesOf(this, pattern, Number(limit));
  }),
];

// ---------------------------------------------------------------------------------------------------
// url (Go's url.ParseRequestURI)

interface ParsedUrl {
  scheme: string;
  host: string;
  path: string;
  query: string;
}

const URL_PARTS = /^(?:([A-Za-z][A-Za-z0-9+.-]*):)?(?:\/\/([^/?#]*))?([^?#]*)(?:\?([^#]*))?$/;

function parseUrl(s: string): ParsedUrl {
  const m = URL_PARTS.exec(s);
  const fail = (why: string): never => {
    throw new Error(`URL parse error during conversion from string: parse ${JSON.stringify(s)}: ${why}`);
  };
  if (/[\x00-\x1f\x7f]/.test(s)) return fail('net/url: invalid control character in URL');
  if (m === null) return fail('invalid URI for request');
  const [, scheme = '', authority, path = '', query = ''] = m;
  if (scheme === '' && !s.startsWith('/')) return fail('invalid URI for request');
  const host = authority === undefined ? '' : authority.slice(authority.lastIndexOf('@') + 1);
  if (/[\s"<>\\^`{|}]/.test(host)) return fail(`invalid character in host name`);
  return { scheme, host, path, query };
}

function hostname(host: string): string {
  if (host.startsWith('[')) return host.slice(1, host.indexOf(']'));
  const colon = host.lastIndexOf(':');
  return colon < 0 ? host : host.slice(0, colon);
}

function port(host: string): string {
  const colon = host.lastIndexOf(':');
  if (colon < 0) return '';
  // Stryker disable next-line EqualityOperator: equivalent: ']' and ':' are never at the same index
  if (host.lastIndexOf(']') > colon) return '';
  return host.slice(colon + 1);
}

/** Go's url.Values: every key and value percent-decoded, '+' a space, values in order. */
function queryMap(query: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  const decode = (t: string): string => decodeURIComponent(t.replace(/\+/g, ' '));
  for (const pair of query.split('&')) {
    if (pair === '') continue;
    const eq = pair.indexOf('=');
    const k = decode(eq < 0 ? pair : pair.slice(0, eq));
    const v = eq < 0 ? '' : decode(pair.slice(eq + 1));
    out.set(k, [...(out.get(k) ?? []), v]);
  }
  return out;
}

const urlOf = (m: unknown): ParsedUrl => parseUrl(text(m));

const urlFunctions: CelFunc[] = [
  celFunc('url', [STRING], URL, (s) => {
    parseUrl(s);
    return wrap(URL_DESC, s);
  }),
  celFunc('isURL', [STRING], BOOL, (s) => {
    try {
      parseUrl(s);
      return true;
    } catch {
      return false;
    }
  }),
  celMethod('getScheme', URL, [], STRING, function () {
    return urlOf(this).scheme;
  }),
  celMethod('getHost', URL, [], STRING, function () {
    return urlOf(this).host;
  }),
  celMethod('getHostname', URL, [], STRING, function () {
    return hostname(urlOf(this).host);
  }),
  celMethod('getPort', URL, [], STRING, function () {
    return port(urlOf(this).host);
  }),
  celMethod('getEscapedPath', URL, [], STRING, function () {
    return urlOf(this).path;
  }),
  celMethod('getQuery', URL, [], mapType(STRING, LIST_STRING), function () {
    const q = queryMap(urlOf(this).query);
    return celMap(new Map([...q].map(([k, v]) => [k, celList(v)])));
  }),
];

// ---------------------------------------------------------------------------------------------------
// quantity

function quantityOfText(s: string): Quantity {
  const q = parseQuantity(s);
  if (q === undefined) throw new Error(`quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'`);
  return q;
}

const quantityValue = (q: Quantity): ReflectMessage => wrap(QUANTITY_DESC, quantityKey(q));
const quantityOf = (m: unknown): Quantity => quantityFromKey(text(m));
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const fitsInt64 = (q: Quantity): boolean => q.d === 1n && q.n >= INT64_MIN && q.n <= INT64_MAX;

const quantityFunctions: CelFunc[] = [
  celFunc('quantity', [STRING], QUANTITY, (s) => quantityValue(quantityOfText(s))),
  celFunc('isQuantity', [STRING], BOOL, (s) => parseQuantity(s) !== undefined),
  celMethod('sign', QUANTITY, [], INT, function () {
    const q = quantityOf(this);
    return q.n < 0n ? -1n : q.n > 0n ? 1n : 0n;
  }),
  celMethod('isGreaterThan', QUANTITY, [QUANTITY], BOOL, function (o) {
    return compareQuantities(quantityOf(this), quantityOf(o)) > 0;
  }),
  celMethod('isLessThan', QUANTITY, [QUANTITY], BOOL, function (o) {
    return compareQuantities(quantityOf(this), quantityOf(o)) < 0;
  }),
  celMethod('compareTo', QUANTITY, [QUANTITY], INT, function (o) {
    return BigInt(compareQuantities(quantityOf(this), quantityOf(o)));
  }),
  celMethod('add', QUANTITY, [QUANTITY], QUANTITY, function (o) {
    return quantityValue(addQuantities(quantityOf(this), quantityOf(o)));
  }),
  celMethod('add', QUANTITY, [INT], QUANTITY, function (n) {
    return quantityValue(addQuantities(quantityOf(this), fraction(n, 1n)));
  }),
  celMethod('sub', QUANTITY, [QUANTITY], QUANTITY, function (o) {
    return quantityValue(subQuantities(quantityOf(this), quantityOf(o)));
  }),
  celMethod('sub', QUANTITY, [INT], QUANTITY, function (n) {
    return quantityValue(subQuantities(quantityOf(this), fraction(n, 1n)));
  }),
  celMethod('isInteger', QUANTITY, [], BOOL, function () {
    return fitsInt64(quantityOf(this));
  }),
  celMethod('asInteger', QUANTITY, [], INT, function () {
    const q = quantityOf(this);
    if (!fitsInt64(q)) throw new Error('cannot convert value to integer');
    return q.n;
  }),
  celMethod('asApproximateFloat', QUANTITY, [], DOUBLE, function () {
    const q = quantityOf(this);
    return Number(q.n) / Number(q.d);
  }),
];

// ---------------------------------------------------------------------------------------------------
// semver (major.minor.patch[-pre][+build]; build metadata does not take part in comparisons)

const SEMVER_TEXT = /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-((?:0|[1-9]\d*|\d*[A-Za-z-][0-9A-Za-z-]*)(?:\.(?:0|[1-9]\d*|\d*[A-Za-z-][0-9A-Za-z-]*))*))?(?:\+[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?$/;

function semverOf(s: string): RegExpExecArray {
  const m = SEMVER_TEXT.exec(s);
  if (m === null) throw new Error(`could not parse ${JSON.stringify(s)} as semver`);
  return m;
}

const semverValue = (m: RegExpExecArray): ReflectMessage => wrap(SEMVER_DESC, `${m[1]}.${m[2]}.${m[3]}${m[4] === undefined ? '' : `-${m[4]}`}`);
const semverParts = (v: unknown): RegExpExecArray => semverOf(text(v));

function compareSemver(a: RegExpExecArray, b: RegExpExecArray): number {
  for (let i = 1; i <= 3; i++) {
    const d = BigInt(a[i]!) - BigInt(b[i]!);
    if (d < 0n) return -1;
    if (d > 0n) return 1;
  }
  const pa = a[4];
  const pb = b[4];
  if (pa === undefined || pb === undefined) return pa === pb ? 0 : pa === undefined ? 1 : -1;
  const xa = pa.split('.');
  const xb = pb.split('.');
  for (let i = 0; i < Math.max(xa.length, xb.length); i++) {
    const x = xa[i];
    const y = xb[i];
    if (x === undefined) return -1;
    if (y === undefined) return 1;
    const nx = /^\d+$/.test(x);
    const ny = /^\d+$/.test(y);
    if (nx && ny) {
      const d = BigInt(x) - BigInt(y);
      if (d < 0n) return -1;
      if (d > 0n) return 1;
    } else if (nx !== ny) return nx ? -1 : 1;
    else if (x < y) return -1;
    else if (x > y) return 1;
  }
  return 0;
}

/**
 * Kubernetes' normalizeAndParse (the `normalize` overloads): no leading `v`, leading zeros dropped, a missing
 * minor or patch is 0 (a short version may not carry pre-release or build metadata).
 */
function normalizedSemverOf(s: string): RegExpExecArray {
  const parts = (s.startsWith('v') ? s.slice(1) : s).split('.');
  // Stryker disable next-line EqualityOperator: equivalent: joining the rest of exactly three parts gives the third part (Go's SplitN(s, ".", 3))
  const head = parts.length > 3 ? [...parts.slice(0, 2), parts.slice(2).join('.')] : parts;
  const trimmed = head.map((p) => {
    if (p.length <= 1) return p;
    const t = p.replace(/^0+/, '');
    return /^\d/.test(t) ? t : `0${t}`;
  });
  if (trimmed.length < 3) {
    if (/[+-]/.test(trimmed[trimmed.length - 1]!)) throw new Error(`could not parse ${JSON.stringify(s)} as semver: short version cannot contain PreRelease/Build meta data`);
    while (trimmed.length < 3) trimmed.push('0');
  }
  return semverOf(trimmed.join('.'));
}

function isNormalizedSemver(s: string): boolean {
  try {
    normalizedSemverOf(s);
    return true;
  } catch {
    return false;
  }
}

const semverFunctions: CelFunc[] = [
  celFunc('isSemver', [STRING], BOOL, (s) => SEMVER_TEXT.test(s)),
  celFunc('isSemver', [STRING, BOOL], BOOL, (s, normalize) => (normalize ? isNormalizedSemver(s) : SEMVER_TEXT.test(s))),
  celFunc('semver', [STRING], SEMVER, (s) => semverValue(semverOf(s))),
  celFunc('semver', [STRING, BOOL], SEMVER, (s, normalize) => semverValue(normalize ? normalizedSemverOf(s) : semverOf(s))),
  celMethod('major', SEMVER, [], INT, function () {
    return BigInt(semverParts(this)[1]!);
  }),
  celMethod('minor', SEMVER, [], INT, function () {
    return BigInt(semverParts(this)[2]!);
  }),
  celMethod('patch', SEMVER, [], INT, function () {
    return BigInt(semverParts(this)[3]!);
  }),
  celMethod('isGreaterThan', SEMVER, [SEMVER], BOOL, function (o) {
    return compareSemver(semverParts(this), semverParts(o)) > 0;
  }),
  celMethod('isLessThan', SEMVER, [SEMVER], BOOL, function (o) {
    return compareSemver(semverParts(this), semverParts(o)) < 0;
  }),
  celMethod('compareTo', SEMVER, [SEMVER], INT, function (o) {
    return BigInt(compareSemver(semverParts(this), semverParts(o)));
  }),
];

// ---------------------------------------------------------------------------------------------------
// sets (cel-go ext.Sets)

const contains = (l: CelList, v: CelValue): boolean => itemsOf(l).some((x) => celEquals(x, v));

const setFunctions: CelFunc[] = [
  celFunc('sets.contains', [LIST_DYN, LIST_DYN], BOOL, (a, b) => itemsOf(b).every((v) => contains(a, v))),
  celFunc('sets.equivalent', [LIST_DYN, LIST_DYN], BOOL, (a, b) => itemsOf(b).every((v) => contains(a, v)) && itemsOf(a).every((v) => contains(b, v))),
  celFunc('sets.intersects', [LIST_DYN, LIST_DYN], BOOL, (a, b) => itemsOf(b).some((v) => contains(a, v))),
];

/** Every function this module binds. */
export const KUBERNETES_LIBRARY: readonly CelFunc[] = [
  ...ipFunctions,
  ...cidrFunctions,
  ...listFunctions,
  ...regexFunctions,
  ...urlFunctions,
  ...quantityFunctions,
  ...semverFunctions,
  ...setFunctions,
];

/**
 * Functions and syntax of Kubernetes' CEL environment for CRD rules that the offline evaluator does not have.
 * A rule that reaches one of them is reported as not checked.
 */
export const MISSING_FUNCTIONS: readonly { name: string; why: string }[] = [
  { name: 'optional types (`?.`, `[?]`, optional.of/none, hasValue, value, orValue)', why: '@bufbuild/cel 0.6.1 parses neither the syntax nor binds the functions' },
  { name: 'optionalOldSelf rules', why: 'oldSelf would be an optional value' },
  { name: 'format library (format.named, format.dns1123Label, …, validate)', why: 'its results are optional values' },
  { name: 'cel.bind', why: 'a macro @bufbuild/cel 0.6.1 does not expand' },
  { name: 'two-variable comprehensions (all(i, v, …), transformList, transformMap…)', why: '@bufbuild/cel 0.6.1 does not expand them' },
  { name: 'lists extension (slice, flatten, distinct, range, sort, sortBy…)', why: 'not bound' },
  { name: 'math extension (math.greatest, math.least, math.abs…)', why: 'not bound' },
  { name: 'strings.reverse (strings extension version 3)', why: 'not in @bufbuild/cel 0.6.1' },
  { name: 'find/findAll with a pattern that has no exact JavaScript equivalent', why: '@bufbuild/re2 reports no match positions' },
  { name: 'authorizer, jsonpatch and other admission-only libraries', why: 'not available to CRD validation rules on the API server either' },
];
