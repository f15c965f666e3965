// ValidatingAdmissionPolicies in schema sets (contract §15), through the real executable: a Deny policy refuses
// a violating object with the policy's message (every denial, at the object, naming policy, binding and
// validation), a Warn policy warns, an Audit one and a policy whose match does not apply say nothing. The
// corpus (test/fixtures/admission/) follows the Kubernetes documentation's examples (replica limits with
// params, namespaceSelector, matchConditions, messageExpression, Deny/Warn/Audit) and two gateway policies a
// platform team would write; the pipeline refuses to write what a cluster's policy denies.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { builtinResource, type MatchRequest, matches } from '../generator/conform/admission/match.js';
import type { MatchResources, ResourceRule } from '../generator/conform/admission/policy.js';
import { gitRepo, skip as noGit } from './git.js';
import { FIXTURES, problemLines, requirement, run, SHARED, spawnCli, tempRepo, writeFiles } from './helpers.js';

const CORPUS = join(FIXTURES, 'admission');
const read = (path: string): string => readFileSync(join(CORPUS, path), 'utf8');

/** A temp folder holding `set/` (crds.yaml and the named policy files) and the named manifests. */
function repo(policies: readonly string[], manifests: readonly string[], extra: Record<string, string> = {}): string {
  const files: Record<string, string> = { 'set/crds.yaml': read('crds.yaml'), ...extra };
  for (const p of policies) files[`set/${p}.yaml`] = read(`policies/${p}.yaml`);
  for (const m of manifests) files[`${m}.yaml`] = read(`manifests/${m}.yaml`);
  return tempRepo(files);
}

function conform(root: string, ...args: string[]): { code: number; stdout: string; lines: string[]; stderr: string } {
  const r = spawnCli(['conform', '--crds', 'set', ...args], root);
  assert.doesNotMatch(r.stderr, /\n\s+at [^\n]+:\d+:\d+/, 'no stack trace');
  return { code: r.code, stdout: r.stdout, stderr: r.stderr, lines: problemLines(r.stderr) };
}

describe('admission policies in gwtopo conform', () => {
  test('admission-denied: internal gateways only in namespace gw-internal; the compliant gateways say nothing', () => {
    const r = conform(repo(['internal-only'], ['gateways']), 'gateways.yaml');
    assert.equal(r.code, 2, r.stderr);
    assert.deepEqual(r.lines, [
      'gateways.yaml:18:1: error: Gateway/internal-elsewhere: denied by ValidatingAdmissionPolicy internal-only (binding internal-only-binding, validation 0): internal gateways only in namespace gw-internal [admission-denied]',
    ]);
    assert.match(r.stderr, /4 resources in 1 file against set: 2 valid, 1 invalid, 1 not checked/);
  });

  test('a built-in kind: no LoadBalancer Service without the internal annotation (messageExpression)', () => {
    const r = conform(repo(['lb-internal'], ['services']), 'services.yaml');
    assert.equal(r.code, 2, r.stderr);
    assert.deepEqual(r.lines, [
      'services.yaml:1:1: error: Service/public-lb: denied by ValidatingAdmissionPolicy lb-internal-annotation (binding lb-internal-annotation, validation 0): LoadBalancer Service public-lb needs the annotation networking.gke.io/load-balancer-type: Internal [admission-denied]',
    ]);
    // The Service has no schema in the set, but the policy judged it: invalid, not "not checked".
    assert.match(r.stderr, /3 resources in 1 file against set: 0 valid, 1 invalid, 2 not checked/);
  });

  test('replica limits with params: Deny in environment=test, Warn elsewhere, one notice for a namespace without labels', () => {
    const r = conform(repo(['replica-limit'], ['deployments']), 'deployments.yaml');
    assert.equal(r.code, 2, r.stderr);
    assert.deepEqual(r.lines, [
      'deployments.yaml:13:1: error: Deployment/too-many: denied by ValidatingAdmissionPolicy replicalimit-policy.example.com (binding replicalimit-binding-test.example.com, params ReplicaLimit default/replica-limit-test.example.com, validation 0): object.spec.replicas must be no greater than 3 [admission-denied]',
      'deployments.yaml:25:1: warning: Deployment/huge: warning from ValidatingAdmissionPolicy replicalimit-policy.example.com (binding replicalimit-binding-nontest, params ReplicaLimit default/replica-limit-prod.example.com, validation 0): object.spec.replicas must be no greater than 100 [admission-warning]',
      'deployments.yaml:31:1: warning: Deployment/huge-elsewhere: no Namespace object in the manifests or the schema set for team-unknown: admission policies see only the label kubernetes.io/metadata.name there [admission-namespace-unknown]',
      'deployments.yaml:31:1: warning: Deployment/huge-elsewhere: warning from ValidatingAdmissionPolicy replicalimit-policy.example.com (binding replicalimit-binding-nontest, params ReplicaLimit default/replica-limit-prod.example.com, validation 0): object.spec.replicas must be no greater than 100 [admission-warning]',
    ]);
  });

  test('the hint of admission-warning is a whole sentence', () => {
    const r = conform(repo(['actions'], ['ports']), 'ports.yaml');
    assert.match(
      r.stderr,
      /\[admission-warning\]\n {2}hint: the API server accepts the object with this warning \(the binding says Warn\): change the object, or the policy or its binding in the schema set\n/,
    );
  });

  test('namespace labels from the set when the manifests have no Namespace object', () => {
    const namespace = 'apiVersion: v1\nkind: Namespace\nmetadata: {name: team-unknown, labels: {environment: test}}\n';
    const r = conform(repo(['replica-limit'], ['deployments'], { 'set/namespaces.yaml': namespace }), 'deployments.yaml');
    assert.ok(
      r.lines.includes(
        'deployments.yaml:31:1: error: Deployment/huge-elsewhere: denied by ValidatingAdmissionPolicy replicalimit-policy.example.com (binding replicalimit-binding-test.example.com, params ReplicaLimit default/replica-limit-test.example.com, validation 0): object.spec.replicas must be no greater than 3 [admission-denied]',
      ),
      r.stderr,
    );
    assert.ok(!r.lines.some((l) => l.includes('admission-namespace-unknown')), r.stderr);
  });

  test('parameterNotFoundAction Deny: a binding whose param is missing denies; Allow lets the object through', () => {
    const policy = read('policies/replica-limit.yaml').replace('name: replica-limit-test.example.com\n    namespace', 'name: no-such-limit\n    namespace');
    const deny = conform(repo([], ['deployments'], { 'set/p.yaml': policy }), 'deployments.yaml');
    assert.ok(
      deny.lines.includes(
        'deployments.yaml:13:1: error: Deployment/too-many: denied by ValidatingAdmissionPolicy replicalimit-policy.example.com (binding replicalimit-binding-test.example.com): failed to configure binding: no params found for policy binding with Deny parameterNotFoundAction (no ReplicaLimit default/no-such-limit in the schema set) (failurePolicy Fail) [admission-denied]',
      ),
      deny.stderr,
    );
    const allow = conform(
      repo([], ['deployments'], {
        'set/p.yaml': policy.replace(
          'parameterNotFoundAction: Deny\n  matchResources:\n    namespaceSelector:\n      matchLabels',
          'parameterNotFoundAction: Allow\n  matchResources:\n    namespaceSelector:\n      matchLabels',
        ),
      }),
      'deployments.yaml',
    );
    assert.ok(!allow.lines.some((l) => l.includes('error:')), allow.stderr);
  });

  test("params not found (Deny) or no paramRef: a configuration error, decided by failurePolicy alone, not by the binding's actions", () => {
    // A Warn binding whose param is missing: the API server denies (failed to configure binding), under failurePolicy Fail.
    const warn = read('policies/replica-limit.yaml').replace('name: replica-limit-prod.example.com\n    namespace', 'name: missing\n    namespace');
    const a = conform(repo([], ['deployments'], { 'set/p.yaml': warn }), 'deployments.yaml');
    assert.equal(a.code, 2, a.stderr);
    assert.ok(
      a.lines.includes(
        'deployments.yaml:25:1: error: Deployment/huge: denied by ValidatingAdmissionPolicy replicalimit-policy.example.com (binding replicalimit-binding-nontest): failed to configure binding: no params found for policy binding with Deny parameterNotFoundAction (no ReplicaLimit default/missing in the schema set) (failurePolicy Fail) [admission-denied]',
      ),
      a.stderr,
    );
    assert.ok(!a.lines.some((l) => l.includes('Deployment/huge:') && l.includes('admission-warning')), a.stderr);
    // failurePolicy Ignore: the Deny binding whose param is missing says nothing.
    const ignore = read('policies/replica-limit.yaml')
      .replace('failurePolicy: Fail', 'failurePolicy: Ignore')
      .replace('name: replica-limit-test.example.com\n    namespace', 'name: missing\n    namespace');
    const b = conform(repo([], ['deployments'], { 'set/p.yaml': ignore }), 'deployments.yaml');
    assert.ok(!b.lines.some((l) => l.includes('Deployment/too-many')), b.stderr);
    // A binding without paramRef for a policy with paramKind: the same configuration error, even bound with Audit.
    const noRef = read('policies/replica-limit.yaml').replace(
      'validationActions: [Deny]\n  paramRef:\n    name: replica-limit-test.example.com\n    namespace: default\n    parameterNotFoundAction: Deny\n',
      'validationActions: [Audit]\n',
    );
    const c = conform(repo([], ['deployments'], { 'set/p.yaml': noRef }), 'deployments.yaml');
    assert.ok(
      c.lines.includes(
        'deployments.yaml:13:1: error: Deployment/too-many: denied by ValidatingAdmissionPolicy replicalimit-policy.example.com (binding replicalimit-binding-test.example.com): failed to configure binding: the policy has paramKind ReplicaLimit but the binding has no paramRef (failurePolicy Fail) [admission-denied]',
      ),
      c.stderr,
    );
  });

  test('a paramKind the set does not serve (nor a built-in kind): a configuration error of the policy, decided by failurePolicy', () => {
    const policy = read('policies/replica-limit.yaml').replace('    apiVersion: rules.example.com/v1\n    kind: ReplicaLimit', '    apiVersion: rules.example.com/v1\n    kind: ReplicaLimitt');
    const r = conform(repo([], ['deployments'], { 'set/p.yaml': policy }), 'deployments.yaml');
    assert.equal(r.code, 2, r.stderr);
    assert.ok(
      r.lines.includes(
        "deployments.yaml:13:1: error: Deployment/too-many: denied by ValidatingAdmissionPolicy replicalimit-policy.example.com (binding replicalimit-binding-test.example.com): failed to configure policy: failed to find resource referenced by paramKind: 'rules.example.com/v1, Kind=ReplicaLimitt' (neither a kind the schema set serves nor a built-in kind such as ConfigMap) (failurePolicy Fail) [admission-denied]",
      ),
      r.stderr,
    );
    const ignore = conform(repo([], ['deployments'], { 'set/p.yaml': policy.replace('failurePolicy: Fail', 'failurePolicy: Ignore') }), 'deployments.yaml');
    assert.deepEqual(
      ignore.lines.filter((l) => l.includes('admission-denied') || l.includes('admission-warning')),
      [],
      ignore.stderr,
    );
  });

  test('a paramRef selector: each param is evaluated', () => {
    const policy = read('policies/replica-limit.yaml')
      .replace('name: replica-limit-test.example.com\n    namespace: default', 'selector: {matchLabels: {limits: test}}\n    namespace: default')
      .replace('  name: replica-limit-test.example.com\n  namespace: default', '  name: replica-limit-test.example.com\n  namespace: default\n  labels: {limits: test}')
      .replace('  name: replica-limit-prod.example.com\n  namespace: default', '  name: replica-limit-prod.example.com\n  namespace: default\n  labels: {limits: test}');
    const r = conform(repo([], ['deployments'], { 'set/p.yaml': policy }), 'deployments.yaml');
    const tooMany = r.lines.filter((l) => l.includes('Deployment/too-many'));
    // 5 replicas: over the limit of 3, under the limit of 100.
    assert.deepEqual(
      tooMany.map((l) => /params ([^,]+),/.exec(l)?.[1]),
      ['ReplicaLimit default/replica-limit-test.example.com'],
      r.stderr,
    );
  });

  test('Deny vs Warn vs Audit, every denial of an object, matchPolicy Equivalent (the policy names v1beta1)', () => {
    const r = conform(repo(['actions'], ['ports']), 'ports.yaml');
    assert.equal(r.code, 2, r.stderr);
    assert.deepEqual(r.lines, [
      'ports.yaml:1:1: error: Gateway/denied: denied by ValidatingAdmissionPolicy no-privileged-ports (binding ports-deny, validation 0): listeners must not use privileged ports [admission-denied]',
      'ports.yaml:1:1: error: Gateway/denied: denied by ValidatingAdmissionPolicy no-privileged-ports (binding ports-deny, validation 1): at most two listeners [admission-denied]',
      'ports.yaml:11:1: warning: Gateway/warned: warning from ValidatingAdmissionPolicy no-privileged-ports (binding ports-warn, validation 0): listeners must not use privileged ports [admission-warning]',
    ]);
    const exact = conform(repo([], ['ports'], { 'set/p.yaml': read('policies/actions.yaml').replace('  validations:', '    matchPolicy: Exact\n  validations:') }), 'ports.yaml');
    assert.deepEqual([exact.code, exact.lines], [0, []], exact.stderr);
  });

  test('matchConditions exclude leases and RBAC; the default message names the expression', () => {
    const r = conform(repo(['demo-match-conditions'], ['demo']), 'demo.yaml');
    assert.equal(r.code, 2, r.stderr);
    assert.deepEqual(r.lines, [
      "demo.yaml:1:1: error: ConfigMap/demo-settings: denied by ValidatingAdmissionPolicy demo-policy.example.com (binding demo-binding.example.com, validation 0): failed expression: !object.metadata.name.contains('demo') || object.metadata.namespace == 'demo' [admission-denied]",
    ]);
  });

  test('failurePolicy: a runtime error denies under Fail, lets the object through under Ignore', () => {
    const r = conform(repo(['failure-policy'], ['services']), 'services.yaml');
    assert.equal(r.code, 2, r.stderr);
    assert.equal(r.lines.length, 3, r.stderr);
    assert.equal(
      r.lines[0],
      "services.yaml:1:1: error: Service/public-lb: denied by ValidatingAdmissionPolicy affinity-strict (binding affinity-strict, validation 0): expression 'object.spec.sessionAffinity == 'None'' resulted in error: no such key: sessionAffinity (failurePolicy Fail) [admission-denied]",
    );
    assert.ok(!r.lines.some((l) => l.includes('affinity-lenient')), r.stderr);
  });

  test('admission-not-checked: request.userInfo and the authorizer are unknown offline, never a failurePolicy outcome', () => {
    const r = conform(repo(['user-info'], ['gateways']), 'gateways.yaml');
    assert.equal(r.code, 0, r.stderr);
    assert.ok(
      r.lines.includes(
        'gateways.yaml:6:1: warning: Gateway/internal: ValidatingAdmissionPolicy only-admins-touch-gateways (binding only-admins-touch-gateways, match condition exclude-kubelet-requests) not checked: it depends on request.userInfo, which is unknown offline (expression: !("system:nodes" in request.userInfo.groups)) [admission-not-checked]',
      ),
      r.stderr,
    );
    assert.ok(
      r.lines.includes(
        "gateways.yaml:6:1: warning: Gateway/internal: ValidatingAdmissionPolicy authorized-classes (binding authorized-classes, validation 0) not checked: it depends on authorizer, which is unknown offline (expression: authorizer.group('gateway.networking.k8s.io').resource('gatewayclasses').name(object.spec.gatewayClassName).check('use').allowed()) [admission-not-checked]",
      ),
      r.stderr,
    );
    assert.equal(r.lines.length, 6, r.stderr);
    // The validation after the unknown one is still evaluated.
    const forbidden = conform(repo(['user-info'], [], { 'gw.yaml': read('manifests/gateways.yaml').replace('gatewayClassName: kgateway', 'gatewayClassName: forbidden') }), 'gw.yaml');
    assert.ok(
      forbidden.lines.includes(
        'gw.yaml:6:1: error: Gateway/internal: denied by ValidatingAdmissionPolicy authorized-classes (binding authorized-classes, validation 1): the forbidden class is forbidden [admission-denied]',
      ),
      forbidden.stderr,
    );
  });

  test('an expression the evaluator cannot compile is not checked, with the missing feature', () => {
    const policy = read('policies/internal-only.yaml').replace(`"!variables.internal || request.namespace == 'gw-internal'"`, `"object.spec.?infrastructure.orValue({}) != {} || true"`);
    const r = conform(repo([], ['gateways'], { 'set/p.yaml': policy }), 'gateways.yaml');
    assert.equal(r.code, 0, r.stderr);
    assert.equal(
      r.lines[0],
      'gateways.yaml:6:1: warning: Gateway/internal: ValidatingAdmissionPolicy internal-only (binding internal-only-binding, validation 0) not checked: it uses CEL optional types (.?field, [?key], optional.of), which the offline evaluator (@bufbuild/cel) cannot parse (expression: object.spec.?infrastructure.orValue({}) != {} || true) [admission-not-checked]',
    );
  });

  test("Kubernetes' semver normalize overloads are evaluated; an overload of its library gwtopo lacks is not checked, never a failurePolicy outcome", () => {
    const validation = `"!variables.internal || request.namespace == 'gw-internal'"`;
    const semver = read('policies/internal-only.yaml').replace(
      validation,
      `"isSemver('v1.2.3', true) && !isSemver('v1.2.3', false) && semver('v01.2', true).minor() == 2 && semver('1.2', true).isLessThan(semver('1.10.0'))"`,
    );
    const ok = conform(repo([], ['gateways'], { 'set/p.yaml': semver }), 'gateways.yaml');
    assert.deepEqual([ok.code, ok.lines], [0, []], ok.stderr);
    const overload = read('policies/internal-only.yaml').replace(validation, `"isSemver(object.spec.listeners.size())"`);
    const r = conform(repo([], ['gateways'], { 'set/p.yaml': overload }), 'gateways.yaml');
    assert.equal(r.code, 0, r.stderr);
    assert.equal(
      r.lines[0],
      "gateways.yaml:6:1: warning: Gateway/internal: ValidatingAdmissionPolicy internal-only (binding internal-only-binding, validation 0) not checked: the function isSemver applied to (int) (an overload of Kubernetes' CEL library) is not available offline (expression: isSemver(object.spec.listeners.size())) [admission-not-checked]",
    );
  });

  test("an object without metadata.namespace: object.metadata.namespace is the request's namespace (default), as the API server fills it in", () => {
    const policy = read('policies/internal-only.yaml').replace(`"!variables.internal || request.namespace == 'gw-internal'"`, `"object.metadata.namespace != 'default'"`);
    const gateway =
      'apiVersion: gateway.networking.k8s.io/v1\nkind: Gateway\nmetadata: {name: nameless}\nspec:\n  gatewayClassName: kgateway\n  listeners: [{name: http, port: 8080, protocol: HTTP}]\n';
    const r = conform(repo([], [], { 'set/p.yaml': policy, 'gw.yaml': gateway }), 'gw.yaml');
    assert.equal(r.code, 2, r.stderr);
    assert.deepEqual(r.lines, [
      'gw.yaml:1:1: error: Gateway/nameless: denied by ValidatingAdmissionPolicy internal-only (binding internal-only-binding, validation 0): internal gateways only in namespace gw-internal [admission-denied]',
    ]);
  });

  test('schema-set errors the API server would refuse: a binding with Deny and Warn, a binding to a missing policy', () => {
    const both = conform(repo([], ['gateways'], { 'set/p.yaml': read('policies/internal-only.yaml').replace('validationActions: [Deny]', 'validationActions: [Deny, Warn]') }), 'gateways.yaml');
    assert.equal(both.code, 2);
    assert.match(both.stderr, /^gwtopo: error: --crds: set: set\/p\.yaml, document 2 \(internal-only-binding\): spec\.validationActions: Deny and Warn may not be used together .*\[schema-set\]$/m);
    const missing = conform(repo([], ['gateways'], { 'set/p.yaml': read('policies/internal-only.yaml').replace('policyName: internal-only', 'policyName: internal-onyl') }), 'gateways.yaml');
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /spec\.policyName: the set holds no ValidatingAdmissionPolicy "internal-onyl" \(did you mean "internal-only"\?\) \[schema-set\]$/m);
    const operator = conform(
      repo([], ['gateways'], {
        'set/p.yaml': read('policies/actions.yaml').replace('objectSelector: {matchLabels: {ports: deny}}', 'objectSelector: {matchExpressions: [{key: ports, operator: Is}]}'),
      }),
      'gateways.yaml',
    );
    assert.equal(operator.code, 2);
    assert.match(operator.stderr, /spec\.matchResources\.objectSelector\.matchExpressions\[0\]\.operator: must be one of In, NotIn, Exists, DoesNotExist, not "Is" \[schema-set\]$/m);
  });

  test('schema-set errors: an expression that does not compile (naming policy, field, error and text), a matchCondition with a bad name or no expression, a message with a line break', () => {
    const validation = `"!variables.internal || request.namespace == 'gw-internal'"`;
    const syntax = conform(repo([], ['gateways'], { 'set/p.yaml': read('policies/internal-only.yaml').replace(validation, `"object.spec.( == 1"`) }), 'gateways.yaml');
    assert.equal(syntax.code, 2, syntax.stderr);
    assert.match(
      syntax.stderr,
      /^gwtopo: error: --crds: set: .*\(internal-only\): spec\.validations\[0\]\.expression: compilation failed: <input>:1:12: found \. but expecting end of input \(expression: object\.spec\.\( == 1\) \[schema-set\]$/m,
    );
    const message = conform(
      repo([], ['gateways'], {
        'set/p.yaml': read('policies/internal-only.yaml').replace('      message: internal gateways only', `      messageExpression: "'a' +"\n      message: internal gateways only`),
      }),
      'gateways.yaml',
    );
    assert.equal(message.code, 2, message.stderr);
    assert.match(message.stderr, /\(internal-only\): spec\.validations\[0\]\.messageExpression: compilation failed: .*\(expression: 'a' \+\) \[schema-set\]$/m);
    const condition = (text: string) =>
      conform(repo([], ['gateways'], { 'set/p.yaml': read('policies/internal-only.yaml').replace('  variables:\n', `  matchConditions:\n${text}\n  variables:\n`) }), 'gateways.yaml');
    const badName = condition(`    - {name: "bad name!", expression: "true"}`);
    assert.equal(badName.code, 2, badName.stderr);
    assert.match(badName.stderr, /\(internal-only\): spec\.matchConditions\[0\]\.name: "bad name!" must be a qualified name: .*\[schema-set\]$/m);
    const empty = condition(`    - {name: empty, expression: ""}`);
    assert.equal(empty.code, 2, empty.stderr);
    assert.match(empty.stderr, /\(internal-only\): spec\.matchConditions\[0\]\.expression: is required \(an empty expression\) \[schema-set\]$/m);
    const lines = conform(
      repo([], ['gateways'], {
        'set/p.yaml': read('policies/internal-only.yaml').replace('message: internal gateways only in namespace gw-internal', 'message: "internal gateways\\nonly in gw-internal"'),
      }),
      'gateways.yaml',
    );
    assert.equal(lines.code, 2, lines.stderr);
    assert.match(lines.stderr, /\(internal-only\): spec\.validations\[0\]\.message: must not contain line breaks \[schema-set\]$/m);
    // A feature gwtopo lacks is no error of the set: still not checked at evaluation.
    const missing = condition(`    - {name: bound, expression: "cel.bind(x, 1, x == 1)"}`);
    assert.equal(missing.code, 0, missing.stderr);
    assert.match(missing.stderr, /match condition bound\) not checked: .*cel\.bind/);
  });

  test('admissionregistration.k8s.io/v1beta1 policies and bindings are read like v1', () => {
    const policy = read('policies/internal-only.yaml').replaceAll('apiVersion: admissionregistration.k8s.io/v1\n', 'apiVersion: admissionregistration.k8s.io/v1beta1\n');
    const r = conform(repo([], ['gateways'], { 'set/p.yaml': policy }), 'gateways.yaml');
    assert.equal(r.code, 2, r.stderr);
    assert.deepEqual(r.lines, [
      'gateways.yaml:18:1: error: Gateway/internal-elsewhere: denied by ValidatingAdmissionPolicy internal-only (binding internal-only-binding, validation 0): internal gateways only in namespace gw-internal [admission-denied]',
    ]);
    assert.doesNotMatch(r.stderr, /not a CustomResourceDefinition/);
  });

  test('a policy without a binding applies to nothing, with a notice', () => {
    const policy = read('policies/internal-only.yaml').split('\n---\n')[0]!;
    const r = conform(repo([], ['gateways'], { 'set/p.yaml': policy }), 'gateways.yaml');
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /ValidatingAdmissionPolicy internal-only has no binding: it applies to nothing \[schema-set-notice\]/);
    assert.ok(!r.stderr.includes('admission-denied'));
  });

  test('gwtopo explain admission-denied', async () => {
    const r = await run(['explain', 'admission-denied'], tempRepo());
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /admission-denied/);
  });
});

const UPSTREAM = join(SHARED, 'crds', 'openchoreo-v1.2');
const skip = requirement(existsSync(UPSTREAM), `no upstream CRDs at ${UPSTREAM} (../shared beside the repository)`);

/** Listener ports may not change on update (request.operation, oldObject). */
const IMMUTABLE_PORTS = `apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingAdmissionPolicy
metadata: {name: immutable-ports}
spec:
  matchConstraints:
    resourceRules:
      - {apiGroups: [gateway.networking.k8s.io], apiVersions: ["*"], operations: [CREATE, UPDATE], resources: [gateways]}
  validations:
    - expression: "request.operation != 'UPDATE' || object.spec.listeners.map(l, l.port) == oldObject.spec.listeners.map(l, l.port)"
      messageExpression: "'listener ports are immutable: ' + string(oldObject.spec.listeners[0].port) + ' became ' + string(object.spec.listeners[0].port)"
---
apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingAdmissionPolicyBinding
metadata: {name: immutable-ports}
spec:
  policyName: immutable-ports
  validationActions: [Deny]
`;

/** The files of a repository whose cluster c names a folder with every upstream CRD and the given policy. */
function pipelineFiles(namespace?: string, policy = read('policies/internal-only.yaml'), port = 8080): Record<string, string> {
  const files: Record<string, string> = { 'crds/zz-policy.yaml': policy };
  for (const group of readdirSync(UPSTREAM)) for (const name of readdirSync(join(UPSTREAM, group))) files[`crds/${name}`] = readFileSync(join(UPSTREAM, group, name), 'utf8');
  files['topologies/c/topology.yaml'] = `apiVersion: gwtopo/v1alpha1
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
  return files;
}

function pipelineRepo(namespace?: string): string {
  return tempRepo(pipelineFiles(namespace));
}

describe('admission policies in the pipeline (a cluster set with a Deny policy)', { skip }, () => {
  test('generate refuses the denied Gateway at its topology line, writes nothing, exit 2; validate says the same', () => {
    const root = pipelineRepo();
    const g = spawnCli(['generate'], root);
    assert.equal(g.code, 2, g.stderr);
    assert.deepEqual(problemLines(g.stderr), [
      'topologies/c/topology.yaml:9:7: error: spec.gateways[0]: Gateway openchoreo-data-plane/edge (overlays/c/data-plane/edge.gateway.yaml): denied by ValidatingAdmissionPolicy internal-only (binding internal-only-binding, validation 0): internal gateways only in namespace gw-internal (cluster c, schema set crds) [admission-denied]',
    ]);
    assert.equal(existsSync(join(root, 'overlays')), false);
    const v = spawnCli(['validate'], root);
    assert.equal(v.code, 2, v.stderr);
    assert.match(v.stderr, /\[admission-denied\]/);
  });

  test('in the namespace the policy allows, the cluster generates', () => {
    const root = pipelineRepo('gw-internal');
    const g = spawnCli(['generate'], root);
    assert.equal(g.code, 0, g.stderr);
    assert.ok(!g.stderr.includes('admission-'), g.stderr);
  });

  test("diff evaluates an update: oldObject is the base revision's object", { skip: noGit }, async () => {
    const root = gitRepo(pipelineFiles(undefined, IMMUTABLE_PORTS));
    writeFiles(root, pipelineFiles(undefined, IMMUTABLE_PORTS, 9090));
    // A create passes the policy; the update from the base revision does not.
    assert.equal(spawnCli(['validate'], root).code, 0);
    const r = await run(['diff', '--base', 'HEAD'], root);
    assert.equal(r.code, 2, r.stderr);
    assert.ok(
      problemLines(r.stderr).includes(
        'topologies/c/topology.yaml:9:7: error: spec.gateways[0]: Gateway openchoreo-data-plane/edge (overlays/c/data-plane/edge.gateway.yaml): denied by ValidatingAdmissionPolicy immutable-ports (binding immutable-ports, validation 0): listener ports are immutable: 8080 became 9090 (on update from the base revision; cluster c, schema set crds) [admission-denied]',
      ),
      r.stderr,
    );
  });
});

describe('admission matching (k8s.io/apiserver matching and rules)', () => {
  const everything = { matchLabels: {}, matchExpressions: [] };
  const rule = (r: Partial<ResourceRule>): ResourceRule => ({ apiGroups: ['*'], apiVersions: ['*'], resources: ['*'], operations: ['*'], resourceNames: [], scope: '*', ...r });
  const m = (r: Partial<MatchResources>): MatchResources => ({
    namespaceSelector: everything,
    objectSelector: everything,
    resourceRules: [rule({})],
    excludeResourceRules: [],
    matchPolicy: 'Equivalent',
    ...r,
  });
  const service: MatchRequest = { info: builtinResource('v1', 'Service')!, operation: 'CREATE', name: 'web', labels: { app: 'web' }, namespaceLabels: () => ({ env: 'prod' }) };
  const namespace: MatchRequest = { info: builtinResource('v1', 'Namespace')!, operation: 'CREATE', name: 'team', labels: { env: 'test' }, namespaceLabels: () => ({}) };

  test('resources: * matches main resources only, */* and x/* subresources too, a subresource rule not the main resource', () => {
    assert.ok(matches(m({ resourceRules: [rule({ resources: ['*'] })] }), service));
    assert.ok(matches(m({ resourceRules: [rule({ resources: ['*/*'] })] }), service));
    assert.ok(matches(m({ resourceRules: [rule({ resources: ['services/*'] })] }), service));
    assert.equal(matches(m({ resourceRules: [rule({ resources: ['services/status'] })] }), service), undefined);
    assert.equal(matches(m({ resourceRules: [rule({ resources: ['pods'] })] }), service), undefined);
  });

  test('apiGroups "" is the core group; operations, resourceNames and scope narrow; excludeResourceRules win', () => {
    assert.ok(matches(m({ resourceRules: [rule({ apiGroups: [''] })] }), service));
    assert.equal(matches(m({ resourceRules: [rule({ apiGroups: ['apps'] })] }), service), undefined);
    assert.equal(matches(m({ resourceRules: [rule({ operations: ['UPDATE', 'DELETE'] })] }), service), undefined);
    assert.ok(matches(m({ resourceRules: [rule({ resourceNames: ['web'] })] }), service));
    assert.equal(matches(m({ resourceRules: [rule({ resourceNames: ['api'] })] }), service), undefined);
    assert.equal(matches(m({ resourceRules: [rule({ scope: 'Cluster' })] }), service), undefined);
    assert.ok(matches(m({ resourceRules: [rule({ scope: 'Cluster' })] }), namespace));
    assert.equal(matches(m({ excludeResourceRules: [rule({ resources: ['services'] })] }), service), undefined);
  });

  test('selectors: In, NotIn, Exists, DoesNotExist; a Namespace is matched on its own labels', () => {
    const sel = (key: string, operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist', values: string[] = []) => ({ matchLabels: {}, matchExpressions: [{ key, operator, values }] });
    assert.ok(matches(m({ namespaceSelector: sel('env', 'In', ['prod']) }), service));
    assert.equal(matches(m({ namespaceSelector: sel('env', 'NotIn', ['prod']) }), service), undefined);
    assert.ok(matches(m({ namespaceSelector: sel('tier', 'DoesNotExist') }), service));
    assert.equal(matches(m({ objectSelector: sel('app', 'DoesNotExist') }), service), undefined);
    assert.ok(matches(m({ objectSelector: sel('app', 'Exists') }), service));
    assert.ok(matches(m({ namespaceSelector: { matchLabels: { env: 'test' }, matchExpressions: [] } }), namespace));
    // On update, the old object's labels match too.
    assert.ok(matches(m({ objectSelector: { matchLabels: { app: 'old' }, matchExpressions: [] } }), { ...service, operation: 'UPDATE', oldLabels: { app: 'old' } }));
  });

  test('a binding without resourceRules matches whatever its policy matches', () => {
    assert.deepEqual(matches(m({ resourceRules: [] }), service), { version: 'v1' });
  });
});
