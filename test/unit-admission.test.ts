// ValidatingAdmissionPolicy evaluation (generator/conform/admission/) called in process, so that mutation testing
// reaches it (test/admission.test.ts runs the bundled executable, which mutants do not reach): reading policies,
// bindings and params (every refusal, word for word), matching requests, evaluating match conditions,
// variables, validations and messages per binding action and failurePolicy, the params a binding selects, the
// entry points for a schema set (admitObject, hasAdmission, namespacesOf) and the wording of findings.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { parseAllDocuments } from 'yaml';
import { admitObject, hasAdmission, namespacesOf } from '../generator/conform/admission/admit.js';
import { Admission, type AdmissionRequest } from '../generator/conform/admission/evaluate.js';
import { builtinNamespaced, builtinResource, isEmptySelector, type MatchRequest, matches, type ResourceInfo, selectorMatches } from '../generator/conform/admission/match.js';
import { AdmissionError, groupOf, isAdmissionKind, labelsOf, type MatchResources, type ResourceRule, readAdmission } from '../generator/conform/admission/policy.js';
import { ADMISSION_HINTS, ADMISSION_RULES, namespaceNotice } from '../generator/conform/admission/report.js';
import { loadBuiltinSet, loadSetFromCrds, type SchemaSet } from '../generator/conform/index.js';
import { CrdError } from '../generator/conform/schema/crd.js';
import { crdYaml } from './conform-helpers.js';
import { FIXTURES } from './helpers.js';

type Json = Record<string, unknown>;

const CORPUS = join(FIXTURES, 'admission');
const read = (path: string): string => readFileSync(join(CORPUS, path), 'utf8');
const yamlDocs = (text: string): Json[] =>
  parseAllDocuments(text)
    .map((d) => d.toJS() as Json)
    .filter((d) => d !== null && d !== undefined);

const V1 = 'admissionregistration.k8s.io/v1';
const ANY_RULE = { apiGroups: ['*'], apiVersions: ['*'], operations: ['*'], resources: ['*'] };

function policy(spec: Json = {}, name = 'p'): Json {
  return { apiVersion: V1, kind: 'ValidatingAdmissionPolicy', metadata: { name }, spec: { matchConstraints: { resourceRules: [ANY_RULE] }, validations: [{ expression: 'true' }], ...spec } };
}

function binding(spec: Json = {}, name = 'b'): Json {
  return { apiVersion: V1, kind: 'ValidatingAdmissionPolicyBinding', metadata: { name }, spec: { policyName: 'p', validationActions: ['Deny'], ...spec } };
}

const labelled = (docs: readonly Json[]) => docs.map((doc, i) => ({ doc, label: `d${i + 1}` }));

/** The message of the AdmissionError that reading the documents throws. */
function refusal(...docs: Json[]): string {
  let message = '';
  assert.throws(
    () => readAdmission(labelled(docs)),
    (err: unknown) => {
      assert.ok(err instanceof AdmissionError, String(err));
      assert.ok(err instanceof CrdError);
      message = err.message;
      return true;
    },
  );
  return message;
}

/** A policy whose spec has `field` set to `value` (undefined deletes it). */
function policyWith(field: string, value: unknown, spec: Json = {}): Json {
  const p = policy(spec);
  const s = p.spec as Json;
  if (value === undefined) delete s[field];
  else s[field] = value;
  return p;
}

describe('reading policies: what the API server would refuse to store', () => {
  test('isAdmissionKind: v1 and v1beta1 policies and bindings only', () => {
    assert.equal(isAdmissionKind(V1, 'ValidatingAdmissionPolicy'), true);
    assert.equal(isAdmissionKind('admissionregistration.k8s.io/v1beta1', 'ValidatingAdmissionPolicyBinding'), true);
    assert.equal(isAdmissionKind('admissionregistration.k8s.io/v1alpha1', 'ValidatingAdmissionPolicy'), false);
    assert.equal(isAdmissionKind(V1, 'ValidatingWebhookConfiguration'), false);
    assert.equal(isAdmissionKind(undefined, 'ValidatingAdmissionPolicy'), false);
  });

  test('groupOf and labelsOf', () => {
    assert.equal(groupOf('v1'), '');
    assert.equal(groupOf('apps/v1'), 'apps');
    assert.equal(groupOf('a.b/c/v1'), 'a.b/c');
    assert.deepEqual(labelsOf({ metadata: { labels: { a: 'x', n: 1, b: 'y' } } }), { a: 'x', b: 'y' });
    assert.deepEqual(labelsOf({ metadata: { labels: ['a'] } }), {});
    assert.deepEqual(labelsOf({ metadata: 'x' }), {});
    assert.deepEqual(labelsOf({}), {});
  });

  test('a minimal policy and binding: defaults (failurePolicy Fail, scope *, matchPolicy Equivalent, empty selectors)', () => {
    const got = readAdmission(labelled([policy(), binding()]));
    assert.deepEqual(got.policies, [
      {
        name: 'p',
        failurePolicy: 'Fail',
        matchConstraints: {
          namespaceSelector: { matchLabels: {}, matchExpressions: [] },
          objectSelector: { matchLabels: {}, matchExpressions: [] },
          resourceRules: [{ apiGroups: ['*'], apiVersions: ['*'], resources: ['*'], operations: ['*'], resourceNames: [], scope: '*' }],
          excludeResourceRules: [],
          matchPolicy: 'Equivalent',
        },
        matchConditions: [],
        variables: [],
        validations: [{ expression: 'true' }],
      },
    ]);
    assert.deepEqual(got.bindings, [{ name: 'b', policyName: 'p', validationActions: ['Deny'] }]);
    assert.deepEqual([got.params, [...got.namespaces], got.notices], [[], [], []]);
  });

  test('every field of a policy and a binding is read', () => {
    const p = policy({
      failurePolicy: 'Ignore',
      paramKind: { apiVersion: 'v1', kind: 'ConfigMap' },
      matchConstraints: {
        namespaceSelector: { matchLabels: { env: 'prod' }, matchExpressions: [{ key: 'tier', operator: 'In', values: ['a', 'b'] }] },
        objectSelector: { matchExpressions: [{ key: 'x', operator: 'DoesNotExist' }] },
        resourceRules: [{ apiGroups: [''], apiVersions: ['v1'], operations: ['CREATE', 'UPDATE'], resources: ['services'], resourceNames: ['web'], scope: 'Namespaced' }],
        excludeResourceRules: [{ apiGroups: ['apps'], apiVersions: ['*'], operations: ['*'], resources: ['*'], scope: 'Cluster' }],
        matchPolicy: 'Exact',
      },
      matchConditions: [{ name: 'example.com/only-web', expression: "object.metadata.name == 'web'" }],
      variables: [{ name: 'is_lb', expression: "object.spec.type == 'LoadBalancer'" }],
      validations: [{ expression: '!variables.is_lb', message: 'no LB', messageExpression: "'no LB ' + object.metadata.name", reason: 'Forbidden' }],
    });
    const b = binding({
      validationActions: ['Warn', 'Audit'],
      paramRef: { name: 'limits', namespace: 'ops', parameterNotFoundAction: 'Allow', selector: null },
      matchResources: { objectSelector: { matchLabels: { app: 'web' } } },
    });
    const got = readAdmission(labelled([p, b]));
    assert.deepEqual(got.policies[0], {
      name: 'p',
      failurePolicy: 'Ignore',
      paramKind: { apiVersion: 'v1', kind: 'ConfigMap' },
      matchConstraints: {
        namespaceSelector: { matchLabels: { env: 'prod' }, matchExpressions: [{ key: 'tier', operator: 'In', values: ['a', 'b'] }] },
        objectSelector: { matchLabels: {}, matchExpressions: [{ key: 'x', operator: 'DoesNotExist', values: [] }] },
        resourceRules: [{ apiGroups: [''], apiVersions: ['v1'], resources: ['services'], operations: ['CREATE', 'UPDATE'], resourceNames: ['web'], scope: 'Namespaced' }],
        excludeResourceRules: [{ apiGroups: ['apps'], apiVersions: ['*'], resources: ['*'], operations: ['*'], resourceNames: [], scope: 'Cluster' }],
        matchPolicy: 'Exact',
      },
      matchConditions: [{ name: 'example.com/only-web', expression: "object.metadata.name == 'web'" }],
      variables: [{ name: 'is_lb', expression: "object.spec.type == 'LoadBalancer'" }],
      validations: [{ expression: '!variables.is_lb', message: 'no LB', messageExpression: "'no LB ' + object.metadata.name", reason: 'Forbidden' }],
    });
    assert.deepEqual(got.bindings[0], {
      name: 'b',
      policyName: 'p',
      validationActions: ['Warn', 'Audit'],
      paramRef: { parameterNotFoundAction: 'Allow', name: 'limits', namespace: 'ops' },
      matchResources: {
        namespaceSelector: { matchLabels: {}, matchExpressions: [] },
        objectSelector: { matchLabels: { app: 'web' }, matchExpressions: [] },
        resourceRules: [],
        excludeResourceRules: [],
        matchPolicy: 'Equivalent',
      },
    });
    // A paramRef by selector, matchResources null.
    const bySelector = readAdmission(labelled([p, binding({ paramRef: { selector: { matchLabels: { a: 'b' } }, parameterNotFoundAction: 'Deny' }, matchResources: null })])).bindings[0]!;
    assert.deepEqual(bySelector, {
      name: 'b',
      policyName: 'p',
      validationActions: ['Deny'],
      paramRef: { parameterNotFoundAction: 'Deny', selector: { matchLabels: { a: 'b' }, matchExpressions: [] } },
    });
  });

  test('wrong types: each names the field, what it must be and what it is', () => {
    assert.equal(refusal({ ...policy(), metadata: {} }), 'd1: metadata.name: is missing');
    assert.equal(refusal({ ...policy(), metadata: { name: 7 } }), 'd1: metadata.name: must be a string, not number 7');
    assert.equal(refusal({ ...policy(), spec: null }), 'd1: spec: must be a mapping, not null');
    assert.equal(refusal({ ...policy(), spec: [] }), 'd1: spec: must be a mapping, not a list');
    assert.equal(refusal({ ...policy(), spec: 'x' }), 'd1: spec: must be a mapping, not string "x"');
    assert.equal(refusal(policyWith('validations', { a: 1 })), 'd1: spec.validations: must be a list, not a mapping');
    assert.equal(refusal(policyWith('validations', [true])), 'd1: spec.validations[0]: must be a mapping, not boolean true');
    assert.equal(refusal(policyWith('paramKind', 'ConfigMap')), 'd1: spec.paramKind: must be a mapping, not string "ConfigMap"');
    assert.equal(refusal(policyWith('paramKind', { kind: 'ConfigMap' })), 'd1: spec.paramKind.apiVersion: is missing');
    assert.equal(refusal(policyWith('paramKind', { apiVersion: 'v1' })), 'd1: spec.paramKind.kind: is missing');
    assert.equal(refusal(policyWith('failurePolicy', 'Never')), 'd1: spec.failurePolicy: must be one of Fail, Ignore, not "Never"');
    assert.equal(refusal(policyWith('failurePolicy', 1)), 'd1: spec.failurePolicy: must be a string, not number 1');
    assert.equal(refusal(policyWith('matchConstraints', undefined)), 'd1: spec.matchConstraints: is missing');
    assert.equal(refusal(policyWith('matchConstraints', null)), 'd1: spec.matchConstraints: must be a mapping, not null');
    // null is absent for optional fields.
    assert.equal(readAdmission(labelled([policyWith('paramKind', null)])).policies[0]!.paramKind, undefined);
    assert.equal(readAdmission(labelled([policyWith('failurePolicy', null)])).policies[0]!.failurePolicy, 'Fail');
  });

  test('validations: at least one (or auditAnnotations), message, messageExpression and reason', () => {
    assert.equal(refusal(policyWith('validations', [])), 'd1: spec.validations: must hold at least one validation (or auditAnnotations)');
    assert.equal(refusal(policyWith('validations', undefined)), 'd1: spec.validations: must hold at least one validation (or auditAnnotations)');
    assert.deepEqual(readAdmission(labelled([policyWith('validations', undefined, { auditAnnotations: [{ key: 'k', valueExpression: "'v'" }] })])).policies[0]!.validations, []);
    assert.equal(refusal(policyWith('auditAnnotations', 'x', { validations: [] })), 'd1: spec.auditAnnotations: must be a list, not string "x"');
    const v = (validation: Json) => refusal(policyWith('validations', [{ expression: 'true' }, validation]));
    assert.equal(v({ expression: 'true', message: 'a\nb' }), 'd1: spec.validations[1].message: must not contain line breaks');
    assert.equal(v({ expression: 'true', message: 'a\rb' }), 'd1: spec.validations[1].message: must not contain line breaks');
    assert.equal(v({ expression: 'true', message: 3 }), 'd1: spec.validations[1].message: must be a string, not number 3');
    assert.equal(v({ expression: 'true', reason: 'Conflict' }), 'd1: spec.validations[1].reason: must be one of Unauthorized, Forbidden, Invalid, RequestEntityTooLarge, not "Conflict"');
    assert.equal(v({ expression: 'true', messageExpression: "'a' +" }).startsWith('d1: spec.validations[1].messageExpression: compilation failed: <input>:1:'), true);
    assert.match(v({ expression: 'true', messageExpression: "'a' +" }), / \(expression: 'a' \+\)$/);
    assert.equal(v({ message: 'x' }), 'd1: spec.validations[1].expression: is missing');
    assert.equal(v({ expression: '  \n ' }), 'd1: spec.validations[1].expression: is required (an empty expression)');
    for (const reason of ['Unauthorized', 'Forbidden', 'Invalid', 'RequestEntityTooLarge']) {
      assert.equal(readAdmission(labelled([policyWith('validations', [{ expression: 'true', reason }])])).policies[0]!.validations[0]!.reason, reason);
    }
    // Optional syntax is a feature the offline evaluator lacks, not an error of the set; so is an unknown function.
    assert.deepEqual(readAdmission(labelled([policyWith('validations', [{ expression: 'object.?spec.orValue(1) == 1', messageExpression: 'object.?x.orValue("")' }])])).policies[0]!.validations, [
      { expression: 'object.?spec.orValue(1) == 1', messageExpression: 'object.?x.orValue("")' },
    ]);
    assert.equal(readAdmission(labelled([policyWith('validations', [{ expression: 'noSuchFunction(1)' }])])).policies[0]!.validations.length, 1);
  });

  test('an expression that does not compile: its first error line and the expression, shortened past 160 characters', () => {
    assert.equal(
      refusal(policyWith('validations', [{ expression: 'object.spec.( == 1' }])),
      'd1: spec.validations[0].expression: compilation failed: <input>:1:12: found . but expecting end of input (expression: object.spec.( == 1)',
    );
    const long = `object.spec.x == 1 && ${'a'.repeat(150)} ==`;
    const message = refusal(policyWith('validations', [{ expression: long }]));
    assert.ok(message.endsWith(`(expression: ${long.slice(0, 150)}…)`), message);
    const exact = `${'1 + '.repeat(39)}+`; // 157 characters after whitespace is folded: not shortened
    assert.ok(refusal(policyWith('validations', [{ expression: exact }])).endsWith(`(expression: ${exact})`));
    const folded = refusal(policyWith('validations', [{ expression: '1 +\n\n   +' }]));
    assert.ok(folded.endsWith('(expression: 1 + +)'), folded);
    assert.doesNotMatch(folded, /\n/);
  });

  test('matchConditions and variables: names (qualified, CEL identifiers), once each, with an expression', () => {
    const cond = (conditions: unknown) => refusal(policyWith('matchConditions', conditions));
    assert.equal(
      cond([
        { name: 'a', expression: 'true' },
        { name: 'a', expression: 'true' },
      ]),
      'd1: spec.matchConditions[1].name: "a" is used twice',
    );
    assert.match(
      cond([{ name: 'bad name!', expression: 'true' }]),
      /^d1: spec\.matchConditions\[0\]\.name: "bad name!" must be a qualified name: alphanumerics, '-', '_' or '\.' \(at most 63\), starting and ending with an alphanumeric, with an optional DNS subdomain prefix and '\/'$/,
    );
    assert.match(cond([{ name: '-a', expression: 'true' }]), /"-a" must be a qualified name/);
    assert.match(cond([{ name: 'a'.repeat(64), expression: 'true' }]), /must be a qualified name/);
    assert.match(cond([{ name: 'Example.com/a', expression: 'true' }]), /must be a qualified name/);
    assert.equal(cond([{ name: 'a', expression: '' }]), 'd1: spec.matchConditions[0].expression: is required (an empty expression)');
    assert.equal(cond([{ expression: 'true' }]), 'd1: spec.matchConditions[0].name: is missing');
    assert.equal(cond(['x']), 'd1: spec.matchConditions[0]: must be a mapping, not string "x"');
    const names = ['a', 'a'.repeat(63), 'A_b.c-D', 'example.com/a', 'a.b-c.d/X'];
    assert.deepEqual(
      readAdmission(
        labelled([
          policyWith(
            'matchConditions',
            names.map((name) => ({ name, expression: 'true' })),
          ),
        ]),
      ).policies[0]!.matchConditions.map((c) => c.name),
      names,
    );
    const vars = (variables: unknown) => refusal(policyWith('variables', variables));
    assert.equal(vars([{ name: 'a-b', expression: '1' }]), 'd1: spec.variables[0].name: "a-b" must be a valid CEL identifier');
    assert.equal(vars([{ name: '1a', expression: '1' }]), 'd1: spec.variables[0].name: "1a" must be a valid CEL identifier');
    assert.equal(
      vars([
        { name: 'x', expression: '1' },
        { name: 'x', expression: '2' },
      ]),
      'd1: spec.variables[1].name: "x" is used twice',
    );
    // A qualified name is no identifier, and an identifier is a qualified name.
    assert.match(vars([{ name: 'example.com/x', expression: '1' }]), /must be a valid CEL identifier/);
    assert.deepEqual(
      readAdmission(
        labelled([
          policyWith('variables', [
            { name: '_x1', expression: '1' },
            { name: 'Y', expression: '2' },
          ]),
        ]),
      ).policies[0]!.variables,
      [
        { name: '_x1', expression: '1' },
        { name: 'Y', expression: '2' },
      ],
    );
  });

  test('matchConstraints: rules, selectors and matchPolicy', () => {
    const mc = (constraints: Json) => refusal(policyWith('matchConstraints', constraints));
    assert.equal(mc({}), 'd1: spec.matchConstraints.resourceRules: must hold at least one rule');
    assert.equal(mc({ resourceRules: [] }), 'd1: spec.matchConstraints.resourceRules: must hold at least one rule');
    assert.equal(mc({ resourceRules: [ANY_RULE], matchPolicy: 'Loose' }), 'd1: spec.matchConstraints.matchPolicy: must be one of Exact, Equivalent, not "Loose"');
    const rule = (r: Json) => mc({ resourceRules: [ANY_RULE, { ...ANY_RULE, ...r }] });
    assert.equal(rule({ operations: ['CREATE', 'PATCH'] }), 'd1: spec.matchConstraints.resourceRules[1].operations[1]: must be one of CREATE, UPDATE, DELETE, CONNECT, *, not "PATCH"');
    for (const key of ['apiGroups', 'apiVersions', 'resources', 'operations']) {
      assert.equal(rule({ [key]: [] }), `d1: spec.matchConstraints.resourceRules[1].${key}: must name at least one (or *)`);
      assert.equal(rule({ [key]: undefined }), `d1: spec.matchConstraints.resourceRules[1].${key}: must name at least one (or *)`);
    }
    assert.equal(rule({ apiGroups: 'apps' }), 'd1: spec.matchConstraints.resourceRules[1].apiGroups: must be a list of strings, not string "apps"');
    assert.equal(rule({ resources: ['pods', 1] }), 'd1: spec.matchConstraints.resourceRules[1].resources[1]: must be a string, not number 1');
    assert.equal(rule({ scope: 'Global' }), 'd1: spec.matchConstraints.resourceRules[1].scope: must be one of Cluster, Namespaced, *, not "Global"');
    assert.equal(
      mc({ resourceRules: [ANY_RULE], excludeResourceRules: [{ ...ANY_RULE, resources: [] }] }),
      'd1: spec.matchConstraints.excludeResourceRules[0].resources: must name at least one (or *)',
    );
    const sel = (selector: unknown) => mc({ resourceRules: [ANY_RULE], namespaceSelector: selector });
    assert.equal(sel('x'), 'd1: spec.matchConstraints.namespaceSelector: must be a mapping, not string "x"');
    assert.equal(sel({ matchLabels: { a: 1 } }), 'd1: spec.matchConstraints.namespaceSelector.matchLabels.a: must be a string, not number 1');
    assert.equal(sel({ matchLabels: ['a'] }), 'd1: spec.matchConstraints.namespaceSelector.matchLabels: must be a mapping, not a list');
    assert.equal(
      sel({ matchExpressions: [{ key: 'a', operator: 'Is' }] }),
      'd1: spec.matchConstraints.namespaceSelector.matchExpressions[0].operator: must be one of In, NotIn, Exists, DoesNotExist, not "Is"',
    );
    assert.equal(sel({ matchExpressions: [{ operator: 'Exists' }] }), 'd1: spec.matchConstraints.namespaceSelector.matchExpressions[0].key: is missing');
    assert.equal(sel({ matchExpressions: [{ key: 'a' }] }), 'd1: spec.matchConstraints.namespaceSelector.matchExpressions[0].operator: is missing');
    assert.equal(sel({ matchExpressions: [{ key: 'a', operator: 'In' }] }), 'd1: spec.matchConstraints.namespaceSelector.matchExpressions[0].values: must be specified when operator is In');
    assert.equal(
      sel({ matchExpressions: [{ key: 'a', operator: 'NotIn', values: [] }] }),
      'd1: spec.matchConstraints.namespaceSelector.matchExpressions[0].values: must be specified when operator is NotIn',
    );
    assert.equal(
      sel({ matchExpressions: [{ key: 'a', operator: 'Exists', values: ['x'] }] }),
      'd1: spec.matchConstraints.namespaceSelector.matchExpressions[0].values: may not be specified when operator is Exists',
    );
    assert.equal(
      sel({ matchExpressions: [{ key: 'a', operator: 'DoesNotExist', values: ['x'] }] }),
      'd1: spec.matchConstraints.namespaceSelector.matchExpressions[0].values: may not be specified when operator is DoesNotExist',
    );
    assert.equal(sel({ matchExpressions: 'a' }), 'd1: spec.matchConstraints.namespaceSelector.matchExpressions: must be a list, not string "a"');
    assert.equal(
      mc({ resourceRules: [ANY_RULE], objectSelector: { matchExpressions: [{ key: 'a', operator: 'In', values: [1] }] } }),
      'd1: spec.matchConstraints.objectSelector.matchExpressions[0].values[0]: must be a string, not number 1',
    );
    // Exists and DoesNotExist without values, In with one.
    const ok = readAdmission(
      labelled([
        policyWith('matchConstraints', {
          resourceRules: [ANY_RULE],
          namespaceSelector: null,
          objectSelector: {
            matchExpressions: [
              { key: 'a', operator: 'Exists', values: [] },
              { key: 'b', operator: 'NotIn', values: ['x'] },
            ],
          },
        }),
      ]),
    ).policies[0]!.matchConstraints;
    assert.deepEqual(ok.namespaceSelector, { matchLabels: {}, matchExpressions: [] });
    assert.deepEqual(ok.objectSelector.matchExpressions, [
      { key: 'a', operator: 'Exists', values: [] },
      { key: 'b', operator: 'NotIn', values: ['x'] },
    ]);
  });

  test('bindings: validationActions, paramRef, matchResources', () => {
    const b = (spec: Json) => refusal(policy(), binding(spec));
    assert.equal(b({ validationActions: [] }), 'd2: spec.validationActions: must hold at least one of Deny, Warn, Audit');
    assert.equal(b({ validationActions: undefined }), 'd2: spec.validationActions: must hold at least one of Deny, Warn, Audit');
    assert.equal(b({ validationActions: ['Audit', 'Block'] }), 'd2: spec.validationActions[1]: must be one of Deny, Warn, Audit, not "Block"');
    assert.equal(b({ validationActions: ['Warn', 'Audit', 'Warn'] }), 'd2: spec.validationActions[2]: Warn is listed twice');
    assert.equal(b({ validationActions: ['Warn', 'Deny'] }), 'd2: spec.validationActions: Deny and Warn may not be used together (Deny already tells the client why)');
    assert.equal(b({ policyName: undefined }), 'd2: spec.policyName: is missing');
    assert.equal(b({ paramRef: { name: 'x' } }), 'd2: spec.paramRef.parameterNotFoundAction: is missing');
    assert.equal(b({ paramRef: { name: 'x', parameterNotFoundAction: 'Warn' } }), 'd2: spec.paramRef.parameterNotFoundAction: must be one of Allow, Deny, not "Warn"');
    assert.equal(b({ paramRef: { parameterNotFoundAction: 'Allow' } }), 'd2: spec.paramRef: must set exactly one of name and selector');
    assert.equal(b({ paramRef: { name: 'x', selector: {}, parameterNotFoundAction: 'Allow' } }), 'd2: spec.paramRef: must set exactly one of name and selector');
    assert.equal(b({ paramRef: { name: 1, parameterNotFoundAction: 'Allow' } }), 'd2: spec.paramRef.name: must be a string, not number 1');
    assert.equal(b({ paramRef: { name: 'x', namespace: [], parameterNotFoundAction: 'Allow' } }), 'd2: spec.paramRef.namespace: must be a string, not a list');
    assert.equal(b({ paramRef: { selector: { matchLabels: { a: 1 } }, parameterNotFoundAction: 'Allow' } }), 'd2: spec.paramRef.selector.matchLabels.a: must be a string, not number 1');
    assert.equal(b({ paramRef: 'x' }), 'd2: spec.paramRef: must be a mapping, not string "x"');
    assert.equal(b({ matchResources: { matchPolicy: 'x' } }), 'd2: spec.matchResources.matchPolicy: must be one of Exact, Equivalent, not "x"');
    assert.equal(b({ matchResources: 'x' }), 'd2: spec.matchResources: must be a mapping, not string "x"');
    assert.equal(readAdmission(labelled([policy(), binding({ paramRef: null })])).bindings[0]!.paramRef, undefined);
  });

  test('a binding to a policy the set lacks; the closest name as a guess', () => {
    assert.equal(
      refusal(policy({}, 'internal-only'), binding({ policyName: 'internal-onyl' })),
      'd2: spec.policyName: the set holds no ValidatingAdmissionPolicy "internal-onyl" (did you mean "internal-only"?)',
    );
    assert.equal(refusal(policy({}, 'internal-only'), binding({ policyName: 'zzz' })), 'd2: spec.policyName: the set holds no ValidatingAdmissionPolicy "zzz"');
    assert.equal(refusal(binding({ policyName: 'p' })), 'd1: spec.policyName: the set holds no ValidatingAdmissionPolicy "p"');
  });

  test('params and Namespaces; a name defined again replaces the first, with a notice', () => {
    const cm = (name: string, namespace?: string, labels?: Json): Json => ({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name, ...(namespace === undefined ? {} : { namespace }), ...(labels === undefined ? {} : { labels }) },
      data: {},
    });
    const ns = (name: string, labels: Json): Json => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels } });
    const limit: Json = { apiVersion: 'rules.example.com/v1', kind: 'ReplicaLimit', metadata: { name: 'l' }, maxReplicas: 3 };
    const got = readAdmission(
      labelled([
        policy({ failurePolicy: 'Fail' }),
        policy({ failurePolicy: 'Ignore' }),
        binding(),
        binding({ validationActions: ['Audit'] }),
        cm('a', 'x', { k: 'v' }),
        cm('a', 'x', { k: 'w' }),
        cm('a', 'y'),
        limit,
        { ...limit, maxReplicas: 4 },
        ns('team', { env: 'test' }),
        { apiVersion: 'example.com/v1', kind: 'Namespace', metadata: { name: 'not-core' } },
      ]),
    );
    assert.deepEqual(got.notices, [
      'd2 defines ValidatingAdmissionPolicy p again: it replaces d1, as a later kubectl apply would',
      'd4 defines ValidatingAdmissionPolicyBinding b again: it replaces d3, as a later kubectl apply would',
      'd6 defines ConfigMap x/a again: it replaces d5, as a later kubectl apply would',
      'd9 defines ReplicaLimit l again: it replaces d8, as a later kubectl apply would',
    ]);
    assert.equal(got.policies.length, 1);
    assert.equal(got.policies[0]!.failurePolicy, 'Ignore');
    assert.deepEqual(got.bindings[0]!.validationActions, ['Audit']);
    assert.deepEqual(
      got.params.map((p) => [p.group, p.kind, p.namespace, p.name, p.labels]),
      [
        ['', 'ConfigMap', 'x', 'a', { k: 'w' }],
        ['', 'ConfigMap', 'y', 'a', {}],
        ['rules.example.com', 'ReplicaLimit', undefined, 'l', {}],
        ['', 'Namespace', undefined, 'team', { env: 'test' }],
        ['example.com', 'Namespace', undefined, 'not-core', {}],
      ],
    );
    assert.equal((got.params[2]!.object as Json).maxReplicas, 4);
    assert.deepEqual([...got.namespaces.keys()], ['team']);
    assert.equal(refusal({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a', namespace: 1 } }), 'd1: metadata.namespace: must be a string, not number 1');
    assert.equal(refusal({ apiVersion: 1, kind: 'ConfigMap', metadata: { name: 'a' } }), 'd1: apiVersion: must be a string, not number 1');
    assert.equal(refusal({ apiVersion: 'v1', metadata: { name: 'a' } }), 'd1: kind: is missing');
    assert.equal(refusal({ apiVersion: 'v1', kind: 'ConfigMap', metadata: 'a' }), 'd1: metadata.name: is missing');
  });

  test('v1beta1 is read like v1; another version of the group is a param like any object', () => {
    const beta = (doc: Json): Json => ({ ...doc, apiVersion: 'admissionregistration.k8s.io/v1beta1' });
    const got = readAdmission(labelled([beta(policy()), beta(binding())]));
    assert.deepEqual([got.policies.length, got.bindings.length, got.params.length], [1, 1, 0]);
    const alpha = readAdmission(labelled([{ ...policy(), apiVersion: 'admissionregistration.k8s.io/v1alpha1' }]));
    assert.deepEqual([alpha.policies.length, alpha.params.map((p) => `${p.group} ${p.kind}`)], [0, ['admissionregistration.k8s.io ValidatingAdmissionPolicy']]);
  });

  test('every operation the API server knows; null as absent for optional strings and lists', () => {
    const ops = readAdmission(labelled([policy({ matchConstraints: { resourceRules: [{ ...ANY_RULE, operations: ['DELETE', 'CONNECT'], resourceNames: null }] } })]));
    assert.deepEqual(ops.policies[0]!.matchConstraints.resourceRules[0], { apiGroups: ['*'], apiVersions: ['*'], resources: ['*'], operations: ['DELETE', 'CONNECT'], resourceNames: [], scope: '*' });
    assert.deepEqual(readAdmission(labelled([policyWith('validations', [{ expression: 'true', message: null, messageExpression: null, reason: null }])])).policies[0]!.validations, [
      { expression: 'true' },
    ]);
    assert.deepEqual(readAdmission(labelled([policyWith('matchConditions', null)])).policies[0]!.matchConditions, []);
  });

  test('wrong types inside rules, validations and bindings: the path of the field', () => {
    const rules = (r: Json, field = 'resourceRules') => refusal(policy({ matchConstraints: { resourceRules: [ANY_RULE], [field]: [{ ...ANY_RULE, ...r }] } }));
    assert.equal(rules({ operations: 'CREATE' }), 'd1: spec.matchConstraints.resourceRules[0].operations: must be a list of strings, not string "CREATE"');
    assert.equal(rules({ resourceNames: 'web' }), 'd1: spec.matchConstraints.resourceRules[0].resourceNames: must be a list of strings, not string "web"');
    assert.equal(rules({ resourceNames: ['web', 1] }), 'd1: spec.matchConstraints.resourceRules[0].resourceNames[1]: must be a string, not number 1');
    assert.equal(rules({ resources: 'pods' }, 'excludeResourceRules'), 'd1: spec.matchConstraints.excludeResourceRules[0].resources: must be a list of strings, not string "pods"');
    assert.equal(refusal(policy({ matchConstraints: { resourceRules: 'x' } })), 'd1: spec.matchConstraints.resourceRules: must be a list, not string "x"');
    assert.equal(refusal(policy({ matchConstraints: { resourceRules: [ANY_RULE], excludeResourceRules: {} } })), 'd1: spec.matchConstraints.excludeResourceRules: must be a list, not a mapping');
    const v = (validation: Json) => refusal(policyWith('validations', [{ expression: 'true', ...validation }]));
    assert.equal(v({ messageExpression: 1 }), 'd1: spec.validations[0].messageExpression: must be a string, not number 1');
    assert.equal(v({ reason: ['Forbidden'] }), 'd1: spec.validations[0].reason: must be a string, not a list');
    assert.equal(refusal(policy(), { ...binding(), spec: undefined }), 'd2: spec: is missing');
    assert.equal(refusal(policy(), { ...binding(), spec: 'x' }), 'd2: spec: must be a mapping, not string "x"');
    assert.equal(refusal(policy(), binding({ validationActions: 'Deny' })), 'd2: spec.validationActions: must be a list of strings, not string "Deny"');
    assert.equal(refusal(policy(), binding({ validationActions: ['Deny', null] })), 'd2: spec.validationActions[1]: must be a string, not null');
  });

  test('an uncompilable expression of exactly 160 characters is shown whole', () => {
    const exact = `${'1 + '.repeat(39)}1 ==`;
    assert.equal(exact.length, 160);
    const message = refusal(policyWith('validations', [{ expression: exact }]));
    assert.ok(message.endsWith(`(expression: ${exact})`), message);
  });

  test('a match condition named with a DNS subdomain prefix of long labels', () => {
    const name = 'policies.gwtopo.example.com/only-web';
    assert.deepEqual(readAdmission(labelled([policyWith('matchConditions', [{ name, expression: 'true' }])])).policies[0]!.matchConditions, [{ name, expression: 'true' }]);
  });

  test('other kinds of admissionregistration.k8s.io, and policies or bindings of another version, are params', () => {
    const webhook: Json = { apiVersion: V1, kind: 'ValidatingWebhookConfiguration', metadata: { name: 'hooks' }, webhooks: [] };
    const alphaBinding: Json = { ...binding(), apiVersion: 'admissionregistration.k8s.io/v1alpha1' };
    const got = readAdmission(labelled([policy(), webhook, alphaBinding]));
    assert.deepEqual([got.policies.length, got.bindings.length], [1, 0]);
    assert.deepEqual(
      got.params.map((p) => `${p.group} ${p.kind} ${p.name}`),
      ['admissionregistration.k8s.io ValidatingWebhookConfiguration hooks', 'admissionregistration.k8s.io ValidatingAdmissionPolicyBinding b'],
    );
  });

  test('an error that is no refusal (not a CrdError) is thrown as it is, not as an AdmissionError of the document', () => {
    const doc: Json = {
      apiVersion: V1,
      kind: 'ValidatingAdmissionPolicy',
      metadata: { name: 'p' },
      get spec(): never {
        throw new RangeError('boom');
      },
    };
    assert.throws(
      () => readAdmission(labelled([doc])),
      (err: unknown) => err instanceof RangeError && !(err instanceof AdmissionError) && err.message === 'boom',
    );
  });
});

describe('matching requests', () => {
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
  const noNamespace = (): Record<string, string> => {
    throw new Error('namespace labels asked for');
  };
  const hpa: MatchRequest = { info: builtinResource('autoscaling/v2', 'HorizontalPodAutoscaler')!, operation: 'CREATE', name: 'h', labels: {}, namespaceLabels: () => ({ env: 'prod' }) };
  const node: MatchRequest = { info: builtinResource('v1', 'Node')!, operation: 'UPDATE', name: 'n1', labels: { role: 'edge' }, namespaceLabels: noNamespace };

  test('the table of built-in kinds', () => {
    assert.deepEqual(builtinResource('v1', 'Service'), { group: '', version: 'v1', kind: 'Service', resource: 'services', namespaced: true, versions: ['v1'] });
    assert.deepEqual(builtinResource('autoscaling/v1', 'HorizontalPodAutoscaler'), {
      group: 'autoscaling',
      version: 'v1',
      kind: 'HorizontalPodAutoscaler',
      resource: 'horizontalpodautoscalers',
      namespaced: true,
      versions: ['v2', 'v1'],
    });
    assert.deepEqual(builtinResource('apps/v1', 'Deployment')?.versions, ['v1']);
    assert.equal(builtinResource('v1', 'Namespace')?.namespaced, false);
    assert.equal(builtinResource('apps/v2', 'Deployment'), undefined);
    assert.equal(builtinResource('v1', 'Gateway'), undefined);
    assert.equal(builtinNamespaced('', 'ConfigMap'), true);
    assert.equal(builtinNamespaced('', 'Namespace'), false);
    assert.equal(builtinNamespaced('rbac.authorization.k8s.io', 'ClusterRole'), false);
    assert.equal(builtinNamespaced('apps', 'ConfigMap'), undefined);
    assert.equal(builtinNamespaced('', 'Thing'), undefined);
  });

  test('label selectors: matchLabels and every operator, with the key present and absent', () => {
    const req = (key: string, operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist', values: string[] = []) => ({ matchLabels: {}, matchExpressions: [{ key, operator, values }] });
    const labels = { env: 'prod', tier: 'web' };
    assert.equal(selectorMatches(everything, {}), true);
    assert.equal(selectorMatches({ matchLabels: { env: 'prod' }, matchExpressions: [] }, labels), true);
    assert.equal(selectorMatches({ matchLabels: { env: 'prod', tier: 'db' }, matchExpressions: [] }, labels), false);
    assert.equal(selectorMatches({ matchLabels: { x: '' }, matchExpressions: [] }, labels), false);
    assert.equal(selectorMatches(req('env', 'In', ['test', 'prod']), labels), true);
    assert.equal(selectorMatches(req('env', 'In', ['test']), labels), false);
    assert.equal(selectorMatches(req('zone', 'In', ['a']), labels), false);
    assert.equal(selectorMatches(req('env', 'NotIn', ['prod']), labels), false);
    assert.equal(selectorMatches(req('env', 'NotIn', ['test']), labels), true);
    assert.equal(selectorMatches(req('zone', 'NotIn', ['a']), labels), true);
    assert.equal(selectorMatches(req('env', 'Exists'), labels), true);
    assert.equal(selectorMatches(req('zone', 'Exists'), labels), false);
    assert.equal(selectorMatches(req('env', 'DoesNotExist'), labels), false);
    assert.equal(selectorMatches(req('zone', 'DoesNotExist'), labels), true);
    // Every requirement must hold.
    assert.equal(selectorMatches({ matchLabels: {}, matchExpressions: [...req('env', 'Exists').matchExpressions, ...req('tier', 'In', ['db']).matchExpressions] }, labels), false);
    assert.equal(selectorMatches({ matchLabels: { env: 'prod' }, matchExpressions: req('tier', 'DoesNotExist').matchExpressions }, labels), false);
    assert.equal(isEmptySelector(everything), true);
    assert.equal(isEmptySelector({ matchLabels: { a: 'b' }, matchExpressions: [] }), false);
    assert.equal(isEmptySelector(req('a', 'Exists')), false);
  });

  test('rules: apiVersions, scope Namespaced, operations, resourceNames, subresources', () => {
    assert.deepEqual(matches(m({ resourceRules: [rule({ apiVersions: ['v2'] })] }), hpa), { version: 'v2' });
    assert.equal(matches(m({ resourceRules: [rule({ apiGroups: ['autoscaling'], apiVersions: ['v3'] })] }), hpa), undefined);
    assert.deepEqual(matches(m({ resourceRules: [rule({ scope: 'Namespaced' })] }), hpa), { version: 'v2' });
    assert.equal(matches(m({ resourceRules: [rule({ scope: 'Namespaced' })] }), node), undefined);
    assert.deepEqual(matches(m({ resourceRules: [rule({ scope: 'Cluster' })] }), node), { version: 'v1' });
    assert.deepEqual(matches(m({ resourceRules: [rule({ operations: ['UPDATE'] })] }), node), { version: 'v1' });
    assert.equal(matches(m({ resourceRules: [rule({ operations: ['CREATE', 'DELETE'] })] }), node), undefined);
    assert.deepEqual(matches(m({ resourceRules: [rule({ resourceNames: ['n0', 'n1'] })] }), node), { version: 'v1' });
    assert.deepEqual(matches(m({ resourceRules: [rule({ resources: ['pods', 'nodes'] })] }), node), { version: 'v1' });
    assert.equal(matches(m({ resourceRules: [rule({ resources: ['nodes/status'] })] }), node), undefined);
    assert.deepEqual(matches(m({ resourceRules: [rule({ resources: ['nodes/*'] })] }), node), { version: 'v1' });
    assert.equal(matches(m({ resourceRules: [rule({ resources: ['*/status'] })] }), node), undefined);
    // One of several rules is enough.
    assert.deepEqual(matches(m({ resourceRules: [rule({ resources: ['pods'] }), rule({ resources: ['nodes'] })] }), node), { version: 'v1' });
  });

  test('matchPolicy Equivalent: another served version of the resource; Exact: only its own', () => {
    const v1Only = [rule({ apiGroups: ['autoscaling'], apiVersions: ['v1'], resources: ['horizontalpodautoscalers'] })];
    assert.deepEqual(matches(m({ resourceRules: v1Only }), hpa), { version: 'v1' });
    assert.equal(matches(m({ resourceRules: v1Only, matchPolicy: 'Exact' }), hpa), undefined);
    // Its own version first, when both match.
    assert.deepEqual(matches(m({ resourceRules: [rule({ apiVersions: ['v1', 'v2'] })] }), hpa), { version: 'v2' });
    // Excluded in another version under Equivalent, not under Exact.
    assert.equal(matches(m({ excludeResourceRules: v1Only }), hpa), undefined);
    assert.deepEqual(matches(m({ excludeResourceRules: v1Only, matchPolicy: 'Exact' }), hpa), { version: 'v2' });
    assert.deepEqual(matches(m({ excludeResourceRules: [rule({ resources: ['pods'] })] }), hpa), { version: 'v2' });
  });

  test('selectors of a request: namespace labels asked only for namespaced objects; a Namespace matched on its own labels; old labels on update', () => {
    const ns = (s: Json) => m({ namespaceSelector: { matchLabels: s as Record<string, string>, matchExpressions: [] } });
    assert.deepEqual(matches(ns({ env: 'prod' }), hpa), { version: 'v2' });
    assert.equal(matches(ns({ env: 'test' }), hpa), undefined);
    // A cluster-scoped object other than a Namespace is never skipped by a namespaceSelector.
    assert.deepEqual(matches(ns({ env: 'test' }), node), { version: 'v1' });
    const namespace: MatchRequest = { info: builtinResource('v1', 'Namespace')!, operation: 'CREATE', name: 'team', labels: { env: 'test' }, namespaceLabels: noNamespace };
    assert.deepEqual(matches(ns({ env: 'test' }), namespace), { version: 'v1' });
    assert.equal(matches(ns({ env: 'prod' }), namespace), undefined);
    // Not asked when the selector is empty.
    assert.deepEqual(matches(m({}), { ...hpa, namespaceLabels: noNamespace }), { version: 'v2' });
    const obj = m({ objectSelector: { matchLabels: { role: 'edge' }, matchExpressions: [] } });
    assert.deepEqual(matches(obj, node), { version: 'v1' });
    assert.equal(matches(obj, { ...node, labels: { role: 'core' } }), undefined);
    assert.deepEqual(matches(obj, { ...node, labels: { role: 'core' }, oldLabels: { role: 'edge' } }), { version: 'v1' });
    assert.equal(matches(obj, { ...node, labels: { role: 'core' }, oldLabels: { role: 'core' } }), undefined);
  });

  // Reference: `kubectl api-resources` of Kubernetes v1.32 (NAME, APIVERSION, NAMESPACED, KIND: the API server's
  // discovery data; https://kubernetes.io/docs/reference/kubernetes-api/), for the kinds of the table.
  // HorizontalPodAutoscaler is served as autoscaling/v2 (preferred, listed by api-resources) and autoscaling/v1
  // (`kubectl api-versions`).
  const KUBERNETES_1_32 = `
namespaces                         v1                                false  Namespace
services                           v1                                true   Service
configmaps                         v1                                true   ConfigMap
secrets                            v1                                true   Secret
serviceaccounts                    v1                                true   ServiceAccount
pods                               v1                                true   Pod
endpoints                          v1                                true   Endpoints
persistentvolumeclaims             v1                                true   PersistentVolumeClaim
persistentvolumes                  v1                                false  PersistentVolume
limitranges                        v1                                true   LimitRange
resourcequotas                     v1                                true   ResourceQuota
replicationcontrollers             v1                                true   ReplicationController
nodes                              v1                                false  Node
deployments                        apps/v1                           true   Deployment
statefulsets                       apps/v1                           true   StatefulSet
daemonsets                         apps/v1                           true   DaemonSet
replicasets                        apps/v1                           true   ReplicaSet
jobs                               batch/v1                          true   Job
cronjobs                           batch/v1                          true   CronJob
horizontalpodautoscalers           autoscaling/v2                    true   HorizontalPodAutoscaler
horizontalpodautoscalers           autoscaling/v1                    true   HorizontalPodAutoscaler
poddisruptionbudgets               policy/v1                         true   PodDisruptionBudget
ingresses                          networking.k8s.io/v1              true   Ingress
ingressclasses                     networking.k8s.io/v1              false  IngressClass
networkpolicies                    networking.k8s.io/v1              true   NetworkPolicy
endpointslices                     discovery.k8s.io/v1               true   EndpointSlice
roles                              rbac.authorization.k8s.io/v1      true   Role
rolebindings                       rbac.authorization.k8s.io/v1      true   RoleBinding
clusterroles                       rbac.authorization.k8s.io/v1      false  ClusterRole
clusterrolebindings                rbac.authorization.k8s.io/v1      false  ClusterRoleBinding
storageclasses                     storage.k8s.io/v1                 false  StorageClass
priorityclasses                    scheduling.k8s.io/v1              false  PriorityClass
leases                             coordination.k8s.io/v1            true   Lease
customresourcedefinitions          apiextensions.k8s.io/v1           false  CustomResourceDefinition
validatingadmissionpolicies        admissionregistration.k8s.io/v1   false  ValidatingAdmissionPolicy
validatingadmissionpolicybindings  admissionregistration.k8s.io/v1   false  ValidatingAdmissionPolicyBinding
validatingwebhookconfigurations    admissionregistration.k8s.io/v1   false  ValidatingWebhookConfiguration
mutatingwebhookconfigurations      admissionregistration.k8s.io/v1   false  MutatingWebhookConfiguration
`;

  test("every built-in kind of the table as Kubernetes 1.32's discovery describes it", () => {
    const rows = KUBERNETES_1_32.trim()
      .split('\n')
      .map((line) => line.trim().split(/\s+/) as [string, string, string, string]);
    assert.equal(rows.length, 38);
    for (const [resource, apiVersion, namespaced, kind] of rows) {
      const slash = apiVersion.lastIndexOf('/');
      const group = slash === -1 ? '' : apiVersion.slice(0, slash);
      const version = apiVersion.slice(slash + 1);
      const versions = rows.filter((r) => r[3] === kind && r[1].startsWith(slash === -1 ? 'v' : `${group}/`)).map((r) => r[1].slice(r[1].lastIndexOf('/') + 1));
      assert.deepEqual(builtinResource(apiVersion, kind), { group, version, kind, resource, namespaced: namespaced === 'true', versions }, `${apiVersion} ${kind}`);
      assert.equal(builtinNamespaced(group, kind), namespaced === 'true', `${group} ${kind}`);
    }
    assert.deepEqual(builtinResource('autoscaling/v2', 'HorizontalPodAutoscaler')?.versions, ['v2', 'v1']);
  });

  test('rules: scope Cluster skips a namespaced resource; resourceNames skip another name; a rule without rules matches in its own version', () => {
    assert.equal(matches(m({ resourceRules: [rule({ scope: 'Cluster' })] }), hpa), undefined);
    assert.deepEqual(matches(m({ resourceRules: [rule({ scope: 'Cluster' })] }), { ...hpa, info: { ...hpa.info, namespaced: false } }), { version: 'v2' });
    assert.equal(matches(m({ resourceRules: [rule({ resourceNames: ['n0', 'n2'] })] }), node), undefined);
    // A binding's matchResources without resourceRules: whatever its policy matches, in the request's version.
    assert.deepEqual(matches(m({ resourceRules: [] }), hpa), { version: 'v2' });
    assert.deepEqual(matches(m({ resourceRules: [] }), node), { version: 'v1' });
  });

  test('matchPolicy Equivalent: one of several rules matching another version is enough', () => {
    const rules = [rule({ apiGroups: ['autoscaling'], apiVersions: ['v1'] }), rule({ resources: ['pods'] })];
    assert.deepEqual(matches(m({ resourceRules: rules }), hpa), { version: 'v1' });
    assert.equal(matches(m({ excludeResourceRules: rules }), hpa), undefined);
  });

  test('a kind named Namespace in another group is namespaced like any object: its namespace labels count, not its own', () => {
    const info: ResourceInfo = { group: 'example.com', version: 'v1', kind: 'Namespace', resource: 'namespaces', namespaced: true, versions: ['v1'] };
    const req: MatchRequest = { info, operation: 'CREATE', name: 'x', labels: { env: 'test' }, namespaceLabels: () => ({ env: 'prod' }) };
    const ns = (env: string) => m({ namespaceSelector: { matchLabels: { env }, matchExpressions: [] } });
    assert.deepEqual(matches(ns('prod'), req), { version: 'v1' });
    assert.equal(matches(ns('test'), req), undefined);
  });
});

// Evaluation: an Admission built from documents, given requests directly.

const GATEWAY: ResourceInfo = { group: 'gateway.networking.k8s.io', version: 'v1', kind: 'Gateway', resource: 'gateways', namespaced: true, versions: ['v1', 'v1beta1'] };
const gateway = (name: string, spec: Json = {}, metadata: Json = {}): Json => ({
  apiVersion: 'gateway.networking.k8s.io/v1',
  kind: 'Gateway',
  metadata: { name, namespace: 'gw', ...metadata },
  spec: { gatewayClassName: 'kgateway', listeners: [{ name: 'http', port: 80, protocol: 'HTTP' }], ...spec },
});

interface Options {
  info?: ResourceInfo;
  old?: Json;
  namespaces?: Record<string, Json>;
  admitted?: Json;
  known?: boolean;
}

function admission(docs: Json[], known = true): Admission {
  return new Admission(
    readAdmission(labelled(docs)),
    (group, kind) => builtinNamespaced(group, kind) ?? true,
    () => known,
  );
}

function requestFor(object: Json, opts: Options = {}): AdmissionRequest {
  const info = opts.info ?? builtinResource(String(object.apiVersion), String(object.kind)) ?? GATEWAY;
  return { info, object, admitted: () => opts.admitted ?? object, namespace: (name) => opts.namespaces?.[name], ...(opts.old === undefined ? {} : { old: opts.old }) };
}

/** The findings of the documents' policies for one object, as `kind: message`. */
function admit(docs: Json[], object: Json, opts: Options = {}): string[] {
  const result = admission(docs, opts.known).admit(requestFor(object, opts));
  return result.findings.map((f) => `${f.kind}: ${f.message}`);
}

const validation = (expression: string, more: Json = {}): Json => ({ validations: [{ expression, ...more }] });

describe('evaluating policies', () => {
  test('Deny, Warn and Audit: a failed validation per binding action; a passing one says nothing', () => {
    const docs = [
      policy(validation('object.metadata.name != "bad"', { message: 'not bad' })),
      binding({}, 'deny'),
      binding({ validationActions: ['Warn', 'Audit'] }, 'warn'),
      binding({ validationActions: ['Audit'] }, 'audit'),
    ];
    assert.deepEqual(admit(docs, gateway('bad')), [
      'denied: denied by ValidatingAdmissionPolicy p (binding deny, validation 0): not bad',
      'warning: warning from ValidatingAdmissionPolicy p (binding warn, validation 0): not bad',
    ]);
    assert.deepEqual(admit(docs, gateway('good')), []);
    // Deny and Audit: denied only.
    assert.deepEqual(admit([policy(validation('false', { message: 'm' })), binding({ validationActions: ['Audit', 'Deny'] })], gateway('x')), [
      'denied: denied by ValidatingAdmissionPolicy p (binding b, validation 0): m',
    ]);
  });

  test('every validation is evaluated and numbered', () => {
    const docs = [policy({ validations: [{ expression: 'false', message: 'first' }, { expression: 'true' }, { expression: 'false', message: 'third' }] }), binding()];
    assert.deepEqual(admit(docs, gateway('x')), [
      'denied: denied by ValidatingAdmissionPolicy p (binding b, validation 0): first',
      'denied: denied by ValidatingAdmissionPolicy p (binding b, validation 2): third',
    ]);
  });

  test('messages: messageExpression when it gives a usable string, else message, else the expression', () => {
    const one = (v: Json) =>
      admit([policy({ validations: [{ expression: 'false', ...v }] }), binding()], gateway('gw1'))[0]!.replace('denied: denied by ValidatingAdmissionPolicy p (binding b, validation 0): ', '');
    assert.equal(one({ messageExpression: "' name ' + object.metadata.name + ' '", message: 'fixed' }), 'name gw1');
    assert.equal(one({ messageExpression: "'  '", message: ' fixed ' }), 'fixed');
    assert.equal(one({ messageExpression: "'a\\nb'", message: 'fixed' }), 'fixed');
    assert.equal(one({ messageExpression: '1', message: 'fixed' }), 'fixed');
    assert.equal(one({ messageExpression: 'object.nope', message: 'fixed' }), 'fixed');
    assert.equal(one({ messageExpression: `'${'x'.repeat(5 * 1024)}'` }), `${'x'.repeat(5 * 1024)}`);
    assert.equal(one({ messageExpression: `'${'x'.repeat(5 * 1024 + 1)}'`, message: 'too long' }), 'too long');
    // Bytes, not characters: 2,561 two-byte characters are past 5 KiB.
    assert.equal(one({ messageExpression: `'${'é'.repeat(2561)}'`, message: 'bytes' }), 'bytes');
    assert.equal(one({ message: '   ' }), 'failed expression: false');
    assert.equal(one({}), 'failed expression: false');
    const long = `false && ${'x'.repeat(200)}`;
    assert.equal(one({ expression: long }), `failed expression: ${long.slice(0, 150)}…`);
    const exact = `false && ${'x'.repeat(151)}`; // 160 characters: not shortened
    assert.equal(one({ expression: exact }), `failed expression: ${exact}`);
    assert.equal(one({ expression: 'false  ||\n  false' }), 'failed expression: false || false');
  });

  test('runtime errors and non-bool results follow failurePolicy: Fail denies (or warns), Ignore lets the object through', () => {
    const fail = [policy(validation('object.spec.nope == 1')), binding()];
    assert.deepEqual(admit(fail, gateway('x')), [
      "denied: denied by ValidatingAdmissionPolicy p (binding b, validation 0): expression 'object.spec.nope == 1' resulted in error: no such key: nope (failurePolicy Fail)",
    ]);
    assert.deepEqual(admit([policy({ ...validation('object.spec.nope == 1'), failurePolicy: 'Ignore' }), binding()], gateway('x')), []);
    assert.deepEqual(admit([policy(validation('1')), binding({ validationActions: ['Warn'] })], gateway('x')), [
      "warning: warning from ValidatingAdmissionPolicy p (binding b, validation 0): expression '1' must evaluate to bool (failurePolicy Fail)",
    ]);
    assert.deepEqual(admit([policy({ ...validation('1'), failurePolicy: 'Ignore' }), binding()], gateway('x')), []);
  });

  test('match conditions: a false one skips the policy, an error follows failurePolicy, an unknown one leaves it not checked', () => {
    const cond = (conditions: { name: string; expression: string }[], more: Json = {}, actions = ['Deny']) =>
      admit([policy({ matchConditions: conditions, ...validation('false', { message: 'checked' }), ...more }), binding({ validationActions: actions })], gateway('x'));
    const DENIED = 'denied: denied by ValidatingAdmissionPolicy p (binding b, validation 0): checked';
    assert.deepEqual(cond([{ name: 'yes', expression: 'true' }]), [DENIED]);
    assert.deepEqual(
      cond([
        { name: 'yes', expression: 'true' },
        { name: 'no', expression: 'false' },
      ]),
      [],
    );
    assert.deepEqual(cond([{ name: 'int', expression: '1' }]), ['denied: denied by ValidatingAdmissionPolicy p (binding b): match condition int must evaluate to bool (failurePolicy Fail)']);
    assert.deepEqual(cond([{ name: 'err', expression: 'object.nope' }]), [
      'denied: denied by ValidatingAdmissionPolicy p (binding b): match condition err resulted in error: no such key: nope (failurePolicy Fail)',
    ]);
    // The first error is the one reported; a false condition wins over an error.
    assert.deepEqual(
      cond([
        { name: 'e1', expression: 'object.a' },
        { name: 'e2', expression: '2' },
      ]),
      ['denied: denied by ValidatingAdmissionPolicy p (binding b): match condition e1 resulted in error: no such key: a (failurePolicy Fail)'],
    );
    assert.deepEqual(
      cond([
        { name: 'e1', expression: 'object.a' },
        { name: 'no', expression: 'false' },
      ]),
      [],
    );
    assert.deepEqual(cond([{ name: 'e1', expression: 'object.a' }], { failurePolicy: 'Ignore' }), []);
    const user = { name: 'user', expression: "request.userInfo.username != 'admin'" };
    const NOT_CHECKED = `not-checked: ValidatingAdmissionPolicy p (binding b, match condition user) not checked: it depends on request.userInfo, which is unknown offline (expression: request.userInfo.username != 'admin')`;
    assert.deepEqual(cond([user]), [NOT_CHECKED]);
    // Unknown wins over an error, a false condition over both.
    assert.deepEqual(cond([{ name: 'err', expression: 'object.a' }, user]), [NOT_CHECKED]);
    assert.deepEqual(cond([user, { name: 'no', expression: 'false' }]), []);
    assert.deepEqual(cond([user], {}, ['Warn']), [NOT_CHECKED]);
    // Audit only: nothing to report, checked or not.
    assert.deepEqual(cond([user], {}, ['Audit']), []);
    assert.deepEqual(cond([{ name: 'opt', expression: 'object.?spec.orValue(1) == 1' }]), [
      'not-checked: ValidatingAdmissionPolicy p (binding b, match condition opt) not checked: it uses CEL optional types (.?field, [?key], optional.of), which the offline evaluator (@bufbuild/cel) cannot parse (expression: object.?spec.orValue(1) == 1)',
    ]);
  });

  test('not checked: request.userInfo, the authorizer, a missing function, optional syntax; the other validations are still evaluated', () => {
    const docs = [
      policy({
        validations: [
          { expression: "authorizer.group('gateway.networking.k8s.io').resource('gatewayclasses').check('use').allowed()" },
          { expression: 'isSemver(object.spec.listeners.size())' },
          { expression: "'system:masters' in request.userInfo.groups" },
          { expression: 'object.?spec.orValue(1) == 1' },
          { expression: 'false', message: 'still evaluated' },
        ],
      }),
      binding(),
    ];
    assert.deepEqual(admit(docs, gateway('x')), [
      "not-checked: ValidatingAdmissionPolicy p (binding b, validation 0) not checked: it depends on authorizer, which is unknown offline (expression: authorizer.group('gateway.networking.k8s.io').resource('gatewayclasses').check('use').allowed())",
      "not-checked: ValidatingAdmissionPolicy p (binding b, validation 1) not checked: the function isSemver applied to (int) (an overload of Kubernetes' CEL library) is not available offline (expression: isSemver(object.spec.listeners.size()))",
      "not-checked: ValidatingAdmissionPolicy p (binding b, validation 2) not checked: it depends on request.userInfo, which is unknown offline (expression: 'system:masters' in request.userInfo.groups)",
      'not-checked: ValidatingAdmissionPolicy p (binding b, validation 3) not checked: it uses CEL optional types (.?field, [?key], optional.of), which the offline evaluator (@bufbuild/cel) cannot parse (expression: object.?spec.orValue(1) == 1)',
      'denied: denied by ValidatingAdmissionPolicy p (binding b, validation 4): still evaluated',
    ]);
    // A function not known at all compiles (the set is not refused) and is not checked.
    const unknown = admit([policy(validation('noSuchFunction(1)')), binding()], gateway('x'));
    assert.equal(unknown.length, 1);
    assert.match(unknown[0]!, /^not-checked: ValidatingAdmissionPolicy p \(binding b, validation 0\) not checked: .*noSuchFunction.* \(expression: noSuchFunction\(1\)\)$/);
  });

  test("Kubernetes' semver normalize overloads: no leading v, leading zeros dropped, a missing minor or patch is 0", () => {
    const ok = (expression: string) => assert.deepEqual(admit([policy(validation(expression, { message: 'm' })), binding()], gateway('x')), [], expression);
    const no = (expression: string) =>
      assert.deepEqual(admit([policy(validation(expression, { message: 'm' })), binding()], gateway('x')), ['denied: denied by ValidatingAdmissionPolicy p (binding b, validation 0): m'], expression);
    ok("isSemver('v1.2.3', true) && !isSemver('v1.2.3', false) && isSemver('1.2.3', false)");
    ok("semver('v01.2', true).minor() == 2 && semver('v01.2', true).major() == 1 && semver('v01.2', true).patch() == 0");
    ok("semver('1', true) == semver('1.0.0') && semver('1.2', true).isLessThan(semver('1.10.0'))");
    ok("semver('1.2.3-rc.1+b', true) == semver('1.2.3-rc.1+b') && semver('01.02.03', true) == semver('1.2.3')");
    no("isSemver('1.2-rc.1', true)");
    no("isSemver('1.2.3.4', true)");
    no("isSemver('x.2', true)");
    no("isSemver('', true)");
  });

  test('variables: evaluated on use; their errors, unknowns and missing functions reach the validations that use them', () => {
    const vars = (variables: { name: string; expression: string }[], expression: string) => admit([policy({ variables, ...validation(expression, { message: 'm' }) }), binding()], gateway('gw1'));
    assert.deepEqual(vars([{ name: 'n', expression: 'object.metadata.name' }], "variables.n == 'gw1'"), []);
    assert.deepEqual(vars([{ name: 'n', expression: 'object.metadata.name' }], "variables.n == 'other'"), ['denied: denied by ValidatingAdmissionPolicy p (binding b, validation 0): m']);
    // A variable using another one.
    assert.deepEqual(
      vars(
        [
          { name: 'a', expression: 'object.spec.listeners.size()' },
          { name: 'b', expression: 'variables.a * 2' },
        ],
        'variables.b == 2 && variables.a == 1',
      ),
      [],
    );
    assert.deepEqual(vars([{ name: 'bad', expression: 'object.nope' }], 'variables.bad == 1'), [
      "denied: denied by ValidatingAdmissionPolicy p (binding b, validation 0): expression 'variables.bad == 1' resulted in error: variables.bad: no such key: nope (failurePolicy Fail)",
    ]);
    assert.deepEqual(vars([{ name: 'u', expression: 'request.userInfo.username' }], "variables.u == 'x'"), [
      "not-checked: ValidatingAdmissionPolicy p (binding b, validation 0) not checked: it depends on request.userInfo, which is unknown offline (expression: variables.u == 'x')",
    ]);
    assert.deepEqual(vars([{ name: 'o', expression: 'object.?spec.orValue(1)' }], 'variables.o == 1'), [
      'not-checked: ValidatingAdmissionPolicy p (binding b, validation 0) not checked: it uses CEL optional types (.?field, [?key], optional.of), which the offline evaluator (@bufbuild/cel) cannot parse (expression: variables.o == 1)',
    ]);
    assert.deepEqual(vars([{ name: 's', expression: 'isSemver(1)' }], 'variables.s'), [
      "not-checked: ValidatingAdmissionPolicy p (binding b, validation 0) not checked: the function isSemver applied to (int) (an overload of Kubernetes' CEL library) is not available offline (expression: variables.s)",
    ]);
    // The variables as a map: their names, each value evaluated.
    assert.deepEqual(
      vars(
        [
          { name: 'a', expression: '1' },
          { name: 'b', expression: 'variables.a + 1' },
        ],
        "size(variables) == 2 && 'b' in variables && variables.exists(k, k == 'b') && variables.map(k, k) == ['a', 'b'] && variables.all(k, variables[k] > 0)",
      ),
      [],
    );
    // An unused variable that would fail is never evaluated.
    assert.deepEqual(vars([{ name: 'bad', expression: 'object.nope' }], 'true'), []);
    // A variable the policy does not define.
    assert.equal(
      vars([{ name: 'a', expression: '1' }], 'variables.b == 1')[0]?.startsWith(
        "denied: denied by ValidatingAdmissionPolicy p (binding b, validation 0): expression 'variables.b == 1' resulted in error: ",
      ),
      true,
    );
  });

  test('request: kind, resource, name, namespace, operation, options; object.metadata.namespace filled in', () => {
    const expectations = [
      "request.kind.group == 'gateway.networking.k8s.io' && request.kind.version == 'v1' && request.kind.kind == 'Gateway'",
      "request.resource.group == 'gateway.networking.k8s.io' && request.resource.version == 'v1' && request.resource.resource == 'gateways'",
      "request.requestKind.version == 'v1' && request.requestResource.resource == 'gateways' && request.requestKind.kind == 'Gateway' && request.requestResource.group == 'gateway.networking.k8s.io'",
      "request.subResource == '' && request.requestSubResource == ''",
      "request.name == 'gw1' && request.namespace == 'gw' && request.operation == 'CREATE'",
      "request.dryRun == false && request.options.kind == 'CreateOptions' && request.options.apiVersion == 'meta.k8s.io/v1'",
      'oldObject == null && params == null',
      "object.apiVersion == 'gateway.networking.k8s.io/v1' && object.metadata.namespace == 'gw'",
    ];
    const docs = [policy({ validations: expectations.map((expression) => ({ expression })) }), binding()];
    // No policy reads namespaceObject: no namespace is looked up.
    assert.deepEqual(admission(docs).admit(requestFor(gateway('gw1'))), { findings: [] });
    // Without metadata.namespace: the request's namespace is default, and so is the object's.
    const nameless: Json = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' } };
    assert.deepEqual(admit([policy(validation("request.namespace == 'default' && object.metadata.namespace == 'default'")), binding()], nameless), []);
    assert.deepEqual(admit([policy(validation("request.namespace == 'default' && object.metadata.namespace == 'default'")), binding()], { ...nameless, metadata: { name: 'c', namespace: '' } }), []);
    // A cluster-scoped object: namespace '', the object unchanged.
    const node: Json = { apiVersion: 'v1', kind: 'Node', metadata: { name: 'n' } };
    assert.deepEqual(admit([policy(validation("request.namespace == '' && !has(object.metadata.namespace) && request.name == 'n'")), binding()], node), []);
    // generateName only: the name is ''.
    assert.deepEqual(admit([policy(validation("request.name == ''")), binding()], { apiVersion: 'v1', kind: 'ConfigMap', metadata: { generateName: 'c-' } }), []);
    assert.deepEqual(admit([policy(validation("request.name == ''")), binding()], { apiVersion: 'v1', kind: 'ConfigMap' }), []);
  });

  test('an update: operation UPDATE, UpdateOptions, oldObject with its namespace filled in', () => {
    const old = gateway('gw1', { listeners: [{ name: 'http', port: 8080, protocol: 'HTTP' }] }, { namespace: undefined });
    const docs = [
      policy({
        validations: [
          { expression: "request.operation == 'UPDATE' && request.options.kind == 'UpdateOptions'" },
          { expression: "oldObject.metadata.namespace == 'gw'" },
          {
            expression: 'object.spec.listeners[0].port == oldObject.spec.listeners[0].port',
            messageExpression: "'port ' + string(oldObject.spec.listeners[0].port) + ' became ' + string(object.spec.listeners[0].port)",
          },
        ],
      }),
      binding(),
    ];
    assert.deepEqual(admit(docs, gateway('gw1'), { old: { ...old, metadata: { name: 'gw1' } } }), ['denied: denied by ValidatingAdmissionPolicy p (binding b, validation 2): port 8080 became 80']);
    // An update matches a rule for UPDATE only; a create does not.
    const updateOnly = [policy({ matchConstraints: { resourceRules: [{ ...ANY_RULE, operations: ['UPDATE'] }] }, ...validation('false') }), binding()];
    assert.equal(admit(updateOnly, gateway('gw1')).length, 0);
    assert.equal(admit(updateOnly, gateway('gw1'), { old: gateway('gw1') }).length, 1);
  });

  test('the object admitted is the one the API server sees (admitted), converted to the version a rule matched in', () => {
    const docs = [
      policy({
        matchConstraints: { resourceRules: [{ apiGroups: ['gateway.networking.k8s.io'], apiVersions: ['v1beta1'], operations: ['*'], resources: ['gateways'] }] },
        validations: [
          { expression: "object.apiVersion == 'gateway.networking.k8s.io/v1beta1' && request.kind.version == 'v1beta1' && request.requestKind.version == 'v1'" },
          { expression: "request.resource.version == 'v1beta1' && request.requestResource.version == 'v1'" },
          { expression: "object.spec.defaulted == 'yes'" },
        ],
      }),
      binding(),
    ];
    const object = gateway('gw1');
    const admitted = { ...object, spec: { ...(object.spec as Json), defaulted: 'yes' } };
    assert.deepEqual(admit(docs, object, { admitted }), []);
    // Exact: no match in another version.
    const exact = structuredClone(docs);
    ((exact[0]!.spec as Json).matchConstraints as Json).matchPolicy = 'Exact';
    assert.deepEqual(admit(exact, object, { admitted }), []);
    // The core group: apiVersion is the version alone.
    const hpa = { apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', metadata: { name: 'h', namespace: 'n' } };
    assert.deepEqual(
      admit(
        [policy({ matchConstraints: { resourceRules: [{ ...ANY_RULE, apiVersions: ['v1'] }] }, ...validation("object.apiVersion == 'autoscaling/v1' && request.kind.version == 'v1'") }), binding()],
        hpa,
      ),
      [],
    );
    // admitted() is asked for only when a policy matches, once per version.
    let asked = 0;
    const req = requestFor(object, {});
    const counting: AdmissionRequest = {
      ...req,
      admitted: () => {
        asked++;
        return object;
      },
    };
    admission([policy({ matchConstraints: { resourceRules: [{ ...ANY_RULE, resources: ['pods'] }] } }), binding()]).admit(counting);
    assert.equal(asked, 0);
    admission([policy(), binding({}, 'b1'), binding({}, 'b2')]).admit(counting);
    assert.equal(asked, 1);
  });

  test("a binding's matchResources narrow its policy's match", () => {
    const docs = [
      policy(validation('false', { message: 'm' })),
      binding({ matchResources: { objectSelector: { matchLabels: { check: 'yes' } } } }, 'labelled'),
      binding({ matchResources: { resourceRules: [{ ...ANY_RULE, resources: ['services'] }] } }, 'services'),
    ];
    assert.deepEqual(admit(docs, gateway('a', {}, { labels: { check: 'yes' } })), ['denied: denied by ValidatingAdmissionPolicy p (binding labelled, validation 0): m']);
    assert.deepEqual(admit(docs, gateway('b')), []);
  });

  test('namespaceObject and namespace labels: from the request, else the set, else only kubernetes.io/metadata.name (and unknownNamespace)', () => {
    const docs = (more: Json[] = []) => [
      policy({
        ...validation(
          "'env' in namespaceObject.metadata.labels && namespaceObject.metadata.labels['env'] == 'prod' && namespaceObject.metadata.labels['kubernetes.io/metadata.name'] == 'gw' && namespaceObject.metadata.name == 'gw'",
          { message: 'not prod' },
        ),
      }),
      binding(),
      ...more,
    ];
    const ns = (env: string): Json => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'gw', labels: { env } } });
    const a = admission(docs()).admit(requestFor(gateway('x'), { namespaces: { gw: ns('prod') } }));
    assert.deepEqual(a, { findings: [] });
    const b = admission(docs([ns('prod')])).admit(requestFor(gateway('x')));
    assert.deepEqual(b, { findings: [] });
    // The manifests' Namespace object wins over the set's.
    const c = admission(docs([ns('prod')])).admit(requestFor(gateway('x'), { namespaces: { gw: ns('test') } }));
    assert.deepEqual(
      c.findings.map((f) => f.message),
      ['denied by ValidatingAdmissionPolicy p (binding b, validation 0): not prod'],
    );
    assert.equal(c.unknownNamespace, undefined);
    const d = admission(docs()).admit(requestFor(gateway('x')));
    assert.deepEqual(d, { findings: [{ kind: 'denied', message: 'denied by ValidatingAdmissionPolicy p (binding b, validation 0): not prod' }], unknownNamespace: 'gw' });
    const e = admission([
      policy(validation("namespaceObject.metadata.labels == {'kubernetes.io/metadata.name': 'gw'} && namespaceObject.kind == 'Namespace' && namespaceObject.apiVersion == 'v1'")),
      binding(),
    ]).admit(requestFor(gateway('x')));
    assert.deepEqual(e, { findings: [], unknownNamespace: 'gw' });
    // Read in a messageExpression, a variable or a match condition: looked up too.
    for (const spec of [
      { validations: [{ expression: 'true', messageExpression: 'namespaceObject.metadata.name' }] },
      { variables: [{ name: 'n', expression: 'namespaceObject.metadata.name' }] },
      { matchConditions: [{ name: 'c', expression: "namespaceObject.metadata.name == 'gw'" }] },
    ]) {
      assert.equal(admission([policy(spec), binding()]).admit(requestFor(gateway('x'))).unknownNamespace, 'gw', JSON.stringify(spec));
    }
    // A cluster-scoped object: namespaceObject null.
    assert.deepEqual(admission([policy(validation('namespaceObject == null')), binding()]).admit(requestFor({ apiVersion: 'v1', kind: 'Node', metadata: { name: 'n' } })), { findings: [] });
    // A namespaceSelector needs the labels too.
    const selected = admission([policy({ matchConstraints: { resourceRules: [ANY_RULE], namespaceSelector: { matchLabels: { env: 'prod' } } }, ...validation('false') }), binding()]);
    assert.deepEqual(selected.admit(requestFor(gateway('x'), { namespaces: { gw: ns('prod') } })).findings.length, 1);
    assert.deepEqual(selected.admit(requestFor(gateway('x'))), { findings: [], unknownNamespace: 'gw' });
    // The namespace's own name label, even when the Namespace object sets another.
    const named = admission([
      policy({ matchConstraints: { resourceRules: [ANY_RULE], namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'gw' } } }, ...validation('false') }),
      binding(),
    ]);
    const liar = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'gw', labels: { 'kubernetes.io/metadata.name': 'other' } } };
    assert.equal(named.admit(requestFor(gateway('x'), { namespaces: { gw: liar } })).findings.length, 1);
  });

  test('the exact words for optional syntax, a missing variable, and an expression shown folded', () => {
    assert.deepEqual(admit([policy(validation("object.?spec.gatewayClassName.orValue('') == 'kgateway'")), binding()], gateway('x')), [
      "not-checked: ValidatingAdmissionPolicy p (binding b, validation 0) not checked: it uses CEL optional types (.?field, [?key], optional.of), which the offline evaluator (@bufbuild/cel) cannot parse (expression: object.?spec.gatewayClassName.orValue('') == 'kgateway')",
    ]);
    assert.deepEqual(admit([policy({ variables: [{ name: 'a', expression: '1' }], ...validation('variables.nope == 1') }), binding()], gateway('x')), [
      "denied: denied by ValidatingAdmissionPolicy p (binding b, validation 0): expression 'variables.nope == 1' resulted in error: no such key: nope (failurePolicy Fail)",
    ]);
    assert.deepEqual(admit([policy(validation("  object.metadata.name\n     != 'x'  ")), binding()], gateway('x')), [
      "denied: denied by ValidatingAdmissionPolicy p (binding b, validation 0): failed expression: object.metadata.name != 'x'",
    ]);
  });

  test("request's fields, in the API server's order (userInfo among them, though unknown offline)", () => {
    const keys = "['kind', 'resource', 'subResource', 'requestKind', 'requestResource', 'requestSubResource', 'name', 'namespace', 'operation', 'userInfo', 'dryRun', 'options']";
    assert.deepEqual(admit([policy(validation(`request.map(k, k) == ${keys}`)), binding()], gateway('x')), []);
  });

  test('oldObject keeps a namespace of its own; only a missing one is the request namespace', () => {
    const docs = [policy(validation("oldObject.metadata.namespace == 'elsewhere' && object.metadata.namespace == 'gw'", { message: 'm' })), binding()];
    assert.deepEqual(admit(docs, gateway('x'), { old: gateway('x', {}, { namespace: 'elsewhere' }) }), []);
    assert.deepEqual(admit(docs, gateway('x'), { old: gateway('x', {}, { namespace: 'gw' }) }), ['denied: denied by ValidatingAdmissionPolicy p (binding b, validation 0): m']);
  });

  test("an update is matched by an objectSelector on the old object's labels", () => {
    const docs = [policy({ matchConstraints: { resourceRules: [ANY_RULE], objectSelector: { matchLabels: { tier: 'edge' } } }, ...validation('false', { message: 'm' }) }), binding()];
    assert.deepEqual(admit(docs, gateway('x'), { old: gateway('x', {}, { labels: { tier: 'edge' } }) }), ['denied: denied by ValidatingAdmissionPolicy p (binding b, validation 0): m']);
    assert.deepEqual(admit(docs, gateway('x'), { old: gateway('x') }), []);
    assert.deepEqual(admit(docs, gateway('x')), []);
  });

  test('a core-group object converted to another version: apiVersion is the bare version', () => {
    // No built-in core kind serves two versions today; the rule is the API server's for any.
    const info: ResourceInfo = { group: '', version: 'v1', kind: 'Thing', resource: 'things', namespaced: true, versions: ['v1', 'v2'] };
    const thing: Json = { apiVersion: 'v1', kind: 'Thing', metadata: { name: 't', namespace: 'n' } };
    const docs = [
      policy({ matchConstraints: { resourceRules: [{ ...ANY_RULE, apiVersions: ['v2'] }] }, ...validation("object.apiVersion != 'v2'", { messageExpression: 'object.apiVersion' }) }),
      binding(),
    ];
    assert.deepEqual(admit(docs, thing, { info }), ['denied: denied by ValidatingAdmissionPolicy p (binding b, validation 0): v2']);
  });
});

describe('params', () => {
  const limitPolicy = (more: Json = {}) =>
    policy({
      paramKind: { apiVersion: 'rules.example.com/v1', kind: 'ReplicaLimit' },
      ...validation('object.spec.replicas <= params.maxReplicas', { messageExpression: "'at most ' + string(params.maxReplicas)" }),
      ...more,
    });
  const limit = (name: string, max: number, namespace?: string, labels?: Json): Json => ({
    apiVersion: 'rules.example.com/v1',
    kind: 'ReplicaLimit',
    metadata: { name, ...(namespace === undefined ? {} : { namespace }), ...(labels === undefined ? {} : { labels }) },
    maxReplicas: max,
  });
  const deployment = (replicas: number, namespace = 'team'): Json => ({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'd', namespace }, spec: { replicas } });

  test("a param by name, in the paramRef namespace or the object's own", () => {
    const byName = (ref: Json, ...params: Json[]) => admit([limitPolicy(), binding({ paramRef: { parameterNotFoundAction: 'Deny', ...ref } }), ...params], deployment(5));
    assert.deepEqual(byName({ name: 'l', namespace: 'ops' }, limit('l', 3, 'ops')), ['denied: denied by ValidatingAdmissionPolicy p (binding b, params ReplicaLimit ops/l, validation 0): at most 3']);
    assert.deepEqual(byName({ name: 'l', namespace: 'ops' }, limit('l', 10, 'ops')), []);
    // Without paramRef.namespace: the object's namespace.
    assert.deepEqual(byName({ name: 'l' }, limit('l', 3, 'team')), ['denied: denied by ValidatingAdmissionPolicy p (binding b, params ReplicaLimit team/l, validation 0): at most 3']);
    // A param without metadata.namespace is in default.
    assert.deepEqual(byName({ name: 'l', namespace: 'default' }, limit('l', 3)), ['denied: denied by ValidatingAdmissionPolicy p (binding b, params ReplicaLimit l, validation 0): at most 3']);
    // Another name, another namespace, another kind: not found.
    const notFound =
      'denied: denied by ValidatingAdmissionPolicy p (binding b): failed to configure binding: no params found for policy binding with Deny parameterNotFoundAction (no ReplicaLimit ops/l in the schema set) (failurePolicy Fail)';
    assert.deepEqual(byName({ name: 'l', namespace: 'ops' }, limit('m', 3, 'ops')), [notFound]);
    assert.deepEqual(byName({ name: 'l', namespace: 'ops' }, limit('l', 3, 'team')), [notFound]);
    assert.deepEqual(byName({ name: 'l', namespace: 'ops' }, { ...limit('l', 3, 'ops'), kind: 'Limit' }), [notFound]);
    assert.deepEqual(byName({ name: 'l', namespace: 'ops' }, { ...limit('l', 3, 'ops'), apiVersion: 'other.example.com/v1' }), [notFound]);
    assert.deepEqual(byName({ name: 'l' }), [
      'denied: denied by ValidatingAdmissionPolicy p (binding b): failed to configure binding: no params found for policy binding with Deny parameterNotFoundAction (no ReplicaLimit team/l in the schema set) (failurePolicy Fail)',
    ]);
    // Allow: nothing.
    assert.deepEqual(admit([limitPolicy(), binding({ paramRef: { name: 'l', parameterNotFoundAction: 'Allow' } })], deployment(5)), []);
    // Ignore: the configuration error lets the object through.
    assert.deepEqual(admit([limitPolicy({ failurePolicy: 'Ignore' }), binding({ paramRef: { name: 'l', parameterNotFoundAction: 'Deny' } })], deployment(5)), []);
  });

  test('params by selector: each match evaluated in name order; an empty selector takes all', () => {
    const params = [limit('b', 3, 'team', { tier: 'x' }), limit('a', 4, 'team', { tier: 'x' }), limit('c', 1, 'team', { tier: 'y' }), limit('d', 1, 'other', { tier: 'x' })];
    const bySelector = (selector: Json) => admit([limitPolicy(), binding({ paramRef: { selector, parameterNotFoundAction: 'Deny' } }), ...params], deployment(5));
    assert.deepEqual(bySelector({ matchLabels: { tier: 'x' } }), [
      'denied: denied by ValidatingAdmissionPolicy p (binding b, params ReplicaLimit team/a, validation 0): at most 4',
      'denied: denied by ValidatingAdmissionPolicy p (binding b, params ReplicaLimit team/b, validation 0): at most 3',
    ]);
    assert.equal(bySelector({}).length, 3);
    assert.deepEqual(bySelector({ matchLabels: { tier: 'z' } }), [
      'denied: denied by ValidatingAdmissionPolicy p (binding b): failed to configure binding: no params found for policy binding with Deny parameterNotFoundAction (no ReplicaLimit matching the selector in team in the schema set) (failurePolicy Fail)',
    ]);
  });

  test('a cluster-scoped param kind: found in any namespace, named without one', () => {
    const nsParam: Json = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'limits', labels: { max: '3' } } };
    const docs = [
      policy({ paramKind: { apiVersion: 'v1', kind: 'Namespace' }, ...validation("string(object.spec.replicas) == params.metadata.labels['max']", { message: 'm' }) }),
      binding({ paramRef: { name: 'limits', parameterNotFoundAction: 'Deny' } }),
      nsParam,
    ];
    assert.deepEqual(admit(docs, deployment(5)), ['denied: denied by ValidatingAdmissionPolicy p (binding b, params Namespace limits, validation 0): m']);
    assert.deepEqual(admit(docs, deployment(3)), []);
    const missing = [docs[0]!, binding({ paramRef: { name: 'x', namespace: 'ignored', parameterNotFoundAction: 'Deny' } })];
    assert.deepEqual(admit(missing, deployment(5)), [
      'denied: denied by ValidatingAdmissionPolicy p (binding b): failed to configure binding: no params found for policy binding with Deny parameterNotFoundAction (no Namespace x in the schema set) (failurePolicy Fail)',
    ]);
    const selector = [docs[0]!, binding({ paramRef: { selector: { matchLabels: { max: '9' } }, parameterNotFoundAction: 'Deny' } })];
    assert.deepEqual(admit(selector, deployment(5)), [
      'denied: denied by ValidatingAdmissionPolicy p (binding b): failed to configure binding: no params found for policy binding with Deny parameterNotFoundAction (no Namespace matching the selector in the schema set) (failurePolicy Fail)',
    ]);
  });

  test('configuration errors: an unknown paramKind, no paramRef, a namespaced param for a cluster-scoped object — decided by failurePolicy alone', () => {
    assert.deepEqual(admit([limitPolicy(), binding({ validationActions: ['Audit'], paramRef: { name: 'l', parameterNotFoundAction: 'Allow' } })], deployment(5), { known: false }), [
      "denied: denied by ValidatingAdmissionPolicy p (binding b): failed to configure policy: failed to find resource referenced by paramKind: 'rules.example.com/v1, Kind=ReplicaLimit' (neither a kind the schema set serves nor a built-in kind such as ConfigMap) (failurePolicy Fail)",
    ]);
    assert.deepEqual(admit([limitPolicy({ failurePolicy: 'Ignore' }), binding({ paramRef: { name: 'l', parameterNotFoundAction: 'Allow' } })], deployment(5), { known: false }), []);
    assert.deepEqual(admit([limitPolicy(), binding({ validationActions: ['Warn'] })], deployment(5)), [
      'denied: denied by ValidatingAdmissionPolicy p (binding b): failed to configure binding: the policy has paramKind ReplicaLimit but the binding has no paramRef (failurePolicy Fail)',
    ]);
    assert.deepEqual(admit([limitPolicy({ failurePolicy: 'Ignore' }), binding()], deployment(5)), []);
    const node: Json = { apiVersion: 'v1', kind: 'Node', metadata: { name: 'n' }, spec: { replicas: 5 } };
    assert.deepEqual(admit([limitPolicy(), binding({ paramRef: { name: 'l', parameterNotFoundAction: 'Allow' } })], node), [
      'denied: denied by ValidatingAdmissionPolicy p (binding b): failed to configure binding: paramRef.namespace is required for a namespaced paramKind (ReplicaLimit) when the object is cluster-scoped (failurePolicy Fail)',
    ]);
    assert.deepEqual(admit([limitPolicy(), binding({ paramRef: { name: 'l', namespace: 'ops', parameterNotFoundAction: 'Deny' } }), limit('l', 3, 'ops')], node), [
      'denied: denied by ValidatingAdmissionPolicy p (binding b, params ReplicaLimit ops/l, validation 0): at most 3',
    ]);
  });

  test('a core paramKind (ConfigMap): group ""', () => {
    const cm: Json = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cfg', namespace: 'team' }, data: { max: '3' } };
    const docs = [
      policy({ paramKind: { apiVersion: 'v1', kind: 'ConfigMap' }, ...validation('object.spec.replicas <= int(params.data.max)', { message: 'm' }) }),
      binding({ paramRef: { name: 'cfg', parameterNotFoundAction: 'Deny' } }),
      cm,
    ];
    assert.deepEqual(admit(docs, deployment(5)), ['denied: denied by ValidatingAdmissionPolicy p (binding b, params ConfigMap team/cfg, validation 0): m']);
  });

  test('an unknown paramKind evaluates no validation, whatever the failurePolicy', () => {
    const failing = (more: Json = {}) => limitPolicy({ ...validation('false', { message: 'evaluated' }), ...more });
    const ref = { paramRef: { name: 'l', parameterNotFoundAction: 'Allow' } };
    assert.deepEqual(admit([failing({ failurePolicy: 'Ignore' }), binding(ref), limit('l', 3, 'team')], deployment(5), { known: false }), []);
    assert.deepEqual(admit([failing(), binding(ref), limit('l', 3, 'team')], deployment(5), { known: false }).length, 1);
    // Without a knownKind callback every paramKind is known.
    const docs = readAdmission(labelled([failing(), binding(ref), limit('l', 3, 'team')]));
    const findings = new Admission(docs, () => true).admit(requestFor(deployment(5))).findings;
    assert.deepEqual(findings, [{ kind: 'denied', message: 'denied by ValidatingAdmissionPolicy p (binding b, params ReplicaLimit team/l, validation 0): evaluated' }]);
  });

  test('params by selector in name order, whatever the order of the set', () => {
    const params = [limit('b', 3, 'team'), limit('c', 2, 'team'), limit('a', 4, 'team')];
    assert.deepEqual(admit([limitPolicy(), binding({ paramRef: { selector: {}, parameterNotFoundAction: 'Deny' } }), ...params], deployment(5)), [
      'denied: denied by ValidatingAdmissionPolicy p (binding b, params ReplicaLimit team/a, validation 0): at most 4',
      'denied: denied by ValidatingAdmissionPolicy p (binding b, params ReplicaLimit team/b, validation 0): at most 3',
      'denied: denied by ValidatingAdmissionPolicy p (binding b, params ReplicaLimit team/c, validation 0): at most 2',
    ]);
  });
});

describe('admission in a schema set (admitObject)', () => {
  const set = (...policies: string[]): SchemaSet => {
    const load = loadSetFromCrds('set', yamlDocs([read('crds.yaml'), ...policies.map((p) => read(`policies/${p}.yaml`))].join('\n---\n')));
    assert.ok(load.ok, JSON.stringify(load));
    return load.set;
  };
  const manifests = (name: string): Json[] => yamlDocs(read(`manifests/${name}.yaml`));
  /** Each object's findings, by kind/name. */
  function findings(s: SchemaSet, objects: Json[]): Record<string, string[]> {
    const namespaces = namespacesOf(objects);
    const out: Record<string, string[]> = {};
    for (const o of objects) {
      const r = admitObject(s, o, { namespace: (name) => namespaces.get(name) });
      const meta = o.metadata as Json;
      const key = `${String(o.kind)}/${meta.namespace === undefined ? '' : `${String(meta.namespace)}/`}${String(meta.name)}`;
      out[key] = [...r.findings.map((f) => `${f.kind}: ${f.message}`), ...(r.unknownNamespace === undefined ? [] : [`unknown namespace ${r.unknownNamespace}`])];
    }
    return out;
  }

  test('hasAdmission: only a set with a binding', () => {
    assert.equal(hasAdmission(set('internal-only')), true);
    const builtin = loadBuiltinSet('openchoreo-v1.2');
    assert.ok(builtin.ok);
    assert.equal(hasAdmission(builtin.set), false);
    assert.equal(hasAdmission(set()), false);
    const unbound = loadSetFromCrds('set', yamlDocs(`${read('crds.yaml')}\n---\n${read('policies/internal-only.yaml').split('\n---\n')[0]}`));
    assert.ok(unbound.ok);
    assert.equal(hasAdmission(unbound.set), false);
    assert.deepEqual(unbound.notices, ['set: ValidatingAdmissionPolicy internal-only has no binding: it applies to nothing']);
    assert.deepEqual(admitObject(builtin.set, manifests('gateways')[1], { namespace: () => undefined }), { findings: [] });
  });

  test('internal gateways only in gw-internal', () => {
    assert.deepEqual(findings(set('internal-only'), manifests('gateways')), {
      'Namespace/gw-internal': [],
      'Gateway/gw-internal/internal': [],
      'Gateway/openchoreo-data-plane/internal-elsewhere': [
        'denied: denied by ValidatingAdmissionPolicy internal-only (binding internal-only-binding, validation 0): internal gateways only in namespace gw-internal',
      ],
      'Gateway/openchoreo-data-plane/external': [],
    });
  });

  test('replica limits: params, namespaceSelector, Deny vs Warn, an unknown namespace', () => {
    assert.deepEqual(findings(set('replica-limit'), manifests('deployments')), {
      'Namespace/team-test': [],
      'Namespace/team-prod': [],
      'Deployment/team-test/too-many': [
        'denied: denied by ValidatingAdmissionPolicy replicalimit-policy.example.com (binding replicalimit-binding-test.example.com, params ReplicaLimit default/replica-limit-test.example.com, validation 0): object.spec.replicas must be no greater than 3',
      ],
      'Deployment/team-test/few': [],
      'Deployment/team-prod/huge': [
        'warning: warning from ValidatingAdmissionPolicy replicalimit-policy.example.com (binding replicalimit-binding-nontest, params ReplicaLimit default/replica-limit-prod.example.com, validation 0): object.spec.replicas must be no greater than 100',
      ],
      'Deployment/team-unknown/huge-elsewhere': [
        'warning: warning from ValidatingAdmissionPolicy replicalimit-policy.example.com (binding replicalimit-binding-nontest, params ReplicaLimit default/replica-limit-prod.example.com, validation 0): object.spec.replicas must be no greater than 100',
        'unknown namespace team-unknown',
      ],
    });
  });

  test('Deny, Warn and Audit bindings; matchPolicy Equivalent reaches the v1 objects through v1beta1', () => {
    assert.deepEqual(findings(set('actions'), manifests('ports')), {
      'Gateway/gw/denied': [
        'denied: denied by ValidatingAdmissionPolicy no-privileged-ports (binding ports-deny, validation 0): listeners must not use privileged ports',
        'denied: denied by ValidatingAdmissionPolicy no-privileged-ports (binding ports-deny, validation 1): at most two listeners',
      ],
      'Gateway/gw/warned': ['warning: warning from ValidatingAdmissionPolicy no-privileged-ports (binding ports-warn, validation 0): listeners must not use privileged ports'],
      'Gateway/gw/audited': [],
      'Gateway/gw/unlabelled': [],
    });
  });

  test('matchConditions, failurePolicy, and what is unknown offline', () => {
    const demo = findings(set('demo-match-conditions'), manifests('demo'));
    assert.deepEqual(demo['ConfigMap/demo/demo-settings'], []);
    assert.deepEqual(demo['ConfigMap/default/demo-settings'], [
      "denied: denied by ValidatingAdmissionPolicy demo-policy.example.com (binding demo-binding.example.com, validation 0): failed expression: !object.metadata.name.contains('demo') || object.metadata.namespace == 'demo'",
    ]);
    assert.deepEqual([demo['Lease/default/demo-lease'], demo['Role/default/demo-role'], demo['ConfigMap/default/settings']], [[], [], []]);
    const services = findings(set('failure-policy', 'lb-internal'), manifests('services'));
    assert.deepEqual(services['Service/gw/public-lb'], [
      "denied: denied by ValidatingAdmissionPolicy affinity-strict (binding affinity-strict, validation 0): expression 'object.spec.sessionAffinity == 'None'' resulted in error: no such key: sessionAffinity (failurePolicy Fail)",
      'denied: denied by ValidatingAdmissionPolicy lb-internal-annotation (binding lb-internal-annotation, validation 0): LoadBalancer Service public-lb needs the annotation networking.gke.io/load-balancer-type: Internal',
    ]);
    const user = findings(set('user-info'), manifests('gateways'));
    assert.deepEqual(user['Gateway/gw-internal/internal'], [
      'not-checked: ValidatingAdmissionPolicy only-admins-touch-gateways (binding only-admins-touch-gateways, match condition exclude-kubelet-requests) not checked: it depends on request.userInfo, which is unknown offline (expression: !("system:nodes" in request.userInfo.groups))',
      "not-checked: ValidatingAdmissionPolicy authorized-classes (binding authorized-classes, validation 0) not checked: it depends on authorizer, which is unknown offline (expression: authorizer.group('gateway.networking.k8s.io').resource('gatewayclasses').name(object.spec.gatewayClassName).check('use').allowed())",
    ]);
  });

  test('what admitObject skips: not an object, no apiVersion or kind, a kind neither the set nor the table knows, a version not served', () => {
    const s = set('demo-match-conditions');
    const none = { namespace: () => undefined };
    for (const o of [
      null,
      'x',
      [],
      { kind: 'ConfigMap' },
      { apiVersion: 'v1' },
      { apiVersion: 1, kind: 'ConfigMap' },
      { apiVersion: 'v1', kind: ['ConfigMap'], metadata: { name: 'demo' } },
      { apiVersion: 'v1', kind: 'Thing', metadata: { name: 'demo' } },
    ]) {
      assert.deepEqual(admitObject(s, o, none), { findings: [] }, JSON.stringify(o));
    }
    const gw = { apiVersion: 'gateway.networking.k8s.io/v2', kind: 'Gateway', metadata: { name: 'demo', namespace: 'x' } };
    assert.deepEqual(admitObject(s, gw, none), { findings: [] });
    assert.equal(admitObject(s, { ...gw, apiVersion: 'gateway.networking.k8s.io/v1' }, none).findings.length, 1);
    assert.equal(admitObject(s, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'demo' } }, none).findings.length, 1);
  });

  test('the object admitted is pruned and defaulted by its schema; old (an update) when given as an object', () => {
    const crd = crdYaml({
      group: 'example.com',
      kind: 'Thing',
      plural: 'things',
      spec: `type: object
properties:
  mode: {type: string, default: auto}
`,
      tail: `---
apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingAdmissionPolicy
metadata: {name: p}
spec:
  matchConstraints:
    resourceRules: [{apiGroups: [example.com], apiVersions: [v1], operations: ["*"], resources: [things]}]
  validations:
    - expression: "object.spec.mode == 'auto' && !has(object.spec.extra)"
      message: not defaulted or not pruned
    - expression: "request.operation == 'CREATE' || oldObject.spec.mode == object.spec.mode"
      message: mode changed
---
apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingAdmissionPolicyBinding
metadata: {name: b}
spec: {policyName: p, validationActions: [Deny]}
`,
    });
    const load = loadSetFromCrds('set', yamlDocs(crd));
    assert.ok(load.ok);
    const thing = { apiVersion: 'example.com/v1', kind: 'Thing', metadata: { name: 't', namespace: 'n' }, spec: { extra: 1 } };
    assert.deepEqual(admitObject(load.set, thing, { namespace: () => undefined }), { findings: [] });
    assert.deepEqual(admitObject(load.set, { ...thing, spec: { mode: 'manual' } }, { namespace: () => undefined }).findings, [
      { kind: 'denied', message: 'denied by ValidatingAdmissionPolicy p (binding b, validation 0): not defaulted or not pruned' },
    ]);
    assert.deepEqual(admitObject(load.set, thing, { namespace: () => undefined, old: { ...thing, spec: { mode: 'manual' } } }).findings, [
      { kind: 'denied', message: 'denied by ValidatingAdmissionPolicy p (binding b, validation 1): mode changed' },
    ]);
    // An old value that is no object: a create.
    assert.deepEqual(admitObject(load.set, thing, { namespace: () => undefined, old: 'x' }), { findings: [] });
  });

  test('namespacesOf: v1 Namespace objects with a name', () => {
    const ns = (metadata: unknown, apiVersion = 'v1', kind = 'Namespace') => ({ apiVersion, kind, metadata });
    const got = namespacesOf([
      ns({ name: 'a' }),
      ns({ name: 'b' }, 'v2'),
      ns({ name: 'c' }, 'v1', 'ConfigMap'),
      ns({}),
      ns('x'),
      ns({ name: 1 }),
      null,
      'x',
      ns({ name: 'a', labels: { second: 'yes' } }),
    ]);
    assert.deepEqual([...got.keys()], ['a']);
    assert.deepEqual(got.get('a'), ns({ name: 'a', labels: { second: 'yes' } }));
  });
});

describe('the wording of findings', () => {
  test('rules and hints', () => {
    assert.deepEqual(ADMISSION_RULES, { denied: 'admission-denied', warning: 'admission-warning', 'not-checked': 'admission-not-checked' });
    assert.deepEqual(ADMISSION_HINTS, {
      denied: "the cluster's ValidatingAdmissionPolicy refuses the object: change it, or the policy or its binding in the schema set",
      warning: 'the API server accepts the object with this warning (the binding says Warn): change the object, or the policy or its binding in the schema set',
      'not-checked':
        'gwtopo could not evaluate this offline (https://github.com/gwtopo/gwtopo/blob/main/docs/schema-sets.md#admission-policies); the API server will: check with kubectl apply --dry-run=server',
    });
  });

  test('namespaceNotice: at most five names, then how many more', () => {
    const hint = 'add the Namespace objects (with their labels) to the manifests or the schema set, so that namespaceSelector and namespaceObject see them';
    assert.deepEqual(namespaceNotice(['a'], 'the manifests'), {
      rule: 'admission-namespace-unknown',
      message: 'no Namespace object in the manifests or the schema set for a: admission policies see only the label kubernetes.io/metadata.name there',
      hint,
    });
    assert.equal(
      namespaceNotice(['a', 'b', 'c', 'd', 'e'], 'x').message,
      'no Namespace object in x or the schema set for a, b, c, d, e: admission policies see only the label kubernetes.io/metadata.name there',
    );
    assert.equal(
      namespaceNotice(['a', 'b', 'c', 'd', 'e', 'f', 'g'], 'x').message,
      'no Namespace object in x or the schema set for a, b, c, d, e, +2 more: admission policies see only the label kubernetes.io/metadata.name there',
    );
  });
});
