// Unit tests of the conform engine's parts: loading sets (builtin and from CRD documents, with precise errors
// for malformed CRDs), the API, RE2 translation, formats, IP parsing, quantities, property-name escaping,
// fieldPath parsing and determinism.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { escapeProperty } from '../generator/conform/cel/values.js';
import { BUILTIN_SETS, DEFAULT_SET, deprecationWarning, installHint, loadBuiltinSet, loadSetFromCrds, MISSING_FUNCTIONS, type SetLoad, validateObject } from '../generator/conform/index.js';
import { formatAddr, goParseIP, isMac, parseAddr, parsePrefix } from '../generator/conform/net.js';
import { parseQuantity } from '../generator/conform/quantity.js';
import { parseFieldPath } from '../generator/conform/schema/crd.js';
import { isBase64, isDate, isDateTime, isDuration, isEmail, isHostname, isRequestUri, parseDate, parseDateTime, stringFormat } from '../generator/conform/schema/formats.js';
import { compileRe2, translateToJs } from '../generator/conform/schema/regex.js';
import { builtin, formatFinding } from './conform-helpers.js';

function crd(overrides: Record<string, unknown> = {}, schema: unknown = { type: 'object', properties: { spec: { type: 'object' } } }): Record<string, unknown> {
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: 'things.example.com' },
    spec: {
      group: 'example.com',
      names: { kind: 'Thing', plural: 'things' },
      scope: 'Namespaced',
      versions: [{ name: 'v1', served: true, storage: true, schema: { openAPIV3Schema: schema } }],
    },
    ...overrides,
  };
}

function failure(load: SetLoad): string {
  assert.equal(load.ok, false, 'the load should fail');
  return (load as { message: string }).message;
}

describe('schema sets', () => {
  test('builtin sets and the default', () => {
    assert.deepEqual(BUILTIN_SETS, ['openchoreo-v1.1', 'openchoreo-v1.2']);
    assert.equal(DEFAULT_SET, 'openchoreo-v1.2');
    for (const name of BUILTIN_SETS) assert.equal(builtin(name).name, name);
    assert.equal(loadBuiltinSet('openchoreo-v1.2'), loadBuiltinSet('openchoreo-v1.2'), 'cached per process');
  });

  test('an unknown builtin set is refused with the names that exist', () => {
    const load = loadBuiltinSet('openchoreo-v9');
    assert.deepEqual(load, {
      ok: false,
      message: 'unknown schema set "openchoreo-v9"',
      hint: "use one of openchoreo-v1.1, openchoreo-v1.2, or a path to the cluster's CustomResourceDefinitions",
    });
  });

  test('kinds() lists every served group/version/Kind', () => {
    const v12 = builtin('openchoreo-v1.2').kinds();
    assert.deepEqual(v12, [...v12].sort());
    for (const k of [
      'gateway.networking.k8s.io/v1/Gateway',
      'gateway.networking.k8s.io/v1beta1/Gateway',
      'gateway.networking.k8s.io/v1/TLSRoute',
      'gateway.kgateway.dev/v1alpha1/ListenerPolicy',
      'openchoreo.dev/v1alpha1/ClusterDataPlane',
    ]) {
      assert.ok(v12.includes(k), k);
    }
    assert.ok(!v12.includes('gateway.networking.k8s.io/v1alpha2/TLSRoute'), 'not served');
    assert.ok(!builtin('openchoreo-v1.1').kinds().includes('gateway.networking.k8s.io/v1/TLSRoute'));
  });

  test('CRDs from documents: a List, several documents, empty documents', () => {
    const load = loadSetFromCrds('cluster.yaml', [null, { apiVersion: 'v1', kind: 'List', items: [crd()] }]);
    assert.ok(load.ok);
    assert.equal(load.set.name, 'cluster.yaml');
    assert.deepEqual(load.set.kinds(), ['example.com/v1/Thing']);
    assert.deepEqual(validateObject(load.set, { apiVersion: 'example.com/v1', kind: 'Thing', metadata: { name: 'a' }, spec: {} }), []);
  });

  const malformed: [string, unknown[], string][] = [
    ['no CRD at all', [null], 'c: no CustomResourceDefinition found'],
    [
      'another kind only',
      [{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x' } }],
      'c: no CustomResourceDefinition found (skipped 1 document that is not a CustomResourceDefinition: ConfigMap document 1 (x))',
    ],
    ['not a mapping', ['text'], 'c: document 1: (document): must be a mapping, not string "text"'],
    [
      'v1beta1',
      [crd({ apiVersion: 'apiextensions.k8s.io/v1beta1' })],
      'c: document 1 (things.example.com): apiVersion: is "apiextensions.k8s.io/v1beta1"; only apiextensions.k8s.io/v1 CustomResourceDefinitions are read',
    ],
    ['a bad scope', [crd({ spec: { ...(crd().spec as object), scope: 'Global' } })], 'c: document 1 (things.example.com): spec.scope: must be Namespaced or Cluster, not "Global"'],
    [
      'a served version without a schema',
      [crd({ spec: { ...(crd().spec as object), versions: [{ name: 'v1', served: true, storage: true }] } })],
      'c: document 1 (things.example.com): spec.versions[0].schema.openAPIV3Schema: is missing (every served version needs a schema)',
    ],
    [
      'an unknown keyword',
      [crd({}, { type: 'object', properties: { spec: { type: 'object', colour: 'red' } } })],
      'c: document 1 (things.example.com): spec.versions[0].schema.openAPIV3Schema.properties.spec.colour: unknown schema keyword',
    ],
    [
      '$ref',
      [crd({}, { type: 'object', properties: { spec: { $ref: '#/x' } } })],
      'c: document 1 (things.example.com): spec.versions[0].schema.openAPIV3Schema.properties.spec["$ref"]: is not allowed in a CustomResourceDefinition schema',
    ],
    [
      'a bad type',
      [crd({}, { type: 'object', properties: { spec: { type: 'map' } } })],
      'c: document 1 (things.example.com): spec.versions[0].schema.openAPIV3Schema.properties.spec.type: must be one of object, array, string, integer, number, boolean, not "map"',
    ],
    [
      'a rule without text',
      [crd({}, { type: 'object', 'x-kubernetes-validations': [{ message: 'm' }] })],
      'c: document 1 (things.example.com): spec.versions[0].schema.openAPIV3Schema.x-kubernetes-validations[0].rule: is missing',
    ],
    [
      'a bad fieldPath',
      [crd({}, { type: 'object', 'x-kubernetes-validations': [{ rule: 'true', fieldPath: 'spec.x' }] })],
      'c: document 1 (things.example.com): spec.versions[0].schema.openAPIV3Schema.x-kubernetes-validations[0].fieldPath: must be a path such as .spec.field or .map[\'key\'], not "spec.x"',
    ],
    [
      'a bad reason',
      [crd({}, { type: 'object', 'x-kubernetes-validations': [{ rule: 'true', reason: 'Nope' }] })],
      'c: document 1 (things.example.com): spec.versions[0].schema.openAPIV3Schema.x-kubernetes-validations[0].reason: must be one of FieldValueInvalid, FieldValueForbidden, FieldValueRequired, FieldValueDuplicate, not "Nope"',
    ],
    [
      'a list map without keys',
      [crd({}, { type: 'array', 'x-kubernetes-list-type': 'map' })],
      'c: document 1 (things.example.com): spec.versions[0].schema.openAPIV3Schema.x-kubernetes-list-map-keys: a list of type map needs at least one key',
    ],
    [
      'a negative length',
      [crd({}, { type: 'string', maxLength: -1 })],
      'c: document 1 (things.example.com): spec.versions[0].schema.openAPIV3Schema.maxLength: must be a non-negative integer, not number -1',
    ],
  ];
  test('a rule not checked names the rule, and CEL optional syntax as the missing feature', () => {
    const rules = [{ rule: 'self.?spec.orValue({}) == {}' }, { rule: 'self.size >' }];
    const load = loadSetFromCrds('c', [crd({}, { type: 'object', 'x-kubernetes-validations': rules, properties: { spec: { type: 'object' } } })]);
    assert.ok(load.ok);
    const messages = validateObject(load.set, { apiVersion: 'example.com/v1', kind: 'Thing', metadata: { name: 'a' }, spec: {} }).map((f) => f.message);
    assert.deepEqual(messages, [
      'rule not checked: it cannot be compiled: <input>:1:11: found > but expecting end of input (rule: self.size >)',
      'rule not checked: it uses CEL optional types (.?field, [?key], optional.of), which the offline evaluator (@bufbuild/cel) cannot parse (rule: self.?spec.orValue({}) == {})',
    ]);
  });

  test('a real install folder loads: other kinds are skipped with one notice, a kind defined twice — the later wins', () => {
    // A ConfigMap is kept only as the params of an admission policy; this set has none.
    const deployment = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'controller' } };
    const configMap = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'settings' } };
    const later = crd({}, { type: 'object', properties: { spec: { type: 'object', properties: { size: { type: 'integer' } } } } });
    const load = loadSetFromCrds('c', [deployment, crd(), configMap, later]);
    assert.ok(load.ok);
    assert.deepEqual(load.notices, [
      'c: skipped 2 documents that are not a CustomResourceDefinition: Deployment document 1 (controller), ConfigMap document 3 (settings)',
      'c: document 4 (things.example.com) defines Thing of group example.com again: it replaces document 2 (things.example.com), as a later kubectl apply would',
    ]);
    assert.deepEqual(load.set.kinds(), ['example.com/v1/Thing']);
    // The later definition is the one in force: spec.size exists only there.
    const thing = { apiVersion: 'example.com/v1', kind: 'Thing', metadata: { name: 'a' }, spec: { size: 3 } };
    assert.deepEqual(validateObject(load.set, thing), []);
    const first = loadSetFromCrds('c', [crd()]);
    assert.ok(first.ok);
    assert.notDeepEqual(validateObject(first.set, thing), [], 'the first definition alone refuses it');
  });
  for (const [name, docs, message] of malformed) {
    test(`a malformed CRD document is refused precisely: ${name}`, () => {
      const load = loadSetFromCrds('c', docs);
      assert.equal(failure(load), message);
      assert.match((load as { hint?: string }).hint ?? '', /kubectl get crd -o yaml/);
    });
  }

  test('deprecationWarning: the CRD warning, a default warning, none', () => {
    const spec = crd().spec as Record<string, unknown>;
    const versions = [
      { name: 'v1', served: true, storage: true, schema: { openAPIV3Schema: { type: 'object' } } },
      { name: 'v1beta1', served: true, storage: false, deprecated: true, deprecationWarning: 'use example.com/v1', schema: { openAPIV3Schema: { type: 'object' } } },
      { name: 'v1alpha1', served: true, storage: false, deprecated: true, schema: { openAPIV3Schema: { type: 'object' } } },
    ];
    const load = loadSetFromCrds('c', [crd({ spec: { ...spec, versions } })]);
    assert.ok(load.ok);
    assert.equal(deprecationWarning(load.set, 'example.com/v1beta1', 'Thing'), 'use example.com/v1');
    assert.equal(deprecationWarning(load.set, 'example.com/v1alpha1', 'Thing'), 'example.com/v1alpha1 Thing is deprecated');
    assert.equal(deprecationWarning(load.set, 'example.com/v1', 'Thing'), undefined);
    assert.equal(deprecationWarning(load.set, 'example.com/v1', 'Other'), undefined);
  });

  test('installHint names what installs each group gwtopo renders', () => {
    for (const group of [
      'gateway.networking.k8s.io',
      'gateway.kgateway.dev',
      'gateway.envoyproxy.io',
      'gateway.nginx.org',
      'argoproj.io',
      'kustomize.toolkit.fluxcd.io',
      'source.toolkit.fluxcd.io',
      'openchoreo.dev',
    ]) {
      assert.ok((installHint(group) ?? '').length > 0, group);
    }
    assert.match(installHint('gateway.kgateway.dev')!, /kgateway-crds/);
    assert.equal(installHint('example.com'), undefined);
    assert.equal(installHint('constructor'), undefined);
  });

  test('MISSING_FUNCTIONS says what the offline evaluator lacks', () => {
    assert.ok(MISSING_FUNCTIONS.some((m) => m.name.startsWith('optional types')));
    for (const m of MISSING_FUNCTIONS) assert.ok(m.why.length > 0, m.name);
  });
});

describe('validateObject', () => {
  const set = builtin('openchoreo-v1.2');

  test('what is not an object', () => {
    assert.deepEqual(validateObject(set, 'text').map(formatFinding), ['invalid .: Invalid value: a Kubernetes object must be a mapping']);
    assert.deepEqual(validateObject(set, { kind: 'Gateway' }).map(formatFinding), ['invalid apiVersion: Required value']);
    assert.deepEqual(validateObject(set, { apiVersion: 1, kind: '' }).map(formatFinding), ['invalid apiVersion: Invalid value: must be a string', 'invalid kind: Required value']);
  });

  test('the input is not changed and the result is deterministic', () => {
    const gateway = {
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'Gateway',
      metadata: { name: 'edge', labels: { b: 'x', a: 'y' } },
      spec: {
        zeta: 1,
        gatewayClassName: 'x',
        alpha: 2,
        listeners: [
          { name: 'b', port: 80, protocol: 'TCP', hostname: 'h' },
          { name: 'a', port: 'x', protocol: 'HTTP' },
        ],
      },
    };
    const before = structuredClone(gateway);
    const first = validateObject(set, gateway);
    assert.deepEqual(gateway, before);
    assert.deepEqual(validateObject(set, gateway), first);
    assert.deepEqual(first.map(formatFinding), [
      'not-checked .: some validation rules were not checked because the object was invalid; correct the existing errors to complete validation',
      'invalid spec.alpha: unknown field "spec.alpha"',
      'invalid spec.listeners[1].port: Invalid value: "string": must be of type integer',
      'invalid spec.zeta: unknown field "spec.zeta"',
    ]);
  });

  test('findings carry the rule text and the reason', () => {
    const [f] = validateObject(set, {
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'Gateway',
      metadata: { name: 'edge' },
      spec: { gatewayClassName: 'x', listeners: [{ name: 'a', port: 53, protocol: 'UDP', hostname: 'dns.example.com' }] },
    });
    assert.deepEqual(f, {
      kind: 'invalid',
      path: ['spec', 'listeners'],
      message: "hostname must not be specified for protocols ['TCP', 'UDP']",
      rule: "self.all(l, l.protocol in ['TCP', 'UDP']  ? (!has(l.hostname) || l.hostname == '') : true)",
      reason: 'FieldValueInvalid',
    });
  });

  test('a pattern that is not RE2 is reported as not checked where a value reaches it', () => {
    const load = loadSetFromCrds('c', [crd({}, { type: 'object', properties: { spec: { type: 'object', properties: { code: { type: 'string', pattern: 'a**' } } } } })]);
    assert.ok(load.ok);
    const [f, ...rest] = validateObject(load.set, { apiVersion: 'example.com/v1', kind: 'Thing', metadata: { name: 'a' }, spec: { code: 'aa' } });
    assert.deepEqual(rest, []);
    assert.equal(f!.kind, 'not-checked');
    assert.deepEqual(f!.path, ['spec', 'code']);
    assert.match(f!.message, /^pattern 'a\*\*' not checked: it is not a valid RE2 expression \(.+\)$/);
  });

  test('partial waives only the required list directly under spec', () => {
    const dataPlane = { apiVersion: 'openchoreo.dev/v1alpha1', kind: 'DataPlane', metadata: { name: 'default' }, spec: { clusterAgent: {} } };
    assert.deepEqual(validateObject(set, dataPlane, { partial: true }).map(formatFinding), ['invalid spec.clusterAgent.clientCA: Required value']);
    assert.deepEqual(validateObject(set, { ...dataPlane, spec: {} }, { partial: true }), []);
    assert.deepEqual(validateObject(set, { ...dataPlane, spec: {} }).map(formatFinding), ['invalid spec.clusterAgent: Required value']);
  });
});

describe('RE2 patterns', () => {
  test('translation to JavaScript where the meaning is the same', () => {
    assert.equal(translateToJs('^[a-z]+\\.example\\.com$'), '^[a-z]+\\.example\\.com$');
    assert.equal(translateToJs('^a.b$'), '^a[^\\n]b$');
    assert.equal(translateToJs('\\s+'), '[\\t\\n\\f\\r ]+');
    assert.equal(translateToJs('[\\s-]'), '[\\t\\n\\f\\r -]');
    assert.equal(translateToJs('(?:a|b)\\-c'), '(?:a|b)-c');
    assert.equal(translateToJs('[]a]'), '[\\]a]');
    assert.equal(translateToJs('\\x41'), '\\x41');
    for (const re2Only of ['(?i)abc', '(?P<n>a)', '[[:alpha:]]', '\\pL', '\\p{Greek}', '\\Qa.b\\E', 'a\\z', '\\1', '[\\S]']) {
      assert.equal(translateToJs(re2Only), undefined, re2Only);
    }
  });

  test('RE2 semantics whichever engine runs the pattern', () => {
    assert.ok(compileRe2('^a.b$').test('a\rb'));
    assert.ok(!compileRe2('^a.b$').test('a\nb'));
    assert.ok(!compileRe2('^\\s$').test('\u000b'));
    assert.ok(compileRe2('(?i)^abc$').test('ABC'));
    assert.ok(compileRe2('[[:digit:]]').test('a1'));
    assert.ok(compileRe2('b').test('abc'), 'a search, not a full match');
    assert.throws(() => compileRe2('a**'));
    assert.throws(() => compileRe2('(?=a)'));
  });
});

describe('formats', () => {
  test('date and date-time', () => {
    assert.ok(isDate('2024-02-29'));
    assert.ok(!isDate('2023-02-29'));
    assert.ok(!isDate('2024-13-01'));
    assert.ok(isDateTime('2024-02-29T23:59:59Z'));
    assert.ok(isDateTime('2024-02-29t10:00:00.123+01:00'));
    assert.ok(!isDateTime('2024-02-29T24:00:00Z'));
    assert.ok(!isDateTime('2024-02-29 10:00:00Z'));
    assert.deepEqual(parseDateTime('2000-01-01T00:30:00+01:00'), { seconds: BigInt(Date.UTC(1999, 11, 31, 23, 30) / 1000), nanos: 0 });
    assert.deepEqual(parseDateTime('1970-01-01t00:00:01,25z'), { seconds: 1n, nanos: 250000000 });
    assert.deepEqual(parseDate('1970-01-02'), { seconds: 86400n, nanos: 0 });
  });

  test('duration: Go durations and "<n> <unit>" texts', () => {
    for (const d of ['0', '1h30m', '1.5h', '-2s', '300ms', '3 day', '2w', 'in 5 min']) assert.ok(isDuration(d), d);
    for (const d of ['soon', '1x', '', '3 dys']) assert.ok(!isDuration(d), d);
  });

  test('byte, hostname, uri, email', () => {
    assert.ok(isBase64('aGVsbG8='));
    assert.ok(!isBase64(''));
    assert.ok(!isBase64('aGVsbG8'));
    assert.ok(!isBase64('a=b='));
    assert.ok(isHostname('api.example.com'));
    assert.ok(isHostname('1.example.com'));
    assert.ok(!isHostname('-bad.example.com'));
    assert.ok(!isHostname(`${'a'.repeat(64)}.com`));
    assert.ok(isRequestUri('https://example.com/a?b'));
    assert.ok(isRequestUri('/a/b'));
    assert.ok(!isRequestUri('example.com/a'));
    assert.ok(!isRequestUri('https://exa mple.com/'));
    assert.ok(isEmail('dev@example.com'));
    assert.ok(isEmail('Dev <dev@example.com>'));
    assert.ok(!isEmail('dev.example.com'));
  });

  test('the format registry', () => {
    assert.equal(stringFormat('date-time'), stringFormat('datetime'));
    assert.equal(stringFormat('int32'), undefined);
    assert.equal(stringFormat('made-up'), undefined);
    assert.ok(stringFormat('uuid')!('123E4567-E89B-12D3-A456-426614174000'));
    assert.ok(stringFormat('ipv4')!('::ffff:10.0.0.1'), 'Go: an IP with a dot');
    assert.ok(!stringFormat('ipv6')!('10.0.0.1'));
    assert.ok(stringFormat('k8s-short-name')!('gateway-default'));
    assert.ok(!stringFormat('k8s-short-name')!('Gateway'));
  });
});

describe('IP addresses and quantities', () => {
  test('parsing and canonical text', () => {
    const canonical = (s: string): string | undefined => {
      const a = parseAddr(s);
      return a === undefined ? undefined : formatAddr(a);
    };
    assert.equal(canonical('2001:DB8:0:0:0:0:0:1'), '2001:db8::1');
    assert.equal(canonical('::'), '::');
    assert.equal(canonical('1:0:0:1:0:0:0:1'), '1:0:0:1::1');
    assert.equal(canonical('1:0:0:2:0:0:3:4'), '1::2:0:0:3:4');
    assert.equal(canonical('::ffff:10.0.0.1'), '::ffff:10.0.0.1');
    assert.equal(canonical('fe80::1%eth0'), 'fe80::1%eth0');
    assert.equal(canonical('1:2:3:4:5:6:7:8:9'), undefined);
    assert.equal(canonical('1::2::3'), undefined);
    assert.equal(canonical('010.0.0.1'), undefined);
    assert.equal(goParseIP('fe80::1%eth0'), undefined);
    assert.deepEqual(parsePrefix('10.1.0.0/16')?.bits, 16);
    assert.equal(parsePrefix('10.0.0.0/33'), undefined);
    assert.ok(isMac('00:00:5e:00:53:01'));
    assert.ok(isMac('0000.5e00.5301'));
    assert.ok(!isMac('00:00:5e:00:53'));
  });

  test('quantities are exact fractions', () => {
    assert.deepEqual(parseQuantity('1Ki'), { n: 1024n, d: 1n });
    assert.deepEqual(parseQuantity('1.5'), { n: 3n, d: 2n });
    assert.deepEqual(parseQuantity('100m'), { n: 1n, d: 10n });
    assert.deepEqual(parseQuantity('-2e-1'), { n: -1n, d: 5n });
    for (const bad of ['', '1 Gi', '1Gb', 'Ki', '1.2.3']) assert.equal(parseQuantity(bad), undefined, bad);
  });
});

describe('CEL names and field paths', () => {
  test('property names as CEL sees them', () => {
    assert.equal(escapeProperty('namespace'), '__namespace__');
    assert.equal(escapeProperty('x-label'), 'x__dash__label');
    assert.equal(escapeProperty('a.b/c'), 'a__dot__b__slash__c');
    assert.equal(escapeProperty('a__b'), 'a__underscores__b');
    assert.equal(escapeProperty('plain'), 'plain');
    assert.equal(escapeProperty('1st'), undefined);
    assert.equal(escapeProperty('a b'), undefined);
  });

  test('fieldPath', () => {
    assert.deepEqual(parseFieldPath('.spec.owner'), ['spec', 'owner']);
    assert.deepEqual(parseFieldPath(".labels['app.kubernetes.io/name']"), ['labels', 'app.kubernetes.io/name']);
    assert.deepEqual(parseFieldPath(".a['it\\'s']"), ['a', "it's"]);
    assert.equal(parseFieldPath('spec'), undefined);
    assert.equal(parseFieldPath(".a['b"), undefined);
  });
});

describe('nesting', () => {
  test('a schema nested without end (a recursive alias) is refused, not followed forever', () => {
    const schema: Record<string, unknown> = { type: 'object', properties: {} };
    (schema.properties as Record<string, unknown>).x = schema;
    const message = failure(loadSetFromCrds('c', [crd({}, schema)]));
    assert.match(
      message,
      /^c: document 1 \(things\.example\.com\): spec\.versions\[0\]\.schema\.openAPIV3Schema\.properties\.x\.properties\.x.*…: nested more than 1000 levels deep \(a recursive YAML alias\?\)$/,
    );
  });
});
