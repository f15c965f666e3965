// ValidatingAdmissionPolicy, ValidatingAdmissionPolicyBinding and their params (admissionregistration.k8s.io/v1,
// and v1beta1 read the same way)
// read from the documents of a schema set (contract §15). What the API server would refuse to store is refused
// here (CrdError, a schema-set error naming the document and field), and so is what the contract pins as a set
// error: a binding with both Deny and Warn, a binding to a policy the set does not hold.
import { type FieldPath, formatPath } from '../../diagnostics/problem.js';
import { closest } from '../../diagnostics/suggest.js';
import { compile, usesOptionalSyntax } from '../cel/env.js';
import { CrdError, isRecord } from '../schema/crd.js';

/** A policy, binding or param the API server would not store (or that the contract refuses): a schema-set error. */
export class AdmissionError extends CrdError {}

type Json = Record<string, unknown>;

interface LabelRequirement {
  key: string;
  operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist';
  values: string[];
}

/** A label selector; `{matchLabels: {}, matchExpressions: []}` matches everything. */
export interface LabelSelector {
  matchLabels: Record<string, string>;
  matchExpressions: LabelRequirement[];
}

export type Operation = 'CREATE' | 'UPDATE' | 'DELETE' | 'CONNECT';

export interface ResourceRule {
  apiGroups: string[];
  apiVersions: string[];
  resources: string[];
  operations: string[];
  resourceNames: string[];
  scope: 'Cluster' | 'Namespaced' | '*';
}

export interface MatchResources {
  namespaceSelector: LabelSelector;
  objectSelector: LabelSelector;
  resourceRules: ResourceRule[];
  excludeResourceRules: ResourceRule[];
  matchPolicy: 'Exact' | 'Equivalent';
}

interface NamedExpression {
  name: string;
  expression: string;
}

interface Validation {
  expression: string;
  message?: string;
  messageExpression?: string;
  reason?: string;
}

export interface Policy {
  name: string;
  failurePolicy: 'Fail' | 'Ignore';
  paramKind?: { apiVersion: string; kind: string };
  matchConstraints: MatchResources;
  matchConditions: NamedExpression[];
  variables: NamedExpression[];
  validations: Validation[];
}

export type ValidationAction = 'Deny' | 'Warn' | 'Audit';

interface ParamRef {
  name?: string;
  namespace?: string;
  selector?: LabelSelector;
  parameterNotFoundAction: 'Allow' | 'Deny';
}

export interface Binding {
  name: string;
  policyName: string;
  paramRef?: ParamRef;
  matchResources?: MatchResources;
  validationActions: ValidationAction[];
}

/** An object of the set that a policy may take as its params: a ConfigMap, or an object of a kind the set defines. */
export interface Param {
  group: string;
  kind: string;
  name: string;
  namespace: string | undefined;
  labels: Record<string, string>;
  object: Json;
}

export interface AdmissionDocuments {
  policies: Policy[];
  bindings: Binding[];
  params: Param[];
  /** Namespace objects of the set, by name. */
  namespaces: Map<string, Json>;
  notices: string[];
}

/** v1beta1 has the same schema for every field read here (Kubernetes 1.28+), so it is read like v1. */
const ADMISSION: ReadonlySet<unknown> = new Set(['admissionregistration.k8s.io/v1', 'admissionregistration.k8s.io/v1beta1']);
const OPERATIONS = new Set(['CREATE', 'UPDATE', 'DELETE', 'CONNECT', '*']);
const OPERATORS = new Set(['In', 'NotIn', 'Exists', 'DoesNotExist']);
const ACTIONS = new Set(['Deny', 'Warn', 'Audit']);
const REASONS = new Set(['Unauthorized', 'Forbidden', 'Invalid', 'RequestEntityTooLarge']);

/** Whether a document of a set is read by this module (the others are skipped with a notice). */
export function isAdmissionKind(apiVersion: unknown, kind: unknown): boolean {
  return ADMISSION.has(apiVersion) && (kind === 'ValidatingAdmissionPolicy' || kind === 'ValidatingAdmissionPolicyBinding');
}

function fail(path: FieldPath, message: string): never {
  // Stryker disable next-line StringLiteral: equivalent: every caller names a field, so the path is never empty
  throw new AdmissionError(`${formatPath(path) || '(document)'}: ${message}`);
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  return `${typeof value} ${JSON.stringify(value)}`;
}

function wrong(value: unknown, path: FieldPath, what: string): never {
  return fail(path, value === undefined ? 'is missing' : `must be ${what}, not ${describe(value)}`);
}

function mapping(value: unknown, path: FieldPath): Json {
  return isRecord(value) ? value : wrong(value, path, 'a mapping');
}

function optionalMapping(value: unknown, path: FieldPath): Json | undefined {
  return value === undefined || value === null ? undefined : mapping(value, path);
}

function string(value: unknown, path: FieldPath): string {
  return typeof value === 'string' ? value : wrong(value, path, 'a string');
}

function optionalString(value: unknown, path: FieldPath): string | undefined {
  return value === undefined || value === null ? undefined : string(value, path);
}

function strings(value: unknown, path: FieldPath): string[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) wrong(value, path, 'a list of strings');
  return value.map((v, i) => string(v, [...path, i]));
}

function list(value: unknown, path: FieldPath): unknown[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value : wrong(value, path, 'a list');
}

function oneOf<T extends string>(value: unknown, path: FieldPath, allowed: readonly T[], fallback?: T): T {
  if ((value === undefined || value === null) && fallback !== undefined) return fallback;
  const s = string(value, path);
  if (!allowed.includes(s as T)) fail(path, `must be one of ${allowed.join(', ')}, not ${JSON.stringify(s)}`);
  return s as T;
}

export function labelsOf(object: Json): Record<string, string> {
  const labels = isRecord(object.metadata) && isRecord(object.metadata.labels) ? object.metadata.labels : {};
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(labels)) if (typeof v === 'string') out[k] = v;
  return out;
}

function selector(value: unknown, path: FieldPath): LabelSelector {
  const raw = optionalMapping(value, path) ?? {};
  const matchLabels: Record<string, string> = {};
  for (const [k, v] of Object.entries(optionalMapping(raw.matchLabels, [...path, 'matchLabels']) ?? {})) matchLabels[k] = string(v, [...path, 'matchLabels', k]);
  const matchExpressions = list(raw.matchExpressions, [...path, 'matchExpressions']).map((e, i): LabelRequirement => {
    const at = [...path, 'matchExpressions', i];
    const m = mapping(e, at);
    const key = string(m.key, [...at, 'key']);
    const operator = string(m.operator, [...at, 'operator']);
    if (!OPERATORS.has(operator)) fail([...at, 'operator'], `must be one of In, NotIn, Exists, DoesNotExist, not ${JSON.stringify(operator)}`);
    const values = strings(m.values, [...at, 'values']);
    if ((operator === 'In' || operator === 'NotIn') && values.length === 0) fail([...at, 'values'], `must be specified when operator is ${operator}`);
    if ((operator === 'Exists' || operator === 'DoesNotExist') && values.length > 0) fail([...at, 'values'], `may not be specified when operator is ${operator}`);
    return { key, operator: operator as LabelRequirement['operator'], values };
  });
  return { matchLabels, matchExpressions };
}

function resourceRule(value: unknown, path: FieldPath): ResourceRule {
  const m = mapping(value, path);
  const operations = strings(m.operations, [...path, 'operations']);
  operations.forEach((o, i) => {
    if (!OPERATIONS.has(o)) fail([...path, 'operations', i], `must be one of CREATE, UPDATE, DELETE, CONNECT, *, not ${JSON.stringify(o)}`);
  });
  for (const key of ['apiGroups', 'apiVersions', 'resources', 'operations'] as const) {
    if (strings(m[key], [...path, key]).length === 0) fail([...path, key], 'must name at least one (or *)');
  }
  return {
    // Stryker disable ArrayDeclaration,StringLiteral: equivalent: the loop above read these three with the same paths, so they cannot fail here
    apiGroups: strings(m.apiGroups, [...path, 'apiGroups']),
    apiVersions: strings(m.apiVersions, [...path, 'apiVersions']),
    resources: strings(m.resources, [...path, 'resources']),
    // Stryker restore ArrayDeclaration,StringLiteral
    operations,
    resourceNames: strings(m.resourceNames, [...path, 'resourceNames']),
    scope: oneOf(m.scope, [...path, 'scope'], ['Cluster', 'Namespaced', '*'], '*'),
  };
}

function matchResources(value: unknown, path: FieldPath, policy: boolean): MatchResources {
  const m = mapping(value, path);
  const resourceRules = list(m.resourceRules, [...path, 'resourceRules']).map((r, i) => resourceRule(r, [...path, 'resourceRules', i]));
  if (policy && resourceRules.length === 0) fail([...path, 'resourceRules'], 'must hold at least one rule');
  return {
    namespaceSelector: selector(m.namespaceSelector, [...path, 'namespaceSelector']),
    objectSelector: selector(m.objectSelector, [...path, 'objectSelector']),
    resourceRules,
    excludeResourceRules: list(m.excludeResourceRules, [...path, 'excludeResourceRules']).map((r, i) => resourceRule(r, [...path, 'excludeResourceRules', i])),
    matchPolicy: oneOf(m.matchPolicy, [...path, 'matchPolicy'], ['Exact', 'Equivalent'], 'Equivalent'),
  };
}

/** A CEL expression of a policy: required, and one the API server compiles (its parser's errors refuse the policy). */
function expression(value: unknown, path: FieldPath): string {
  const text = string(value, path);
  if (text.trim() === '') fail(path, 'is required (an empty expression)');
  checkCompiles(text, path);
  return text;
}

/**
 * Refuses a syntax error, as the API server refuses to store such a policy. Optional syntax (`.?field`) is a
 * feature gwtopo's parser lacks, not an error: it stays "not checked" at evaluation; so do unknown functions
 * (they compile here and are reported when reached).
 */
function checkCompiles(text: string, path: FieldPath): void {
  const compiled = compile(text);
  if (compiled.ok || usesOptionalSyntax(text)) return;
  const shown = text.trim().replace(/\s+/g, ' ');
  fail(path, `compilation failed: ${compiled.error.split('\n')[0]} (expression: ${shown.length > 160 ? `${shown.slice(0, 150)}…` : shown})`);
}

/** A qualified name (as label keys): an optional DNS subdomain prefix and '/', then at most 63 alphanumerics, '-', '_', '.'. */
const QUALIFIED_NAME = /^(?:[a-z0-9](?:[-a-z0-9]*[a-z0-9])?(?:\.[a-z0-9](?:[-a-z0-9]*[a-z0-9])?)*\/)?[A-Za-z0-9](?:[-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/;

const CEL_IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

function namedExpressions(value: unknown, path: FieldPath, names: 'qualified' | 'identifier'): NamedExpression[] {
  const seen = new Set<string>();
  return list(value, path).map((v, i) => {
    const m = mapping(v, [...path, i]);
    const name = string(m.name, [...path, i, 'name']);
    if (seen.has(name)) fail([...path, i, 'name'], `${JSON.stringify(name)} is used twice`);
    if (names === 'identifier' && !CEL_IDENTIFIER.test(name)) fail([...path, i, 'name'], `${JSON.stringify(name)} must be a valid CEL identifier`);
    if (names === 'qualified' && !QUALIFIED_NAME.test(name)) {
      fail(
        [...path, i, 'name'],
        `${JSON.stringify(name)} must be a qualified name: alphanumerics, '-', '_' or '.' (at most 63), starting and ending with an alphanumeric, with an optional DNS subdomain prefix and '/'`,
      );
    }
    seen.add(name);
    return { name, expression: expression(m.expression, [...path, i, 'expression']) };
  });
}

function readPolicy(doc: Json, name: string): Policy {
  const spec = mapping(doc.spec, ['spec']);
  const paramKind = optionalMapping(spec.paramKind, ['spec', 'paramKind']);
  const validations = list(spec.validations, ['spec', 'validations']).map((v, i): Validation => {
    const at = ['spec', 'validations', i];
    const m = mapping(v, at);
    const out: Validation = { expression: expression(m.expression, [...at, 'expression']) };
    const message = optionalString(m.message, [...at, 'message']);
    if (message !== undefined) {
      if (/[\r\n]/.test(message)) fail([...at, 'message'], 'must not contain line breaks');
      out.message = message;
    }
    const messageExpression = optionalString(m.messageExpression, [...at, 'messageExpression']);
    if (messageExpression !== undefined) {
      checkCompiles(messageExpression, [...at, 'messageExpression']);
      out.messageExpression = messageExpression;
    }
    const reason = optionalString(m.reason, [...at, 'reason']);
    if (reason !== undefined) {
      if (!REASONS.has(reason)) fail([...at, 'reason'], `must be one of ${[...REASONS].join(', ')}, not ${JSON.stringify(reason)}`);
      out.reason = reason;
    }
    return out;
  });
  if (validations.length === 0 && list(spec.auditAnnotations, ['spec', 'auditAnnotations']).length === 0) fail(['spec', 'validations'], 'must hold at least one validation (or auditAnnotations)');
  const policy: Policy = {
    name,
    failurePolicy: oneOf(spec.failurePolicy, ['spec', 'failurePolicy'], ['Fail', 'Ignore'], 'Fail'),
    // Stryker disable next-line ConditionalExpression: equivalent: matchResources refuses an absent value with the same path and words (is missing)
    matchConstraints: spec.matchConstraints === undefined ? fail(['spec', 'matchConstraints'], 'is missing') : matchResources(spec.matchConstraints, ['spec', 'matchConstraints'], true),
    matchConditions: namedExpressions(spec.matchConditions, ['spec', 'matchConditions'], 'qualified'),
    variables: namedExpressions(spec.variables, ['spec', 'variables'], 'identifier'),
    validations,
  };
  if (paramKind !== undefined) policy.paramKind = { apiVersion: string(paramKind.apiVersion, ['spec', 'paramKind', 'apiVersion']), kind: string(paramKind.kind, ['spec', 'paramKind', 'kind']) };
  return policy;
}

function readBinding(doc: Json, name: string): Binding {
  const spec = mapping(doc.spec, ['spec']);
  const actions = strings(spec.validationActions, ['spec', 'validationActions']);
  if (actions.length === 0) fail(['spec', 'validationActions'], 'must hold at least one of Deny, Warn, Audit');
  actions.forEach((a, i) => {
    if (!ACTIONS.has(a)) fail(['spec', 'validationActions', i], `must be one of Deny, Warn, Audit, not ${JSON.stringify(a)}`);
    if (actions.indexOf(a) !== i) fail(['spec', 'validationActions', i], `${a} is listed twice`);
  });
  if (actions.includes('Deny') && actions.includes('Warn')) fail(['spec', 'validationActions'], 'Deny and Warn may not be used together (Deny already tells the client why)');
  const binding: Binding = { name, policyName: string(spec.policyName, ['spec', 'policyName']), validationActions: actions as ValidationAction[] };
  const ref = optionalMapping(spec.paramRef, ['spec', 'paramRef']);
  if (ref !== undefined) {
    const paramRef: ParamRef = { parameterNotFoundAction: oneOf(ref.parameterNotFoundAction, ['spec', 'paramRef', 'parameterNotFoundAction'], ['Allow', 'Deny']) };
    const refName = optionalString(ref.name, ['spec', 'paramRef', 'name']);
    if (refName !== undefined) paramRef.name = refName;
    const namespace = optionalString(ref.namespace, ['spec', 'paramRef', 'namespace']);
    if (namespace !== undefined) paramRef.namespace = namespace;
    if (ref.selector !== undefined && ref.selector !== null) paramRef.selector = selector(ref.selector, ['spec', 'paramRef', 'selector']);
    if ((paramRef.name === undefined) === (paramRef.selector === undefined)) fail(['spec', 'paramRef'], 'must set exactly one of name and selector');
    binding.paramRef = paramRef;
  }
  if (spec.matchResources !== undefined && spec.matchResources !== null) binding.matchResources = matchResources(spec.matchResources, ['spec', 'matchResources'], false);
  return binding;
}

/** `group` of an apiVersion (`''` for the core group). */
export function groupOf(apiVersion: string): string {
  const slash = apiVersion.lastIndexOf('/');
  return slash === -1 ? '' : apiVersion.slice(0, slash);
}

/**
 * Policies, bindings, params and Namespaces from the documents of a set (each with the label that names it in
 * messages), in path then document order; a name defined again replaces the earlier definition, with a notice.
 */
export function readAdmission(documents: readonly { doc: Json; label: string }[]): AdmissionDocuments {
  const policies = new Map<string, { policy: Policy; label: string }>();
  const bindings = new Map<string, { binding: Binding; label: string }>();
  const params = new Map<string, { param: Param; label: string }>();
  const namespaces = new Map<string, Json>();
  const notices: string[] = [];
  const again = (label: string, what: string, first: string): void => {
    notices.push(`${label} defines ${what} again: it replaces ${first}, as a later kubectl apply would`);
  };
  for (const { doc, label } of documents) {
    const metadata = isRecord(doc.metadata) ? doc.metadata : {};
    try {
      const name = string(metadata.name, ['metadata', 'name']);
      if (doc.kind === 'ValidatingAdmissionPolicy' && ADMISSION.has(doc.apiVersion)) {
        const policy = readPolicy(doc, name);
        const first = policies.get(name);
        if (first !== undefined) again(label, `ValidatingAdmissionPolicy ${name}`, first.label);
        policies.set(name, { policy, label });
      } else if (doc.kind === 'ValidatingAdmissionPolicyBinding' && ADMISSION.has(doc.apiVersion)) {
        const binding = readBinding(doc, name);
        const first = bindings.get(name);
        if (first !== undefined) again(label, `ValidatingAdmissionPolicyBinding ${name}`, first.label);
        bindings.set(name, { binding, label });
      } else {
        const namespace = optionalString(metadata.namespace, ['metadata', 'namespace']);
        const kind = string(doc.kind, ['kind']);
        const group = groupOf(string(doc.apiVersion, ['apiVersion']));
        if (kind === 'Namespace' && group === '') namespaces.set(name, doc);
        // Stryker disable next-line StringLiteral: equivalent: the key only tells params apart, and a namespace (a DNS label) is never named like the placeholder
        const key = `${group}/${kind}/${namespace ?? ''}/${name}`;
        const first = params.get(key);
        if (first !== undefined) again(label, `${kind} ${namespace === undefined ? '' : `${namespace}/`}${name}`, first.label);
        params.set(key, { param: { group, kind, name, namespace, labels: labelsOf(doc), object: doc }, label });
      }
    } catch (err) {
      if (err instanceof CrdError) throw new AdmissionError(`${label}: ${err.message}`);
      throw err;
    }
  }
  for (const { binding, label } of bindings.values()) {
    if (!policies.has(binding.policyName)) {
      const guess = closest(binding.policyName, [...policies.keys()]);
      throw new AdmissionError(
        `${label}: spec.policyName: the set holds no ValidatingAdmissionPolicy ${JSON.stringify(binding.policyName)}${guess === undefined ? '' : ` (did you mean ${JSON.stringify(guess)}?)`}`,
      );
    }
  }
  return {
    policies: [...policies.values()].map((p) => p.policy),
    bindings: [...bindings.values()].map((b) => b.binding),
    params: [...params.values()].map((p) => p.param),
    namespaces,
    notices,
  };
}
