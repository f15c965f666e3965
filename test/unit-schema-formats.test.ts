// The OpenAPI string and integer formats of generator/conform/schema/formats.ts, value by value, as the API server
// checks them on custom resources: kube-openapi's strfmt registry (its frozen govalidator copy, its hostname,
// date, date-time and duration rules), netutils' sloppy IP parsing for ipv4 and cidr, net/mail and net/url for
// email and uri, and the int32/int64 ranges. Mutation testing (Stryker, generator/conform/) left most of these
// checks unpinned: each case below holds on Kubernetes and fails on at least one of those mutants. Expected values
// come from the upstream sources (k8s.io/kube-openapi pkg/validation/strfmt, pkg/internal/third_party/govalidator,
// k8s.io/utils/net, Go's net/mail, net/url and time), never from what gwtopo happens to return.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { isBase64, isDate, isDateTime, isDuration, isEmail, isHostname, isRequestUri, parseDate, parseDateTime, parseDuration, stringFormat } from '../generator/conform/schema/formats.js';

const check = (format: string): ((s: string) => boolean) => {
  const c = stringFormat(format);
  assert.ok(c !== undefined, `format ${format} is known`);
  return c;
};

/** Every value is valid for the format. */
function valid(format: string, ...values: string[]): void {
  for (const v of values) assert.equal(check(format)(v), true, `${format}: ${JSON.stringify(v)} is valid`);
}

/** Every value is invalid for the format. */
function invalid(format: string, ...values: string[]): void {
  for (const v of values) assert.equal(check(format)(v), false, `${format}: ${JSON.stringify(v)} is invalid`);
}

const SECOND = 1_000_000_000n;
const HOUR = 3600n * SECOND;

describe('date (time.Parse "2006-01-02")', () => {
  test('real calendar days only', () => {
    for (const d of ['2024-12-31', '2024-01-31', '2024-04-30', '2024-01-01', '2024-02-29', '2000-02-29', '0000-02-29']) assert.equal(isDate(d), true, d);
    // Day 00, month 00 or 13, the 31st of a 30-day month, 29 February outside leap years (1900: a century, not by 400).
    for (const d of ['2024-01-00', '2024-00-10', '2024-13-01', '2024-04-31', '2023-02-29', '1900-02-29', '2024-01-32']) assert.equal(isDate(d), false, d);
    // The whole text is the date.
    for (const d of ['12024-01-01', '2024-01-011', '2024-1-01', ' 2024-01-01']) assert.equal(isDate(d), false, d);
  });

  test('as an instant: midnight UTC', () => {
    assert.deepEqual(parseDate('2024-03-01'), { seconds: BigInt(Date.UTC(2024, 2, 1) / 1000), nanos: 0 });
    assert.equal(parseDate('2024-02-30'), undefined);
  });
});

describe('date-time (strfmt.IsDateTime)', () => {
  const at = (iso: string): bigint => BigInt(Date.parse(iso) / 1000);

  test('hours, minutes and seconds within range', () => {
    assert.deepEqual(parseDateTime('1970-01-01T23:59:59Z'), { seconds: 86399n, nanos: 0 });
    for (const t of ['24:00:00', '10:60:00', '10:00:60']) assert.equal(parseDateTime(`1970-01-01T${t}Z`), undefined, t);
    // A time of day with no real date.
    assert.equal(parseDateTime('2023-02-29T10:00:00Z'), undefined);
    assert.equal(isDateTime('2024-01-01'), false);
    assert.equal(isDateTime(''), false);
  });

  test('the time of day is the whole text after the "t"', () => {
    assert.equal(isDateTime('2024-01-01T010:00:00Z'), false);
    assert.equal(isDateTime('2024-01-01T10:00:00Zx'), false);
    assert.equal(isDateTime('2024-01-01T10:00:00'), false);
    // strfmt splits at every "t" and reads the first two parts only.
    assert.equal(isDateTime('2024-01-01T10:00:00ZT'), true);
    assert.equal(isDateTime('2024-01-01t10:00:00z'), true);
  });

  test('zones: z, +hh:mm and -hh:mm', () => {
    assert.deepEqual(parseDateTime('2000-01-01T00:30:00+01:30'), { seconds: at('1999-12-31T23:00:00Z'), nanos: 0 });
    assert.deepEqual(parseDateTime('2000-01-01T00:30:00-01:30'), { seconds: at('2000-01-01T02:00:00Z'), nanos: 0 });
    assert.deepEqual(parseDateTime('2000-01-01T00:30:00-00:45'), { seconds: at('2000-01-01T01:15:00Z'), nanos: 0 });
    assert.deepEqual(parseDateTime('2000-01-01T00:30:00Z'), { seconds: at('2000-01-01T00:30:00Z'), nanos: 0 });
  });

  test('the fraction: nanoseconds from its first nine digits, after any one character', () => {
    assert.deepEqual(parseDateTime('1970-01-01T00:00:00.5Z'), { seconds: 0n, nanos: 500_000_000 });
    assert.deepEqual(parseDateTime('1970-01-01T00:00:01.000000007Z'), { seconds: 1n, nanos: 7 });
    assert.deepEqual(parseDateTime('1970-01-01T00:00:00.1234567891Z'), { seconds: 0n, nanos: 123_456_789 });
    // Go's `.` in strfmt.DateTimePattern is any character but a newline, a whole code point.
    assert.deepEqual(parseDateTime('1970-01-01T00:00:00\r25Z'), { seconds: 0n, nanos: 250_000_000 });
    assert.deepEqual(parseDateTime('1970-01-01T00:00:00\u{1F600}25Z'), { seconds: 0n, nanos: 250_000_000 });
    assert.equal(parseDateTime('1970-01-01T00:00:00\n25Z'), undefined);
  });
});

describe('duration (strfmt.ParseDuration)', () => {
  test('Go durations first: time.ParseDuration', () => {
    for (const zero of ['0', '+0', '-0']) assert.equal(parseDuration(zero), 0n, zero);
    assert.equal(parseDuration('1.5h'), 5400n * SECOND);
    assert.equal(parseDuration('12.5h'), 45000n * SECOND);
    assert.equal(parseDuration('1.25h'), 4500n * SECOND);
    assert.equal(parseDuration('.25h'), 900n * SECOND);
    assert.equal(parseDuration('1.h'), HOUR);
    assert.equal(parseDuration('-1h'), -HOUR);
    assert.equal(parseDuration('+1h'), HOUR);
    assert.equal(parseDuration('-1.5h30m'), -2n * HOUR);
    assert.equal(parseDuration('1ns'), 1n);
    assert.equal(parseDuration('1us'), 1000n);
    assert.equal(parseDuration('1\u00b5s'), 1000n, 'micro sign');
    assert.equal(parseDuration('1\u03bcs'), 1000n, 'Greek mu');
    assert.equal(parseDuration('1ms'), 1_000_000n);
    assert.equal(parseDuration('2m3s'), 123n * SECOND);
  });

  test('then every "<digits> <unit>" in the text, the others skipped', () => {
    // No unit, an unknown unit: neither a Go duration nor a unit the loose form knows.
    for (const d of ['10', '0x', '1hx', '']) assert.equal(parseDuration(d), undefined, d);
    assert.equal(isDuration('1 day'), true);
    assert.equal(isDuration('soon'), false);
    // Not a Go duration (the fraction's dot stops "1"), but "5h" is read.
    assert.equal(parseDuration('x1.5h'), 5n * HOUR);
    assert.equal(parseDuration('12 day'), 12n * 24n * HOUR);
    assert.equal(parseDuration('3 DAY'), 3n * 24n * HOUR);
    assert.equal(parseDuration('1 day 2 hr'), 26n * HOUR);
    assert.equal(parseDuration('2 wk 1 xyz'), 2n * 7n * 24n * HOUR);
    assert.equal(parseDuration('in 5 min'), 300n * SECOND);
    const units: [string, bigint][] = [
      ['ns', 1n],
      ['nano', 1n],
      ['us', 1000n],
      ['\u00b5s', 1000n],
      ['micro', 1000n],
      ['ms', 1_000_000n],
      ['milli', 1_000_000n],
      ['s', SECOND],
      ['sec', SECOND],
      ['m', 60n * SECOND],
      ['min', 60n * SECOND],
      ['h', HOUR],
      ['hr', HOUR],
      ['hour', HOUR],
      ['d', 24n * HOUR],
      ['day', 24n * HOUR],
      ['w', 7n * 24n * HOUR],
      ['wk', 7n * 24n * HOUR],
      ['week', 7n * 24n * HOUR],
    ];
    for (const [unit, nanos] of units) assert.equal(parseDuration(`2 ${unit}`), 2n * nanos, unit);
    // The last name of a unit is a prefix: "days", "minutes", "hours", "seconds", "weeks", "nanoseconds".
    assert.equal(parseDuration('3 days'), 3n * 24n * HOUR);
    assert.equal(parseDuration('5 minutes'), 300n * SECOND);
    assert.equal(parseDuration('2 Hours'), 2n * HOUR);
    assert.equal(parseDuration('10 seconds'), 10n * SECOND);
    assert.equal(parseDuration('1 weeks'), 7n * 24n * HOUR);
    assert.equal(parseDuration('7 nanoseconds'), 7n);
    assert.equal(parseDuration('2 microseconds'), 2000n);
    // Only the last: "hrs" is neither "hr" nor a word starting with "hour".
    assert.equal(parseDuration('2 hrs'), undefined);
    assert.equal(parseDuration('2 mss'), undefined);
  });

  test('a count past int64 makes the whole text no duration (strconv.Atoi fails)', () => {
    assert.equal(parseDuration('9223372036854775807 ns'), 9223372036854775807n);
    assert.equal(parseDuration('9223372036854775808 ns'), undefined);
    assert.equal(parseDuration('1 day 99999999999999999999 xyz'), undefined);
  });
});

describe('byte (govalidator.IsBase64)', () => {
  test('padded standard base64', () => {
    for (const s of ['YQ==', 'YWI=', 'YWJj', 'aGVsbG8gd29ybGQ=', 'a+/b']) assert.equal(isBase64(s), true, s);
    // Not the empty text, no line breaks (unlike base64.StdEncoding.DecodeString), no unpadded last group.
    for (const s of ['', 'YWJj\nYWJj', 'YWJj\r\n', 'aYWJj', 'YQ', 'YWI', 'a!bc', '!!!!', 'YWJj!!!!', 'YQ=a', 'YQ===', 'YWJ', '=YWJ', 'YW=j']) assert.equal(isBase64(s), false, s);
  });
});

describe('uri (url.ParseRequestURI)', () => {
  test('"*", absolute paths, absolute URIs; no control characters', () => {
    // Without a scheme, "//" starts a path, not an authority.
    for (const s of ['*', '/a/b', '//a', '//exa mple/', 'https://example.com/a?b', 'HTTP://example.com', 'http:', 'http:/a', 'http:/ab c', 'mailto:dev@example.com', 'urn:ab c'])
      assert.equal(isRequestUri(s), true, s);
    for (const s of ['', '**', '/a\tb', '/a\x7fb', 'https://example.com/\n', 'a/b', '1http://example.com/', ':a/b']) assert.equal(isRequestUri(s), false, s);
  });

  test('the authority: userinfo, host and port as net/url parses them', () => {
    for (const s of [
      'https://user:pa%20ss@example.com:8080/x',
      'http://a%41@example.com/',
      'http://u@v@example.com/',
      'http://example.com:/',
      'http://[::1]:80/',
      'http://[::1]',
      'http://[fe80::1%25eth0]/',
      'http://ex%C3%A9mple.com/',
      'http://example.com?x',
    ])
      assert.equal(isRequestUri(s), true, s);
    for (const s of [
      'https://exa mple.com/',
      'http://example.com:abc/',
      'http://example.com:8a',
      'http://[::1/',
      'http://[::1]x/',
      'http://a{b@example.com/',
      'http://a%zz@example.com/',
      'http://a%4@example.com/',
      'http://example.com#frag',
      'http://ex%41mple.com/',
      'http://ex%4/',
    ])
      assert.equal(isRequestUri(s), false, s);
  });

  test('the path: valid %-escapes (the query is not checked)', () => {
    for (const s of ['/a%20b', '/a?%zz', 'http://h/a%2Fb?%', 'mailto:%zz']) assert.equal(isRequestUri(s), true, s);
    for (const s of ['/a%zz', '/a%2', 'http://example.com/%zz', 'http://abcdef/%zz/aaaaaaaaaa', 'http:/%g0']) assert.equal(isRequestUri(s), false, s);
  });
});

describe('email (mail.ParseAddress)', () => {
  test('an address, alone or in angle brackets after a name, spaces around', () => {
    for (const s of ['dev@example.com', ' dev@example.com ', 'Dev <dev@example.com>', ' <dev@example.com> ', 'd.e.v@mail.example.com']) assert.equal(isEmail(s), true, s);
    for (const s of ['dev.example.com', 'x<y> <dev@example.com>', '<dev@example.com>x', 'x y@example.com', 'dev@example.com x']) assert.equal(isEmail(s), false, s);
  });

  test('dot-atoms: no dot first, last or doubled, in the local part or the domain', () => {
    for (const s of ['.dev@example.com', 'dev.@example.com', 'd..ev@example.com', 'dev@.example.com', 'dev@example.com.', 'dev@example..com']) assert.equal(isEmail(s), false, s);
  });
});

describe('hostname (strfmt.IsHostname)', () => {
  test('one label: letters, digits, symbols, one dash after the first character', () => {
    for (const s of ['localhost', 'a', 'a-b', 'ab', '1', '\u2603', '\u00fc', 'a\u2603', '\u00fc-\u00fc', `a${'b'.repeat(62)}`]) assert.equal(isHostname(s), true, s);
    // strfmt's pattern lets one label end with its one dash.
    assert.equal(isHostname('a-'), true);
    for (const s of ['-a', '_a', 'a-b-c', 'a--b', 'a b', '']) assert.equal(isHostname(s), false, s);
  });

  test('several labels: a top-level label of two or more letters', () => {
    for (const s of ['api.example.com', '1.example.com', 'a-1.b2.co', '\u2603.com', '\u00fc.\u00fc\u2603.d\u00e9', 'xn--bcher-kva.example', 'a.b.cd', `a.${'b'.repeat(63)}`])
      assert.equal(isHostname(s), true, s);
    for (const s of ['a.b', 'a.b1', 'a.c-m', 'a.\u2603\u2603', '10.0.0.1', 'a..com', '.a.com', 'a-.com', '-a.com', 'a_b.com', `a.${'b'.repeat(64)}`]) assert.equal(isHostname(s), false, s);
  });

  test('labels of at most 63 bytes, 255 bytes in all (UTF-8)', () => {
    // 'ü' is two bytes: 31 of them and an 'a' make 63 bytes, 32 of them 64.
    assert.equal(isHostname(`${'\u00fc'.repeat(31)}a.com`), true);
    assert.equal(isHostname(`${'\u00fc'.repeat(32)}.com`), false);
    assert.equal(isHostname(`${'a'}-${'b'.repeat(62)}`), false, 'one label, 64 bytes');
    const long = (n: number): string => `${['a'.repeat(63), 'a'.repeat(63), 'a'.repeat(63), 'b'.repeat(n - 196)].join('.')}.com`;
    assert.equal(long(255).length, 255);
    assert.equal(isHostname(long(255)), true);
    assert.equal(isHostname(long(256)), false);
  });
});

describe('ipv4, ipv6 and cidr', () => {
  test('ipv4: netutils.ParseIPSloppy (leading zeros allowed) and a dot', () => {
    valid('ipv4', '10.0.0.1', '010.000.000.001', '00.0.0.0', '::ffff:010.0.0.1');
    invalid('ipv4', '256.0.0.1', '1000.0.0.1', '0x10.0.0.1', '::1', '1.2.3', '1.2.3.4.5', 'a.b.c.d', '');
  });

  test('ipv6: net.ParseIP (strict) and a colon', () => {
    valid('ipv6', '::1', '2001:db8::1', '::ffff:10.0.0.1');
    invalid('ipv6', '10.0.0.1', 'x:y', '::ffff:010.0.0.1', '1::2::3', '');
  });

  test('cidr: netutils.ParseCIDRSloppy', () => {
    valid('cidr', '10.0.0.0/8', '10.0.0.1/8', '010.0.0.0/08', '10.0.0.0/16', '::/0', '2001:db8::/32', '::ffff:10.0.0.0/104');
    invalid('cidr', '10.0.0.0/33', '::00001/128', 'a/10.0.0.0/8', '10.0.0.0/8x', '10.0.0.0', '10.0.0.0/', '/8', 'fe80::1%eth0/64', '10.0.0.0/8/8');
  });
});

describe('uuid, uuid3, uuid4, uuid5', () => {
  const forms = (u: string): string[] => [u, u.toUpperCase(), u.replace(/-/g, '')];
  const junk = (u: string): string[] => [`x${u}`, `${u}x`, `0${u}`, `${u}0`, u.slice(1), u.slice(0, -1), u.replace(/^./, 'g')];

  test('uuid: 8-4-4-4-12 hexadecimal digits, dashes optional', () => {
    const u = '123e4567-e89b-12d3-a456-426614174000';
    valid('uuid', ...forms(u), '123e4567e89b-12d3a456-426614174000');
    invalid('uuid', ...junk(u));
  });

  test('uuid3: version 3', () => {
    const u = 'a3bb189e-8bf9-3888-9912-ace4e6543002';
    valid('uuid3', ...forms(u));
    invalid('uuid3', ...junk(u), u.replace('-3888-', '-4888-'));
  });

  test('uuid4: version 4, variant 8, 9, a or b', () => {
    const u = '16fd2706-8baf-433b-82eb-8c7fada847da';
    valid('uuid4', ...forms(u), u.replace('-82eb-', '-b2eb-'));
    invalid('uuid4', ...junk(u), u.replace('-433b-', '-333b-'), u.replace('-82eb-', '-c2eb-'));
  });

  test('uuid5: version 5, variant 8, 9, a or b', () => {
    const u = '886313e1-3b8a-5372-9b90-0c9aee199e5d';
    valid('uuid5', ...forms(u), u.replace('-9b90-', '-ab90-'));
    invalid('uuid5', ...junk(u), u.replace('-5372-', '-4372-'), u.replace('-9b90-', '-7b90-'));
  });
});

describe('the other strfmt formats', () => {
  test('bsonobjectid: 24 hexadecimal digits', () => {
    valid('bsonobjectid', '507f1f77bcf86cd799439011', '507F1F77BCF86CD799439011');
    invalid('bsonobjectid', 'x507f1f77bcf86cd799439011', '507f1f77bcf86cd799439011x', '507f1f77bcf86cd79943901', 'a', '507f1f77bcf86cd79943901g');
  });

  test('ssn: 3, 2 and 4 digits, 11 characters (both separators)', () => {
    valid('ssn', '123-45-6789', '123 45 6789', '123-45 6789');
    invalid('ssn', '123456789', '123-456789', '12345-6789', 'x123-45-6789', '123-45-6789x', '1-45-6789', '123-4-6789', '123-45-678', 'abc-de-fghi', '123_45_6789');
  });

  test('hexcolor: 3 or 6 hexadecimal digits, # optional', () => {
    valid('hexcolor', '#fff', 'fff', '#A0b1C2', 'a0b1c2');
    invalid('hexcolor', 'x#fff', '#fffx', '#ffff', '#ff', '#ggg', '#a0b1c', '#a0b1cg', '');
  });

  test('rgbcolor: rgb(r, g, b) of 0 to 255', () => {
    valid('rgbcolor', 'rgb(0,128,255)', 'rgb( 0 , 9 , 199 )');
    invalid('rgbcolor', 'rgb(256,0,0)', 'rgb(0,0)', 'rgba(0,0,0,0)', 'x');
  });

  test('password: anything', () => {
    valid('password', '', 'x', '\u0000');
  });

  test('isbn10 and isbn13: the check digit of the first 10 or 13 digits, nothing after', () => {
    valid('isbn10', '0306406152', '0-306-40615-2', '080442957X');
    invalid('isbn10', '0306406153', '03064061525', '10306406152', '0804429579');
    valid('isbn13', '9780306406157', '978-1-86197-271-2', '9781861972712');
    invalid('isbn13', '97803064061570', '19780306406157', '9781861972714');
    valid('isbn', '0306406152', '9781861972712');
    invalid('isbn', '0306406153', '9781861972714');
  });

  test('creditcard: the frozen govalidator issuer patterns (no Mastercard 2-series, no UnionPay) and Luhn', () => {
    valid(
      'creditcard',
      '4222222222222',
      '4111111111119',
      '4111111111111111',
      '5100000000000008',
      '5500000000000004',
      '6011111111111117',
      '6500000000000002',
      '6599999999999995',
      '340000000000009',
      '370000000000002',
      '30000000000004',
      '30500000000003',
      '36000000000008',
      '38000000000006',
      '213100000000001',
      '180000000000002',
      '3530000000000003',
      '3599999999999992',
      '4111-1111-1111-1111',
    );
    invalid(
      'creditcard',
      '2221000000000009',
      '6200000000000005',
      '5600000000000003',
      '5000000000000009',
      '30600000000001',
      '39000000000005',
      '6012000000000003',
      '411111111111116',
      '41111111111111111',
      '04111111111111111',
      '4111111111111',
    );
  });

  test('k8s-short-name (a DNS-1123 label) and k8s-long-name (a DNS-1123 subdomain)', () => {
    valid('k8s-short-name', 'a', 'ab', 'a-b', '0', 'a'.repeat(63));
    invalid('k8s-short-name', 'abc-', '-abc', 'a.b', 'A', 'a'.repeat(64));
    valid('k8s-long-name', 'a', 'a.b', 'ab.cd', 'abcd.bcde', 'a-b.c-d', 'a.b.c', '0.1', `${'a'.repeat(63)}.${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(61)}`);
    invalid('k8s-long-name', '-a.b', 'a.b-', 'a.-b', 'a-.b', 'A.b', 'a..b', '.a', 'a_b', `${'a'.repeat(63)}.${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(62)}`);
  });

  test('quantity: apiextensions names it, but strfmt registers no check, so the API server checks nothing', () => {
    assert.equal(stringFormat('quantity'), undefined);
  });

  test('format names are compared without their dashes; unknown ones are not checked', () => {
    assert.equal(stringFormat('date-time'), stringFormat('datetime'));
    assert.equal(stringFormat('u-u-i-d'), stringFormat('uuid'));
    assert.equal(stringFormat('int32'), undefined);
    assert.equal(stringFormat('made-up'), undefined);
  });
});
