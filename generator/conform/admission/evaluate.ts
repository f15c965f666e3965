// A set's ValidatingAdmissionPolicies evaluated for one object, as the API server's validating admission policy
// plugin does for a create (or an update, given the old object): for each binding whose policy and own match
// resources match the request, the params it refers to (each evaluated), the match conditions, then every
// validation; a failed validation is reported per the binding's validationActions (Deny → error, Warn →
// warning, Audit → nothing), a runtime error per the policy's failurePolicy. Unlike the API server, every
// denial is reported, not only the first. What depends on what is unknown offline (request.userInfo, the
// authorizer) is "not checked", naming the policy. Contract §15; README.md of this folder.
import { type CelInput, celError, celMap, isCelError } from '@bufbuild/cel';
import { compile, errorText, unavailable, usesOptionalSyntax } from '../cel/env.js';
import { untypedValue } from '../cel/values.js';
import { isRecord } from '../schema/crd.js';
import { isEmptySelector, type MatchRequest, matches, type ResourceInfo, selectorMatches } from './match.js';
import { type AdmissionDocuments, type Binding, labelsOf, type Param, type Policy, type ValidationAction } from './policy.js';

type Json = Record<string, unknown>;

export interface AdmissionFinding {
  kind: 'denied' | 'warning' | 'not-checked';
  message: string;
}

/** One object to admit. */
export interface AdmissionRequest {
  info: ResourceInfo;
  /** The object as submitted. */
  object: Json;
  /** The object the API server's admission sees (pruned, defaulted): asked for only when a policy matches. */
  admitted: () => Json;
  /** The object it replaces (an update). */
  old?: Json;
  /** A Namespace object of the checked manifests, by name. */
  namespace: (name: string) => Json | undefined;
}

export interface AdmissionResult {
  findings: AdmissionFinding[];
  /** A namespace whose labels a policy needed and neither the manifests nor the set define. */
  unknownNamespace?: string;
}

/** Marks a value that is unknown offline; an evaluation reaching it is not checked. */
const UNKNOWN = '\u0000unknown offline: ';
/** Marks a variable that could not be evaluated offline (a missing function, an uncompilable expression). */
const MISSING = '\u0000not evaluable offline: ';
const MESSAGE_EXPRESSION_MAX_BYTES = 5 * 1024;

type Outcome = { kind: 'value'; value: unknown } | { kind: 'unknown'; what: string } | { kind: 'missing'; why: string } | { kind: 'error'; message: string };

/** The text of a CEL error without @bufbuild/cel's wrapping of errors carried in values. */
function cleanError(message: string): string {
  return errorText(message.replaceAll('Unsupported input Error: ', ''));
}

/** Why an expression cannot be compiled, in the words of crd-not-checked. */
function notCompiled(expression: string, error: string): string {
  return usesOptionalSyntax(expression) ? 'it uses CEL optional types (.?field, [?key], optional.of), which the offline evaluator (@bufbuild/cel) cannot parse' : `it cannot be compiled: ${error}`;
}

function evaluate(expression: string, activation: Record<string, unknown>): Outcome {
  const compiled = compile(expression);
  if (!compiled.ok) return { kind: 'missing', why: notCompiled(expression, compiled.error) };
  const result = compiled.program(activation);
  if (!isCelError(result)) return { kind: 'value', value: result };
  const unknown = result.message.indexOf(UNKNOWN);
  if (unknown !== -1) return { kind: 'unknown', what: result.message.slice(unknown + UNKNOWN.length).split('\u0000')[0]! };
  if (/\bauthorizer\b/.test(expression)) return { kind: 'unknown', what: 'authorizer' };
  const missing = result.message.indexOf(MISSING);
  if (missing !== -1) return { kind: 'missing', why: result.message.slice(missing + MISSING.length).split('\u0000')[0]! };
  const why = unavailable(result);
  if (why !== undefined) return { kind: 'missing', why };
  return { kind: 'error', message: cleanError(result.message) };
}

/** `request`: what the API server knows of a request, minus userInfo (unknown offline). */
class RequestFields extends Map<string, CelInput> {
  override get(name: string): CelInput | undefined {
    if (name === 'userInfo') return celError(`${UNKNOWN}request.userInfo\u0000`) as unknown as CelInput;
    return super.get(name);
  }
}

/** `variables`: each evaluated on first use, in the activation it belongs to. */
class Variables extends Map<string, CelInput> {
  private readonly done = new Map<string, CelInput>();

  constructor(
    private readonly policy: Policy,
    private readonly activation: Record<string, unknown>,
  ) {
    super(policy.variables.map((v) => [v.name, null]));
  }

  override get(name: string): CelInput | undefined {
    // Stryker disable next-line ConditionalExpression: equivalent: evaluating the variable again gives the same value (the cache only saves work)
    if (this.done.has(name)) return this.done.get(name);
    const variable = this.policy.variables.find((v) => v.name === name);
    if (variable === undefined) return undefined;
    const got = evaluate(variable.expression, this.activation);
    const value: CelInput =
      got.kind === 'value'
        ? (got.value as CelInput)
        : (celError(got.kind === 'unknown' ? `${UNKNOWN}${got.what}\u0000` : got.kind === 'missing' ? `${MISSING}${got.why}\u0000` : `variables.${name}: ${got.message}`) as unknown as CelInput);
    this.done.set(name, value);
    return value;
  }

  // Stryker disable next-line BlockStatement: equivalent: @bufbuild/cel never calls a map's forEach (it reads get, has, keys and entries)
  override forEach(callback: (value: CelInput, key: string, map: Map<string, CelInput>) => void, thisArg?: unknown): void {
    for (const k of super.keys()) callback.call(thisArg, this.get(k)!, k, this);
  }
}

const str = (value: string): CelInput => value;

function gvk(group: string, version: string, kind: string): CelInput {
  return celMap(
    new Map([
      ['group', str(group)],
      ['version', str(version)],
      ['kind', str(kind)],
    ]),
  );
}

function gvr(group: string, version: string, resource: string): CelInput {
  return celMap(
    new Map([
      ['group', str(group)],
      ['version', str(version)],
      ['resource', str(resource)],
    ]),
  );
}

function nameOf(object: Json): string {
  return isRecord(object.metadata) && typeof object.metadata.name === 'string' ? object.metadata.name : '';
}

/**
 * The object with `metadata.namespace` set to the request's namespace when it has none: the API server fills it
 * in (from the request's namespace) before admission. namespace '' (a cluster-scoped kind): unchanged.
 */
function withNamespace(object: Json, namespace: string): Json {
  if (namespace === '') return object;
  const meta = isRecord(object.metadata) ? object.metadata : {};
  if (typeof meta.namespace === 'string' && meta.namespace !== '') return object;
  return { ...object, metadata: { ...meta, namespace } };
}

/** A name shortened for messages. */
function shown(expression: string): string {
  const text = expression.trim().replace(/\s+/g, ' ');
  return text.length > 160 ? `${text.slice(0, 150)}…` : text;
}

/** Whether any expression of the policy reads the namespace object. */
const readsNamespace = new WeakMap<Policy, boolean>();
function usesNamespaceObject(policy: Policy): boolean {
  let uses = readsNamespace.get(policy);
  // Stryker disable next-line ConditionalExpression: equivalent: computing it again gives the same answer (the cache only saves work)
  if (uses === undefined) {
    const texts = [...policy.matchConditions, ...policy.variables].map((e) => e.expression);
    // Stryker disable next-line StringLiteral: equivalent: the placeholder only has to not name namespaceObject
    for (const v of policy.validations) texts.push(v.expression, v.messageExpression ?? '');
    uses = texts.some((t) => /\bnamespaceObject\b/.test(t));
    readsNamespace.set(policy, uses);
  }
  return uses;
}

/** Whether a binding's paramRef selects a param: by name, else by its selector (readBinding requires exactly one). */
function selects(ref: NonNullable<Binding['paramRef']>, p: Param): boolean {
  if (ref.name !== undefined) return p.name === ref.name;
  // Stryker disable next-line ConditionalExpression,LogicalOperator: equivalent: without a name there is a selector, and an empty one matches any labels
  return ref.selector === undefined || isEmptySelector(ref.selector) || selectorMatches(ref.selector, p.labels);
}

/** Params in name order. */
function byName(a: Param, b: Param): number {
  if (a.name < b.name) return -1;
  // Stryker disable next-line ConditionalExpression,EqualityOperator: equivalent: V8's sort only asks whether the result is negative, so 1 and 0 order alike
  return a.name > b.name ? 1 : 0;
}

/** The policies of a set, ready to evaluate. */
export class Admission {
  private readonly policies: Map<string, Policy>;
  private readonly bindings: readonly Binding[];
  private readonly params: readonly Param[];
  private readonly namespaces: ReadonlyMap<string, Json>;

  constructor(
    documents: AdmissionDocuments,
    /** Whether objects of a params kind live in namespaces. */
    private readonly namespacedKind: (group: string, kind: string) => boolean,
    /** Whether the API server would find the resource of a paramKind (a kind the set serves, or a built-in one). */
    private readonly knownKind: (apiVersion: string, kind: string) => boolean = () => true,
  ) {
    this.policies = new Map(documents.policies.map((p) => [p.name, p]));
    this.bindings = documents.bindings;
    this.params = documents.params;
    this.namespaces = documents.namespaces;
  }

  admit(req: AdmissionRequest): AdmissionResult {
    const { info, object } = req;
    const operation = req.old === undefined ? 'CREATE' : 'UPDATE';
    const name = nameOf(object);
    const meta = isRecord(object.metadata) ? object.metadata : {};
    const namespace = info.namespaced ? (typeof meta.namespace === 'string' && meta.namespace !== '' ? meta.namespace : 'default') : '';
    let unknownNamespace: string | undefined;
    let namespaceObject: Json | undefined;
    const namespaceOf = (): Json => {
      // Stryker disable next-line ConditionalExpression: equivalent: building it again gives an equal object and the same unknownNamespace
      if (namespaceObject === undefined) {
        const found = req.namespace(namespace) ?? this.namespaces.get(namespace);
        if (found === undefined) unknownNamespace = namespace;
        // The API server labels every namespace with its name.
        const labels = { ...labelsOf(found ?? {}), 'kubernetes.io/metadata.name': namespace };
        const base = found ?? { apiVersion: 'v1', kind: 'Namespace', metadata: { name: namespace } };
        namespaceObject = { ...base, metadata: { ...(isRecord(base.metadata) ? base.metadata : {}), labels } };
      }
      return namespaceObject;
    };
    const match: MatchRequest = {
      info,
      operation,
      name,
      labels: labelsOf(object),
      ...(req.old === undefined ? {} : { oldLabels: labelsOf(req.old) }),
      namespaceLabels: () => labelsOf(namespaceOf()),
    };
    const findings: AdmissionFinding[] = [];
    const objects = new Map<string, CelInput>();
    const objectIn = (version: string): CelInput => {
      let value = objects.get(version);
      if (value === undefined) {
        const admitted = withNamespace(req.admitted(), namespace);
        const apiVersion = info.group === '' ? version : `${info.group}/${version}`;
        // Stryker disable next-line ConditionalExpression: equivalent: in the request's own version apiVersion is the object's own (info comes from it)
        value = untypedValue(version === info.version ? admitted : { ...admitted, apiVersion });
        objects.set(version, value);
      }
      return value;
    };
    for (const binding of this.bindings) {
      const policy = this.policies.get(binding.policyName)!;
      const matched = matches(policy.matchConstraints, match);
      if (matched === undefined) continue;
      if (binding.matchResources !== undefined && matches(binding.matchResources, match) === undefined) continue;
      const report = new Reporter(policy, binding, findings);
      const base: Record<string, unknown> = {
        object: objectIn(matched.version),
        oldObject: req.old === undefined ? null : untypedValue(withNamespace(req.old, namespace)),
        request: this.request(info, matched.version, name, namespace, operation),
        namespaceObject: info.namespaced && usesNamespaceObject(policy) ? untypedValue(namespaceOf()) : null,
      };
      for (const param of this.paramsOf(policy, binding, info, namespace, report)) {
        const activation: Record<string, unknown> = { ...base, params: param === undefined ? null : untypedValue(param.object) };
        activation.variables = celMap(new Variables(policy, activation));
        report.param = param;
        this.validate(policy, activation, report);
      }
    }
    return unknownNamespace === undefined ? { findings } : { findings, unknownNamespace };
  }

  private request(info: ResourceInfo, version: string, name: string, namespace: string, operation: string): CelInput {
    const kind = gvk(info.group, version, info.kind);
    const resource = gvr(info.group, version, info.resource);
    const options = operation === 'CREATE' ? 'CreateOptions' : 'UpdateOptions';
    return celMap(
      new RequestFields([
        ['kind', kind],
        ['resource', resource],
        ['subResource', ''],
        ['requestKind', gvk(info.group, info.version, info.kind)],
        ['requestResource', gvr(info.group, info.version, info.resource)],
        ['requestSubResource', ''],
        ['name', name],
        ['namespace', namespace],
        ['operation', operation],
        ['userInfo', null],
        ['dryRun', false],
        [
          'options',
          celMap(
            new Map([
              ['apiVersion', str('meta.k8s.io/v1')],
              ['kind', str(options)],
            ]),
          ),
        ],
      ]),
    );
  }

  /** The params a binding gives its policy: [undefined] without paramKind, else each param found (maybe none). */
  private paramsOf(policy: Policy, binding: Binding, info: ResourceInfo, namespace: string, report: Reporter): (Param | undefined)[] {
    if (policy.paramKind === undefined) return [undefined];
    if (!this.knownKind(policy.paramKind.apiVersion, policy.paramKind.kind)) {
      report.configError(
        `failed to find resource referenced by paramKind: '${policy.paramKind.apiVersion}, Kind=${policy.paramKind.kind}' (neither a kind the schema set serves nor a built-in kind such as ConfigMap)`,
        'policy',
      );
      return [];
    }
    const ref = binding.paramRef;
    if (ref === undefined) {
      report.configError(`the policy has paramKind ${policy.paramKind.kind} but the binding has no paramRef`);
      return [];
    }
    const slash = policy.paramKind.apiVersion.lastIndexOf('/');
    const group = slash === -1 ? '' : policy.paramKind.apiVersion.slice(0, slash);
    const kind = policy.paramKind.kind;
    const namespaced = this.namespacedKind(group, kind);
    const where = namespaced ? (ref.namespace ?? (info.namespaced ? namespace : undefined)) : undefined;
    if (namespaced && where === undefined) {
      report.configError(`paramRef.namespace is required for a namespaced paramKind (${kind}) when the object is cluster-scoped`);
      return [];
    }
    const found = this.params.filter((p) => p.group === group && p.kind === kind && (!namespaced || (p.namespace ?? 'default') === where) && selects(ref, p)).sort(byName);
    if (found.length === 0 && ref.parameterNotFoundAction === 'Deny') {
      const which = ref.name !== undefined ? `${kind} ${where === undefined ? '' : `${where}/`}${ref.name}` : `${kind} matching the selector${where === undefined ? '' : ` in ${where}`}`;
      report.configError(`no params found for policy binding with Deny parameterNotFoundAction (no ${which} in the schema set)`);
    }
    return found;
  }

  private validate(policy: Policy, activation: Record<string, unknown>, report: Reporter): void {
    // A false condition: the policy does not apply, whatever the others say; else an unknown one leaves it
    // undecided offline; else an error follows failurePolicy.
    let conditionError: string | undefined;
    let undecided: { name: string; why: string; expression: string } | undefined;
    for (const condition of policy.matchConditions) {
      const got = evaluate(condition.expression, activation);
      if (got.kind === 'value') {
        if (got.value === false) return;
        if (got.value !== true) conditionError ??= `match condition ${condition.name} must evaluate to bool`;
      } else if (got.kind === 'error') conditionError ??= `match condition ${condition.name} resulted in error: ${got.message}`;
      else undecided ??= { name: condition.name, why: got.kind === 'unknown' ? `it depends on ${got.what}, which is unknown offline` : got.why, expression: condition.expression };
    }
    if (undecided !== undefined) {
      report.notChecked(`match condition ${undecided.name}`, undecided.why, undecided.expression);
      return;
    }
    if (conditionError !== undefined) {
      report.error(undefined, conditionError);
      return;
    }
    policy.validations.forEach((v, i) => {
      const got = evaluate(v.expression, activation);
      if (got.kind === 'unknown' || got.kind === 'missing') {
        report.notChecked(`validation ${i}`, got.kind === 'unknown' ? `it depends on ${got.what}, which is unknown offline` : got.why, v.expression);
      } else if (got.kind === 'error') report.error(i, `expression '${shown(v.expression)}' resulted in error: ${got.message}`);
      else if (typeof got.value !== 'boolean') report.error(i, `expression '${shown(v.expression)}' must evaluate to bool`);
      else if (!got.value) report.fail(i, this.message(v, activation));
    });
  }

  private message(v: Policy['validations'][number], activation: Record<string, unknown>): string {
    // Stryker disable next-line ConditionalExpression: equivalent: an absent messageExpression does not compile (compile(undefined) fails), so the message falls back alike
    if (v.messageExpression !== undefined) {
      const got = evaluate(v.messageExpression, activation);
      // Stryker disable next-line ConditionalExpression: equivalent: only a value outcome has a value, so the typeof test alone decides
      const isValue = got.kind === 'value';
      if (isValue && typeof got.value === 'string') {
        const text = got.value.trim();
        if (text !== '' && !text.includes('\n') && Buffer.byteLength(text) <= MESSAGE_EXPRESSION_MAX_BYTES) return text;
      }
    }
    return v.message?.trim() ? v.message.trim() : `failed expression: ${shown(v.expression)}`;
  }
}

/** Findings of one binding, worded with the policy, binding, param and validation. */
class Reporter {
  param: Param | undefined;

  constructor(
    private readonly policy: Policy,
    private readonly binding: Binding,
    private readonly findings: AdmissionFinding[],
  ) {}

  private where(what: string | undefined): string {
    const param = this.param === undefined ? '' : `, params ${this.param.kind} ${this.param.namespace === undefined ? '' : `${this.param.namespace}/`}${this.param.name}`;
    return `ValidatingAdmissionPolicy ${this.policy.name} (binding ${this.binding.name}${param}${what === undefined ? '' : `, ${what}`})`;
  }

  private has(action: ValidationAction): boolean {
    return this.binding.validationActions.includes(action);
  }

  /** A validation that failed (index undefined: the binding as a whole, e.g. its params are missing). */
  fail(index: number | undefined, message: string): void {
    const where = this.where(index === undefined ? undefined : `validation ${index}`);
    if (this.has('Deny')) this.findings.push({ kind: 'denied', message: `denied by ${where}: ${message}` });
    if (this.has('Warn')) this.findings.push({ kind: 'warning', message: `warning from ${where}: ${message}` });
  }

  /** A runtime error: failurePolicy Fail makes it a failure, Ignore lets the object through. */
  error(index: number | undefined, message: string): void {
    if (this.policy.failurePolicy === 'Fail') this.fail(index, `${message} (failurePolicy Fail)`);
  }

  /**
   * A binding the API server cannot configure (its params missing with Deny, no paramRef for a paramKind): the
   * dispatcher's configuration error, decided by failurePolicy alone — Fail denies whatever the binding's
   * actions (even Warn or Audit), Ignore lets the object through.
   */
  configError(message: string, what: 'binding' | 'policy' = 'binding'): void {
    if (this.policy.failurePolicy === 'Fail') this.findings.push({ kind: 'denied', message: `denied by ${this.where(undefined)}: failed to configure ${what}: ${message} (failurePolicy Fail)` });
  }

  notChecked(what: string, why: string, expression: string): void {
    if (!this.has('Deny') && !this.has('Warn')) return;
    this.findings.push({ kind: 'not-checked', message: `${this.where(what)} not checked: ${why} (expression: ${shown(expression)})` });
  }
}
