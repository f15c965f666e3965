// The OpenAPI `format`s the API server checks on custom resources: the formats of kube-openapi's strfmt
// registry that apiextensions-apiserver keeps (pkg/apiserver/validation/formats.go: supportedVersionedFormats).
// Numbers have ranges since kube-openapi 1d94e88 (2026-01, Kubernetes 1.36): `numberRange`. A format name is compared with its dashes removed ("date-time" is "datetime"), as
// go-openapi normalizes it. Any other format is ignored by the API server, and here.
import { goParseIP, isMac, parsePrefix } from '../net.js';

type StringCheck = (s: string) => boolean;

const UUID = /^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i;
const UUID3 = /^[0-9a-f]{8}-?[0-9a-f]{4}-?3[0-9a-f]{3}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i;
const UUID4 = /^[0-9a-f]{8}-?[0-9a-f]{4}-?4[0-9a-f]{3}-?[89ab][0-9a-f]{3}-?[0-9a-f]{12}$/i;
const UUID5 = /^[0-9a-f]{8}-?[0-9a-f]{4}-?5[0-9a-f]{3}-?[89ab][0-9a-f]{3}-?[0-9a-f]{12}$/i;
/**
 * RFC 1034 host names, digits first allowed, Unicode letters and symbols allowed, a top-level label of two or
 * more letters (kube-openapi's strfmt.HostnamePattern; go-openapi's later pattern, which allows digits, symbols
 * and dashes there, is not the one Kubernetes uses). Its `((-?…{0,62})?)` is written `(-?…{0,62})`: the group
 * matches the empty text anyway.
 */
const HOSTNAME = /^([a-zA-Z0-9\p{S}\p{L}](-?[a-zA-Z0-9\p{S}\p{L}]{0,62})|([a-zA-Z0-9\p{S}\p{L}](([a-zA-Z0-9\-\p{S}\p{L}]{0,61}[a-zA-Z0-9\p{S}\p{L}])?)(\.)){1,}([a-zA-Z\p{L}]){2,63})$/u;
/** strfmt.DateTimePattern after the "t": Go's `.` is any character but a newline (a whole code point). */
const TIME_OF_DAY = /^([0-9]{2}):([0-9]{2}):([0-9]{2})(?:[^\n]([0-9]+))?(z|[+-][0-9]{2}:[0-9]{2})$/u;
const GO_DURATION = /^[-+]?(?:(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:ns|us|µs|μs|ms|s|m|h))+$/;
const LOOSE_DURATION = /(\d+)\s*([A-Za-zµ]+)/g;
const SCHEME = /^[A-Za-z][A-Za-z0-9+.-]*:/;
const K8S_SHORT_NAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const K8S_LONG_NAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const RGB_PART = '\\s*(0|[1-9]\\d?|1\\d\\d?|2[0-4]\\d|25[0-5])\\s*';
const RGB = new RegExp(`^rgb\\(${RGB_PART},${RGB_PART},${RGB_PART}\\)$`);

/** Go's len: UTF-8 bytes (Buffer's default encoding). */
const utf8Length = (s: string): number => Buffer.byteLength(s);

/** time.Parse("2006-01-02"): a real calendar day. */
export function isDate(s: string): boolean {
  const m = /^([0-9]{4})-([0-9]{2})-([0-9]{2})$/.exec(s);
  if (m === null) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  // Month 00 or 13 and above: no such month, no day fits it.
  const days = [31, y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][mo - 1] ?? 0;
  return d >= 1 && d <= days;
}

/** A point in time: seconds since the epoch and nanoseconds. */
export interface Instant {
  seconds: bigint;
  nanos: number;
}

/** time.Parse("2006-01-02") as an instant (midnight UTC), undefined when it is no calendar day. */
export function parseDate(s: string): Instant | undefined {
  if (!isDate(s)) return undefined;
  const [y, m, d] = s.split('-').map(Number) as [number, number, number];
  return { seconds: BigInt(Date.UTC(y, m - 1, d) / 1000), nanos: 0 };
}

/**
 * strfmt.IsDateTime as an instant: a date, "t", then hh:mm:ss[.frac](z|±hh:mm), case-insensitive (any
 * character may stand before the fraction, as strfmt's pattern allows); undefined when it is not one.
 */
export function parseDateTime(s: string): Instant | undefined {
  // (strfmt first refuses texts shorter than 4 characters: no date is that short.)
  const parts = s.toLowerCase().split('t');
  const day = parseDate(parts[0]!);
  // No "t": String(undefined) is "undefined", no time of day.
  const m = TIME_OF_DAY.exec(String(parts[1]));
  if (day === undefined || m === null || m[1]! > '23' || m[2]! > '59' || m[3]! > '59') return undefined;
  // The zone "z" needs no case of its own: its hours and minutes are empty texts, and Number('') is 0.
  const zone = m[5]!;
  const sign = zone[0] === '-' ? -1 : 1;
  const offset = sign * (Number(zone.slice(1, 3)) * 3600 + Number(zone.slice(4, 6)) * 60);
  const seconds = day.seconds + BigInt(Number(m[1]) * 3600 + Number(m[2]) * 60 + Number(m[3]) - offset);
  // Nanoseconds: the first nine digits of the fraction ('' without one: 0).
  return { seconds, nanos: Number((m[4] ?? '').slice(0, 9).padEnd(9, '0')) };
}

export const isDateTime = (s: string): boolean => parseDateTime(s) !== undefined;

const NANOS: Record<string, bigint> = { ns: 1n, us: 1000n, µs: 1000n, μs: 1000n, ms: 1000000n, s: 1000000000n, m: 60000000000n, h: 3600000000000n };
const LOOSE_NANOS: [string[], bigint][] = [
  [['ns', 'nano'], 1n],
  [['us', 'µs', 'micro'], 1000n],
  [['ms', 'milli'], 1000000n],
  [['s', 'sec'], 1000000000n],
  [['m', 'min'], 60000000000n],
  [['h', 'hr', 'hour'], 3600000000000n],
  [['d', 'day'], 86400000000000n],
  [['w', 'wk', 'week'], 604800000000000n],
];

/** time.ParseDuration: nanoseconds, or undefined. */
function goDuration(s: string): bigint | undefined {
  if (/^[-+]?0$/.test(s)) return 0n;
  if (!GO_DURATION.test(s)) return undefined;
  const negative = s.startsWith('-');
  let total = 0n;
  // Whole part and fraction may each be empty ('.5h', '1h'): BigInt('') is 0n.
  for (const [, whole, frac, name] of s.matchAll(/([0-9]*)\.?([0-9]*)(ns|us|µs|μs|ms|s|m|h)/g)) {
    const unit = NANOS[name!]!;
    total += BigInt(whole!) * unit + (BigInt(frac!) * unit) / 10n ** BigInt(frac!.length);
  }
  return negative ? -total : total;
}

/** strfmt.ParseDuration: a Go duration ("1h30m"), else the sum of every "<digits> <unit>" in the text ("3 day", "2 wk"); nanoseconds. */
export function parseDuration(s: string): bigint | undefined {
  const go = goDuration(s);
  if (go !== undefined) return go;
  let total = 0n;
  let found = false;
  for (const m of s.matchAll(LOOSE_DURATION)) {
    const unit = m[2]!.toLowerCase();
    // strconv.Atoi fails past int64: the whole text is then no duration.
    if (BigInt(m[1]!) > 2n ** 63n - 1n) return undefined;
    // A unit is one of the names, or starts with the last one ("days", "minutes", "hours").
    const hit = LOOSE_NANOS.find(([names]) => names.some((n, i) => n === unit || (i === names.length - 1 && unit.startsWith(n))));
    if (hit === undefined) continue;
    total += BigInt(m[1]!) * hit[1];
    found = true;
  }
  return found ? total : undefined;
}

export const isDuration = (s: string): boolean => parseDuration(s) !== undefined;

/**
 * govalidator.IsBase64 (kube-openapi's frozen copy): padded standard base64 of one group or more, nothing else
 * (not the empty text, no line breaks).
 */
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=|[A-Za-z0-9+/]{4})$/;
export const isBase64 = (s: string): boolean => BASE64.test(s);

/** net/url's validUserinfo (its %-escapes are checked with the path). */
const USERINFO = /^[A-Za-z0-9\-._:~!$&'()*+,;=@%]*$/;
/** A host as net/url unescapes it: its ASCII characters (shouldEscape in encodeHost), %-escapes of non-ASCII bytes or %25. */
const HOST = /^(?:[A-Za-z0-9\-._~!$&'()*+,;=:[\]<>"]|[^\x00-\x7f]|%(?:[89A-Fa-f][0-9A-Fa-f]|25))*$/u;
const PORT = /^(?::[0-9]*)?$/;
/** A path: every "%" starts an escape of two hexadecimal digits. */
const PATH = /^(?:[^%]|%[0-9A-Fa-f]{2})*$/;

/** net/url's parseAuthority: userinfo before the last "@", a host, an optional numeric port. */
function isAuthority(authority: string): boolean {
  const at = authority.lastIndexOf('@');
  const host = authority.slice(at + 1);
  // The port: after the "]" of an IP literal (none: the whole host, which is no port), else after the last ":".
  const colon = host.startsWith('[') ? host.lastIndexOf(']') + 1 : host.lastIndexOf(':');
  const port = colon < 0 ? '' : host.slice(colon);
  return USERINFO.test(authority.slice(0, Math.max(at, 0))) && PORT.test(port) && HOST.test(host);
}

/**
 * url.ParseRequestURI: "*", an absolute path, or an absolute URI (opaque, or with an authority after "//"); no
 * control characters, valid %-escapes in the path (the query is not checked).
 */
export function isRequestUri(s: string): boolean {
  // (An empty text, Go's "empty url", has neither a slash nor a scheme.)
  if (/[\x00-\x1f\x7f]/.test(s)) return false;
  if (s === '*') return true;
  const scheme = SCHEME.exec(s)?.[0] ?? '';
  const rest = s.slice(scheme.length).split('?', 1)[0]!;
  // Without a slash: an opaque URI ("mailto:…"), or without a scheme "invalid URI for request".
  if (!rest.startsWith('/')) return scheme !== '';
  if (scheme !== '' && rest.startsWith('//') && !isAuthority(rest.slice(2).split('/', 1)[0]!)) return false;
  // The path; an authority before it has valid escapes only.
  return PATH.test(rest);
}

/** mail.ParseAddress, approximately: `local@domain` or `Name <local@domain>`. */
export function isEmail(s: string): boolean {
  const angle = /^[^<>]*<([^<>]+)>$/.exec(s.trim());
  const addr = angle === null ? s.trim() : angle[1]!;
  // Local part and domain are dot-atoms: no dot first, last or twice in a row (Go: leading, trailing, double dot in atom).
  return /^[^\s@<>(),;:"]+@[^\s@<>(),;:"]+$/.test(addr) && !/^\.|\.@|@\.|\.$|\.\./.test(addr);
}

export function isHostname(s: string): boolean {
  return HOSTNAME.test(s) && utf8Length(s) <= 255 && s.split('.').every((p) => utf8Length(p) <= 63);
}

/** 2 × d with its two digits added, for each digit d (the Luhn sum's doubled digits). */
const LUHN_DOUBLED = [0, 2, 4, 6, 8, 1, 3, 5, 7, 9];

function luhn(digits: string): boolean {
  let sum = 0;
  let double = false;
  for (let i = digits.length - 1; i >= 0; i--) {
    const d = Number(digits[i]);
    // Stryker disable next-line AssignmentOperator: equivalent: the negated sum is a multiple of 10 just when the sum is
    sum += double ? LUHN_DOUBLED[d]! : d;
    double = !double;
  }
  return sum % 10 === 0;
}

function isIsbn10(s: string): boolean {
  const t = s.replace(/[\s-]/g, '');
  if (!/^[0-9]{9}[0-9X]$/.test(t)) return false;
  let sum = 0;
  for (let i = 0; i < 9; i++) sum += (i + 1) * Number(t[i]);
  sum += t[9] === 'X' ? 100 : 10 * Number(t[9]);
  return sum % 11 === 0;
}

function isIsbn13(s: string): boolean {
  const t = s.replace(/[\s-]/g, '');
  if (!/^[0-9]{13}$/.test(t)) return false;
  let sum = 0;
  for (let i = 0; i < 12; i++) sum += (i % 2 === 0 ? 1 : 3) * Number(t[i]);
  return (10 - (sum % 10)) % 10 === Number(t[12]);
}

/** govalidator.IsCreditCard as kube-openapi froze it: no Mastercard 2-series, no UnionPay; then the Luhn sum. */
function isCreditCard(s: string): boolean {
  const digits = s.replace(/[^0-9]/g, '');
  return /^(?:4[0-9]{12}(?:[0-9]{3})?|5[1-5][0-9]{14}|6(?:011|5[0-9][0-9])[0-9]{12}|3[47][0-9]{13}|3(?:0[0-5]|[68][0-9])[0-9]{11}|(?:2131|1800|35\d{3})\d{11})$/.test(digits) && luhn(digits);
}

/**
 * The ipv4 and cidr formats parse with netutils.ParseIPSloppy / ParseCIDRSloppy, which allow leading zeros in IPv4
 * parts as Go did before 1.17 ("010.0.0.1" is 10.0.0.1): the address without them, for Go ≥ 1.17's parser.
 */
function withoutLeadingZeros(s: string): string {
  const at = s.lastIndexOf(':') + 1;
  const v4 = s.slice(at);
  return v4.includes('.')
    ? s.slice(0, at) +
        v4
          .split('.')
          .map((p) => p.replace(/^0+(?=.)/, ''))
          .join('.')
    : s;
}

/** ParseCIDRSloppy: the address up to the first slash, then decimal bits (leading zeros allowed). */
function isCidr(s: string): boolean {
  const m = /^([^/]*)\/([0-9]+)$/.exec(s);
  return m !== null && parsePrefix(`${withoutLeadingZeros(m[1]!)}/${Number(m[2])}`) !== undefined;
}

const STRING_FORMATS: Record<string, StringCheck> = {
  bsonobjectid: (s) => /^[0-9a-fA-F]{24}$/.test(s),
  uri: isRequestUri,
  email: isEmail,
  hostname: isHostname,
  ipv4: (s) => goParseIP(withoutLeadingZeros(s)) !== undefined && s.includes('.'),
  ipv6: (s) => goParseIP(s) !== undefined && s.includes(':'),
  cidr: isCidr,
  mac: isMac,
  uuid: (s) => UUID.test(s),
  uuid3: (s) => UUID3.test(s),
  uuid4: (s) => UUID4.test(s),
  uuid5: (s) => UUID5.test(s),
  isbn: (s) => isIsbn10(s) || isIsbn13(s),
  isbn10: isIsbn10,
  isbn13: isIsbn13,
  creditcard: isCreditCard,
  // govalidator.IsSSN: ^\d{3}[- ]?\d{2}[- ]?\d{4}$ and 11 bytes long, so with both separators.
  ssn: (s) => /^\d{3}[- ]\d{2}[- ]\d{4}$/.test(s),
  hexcolor: (s) => /^#?([0-9a-fA-F]{3}|[0-9a-fA-F]{6})$/.test(s),
  rgbcolor: (s) => RGB.test(s),
  byte: isBase64,
  password: () => true,
  date: isDate,
  duration: isDuration,
  datetime: isDateTime,
  // No quantity: apiextensions' list names it, but kube-openapi's strfmt registers no check for it (HEAD of 2026-07),
  // so the API server's format validator does not apply.
  k8sshortname: (s) => K8S_SHORT_NAME.test(s) && s.length <= 63,
  k8slongname: (s) => K8S_LONG_NAME.test(s) && s.length <= 253,
};

/** The check of a string format, or undefined when the API server ignores the format. */
export function stringFormat(format: string): StringCheck | undefined {
  return STRING_FORMATS[format.replace(/-/g, '')];
}

/**
 * The range a number must fit, as kube-openapi's numberValidator checks it since 1d94e88 (2026-01-09, vendored by
 * Kubernetes 1.36; older API servers check the type only): with exactly one type, an integer is an int64 unless its
 * format is int32, a number with format float must fit a float32 (IsValueValidAgainstRange). The message's words
 * are kube-openapi's. A number that is not an integer under type integer fails the type check (the range is not
 * looked at then: the object is refused either way). Undefined: no range (double, other formats, int-or-string).
 */
export function numberRange(type: unknown, format: string | undefined): { fits: (n: number) => boolean; message: string } | undefined {
  if (type === 'integer') {
    const int32 = format === 'int32';
    const bits = int32 ? 31 : 63;
    return {
      fits: (n) => !Number.isInteger(n) || (n >= -(2 ** bits) && n < 2 ** bits),
      message: `Checked value must be of type integer ${int32 || format === 'int64' ? `with format ${format}` : '(default format)'}`,
    };
  }
  if (type === 'number' && format === 'float') return { fits: (n) => Number.isFinite(Math.fround(n)), message: 'Checked value must be of type number with format float' };
  return undefined;
}
