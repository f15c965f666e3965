// The conform engine's parts at their boundaries, where mutation testing (npm run mutation, generator/conform/)
// showed them untested: the Kubernetes CEL library's edge cases and error texts, CEL values typed by the schema,
// rule evaluation (messages, messageExpression, transition rules, fieldPath), and the helpers below them.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { isCelError } from '@bufbuild/cel';
import { compile, errorText, unavailable } from '../generator/conform/cel/env.js';
import { withDefaults } from '../generator/conform/defaults.js';
import { compareFindings, type Finding, showValue } from '../generator/conform/finding.js';
import { loadSetFromCrds, type SchemaSet, validateObject } from '../generator/conform/index.js';
import { formatAddr, goParseIP, is4In6, isMac, maskAddr, parseAddr, parsePrefix, prefixContains } from '../generator/conform/net.js';
import { addQuantities, compareQuantities, fraction, parseQuantity, type Quantity, quantityFromKey, quantityKey, subQuantities } from '../generator/conform/quantity.js';
import { formatFinding } from './conform-helpers.js';

function evaluate(expression: string, bindings: Record<string, unknown> = {}): unknown {
  const c = compile(expression);
  if (!c.ok) throw new Error(`${expression}: ${c.error}`);
  return c.program(bindings);
}

function assertTrue(...expressions: string[]): void {
  for (const e of expressions) {
    const result = evaluate(e);
    assert.equal(result, true, `${e} → ${isCelError(result) ? `error: ${result.message}` : String(result)}`);
  }
}

/** The evaluation error's exact message. */
function errorOf(expression: string): string {
  const result = evaluate(expression);
  assert.ok(isCelError(result), `${expression} should fail, got ${String(result)}`);
  return result.message;
}

describe('CEL library edges', () => {
  test('ip: families, special ranges and their boundaries', () => {
    assertTrue(
      "!ip('::2').isLoopback()",
      "!ip('1::1').isLoopback()",
      "!ip('128.0.0.1').isLoopback()",
      "!ip('0.0.0.1').isUnspecified()",
      "!ip('::1').isUnspecified()",
      "ip('239.255.255.255').isLinkLocalMulticast() == false",
      "!ip('239.255.255.255').isGlobalUnicast()",
      "ip('240.0.0.1').isGlobalUnicast()",
      "!ip('223.255.255.255').isLinkLocalMulticast()",
      "ip('223.255.255.255').isGlobalUnicast()",
      "!ip('ff00::1').isGlobalUnicast()",
      "ip('fe00::1').isGlobalUnicast()",
      "!ip('ff01::1').isLinkLocalMulticast()",
      "ip('ff02::ffff').isLinkLocalMulticast()",
      "!ip('169.254.1.1').isGlobalUnicast()",
      "!ip('169.255.0.1').isLinkLocalUnicast()",
      "!ip('fe80::1').isGlobalUnicast()",
      "ip('febf::1').isLinkLocalUnicast()",
      "!ip('fec0::1').isLinkLocalUnicast()",
      "!ip('0.0.0.0').isGlobalUnicast()",
      "!ip('::').isGlobalUnicast()",
      "ip('255.255.255.254').isGlobalUnicast()",
      "ip('127.0.0.1').isGlobalUnicast() == false",
      "isIP('::1')",
      "!isIP('::ffff:1.2.3.4')",
    );
    assert.equal(errorOf("ip('::ffff:1.2.3.4')"), 'IPv4-mapped IPv6 address "::ffff:1.2.3.4" is not allowed');
    assert.equal(errorOf("ip('1.2.3')"), 'IP Address "1.2.3" parse error during conversion from string: ParseAddr("1.2.3"): unable to parse IP');
    assert.equal(errorOf("ip('fe80::1%eth0')"), 'IP address "fe80::1%eth0" with zone value is not allowed');
    assert.equal(errorOf("ip.isCanonical('x')"), 'IP Address "x" parse error during conversion from string: ParseAddr("x"): unable to parse IP');
  });

  test('cidr: prefixes, containment and errors', () => {
    assertTrue(
      "!isCIDR('::ffff:1.2.3.4/120')",
      "isCIDR('::/0')",
      "cidr('10.0.0.0/8').containsCIDR(cidr('10.0.0.0/9'))",
      "!cidr('10.0.0.0/9').containsCIDR(cidr('10.0.0.0/8'))",
      "!cidr('10.0.0.0/8').containsCIDR(cidr('11.0.0.0/9'))",
      "!cidr('10.0.0.0/8').containsCIDR('11.0.0.0/9')",
      "cidr('10.0.0.0/8').containsCIDR('10.128.0.0/9')",
      "cidr('10.1.2.3/8').containsCIDR('10.9.9.9/8')",
      "cidr('2001:db8::/32').containsIP('2001:db8:ffff::1')",
      "!cidr('2001:db8::/32').containsIP(ip('2001:db9::1'))",
      "cidr('10.1.2.3/8').ip().family() == 4",
      "cidr('2001:db8::1/32').ip() == ip('2001:db8::1')",
      "string(cidr('2001:db8::1/32').masked()) == '2001:db8::/32'",
      "string(cidr('10.1.2.3/8')) == '10.1.2.3/8'",
      "string(cidr('10.1.2.3/32').masked()) == '10.1.2.3/32'",
    );
    assert.equal(errorOf("cidr('::ffff:1.2.3.4/120')"), 'IPv4-mapped IPv6 address "::ffff:1.2.3.4/120" is not allowed');
    assert.equal(errorOf("cidr('10.0.0.0')"), 'network address parse error during conversion from string: netip.ParsePrefix("10.0.0.0"): invalid prefix');
    assert.equal(errorOf("cidr('10.0.0.0/8').containsIP('10.0.0')"), 'IP Address "10.0.0" parse error during conversion from string: ParseAddr("10.0.0"): unable to parse IP');
    assert.equal(errorOf("cidr('10.0.0.0/8').containsCIDR('10.0.0.0/40')"), 'network address parse error during conversion from string: netip.ParsePrefix("10.0.0.0/40"): invalid prefix');
  });

  test('lists: ordering across types, sums, extremes, indexes', () => {
    assertTrue(
      '[false, true].isSorted()',
      '![true, false].isSorted()',
      "[b'a', b'b'].isSorted()",
      "![b'b', b'a'].isSorted()",
      '[1, 1].isSorted()',
      '![2, 1].isSorted()',
      "['a', 'a', 'b'].isSorted()",
      '[1.5, 1.5].isSorted()',
      '[2, 5, 1].max() == 5',
      '[2, 5, 1].min() == 1',
      '[7].min() == 7',
      '[1.5, 0.5, 2.5].min() == 0.5',
      '[1.5, 0.5, 2.5].max() == 2.5',
      "['a', 'c', 'b'].max() == 'c'",
      '[true, false].min() == false',
      '[false, true].max() == true',
      "[b'b', b'a'].min() == b'a'",
      '[3, 1, 3].max() == 3',
      '[1, 2].sum() == 3',
      '[1.5].sum() == 1.5',
      '[[1], [2]].indexOf([2]) == 1',
      '[[1], [1, 2]].indexOf([1, 2]) == 1',
      '[[1, 2]].indexOf([1, 3]) == -1',
      "[b'a', b'b'].indexOf(b'b') == 1",
      "[b'a'].indexOf(b'c') == -1",
      '[1, 2].indexOf(2.0) == 1',
      "[1, 'a'].indexOf('a') == 1",
      "['1'].indexOf(1) == -1",
      '[null, 1].indexOf(1) == 1',
      "[ip('10.0.0.1'), ip('10.0.0.2')].indexOf(ip('10.0.0.2')) == 1",
      "[ip('10.0.0.1')].indexOf(cidr('10.0.0.1/32')) == -1",
      "[ip('10.0.0.1')].indexOf(ip('10.0.0.2')) == -1",
      "[{'a': 1}].indexOf({'a': 1}) == -1",
      '[1, 2, 1].lastIndexOf(2) == 1',
      '[1, 2, 3].lastIndexOf(1) == 0',
      '[].lastIndexOf(1) == -1',
    );
    assert.equal(errorOf("[1, 'a'].isSorted()"), 'no such overload: values of types int and string cannot be compared');
    assert.equal(errorOf('[1.5, [1]].max()'), 'no such overload: values of types list and double cannot be compared');
    assert.equal(errorOf("[true, 'a'].min()"), 'no such overload: values of types string and boolean cannot be compared');
    const mixed = evaluate('[1, 1.5].sum()');
    assert.ok(isCelError(mixed));
    assert.equal(unavailable(mixed), 'sum() of values other than int or double is not available offline');
    assert.equal(unavailable(evaluate("['a'].sum()") as never), 'sum() of values other than int or double is not available offline');
  });

  test('find and findAll: limits and patterns without a JavaScript equivalent', () => {
    assertTrue(
      "'a1b2c3'.findAll('[0-9]', 0) == []",
      "'a1b2c3'.findAll('[0-9]', 1) == ['1']",
      "'a1b2c3'.findAll('[0-9]', -1) == ['1', '2', '3']",
      "'a1b2c3'.findAll('[0-9]', 5) == ['1', '2', '3']",
      "'a1b2'.find('[0-9]') == '1'",
    );
    assert.equal(unavailable(evaluate("'aB'.findAll('(?i)b')") as never), 'find/findAll with the RE2-only pattern "(?i)b" is not available offline');
  });

  test('url: parts, hosts, ports, queries and refusals', () => {
    assertTrue(
      "url('https://user@example.com:8080/p').getHost() == 'example.com:8080'",
      "url('https://a@b@example.com/').getHostname() == 'example.com'",
      "url('https://example.com').getHostname() == 'example.com'",
      "url('https://[::1]/').getHostname() == '::1'",
      "url('https://[::1]:443/').getPort() == '443'",
      "url('https://example.com:/').getPort() == ''",
      "url('/p?q=1').getHost() == ''",
      "url('/p?q=1').getEscapedPath() == '/p'",
      "url('https://example.com').getEscapedPath() == ''",
      "url('HTTP+x.y-z://h/').getScheme() == 'HTTP+x.y-z'",
      "url('/?a&b=&=c&&a=2').getQuery() == {'a': ['', '2'], 'b': [''], '': ['c']}",
      "url('/?k%20y=v%2Bw+x').getQuery() == {'k y': ['v+w x']}",
      "url('/?x=a=b').getQuery() == {'x': ['a=b']}",
      "url('/?').getQuery() == {}",
      "isURL('https://example.com/a b')",
      "!isURL('https://exa\"mple.com/')",
      "!isURL('https://exa<mple.com/')",
      "!isURL('https://exa^mple.com/')",
      "!isURL('https://exa{mple.com/')",
      "!isURL('https://exa|mple.com/')",
      "!isURL('https://exa`mple.com/')",
      "!isURL('https://exa\\\\mple.com/')",
      "!isURL('https://exa\\tmple.com/')",
      "!isURL('/a\\x7f')",
      "!isURL('/a\\x1f')",
      "!isURL('/a\\x00')",
      "!isURL('')",
      "!isURL('a/b')",
      "isURL('mailto:x')",
      "!isURL('/a#frag')",
      "!isURL('1http://example.com')",
    );
    assert.equal(errorOf("url('a b')"), 'URL parse error during conversion from string: parse "a b": invalid URI for request');
    assert.equal(errorOf("url('https://a b/')"), 'URL parse error during conversion from string: parse "https://a b/": invalid character in host name');
  });

  test('quantity: integers at the int64 bounds, floats, signs', () => {
    assertTrue(
      "quantity('9223372036854775807').isInteger()",
      "!quantity('9223372036854775808').isInteger()",
      "quantity('-9223372036854775808').isInteger()",
      "!quantity('-9223372036854775809').isInteger()",
      "quantity('-9223372036854775808').asInteger() == -9223372036854775807 - 1",
      "quantity('500m').asApproximateFloat() == 0.5",
      "quantity('-3').asApproximateFloat() == -3.0",
      "quantity('1').compareTo(quantity('1')) == 0",
      "quantity('2').compareTo(quantity('1')) == 1",
      "!quantity('1').isGreaterThan(quantity('1'))",
      "!quantity('1').isLessThan(quantity('1'))",
      "!quantity('2').isLessThan(quantity('1'))",
      "quantity('1.5').sub(quantity('2')) == quantity('-500m')",
      "quantity('1.5').add(quantity('-2')) == quantity('-500m')",
      "quantity('1.5').sub(1) == quantity('500m')",
      "quantity('1.5').add(-1) == quantity('500m')",
      "quantity('-1m').sign() == -1",
    );
    assert.equal(errorOf("quantity('9223372036854775808').asInteger()"), 'cannot convert value to integer');
    assert.equal(errorOf("quantity('x')"), "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'");
  });

  test('semver: precedence rules', () => {
    assertTrue(
      "semver('1.2.3').compareTo(semver('1.2.4')) == -1",
      "semver('1.2.4').compareTo(semver('1.2.3')) == 1",
      "semver('1.3.0').compareTo(semver('1.2.9')) == 1",
      "semver('2.0.0').compareTo(semver('10.0.0')) == -1",
      "semver('1.0.0').compareTo(semver('1.0.0-rc')) == 1",
      "semver('1.0.0-rc').compareTo(semver('1.0.0')) == -1",
      "semver('1.0.0-rc').compareTo(semver('1.0.0-rc')) == 0",
      "semver('1.0.0-rc.1').compareTo(semver('1.0.0-rc')) == 1",
      "semver('1.0.0-rc').compareTo(semver('1.0.0-rc.1')) == -1",
      "semver('1.0.0-10').compareTo(semver('1.0.0-9')) == 1",
      "semver('1.0.0-9').compareTo(semver('1.0.0-10')) == -1",
      "semver('1.0.0-1').compareTo(semver('1.0.0-a')) == -1",
      "semver('1.0.0-a').compareTo(semver('1.0.0-1')) == 1",
      "semver('1.0.0-b').compareTo(semver('1.0.0-a')) == 1",
      "semver('1.0.0-a').compareTo(semver('1.0.0-b')) == -1",
      "semver('1.0.0-a.2').compareTo(semver('1.0.0-a.10')) == -1",
      "semver('1.0.0-a.1.x').compareTo(semver('1.0.0-a.1.y')) == -1",
      "semver('1.0.0+b1').compareTo(semver('1.0.0+b2')) == 0",
      "semver('1.2.3-rc.1+b').major() == 1",
      "semver('1.2.3-rc.1+b') == semver('1.2.3-rc.1')",
      "semver('1.2.3-rc.1') != semver('1.2.3-rc.2')",
      "semver('1.2.3') != semver('1.2.3-rc.1')",
      "semver('10.20.30').minor() == 20",
      "semver('10.20.30').patch() == 30",
      "!semver('1.0.0').isGreaterThan(semver('1.0.0'))",
      "!semver('1.0.0').isLessThan(semver('1.0.0'))",
      "isSemver('0.0.0-0a.b-c')",
      "!isSemver('1.2.3-01')",
      "!isSemver('1.2.3+')",
      "!isSemver(' 1.2.3')",
      "!isSemver('1.2.3 ')",
    );
    assert.equal(errorOf("semver('1.2')"), 'could not parse "1.2" as semver');
  });

  test('sets: containment both ways', () => {
    assertTrue(
      'sets.contains([], [])',
      '!sets.contains([], [1])',
      'sets.contains([1, 2], [2, 2])',
      'sets.contains([1], [1.0])',
      'sets.equivalent([], [])',
      '!sets.equivalent([1, 2], [1])',
      '!sets.equivalent([1], [2])',
      '!sets.intersects([], [1])',
      '!sets.intersects([1], [])',
      'sets.intersects([1, 2, 3], [3])',
    );
  });

  test('evaluation errors read as the API server writes them', () => {
    assert.equal(errorText('field not found: spec'), 'no such key: spec');
    assert.equal(errorText('x field not found: spec'), 'x field not found: spec');
    assert.equal(errorText('no such overload'), 'no such overload');
    assert.equal(unavailable(true), undefined);
    assert.equal(unavailable(evaluate("'abc'.reverse()") as never), 'the function reverse is not available offline');
    assert.equal(unavailable(evaluate('1 / 0') as never), undefined);
  });
});

/** A set of one CRD, Thing of example.com/v1, whose spec has this schema. */
function thingSet(spec: Record<string, unknown>, root: Record<string, unknown> = {}): SchemaSet {
  const load = loadSetFromCrds('c', [
    {
      apiVersion: 'apiextensions.k8s.io/v1',
      kind: 'CustomResourceDefinition',
      metadata: { name: 'things.example.com' },
      spec: {
        group: 'example.com',
        names: { kind: 'Thing', plural: 'things' },
        scope: 'Namespaced',
        versions: [{ name: 'v1', served: true, storage: true, schema: { openAPIV3Schema: { type: 'object', properties: { spec }, ...root } } }],
      },
    },
  ]);
  if (!load.ok) throw new Error(load.message);
  return load.set;
}

/** The findings for a Thing with this spec (and this old spec: an update), formatted. */
function findings(set: SchemaSet, spec: unknown, old?: unknown): string[] {
  const thing = (s: unknown) => ({ apiVersion: 'example.com/v1', kind: 'Thing', metadata: { name: 'a' }, spec: s });
  return validateObject(set, thing(spec), old === undefined ? {} : { old: thing(old) }).map(formatFinding);
}

/** A spec whose one rule is `rule`: its findings for `spec`, or [] when the rule holds. */
function ruleOn(schema: Record<string, unknown>, rule: string, spec: unknown, extra: Record<string, unknown> = {}): string[] {
  return findings(thingSet({ ...schema, 'x-kubernetes-validations': [{ rule, message: 'no', ...extra }] }), spec);
}

describe('CEL values typed by the schema', () => {
  const holds = (schema: Record<string, unknown>, rule: string, spec: unknown): void => {
    assert.deepEqual(ruleOn(schema, rule, spec), [], `${rule} on ${JSON.stringify(spec)}`);
  };
  const fails = (schema: Record<string, unknown>, rule: string, spec: unknown): void => {
    assert.deepEqual(ruleOn(schema, rule, spec), ['invalid spec: no'], `${rule} on ${JSON.stringify(spec)}`);
  };

  test('integer, number and int-or-string', () => {
    const obj = (properties: Record<string, unknown>) => ({ type: 'object', properties });
    holds(obj({ n: { type: 'integer' } }), 'type(self.n) == int', { n: 3 });
    holds(obj({ n: { type: 'number' } }), 'type(self.n) == double', { n: 3 });
    holds(obj({ n: { type: 'number' } }), 'self.n == 1.5', { n: 1.5 });
    holds(obj({ n: { 'x-kubernetes-int-or-string': true } }), 'type(self.n) == int', { n: 3 });
    holds(obj({ n: { 'x-kubernetes-int-or-string': true } }), "type(self.n) == string && self.n == '50%'", { n: '50%' });
    holds(obj({ b: { type: 'boolean' } }), 'self.b == true', { b: true });
    fails(obj({ b: { type: 'boolean' } }), 'self.b', { b: false });
  });

  test('string formats: byte, duration, date, date-time', () => {
    const obj = (format: string) => ({ type: 'object', properties: { s: { type: 'string', format } } });
    holds(obj('byte'), "self.s == b'hi'", { s: 'aGk=' });
    holds(obj('duration'), "self.s == duration('1m30s')", { s: '90s' });
    holds(obj('duration'), "self.s == duration('1.5s')", { s: '1500ms' });
    holds(obj('duration'), "self.s == duration('-1.5s')", { s: '-1.5s' });
    holds(obj('date'), "self.s == timestamp('2024-02-29T00:00:00Z')", { s: '2024-02-29' });
    holds(obj('date-time'), "self.s == timestamp('2024-02-29T10:00:00Z')", { s: '2024-02-29T12:00:00+02:00' });
    holds(obj('date-time'), 'self.s.getFullYear() == 2024', { s: '2024-02-29T12:00:00Z' });
    holds(obj('uri'), "type(self.s) == string && self.s == 'x:y'", { s: 'x:y' });
  });

  test('without a schema type: integral numbers are int, lists and maps are converted deeply', () => {
    const free = { type: 'object', properties: { x: { 'x-kubernetes-preserve-unknown-fields': true } } };
    holds(free, 'type(self.x) == int', { x: 2 });
    holds(free, 'type(self.x) == double', { x: 2.5 });
    holds(free, 'type(self.x[0]) == int && type(self.x[1]) == double', { x: [1, 1.5] });
    holds(free, "type(self.x.a.b) == int && self.x.a.c == 'd'", { x: { a: { b: 1, c: 'd' } } });
    holds(free, "self.x == 'text'", { x: 'text' });
    holds(free, 'self.x', { x: true });
  });

  test('objects: declared fields only, escaped names; maps keep their keys', () => {
    const declared = {
      type: 'object',
      properties: { 'x-y': { type: 'string' }, 'a.b': { type: 'string' }, 'c/d': { type: 'string' }, e__f: { type: 'string' }, namespace: { type: 'string' }, '1a': { type: 'string' } },
    };
    holds(declared, "self.x__dash__y == 'v' && self.a__dot__b == 'w' && self.c__slash__d == 'u' && self.e__underscores__f == 't' && self.__namespace__ == 'n'", {
      'x-y': 'v',
      'a.b': 'w',
      'c/d': 'u',
      e__f: 't',
      namespace: 'n',
    });
    holds(declared, 'self.size() == 1', { '1a': 'hidden', 'x-y': 'v' });
    const loose = { type: 'object', 'x-kubernetes-preserve-unknown-fields': true, properties: { known: { type: 'string' } } };
    holds(loose, "!has(self.unknown) && self.known == 'k'", { known: 'k', unknown: 'u' });
    const map = { type: 'object', additionalProperties: { type: 'integer' } };
    holds(map, "self['x-y'] == 1 && type(self['x-y']) == int", { 'x-y': 1 });
    holds(map, 'self.all(k, self[k] > 0)', { a: 1, b: 2 });
    fails(map, 'self.all(k, self[k] > 1)', { a: 1, b: 2 });
    holds(map, "self.exists(k, k == 'b')", { a: 1, b: 2 });
    holds(map, "self.map(k, k) == ['a', 'b']", { a: 1, b: 2 });
    const anything = { type: 'object', additionalProperties: true };
    holds(anything, "type(self.a) == int && self.b == 'x'", { a: 1, b: 'x' });
    const list = { type: 'object', properties: { l: { type: 'array', items: { type: 'integer' } } } };
    holds(list, 'self.l.all(x, type(x) == int) && self.l[1] == 2', { l: [1, 2] });
  });

  test('an embedded resource exposes apiVersion, kind and metadata.name/generateName', () => {
    const embedded = { type: 'object', properties: { r: { type: 'object', 'x-kubernetes-embedded-resource': true, 'x-kubernetes-preserve-unknown-fields': true } } };
    const r = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'n', generateName: 'g', namespace: 'ns' }, data: { a: 'b' } };
    holds(embedded, "self.r.apiVersion == 'v1' && self.r.kind == 'ConfigMap' && self.r.metadata.name == 'n' && self.r.metadata.generateName == 'g'", { r });
    holds(embedded, '!has(self.r.metadata.namespace) && self.r.metadata.size() == 2', { r });
    const typed = {
      type: 'object',
      properties: { r: { type: 'object', 'x-kubernetes-embedded-resource': true, properties: { spec: { type: 'object', properties: { n: { type: 'integer' } } } } } },
    };
    holds(typed, "self.r.kind == 'K' && type(self.r.spec.n) == int && self.r.spec.n == 1", { r: { apiVersion: 'v1', kind: 'K', metadata: { name: 'x' }, spec: { n: 1 } } });
  });
});

describe('CEL rules', () => {
  const obj = { type: 'object', properties: { n: { type: 'integer' }, s: { type: 'string' } } };

  test('the message: trimmed, or the rule when there is none or it is blank', () => {
    assert.deepEqual(ruleOn(obj, 'self.n > 1', { n: 1 }, { message: '  too small  ' }), ['invalid spec: too small']);
    assert.deepEqual(ruleOn(obj, ' self.n > 1 ', { n: 1 }, { message: '   ' }), ['invalid spec: failed rule: self.n > 1']);
    assert.deepEqual(ruleOn(obj, 'self.n > 1', { n: 1 }, { message: undefined }), ['invalid spec: failed rule: self.n > 1']);
    assert.deepEqual(ruleOn(obj, 'self.n > 1', { n: 2 }, { message: 'x' }), []);
  });

  test('messageExpression: its text when it is a usable string, else the message', () => {
    const m = (messageExpression: string, message = 'fallback') => ruleOn(obj, 'self.n > 1', { n: 1, s: 'x' }, { message, messageExpression });
    assert.deepEqual(m("'n is ' + string(self.n) + '  '"), ['invalid spec: n is 1']);
    assert.deepEqual(m('self.n'), ['invalid spec: fallback'], 'not a string');
    assert.deepEqual(m("'   '"), ['invalid spec: fallback'], 'blank');
    assert.deepEqual(m("'a\\nb'"), ['invalid spec: fallback'], 'two lines');
    assert.deepEqual(m(`'${'x'.repeat(5 * 1024)}'`), [`invalid spec: ${'x'.repeat(5 * 1024)}`], '5 KiB is allowed');
    assert.deepEqual(m(`'${'x'.repeat(5 * 1024 + 1)}'`), ['invalid spec: fallback'], 'more than 5 KiB');
    assert.deepEqual(m(`'${'é'.repeat(2600)}'`), ['invalid spec: fallback'], 'counted in bytes');
    assert.deepEqual(m('self.missing'), ['invalid spec: fallback'], 'an evaluation error');
    assert.deepEqual(m('self.n +'), ['invalid spec: fallback'], 'not compiled');
    assert.deepEqual(m("'n is ' + string(self.n)", '   '), ['invalid spec: n is 1']);
  });

  test('fieldPath and reason place and name the finding', () => {
    const set = thingSet({
      ...obj,
      'x-kubernetes-validations': [{ rule: 'self.n > 1', message: 'small', fieldPath: '.n', reason: 'FieldValueForbidden' }],
    });
    assert.deepEqual(findings(set, { n: 1 }), ['invalid spec.n: small (FieldValueForbidden)']);
    const [f] = validateObject(set, { apiVersion: 'example.com/v1', kind: 'Thing', metadata: { name: 'a' }, spec: { n: 1 } });
    assert.deepEqual(f, { kind: 'invalid', path: ['spec', 'n'], message: 'small', rule: 'self.n > 1', reason: 'FieldValueForbidden' });
    const plain = validateObject(thingSet({ ...obj, 'x-kubernetes-validations': [{ rule: 'self.n > 1' }] }), {
      apiVersion: 'example.com/v1',
      kind: 'Thing',
      metadata: { name: 'a' },
      spec: { n: 1 },
    });
    assert.deepEqual(plain, [{ kind: 'invalid', path: ['spec'], message: 'failed rule: self.n > 1', rule: 'self.n > 1', reason: 'FieldValueInvalid' }]);
  });

  test('evaluation errors and overload errors in the API server words', () => {
    assert.deepEqual(ruleOn(obj, 'self.missing == 1', { n: 1 }), ['invalid spec: no such key: missing evaluating rule: no']);
    assert.deepEqual(ruleOn(obj, 'self.missing == 1', { n: 1 }, { message: '' }), ['invalid spec: no such key: missing evaluating rule: self.missing == 1']);
    const overload = ruleOn(obj, 'self.n + self.s == 1', { n: 1, s: 'x' }, { message: ' m ' });
    assert.equal(overload.length, 1);
    assert.match(overload[0]!, /^invalid spec: '.*no (such|matching) overload.*': call arguments did not match a supported operator, function or macro signature for rule: m$/);
    const [f] = validateObject(thingSet({ ...obj, 'x-kubernetes-validations': [{ rule: 'self.missing == 1' }] }), {
      apiVersion: 'example.com/v1',
      kind: 'Thing',
      metadata: { name: 'a' },
      spec: {},
    });
    assert.deepEqual(f, { kind: 'invalid', path: ['spec'], message: 'no such key: missing evaluating rule: self.missing == 1', rule: 'self.missing == 1' });
    assert.deepEqual(ruleOn(obj, '1 / 0 == 1', { n: 1 }, { message: '' }), ['invalid spec: int divide by zero evaluating rule: 1 / 0 == 1']);
  });

  test('not checked: a function missing offline, optionalOldSelf, a long rule shortened', () => {
    const notChecked = (rule: string, extra: Record<string, unknown> = {}) =>
      validateObject(thingSet({ ...obj, 'x-kubernetes-validations': [{ rule, ...extra }] }), { apiVersion: 'example.com/v1', kind: 'Thing', metadata: { name: 'a' }, spec: { n: 1 } });
    assert.deepEqual(notChecked("'ab'.reverse() == 'ba'"), [
      { kind: 'not-checked', path: ['spec'], message: "rule not checked: the function reverse is not available offline (rule: 'ab'.reverse() == 'ba')", rule: "'ab'.reverse() == 'ba'" },
    ]);
    assert.deepEqual(notChecked('self.n == oldSelf.n', { optionalOldSelf: true }), [
      {
        kind: 'not-checked',
        path: ['spec'],
        message: 'rule not checked: optionalOldSelf needs CEL optional types, which the offline evaluator lacks (rule: self.n == oldSelf.n)',
        rule: 'self.n == oldSelf.n',
      },
    ]);
    assert.deepEqual(notChecked('self.n == oldSelf.n', { optionalOldSelf: false }), [], 'a transition rule on a create');
    // The rule as shown: whitespace collapsed, trimmed, and over 160 characters cut to 150 and an ellipsis.
    const rule = (k: number) => `  'a'.reverse()\n   == 'a' || '${'x'.repeat(k)}' == ''  `;
    const shown = (k: number) => `'a'.reverse() == 'a' || '${'x'.repeat(k)}' == ''`;
    assert.equal(shown(128).length, 160);
    assert.equal(notChecked(rule(128))[0]!.message, `rule not checked: the function reverse is not available offline (rule: ${shown(128)})`);
    assert.equal(notChecked(rule(129))[0]!.message, `rule not checked: the function reverse is not available offline (rule: ${shown(129).slice(0, 150)}…)`);
    assert.equal(notChecked(rule(129))[0]!.rule, rule(129), 'the finding keeps the rule as written');
  });

  test('transition rules run on an update, with list-map items correlated by key', () => {
    const set = thingSet({
      type: 'object',
      properties: {
        n: { type: 'integer', 'x-kubernetes-validations': [{ rule: 'self >= oldSelf', message: 'n may not decrease' }] },
        items: {
          type: 'array',
          'x-kubernetes-list-type': 'map',
          'x-kubernetes-list-map-keys': ['name'],
          items: {
            type: 'object',
            required: ['name'],
            properties: { name: { type: 'string' }, v: { type: 'string' } },
            'x-kubernetes-validations': [{ rule: 'self.v == oldSelf.v', message: 'v is immutable' }],
          },
        },
        plain: {
          type: 'array',
          items: { type: 'object', properties: { v: { type: 'string' } }, 'x-kubernetes-validations': [{ rule: 'self.v == oldSelf.v', message: 'plain v is immutable' }] },
        },
        m: { type: 'object', additionalProperties: { type: 'integer', 'x-kubernetes-validations': [{ rule: 'self >= oldSelf', message: 'm may not decrease' }] } },
      },
    });
    assert.deepEqual(findings(set, { n: 1 }), [], 'a create skips them');
    assert.deepEqual(findings(set, { n: 2 }, { n: 1 }), []);
    assert.deepEqual(findings(set, { n: 1 }, { n: 2 }), ['invalid spec.n: n may not decrease']);
    assert.deepEqual(findings(set, { n: 1 }, {}), [], 'no old value at that field');
    const a = { name: 'a', v: '1' };
    const b = { name: 'b', v: '2' };
    assert.deepEqual(findings(set, { items: [b, a] }, { items: [a, b] }), [], 'reordered: each item meets its own old self');
    assert.deepEqual(findings(set, { items: [{ name: 'a', v: '3' }, b] }, { items: [a, b] }), ['invalid spec.items[0]: v is immutable']);
    assert.deepEqual(findings(set, { items: [b, { name: 'c', v: '9' }] }, { items: [a, b] }), [], 'a new item has no old self');
    assert.deepEqual(findings(set, { plain: [{ v: '1' }] }, { plain: [{ v: '2' }] }), [], 'plain lists do not correlate');
    assert.deepEqual(findings(set, { m: { x: 1, y: 5 } }, { m: { x: 2, y: 5 } }), ['invalid spec.m.x: m may not decrease']);
    assert.deepEqual(findings(set, { m: { x: 1 } }, { m: {} }), []);
  });

  test('rules under allOf, items and additionalProperties, with paths', () => {
    const set = thingSet({
      type: 'object',
      properties: {
        l: { type: 'array', items: { type: 'integer', 'x-kubernetes-validations': [{ rule: 'self < 10', message: 'item too big' }] } },
        m: { type: 'object', additionalProperties: { type: 'string', 'x-kubernetes-validations': [{ rule: "self != 'bad'", message: 'bad value' }] } },
        a: { type: 'integer', allOf: [{ 'x-kubernetes-validations': [{ rule: 'self != 3', message: 'not three' }] }] },
        nul: { type: 'integer', nullable: true, 'x-kubernetes-validations': [{ rule: 'self > 0', message: 'positive' }] },
      },
    });
    assert.deepEqual(findings(set, { l: [1, 20, 30], m: { k: 'bad', j: 'ok' }, a: 3, nul: null }), [
      'invalid spec.a: not three',
      'invalid spec.l[1]: item too big',
      'invalid spec.l[2]: item too big',
      'invalid spec.m.k: bad value',
    ]);
    assert.deepEqual(findings(set, { l: [1], m: { j: 'ok' }, a: 4, nul: 1 }), []);
    assert.deepEqual(findings(set, { nul: -1 }), ['invalid spec.nul: positive']);
    // The same value twice (the memo) gives the same findings twice.
    assert.deepEqual(findings(set, { l: [20, 20] }), ['invalid spec.l[0]: item too big', 'invalid spec.l[1]: item too big']);
  });

  test('a rule with its rules below: both sets of findings, own first in order', () => {
    const set = thingSet({
      type: 'object',
      'x-kubernetes-validations': [{ rule: 'self.n < 5', message: 'spec n too big' }],
      properties: { n: { type: 'integer', 'x-kubernetes-validations': [{ rule: 'self < 3', message: 'n too big' }] } },
    });
    assert.deepEqual(findings(set, { n: 9 }), ['invalid spec: spec n too big', 'invalid spec.n: n too big']);
    assert.deepEqual(findings(set, { n: 4 }), ['invalid spec.n: n too big']);
    assert.deepEqual(findings(set, { n: 1 }), []);
  });
});

describe('quantities, addresses and finding order', () => {
  test('parseQuantity: exact fractions in lowest terms, suffixes, exponents, refusals', () => {
    const q = (s: string) => {
      const v = parseQuantity(s);
      return v === undefined ? undefined : quantityKey(v);
    };
    assert.equal(q('1'), '1');
    assert.equal(q('+1'), '1');
    assert.equal(q('-1.50'), '-3/2');
    assert.equal(q('.5'), '1/2');
    assert.equal(q('.55'), '11/20');
    assert.equal(q('5.'), '5');
    assert.equal(q('0.0'), '0');
    assert.equal(q('250m'), '1/4');
    assert.equal(q('2k'), '2000');
    assert.equal(q('1M'), '1000000');
    assert.equal(q('1G'), `${10n ** 9n}`);
    assert.equal(q('1T'), `${10n ** 12n}`);
    assert.equal(q('1P'), `${10n ** 15n}`);
    assert.equal(q('1E'), `${10n ** 18n}`);
    assert.equal(q('1Ki'), '1024');
    assert.equal(q('1Mi'), `${2n ** 20n}`);
    assert.equal(q('1.5Gi'), `${3n * 2n ** 29n}`);
    assert.equal(q('1Ti'), `${2n ** 40n}`);
    assert.equal(q('1Pi'), `${2n ** 50n}`);
    assert.equal(q('1Ei'), `${2n ** 60n}`);
    assert.equal(q('12e3'), '12000');
    assert.equal(q('12E+3'), '12000');
    assert.equal(q('12e-3'), '3/250');
    assert.equal(q('1e1000'), `${10n ** 1000n}`);
    assert.equal(q('1e-1000'), `1/${10n ** 1000n}`);
    assert.equal(q('1e1001'), undefined);
    assert.equal(q('1e-1001'), undefined);
    for (const bad of ['', '.', '1.2.3', '1 k', '1K', '1ki', 'k', '1e', '--1', '1m1', ' 1', '1 ']) assert.equal(q(bad), undefined, bad);
    assert.deepEqual(parseQuantity('-6/4'), undefined);
    assert.deepEqual(fraction(6n, -4n), { n: -3n, d: 2n });
    assert.deepEqual(fraction(-6n, 4n), { n: -3n, d: 2n });
    assert.deepEqual(fraction(0n, 5n), { n: 0n, d: 1n });
    assert.deepEqual(fraction(3n, 1n), { n: 3n, d: 1n });
    assert.deepEqual(quantityFromKey('-3/2'), { n: -3n, d: 2n });
    assert.deepEqual(quantityFromKey('7'), { n: 7n, d: 1n });
  });

  test('quantity arithmetic and comparison are exact', () => {
    const q = (s: string) => parseQuantity(s)!;
    // Under mutation an exported arrow function may be replaced by one returning undefined: typed for both.
    const key = (v: Quantity | undefined): string | undefined => (v === undefined ? undefined : quantityKey(v));
    assert.equal(compareQuantities(q('1Gi'), q('1073741824')), 0);
    assert.equal(compareQuantities(q('999m'), q('1')), -1);
    assert.equal(compareQuantities(q('1'), q('999m')), 1);
    assert.equal(compareQuantities(q('1001m'), q('1')), 1);
    assert.equal(compareQuantities(q('-1'), q('-2')), 1);
    assert.equal(key(addQuantities(fraction(1n, 1n), fraction(1n, 2n))), '3/2');
    assert.equal(key(subQuantities(fraction(1n, 4n), fraction(1n, 1n))), '-3/4');
    assert.equal(key(addQuantities(fraction(3n, 2n), fraction(1n, 2n))), '2');
    assert.equal(key(subQuantities(fraction(1n, 3n), fraction(1n, 6n))), '1/6');
  });

  test('IPv6 text: zero runs, embedded IPv4, zones, refusals', () => {
    const canonical = (s: string): string | undefined => {
      const a = parseAddr(s);
      return a === undefined ? undefined : formatAddr(a);
    };
    assert.equal(canonical('0:0:1:0:0:1:0:0'), '::1:0:0:1:0:0');
    assert.equal(canonical('1:0:2:0:3:0:4:0'), '1:0:2:0:3:0:4:0');
    assert.equal(canonical('1:0:0:2:3:0:0:0'), '1:0:0:2:3::');
    assert.equal(canonical('1:2:3:4:5:6:7:0'), '1:2:3:4:5:6:7:0');
    assert.equal(canonical('::1.2.3.4'), '::102:304');
    assert.equal(canonical('1::1.2.3.4'), '1::102:304');
    assert.equal(canonical('1:2:3:4:5:6:1.2.3.4'), '1:2:3:4:5:6:102:304');
    assert.equal(canonical('1:2:3:4:5:6:7:1.2.3.4'), undefined);
    assert.equal(canonical('::ffff:1.2.3.256'), undefined);
    assert.equal(canonical('::ffff:1.2.3.4%eth0'), '::ffff:1.2.3.4%eth0');
    assert.equal(canonical('fe80::1%'), undefined);
    assert.equal(canonical('1:2:3:4:5:6:7'), undefined);
    assert.equal(canonical('1:2:3:4:5:6:7:8::1::2'), undefined, 'two "::"');
    assert.equal(canonical('1:2:3:4:5:6:7::'), '1:2:3:4:5:6:7:0', '"::" for one group');
    assert.equal(canonical('1:2:3:4:5:6:7:8::'), undefined, '"::" for no group');
    assert.equal(canonical('1::g'), undefined);
    assert.equal(canonical('1:2:3:4::5:6:7:8'), undefined);
    assert.equal(canonical('12345::'), undefined);
    assert.equal(canonical('g::'), undefined);
    assert.equal(canonical(':1::'), undefined);
    assert.equal(canonical('256.0.0.1'), undefined);
    assert.equal(canonical('1.2.3.4.5'), undefined);
    assert.equal(canonical('255.255.255.255'), '255.255.255.255');
    assert.equal(canonical('0.0.0.0'), '0.0.0.0');
    assert.deepEqual(parseAddr('10.0.0.1'), { bytes: [10, 0, 0, 1], zone: '' });
    assert.deepEqual(goParseIP('10.0.0.1'), { bytes: [10, 0, 0, 1], zone: '' });
    assert.equal(goParseIP('10.0.0'), undefined);
    assert.equal(is4In6(parseAddr('::ffff:1.2.3.4')!), true);
    assert.equal(is4In6(parseAddr('::fffe:1.2.3.4')!), false);
    assert.equal(is4In6(parseAddr('::feff:1.2.3.4')!), false);
    assert.equal(is4In6(parseAddr('1::ffff:1.2.3.4')!), false);
    assert.equal(is4In6(parseAddr('0:0:0:0:1:ffff:102:304')!), false);
    assert.equal(is4In6(parseAddr('1.2.3.4')!), false);
  });

  test('prefixes: bits, masks, containment', () => {
    assert.deepEqual(parsePrefix('10.1.2.3/8'), { addr: { bytes: [10, 1, 2, 3], zone: '' }, bits: 8 });
    assert.equal(parsePrefix('10.0.0.0/32')?.bits, 32);
    assert.equal(parsePrefix('::/128')?.bits, 128);
    assert.equal(parsePrefix('::/129'), undefined);
    assert.equal(parsePrefix('10.0.0.0/-1'), undefined);
    assert.equal(parsePrefix('10.0.0.0/'), undefined);
    assert.equal(parsePrefix('10.0.0.0/1000'), undefined);
    assert.equal(parsePrefix('fe80::1%eth0/64'), undefined);
    assert.equal(parsePrefix('10.0.0/8'), undefined);
    assert.deepEqual(maskAddr(parseAddr('10.255.255.255')!, 12).bytes, [10, 240, 0, 0]);
    assert.deepEqual(maskAddr(parseAddr('255.255.255.255')!, 0).bytes, [0, 0, 0, 0]);
    assert.deepEqual(maskAddr(parseAddr('255.255.255.255')!, 32).bytes, [255, 255, 255, 255]);
    assert.deepEqual(maskAddr(parseAddr('255.255.255.255')!, 17).bytes, [255, 255, 128, 0]);
    const p = parsePrefix('10.0.0.0/8')!;
    assert.ok(prefixContains(p, parseAddr('10.9.9.9')!));
    assert.ok(!prefixContains(p, parseAddr('11.0.0.0')!));
    assert.ok(!prefixContains(p, parseAddr('::a00:1')!));
    assert.ok(!prefixContains(parsePrefix('::/0')!, parseAddr('fe80::1%eth0')!));
    assert.ok(prefixContains(parsePrefix('::/0')!, parseAddr('fe80::1')!));
    assert.ok(!prefixContains(parsePrefix('0.0.0.0/0')!, parseAddr('::1')!), 'another family');
    assert.ok(!prefixContains(parsePrefix('::/0')!, parseAddr('0.0.0.0')!), 'another family');
  });

  test('MAC addresses: lengths and separators', () => {
    for (const ok of [
      '00:00:5e:00:53:01',
      '00-00-5E-00-53-01',
      '02:00:5e:10:00:00:00:01',
      `${Array(20).fill('aa').join(':')}`,
      '0000.5e00.5301',
      '0200.5e10.0000.0001',
      Array(10).fill('abcd').join('.'),
    ]) {
      assert.ok(isMac(ok), ok);
    }
    for (const bad of [
      '00:00:5e:00:53',
      '00:00:5e:00:53:01:02',
      '00:00:5e-00:53:01',
      '0:00:5e:00:53:01',
      '00:00:5e:00:53:0g',
      '0000.5e00',
      '0000.5e00.530',
      '0000.5e00.5301.0000.0000',
      '000:00:5e:00:53:01',
      '00:00:5e:00:53:011',
      '00000.5e00.5301',
      '0000.5e00.53011',
      '',
      '00-00-5e-00-53',
    ]) {
      assert.ok(!isMac(bad), bad);
    }
  });

  test('findings are ordered by path (indexes numerically, before names), then message, kind and rule', () => {
    const f = (path: (string | number)[], message = 'm', kind: Finding['kind'] = 'invalid', rule?: string): Finding => ({ path, message, kind, ...(rule === undefined ? {} : { rule }) });
    const sorted = [
      f(['a', 2]),
      f(['a', 10]),
      f(['a', 'b']),
      f(['a', 'b', 'c'], 'a'),
      f(['a', 'b', 'c'], 'b'),
      f(['a', 'b', 'c'], 'b', 'not-checked'),
      f(['a', 'b', 'c'], 'b', 'not-checked', 'r1'),
      f(['a', 'b', 'c'], 'b', 'not-checked', 'r2'),
      f(['b']),
    ];
    for (let i = 0; i < sorted.length; i++) {
      for (let j = 0; j < sorted.length; j++) {
        const c = compareFindings(sorted[i]!, sorted[j]!);
        assert.equal(Math.sign(c), Math.sign(i - j), `${i} vs ${j}`);
      }
    }
    assert.equal(compareFindings(f([1]), f(['a'])), -1);
    assert.equal(compareFindings(f(['a']), f([1])), 1);
    assert.equal(compareFindings(f(['a', '0']), f(['a', 1])), 1, 'a key that reads as a number is still a name');
    assert.equal(compareFindings(f(['a', 1]), f(['a', '0'])), -1);
  });

  test('values in messages: Go %q for strings, %v for numbers and booleans, JSON otherwise', () => {
    assert.equal(showValue('a"b'), '"a\\"b"');
    assert.equal(showValue(1.5), '1.5');
    assert.equal(showValue(Number.POSITIVE_INFINITY), 'Infinity', 'YAML .inf');
    assert.equal(showValue(Number.NaN), 'NaN', 'YAML .nan');
    assert.equal(showValue(false), 'false');
    assert.equal(showValue(10n), '10');
    assert.equal(showValue(null), 'null');
    assert.equal(showValue(undefined), 'null');
    assert.equal(showValue({ a: [1] }), '{"a":[1]}');
  });
});

describe('defaults and the object as validated', () => {
  const set = thingSet({
    type: 'object',
    properties: {
      mode: { type: 'string', default: 'auto' },
      gateway: { type: 'object', properties: { port: { type: 'integer', default: 80 }, name: { type: 'string' } } },
      other: { type: 'object', properties: { n: { type: 'integer', default: 1 } } },
    },
  });
  const thing = (spec: unknown, extra: Record<string, unknown> = {}) => ({ apiVersion: 'example.com/v1', kind: 'Thing', metadata: { name: 'a' }, spec, ...extra });

  test('withDefaults: the defaults applied, undefined fields left out, the input unchanged', () => {
    const input = thing({ gateway: { name: undefined }, other: {} });
    const out = withDefaults(set, input);
    assert.deepEqual(out, thing({ mode: 'auto', gateway: { port: 80 }, other: { n: 1 } }));
    assert.deepEqual(input, thing({ gateway: { name: undefined }, other: {} }));
    assert.deepEqual(withDefaults(set, thing([{ a: undefined }])), thing([{ a: undefined }]), 'invalid: as it is');
  });

  test('withDefaults: what the set does not know or finds invalid is returned as it is', () => {
    const invalid = thing({ mode: 3 });
    assert.equal(withDefaults(set, invalid), invalid);
    const unknown = { apiVersion: 'example.com/v2', kind: 'Thing', spec: {} };
    assert.equal(withDefaults(set, unknown), unknown);
    const noKind = { apiVersion: 'example.com/v1', spec: {} };
    assert.equal(withDefaults(set, noKind), noKind);
    const noVersion = { apiVersion: 1, kind: 'Thing', spec: {} };
    assert.equal(withDefaults(set, noVersion), noVersion);
  });

  test('withDefaults of a partial: defaults only under spec.gateway', () => {
    assert.deepEqual(withDefaults(set, thing({ gateway: { name: 'g' } }), true), thing({ gateway: { name: 'g', port: 80 } }));
    const noGateway = thing({ other: {} });
    assert.equal(withDefaults(set, noGateway, true), noGateway);
    const nullGateway = thing({ gateway: null });
    assert.equal(withDefaults(set, nullGateway, true), nullGateway);
    const noSpec = thing(undefined);
    assert.equal(withDefaults(set, noSpec, true), noSpec);
    // A default for gateway itself: a partial without gateway does not gain it (it would claim the field).
    const withGatewayDefault = thingSet({ type: 'object', properties: { gateway: { type: 'object', default: {}, properties: { port: { type: 'integer', default: 80 } } } } });
    const partial = thing({});
    assert.equal(withDefaults(withGatewayDefault, partial, true), partial);
    assert.deepEqual(withDefaults(withGatewayDefault, thing({})), thing({ gateway: { port: 80 } }));
  });

  test('validateObject: apiVersion and kind first, then the kind must be known', () => {
    assert.deepEqual(validateObject(set, { kind: 'Thing' }), [{ kind: 'invalid', path: ['apiVersion'], message: 'Required value' }]);
    assert.deepEqual(validateObject(set, { apiVersion: '', kind: 'Thing' }), [{ kind: 'invalid', path: ['apiVersion'], message: 'Required value' }]);
    assert.deepEqual(validateObject(set, { apiVersion: 1, kind: 2 }), [
      { kind: 'invalid', path: ['apiVersion'], message: 'Invalid value: must be a string' },
      { kind: 'invalid', path: ['kind'], message: 'Invalid value: must be a string' },
    ]);
    assert.deepEqual(validateObject(set, { apiVersion: 'example.com/v1' }), [{ kind: 'invalid', path: ['kind'], message: 'Required value' }]);
    assert.deepEqual(validateObject(set, [1]), [{ kind: 'invalid', path: [], message: 'Invalid value: a Kubernetes object must be a mapping' }]);
    const [missing] = validateObject(set, { apiVersion: 'example.com/v9', kind: 'Thing' });
    assert.equal(missing?.kind, 'missing-kind');
    assert.equal(missing?.path.length, 0);
  });

  test('the same finding twice is reported once', () => {
    const dup = thingSet({
      type: 'object',
      properties: { n: { type: 'integer' } },
      'x-kubernetes-validations': [
        { rule: 'self.n > 1', message: 'small' },
        { rule: 'self.n > 1', message: 'small' },
        { rule: 'self.n > 2', message: 'small' },
      ],
    });
    assert.deepEqual(
      validateObject(dup, thing({ n: 1 })).map((f) => `${f.message} ${f.rule}`),
      ['small self.n > 1', 'small self.n > 2'],
    );
  });

  test('with the status subresource, status is pruned and reported for unknown fields only', () => {
    const load = loadSetFromCrds('c', [
      {
        apiVersion: 'apiextensions.k8s.io/v1',
        kind: 'CustomResourceDefinition',
        metadata: { name: 'things.example.com' },
        spec: {
          group: 'example.com',
          names: { kind: 'Thing', plural: 'things' },
          scope: 'Namespaced',
          versions: [
            {
              name: 'v1',
              served: true,
              storage: true,
              subresources: { status: {} },
              schema: {
                openAPIV3Schema: {
                  type: 'object',
                  properties: {
                    spec: { type: 'object', properties: { n: { type: 'integer' } } },
                    status: { type: 'object', properties: { ready: { type: 'boolean' } } },
                  },
                },
              },
            },
          ],
        },
      },
    ]);
    assert.ok(load.ok);
    assert.deepEqual(validateObject(load.set, thing({ n: 1 }, { status: { ready: 'yes' } })).map(formatFinding), []);
    assert.deepEqual(validateObject(load.set, thing({ n: 1 }, { status: { extra: 1 } })).map(formatFinding), ['invalid status.extra: unknown field "status.extra"']);
    assert.deepEqual(validateObject(load.set, thing({ n: 'x' }, { status: { ready: 'yes' } })).map(formatFinding), ['invalid spec.n: Invalid value: "string": must be of type integer']);
    assert.deepEqual(validateObject(set, thing({}, { status: { extra: 1 } })).map(formatFinding), ['invalid status: unknown field "status"']);
    const noStatusSchema = loadSetFromCrds('c', [
      {
        apiVersion: 'apiextensions.k8s.io/v1',
        kind: 'CustomResourceDefinition',
        metadata: { name: 'things.example.com' },
        spec: {
          group: 'example.com',
          names: { kind: 'Thing', plural: 'things' },
          scope: 'Namespaced',
          versions: [{ name: 'v1', served: true, storage: true, subresources: { status: {} }, schema: { openAPIV3Schema: { type: 'object', properties: { spec: { type: 'object' } } } } }],
        },
      },
    ]);
    assert.ok(noStatusSchema.ok);
    assert.deepEqual(validateObject(noStatusSchema.set, thing({}, { status: { extra: 1 } })).map(formatFinding), [], 'status without a schema is dropped');
  });
});
