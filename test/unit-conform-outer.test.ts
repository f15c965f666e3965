// The conform engine's outer files in process, where mutation testing (npm run mutation, generator/conform/)
// left mutants of them alive: `gwtopo conform`'s checks of manifests (conform/manifests.ts: objects that are
// none, the label of an object without a name, kinds not checked and their order, admission warnings and
// denials, fieldValidation), the schema sets (conform/sets.ts: resources, scopes, versions and their compiled
// schemas, which documents a set of CRDs keeps for its admission policies), loading a set named by a value
// (conform/schema-set.ts: the order of a folder's files, which files are read, YAML documents, the cache) and
// the pipeline's conform stage (conform/stage.ts through conformFile: findings at topology lines, hints,
// the cache of findings, transition rules against the base revision, profiles), and conform/parallel.ts's
// main-thread side (one worker thread forced with GWTOPO_WORKERS=1 on 600 KiB, its result merged with the
// main thread's; worker.ts runs inside that thread, where mutation testing sees no coverage).
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { stringify } from 'yaml';
import { type Finding, loadSetFromCrds, type SchemaSet } from '../generator/conform/index.js';
import { type ConformResult, conformManifests, FIELD_VALIDATIONS } from '../generator/conform/manifests.js';
import { conformInThreads } from '../generator/conform/parallel.js';
import { loadSchemaSet } from '../generator/conform/schema-set.js';
import { asLoadedSet, BUILTIN_SETS } from '../generator/conform/sets.js';
import { type ConformItem, configSetProblems, conformFile, reportable } from '../generator/conform/stage.js';
import type { Problem } from '../generator/diagnostics/problem.js';
import type { Provenance } from '../generator/diagnostics/provenance.js';
import { readManifests } from '../generator/parse/manifests.js';
import { parseTopology } from '../generator/parse/parse.js';
import type { ParsedTopology } from '../generator/parse/parsed.js';
import type { Resource } from '../generator/topology/resource.js';
import { tempRepo } from './helpers.js';

type Json = Record<string, unknown>;

const version = (name: string, served: boolean, maximum: number, storage = false): Json => ({
  name,
  served,
  storage,
  schema: { openAPIV3Schema: { type: 'object', properties: { spec: { type: 'object', properties: { size: { type: 'integer', maximum } } } } } },
});

/** Thing (example.com, namespaced): v1 (size ≤ 10) and v2 (size ≤ 20) served, v0 no longer served. */
const THING: Json = {
  apiVersion: 'apiextensions.k8s.io/v1',
  kind: 'CustomResourceDefinition',
  metadata: { name: 'things.example.com' },
  spec: {
    group: 'example.com',
    names: { kind: 'Thing', plural: 'things' },
    scope: 'Namespaced',
    versions: [version('v0', false, 1), version('v1', true, 10), version('v2', true, 20, true)],
  },
};

/** Zone (example.com, cluster-scoped): v1. */
const ZONE: Json = {
  apiVersion: 'apiextensions.k8s.io/v1',
  kind: 'CustomResourceDefinition',
  metadata: { name: 'zones.example.com' },
  spec: { group: 'example.com', names: { kind: 'Zone', plural: 'zones' }, scope: 'Cluster', versions: [version('v1', true, 5, true)] },
};

function setOf(documents: unknown[], label = 'set'): SchemaSet {
  const got = loadSetFromCrds(label, documents);
  if (!got.ok) throw new Error(got.message);
  return got.set;
}

const PLAIN = setOf([THING, ZONE]);

const policy = (name: string, resources: string, expression: string, message: string, action: 'Deny' | 'Warn', extra = ''): Json[] => [
  {
    apiVersion: 'admissionregistration.k8s.io/v1',
    kind: 'ValidatingAdmissionPolicy',
    metadata: { name },
    spec: {
      matchConstraints: {
        ...(extra === '' ? {} : { namespaceSelector: { matchLabels: { env: extra } } }),
        resourceRules: [{ apiGroups: ['*'], apiVersions: ['*'], operations: ['CREATE'], resources: [resources] }],
      },
      validations: [{ expression, message }],
    },
  },
  {
    apiVersion: 'admissionregistration.k8s.io/v1',
    kind: 'ValidatingAdmissionPolicyBinding',
    metadata: { name },
    spec: { policyName: name, validationActions: [action] },
  },
];

/** A problem in one line: `line:col severity [rule] path (resource): message`. */
const show = (p: Problem): string => `${p.line}:${p.col} ${p.severity} [${p.rule}] ${p.path} (${p.resource ?? '-'}): ${p.message}`;

function conform(set: SchemaSet, texts: Record<string, string>, strict = false, ...rest: [] | ['Strict' | 'Warn' | 'Ignore']): ConformResult & { lines: string[] } {
  const r = conformManifests(
    set,
    Object.entries(texts).map(([file, text]) => ({ file, text })),
    strict,
    ...rest,
  );
  return { ...r, lines: r.problems.map((p) => `${p.file}:${show(p)}`) };
}

describe('conformManifests (conform/manifests.ts)', () => {
  test('what is not a Kubernetes object: apiVersion and kind must be non-empty strings', () => {
    const docs = ['apiVersion: 1\nkind: Thing\n', 'apiVersion: example.com/v1\nkind: 1\n', 'apiVersion: ""\nkind: Thing\n', 'apiVersion: example.com/v1\nkind: ""\n', '- a\n'];
    const r = conform(PLAIN, { 'x.yaml': docs.join('---\n') });
    assert.deepEqual(r.lines, [
      'x.yaml:1:1 error [conform-input]  (-): not a Kubernetes object: a map with apiVersion and kind is expected',
      'x.yaml:4:1 error [conform-input]  (-): not a Kubernetes object: a map with apiVersion and kind is expected',
      'x.yaml:7:1 error [conform-input]  (-): not a Kubernetes object: a map with apiVersion and kind is expected',
      'x.yaml:10:1 error [conform-input]  (-): not a Kubernetes object: a map with apiVersion and kind is expected',
      'x.yaml:13:1 error [conform-input]  (-): not a Kubernetes object: a map with apiVersion and kind is expected',
    ]);
    assert.deepEqual([r.resources, r.invalid, r.notChecked], [5, 5, []]);
  });

  test('a valid object: no problem at all; FIELD_VALIDATIONS lists the three settings', () => {
    const r = conform(PLAIN, { 'ok.yaml': 'apiVersion: example.com/v1\nkind: Thing\nmetadata: {name: a, namespace: ns}\nspec: {size: 1}\n' });
    assert.deepEqual([r.problems, r.resources, r.invalid, r.notChecked], [[], 1, 0, []]);
    assert.deepEqual(FIELD_VALIDATIONS, ['Strict', 'Warn', 'Ignore']);
  });

  test('an object without a name (absent or null) is labelled Kind/(no name)', () => {
    const r = conform(PLAIN, {
      'x.yaml': 'apiVersion: example.com/v1\nkind: Thing\nspec: {size: 11}\n---\napiVersion: example.com/v1\nkind: Thing\nmetadata: {name: null}\nspec: {size: 12}\n',
    });
    assert.deepEqual(
      r.lines.filter((l) => l.includes('spec.size')),
      [
        'x.yaml:3:8 error [crd-invalid] spec.size (Thing/(no name)): Invalid value: 11: should be less than or equal to 10',
        'x.yaml:8:8 error [crd-invalid] spec.size (Thing/(no name)): Invalid value: 12: should be less than or equal to 10',
      ],
    );
  });

  test('each served version is checked against its own schema; one the CRD does not serve is refused at apiVersion', () => {
    const r = conform(PLAIN, {
      'x.yaml': [
        'metadata: {name: a, namespace: ns}\napiVersion: example.com/v2\nkind: Thing\nspec: {size: 15}\n',
        'metadata: {name: b, namespace: ns}\napiVersion: example.com/v2\nkind: Thing\nspec: {size: 25}\n',
        'metadata: {name: c, namespace: ns}\napiVersion: example.com/v0\nkind: Thing\n',
        'metadata: {name: d, namespace: ns}\napiVersion: example.com/v9\nkind: Thing\n',
      ].join('---\n'),
    });
    assert.deepEqual(r.lines, [
      'x.yaml:9:8 error [crd-invalid] spec.size (Thing/b): Invalid value: 25: should be less than or equal to 20',
      // At the apiVersion field, not at the start of the document.
      'x.yaml:12:1 error [crd-missing] apiVersion (Thing/c): example.com/v0, Kind=Thing: v0 is no longer served by the CustomResourceDefinition things.example.com in schema set set (served: v1, v2)',
      'x.yaml:16:1 error [crd-missing] apiVersion (Thing/d): example.com/v9, Kind=Thing: v9 is not a version of the CustomResourceDefinition things.example.com in schema set set (served: v1, v2)',
    ]);
    assert.deepEqual([r.resources, r.invalid], [4, 3]);
  });

  test('kinds without schema: counted per apiVersion and kind, sorted by kind then apiVersion', () => {
    const object = (apiVersion: string, kind: string) => `apiVersion: ${apiVersion}\nkind: ${kind}\nmetadata: {name: x}\n`;
    const r = conform(PLAIN, {
      'x.yaml': [object('b.example.com/v1', 'Widget'), object('v1', 'Service'), object('a.example.com/v1', 'Widget'), object('b.example.com/v1', 'Widget'), object('a.example.com/v2', 'Widget')].join(
        '---\n',
      ),
    });
    assert.deepEqual(r.problems, []);
    assert.deepEqual(r.notChecked, [
      { apiVersion: 'v1', kind: 'Service', count: 1 },
      { apiVersion: 'a.example.com/v1', kind: 'Widget', count: 1 },
      { apiVersion: 'a.example.com/v2', kind: 'Widget', count: 1 },
      { apiVersion: 'b.example.com/v1', kind: 'Widget', count: 2 },
    ]);
  });

  test('fieldValidation defaults to Strict: an unknown field is an error', () => {
    const text = { 'x.yaml': 'apiVersion: example.com/v1\nkind: Thing\nmetadata: {name: a, namespace: ns}\nspec: {size: 1, extra: 1}\n' };
    assert.deepEqual(conform(PLAIN, text).lines, ['x.yaml:4:17 error [crd-invalid] spec.extra (Thing/a): unknown field "spec.extra"']);
    assert.deepEqual(conform(PLAIN, text, false, 'Ignore').lines, []);
  });

  test('YAML that cannot be read is a conform-input problem, with policies in the set or not', () => {
    const withPolicy = setOf([THING, ...policy('p', 'configmaps', 'true', 'm', 'Deny')]);
    for (const set of [PLAIN, withPolicy]) {
      const r = conform(set, { 'x.yaml': 'a: [b\n' });
      assert.deepEqual(
        r.problems.map((p) => p.rule),
        ['conform-input'],
      );
    }
  });

  test('admission: a warning is a warning and leaves the object valid; a denial makes it invalid; a denied kind without schema leaves the not-checked count', () => {
    const set = setOf([
      THING,
      ...policy('warn-names', 'configmaps', "object.metadata.name.startsWith('cm-')", 'ConfigMaps are named cm-*', 'Warn'),
      ...policy('deny-big', 'configmaps', "!has(object.data) || !('big' in object.data)", 'no big ConfigMaps', 'Deny'),
    ]);
    const cm = (name: string, data = '') => `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: ${name}, namespace: ns}\n${data}`;
    const r = conform(set, { 'x.yaml': [cm('cm-a'), cm('b'), cm('cm-c'), cm('cm-d', 'data: {big: "1"}\n')].join('---\n') });
    const thing = conform(setOf([THING, ...policy('deny-things', 'things', 'object.spec.size != 3', 'not 3', 'Deny')]), {
      'x.yaml': 'apiVersion: example.com/v1\nkind: Thing\nmetadata: {name: a, namespace: ns}\nspec: {size: 3}\n',
    });
    assert.deepEqual(thing.lines, ['x.yaml:1:1 error [admission-denied]  (Thing/a): denied by ValidatingAdmissionPolicy deny-things (binding deny-things, validation 0): not 3']);
    assert.deepEqual([thing.resources, thing.invalid, thing.notChecked], [1, 1, []]);
    assert.deepEqual(r.lines, [
      'x.yaml:5:1 warning [admission-warning]  (ConfigMap/b): warning from ValidatingAdmissionPolicy warn-names (binding warn-names, validation 0): ConfigMaps are named cm-*',
      'x.yaml:13:1 error [admission-denied]  (ConfigMap/cm-d): denied by ValidatingAdmissionPolicy deny-big (binding deny-big, validation 0): no big ConfigMaps',
    ]);
    assert.deepEqual([r.resources, r.invalid, r.notChecked], [4, 1, [{ apiVersion: 'v1', kind: 'ConfigMap', count: 3 }]]);
  });
});

test("a folder given to conform is read in code-point order of its files' names, as kubectl reads it (parse/manifests.ts)", async () => {
  const root = tempRepo();
  mkdirSync(join(root, 'in'));
  for (const name of ['\u{1F600}.yaml', '\uE000.yaml', 'b.yaml', 'a.yaml']) writeFileSync(join(root, 'in', name), `kind: ${name}\n`);
  const got = await readManifests(root, ['in'], async () => new Uint8Array());
  assert.deepEqual(got.problems, []);
  // U+E000 before U+1F600: JavaScript's `<` on strings (UTF-16 units) puts the surrogate pair first.
  assert.deepEqual(
    got.inputs.map((i) => i.file),
    ['in/a.yaml', 'in/b.yaml', 'in/\uE000.yaml', 'in/\u{1F600}.yaml'],
  );
});

describe('schema sets (conform/sets.ts)', () => {
  const loaded = asLoadedSet(PLAIN);

  test('resourceInfo: the served versions only, the scope of the CRD; a version not served has none', () => {
    assert.deepEqual(loaded.resourceInfo('example.com/v1', 'Thing'), { group: 'example.com', version: 'v1', kind: 'Thing', resource: 'things', namespaced: true, versions: ['v1', 'v2'] });
    assert.deepEqual(loaded.resourceInfo('example.com/v1', 'Zone'), { group: 'example.com', version: 'v1', kind: 'Zone', resource: 'zones', namespaced: false, versions: ['v1'] });
    assert.equal(loaded.resourceInfo('example.com/v0', 'Thing'), undefined);
  });

  test('namespacedKind: the CRD scope, else the built-in table, else namespaced', () => {
    assert.equal(loaded.namespacedKind('example.com', 'Thing'), true);
    assert.equal(loaded.namespacedKind('example.com', 'Zone'), false);
    assert.equal(loaded.namespacedKind('', 'Namespace'), false);
    assert.equal(loaded.namespacedKind('', 'ConfigMap'), true);
    assert.equal(loaded.namespacedKind('unknown.example.com', 'Gadget'), true);
  });

  test('lookup: each served version compiled once, kept beside the other versions of its kind', () => {
    const v1 = loaded.lookup('example.com/v1', 'Thing');
    const v2 = loaded.lookup('example.com/v2', 'Thing');
    assert.ok(v1.ok && v2.ok);
    assert.equal(v1.compiled.version.name, 'v1');
    assert.equal(v2.compiled.version.name, 'v2');
    const again = loaded.lookup('example.com/v1', 'Thing');
    assert.ok(again.ok);
    assert.equal(again.compiled, v1.compiled);
    const v2again = loaded.lookup('example.com/v2', 'Thing');
    assert.ok(v2again.ok);
    assert.equal(v2again.compiled, v2.compiled);
  });

  test('asLoadedSet refuses a set made elsewhere', () => {
    assert.throws(() => asLoadedSet({ name: 'x', kinds: () => [] }), { name: 'TypeError', message: 'schema sets come from loadBuiltinSet or loadSetFromCrds' });
  });

  test('loadSetFromCrds: no notices key when there is nothing to say; an unforeseen error is thrown, not reported as the set', () => {
    const got = loadSetFromCrds('l', [THING]);
    assert.deepEqual(Object.keys(got), ['ok', 'set']);
    const boom = (): never => {
      throw new RangeError('boom');
    };
    const hostile = new Proxy({}, { get: boom, has: boom, ownKeys: boom, getOwnPropertyDescriptor: boom, getPrototypeOf: boom });
    assert.throws(() => loadSetFromCrds('l', [THING, hostile]), { name: 'RangeError', message: 'boom' });
  });

  test('documents kept for admission policies: ConfigMaps, Namespaces and objects of the set kinds, only when the set has a policy', () => {
    const docs = [
      THING,
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' } },
      { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'n' } },
      { apiVersion: 'v1', kind: 'Service', metadata: { name: 's' } },
      { apiVersion: 'example.com/v1', kind: 'Thing', metadata: { name: 't' } },
      { apiVersion: 'other.example.com/v1', kind: 'Thing', metadata: { name: 'o' } },
      { apiVersion: 'example.com/v1', kind: 'Other', metadata: { name: 'o2' } },
    ];
    const without = loadSetFromCrds('l', docs);
    assert.ok(without.ok);
    assert.deepEqual(without.notices, ['l: skipped 6 documents that are not a CustomResourceDefinition: ConfigMap document 2 (c), Namespace document 3 (n), Service document 4 (s), +3 more']);
    const withPolicy = loadSetFromCrds('l', [...docs, ...policy('p', 'configmaps', 'true', 'm', 'Deny')]);
    assert.ok(withPolicy.ok);
    assert.deepEqual(withPolicy.notices, ['l: skipped 3 documents that are not a CustomResourceDefinition: Service document 4 (s), Thing document 6 (o), Other document 7 (o2)']);
  });

  test('params of a namespaced paramKind are looked up in the namespace of the object; an unknown paramKind is a configuration error', () => {
    const params = (paramKind: Json): Json[] => {
      const [p, b] = policy('limits', 'configmaps', 'object.metadata.name.size() <= params.spec.size', 'name too long', 'Deny');
      return [
        { ...p, spec: { ...(p!.spec as Json), paramKind } },
        { ...b, spec: { ...(b!.spec as Json), paramRef: { name: 'limits', parameterNotFoundAction: 'Deny' } } },
      ];
    };
    const limits = { apiVersion: 'example.com/v1', kind: 'Thing', metadata: { name: 'limits', namespace: 'b' }, spec: { size: 1 } };
    const cm = { 'x.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: long, namespace: a}\n' };
    const inA = conform(setOf([THING, limits, ...params({ apiVersion: 'example.com/v1', kind: 'Thing' })]), cm);
    assert.deepEqual(inA.lines, [
      'x.yaml:1:1 error [admission-denied]  (ConfigMap/long): denied by ValidatingAdmissionPolicy limits (binding limits): failed to configure binding: no params found for policy binding with Deny parameterNotFoundAction (no Thing a/limits in the schema set) (failurePolicy Fail)',
    ]);
    const unknown = conform(setOf([THING, limits, ...params({ apiVersion: 'example.com/v1', kind: 'Gadget' })]), cm);
    assert.deepEqual(unknown.lines, [
      "x.yaml:1:1 error [admission-denied]  (ConfigMap/long): denied by ValidatingAdmissionPolicy limits (binding limits): failed to configure policy: failed to find resource referenced by paramKind: 'example.com/v1, Kind=Gadget' (neither a kind the schema set serves nor a built-in kind such as ConfigMap) (failurePolicy Fail)",
    ]);
  });
});

describe('loading a set named by a value (conform/schema-set.ts)', () => {
  const crdText = (kind: string, maximum: number): string =>
    `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: {name: ${kind.toLowerCase()}s.example.com}
spec:
  group: example.com
  names: {kind: ${kind}, plural: ${kind.toLowerCase()}s}
  scope: Namespaced
  versions:
    - name: v1
      served: true
      storage: true
      schema:
        openAPIV3Schema:
          type: object
          properties:
            spec: {type: object, properties: {size: {type: integer, maximum: ${maximum}}}}
`;

  test("a folder's files in code-point order of their names whatever order the folder lists them in; only .yaml, .yml and .json files", () => {
    const root = tempRepo();
    mkdirSync(join(root, 'set'));
    // Written in an order that is not the sorted one; each defines Thing again.
    for (const [name, maximum] of [
      ['e.yaml', 5],
      ['c.yml', 3],
      ['a.yaml', 1],
      ['f.json', 6],
      ['d.yaml', 4],
      ['b.yaml', 2],
    ] as const)
      writeFileSync(join(root, 'set', name), name.endsWith('.json') ? '{"apiVersion": "v1", "kind": "List", "items": []}' : crdText('Thing', maximum));
    // Code-point order, as kubectl reads a folder: U+E000 before U+1F600 (whose UTF-16 surrogates sort first).
    writeFileSync(join(root, 'set', '\u{1F600}.yaml'), crdText('Thing', 8));
    writeFileSync(join(root, 'set', '\uE000.yaml'), crdText('Thing', 7));
    writeFileSync(join(root, 'set', 'g.yaml.orig'), 'not: [yaml');
    writeFileSync(join(root, 'set', 'h.json~'), 'not: [yaml');
    const got = loadSchemaSet(root, 'set');
    assert.ok(got.ok, JSON.stringify(got));
    const again = (later: string, earlier: string) =>
      `set: set/${later}, document 1 (things.example.com) defines Thing of group example.com again: it replaces set/${earlier}, document 1 (things.example.com), as a later kubectl apply would`;
    assert.deepEqual(got.notices, [
      again('b.yaml', 'a.yaml'),
      again('c.yml', 'b.yaml'),
      again('d.yaml', 'c.yml'),
      again('e.yaml', 'd.yaml'),
      again('\uE000.yaml', 'e.yaml'),
      again('\u{1F600}.yaml', '\uE000.yaml'),
    ]);
    // The last one read is the one in force.
    const r = conformManifests(got.set, [{ file: 'x.yaml', text: 'apiVersion: example.com/v1\nkind: Thing\nmetadata: {name: a, namespace: ns}\nspec: {size: 9}\n' }], false);
    assert.deepEqual(
      r.problems.map((p) => p.message),
      ['Invalid value: 9: should be less than or equal to 8'],
    );
  });

  test('documents: empty ones and scalars are no CRD; YAML warnings stay quiet; Error.stackTraceLimit is restored', () => {
    const root = tempRepo({
      'crds.yaml': `---\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ndata:\n  ? [a, b]\n  : c\n---\n${crdText('Thing', 1)}`,
      'scalar.yaml': `${crdText('Thing', 1)}---\nhello\n`,
      'bad.yaml': 'a: [b\n',
    });
    const warnings: unknown[] = [];
    const emitWarning = process.emitWarning;
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 7;
    process.emitWarning = (warning: string | Error) => void warnings.push(warning);
    try {
      const got = loadSchemaSet(root, 'crds.yaml');
      assert.ok(got.ok, JSON.stringify(got));
      assert.deepEqual(got.set.kinds(), ['example.com/v1/Thing']);
      assert.deepEqual(got.notices, ['crds.yaml: skipped 1 document that is not a CustomResourceDefinition: ConfigMap crds.yaml, document 2 (c)']);
      assert.equal(Error.stackTraceLimit, 7);
      assert.equal(loadSchemaSet(root, 'bad.yaml').ok, false);
      assert.equal(Error.stackTraceLimit, 7);
      // A scalar document is refused as the API server would refuse it (it is no object); it has no place of origin to name.
      assert.deepEqual(loadSchemaSet(root, 'scalar.yaml'), {
        ok: false,
        message: 'scalar.yaml: document 2: (document): must be a mapping, not string "hello"',
        hint: 'give the CustomResourceDefinitions as `kubectl get crd -o yaml` prints them (apiextensions.k8s.io/v1)',
      });
      assert.equal(Error.stackTraceLimit, 7);
    } finally {
      process.emitWarning = emitWarning;
      Error.stackTraceLimit = limit;
    }
    assert.deepEqual(warnings, []);
  });

  test('--crds: a relative path is shown as given; a set from files is loaded once (cached per value and confinement)', () => {
    const root = tempRepo({ 'sub/bad.yaml': 'a: 1\nb: [c\n', 'sub/ok.yaml': crdText('Thing', 1) });
    const bad = loadSchemaSet(root, 'sub/bad.yaml', false);
    assert.deepEqual(bad, {
      ok: false,
      message: 'sub/bad.yaml:3:1 is not valid YAML: Flow sequence in block collection must be sufficiently indented and end with a ]',
      hint: 'give the output of kubectl get crd -o yaml as it is',
    });
    const ok = loadSchemaSet(root, 'sub/ok.yaml');
    assert.ok(ok.ok);
    assert.equal(loadSchemaSet(root, 'sub/ok.yaml'), ok);
    assert.notEqual(loadSchemaSet(root, 'sub/ok.yaml', false), ok);
    assert.equal(loadSchemaSet(root, 'sub/ok.yaml', false), loadSchemaSet(root, 'sub/ok.yaml', false));
  });

  test('a builtin set read from the installation; one whose files are missing is refused with a hint to reinstall', () => {
    // Names the installation lacks, made builtin for the test: the package's folder of sets is read afresh.
    const names = BUILTIN_SETS as string[];
    names.push('openchoreo-v1.2/.', 'openchoreo-v0.9');
    try {
      const fresh = loadSchemaSet(tempRepo(), 'openchoreo-v1.2/.');
      assert.ok(fresh.ok, JSON.stringify(fresh));
      assert.ok(fresh.set.kinds().includes('gateway.networking.k8s.io/v1/Gateway'));
      const missing = loadSchemaSet(tempRepo(), 'openchoreo-v0.9');
      assert.equal(missing.ok, false);
      assert.match(
        missing.ok ? '' : missing.message,
        /^schema set openchoreo-v0\.9 is missing or damaged in this installation: ENOENT: no such file or directory, open '.*openchoreo-v0\.9[/\\]index\.json'$/,
      );
      assert.equal(missing.ok ? '' : missing.hint, 'reinstall gwtopo');
    } finally {
      names.splice(names.indexOf('openchoreo-v1.2/.'), 2);
    }
    assert.deepEqual(BUILTIN_SETS, ['openchoreo-v1.1', 'openchoreo-v1.2']);
  });
});

describe("the pipeline's conform stage (conform/stage.ts, conformFile)", () => {
  /** Gizmo (example.com/v1): spec.name required, size ≤ 10, mode a; size may not shrink on update. */
  const GIZMO: Json = {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: 'gizmos.example.com' },
    spec: {
      group: 'example.com',
      names: { kind: 'Gizmo', plural: 'gizmos' },
      scope: 'Namespaced',
      versions: [
        {
          name: 'v1',
          served: true,
          storage: true,
          schema: {
            openAPIV3Schema: {
              type: 'object',
              properties: {
                spec: {
                  type: 'object',
                  required: ['name'],
                  'x-kubernetes-validations': [{ rule: 'self.size >= oldSelf.size', message: 'size may not shrink' }],
                  properties: { name: { type: 'string' }, size: { type: 'integer', maximum: 10 }, mode: { type: 'string', enum: ['a'] } },
                },
              },
            },
          },
        },
      ],
    },
  };
  const TOPOLOGY = 'apiVersion: gwtopo/v1alpha1\nkind: GatewayTopology\nmetadata:\n  name: c\nspec:\n  x: 1\n  items:\n    - name: a\n      size: 50\n';
  const parsedOf = (file: string, text: string): ParsedTopology => {
    const r = parseTopology({ cluster: 'c', file }, text);
    if (!r.ok) throw new Error(JSON.stringify(r.problems));
    return r.topology;
  };
  const PARSED = parsedOf('topologies/c/topology.yaml', TOPOLOGY);
  const CUSTOM = setOf([GIZMO, ZONE], 'crds');
  /** A set that bears the name of a builtin one: the hints speak of gwtopo's own rendering. */
  const BUILTIN_NAMED = setOf([GIZMO, ZONE], 'openchoreo-v1.2');
  // spec.mode is rendered from a field the topology does not write (gwtopo's own default).
  const ORIGIN = {
    path: ['spec', 'items', 0],
    fields: [
      { at: ['spec', 'size'], from: ['spec', 'items', 0, 'size'] },
      { at: ['spec', 'mode'], from: ['spec', 'items', 0, 'mode'] },
    ],
  };
  const gizmo = (name: string, spec: Json, namespace = 'ns'): Resource => ({ apiVersion: 'example.com/v1', kind: 'Gizmo', metadata: { name, namespace }, spec });
  const item = (resource: Resource, more: Partial<ConformItem> = {}): Omit<ConformItem, 'old'> => ({
    file: `overlays/c/${resource.metadata.name}.yaml`,
    resource,
    origin: ORIGIN,
    partial: false,
    ...more,
  });
  const fileOf = (resource: Resource, header = '# rendered from topologies/c/topology.yaml'): { path: string; content: string } => ({
    path: `overlays/c/${resource.metadata.name}.yaml`,
    content: `${header}\n${stringify(resource)}`,
  });
  const line = (p: Problem): string => `${p.file}:${p.line}:${p.col} ${p.severity} ${p.path} [${p.rule}] ${p.message}`;
  const check = (set: SchemaSet, resources: Omit<ConformItem, 'old'>[], files = resources.map((r) => fileOf(r.resource)), more: Partial<Parameters<typeof conformFile>[3]> = {}): Problem[] =>
    conformFile(set, resources, files, { parsed: PARSED, subject: 'cluster c', ...more });

  test('findings at the topology line that wrote the value, the resource labelled with its namespace when it has one; hints for a cluster set', () => {
    const problems = check(CUSTOM, [
      item(gizmo('g', { name: 'g', size: 50, mode: 'b' })),
      item({ apiVersion: 'example.com/v1', kind: 'Zone', metadata: { name: 'z' }, spec: { size: 9 } }),
      item({ apiVersion: 'v1', kind: 'Service', metadata: { name: 's', namespace: 'ns' } }),
      item({ apiVersion: 'example.com/v1', kind: 'ListenerPolicy', metadata: { name: 'l', namespace: 'ns' } }),
      item({ apiVersion: 'gateway.networking.k8s.io/v1', kind: 'Gateway', metadata: { name: 'gw', namespace: 'ns' } }),
    ]);
    const DOC = 'https://github.com/gwtopo/gwtopo/blob/main/docs/schema-sets.md';
    assert.deepEqual(problems.map(line), [
      'topologies/c/topology.yaml:8:7 error spec.items[0] [crd-invalid] Gizmo ns/g (overlays/c/g.yaml): spec.mode: Unsupported value: "b": supported values: "a" (cluster c, schema set crds)',
      'topologies/c/topology.yaml:9:7 error spec.items[0].size [crd-invalid] Gizmo ns/g (overlays/c/g.yaml): spec.size: Invalid value: 50: should be less than or equal to 10 (cluster c, schema set crds)',
      'topologies/c/topology.yaml:9:7 error spec.items[0].size [crd-invalid] Zone z (overlays/c/z.yaml): spec.size: Invalid value: 9: should be less than or equal to 5 (cluster c, schema set crds)',
      'topologies/c/topology.yaml:8:7 error spec.items[0] [crd-missing] Service ns/s (overlays/c/s.yaml): schema set crds has no CustomResourceDefinition for core/v1, Kind=Service (cluster c, schema set crds)',
      'topologies/c/topology.yaml:8:7 error spec.items[0] [crd-missing] ListenerPolicy ns/l (overlays/c/l.yaml): schema set crds has no CustomResourceDefinition for example.com/v1, Kind=ListenerPolicy (cluster c, schema set crds)',
      'topologies/c/topology.yaml:8:7 error spec.items[0] [crd-missing] Gateway ns/gw (overlays/c/gw.yaml): schema set crds has no CustomResourceDefinition for gateway.networking.k8s.io/v1, Kind=Gateway (cluster c, schema set crds)',
    ]);
    assert.deepEqual(
      problems.map((p) => p.hint),
      [
        `gwtopo renders this itself (it is not in the topology), and the cluster's own CRDs (crds) refuse it: upgrade the CRDs of example.com on the cluster and capture them again, or choose the set the cluster runs (spec.crds, ${DOC})`,
        `the cluster's own CRDs (crds) refuse it: change the value, or upgrade the CRDs of example.com on the cluster and capture them again (${DOC})`,
        `the cluster's own CRDs (crds) refuse it: change the value, or upgrade the CRDs of example.com on the cluster and capture them again (${DOC})`,
        `install the CRDs of the core API on the cluster and capture its CRDs into crds again, or choose the set the cluster runs (spec.crds, ${DOC})`,
        `install the CRDs of example.com on the cluster and capture its CRDs into crds again, or choose the set the cluster runs (spec.crds, ${DOC}); or set websocket: false on the gateway, which then renders no ListenerPolicy (WebSocket upgrades stay off)`,
        `install Gateway API's standard-channel CRDs (kubernetes-sigs/gateway-api config/crd/standard, released as standard-install.yaml) on the cluster and capture its CRDs into crds again, or choose the set the cluster runs (spec.crds, ${DOC})`,
      ],
    );
    const builtin = check(BUILTIN_NAMED, [
      item(gizmo('g', { name: 'g', size: 50, mode: 'b' })),
      item({ apiVersion: 'example.com/v1', kind: 'ListenerPolicy', metadata: { name: 'l', namespace: 'ns' } }),
    ]);
    assert.deepEqual(
      builtin.map((p) => p.hint),
      [
        `the API server would refuse the object, and the value is not in the topology but rendered by gwtopo: please report it (${DOC})`,
        'the API server would refuse the object: change the value in the topology',
        `install the CRDs of example.com on the cluster, or choose the set the cluster runs (spec.crds, ${DOC}); or set websocket: false on the gateway, which then renders no ListenerPolicy (WebSocket upgrades stay off)`,
      ],
    );
  });

  test('values the file does not hold: positioned at metadata.name, or at the document when it has none; a path the file holds in full stays', () => {
    const origin = (path: (string | number)[]) => ({ path, fields: [] });
    const at = (parsed: ParsedTopology, path: (string | number)[]) =>
      conformFile(CUSTOM, [item(gizmo('g', { size: 1 }), { origin: origin(path) })], [], { parsed, subject: 'cluster c' }).map((p) => `${p.line}:${p.col} ${p.path}`);
    assert.deepEqual(at(PARSED, ['spec', 'x']), ['6:3 spec.x']);
    assert.deepEqual(at(PARSED, ['spec', 'y']), ['4:3 metadata.name']);
    assert.deepEqual(at(PARSED, ['other']), ['4:3 metadata.name']);
    assert.deepEqual(at(parsedOf('t.yaml', 'apiVersion: gwtopo/v1alpha1\nkind: GatewayTopology\nspec: {}\n'), ['other']), ['1:1 ']);
  });

  test('reportable keeps an error of the whole object; configSetProblems without a default set loads only the cluster sets', () => {
    const root: Finding = { kind: 'invalid', path: [], message: 'must be of type object' };
    assert.deepEqual(reportable([root]), [root]);
    const loads: unknown[] = [];
    assert.deepEqual(
      configSetProblems({ clusters: [] }, [], (value) => {
        loads.push(value);
        return { ok: false, message: 'no' };
      }),
      [],
    );
    assert.deepEqual(loads, []);
  });

  test('what the file holds is validated: undefined fields are not written, null ones are; findings the default step made are used as they are', () => {
    const lines = (resources: Omit<ConformItem, 'old'>[]) => check(CUSTOM, resources).map((p) => p.message.replace(/ \(cluster c, schema set crds\)$/, ''));
    assert.deepEqual(lines([item(gizmo('u', { name: 'u', size: undefined, extra: undefined }))]), []);
    // A null the schema does not allow is dropped, as the API server drops it (structural schemas).
    assert.deepEqual(lines([item(gizmo('n', { name: 'n', mode: null }))]), []);
    const made: Finding = { kind: 'invalid', path: ['spec', 'size'], message: 'Invalid value: 1: made by the default step' };
    assert.deepEqual(lines([item(gizmo('d', { size: 1 }), { findings: [made] })]), ['Gizmo ns/d (overlays/c/d.yaml): spec.size: Invalid value: 1: made by the default step']);
  });

  test('findings cached per set by the text of the file after its header: an equal text reuses them, whatever the header and the in-memory object', () => {
    const messages = (problems: Problem[]) => problems.map((p) => p.message.replace(/ \(cluster c, schema set \w+\)$/, ''));
    // x and y have the same text below differing headers; y's in-memory object is made different on purpose.
    const x = gizmo('same', { name: 'g', size: 50 });
    const y = { ...x, spec: { name: 'g', size: 1 } };
    const files = [fileOf(x, '# a'), { path: 'overlays/c/y.yaml', content: fileOf(x, '# b').content }];
    const pair = [item(x), item(y, { file: 'overlays/c/y.yaml' })];
    const expected = [
      'Gizmo ns/same (overlays/c/same.yaml): spec.size: Invalid value: 50: should be less than or equal to 10',
      'Gizmo ns/same (overlays/c/y.yaml): spec.size: Invalid value: 50: should be less than or equal to 10',
    ];
    assert.deepEqual(messages(check(setOf([GIZMO], 'c1'), pair, files)), expected);
    // Also beside a resource whose findings the default step made.
    const made = item(gizmo('m', { name: 'm' }), { findings: [] });
    assert.deepEqual(messages(check(setOf([GIZMO], 'c2'), [made, ...pair], files)), expected);
    // Another object between the two: still reused.
    const other = gizmo('other', { name: 'o' });
    assert.deepEqual(messages(check(setOf([GIZMO], 'c3'), [pair[0]!, item(other), pair[1]!], [...files, fileOf(other)])), expected);
    // Without a text (no file), by the object itself: two different objects are two entries.
    const z1 = gizmo('z1', { name: 'z', size: 50 });
    const z2 = gizmo('z2', { name: 'z', size: 1 });
    assert.deepEqual(messages(check(setOf([GIZMO], 'c4'), [item(z1), item(z2)], [])), ['Gizmo ns/z1 (overlays/c/z1.yaml): spec.size: Invalid value: 50: should be less than or equal to 10']);
    // Partial objects are cached apart, and validated as partial (spec's required list is not enforced).
    const bare = gizmo('bare', { size: 1 });
    assert.deepEqual(messages(check(setOf([GIZMO], 'c5'), [item(bare, { partial: true }), item(bare)], [])), ['Gizmo ns/bare (overlays/c/bare.yaml): spec.name: Required value']);
  });

  test('the cache starts over past 20,000 distinct objects', () => {
    const set = setOf([GIZMO], 'big');
    const first = gizmo('first', { name: 'f', size: 50 });
    const many = Array.from({ length: 20_000 }, (_, i) => item(gizmo(`g${i}`, { name: 'g' }), { file: `f${i}.yaml` }));
    const again = { ...first, spec: { name: 'f', size: 1 } };
    const problems = check(
      set,
      [item(first, { file: 'a.yaml' }), ...many, item(again, { file: 'b.yaml' })],
      [
        { path: 'a.yaml', content: `#\n${stringify(first)}` },
        { path: 'b.yaml', content: `#\n${stringify(first)}` },
      ],
    );
    assert.deepEqual(
      problems.map((p) => p.message.slice(0, 30)),
      ['Gizmo ns/first (a.yaml): spec.'],
    );
  });

  test('transition rules against the base revision: only when its file held the same object and differs', () => {
    const now = gizmo('t', { name: 't', size: 3 });
    const before = (change: (o: Json) => unknown) => {
      const o = structuredClone({ ...now, spec: { name: 't', size: 5 } }) as Json;
      return `# base\n${stringify(change(o))}`;
    };
    const run = (previous: string | undefined, findings?: Finding[]) =>
      check(CUSTOM, [item(now, findings === undefined ? {} : { findings }), item(gizmo('nofile', { name: 'n' }), { file: 'elsewhere.yaml' })], [fileOf(now)], {
        previous: new Map(previous === undefined ? [] : [['overlays/c/t.yaml', previous]]),
      }).map((p) => p.message);
    const shrunk = 'Gizmo ns/t (overlays/c/t.yaml): spec: size may not shrink (on update from the base revision; cluster c, schema set crds)';
    assert.deepEqual(run(before((o) => o)), [shrunk]);
    // The default step's findings are of a create: an update is validated again.
    assert.deepEqual(
      run(
        before((o) => o),
        [],
      ),
      [shrunk],
    );
    assert.deepEqual(run(fileOf(now).content), []);
    // The same content is no update: a policy on CREATE still sees a create.
    const onCreate = setOf([GIZMO, ...policy('no-gizmos', 'gizmos', 'false', 'no gizmos', 'Deny')], 'crds');
    assert.deepEqual(
      check(onCreate, [item(now)], [fileOf(now)], { previous: new Map([['overlays/c/t.yaml', fileOf(now).content]]) }).map((p) => p.message),
      ['Gizmo ns/t (overlays/c/t.yaml): denied by ValidatingAdmissionPolicy no-gizmos (binding no-gizmos, validation 0): no gizmos (cluster c, schema set crds)'],
    );
    assert.deepEqual(run(undefined), []);
    assert.deepEqual(run(before((o) => ({ ...o, metadata: { name: 'other', namespace: 'ns' } }))), []);
    assert.deepEqual(run(before((o) => ({ ...o, metadata: { name: 't', namespace: 'other' } }))), []);
    assert.deepEqual(run(before((o) => ({ ...o, kind: 'Other' }))), []);
    assert.deepEqual(run(before((o) => ({ ...o, metadata: undefined }))), []);
    assert.deepEqual(run(''), []);
    assert.deepEqual(run('a: [b\n'), []);
  });

  test('admission: Namespace objects rendered beside give labels; partial objects are not admitted; one notice for namespaces without object', () => {
    const set = setOf([GIZMO, ...policy('small', 'gizmos', 'object.spec.size < 5', 'small gizmos only', 'Deny', 'prod')], 'crds');
    const ns: Resource = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'prod', labels: { env: 'prod' } } };
    const problems = check(set, [
      item(ns),
      item(gizmo('big', { name: 'b', size: 7 }, 'prod')),
      item(gizmo('partial', { size: 8 }, 'prod'), { partial: true }),
      item(gizmo('elsewhere', { name: 'e', size: 9 }, 'dev')),
      item(gizmo('again', { name: 'a', size: 9 }, 'dev')),
    ]).filter((p) => p.rule.startsWith('admission'));
    // Every namespace known: no notice.
    assert.deepEqual(
      check(set, [item(ns), item(gizmo('small', { name: 's', size: 1 }, 'prod'))]).filter((p) => p.rule.startsWith('admission')),
      [],
    );
    assert.deepEqual(problems.map(line), [
      'topologies/c/topology.yaml:8:7 error spec.items[0] [admission-denied] Gizmo prod/big (overlays/c/big.yaml): denied by ValidatingAdmissionPolicy small (binding small, validation 0): small gizmos only (cluster c, schema set crds)',
      'topologies/c/topology.yaml:8:7 warning spec.items[0] [admission-namespace-unknown] no Namespace object in the objects rendered for cluster c or the schema set for dev: admission policies see only the label kubernetes.io/metadata.name there (cluster c, schema set crds)',
    ]);
  });

  test('a topology merged from profiles: each value at the file that wrote it', () => {
    const profile = parsedOf('profiles/p.yaml', 'spec:\n  x: 2\n');
    const provenance: Provenance = {
      sources: [PARSED, profile],
      origin: { src: 0, path: [], children: new Map([['spec', { src: 1, path: ['spec'] }]]) },
    };
    const problems = check(CUSTOM, [item(gizmo('p', { name: 'p', size: 11 }), { origin: { path: ['spec', 'x'] } })], undefined, { provenance });
    assert.deepEqual(
      problems.map((p) => `${p.file}:${p.line}:${p.col} ${p.path}`),
      ['profiles/p.yaml:2:3 spec.x'],
    );
  });
});

describe('conform in threads (conform/parallel.ts)', () => {
  test('below the threshold on the main thread, fieldValidation Strict unless told; a forced worker thread validates its share and the results are merged', async () => {
    const root = tempRepo({ 'set.yaml': stringify(THING) });
    const loaded = loadSchemaSet(root, 'set.yaml', false);
    assert.ok(loaded.ok);
    const small = await conformInThreads(
      root,
      'set.yaml',
      loaded.set,
      [{ file: 'x.yaml', text: 'apiVersion: example.com/v1\nkind: Thing\nmetadata: {name: a, namespace: ns}\nspec: {extra: 1}\n' }],
      false,
    );
    assert.deepEqual(
      small.problems.map((p) => p.message),
      ['unknown field "spec.extra"'],
    );
    // Two inputs of 300 KiB (mostly a comment): two blocks of 256 KiB, so one extra thread when forced.
    const big = (name: string, size: number) => `apiVersion: example.com/v1\nkind: Thing\nmetadata: {name: ${name}, namespace: ns}\nspec: {size: ${size}}\n# ${'x'.repeat(300 * 1024)}\n`;
    const inputs = [
      { file: 'a.yaml', text: big('a', 11) },
      { file: 'b.yaml', text: `${big('b', 12)}---\napiVersion: v1\nkind: Service\nmetadata: {name: s}\n` },
    ];
    const workers = process.env.GWTOPO_WORKERS;
    process.env.GWTOPO_WORKERS = '1';
    try {
      const r = await conformInThreads(root, 'set.yaml', loaded.set, inputs, false, 'Strict');
      assert.deepEqual(r.problems.map((p) => `${p.file}:${p.line}:${p.col} ${p.message}`).sort(), [
        'a.yaml:4:8 Invalid value: 11: should be less than or equal to 10',
        'b.yaml:4:8 Invalid value: 12: should be less than or equal to 10',
      ]);
      assert.deepEqual([r.resources, r.invalid, r.notChecked], [3, 2, [{ apiVersion: 'v1', kind: 'Service', count: 1 }]]);
    } finally {
      if (workers === undefined) delete process.env.GWTOPO_WORKERS;
      else process.env.GWTOPO_WORKERS = workers;
    }
  });
});
