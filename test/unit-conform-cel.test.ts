// The CEL side of the conform engine where mutation testing (npm run mutation, generator/conform/) found it
// untested: the environment (generator/conform/cel/env.ts: the program cache, which rules are transition rules,
// optional syntax, which evaluation errors mean "not available offline"), rule evaluation
// (cel/rules.ts: null old values, messageExpression with oldSelf, the per-node memo and its bound, allOf on
// maps and lists, a fieldPath past the loader), CEL values of objects as apiserver's UnstructuredToVal and
// cel.Escape make them (cel/values.ts), the defaults cache (defaults.ts), how a value is shown (finding.ts) and
// IPv6 zones and zero runs (net.ts). Each test states what Kubernetes (apiextensions-apiserver, apiserver/pkg/cel)
// does, or what gwtopo documents where it has no counterpart (its caches, "not available offline").
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { type CelInput, isCelError } from '@bufbuild/cel';
import { compile, unavailable, usesOptionalSyntax } from '../generator/conform/cel/env.js';
import { RuleNode } from '../generator/conform/cel/rules.js';
import { celValue, escapeProperty, LazyFields } from '../generator/conform/cel/values.js';
import { defaulted } from '../generator/conform/defaults.js';
import { showValue } from '../generator/conform/finding.js';
import { loadSetFromCrds, type SchemaSet, validateObject } from '../generator/conform/index.js';
import { formatAddr, parseAddr } from '../generator/conform/net.js';
import { Node } from '../generator/conform/schema/node.js';
import type { Schema } from '../generator/conform/schema/types.js';
import { formatFinding } from './conform-helpers.js';

function crd(kind: string, plural: string, spec: Record<string, unknown>): Record<string, unknown> {
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: `${plural}.example.com` },
    spec: {
      group: 'example.com',
      names: { kind, plural },
      scope: 'Namespaced',
      versions: [{ name: 'v1', served: true, storage: true, schema: { openAPIV3Schema: { type: 'object', properties: { spec } } } }],
    },
  };
}

/** A set of one CRD, Thing of example.com/v1, whose spec has this schema. */
function thingSet(spec: Record<string, unknown>): SchemaSet {
  const load = loadSetFromCrds('c', [crd('Thing', 'things', spec)]);
  if (!load.ok) throw new Error(load.message);
  return load.set;
}

const thing = (spec: unknown) => ({ apiVersion: 'example.com/v1', kind: 'Thing', metadata: { name: 'a' }, spec });

/** The findings for a Thing with this spec (and this old spec: an update), formatted. */
function findings(set: SchemaSet, spec: unknown, old?: unknown): string[] {
  return validateObject(set, thing(spec), old === undefined ? {} : { old: thing(old) }).map(formatFinding);
}

/** A schema node as the set compiles one (not a resource root unless asked). */
function nodeOf(schema: Record<string, unknown>, resourceRoot = false): Node {
  return new Node(schema as Schema, { structural: true, resourceRoot });
}

/** The rule evaluated with `self` bound to this value typed by this node. */
function evaluateOn(node: Node | undefined, value: unknown, rule: string): unknown {
  const c = compile(rule);
  if (!c.ok) throw new Error(`${rule}: ${c.error}`);
  return c.program({ self: celValue(node, value) });
}

function holds(node: Node | undefined, value: unknown, rule: string): void {
  const result = evaluateOn(node, value, rule);
  assert.equal(result, true, `${rule} → ${isCelError(result) ? `error: ${result.message}` : String(result)}`);
}

/** The evaluation error of an expression without bindings. */
function errorOf(expression: string): Parameters<typeof unavailable>[0] {
  const c = compile(expression);
  if (!c.ok) throw new Error(`${expression}: ${c.error}`);
  const result = c.program({});
  assert.ok(isCelError(result), `${expression} should fail, got ${String(result)}`);
  return result;
}

describe('the CEL environment', () => {
  test('a rule text is compiled once per process: the same text gives the same program', () => {
    const rule = 'self.size() > 0 && self.size() < 1000';
    assert.equal(compile(rule), compile(rule));
    const broken = 'self.size( >';
    assert.equal(compile(broken), compile(broken), 'a failure is kept too');
    assert.equal(compile(broken).ok, false);
  });

  test('a transition rule is one whose expression names the variable oldSelf', () => {
    const usesOldSelf = (rule: string): boolean => {
      const c = compile(rule);
      assert.ok(c.ok, rule);
      return c.usesOldSelf;
    };
    assert.equal(usesOldSelf('self >= oldSelf'), true);
    assert.equal(usesOldSelf("self.x == oldSelf.x || self.y == 'z'"), true);
    assert.equal(usesOldSelf('self.all(k, k in oldSelf)'), true, 'inside a macro');
    assert.equal(usesOldSelf('[1, 2].exists(x, x == 1) ? oldSelf.n > 0 : true'), true, 'deep in a conditional');
    assert.equal(usesOldSelf('self > 1'), false);
    assert.equal(usesOldSelf("self.oldSelf == 'a'"), false, 'a field named oldSelf is not the variable');
    assert.equal(usesOldSelf("self == 'oldSelf' && b'oldSelf' == bytes('x') && 2.5 > 1.0 && 3u > 1u"), false, 'literals of every kind');
  });

  test("CEL's optional syntax is recognized (the offline parser lacks it)", () => {
    for (const e of [
      'self.?name.orValue("")',
      'self.a.?_b.hasValue()',
      "self[?'key'].hasValue()",
      'optional.of(1).hasValue()',
      'optional.none().hasValue()',
      'optional.ofNonZeroValue(self.x).hasValue()',
    ]) {
      assert.equal(usesOptionalSyntax(e), true, e);
    }
    for (const e of ['self.name', 'self.x ? 1 : 2', 'self.a.? 1', 'myoptional.of(1)', 'optional.off', 'self.optional', "self['?']"]) {
      assert.equal(usesOptionalSyntax(e), false, e);
    }
    const set = thingSet({ type: 'object', properties: { name: { type: 'string' } }, 'x-kubernetes-validations': [{ rule: "self.?name.orValue('') != 'x'" }] });
    assert.deepEqual(findings(set, { name: 'x' }), [
      "not-checked spec: rule not checked: it uses CEL optional types (.?field, [?key], optional.of), which the offline evaluator (@bufbuild/cel) cannot parse (rule: self.?name.orValue('') != 'x')",
    ]);
  });

  test('a function or an overload of Kubernetes\' library missing offline is "not available"; other errors are evaluation errors', () => {
    assert.equal(unavailable(errorOf("'abc'.reverse() == 'cba'")), 'the function reverse is not available offline');
    assert.equal(unavailable(errorOf('isIP(1)')), "the function isIP applied to (int) (an overload of Kubernetes' CEL library) is not available offline");
    assert.equal(
      unavailable(errorOf("quantity('1').isGreaterThan(1)")),
      "the function isGreaterThan applied to kubernetes.Quantity.(int) (an overload of Kubernetes' CEL library) is not available offline",
    );
    assert.equal(unavailable(errorOf("ip('10.0.0.1').family(1) == 4")), "the function family applied to net.IP.(int) (an overload of Kubernetes' CEL library) is not available offline");
    // Overloads that are missing everywhere: CEL's own string() (Kubernetes adds string(ip) and string(cidr)) and
    // the strings extension's indexOf (Kubernetes adds indexOf of lists).
    assert.equal(unavailable(errorOf('string([1]) == ""')), undefined);
    assert.equal(unavailable(errorOf("'abc'.indexOf(1) == 0")), undefined);
    assert.equal(unavailable(errorOf('1 + 1u == 2')), undefined);
    assert.equal(unavailable(errorOf('1 / 0 == 1')), undefined);
    // A message that only quotes those words (here a missing map key) is an ordinary evaluation error.
    assert.equal(unavailable(errorOf("{'a': 1}['unbound function: x'] == 1")), undefined);
    assert.equal(unavailable(errorOf(`{'a': 1}["found no matching overload for 'isIP' applied to '(int)'"] == 1`)), undefined);
  });
});

describe('rule evaluation', () => {
  test('a transition rule does not run when the old value is null (the API server sees no old value)', () => {
    const set = thingSet({
      type: 'object',
      properties: { n: { type: 'integer', nullable: true, 'x-kubernetes-validations': [{ rule: 'self >= oldSelf', message: 'n may not decrease' }] } },
    });
    assert.deepEqual(findings(set, { n: 1 }, { n: null }), []);
    assert.deepEqual(findings(set, { n: 1 }, { n: 2 }), ['invalid spec.n: n may not decrease']);
  });

  test('messageExpression reads oldSelf on an update; on a create it cannot, and the message is used', () => {
    const set = thingSet({
      type: 'object',
      properties: {
        n: {
          type: 'integer',
          'x-kubernetes-validations': [
            { rule: 'self >= oldSelf', message: 'n may not decrease', messageExpression: "'n went from ' + string(oldSelf) + ' to ' + string(self)" },
            { rule: 'self < 10', message: 'n is too big', messageExpression: "'n was ' + string(oldSelf)" },
          ],
        },
      },
    });
    assert.deepEqual(findings(set, { n: 1 }, { n: 3 }), ['invalid spec.n: n went from 3 to 1']);
    assert.deepEqual(findings(set, { n: 12 }, { n: 11 }), ['invalid spec.n: n was 11']);
    assert.deepEqual(findings(set, { n: 12 }), ['invalid spec.n: n is too big']);
  });

  test('rules in allOf of a map and of a list run on the whole map and list', () => {
    const set = thingSet({
      type: 'object',
      properties: {
        m: { type: 'object', additionalProperties: { type: 'integer' }, allOf: [{ 'x-kubernetes-validations': [{ rule: 'self.size() < 2', message: 'at most one entry' }] }] },
        l: { type: 'array', items: { type: 'integer' }, allOf: [{ 'x-kubernetes-validations': [{ rule: 'self.size() < 2', message: 'at most one item' }] }] },
      },
    });
    assert.deepEqual(findings(set, { m: { a: 1, b: 2 }, l: [1, 2] }), ['invalid spec.l: at most one item', 'invalid spec.m: at most one entry']);
    assert.deepEqual(findings(set, { m: { a: 1 }, l: [1] }), []);
  });

  test('results are memoized per rule node and value (old value included), up to 2048 values', () => {
    const schema = { type: 'integer', 'x-kubernetes-validations': [{ rule: 'self < 0', message: 'must be negative' }] };
    const rules = new RuleNode(schema as Schema, nodeOf(schema));
    const first = rules.run(0, undefined);
    assert.deepEqual(first, [{ kind: 'invalid', path: [], message: 'must be negative', rule: 'self < 0', reason: 'FieldValueInvalid' }]);
    assert.equal(rules.run(0, undefined), first, 'the same value: the memoized findings');
    for (let i = 1; i < 2048; i++) rules.run(i, undefined);
    assert.equal(rules.run(0, undefined), first, '2048 values are kept');
    rules.run(2048, undefined);
    const again = rules.run(0, undefined);
    assert.notEqual(again, first, 'the 2049th value starts the memo over');
    assert.deepEqual(again, first);

    const transition = { type: 'integer', 'x-kubernetes-validations': [{ rule: 'self >= oldSelf', message: 'may not decrease' }] };
    const t = new RuleNode(transition as Schema, nodeOf(transition));
    assert.deepEqual(t.run(1, undefined), [], 'a create');
    assert.equal(t.run(1, 2).length, 1, 'the same value updated from 2');
    assert.deepEqual(t.run(1, 0), [], 'the same value updated from 0');
    assert.equal(t.run(1, 2).length, 1);
    assert.deepEqual(t.run(1, undefined), []);
  });

  test('the nodes below a rule node are built once (their memo serves the next object)', () => {
    const schema = { type: 'integer', allOf: [{ 'x-kubernetes-validations': [{ rule: 'self < 0', message: 'must be negative' }] }] };
    const rules = new RuleNode(schema as Schema, nodeOf(schema));
    const [a] = rules.run(5, undefined);
    const [b] = rules.run(5, undefined);
    assert.ok(a !== undefined);
    assert.equal(b, a);
  });

  test('a fieldPath that does not parse: the loader refuses it, as the API server does; past it the finding stays at the node', () => {
    const schema = { type: 'object', properties: { n: { type: 'integer' } }, 'x-kubernetes-validations': [{ rule: 'self.n > 1', message: 'small', fieldPath: 'n' }] };
    const load = loadSetFromCrds('c', [crd('Thing', 'things', schema)]);
    assert.equal(load.ok, false);
    const rules = new RuleNode(schema as Schema, nodeOf(schema));
    assert.deepEqual(rules.run({ n: 1 }, undefined), [{ kind: 'invalid', path: [], message: 'small', rule: 'self.n > 1', reason: 'FieldValueInvalid' }]);
  });
});

describe('CEL values of objects', () => {
  test("property names as cel.Escape makes them: CEL's reserved words are wrapped in __", () => {
    const reserved = [
      'true',
      'false',
      'null',
      'in',
      'as',
      'break',
      'const',
      'continue',
      'else',
      'for',
      'function',
      'if',
      'import',
      'let',
      'loop',
      'package',
      'namespace',
      'return',
      'var',
      'void',
      'while',
    ];
    for (const word of reserved) assert.equal(escapeProperty(word), `__${word}__`, word);
    assert.equal(escapeProperty('name'), 'name');
    assert.equal(escapeProperty('_a1'), '_a1');
    assert.equal(escapeProperty('iff'), 'iff');
    for (const hidden of ['', '1a', '9', '1.a', 'a b', 'ä']) assert.equal(escapeProperty(hidden), undefined, JSON.stringify(hidden));
  });

  test('null and missing values are CEL null; without a schema a value is untyped', () => {
    assert.equal(celValue(nodeOf({ type: 'string' }), undefined), null);
    assert.equal(celValue(nodeOf({ type: 'string' }), null), null);
    assert.equal(celValue(undefined, undefined), null);
    assert.equal(celValue(undefined, 1), 1n);
    assert.equal(celValue(undefined, 1.5), 1.5);
    assert.equal(celValue(undefined, 'x'), 'x');
    holds(undefined, { a: [1, 2.5] }, 'type(self.a[0]) == int && type(self.a[1]) == double');
  });

  test('int-or-string: an integer is int, a string stays a string', () => {
    const n = nodeOf({ 'x-kubernetes-int-or-string': true });
    assert.equal(celValue(n, 3), 3n);
    assert.equal(celValue(n, '50%'), '50%');
    holds(n, '50%', "self == '50%'");
  });

  test('celValue never throws on a value its schema refuses (the schema check reports it, and rules do not run on it)', () => {
    assert.equal(celValue(nodeOf({ type: 'integer' }), 1.5), 1.5);
    assert.equal(celValue(nodeOf({ 'x-kubernetes-int-or-string': true }), 1.5), 1.5);
    assert.equal(celValue(nodeOf({ type: 'string', format: 'duration' }), 'soon'), 'soon');
    assert.equal(celValue(nodeOf({ type: 'string', format: 'date' }), '2024-02-30'), '2024-02-30');
    assert.equal(celValue(nodeOf({ type: 'string', format: 'date-time' }), 'yesterday'), 'yesterday');
  });

  test('map values are typed by additionalProperties', () => {
    const set = thingSet({
      type: 'object',
      properties: { m: { type: 'object', additionalProperties: { type: 'string', format: 'duration' } } },
      'x-kubernetes-validations': [{ rule: "self.m['a'] == duration('1m') && self.m.all(k, self.m[k] >= duration('1s'))", message: 'no' }],
    });
    assert.deepEqual(findings(set, { m: { a: '60s', b: '1s' } }), []);
    assert.deepEqual(findings(set, { m: { a: '60s', b: '1ms' } }), ['invalid spec: no']);
  });

  test('an embedded resource: apiVersion and kind are plain strings whatever its schema declares (WithTypeAndObjectMeta)', () => {
    const set = thingSet({
      type: 'object',
      properties: {
        r: {
          type: 'object',
          'x-kubernetes-embedded-resource': true,
          'x-kubernetes-preserve-unknown-fields': true,
          properties: { apiVersion: { type: 'string', format: 'byte' }, kind: { type: 'string', format: 'byte' } },
        },
      },
      'x-kubernetes-validations': [{ rule: "self.r.apiVersion == 'djE=' && self.r.kind == 'Pod1' && type(self.r.kind) == string", message: 'no' }],
    });
    assert.deepEqual(findings(set, { r: { apiVersion: 'djE=', kind: 'Pod1', metadata: { name: 'x' } } }), []);
  });

  test("an embedded resource's metadata shows name and generateName, when they are there", () => {
    const n = nodeOf({ type: 'object', 'x-kubernetes-embedded-resource': true, 'x-kubernetes-preserve-unknown-fields': true });
    const r = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { generateName: 'cm-', namespace: 'ns' } };
    holds(n, r, "!has(self.metadata.name) && self.metadata.generateName == 'cm-' && self.metadata.size() == 1");
    holds(n, { ...r, metadata: { name: 'a' } }, "self.metadata.name == 'a' && !has(self.metadata.generateName) && self.metadata.size() == 1");
  });

  test('fields are converted on first read, once, and every way of reading a map sees them converted', () => {
    const converted: string[] = [];
    const fields = new LazyFields(['a', 'b'], (name) => {
      converted.push(name);
      return name.toUpperCase();
    });
    assert.deepEqual(converted, []);
    assert.equal(fields.get('b'), 'B');
    assert.equal(fields.get('b'), 'B');
    assert.deepEqual(converted, ['b']);
    const seen: [string, CelInput, boolean][] = [];
    fields.forEach((value, key, map) => {
      seen.push([key, value, map === fields]);
    });
    assert.deepEqual(seen, [
      ['a', 'A', true],
      ['b', 'B', true],
    ]);
    assert.deepEqual([...fields.values()], ['A', 'B']);
    assert.deepEqual(
      [...fields],
      [
        ['a', 'A'],
        ['b', 'B'],
      ],
    );
    assert.deepEqual(
      [...fields.entries()],
      [
        ['a', 'A'],
        ['b', 'B'],
      ],
    );
    assert.deepEqual(converted, ['b', 'a']);
  });
});

describe('defaults, shown values and addresses', () => {
  const spec = { type: 'object', properties: { mode: { type: 'string', default: 'auto' }, gateway: { type: 'object', properties: { port: { type: 'integer', default: 80 } } } } };

  test('defaulted: a whole object unless told it is a partial; identical objects share one result', () => {
    const set = thingSet(spec);
    const input = thing({ gateway: {} });
    const whole = defaulted(set, input);
    assert.deepEqual(whole, { resource: thing({ mode: 'auto', gateway: { port: 80 } }), findings: [] });
    assert.equal(defaulted(set, structuredClone(input)), whole, 'the same JSON: the same result');
    const partial = defaulted(set, input, true);
    assert.deepEqual(partial.resource, thing({ gateway: { port: 80 } }));
    assert.equal(defaulted(set, structuredClone(input), true), partial);
    assert.equal(defaulted(set, input, false), whole);
  });

  test('defaulted: the cache of a set keeps 20000 objects, then starts over', () => {
    const set = thingSet(spec);
    const unknown = (i: number) => ({ apiVersion: 'example.com/v9', kind: 'Thing', metadata: { name: `t${i}` } });
    const first = defaulted(set, unknown(0));
    assert.equal(first.findings[0]?.kind, 'missing-kind');
    for (let i = 1; i < 20000; i++) defaulted(set, unknown(i));
    assert.equal(defaulted(set, unknown(0)), first, '20000 objects are kept');
    defaulted(set, unknown(20000));
    const again = defaulted(set, unknown(0));
    assert.notEqual(again, first, 'the 20001st object starts the cache over');
    assert.deepEqual(again, first);
  });

  test('defaulted: a kind that is not a string (YAML `kind: true`) is reported, not looked up', () => {
    const load = loadSetFromCrds('c', [crd('true', 'trues', spec)]);
    if (!load.ok) throw new Error(load.message);
    const object = { apiVersion: 'example.com/v1', kind: true, metadata: { name: 'a' }, spec: {} };
    const result = defaulted(load.set, object);
    assert.equal(result.resource, object);
    assert.deepEqual(result.findings, [{ kind: 'invalid', path: ['kind'], message: 'Invalid value: must be a string' }]);
    assert.deepEqual(defaulted(load.set, { ...object, kind: 'true' }).resource, { ...object, kind: 'true', spec: { mode: 'auto' } });
  });

  test('showValue: %v of booleans, null for a missing value', () => {
    assert.equal(showValue(true), 'true');
    assert.equal(showValue(false), 'false');
    assert.equal(showValue(undefined), 'null');
    assert.equal(showValue(null), 'null');
    assert.equal(showValue(7n), '7');
    assert.equal(showValue(Number.NaN), 'NaN');
    assert.equal(showValue([true]), '[true]');
  });

  test('IPv6: zones (netip) and zero runs that reach the end', () => {
    assert.deepEqual(parseAddr('fe80::1%eth0')?.zone, 'eth0');
    assert.deepEqual(parseAddr('fe80::1')?.zone, '');
    assert.equal(parseAddr('fe80::1%'), undefined);
    assert.equal(parseAddr('%eth0:'), undefined);
    const canonical = (s: string) => formatAddr(parseAddr(s)!);
    assert.equal(canonical('1:0:0:0:0:0:0:0'), '1::');
    assert.equal(canonical('1:2:3:4:5:6:0:0'), '1:2:3:4:5:6::');
    assert.equal(canonical('0:0:0:0:0:0:0:0'), '::');
    assert.equal(canonical('fe80:0:0:0:0:0:0:1%eth0'), 'fe80::1%eth0');
  });
});
