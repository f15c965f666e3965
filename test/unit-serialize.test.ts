// Unit tests of serialize/: the canonical YAML emitter and the files of an overlay folder, called
// directly (fast enough to run for every mutant of `npm run mutation`).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { parse } from 'yaml';
import { annotatedYaml } from '../generator/serialize/annotated.js';
import { clusterFiles, folderFiles, fromPlaneFolder, generatedHeader, isGenerated, KUSTOMIZATION_FILE } from '../generator/serialize/files.js';
import { canonicalize, readsAsOtherType, scalar, toYaml } from '../generator/serialize/yaml.js';
import { OVERLAYS_DIR } from '../generator/topology/layout.js';
import type { PlacedResource, Resource } from '../generator/topology/resource.js';

const lines = (...l: string[]): string => `${l.join('\n')}\n`;

describe('canonicalize', () => {
  test('at the top, apiVersion, kind, metadata and spec come before every other key', () => {
    assert.deepEqual(Object.keys(canonicalize({ a: 1, spec: 2, B: 3, kind: 4, zz: 5, metadata: 6, apiVersion: 7 }) as object), ['apiVersion', 'kind', 'metadata', 'spec', 'B', 'a', 'zz']);
  });

  test('at the top, only the four top keys are lifted: name and namespace sort like any key', () => {
    assert.deepEqual(Object.keys(canonicalize({ namespace: 1, name: 2, a: 3 }) as object), ['a', 'name', 'namespace']);
  });

  test('below the top, name and namespace come first and apiVersion/kind/spec sort like any key', () => {
    assert.deepEqual(Object.keys((canonicalize({ m: { spec: 1, a: 2, namespace: 3, b: 4, name: 5 } }) as { m: object }).m), ['name', 'namespace', 'a', 'b', 'spec']);
  });

  test('a key of the first set wins over any other key, whichever side of the comparison it is on', () => {
    for (const keys of [
      ['zz', 'name'],
      ['name', 'zz'],
      ['namespace', 'A'],
      ['A', 'namespace'],
    ]) {
      const map = Object.fromEntries(keys.map((k) => [k, 1]));
      assert.deepEqual(
        Object.keys((canonicalize({ m: map }) as { m: object }).m)[0],
        keys.find((k) => k.startsWith('name')),
        keys.join(','),
      );
    }
  });

  test('the other keys are in code-point order (upper case before lower case), equal keys compare as equal', () => {
    assert.deepEqual(Object.keys(canonicalize({ b: 1, a: 2, B: 3, _: 4, '0': 5 }) as object), ['0', 'B', '_', 'a', 'b']);
    assert.deepEqual(Object.keys((canonicalize({ m: { c: 1, A: 2, b: 3 } }) as { m: object }).m), ['A', 'b', 'c']);
  });

  test('maps inside lists use the inner order, not the top order', () => {
    assert.deepEqual(canonicalize({ l: [{ spec: 1, a: 2, name: 3 }] }), { l: [{ name: 3, a: 2, spec: 1 }] });
    assert.deepEqual(Object.keys((canonicalize({ l: [{ spec: 1, a: 2, name: 3 }] }) as { l: object[] }).l[0]!), ['name', 'a', 'spec']);
  });

  test('a list at the top is canonicalized item by item', () => {
    assert.deepEqual(canonicalize([{ b: 1, name: 2 }, 3]), [{ name: 2, b: 1 }, 3]);
    assert.deepEqual(Object.keys((canonicalize([{ b: 1, name: 2 }]) as object[])[0]!), ['name', 'b']);
  });

  test('undefined entries are dropped at every depth; null, false, 0 and empty strings are kept', () => {
    assert.deepEqual(canonicalize({ a: undefined, b: { c: undefined, d: null, e: false, f: 0, g: '' }, l: [{ x: undefined }] }), { b: { d: null, e: false, f: 0, g: '' }, l: [{}] });
  });

  test('scalars and null pass through unchanged', () => {
    for (const v of ['s', 1, true, null]) assert.equal(canonicalize(v), v);
  });

  test('the input is not modified', () => {
    const input = { b: 1, a: { d: undefined, c: 2 } };
    canonicalize(input);
    assert.deepEqual(Object.keys(input), ['b', 'a']);
    assert.ok('d' in input.a);
  });
});

describe('readsAsOtherType', () => {
  test('strings that YAML reads as the same string are not flagged, even when they look like the start of a typed value', () => {
    for (const s of ['nginx', 'tcp', 'Off-by-one', 'yesterday', 'onion', 'nothing', 'true1', 'fal', '0abc', '10.0.0.1', '1.2.3', '-x', '.x', '~x', '+x', '=', '<x', 'on-x', 'gateway', 'a b']) {
      assert.equal(readsAsOtherType(s), false, JSON.stringify(s));
    }
  });

  test('typed values of YAML 1.1 only and of YAML 1.2 only are flagged', () => {
    for (const s of ['Yes', 'y', 'N', 'off', 'On', '0o17', '1_000', '0b101', '1:20', '.NaN', '0x1F', '12e3', '~', '', 'NULL', 'FALSE', 'True']) {
      assert.equal(readsAsOtherType(s), true, JSON.stringify(s));
    }
  });

  test('exponents without a mantissa are flagged: YAML 1.1 reads e5, E+5 and e-5 as numbers', () => {
    for (const s of ['e5', 'E5', 'e+5', 'E-10', 'e-5']) {
      assert.equal(readsAsOtherType(s), true, s);
      assert.equal(scalar(s), JSON.stringify(s), s);
    }
    for (const s of ['e', 'ex', 'e5x', 'e+x', 'eplus']) assert.equal(readsAsOtherType(s), false, s);
  });

  test('text that does not even parse as a plain scalar is flagged', () => {
    assert.equal(readsAsOtherType('- ['), true);
    assert.equal(readsAsOtherType('-: x: y'), true);
  });

  test('the answer does not change when asked again (cached or not)', () => {
    for (const s of ['yes', 'nginx', '- [', 'yes', 'nginx', '- [']) assert.equal(readsAsOtherType(s), s !== 'nginx');
  });
});

describe('scalar', () => {
  test('plain when the conservative alphabet allows it', () => {
    for (const s of ['a', 'A', 'Z9', '_x', '/path/to', '(x)', 'a.b', 'a/b', 'a=b', 'a,b', 'a+b', 'a@b', 'a(b)', 'a b c', 'a-b', 'ServerSideApply=true,Validate=false', 'x'.repeat(200)]) {
      assert.equal(scalar(s), s, JSON.stringify(s));
    }
  });

  test('double-quoted (JSON escapes) when the first character could be a YAML indicator', () => {
    for (const s of ['-a', '.a', ' a', '*a', '&a', '!a', '%a', '@a', '`a', '{a', '[a', '?a', '|a', '>a', "'a", '"a', '#a', ',a', '=a', '+a']) {
      assert.equal(scalar(s), JSON.stringify(s), JSON.stringify(s));
    }
  });

  test('double-quoted for a character outside the alphabet anywhere in the text', () => {
    for (const s of ['a:b', 'a#b', 'a\tb', 'a\nb', 'a"b', "a'b", 'a\\b', 'a*b', 'a!b', 'a[b', 'a{b', 'é', 'a🚀', 'a\u0000', 'a~b', 'a;b', 'a%b', 'a&b', 'a|b', 'a>b', 'a<b', 'a?b', 'a`b', 'a$b']) {
      assert.equal(scalar(s), JSON.stringify(s), JSON.stringify(s));
    }
  });

  test('double-quoted for trailing or doubled spaces, which a reader could lose', () => {
    assert.equal(scalar('a '), '"a "');
    assert.equal(scalar('a  b'), '"a  b"');
    assert.equal(scalar('a b'), 'a b');
  });

  test('double-quoted when YAML would read another type', () => {
    for (const s of ['true', 'yes', 'No', '1', '0777', '1e3', 'null', '']) assert.equal(scalar(s), JSON.stringify(s), JSON.stringify(s));
  });

  test('the quoted form reads back as the same string, as YAML 1.1 and 1.2', () => {
    for (const s of ['a:b', 'a\nb', 'tab\there', '"q"', 'back\\slash', 'é🚀', '\u0000', 'yes', '']) {
      for (const version of ['1.1', '1.2'] as const) assert.equal(parse(`k: ${scalar(s)}`, { version }).k, s);
    }
  });
});

describe('toYaml', () => {
  test('scalars: strings, integers, negative and fractional numbers, booleans, null', () => {
    assert.equal(toYaml({ s: 'x', i: 42, m: -3, f: 1.5, z: 0, t: true, F: false, u: null }), lines('F: false', 'f: 1.5', 'i: 42', 'm: -3', 's: x', 't: true', 'u: null', 'z: 0'));
  });

  test('numbers that are not finite are refused with the value in the message', () => {
    assert.throws(() => toYaml({ n: Number.NaN }), { message: 'cannot serialize the number NaN' });
    assert.throws(() => toYaml({ n: Number.POSITIVE_INFINITY }), { message: 'cannot serialize the number Infinity' });
    assert.throws(() => toYaml({ n: Number.NEGATIVE_INFINITY }), { message: 'cannot serialize the number -Infinity' });
  });

  test('values of other types are refused with their type in the message', () => {
    assert.throws(() => toYaml({ f: () => 1 }), { message: 'cannot serialize a function' });
    assert.throws(() => toYaml({ b: 1n }), { message: 'cannot serialize a bigint' });
    assert.throws(() => toYaml({ s: Symbol('x') }), { message: 'cannot serialize a symbol' });
    assert.throws(() => toYaml({ l: [() => 1] }), { message: 'cannot serialize a function' });
  });

  test('a document must be a map', () => {
    for (const doc of [[], [{ a: 1 }], 'x', 1, null, true]) assert.throws(() => toYaml(doc), { message: 'a document must be a map' }, JSON.stringify(doc));
    assert.equal(toYaml({}), '\n');
  });

  test('empty lists and maps are written inline, at every depth', () => {
    assert.equal(toYaml({ a: [], b: {}, c: { d: [], e: {} } }), lines('a: []', 'b: {}', 'c:', '  d: []', '  e: {}'));
  });

  test('nested maps are indented by two spaces per level', () => {
    assert.equal(toYaml({ a: { b: { c: 'x' }, d: 1 } }), lines('a:', '  b:', '    c: x', '  d: 1'));
  });

  test('lists are indented under their key; scalars, empty lists and empty maps as items', () => {
    assert.equal(toYaml({ l: ['a', 1, true, null, [], {}] }), lines('l:', '  - a', '  - 1', '  - true', '  - null', '  - []', '  - {}'));
  });

  test('a map item starts on the dash line and its other entries align under its first', () => {
    assert.equal(toYaml({ l: [{ name: 'a', x: 1, m: { k: 'v' } }, { name: 'b' }] }), lines('l:', '  - name: a', '    m:', '      k: v', '    x: 1', '  - name: b'));
  });

  test('lists inside list items inside maps nest at the right depth', () => {
    const text = toYaml({ a: { l: [{ name: 'nm', l2: [{ k: 1, j: [] }, 'x'] }] } });
    assert.equal(text, lines('a:', '  l:', '    - name: nm', '      l2:', '        - j: []', '          k: 1', '        - x'));
    assert.deepEqual(parse(text), { a: { l: [{ name: 'nm', l2: [{ k: 1, j: [] }, 'x'] }] } });
  });

  test('a non-empty list directly inside a list is refused', () => {
    assert.throws(() => toYaml({ l: [[1]] }), { message: 'cannot serialize a list directly inside a list' });
    assert.equal(toYaml({ l: [[]] }), lines('l:', '  - []'));
  });

  test('keys are quoted like values when needed', () => {
    assert.equal(toYaml({ 'a b': 1, 'x:y': 2, yes: 3, '': 4 }), lines('"": 4', 'a b: 1', '"x:y": 2', '"yes": 3'));
  });

  test('string values are quoted by the scalar rules, in maps and in lists', () => {
    assert.equal(toYaml({ a: 'on', l: ['off', 'x y', '#c'] }), lines('a: "on"', 'l:', '  - "off"', '  - x y', '  - "#c"'));
  });

  test('the output ends with exactly one newline and has no trailing spaces', () => {
    const text = toYaml({ apiVersion: 'v1', kind: 'K', metadata: { name: 'n', labels: {} }, spec: { l: [{ a: 1 }], e: [] } });
    assert.ok(text.endsWith('\n') && !text.endsWith('\n\n'));
    for (const line of text.split('\n')) assert.equal(line, line.trimEnd());
  });
});

describe('generated header', () => {
  test('names the source file', () => {
    assert.equal(generatedHeader('topologies/x/topology.yaml'), '# Code generated by gwtopo from topologies/x/topology.yaml. DO NOT EDIT.');
  });

  test('is recognised only as the whole first line', () => {
    const h = generatedHeader('t.yaml');
    assert.equal(isGenerated(h), true, 'a file of only the header line');
    assert.equal(isGenerated(`${h}\n`), true);
    assert.equal(isGenerated(`${h}\r\nx: 1\r\n`), true);
    assert.equal(isGenerated(`${h} extra\nx: 1\n`), false, 'more text after the header');
    assert.equal(isGenerated(`x${h}\n`), false, 'text before the header');
    assert.equal(isGenerated(`${h.slice(0, -1)}\n`), false, 'the final dot missing');
    assert.equal(isGenerated('# Code generated by gwtopo from . DO NOT EDIT.\n'), true, 'an empty source');
    assert.equal(isGenerated('# Code generated by gwtopo from a\rb. DO NOT EDIT.\n'), false, 'a carriage return inside the line');
    assert.equal(isGenerated(''), false);
    assert.equal(isGenerated(`\n${h}\n`), false);
    assert.equal(isGenerated(`${h}\r\r\n`), false, 'only one carriage return may end the line');
  });
});

const resource = (kind: string, name: string, extra: Record<string, unknown> = {}): Resource => ({ apiVersion: 'v1', kind, metadata: { name }, ...extra });

describe('folderFiles', () => {
  test('a file per resource in input order, named <name>.<lower-case kind>.yaml, then the kustomization listing them sorted', () => {
    const files = folderFiles('overlays/c/data-plane', 'topologies/c/topology.yaml', [resource('Gateway', 'z'), resource('GatewayParameters', 'a')]);
    const header = generatedHeader('topologies/c/topology.yaml');
    assert.deepEqual(files, [
      { path: 'overlays/c/data-plane/z.gateway.yaml', content: `${header}\n${lines('apiVersion: v1', 'kind: Gateway', 'metadata:', '  name: z')}` },
      { path: 'overlays/c/data-plane/a.gatewayparameters.yaml', content: `${header}\n${lines('apiVersion: v1', 'kind: GatewayParameters', 'metadata:', '  name: a')}` },
      {
        path: `overlays/c/data-plane/${KUSTOMIZATION_FILE}`,
        content: `${header}\n${lines('apiVersion: kustomize.config.k8s.io/v1beta1', 'kind: Kustomization', 'resources:', '  - a.gatewayparameters.yaml', '  - z.gateway.yaml')}`,
      },
    ]);
  });

  test('with a patch base, the kustomization takes the base as its resource and patches every file', () => {
    const files = folderFiles('d', 's', [resource('Environment', 'prod'), resource('DataPlane', 'default')], '../../../base');
    assert.equal(
      files.at(-1)!.content,
      `${generatedHeader('s')}\n${lines('apiVersion: kustomize.config.k8s.io/v1beta1', 'kind: Kustomization', 'patches:', '  - path: default.dataplane.yaml', '  - path: prod.environment.yaml', 'resources:', '  - "../../../base"')}`,
    );
  });

  test('an empty folder still gets a kustomization, with an empty resource list', () => {
    assert.deepEqual(folderFiles('d', 's', []), [
      { path: 'd/kustomization.yaml', content: `${generatedHeader('s')}\n${lines('apiVersion: kustomize.config.k8s.io/v1beta1', 'kind: Kustomization', 'resources: []')}` },
    ]);
  });
});

describe('clusterFiles', () => {
  const placed: PlacedResource[] = [
    { plane: 'control-plane', resource: resource('DataPlane', 'default'), origin: { path: [] } },
    { plane: 'data-plane', resource: resource('Gateway', 'b'), origin: { path: [] } },
    { plane: 'data-plane', resource: resource('Gateway', 'a'), origin: { path: [] } },
  ];

  test('both plane folders, every path sorted, each resource in its own plane', () => {
    const files = clusterFiles('c', 'src', placed);
    assert.deepEqual(
      files.map((f) => f.path),
      [
        'overlays/c/control-plane/default.dataplane.yaml',
        'overlays/c/control-plane/kustomization.yaml',
        'overlays/c/data-plane/a.gateway.yaml',
        'overlays/c/data-plane/b.gateway.yaml',
        'overlays/c/data-plane/kustomization.yaml',
      ],
    );
    assert.equal(OVERLAYS_DIR, 'overlays');
    const kustomization = (plane: string) => parse(files.find((f) => f.path === `overlays/c/${plane}/kustomization.yaml`)!.content) as { resources: string[]; patches?: unknown };
    assert.deepEqual(kustomization('data-plane'), { apiVersion: 'kustomize.config.k8s.io/v1beta1', kind: 'Kustomization', resources: ['a.gateway.yaml', 'b.gateway.yaml'] });
    assert.deepEqual(kustomization('control-plane').resources, ['default.dataplane.yaml']);
    for (const f of files) assert.ok(f.content.startsWith(`${generatedHeader('src')}\n`), f.path);
  });

  test('a patch base patches the control plane only, from three folders down', () => {
    assert.equal(fromPlaneFolder('infra/base'), '../../../infra/base');
    const files = clusterFiles('c', 'src', placed, 'infra/base');
    const kustomization = (plane: string) => parse(files.find((f) => f.path === `overlays/c/${plane}/kustomization.yaml`)!.content) as Record<string, unknown>;
    assert.deepEqual(kustomization('control-plane'), {
      apiVersion: 'kustomize.config.k8s.io/v1beta1',
      kind: 'Kustomization',
      patches: [{ path: 'default.dataplane.yaml' }],
      resources: ['../../../infra/base'],
    });
    assert.deepEqual(kustomization('data-plane').resources, ['a.gateway.yaml', 'b.gateway.yaml']);
    assert.equal(kustomization('data-plane').patches, undefined);
  });

  test('a cluster without resources still has both kustomizations', () => {
    assert.deepEqual(
      clusterFiles('e', 's', []).map((f) => f.path),
      ['overlays/e/control-plane/kustomization.yaml', 'overlays/e/data-plane/kustomization.yaml'],
    );
  });
});

describe('annotatedYaml', () => {
  test("block YAML in the document's key order, a note after each value that has one, read back as the same data", () => {
    const doc = {
      kind: 'K',
      spec: {
        list: [{ name: 'a', port: 80, ok: true, tags: ['x', 'true'] }, 'plain', [1, 2]],
        empty: {},
        none: [],
        'odd key': null,
        'key: colon': 'a#b',
        quoted: 'yes',
      },
    };
    const notes: Record<string, string> = { '["kind"]': 'f:1', '["spec","list",0,"name"]': 'f:2', '["spec","list",0,"tags",1]': 'default', '["spec","empty"]': 'f:3', '["spec","list",2,0]': 'f:4' };
    const text = annotatedYaml(doc, (path) => notes[JSON.stringify(path)]);
    assert.equal(
      text,
      [
        'kind: K  # f:1',
        'spec:',
        '  list:',
        '    - name: a  # f:2',
        '      port: 80',
        '      ok: true',
        '      tags:',
        '        - x',
        '        - "true"  # default',
        '    - plain',
        '    - - 1  # f:4',
        '      - 2',
        '  empty: {}  # f:3',
        '  none: []',
        '  odd key: null',
        '  "key: colon": "a#b"',
        '  quoted: "yes"',
        '',
      ].join('\n'),
    );
    assert.deepEqual(parse(text), doc);
  });
});

describe('toYaml orders keys as canonicalize does', () => {
  /** Every map's keys, depth first, in the order of the object (JavaScript's enumeration order). */
  const keyOrder = (v: unknown): string[][] => (Array.isArray(v) ? v.flatMap(keyOrder) : v !== null && typeof v === 'object' ? [Object.keys(v), ...Object.values(v).flatMap(keyOrder)] : []);

  test('array-index keys first in numeric order, then name, namespace and the rest; undefined values dropped', () => {
    const keys = ['10', '9', '0', '01', '4294967295', '4294967294', 'name', 'namespace', 'apiVersion', 'kind', 'spec', 'B', 'a', '-1', '1.5'];
    fc.assert(
      fc.property(
        fc.letrec((tie) => ({
          map: fc.dictionary(fc.constantFrom(...keys), fc.oneof({ maxDepth: 3 }, fc.constant(undefined), fc.constant('v'), fc.integer(), tie('map'), fc.array(tie('map'), { maxLength: 2 }))),
        })).map,
        (map) => {
          const text = toYaml(map);
          assert.deepEqual(keyOrder((parse(text) as unknown) ?? {}), keyOrder(canonicalize(map)), text);
        },
      ),
      { seed: 20261129, numRuns: 300 },
    );
    assert.equal(toYaml({ b: 1, 10: 2, 9: 3, a: undefined, m: { b: 1, name: 'x' } }), '"9": 3\n"10": 2\nb: 1\nm:\n  name: x\n  b: 1\n');
  });
});
