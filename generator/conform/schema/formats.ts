// The OpenAPI `format`s the API server checks on custom resources: the formats of kube-openapi's strfmt
// registry that apiextensions-apiserver keeps (pkg/apiserver/validation/formats.go: supportedVersionedFormats).
// Integer formats (int32, int64) are not range-checked: kube-openapi's number validator is built without the
// schema's type and format. A format name is compared with its dashes removed ("date-time" is "datetime"), as
// go-openapi normalizes it. Any other format is ignored by the API server, and here.
import { goParseIP, isMac, parsePrefix } from '../net.js';
import { parseQuantity } from '../quantity.js';

type StringCheck = (s: string) => boolean;

const UUID = /^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i;
const UUID3 = /^[0-9a-f]{8}-?[0-9a-f]{4}-?3[0-9a-f]{3}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i;
const UUID4 = /^[0-9a-f]{8}-?[0-9a-f]{4}-?4[0-9a-f]{3}-?[89ab][0-9a-f]{3}-?[0-9a-f]{12}$/i;
const UUID5 = /^[0-9a-f]{8}-?[0-9a-f]{4}-?5[0-9a-f]{3}-?[89ab][0-9a-f]{3}-?[0-9a-f]{12}$/i;
/** RFC 1034 host names, digits first allowed, Unicode letters and symbols allowed (strfmt.HostnamePattern). */
const HOSTNAME =
  /^([a-zA-Z0-9\p{S}\p{L}]((-?[a-zA-Z0-9\p{S}\p{L}]{0,62})?)|([a-zA-Z0-9\p{S}\p{L}](([a-zA-Z0-9\-\p{S}\p{L}]{0,61}[a-zA-Z0-9\p{S}\p{L}])?)(\.)){1,}([a-zA-Z0-9\p{S}\p{L}])(-?[a-zA-Z0-9\p{S}\p{L}]){1,62})$/u;
const TIME_OF_DAY = /^([0-9]{2}):([0-9]{2}):([0-9]{2})(.[0-9]+)?(z|([+-][0-9]{2}:[0-9]{2}))$/;
const GO_DURATION = /^[-+]?(?:(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:ns|us|µs|μs|ms|s|m|h))+$/;
const LOOSE_DURATION = /(\d+)\s*([A-Za-zµ]+)/g;
const SCHEME = /^[A-Za-z][A-Za-z0-9+.-]*:/;
const K8S_SHORT_NAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const K8S_LONG_NAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const RGB_PART = '\\s*(0|[1-9]\\d?|1\\d\\d?|2[0-4]\\d|25[0-5])\\s*';
const RGB = new RegExp(`^rgb\\(${RGB_PART},${RGB_PART},${RGB_PART}\\)$`);

const utf8Length = (s: string): number => Buffer.byteLength(s, 'utf8');

/** time.Parse("2006-01-02"): a real calendar day. */
export function isDate(s: string): boolean {
  const m = /^([0-9]{4})-([0-9]{2})-([0-9]{2})$/.exec(s);
  if (m === null) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (mo < 1 || mo > 12 || d < 1) return false;
  const days = [31, y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][mo - 1]!;
  return d <= days;
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
  if (s.length < 4) return undefined;
  const parts = s.toLowerCase().split('t');
  const day = parseDate(parts[0]!);
  const m = parts.length < 2 ? null : TIME_OF_DAY.exec(parts[1]!);
  if (day === undefined || m === null || m[1]! > '23' || m[2]! > '59' || m[3]! > '59') return undefined;
  const zone = m[5]!;
  const offset = zone === 'z' ? 0 : (zone[0] === '-' ? -1 : 1) * (Number(zone.slice(1, 3)) * 3600 + Number(zone.slice(4, 6)) * 60);
  const seconds = day.seconds + BigInt(Number(m[1]) * 3600 + Number(m[2]) * 60 + Number(m[3]) - offset);
  const fraction = m[4] === undefined ? '' : m[4].slice(1, 10);
  return { seconds, nanos: fraction === '' ? 0 : Number(fraction.padEnd(9, '0')) };
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
  for (const m of s.matchAll(/([0-9]*)(?:\.([0-9]*))?(ns|us|µs|μs|ms|s|m|h)/g)) {
    const unit = NANOS[m[3]!]!;
    const frac = m[2] ?? '';
    total += BigInt(m[1] || '0') * unit + (frac === '' ? 0n : (BigInt(frac) * unit) / 10n ** BigInt(frac.length));
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
    const unit = m[2]!.toLowerCase().trim();
    const hit = LOOSE_NANOS.find(([names]) => names.includes(unit));
    if (hit === undefined) continue;
    total += BigInt(m[1]!) * hit[1];
    found = true;
  }
  return found ? total : undefined;
}

export const isDuration = (s: string): boolean => parseDuration(s) !== undefined;

/** base64.StdEncoding.DecodeString (which skips \r and \n). */
export function isBase64(s: string): boolean {
  const t = s.replace(/[\r\n]/g, '');
  return t.length % 4 === 0 && /^[A-Za-z0-9+/]*={0,2}$/.test(t) && !/=[^=]/.test(t);
}

/** url.ParseRequestURI: an absolute URI or an absolute path, without control characters or a bad host. */
export function isRequestUri(s: string): boolean {
  if (s === '' || /[\x00-\x1f\x7f]/.test(s)) return false;
  if (s.startsWith('/')) return true;
  if (!SCHEME.test(s)) return false;
  const rest = s.slice(s.indexOf(':') + 1);
  if (!rest.startsWith('//')) return true;
  const authority = rest.slice(2).split(/[/?#]/, 1)[0]!;
  const host = authority.slice(authority.lastIndexOf('@') + 1);
  return !/[\s"<>\\^`{|}]/.test(host);
}

/** mail.ParseAddress, approximately: `local@domain` or `Name <local@domain>`. */
export function isEmail(s: string): boolean {
  const angle = /^[^<>]*<([^<>]+)>$/.exec(s.trim());
  const addr = angle === null ? s.trim() : angle[1]!;
  return /^[^\s@<>(),;:"]+@[^\s@<>(),;:"]+$/.test(addr) && !addr.startsWith('.') && !/\.\./.test(addr);
}

export function isHostname(s: string): boolean {
  return HOSTNAME.test(s) && utf8Length(s) <= 255 && s.split('.').every((p) => utf8Length(p) <= 63);
}

function luhn(digits: string): boolean {
  let sum = 0;
  let double = false;
  for (let i = digits.length - 1; i >= 0; i--) {
    let d = Number(digits[i]);
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
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

function isCreditCard(s: string): boolean {
  const digits = s.replace(/[^0-9]/g, '');
  return (
    /^(?:4[0-9]{12}(?:[0-9]{3})?|5[1-5][0-9]{14}|(222[1-9]|22[3-9][0-9]|2[3-6][0-9]{2}|27[01][0-9]|2720)[0-9]{12}|6(?:011|5[0-9][0-9])[0-9]{12}|3[47][0-9]{13}|3(?:0[0-5]|[68][0-9])[0-9]{11}|(?:2131|1800|35\d{3})\d{11}|6[27][0-9]{14})$/.test(
      digits,
    ) && luhn(digits)
  );
}

const STRING_FORMATS: Record<string, StringCheck> = {
  bsonobjectid: (s) => /^[0-9a-fA-F]{24}$/.test(s),
  uri: isRequestUri,
  email: isEmail,
  hostname: isHostname,
  ipv4: (s) => goParseIP(s) !== undefined && s.includes('.'),
  ipv6: (s) => goParseIP(s) !== undefined && s.includes(':'),
  cidr: (s) => parsePrefix(s) !== undefined,
  mac: isMac,
  uuid: (s) => UUID.test(s),
  uuid3: (s) => UUID3.test(s),
  uuid4: (s) => UUID4.test(s),
  uuid5: (s) => UUID5.test(s),
  isbn: (s) => isIsbn10(s) || isIsbn13(s),
  isbn10: isIsbn10,
  isbn13: isIsbn13,
  creditcard: isCreditCard,
  ssn: (s) => /^\d{3}[- ]?\d{2}[- ]?\d{4}$/.test(s),
  hexcolor: (s) => /^#?([0-9a-fA-F]{3}|[0-9a-fA-F]{6})$/.test(s),
  rgbcolor: (s) => RGB.test(s),
  byte: isBase64,
  password: () => true,
  date: isDate,
  duration: isDuration,
  datetime: isDateTime,
  quantity: (s) => parseQuantity(s) !== undefined,
  k8sshortname: (s) => K8S_SHORT_NAME.test(s) && s.length <= 63,
  k8slongname: (s) => K8S_LONG_NAME.test(s) && s.length <= 253,
};

/** The check of a string format, or undefined when the API server ignores the format. */
export function stringFormat(format: string): StringCheck | undefined {
  return STRING_FORMATS[format.replace(/-/g, '')];
}
