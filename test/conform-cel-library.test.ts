// The Kubernetes CEL library functions bound into @bufbuild/cel (generator/conform/cel/library.ts), one test
// per function: each expression must evaluate to true; each error case must fail with that message; each
// unavailable case must be reported as not available offline (so the rule is "not checked").
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { isCelError, parse } from '@bufbuild/cel';
import { CEL_ENV, compile, unavailable } from '../generator/conform/cel/env.js';
import { BUILTIN_SETS, MISSING_FUNCTIONS } from '../generator/conform/index.js';
import { parseIndex } from '../generator/conform/schema/pack.js';
import { SCHEMA_SETS_DIR } from '../generator/conform/sets.js';

function evaluate(expression: string): unknown {
  const c = compile(expression);
  if (!c.ok) throw new Error(`${expression}: ${c.error}`);
  return c.program({});
}

function assertTrue(expression: string): void {
  const result = evaluate(expression);
  assert.equal(result, true, `${expression} → ${isCelError(result) ? `error: ${result.message}` : String(result)}`);
}

function assertError(expression: string, message: RegExp): void {
  const result = evaluate(expression);
  assert.ok(isCelError(result), `${expression} should fail, got ${String(result)}`);
  assert.match(result.message, message);
  assert.equal(unavailable(result), undefined, 'an ordinary evaluation error, not an unavailable function');
}

const LIBRARY: Record<string, { true: string[]; errors?: [string, RegExp][] }> = {
  isIP: {
    true: ["isIP('10.0.0.1')", "isIP('2001:db8::1')", "!isIP('::ffff:10.0.0.1')", "!isIP('fe80::1%eth0')", "!isIP('010.0.0.1')", "!isIP('10.0.0')", "!isIP('')"],
  },
  ip: {
    true: ["ip('2001:db8::1') == ip('2001:DB8:0::1')", "ip('10.0.0.1') != ip('10.0.0.2')", "type(ip('10.0.0.1')) == net.IP"],
    errors: [
      ["ip('10.0.0')", /^IP Address "10.0.0" parse error during conversion from string/],
      ["ip('::ffff:10.0.0.1')", /^IPv4-mapped IPv6 address "::ffff:10.0.0.1" is not allowed$/],
      ["ip('fe80::1%eth0')", /^IP address "fe80::1%eth0" with zone value is not allowed$/],
    ],
  },
  'ip.isCanonical': { true: ["ip.isCanonical('2001:db8::1')", "!ip.isCanonical('2001:DB8::1')", "!ip.isCanonical('2001:db8:0:0:0:0:0:1')", "ip.isCanonical('10.0.0.1')"] },
  'string(ip)': { true: ["string(ip('2001:DB8:0:0:1:0:0:1')) == '2001:db8::1:0:0:1'", "string(ip('0:0:0:1:0:0:0:0')) == '0:0:0:1::'", "string(ip('10.0.0.1')) == '10.0.0.1'"] },
  family: { true: ["ip('10.0.0.1').family() == 4", "ip('::1').family() == 6"] },
  isUnspecified: { true: ["ip('0.0.0.0').isUnspecified()", "ip('::').isUnspecified()", "!ip('10.0.0.1').isUnspecified()"] },
  isLoopback: { true: ["ip('127.0.0.5').isLoopback()", "ip('::1').isLoopback()", "!ip('10.0.0.1').isLoopback()"] },
  isLinkLocalMulticast: { true: ["ip('224.0.0.251').isLinkLocalMulticast()", "ip('ff02::1').isLinkLocalMulticast()", "!ip('224.0.1.1').isLinkLocalMulticast()"] },
  isLinkLocalUnicast: { true: ["ip('169.254.1.1').isLinkLocalUnicast()", "ip('fe80::1').isLinkLocalUnicast()", "!ip('10.0.0.1').isLinkLocalUnicast()"] },
  isGlobalUnicast: {
    true: ["ip('10.0.0.1').isGlobalUnicast()", "ip('2001:db8::1').isGlobalUnicast()", "!ip('255.255.255.255').isGlobalUnicast()", "!ip('224.0.0.1').isGlobalUnicast()", "!ip('::1').isGlobalUnicast()"],
  },
  isCIDR: { true: ["isCIDR('10.0.0.0/8')", "isCIDR('2001:db8::/32')", "!isCIDR('10.0.0.0/33')", "!isCIDR('10.0.0.0')", "!isCIDR('10.0.0.0/08')"] },
  cidr: {
    true: ["cidr('10.0.0.0/8') == cidr('10.0.0.0/8')", "cidr('10.0.0.0/8') != cidr('10.0.0.0/16')"],
    errors: [["cidr('10.0.0.0/33')", /^network address parse error during conversion from string/]],
  },
  containsIP: {
    true: ["cidr('10.0.0.0/8').containsIP('10.1.2.3')", "cidr('10.0.0.0/8').containsIP(ip('10.255.0.1'))", "!cidr('10.0.0.0/8').containsIP('11.0.0.1')", "!cidr('10.0.0.0/8').containsIP('::1')"],
  },
  containsCIDR: {
    true: [
      "cidr('10.0.0.0/8').containsCIDR('10.1.0.0/16')",
      "cidr('10.0.0.0/8').containsCIDR(cidr('10.0.0.0/8'))",
      "!cidr('10.0.0.0/8').containsCIDR('10.0.0.0/7')",
      "!cidr('10.0.0.0/16').containsCIDR('10.1.0.0/24')",
    ],
  },
  'cidr.ip': { true: ["cidr('10.1.2.3/8').ip() == ip('10.1.2.3')"] },
  masked: { true: ["cidr('10.1.2.3/8').masked() == cidr('10.0.0.0/8')", "string(cidr('2001:db8::1/32').masked()) == '2001:db8::/32'"] },
  prefixLength: { true: ["cidr('10.0.0.0/8').prefixLength() == 8", "cidr('::1/128').prefixLength() == 128"] },
  'string(cidr)': { true: ["string(cidr('10.1.2.3/8')) == '10.1.2.3/8'"] },
  isSorted: {
    true: ['[1, 2, 2, 3].isSorted()', "!['b', 'a'].isSorted()", '[].isSorted()', '[1.5, 2.0].isSorted()', '[false, true].isSorted()', "[b'a', b'b'].isSorted()", "![b'b', b'a'].isSorted()"],
    // Values of different types do not compare (cel-go: no such overload).
    errors: [
      ['[true, 1].isSorted()', /^no such overload/],
      ["[b'a', 1].isSorted()", /^no such overload/],
    ],
  },
  sum: { true: ['[1, 2, 3].sum() == 6', '[1.5, 2.5].sum() == 4.0', '[].sum() == 0'] },
  // Kubernetes keeps the first of equal extremes (int 1 and double 1.0 compare equal).
  min: {
    true: ['[3, 1, 2].min() == 1', "['b', 'a'].min() == 'a'", 'type([1, 1.0].min()) == int', 'type([1.0, 1].min()) == double'],
    errors: [['[].min()', /^min called on empty list$/]],
  },
  max: { true: ['[3, 1, 2].max() == 3', 'type([1, 1.0].max()) == int', 'type([1.0, 1].max()) == double'], errors: [['[].max()', /^max called on empty list$/]] },
  indexOf: {
    true: [
      '[1, 2, 1].indexOf(1) == 0',
      '[1, 2, 1].indexOf(5) == -1',
      "['a', 'b'].indexOf('b') == 1",
      // CEL's heterogeneous equality: numbers by value across int and double, never equal to a string.
      '[1, 2].indexOf(2.0) == 1',
      '[1.0, 2.0].indexOf(2) == 1',
      "[1, 2].indexOf('2') == -1",
      '[[1], [2]].indexOf([2]) == 1',
      "[b'a', b'b'].indexOf(b'b') == 1",
      "[ip('10.0.0.1'), ip('10.0.0.2')].indexOf(ip('10.0.0.2')) == 1",
      // Values of different kinds are unequal (no error).
      '[null].indexOf(dyn([1])) == -1',
      "[ip('10.0.0.1')].indexOf(dyn(null)) == -1",
      "[b'a'].indexOf(dyn([1])) == -1",
      "[{1: 'a'}].indexOf(dyn([1])) == -1",
      '[{}].indexOf(dyn([])) == -1',
      '[[]].indexOf(dyn({})) == -1',
      "[ip('10.0.0.1')].indexOf(dyn([1])) == -1",
      "[[1]].indexOf(dyn(ip('10.0.0.1'))) == -1",
      "[cidr('10.0.0.1/32')].indexOf(dyn(ip('10.0.0.1'))) == -1",
    ],
  },
  lastIndexOf: { true: ['[1, 2, 1].lastIndexOf(1) == 2', '[1].lastIndexOf(5) == -1'] },
  find: { true: ["'abc123def456'.find('[0-9]+') == '123'", "'abc'.find('[0-9]+') == ''"] },
  findAll: { true: ["'a1b22c333'.findAll('[0-9]+') == ['1', '22', '333']", "'a1b22c333'.findAll('[0-9]+', 2) == ['1', '22']", "'abc'.findAll('[0-9]') == []"] },
  url: {
    true: ["url('https://example.com/a') == url('https://example.com/a')", "type(url('/a')) == kubernetes.URL"],
    errors: [
      ["url('example.com')", /^URL parse error during conversion from string: parse "example.com": invalid URI for request$/],
      ["url('/a\\tb')", /^URL parse error during conversion from string: parse "\/a\\tb": net\/url: invalid control character in URL$/],
    ],
  },
  isURL: { true: ["isURL('https://example.com')", "isURL('/relative/path')", "!isURL('example.com')", "!isURL('https://exa mple.com/')", "!isURL('/a\\tb')", "!isURL('/a\\x7fb')"] },
  getScheme: { true: ["url('https://example.com:8443/a').getScheme() == 'https'", "url('/a').getScheme() == ''"] },
  getHost: { true: ["url('https://example.com:8443/a').getHost() == 'example.com:8443'", "url('https://[::1]:80/').getHost() == '[::1]:80'"] },
  // Go's URL.Hostname and URL.Port split a host with an empty name (`:8080`) after its colon.
  getHostname: { true: ["url('https://example.com:8443/a').getHostname() == 'example.com'", "url('https://[::1]:80/').getHostname() == '::1'", "url('https://:8080/').getHostname() == ''"] },
  getPort: {
    true: [
      "url('https://example.com:8443/a').getPort() == '8443'",
      "url('https://example.com/').getPort() == ''",
      "url('https://[::1]/').getPort() == ''",
      "url('https://:8080/').getPort() == '8080'",
    ],
  },
  getEscapedPath: { true: ["url('https://example.com/a%20b/c?x=1').getEscapedPath() == '/a%20b/c'"] },
  getQuery: { true: ["url('https://example.com/?x=1&x=2&y=a+b').getQuery() == {'x': ['1', '2'], 'y': ['a b']}", "url('https://example.com/').getQuery() == {}"] },
  quantity: {
    true: ["quantity('1Gi') == quantity('1024Mi')", "quantity('1e3') == quantity('1k')", "quantity('1.5') == quantity('1500m')"],
    errors: [["quantity('1 Gi')", /^quantities must match/]],
  },
  isQuantity: { true: ["isQuantity('500m')", "isQuantity('-1.5Ki')", "!isQuantity('1 Gi')", "!isQuantity('1Gb')"] },
  sign: { true: ["quantity('-2').sign() == -1", "quantity('0').sign() == 0", "quantity('3m').sign() == 1"] },
  isGreaterThan: { true: ["quantity('2Gi').isGreaterThan(quantity('2G'))", "!quantity('1').isGreaterThan(quantity('1000m'))"] },
  isLessThan: { true: ["quantity('500m').isLessThan(quantity('1'))"] },
  compareTo: { true: ["quantity('1k').compareTo(quantity('1000')) == 0", "quantity('1').compareTo(quantity('2')) == -1"] },
  add: { true: ["quantity('1').add(quantity('500m')) == quantity('1.5')", "quantity('1').add(2) == quantity('3')"] },
  sub: { true: ["quantity('1').sub(quantity('500m')) == quantity('500m')", "quantity('1').sub(3) == quantity('-2')"] },
  isInteger: { true: ["quantity('2k').isInteger()", "!quantity('1.5').isInteger()"] },
  asInteger: { true: ["quantity('2k').asInteger() == 2000"], errors: [["quantity('1.5').asInteger()", /^cannot convert value to integer$/]] },
  asApproximateFloat: { true: ["quantity('1.5').asApproximateFloat() == 1.5", "quantity('1Ki').asApproximateFloat() == 1024.0"] },
  isSemver: {
    true: [
      "isSemver('1.2.3')",
      "isSemver('1.2.3-rc.1+build.5')",
      "!isSemver('1.2')",
      "!isSemver('01.2.3')",
      // Every later pre-release identifier: numeric without a leading zero, or alphanumeric (digits, letters, '-').
      "isSemver('1.0.0-a.100')",
      "isSemver('1.0.0-a.12')",
      "isSemver('1.0.0-a.b')",
      "isSemver('1.0.0-a.bc')",
      "isSemver('1.0.0-a.1b')",
      "isSemver('1.0.0-a.12b-c')",
      "!isSemver('1.0.0-a.01')",
      "!isSemver('1.0.0-a.')",
      "!isSemver('1.0.0-a.b_c')",
      // Build metadata: dot-separated non-empty identifiers.
      "isSemver('1.0.0+a')",
      "isSemver('1.0.0+ab')",
      "isSemver('1.0.0+a.bc.d')",
      "!isSemver('1.0.0+')",
      "!isSemver('1.0.0+a..b')",
      "!isSemver('1.0.0+a_b')",
    ],
  },
  semver: { true: ["semver('1.2.3+a') == semver('1.2.3+b')"], errors: [["semver('v1')", /^could not parse "v1" as semver$/]] },
  'major/minor/patch': { true: ["semver('1.2.3').major() == 1", "semver('1.2.3').minor() == 2", "semver('1.2.3').patch() == 3"] },
  'semver comparisons': {
    true: [
      "semver('1.10.0').isGreaterThan(semver('1.9.0'))",
      "semver('1.0.0-alpha').isLessThan(semver('1.0.0'))",
      "semver('1.0.0-alpha.1').isLessThan(semver('1.0.0-alpha.beta'))",
      "semver('1.0.0-2').isLessThan(semver('1.0.0-10'))",
      "semver('1.2.3').compareTo(semver('1.2.3')) == 0",
      // A release is greater than any of its pre-releases; build metadata is ignored.
      "semver('1.0.0').isGreaterThan(semver('1.0.0-z'))",
      "semver('1.0.0+b').compareTo(semver('1.0.0')) == 0",
      "semver('1.3.0').isGreaterThan(semver('1.2.9'))",
      "semver('1.2.3').isLessThan(semver('1.2.4'))",
      // Numeric identifiers compare as numbers, below alphanumeric ones ('-' sorts before digits in ASCII).
      "semver('1.0.0-20').isLessThan(semver('1.0.0-100'))",
      "semver('1.0.0-100').isGreaterThan(semver('1.0.0-20'))",
      "semver('1.0.0-1').isLessThan(semver('1.0.0--'))",
      "semver('1.0.0--').isGreaterThan(semver('1.0.0-1'))",
      "semver('1.0.0-a1').isGreaterThan(semver('1.0.0-1'))",
      "semver('1.0.0-1').isLessThan(semver('1.0.0-a1'))",
      "semver('1.0.0-1a').isGreaterThan(semver('1.0.0-2'))",
      "semver('1.0.0-2').isLessThan(semver('1.0.0-1a'))",
      // Alphanumeric identifiers compare in ASCII order; equal ones defer to the next.
      "semver('1.0.0-a.2').isGreaterThan(semver('1.0.0-a.1'))",
      "semver('1.0.0-b.1').isGreaterThan(semver('1.0.0-a.2'))",
      "semver('1.0.0-a.b').compareTo(semver('1.0.0-a.b')) == 0",
      "semver('1.0.0-a').isLessThan(semver('1.0.0-a.b'))",
      "semver('1.0.0-1.b').isGreaterThan(semver('1.0.0-1.a'))",
      "semver('1.0.0-1.a').isLessThan(semver('1.0.0-1.b'))",
    ],
  },
  // Kubernetes' normalizeAndParse: strings.SplitN(s, ".", 3), leading zeros trimmed from each part longer than one
  // character (a part left empty or not starting with a digit gets a 0 back), missing parts filled with 0.
  'semver normalize': {
    true: [
      "semver('v10.20.30', true) == semver('10.20.30')",
      "semver('001.2.3', true).major() == 1",
      "semver('1.00.3', true).minor() == 0",
      "semver('1.2.00-rc', true) == semver('1.2.0-rc')",
      "semver('1.2.00-rc1', true) == semver('1.2.0-rc1')",
      "semver('1.2.0-rc', true) == semver('1.2.0-rc')",
      "!isSemver('1..3', true)",
      "!isSemver('1.2.3-rc.01', true)",
      "isSemver('1.2.3-rc.1', true)",
    ],
    errors: [
      ["semver('1.2-rc', true)", /short version cannot contain PreRelease\/Build meta data$/],
      ["semver('1+b', true)", /short version cannot contain PreRelease\/Build meta data$/],
      // A one-character part is kept as it is (Go trims only longer parts).
      ["semver('1.2.a', true)", /^could not parse "1.2.a" as semver$/],
    ],
  },
  'sets.contains': { true: ['sets.contains([1, 2, 3], [1, 2])', '!sets.contains([1], [1, 2])', 'sets.contains([1], [])'] },
  'sets.equivalent': { true: ['sets.equivalent([1, 2], [2, 1, 2])', '!sets.equivalent([1], [1, 2])'] },
  'sets.intersects': { true: ['sets.intersects([1, 2], [2, 3])', '!sets.intersects([1], [2])'] },
  'matches (global form)': { true: ["matches('abc', '^a')", "!matches('abc', '^b')"] },
  'strings extension': { true: ["'a,b'.split(',') == ['a', 'b']", "'Hello'.lowerAscii() == 'hello'", "'abc'.substring(1) == 'bc'", "['a', 'b'].join('-') == 'a-b'"] },
};

describe('Kubernetes CEL library', () => {
  for (const [name, cases] of Object.entries(LIBRARY)) {
    test(name, () => {
      for (const e of cases.true) assertTrue(e);
      for (const [e, message] of cases.errors ?? []) assertError(e, message);
    });
  }

  test('RE2 semantics in matches: . matches \\r, \\s does not match \\v', () => {
    assertTrue("'a\\rb'.matches('^a.b$')");
    assertTrue("!'a\\nb'.matches('^a.b$')");
    assertTrue("!'\\v'.matches('^\\\\s$')");
    assertTrue("'AbC'.matches('(?i)^abc$')");
  });

  test('what the evaluator lacks is reported as unavailable, not as a failed rule', () => {
    const cases: [string, string][] = [
      ["'abc'.reverse() == 'cba'", 'the function reverse is not available offline'],
      ['cel.bind(x, 1, x + 1) == 2', 'the function bind is not available offline'],
      ["'abc'.find('(?i)B') == 'b'", 'find/findAll with the RE2-only pattern "(?i)B" is not available offline'],
    ];
    for (const [e, why] of cases) assert.equal(unavailable(evaluate(e) as never), why, e);
  });

  test('MISSING_FUNCTIONS names each thing the evaluator lacks, once, and says why', () => {
    const names = MISSING_FUNCTIONS.map((m) => m.name);
    for (const m of MISSING_FUNCTIONS) assert.ok(m.name.length > 0 && m.why.length > 0, JSON.stringify(m));
    assert.equal(new Set(names).size, names.length);
    assert.equal(names.length, 10);
  });

  test('optional syntax does not compile (the rule is reported as not checked)', () => {
    const c = compile('self.?a.orValue(1) == 1');
    assert.equal(c.ok, false);
  });
});

/** Every function name a parsed CEL expression calls (macros are expanded by the parser, operators included). */
function calledFunctions(node: unknown, out = new Set<string>()): Set<string> {
  if (typeof node !== 'object' || node === null) return out;
  const n = node as { $typeName?: string; function?: unknown };
  if (n.$typeName === 'cel.expr.Expr.Call' && typeof n.function === 'string') out.add(n.function);
  for (const v of Object.values(node)) if (typeof v === 'object') calledFunctions(v, out);
  return out;
}

function rulesOf(schema: unknown, out: string[] = []): string[] {
  if (typeof schema !== 'object' || schema === null) return out;
  const s = schema as Record<string, unknown>;
  for (const r of (s['x-kubernetes-validations'] as { rule: string; messageExpression?: string }[] | undefined) ?? []) {
    out.push(r.rule);
    if (r.messageExpression !== undefined) out.push(r.messageExpression);
  }
  for (const v of Object.values(s)) if (typeof v === 'object') rulesOf(v, out);
  return out;
}

/** Operators @bufbuild/cel's planner evaluates itself (short-circuits, indexing, comprehension steps). */
const PLANNER_OPERATORS = new Set(['_&&_', '_||_', '_?_:_', '_[_]', '@not_strictly_false']);

test('every function the rules of both shipped sets call is bound', (t) => {
  const counts = new Map<string, number>();
  let rules = 0;
  for (const name of BUILTIN_SETS) {
    const dir = join(fileURLToPath(SCHEMA_SETS_DIR), name);
    for (const c of parseIndex(readFileSync(join(dir, 'index.json'), 'utf8')).crds) {
      for (const rule of rulesOf(JSON.parse(readFileSync(join(dir, c.file), 'utf8')))) {
        rules++;
        for (const f of calledFunctions(parse(rule).expr)) counts.set(f, (counts.get(f) ?? 0) + 1);
      }
    }
  }
  assert.ok(rules > 700, `${rules} rules`);
  const unbound = [...counts.keys()].filter((f) => !PLANNER_OPERATORS.has(f) && CEL_ENV.funcs.find(f) === undefined);
  assert.deepEqual(unbound, []);
  assert.ok(counts.has('isIP') && counts.has('matches') && counts.has('duration'));
  t.diagnostic(
    `functions called (all rule versions of both sets): ${[...counts]
      .sort((a, b) => b[1] - a[1])
      .map(([f, n]) => `${f} ${n}`)
      .join(', ')}`,
  );
});
