// The conform stage's outer parts in process, so that mutation testing reaches them (test/conform.test.ts and
// test/admission.test.ts run the bundled executable, which mutants do not reach): `gwtopo conform` through
// main() (conform/manifests.ts, conform/parallel.ts below the thread threshold), loading a set named by a value
// (conform/schema-set.ts: builtin names, files, folders and every refusal), the pipeline's conform stage on a
// cluster with its own set (conform/stage.ts: findings and admission at topology lines, with their hints), and
// the helpers beside them (choice.ts, pack.ts, the ISBN and credit-card formats).
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { chooseSet } from '../generator/conform/choice.js';
import type { Finding } from '../generator/conform/index.js';
import { type ConformResult, mergeResults } from '../generator/conform/manifests.js';
import { stringFormat } from '../generator/conform/schema/formats.js';
import { packedSetProblems, packSet, parseIndex, sourcesDigest, unpackCrd } from '../generator/conform/schema/pack.js';
import type { Crd, Schema } from '../generator/conform/schema/types.js';
import { loadSchemaSet } from '../generator/conform/schema-set.js';
import { configSetProblems, originOf, reportable, setNotices, setProblem } from '../generator/conform/stage.js';
import type { SetRef } from '../generator/topology/config.js';
import { crdYaml } from './conform-helpers.js';
import { gitRepo, skip as noGit } from './git.js';
import { FIXTURES, problemLines, run, tempRepo, writeFiles } from './helpers.js';

const ADMISSION = join(FIXTURES, 'admission');

const THING_CRD = crdYaml({
  group: 'example.com',
  kind: 'Thing',
  plural: 'things',
  spec: `type: object
required: [name]
x-kubernetes-validations:
  - rule: "self.?mode.orValue('a') != 'b'"
properties:
  name: {type: string}
  size: {type: integer, maximum: 10}
  mode: {type: string}
`,
  tail: `    - name: v0
      served: false
      storage: false
      schema:
        openAPIV3Schema: {type: object}
`,
});

const THINGS = `apiVersion: example.com/v1
kind: Thing
metadata: {name: ok, namespace: ns}
spec: {name: a, mode: a}
---
apiVersion: example.com/v1
kind: Thing
metadata: {name: big, namespace: ns}
spec: {name: a, size: 11, extra: 1}
---
apiVersion: example.com/v0
kind: Thing
metadata: {name: old}
---
apiVersion: example.com/v1
kind: Thing
metadata:
  name: partial
  annotations: {kustomize.toolkit.fluxcd.io/ssa: Merge}
spec: {size: 1}
---
apiVersion: other.example.com/v1
kind: Widget
metadata: {name: w}
---
apiVersion: v1
kind: ConfigMap
metadata: {name: c}
---
- a list
---
kind: Thing
---
apiVersion: v1
kind: List
items:
  - {apiVersion: v1, kind: ConfigMap, metadata: {name: d}}
  - {apiVersion: example.com/v1, kind: Thing, metadata: {name: {a: 1}}}
`;

async function conform(root: string, ...args: string[]): Promise<{ code: number; lines: string[]; stderr: string; summary: string }> {
  const r = await run(['conform', '--crds', 'set', ...args], root);
  const summary = /^gwtopo: conform: (.*)$/m.exec(`${r.stdout}\n${r.stderr}`)?.[1] ?? '';
  return { code: r.code, lines: problemLines(r.stderr), stderr: r.stderr, summary };
}

describe('gwtopo conform in process (conform/manifests.ts)', () => {
  const root = tempRepo({ 'set/crds.yaml': THING_CRD, 'things.yaml': THINGS });

  test('every kind of finding at its field; objects that are none; kinds without schema counted as not checked', async () => {
    const r = await conform(root, 'things.yaml');
    assert.equal(r.code, 2, r.stderr);
    // The rule is not checked on every object of the kind whose schema errors do not stop it.
    const notChecked = (at: string, name: string) =>
      `things.yaml:${at}: warning: Thing/${name}: spec: rule not checked: it uses CEL optional types (.?field, [?key], optional.of), which the offline evaluator (@bufbuild/cel) cannot parse (rule: self.?mode.orValue('a') != 'b') [crd-not-checked]`;
    assert.deepEqual(r.lines, [
      notChecked('4:1', 'ok'),
      notChecked('9:1', 'big'),
      'things.yaml:9:17: error: Thing/big: spec.size: Invalid value: 11: should be less than or equal to 10 [crd-invalid]',
      'things.yaml:9:27: error: Thing/big: spec.extra: unknown field "spec.extra" [crd-invalid]',
      'things.yaml:11:1: error: Thing/old: apiVersion: example.com/v0, Kind=Thing: v0 is no longer served by the CustomResourceDefinition things.example.com in schema set set (served: v1) [crd-missing]',
      notChecked('20:1', 'partial'),
      'things.yaml:30:1: error: not a Kubernetes object: a map with apiVersion and kind is expected [conform-input]',
      'things.yaml:32:1: error: not a Kubernetes object: a map with apiVersion and kind is expected [conform-input]',
      'things.yaml:38:58: error: Thing/{"a":1}: metadata.name: Invalid value: "object": must be of type string [crd-invalid]',
      'things.yaml:38:58: error: Thing/{"a":1}: metadata.name: Required value: name or generateName is required [crd-invalid]',
    ]);
    assert.equal(
      r.summary,
      '10 resources in 1 file against set: 2 valid, 5 invalid, 3 not checked (no schema in the set: ConfigMap v1 ×2, Widget other.example.com/v1 ×1; --strict makes them errors)',
    );
    assert.match(r.stderr, /\[crd-missing\]\n {2}hint: use a version the CRD serves\n/);
    assert.match(r.stderr, /\[conform-input\]\n {2}hint: conform reads Kubernetes manifests \(as kubectl apply -f takes them\)\n/);
    assert.match(
      r.stderr,
      /\[crd-not-checked\]\n {2}hint: gwtopo could not evaluate this rule \(https:\/\/github\.com\/gwtopo\/gwtopo\/blob\/main\/docs\/schema-sets\.md#not-checked\); the API server will\n/,
    );
  });

  test('--strict: a kind without schema is an error', async () => {
    const r = await conform(root, 'things.yaml', '--strict');
    assert.equal(r.code, 2);
    assert.ok(r.lines.includes('things.yaml:22:1: error: Widget/w: schema set set has no CustomResourceDefinition for other.example.com/v1, Kind=Widget (--strict) [crd-missing]'), r.stderr);
    assert.ok(r.lines.includes('things.yaml:26:1: error: ConfigMap/c: schema set set has no CustomResourceDefinition for core/v1, Kind=ConfigMap (--strict) [crd-missing]'), r.stderr);
    assert.match(r.stderr, /\(--strict\) \[crd-missing\]\n {2}hint: check it against a set that has its CRD \(--crds\), or leave --strict out to count it as not checked\n/);
    assert.equal(r.summary, '10 resources in 1 file against set: 2 valid, 8 invalid, 0 not checked');
  });

  test('--field-validation: Warn drops an unknown field with a warning, Ignore silently; other errors stay', async () => {
    const warn = await conform(root, 'things.yaml', '--field-validation', 'Warn');
    assert.ok(warn.lines.includes('things.yaml:9:27: warning: Thing/big: spec.extra: unknown field "spec.extra": the API server drops it (fieldValidation=Warn) [crd-unknown-field]'), warn.stderr);
    assert.match(warn.stderr, /\[crd-unknown-field\]\n {2}hint: remove the field, or move it where the schema has it; --field-validation Strict refuses it\n/);
    assert.ok(warn.lines.includes('things.yaml:9:17: error: Thing/big: spec.size: Invalid value: 11: should be less than or equal to 10 [crd-invalid]'));
    const ignore = await conform(root, 'things.yaml', '--field-validation', 'Ignore');
    assert.ok(!ignore.stderr.includes('spec.extra'), ignore.stderr);
    assert.ok(ignore.lines.includes('things.yaml:9:17: error: Thing/big: spec.size: Invalid value: 11: should be less than or equal to 10 [crd-invalid]'));
    // An object whose only error is the unknown field is valid under Warn.
    const only = tempRepo({ 'set/crds.yaml': THING_CRD, 'x.yaml': 'apiVersion: example.com/v1\nkind: Thing\nmetadata: {name: x}\nspec: {name: a, extra: 1}\n' });
    assert.equal((await conform(only, 'x.yaml', '--field-validation', 'Warn')).summary, '1 resource in 1 file against set: 1 valid, 0 invalid, 0 not checked');
    assert.equal((await conform(only, 'x.yaml')).summary, '1 resource in 1 file against set: 0 valid, 1 invalid, 0 not checked');
  });

  test('a partial object by Argo CD sync option Validate=false: required is not enforced', async () => {
    const text = (options: string) => `apiVersion: example.com/v1\nkind: Thing\nmetadata:\n  name: p\n  annotations: {argocd.argoproj.io/sync-options: "${options}"}\nspec: {size: 1, mode: a}\n`;
    const partial = await conform(tempRepo({ 'set/crds.yaml': THING_CRD, 'p.yaml': text('Prune=false, Validate=false') }), 'p.yaml');
    assert.deepEqual(
      [partial.code, partial.lines, partial.summary],
      [
        0,
        [
          `p.yaml:6:1: warning: Thing/p: spec: rule not checked: it uses CEL optional types (.?field, [?key], optional.of), which the offline evaluator (@bufbuild/cel) cannot parse (rule: self.?mode.orValue('a') != 'b') [crd-not-checked]`,
        ],
        '1 resource in 1 file against set: 1 valid, 0 invalid, 0 not checked',
      ],
      partial.stderr,
    );
    const whole = await conform(tempRepo({ 'set/crds.yaml': THING_CRD, 'p.yaml': text('Validate=true') }), 'p.yaml');
    assert.equal(whole.code, 2);
    assert.deepEqual(whole.lines, ['p.yaml:6:1: error: Thing/p: spec.name: Required value [crd-invalid]']);
  });

  test('admission: a denied kind without schema counts as invalid; Namespace objects of the inputs give labels; one notice for unknown namespaces; partial objects are not admitted', async () => {
    const policy = `apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingAdmissionPolicy
metadata: {name: env}
spec:
  matchConstraints:
    namespaceSelector: {matchLabels: {env: prod}}
    resourceRules: [{apiGroups: [""], apiVersions: [v1], operations: [CREATE], resources: [configmaps]}]
  validations:
    - expression: "object.metadata.name.startsWith('prod-')"
      message: production ConfigMaps are named prod-*
---
apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingAdmissionPolicyBinding
metadata: {name: env}
spec: {policyName: env, validationActions: [Deny]}
`;
    const manifests = `apiVersion: v1
kind: ConfigMap
metadata: {name: a, namespace: prod}
---
apiVersion: v1
kind: ConfigMap
metadata: {name: prod-b, namespace: prod}
---
apiVersion: v1
kind: ConfigMap
metadata: {name: c, namespace: x1}
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: d
  namespace: prod
  annotations: {kustomize.toolkit.fluxcd.io/ssa: Merge}
---
apiVersion: v1
kind: ConfigMap
metadata: {name: e, namespace: x2}
`;
    const namespace = 'apiVersion: v1\nkind: Namespace\nmetadata: {name: prod, labels: {env: prod}}\n';
    const root = tempRepo({ 'set/crds.yaml': THING_CRD, 'set/policy.yaml': policy, 'cm.yaml': manifests, 'ns.yaml': namespace });
    const r = await conform(root, 'cm.yaml', 'ns.yaml');
    assert.equal(r.code, 2, r.stderr);
    assert.deepEqual(r.lines, [
      'cm.yaml:1:1: error: ConfigMap/a: denied by ValidatingAdmissionPolicy env (binding env, validation 0): production ConfigMaps are named prod-* [admission-denied]',
      'cm.yaml:9:1: warning: ConfigMap/c: no Namespace object in the manifests or the schema set for x1, x2: admission policies see only the label kubernetes.io/metadata.name there [admission-namespace-unknown]',
    ]);
    assert.match(
      r.stderr,
      /\[admission-namespace-unknown\]\n {2}hint: add the Namespace objects \(with their labels\) to the manifests or the schema set, so that namespaceSelector and namespaceObject see them\n/,
    );
    assert.equal(r.summary, '6 resources in 2 files against set: 0 valid, 1 invalid, 5 not checked (no schema in the set: ConfigMap v1 ×4, Namespace v1 ×1; --strict makes them errors)');
    // Every ConfigMap denied: the kind leaves the not-checked list.
    const all = tempRepo({ 'set/crds.yaml': THING_CRD, 'set/policy.yaml': policy, 'cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a, namespace: prod}\n', 'ns.yaml': namespace });
    const denied = await conform(all, 'cm.yaml', 'ns.yaml');
    assert.equal(denied.summary, '2 resources in 2 files against set: 0 valid, 1 invalid, 1 not checked (no schema in the set: Namespace v1 ×1; --strict makes them errors)');
    // A denied object that is invalid already counts once.
    const thing = tempRepo({
      'set/crds.yaml': THING_CRD,
      'set/policy.yaml': policy.replace('apiGroups: [""], apiVersions: [v1]', 'apiGroups: [example.com], apiVersions: [v1]').replace('resources: [configmaps]', 'resources: [things]'),
      'x.yaml': 'apiVersion: example.com/v1\nkind: Thing\nmetadata: {name: x, namespace: prod}\nspec: {size: 1, mode: a}\n',
      'ns.yaml': namespace,
    });
    const both = await conform(thing, 'x.yaml', 'ns.yaml');
    assert.deepEqual(both.lines, [
      'x.yaml:1:1: error: Thing/x: denied by ValidatingAdmissionPolicy env (binding env, validation 0): production ConfigMaps are named prod-* [admission-denied]',
      'x.yaml:4:1: error: Thing/x: spec.name: Required value [crd-invalid]',
    ]);
    assert.equal(both.summary, '2 resources in 2 files against set: 0 valid, 1 invalid, 1 not checked (no schema in the set: Namespace v1 ×1; --strict makes them errors)');
  });

  test('mergeResults: counts added, not-checked kinds merged and sorted by kind, then apiVersion', () => {
    const result = (resources: number, invalid: number, notChecked: ConformResult['notChecked'], message = 'm'): ConformResult => ({
      problems: [{ severity: 'error', file: 'f', line: 1, col: 1, path: '', rule: 'r', message }],
      resources,
      invalid,
      notChecked,
    });
    const merged = mergeResults([
      result(3, 1, [
        { apiVersion: 'v1', kind: 'Service', count: 2 },
        { apiVersion: 'b/v1', kind: 'Widget', count: 1 },
      ]),
      result(
        5,
        2,
        [
          { apiVersion: 'a/v1', kind: 'Widget', count: 4 },
          { apiVersion: 'v1', kind: 'Service', count: 3 },
        ],
        'n',
      ),
    ]);
    assert.deepEqual(merged, {
      problems: [
        { severity: 'error', file: 'f', line: 1, col: 1, path: '', rule: 'r', message: 'm' },
        { severity: 'error', file: 'f', line: 1, col: 1, path: '', rule: 'r', message: 'n' },
      ],
      resources: 8,
      invalid: 3,
      notChecked: [
        { apiVersion: 'v1', kind: 'Service', count: 5 },
        { apiVersion: 'a/v1', kind: 'Widget', count: 4 },
        { apiVersion: 'b/v1', kind: 'Widget', count: 1 },
      ],
    });
    assert.deepEqual(mergeResults([]), { problems: [], resources: 0, invalid: 0, notChecked: [] });
  });
});

describe('loading a set named by a value (conform/schema-set.ts)', () => {
  const failed = (got: ReturnType<typeof loadSchemaSet>): { message: string; hint: string } => {
    assert.equal(got.ok, false, 'the load should fail');
    return got as { message: string; hint: string };
  };

  test('a builtin set by name, cached; an unknown name with a guess (the default set between equals)', () => {
    const root = tempRepo();
    const got = loadSchemaSet(root, 'openchoreo-v1.1');
    assert.ok(got.ok);
    assert.equal(got.set.name, 'openchoreo-v1.1');
    assert.equal(loadSchemaSet(root, 'openchoreo-v1.1'), got);
    assert.deepEqual(failed(loadSchemaSet(root, 'openchoreo-v1.3')), {
      ok: false,
      message: 'unknown schema set "openchoreo-v1.3": not a builtin set (openchoreo-v1.1, openchoreo-v1.2), and no file or folder of that name',
      hint: 'did you mean "openchoreo-v1.2"?',
    });
    assert.equal(failed(loadSchemaSet(root, 'openchoreo-v1.0')).hint, 'did you mean "openchoreo-v1.2"?');
    assert.equal(failed(loadSchemaSet(root, 'openchoreo-v1.11')).hint, 'did you mean "openchoreo-v1.1"?');
    assert.equal(failed(loadSchemaSet(root, 'prod')).hint, 'name a builtin set, or give the path of a file or folder of CRDs (kubectl get crd -o yaml)');
  });

  test('a path that names nothing', () => {
    const root = tempRepo();
    assert.deepEqual(failed(loadSchemaSet(root, 'crds/prod.yaml')), {
      ok: false,
      missing: true,
      message: 'no file or folder crds/prod.yaml in the repository',
      hint: 'capture the CRDs the cluster runs with kubectl get crd -o yaml > <file>',
    });
    assert.equal(failed(loadSchemaSet(root, 'crds.yaml', false)).message, 'no file or folder crds.yaml');
    assert.equal(failed(loadSchemaSet(root, '.crds', false)).message, 'no file or folder .crds');
    assert.equal(failed(loadSchemaSet(root, 'crds.json', false)).message, 'no file or folder crds.json');
  });

  test('a folder: every .yaml, .yml and .json below it in path order, hidden entries skipped; documents labelled by file and index', () => {
    const crd = (kind: string) => THING_CRD.replaceAll('Thing', kind).replaceAll('things', `${kind.toLowerCase()}s`);
    const root = tempRepo({
      'set/b.yaml': crd('Beta'),
      'set/a/z.yml': crd('Alpha'),
      'set/c.json': JSON.stringify({ apiVersion: 'v1', kind: 'List', items: [] }),
      'set/.hidden.yaml': 'not: [valid',
      'set/.git/x.yaml': 'not: [valid',
      'set/notes.txt': 'not: [valid',
      'set/d.yaml': `---\n${crd('Beta')}---\n\n`,
    });
    const got = loadSchemaSet(root, 'set');
    assert.ok(got.ok, JSON.stringify(got));
    assert.deepEqual(got.set.kinds(), ['example.com/v1/Alpha', 'example.com/v1/Beta']);
    assert.deepEqual(got.notices, [
      'set: set/d.yaml, document 1 (betas.example.com) defines Beta of group example.com again: it replaces set/b.yaml, document 1 (betas.example.com), as a later kubectl apply would',
    ]);
    assert.deepEqual(failed(loadSchemaSet(tempRepo({ 'set/readme.md': '' }), 'set')), {
      ok: false,
      message: 'the folder set holds no .yaml, .yml or .json files',
      hint: 'save the CRDs there: kubectl get crd -o yaml > <folder>/crds.yaml',
    });
  });

  test('files that are no CRD text: not UTF-8, NUL bytes, invalid YAML at its line, a malformed CRD, a link to a folder', () => {
    const root = tempRepo({
      'crds/ok.yaml': THING_CRD,
      'bad.yaml': `${THING_CRD}---\nkey: [unclosed\n`,
      'nul.yaml': 'a: b\u0000\n',
      'crd.yaml': 'apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata: {name: x}\nspec: {}\n',
    });
    writeFileSync(join(root, 'latin1.yaml'), Buffer.from([0x61, 0x3a, 0x20, 0xe9, 0x0a]));
    assert.deepEqual(failed(loadSchemaSet(root, 'latin1.yaml')), { ok: false, message: 'latin1.yaml is not UTF-8 text', hint: 'save the output of kubectl get crd -o yaml as it is' });
    assert.deepEqual(failed(loadSchemaSet(root, 'nul.yaml')), {
      ok: false,
      message: 'nul.yaml is not a YAML file (it holds NUL bytes)',
      hint: 'give a file of CustomResourceDefinitions as kubectl get crd -o yaml prints them',
    });
    const bad = failed(loadSchemaSet(root, 'bad.yaml'));
    assert.equal(bad.message, 'bad.yaml:32:1 is not valid YAML: Flow sequence in block collection must be sufficiently indented and end with a ]');
    assert.equal(bad.hint, 'give the output of kubectl get crd -o yaml as it is');
    const crd = failed(loadSchemaSet(root, 'crd.yaml'));
    assert.equal(crd.message, 'crd.yaml: crd.yaml, document 1 (x): spec.names: is missing');
    assert.equal(crd.hint, 'give the CustomResourceDefinitions as `kubectl get crd -o yaml` prints them (apiextensions.k8s.io/v1)');
    mkdirSync(join(root, 'dir'));
    symlinkSync(join(root, 'crds'), join(root, 'dir', 'link.yaml'));
    assert.deepEqual(failed(loadSchemaSet(root, 'dir')), { ok: false, message: 'dir could not be read: EISDIR', hint: 'check the permissions of the files' });
    // Outside the repository through a link: refused when confined, read from --crds.
    const outside = tempRepo({ 'crds.yaml': THING_CRD });
    symlinkSync(join(outside, 'crds.yaml'), join(root, 'linked.yaml'));
    assert.deepEqual(failed(loadSchemaSet(root, 'linked.yaml')), {
      ok: false,
      message: 'linked.yaml lies outside the repository (through a symbolic link)',
      hint: 'keep the CRD files in the repository',
    });
    assert.equal(loadSchemaSet(root, 'linked.yaml', false).ok, true);
    // An absolute path (--crds) is shown as written.
    const absolute = failed(loadSchemaSet(root, join(root, 'nul.yaml'), false));
    assert.equal(absolute.message, `${join(root, 'nul.yaml')} is not a YAML file (it holds NUL bytes)`);
    // An admission error keeps its own hint.
    const policy = failed(
      loadSchemaSet(
        tempRepo({
          'p.yaml': `${THING_CRD}---\napiVersion: admissionregistration.k8s.io/v1\nkind: ValidatingAdmissionPolicyBinding\nmetadata: {name: b}\nspec: {policyName: p, validationActions: [Deny]}\n`,
        }),
        'p.yaml',
      ),
    );
    assert.equal(policy.message, 'p.yaml: p.yaml, document 2 (b): spec.policyName: the set holds no ValidatingAdmissionPolicy "p"');
    assert.match(policy.hint, /^the API server would refuse this ValidatingAdmissionPolicy or binding/);
  });
});

describe("the pipeline's conform stage on a cluster with its own set (conform/stage.ts)", () => {
  const GATEWAY_CRD = crdYaml({
    group: 'gateway.networking.k8s.io',
    kind: 'Gateway',
    plural: 'gateways',
    spec: `type: object
x-kubernetes-preserve-unknown-fields: true
x-kubernetes-validations:
  - rule: "self.?addresses.orValue([]).size() == 0"
properties:
  listeners:
    type: array
    items:
      type: object
      x-kubernetes-preserve-unknown-fields: true
      properties:
        port: {type: integer, maximum: 8000}
`,
  });
  const NAMESPACE_POLICY = `apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingAdmissionPolicy
metadata: {name: labelled-namespaces}
spec:
  matchConstraints:
    namespaceSelector: {matchLabels: {env: prod}}
    resourceRules: [{apiGroups: ["*"], apiVersions: ["*"], operations: [CREATE], resources: ["*"]}]
  validations: [{expression: "false"}]
---
apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingAdmissionPolicyBinding
metadata: {name: labelled-namespaces}
spec: {policyName: labelled-namespaces, validationActions: [Deny]}
`;
  const topology = (port: number, namespace?: string) => `apiVersion: gwtopo/v1alpha1
kind: GatewayTopology
metadata:
  name: c
spec:
  crds: crds
  module: nginx-gateway-fabric
${namespace === undefined ? '' : `  gatewayNamespace: ${namespace}\n`}  gateways:
    - name: edge
      direction: ingress
      networking: internal
      scope: dataplane
      service:
        labels: {tier: internal}
      listeners: [{protocol: HTTP, port: ${port}}]
`;
  const repo = (port: number, namespace?: string) =>
    tempRepo({
      'crds/gateway.yaml': GATEWAY_CRD,
      'crds/internal-only.yaml': readFileSync(join(ADMISSION, 'policies', 'internal-only.yaml'), 'utf8'),
      'crds/namespaces.yaml': NAMESPACE_POLICY,
      'topologies/c/topology.yaml': topology(port, namespace),
    });
  const CAPTURE = 'and capture its CRDs into crds again, or choose the set the cluster runs (spec.crds, https://github.com/gwtopo/gwtopo/blob/main/docs/schema-sets.md)';

  test('findings and admission at the topology lines that produced them, with the hint for a cluster set', async () => {
    const r = await run(['validate'], repo(8080));
    assert.equal(r.code, 2, r.stderr);
    assert.deepEqual(problemLines(r.stderr), [
      'topologies/c/topology.yaml:4:3: error: metadata.name: DataPlane default/default (overlays/c/control-plane/default.dataplane.yaml): schema set crds has no CustomResourceDefinition for openchoreo.dev/v1alpha1, Kind=DataPlane (cluster c, schema set crds) [crd-missing]',
      'topologies/c/topology.yaml:9:7: error: spec.gateways[0]: Gateway openchoreo-data-plane/edge (overlays/c/data-plane/edge.gateway.yaml): denied by ValidatingAdmissionPolicy internal-only (binding internal-only-binding, validation 0): internal gateways only in namespace gw-internal (cluster c, schema set crds) [admission-denied]',
      'topologies/c/topology.yaml:9:7: warning: spec.gateways[0]: Gateway openchoreo-data-plane/edge (overlays/c/data-plane/edge.gateway.yaml): spec: rule not checked: it uses CEL optional types (.?field, [?key], optional.of), which the offline evaluator (@bufbuild/cel) cannot parse (rule: self.?addresses.orValue([]).size() == 0) (cluster c, schema set crds) [crd-not-checked]',
      'topologies/c/topology.yaml:9:7: warning: spec.gateways[0]: no Namespace object in the objects rendered for cluster c or the schema set for openchoreo-data-plane: admission policies see only the label kubernetes.io/metadata.name there (cluster c, schema set crds) [admission-namespace-unknown]',
      'topologies/c/topology.yaml:13:7: error: spec.gateways[0].service: NginxProxy openchoreo-data-plane/edge-params (overlays/c/data-plane/edge-params.nginxproxy.yaml): schema set crds has no CustomResourceDefinition for gateway.nginx.org/v1alpha2, Kind=NginxProxy (cluster c, schema set crds) [crd-missing]',
      'topologies/c/topology.yaml:15:19: error: spec.gateways[0].listeners[0]: Gateway openchoreo-data-plane/edge (overlays/c/data-plane/edge.gateway.yaml): spec.listeners[0].port: Invalid value: 8080: should be less than or equal to 8000 (cluster c, schema set crds) [crd-invalid]',
    ]);
    assert.match(
      r.stderr,
      new RegExp(
        `\\[crd-missing\\]\\n {2}hint: install OpenChoreo's control plane \\(its Helm chart installs the openchoreo\\.dev CRDs, openchoreo/openchoreo config/crd\\) on the cluster ${escapeRegExp(CAPTURE)}\\n`,
      ),
    );
    assert.match(
      r.stderr,
      /\[crd-invalid\]\n {2}hint: the cluster's own CRDs \(crds\) refuse it: change the value, or upgrade Gateway API's standard-channel CRDs \(kubernetes-sigs\/gateway-api config\/crd\/standard, released as standard-install\.yaml\) on the cluster and capture them again \(https:\/\/github\.com\/gwtopo\/gwtopo\/blob\/main\/docs\/schema-sets\.md\)\n/,
    );
    assert.match(
      r.stderr,
      /\[crd-not-checked\]\n {2}hint: gwtopo could not evaluate this rule \(https:\/\/github\.com\/gwtopo\/gwtopo\/blob\/main\/docs\/schema-sets\.md#not-checked\); the API server will: check the value by hand, or with kubectl apply --dry-run=server\n/,
    );
    assert.match(r.stderr, /\[admission-denied\]\n {2}hint: the cluster's ValidatingAdmissionPolicy refuses the object: change it, or the policy or its binding in the schema set\n/);
  });

  test('diff: an update from the base revision — a transition rule and a policy reading oldObject say so', { skip: noGit }, async () => {
    const transition = GATEWAY_CRD.replace(
      '                - rule: "self.?addresses.orValue([]).size() == 0"\n',
      '                - rule: "self.listeners[0].port == oldSelf.listeners[0].port"\n                  message: listener ports are immutable\n',
    );
    const immutable = `apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingAdmissionPolicy
metadata: {name: immutable-ports}
spec:
  matchConstraints:
    resourceRules: [{apiGroups: [gateway.networking.k8s.io], apiVersions: ["*"], operations: [UPDATE], resources: [gateways]}]
  validations:
    - expression: "object.spec.listeners[0].port == oldObject.spec.listeners[0].port"
      messageExpression: "'port ' + string(oldObject.spec.listeners[0].port) + ' became ' + string(object.spec.listeners[0].port)"
---
apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingAdmissionPolicyBinding
metadata: {name: immutable-ports}
spec: {policyName: immutable-ports, validationActions: [Warn]}
`;
    const files = (port: number) => ({ 'crds/gateway.yaml': transition, 'crds/immutable.yaml': immutable, 'topologies/c/topology.yaml': topology(port, 'gw-internal') });
    const root = gitRepo(files(7000));
    writeFiles(root, files(7001));
    // A create has no old object: neither says anything.
    const validate = await run(['validate'], root);
    assert.ok(!validate.stderr.includes('immutable') && !validate.stderr.includes('became'), validate.stderr);
    const r = await run(['diff', '--base', 'HEAD'], root);
    const lines = problemLines(r.stderr).filter((l) => l.includes('Gateway gw-internal/edge'));
    assert.deepEqual(lines, [
      'topologies/c/topology.yaml:10:7: error: spec.gateways[0]: Gateway gw-internal/edge (overlays/c/data-plane/edge.gateway.yaml): spec: listener ports are immutable (on update from the base revision; cluster c, schema set crds) [crd-invalid]',
      'topologies/c/topology.yaml:10:7: warning: spec.gateways[0]: Gateway gw-internal/edge (overlays/c/data-plane/edge.gateway.yaml): warning from ValidatingAdmissionPolicy immutable-ports (binding immutable-ports, validation 0): port 7000 became 7001 (on update from the base revision; cluster c, schema set crds) [admission-warning]',
    ]);
  });

  test('in the namespace the policy allows and with a port the CRD takes, only the missing kinds and the rule not checked remain', async () => {
    const r = await run(['validate'], repo(7000, 'gw-internal'));
    assert.deepEqual(
      problemLines(r.stderr).map((l) => /\[([a-z-]+)\]$/.exec(l)?.[1]),
      ['crd-missing', 'crd-not-checked', 'admission-namespace-unknown', 'crd-missing'],
      r.stderr,
    );
  });
});

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

describe('conform stage helpers', () => {
  const ref = (value: string, path = 'spec.crds.default'): SetRef => ({ value, file: 'gwtopo.yaml', line: 3, col: 5, path });

  test('originOf: the longest field prefix, else the origin path', () => {
    const origin = {
      path: ['spec', 'gateways', 0],
      fields: [
        { at: ['spec'], from: ['spec', 'gateways', 0, 'a'] },
        { at: ['spec', 'listeners'], from: ['spec', 'gateways', 0, 'listeners'] },
        { at: ['spec', 'listeners', 0, 'port'], from: ['spec', 'gateways', 0, 'listeners', 0, 'port'] },
      ],
    };
    assert.deepEqual(originOf(origin, ['spec', 'listeners', 0, 'port']), ['spec', 'gateways', 0, 'listeners', 0, 'port']);
    assert.deepEqual(originOf(origin, ['spec', 'listeners', 1, 'port']), ['spec', 'gateways', 0, 'listeners']);
    assert.deepEqual(originOf(origin, ['spec', 'x']), ['spec', 'gateways', 0, 'a']);
    assert.deepEqual(originOf(origin, ['spec', 'listeners', 0]), ['spec', 'gateways', 0, 'listeners']);
    assert.deepEqual(originOf(origin, ['metadata']), ['spec', 'gateways', 0]);
    assert.deepEqual(originOf({ path: ['p'] }, ['spec']), ['p']);
    // The same length twice: the first wins.
    assert.deepEqual(
      originOf(
        {
          path: [],
          fields: [
            { at: ['a'], from: ['x'] },
            { at: ['a'], from: ['y'] },
          ],
        },
        ['a', 'b'],
      ),
      ['x'],
    );
  });

  test('reportable: with an error, the skipped-rules notice of the whole object goes', () => {
    const invalid: Finding = { kind: 'invalid', path: ['spec', 'a'], message: 'bad' };
    const skipped: Finding = { kind: 'not-checked', path: [], message: 'rules skipped' };
    const rule: Finding = { kind: 'not-checked', path: [], rule: 'self.x', message: 'rule' };
    const deep: Finding = { kind: 'not-checked', path: ['spec'], message: 'deep' };
    assert.deepEqual(reportable([invalid, skipped, rule, deep]), [invalid, rule, deep]);
    assert.deepEqual(reportable([skipped, rule]), [skipped, rule]);
    const missing: Finding = { kind: 'missing-kind', path: [], message: 'm' };
    assert.deepEqual(reportable([missing, skipped]), [missing, skipped]);
  });

  test('setProblem and setNotices', () => {
    assert.deepEqual(setProblem(ref('x'), 'msg', 'do'), { severity: 'error', file: 'gwtopo.yaml', line: 3, col: 5, path: 'spec.crds.default', rule: 'schema-set', message: 'msg', hint: 'do' });
    assert.deepEqual(setNotices(ref('x'), undefined), []);
    assert.deepEqual(setNotices(ref('x'), ['a', 'b']), [
      {
        severity: 'warning',
        file: 'gwtopo.yaml',
        line: 3,
        col: 5,
        path: 'spec.crds.default',
        rule: 'schema-set-notice',
        message: 'a',
        hint: 'nothing to do if the folder is what the cluster runs; capture only the CRDs (kubectl get crd -o yaml) to silence it',
      },
      {
        severity: 'warning',
        file: 'gwtopo.yaml',
        line: 3,
        col: 5,
        path: 'spec.crds.default',
        rule: 'schema-set-notice',
        message: 'b',
        hint: 'nothing to do if the folder is what the cluster runs; capture only the CRDs (kubectl get crd -o yaml) to silence it',
      },
    ]);
  });

  test('configSetProblems: every set named must load; a pattern that matches no cluster is a warning', () => {
    const loads: string[] = [];
    const load = (value: string) => {
      loads.push(value);
      if (value === 'bad') return { ok: false as const, message: 'no such set' };
      if (value === 'worse') return { ok: false as const, message: 'damaged', hint: 'reinstall' };
      return { ok: true as const, set: { name: value, kinds: () => [] }, ...(value === 'noisy' ? { notices: ['skipped 1 document'] } : {}) };
    };
    const problems = configSetProblems(
      {
        default: ref('bad'),
        clusters: [
          { pattern: 'prod-*', set: ref('noisy', 'spec.crds.clusters["prod-*"]') },
          { pattern: 'stag?', set: ref('worse', 'spec.crds.clusters["stag?"]') },
          { pattern: 'dev', set: ref('fine', 'spec.crds.clusters.dev') },
        ],
      },
      ['prod-eu', 'stage'],
      load,
    );
    assert.deepEqual(loads, ['bad', 'noisy', 'worse', 'fine']);
    assert.deepEqual(
      problems.map((p) => [p.severity, p.path, p.rule, p.message, p.hint]),
      [
        ['error', 'spec.crds.default', 'schema-set', 'no such set', ''],
        [
          'warning',
          'spec.crds.clusters["prod-*"]',
          'schema-set-notice',
          'skipped 1 document',
          'nothing to do if the folder is what the cluster runs; capture only the CRDs (kubectl get crd -o yaml) to silence it',
        ],
        ['error', 'spec.crds.clusters["stag?"]', 'schema-set', 'damaged', 'reinstall'],
        [
          'warning',
          'spec.crds.clusters.dev',
          'schema-set-unused',
          'the pattern "dev" matches no cluster under topologies/',
          'fix the pattern (* any characters, ? one character), or remove the entry',
        ],
      ],
    );
    assert.deepEqual(configSetProblems({ clusters: [] }, [], load), []);
  });

  test("chooseSet: the topology's own, else the best gwtopo.yaml pattern, else its default, else the builtin default", () => {
    const own = ref('own', 'spec.crds');
    const crds = {
      default: ref('fallback'),
      clusters: [
        { pattern: 'prod-*', set: ref('prod') },
        { pattern: 'prod-eu', set: ref('eu') },
      ],
    };
    assert.deepEqual(chooseSet('prod-eu', own, crds), { value: 'own', ref: own, own: true });
    assert.deepEqual(chooseSet('prod-eu', undefined, crds), { value: 'eu', ref: crds.clusters[1]!.set, own: false });
    assert.deepEqual(chooseSet('prod-us', undefined, crds), { value: 'prod', ref: crds.clusters[0]!.set, own: false });
    assert.deepEqual(chooseSet('dev', undefined, crds), { value: 'fallback', ref: crds.default, own: false });
    assert.deepEqual(chooseSet('dev', undefined, { clusters: crds.clusters }), { value: 'openchoreo-v1.2', own: false });
    assert.deepEqual(chooseSet('dev', undefined, undefined), { value: 'openchoreo-v1.2', own: false });
  });
});

describe('packed sets (conform/schema/pack.ts)', () => {
  const schema: Schema = { type: 'object', properties: { spec: { type: 'object', properties: { b: { type: 'string' }, a: { type: 'integer' } } } } };
  const crd = (group: string, kind: string, versions: Crd['versions']): Crd => ({
    name: `${kind.toLowerCase()}s.${group}`,
    group,
    kind,
    plural: `${kind.toLowerCase()}s`,
    scope: 'Namespaced',
    versions,
  });
  const crds: Crd[] = [
    crd('b.example.com', 'Zed', [{ name: 'v1', served: true, storage: true, schema }]),
    crd('a.example.com', 'Beta', [
      { name: 'v2', served: true, storage: true, schema },
      { name: 'v1', served: true, storage: false, deprecated: true, schema: structuredClone(schema) },
      { name: 'v0', served: false, storage: false },
    ]),
    crd('a.example.com', 'Alpha', [{ name: 'v1', served: true, storage: true, schema: { type: 'object' } }]),
  ];

  test('packSet: one file per CRD in group then kind order, a schema equal to an earlier version stored once, an index with digests', () => {
    const files = packSet('s', crds, 'sha256:src');
    assert.deepEqual([...files.keys()], ['a.example.com/alphas.json', 'a.example.com/betas.json', 'b.example.com/zeds.json', 'index.json']);
    const beta = JSON.parse(files.get('a.example.com/betas.json')!);
    assert.deepEqual(
      beta.versions.map((v: Record<string, unknown>) => [v.name, v.schema === undefined ? undefined : 'schema', v.schemaOf]),
      [
        ['v2', 'schema', undefined],
        ['v1', undefined, 'v2'],
        ['v0', undefined, undefined],
      ],
    );
    const index = parseIndex(files.get('index.json')!);
    assert.equal(index.name, 's');
    assert.equal(index.sources, 'sha256:src');
    assert.deepEqual(
      index.crds.map((c) => [c.file, c.kind, c.versions.map((v) => v.name)]),
      [
        ['a.example.com/alphas.json', 'Alpha', ['v1']],
        ['a.example.com/betas.json', 'Beta', ['v2', 'v1', 'v0']],
        ['b.example.com/zeds.json', 'Zed', ['v1']],
      ],
    );
    assert.match(index.crds[0]!.digest, /^sha256:[0-9a-f]{64}$/);
    assert.equal(index.crds[1]!.versions[1]!.deprecated, true);
    assert.equal('schema' in index.crds[1]!.versions[0]!, false);
    // unpackCrd gives the schema back, shared between the versions that had it.
    const unpacked = unpackCrd(files.get('a.example.com/betas.json')!);
    assert.deepEqual(unpacked.versions[0]!.schema, schema);
    assert.equal(unpacked.versions[1]!.schema, unpacked.versions[0]!.schema);
    assert.equal(unpacked.versions[2]!.schema, undefined);
    assert.equal('schemaOf' in unpacked.versions[1]!, false);
    // Deterministic whatever the input order.
    assert.deepEqual(packSet('s', [...crds].reverse(), 'sha256:src'), files);
  });

  test('packedSetProblems: missing, edited and stale files', () => {
    const files = packSet('s', crds, 'sha256:src');
    assert.deepEqual(packedSetProblems('s', files), []);
    const without = new Map(files);
    without.delete('index.json');
    assert.deepEqual(packedSetProblems('s', without), ['index.json is missing']);
    const missing = new Map(files);
    missing.delete('b.example.com/zeds.json');
    assert.deepEqual(packedSetProblems('s', missing), ['b.example.com/zeds.json is missing']);
    const edited = new Map(files);
    edited.set('a.example.com/alphas.json', `${files.get('a.example.com/alphas.json')} `);
    assert.deepEqual(packedSetProblems('s', edited), ['a.example.com/alphas.json does not match the digest in index.json (edited by hand?)']);
    const extra = new Map(files);
    extra.set('c/x.json', '{}');
    assert.deepEqual(packedSetProblems('s', extra), ["c/x.json is not what the build makes of the set's CRD files"]);
    assert.deepEqual(packedSetProblems('other', files), ["index.json is not what the build makes of the set's CRD files"]);
    assert.throws(() => parseIndex('{"format": 0, "crds": []}'));
    assert.throws(() => parseIndex('[]'));
  });

  test('sourcesDigest: paths, lengths and bytes in path order', () => {
    const file = (path: string, text: string) => ({ path, bytes: new TextEncoder().encode(text) });
    const a = sourcesDigest([file('a', 'x'), file('b', 'y')]);
    assert.match(a, /^sha256:[0-9a-f]{64}$/);
    assert.equal(sourcesDigest([file('b', 'y'), file('a', 'x')]), a);
    assert.notEqual(sourcesDigest([file('a', 'y'), file('b', 'x')]), a);
    assert.notEqual(sourcesDigest([file('a', 'xb'), file('', 'y')]), sourcesDigest([file('a', 'x'), file('b', 'y')]));
    assert.notEqual(sourcesDigest([file('a', 'x')]), a);
  });
});

describe('string formats: isbn and credit card numbers', () => {
  const check = (format: string) => stringFormat(format)!;

  test('ISBN-10 and ISBN-13 check digits', () => {
    assert.equal(check('isbn10')('0-306-40615-2'), true);
    assert.equal(check('isbn10')('0306406153'), false);
    assert.equal(check('isbn10')('080442957X'), true);
    assert.equal(check('isbn10')('080442957Y'), false);
    assert.equal(check('isbn10')('030640615'), false);
    assert.equal(check('isbn13')('978-0-306-40615-7'), true);
    assert.equal(check('isbn13')('9780306406158'), false);
    assert.equal(check('isbn13')('978030640615'), false);
    // The check digit 0 (10 - sum % 10 is 10).
    assert.equal(check('isbn13')('9780000000002'), true);
    assert.equal(check('isbn13')('9780000000010'), false);
    assert.equal(check('isbn')('0306406152'), true);
    assert.equal(check('isbn')('9780306406157'), true);
    assert.equal(check('isbn')('0306406153'), false);
    assert.equal(check('isbn-10')('0306406152'), true);
  });

  test('credit card numbers: the issuer patterns and the Luhn sum', () => {
    assert.equal(check('creditcard')('4111 1111 1111 1111'), true);
    assert.equal(check('creditcard')('4111111111111112'), false);
    assert.equal(check('creditcard')('5555555555554444'), true);
    assert.equal(check('creditcard')('378282246310005'), true);
    assert.equal(check('creditcard')('6011111111111117'), true);
    assert.equal(check('creditcard')('1111111111111117'), false);
    // Doubling past 9 subtracts 9.
    assert.equal(check('creditcard')('4000000000000069'), true);
    assert.equal(check('creditcard')('4000000000000068'), false);
  });
});
