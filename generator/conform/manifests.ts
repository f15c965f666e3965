// `gwtopo conform`: any Kubernetes YAML (multi-document streams, List kinds) validated against a schema
// set. Every finding is positioned at the offending field in its file (the nearest existing parent when
// the field is absent, e.g. a required one). Pure: the texts are read by parse/manifests.ts.
import type { FieldPath, Problem } from '../diagnostics/problem.js';
import type { ManifestText } from '../parse/manifests.js';
import { type Positioned, problemAt as problem, type ReadObjects, readObjects } from '../parse/objects.js';
import { docUrl } from '../support/docs.js';
import { admitObject, hasAdmission, namespacesOf } from './admission/admit.js';
import { groupOf } from './admission/policy.js';
import { ADMISSION_HINTS, ADMISSION_RULES, namespaceNotice } from './admission/report.js';
import { type SchemaSet, validateObject } from './index.js';
import { reportable } from './stage.js';

/** Kinds the set has no schema for, with how many objects of each were seen. */
export interface NotChecked {
  apiVersion: string;
  kind: string;
  count: number;
}

export interface ConformResult {
  problems: Problem[];
  /** Objects read (List items counted one by one). */
  resources: number;
  /** Objects with an error. */
  invalid: number;
  notChecked: NotChecked[];
}

type Raw = Record<string, unknown>;
const isMap = (v: unknown): v is Raw =>
  typeof v === 'object' &&
  v !== null &&
  // Stryker disable next-line ConditionalExpression: equivalent: every caller then reads a named key, which a YAML sequence never has
  !Array.isArray(v);

/**
 * A server-side-apply partial object (gwtopo's control-plane overlays, or any object Argo CD applies with
 * Validate=false or Flux merges with ssa: Merge) holds only the fields it sets: the `required` list
 * directly under spec is not enforced.
 */
function isPartial(object: Raw): boolean {
  const annotations = isMap(object.metadata) && isMap(object.metadata.annotations) ? object.metadata.annotations : {};
  const argo = annotations['argocd.argoproj.io/sync-options'];
  return annotations['kustomize.toolkit.fluxcd.io/ssa'] === 'Merge' || (typeof argo === 'string' && argo.split(',').some((o) => o.trim() === 'Validate=false'));
}

/** `Gateway/edge` (the contract's `<kind>/<name>`). */
function label(object: Raw): string {
  const name = isMap(object.metadata) ? object.metadata.name : undefined;
  if (name === undefined || name === null) return `${String(object.kind)}/(no name)`;
  return `${String(object.kind)}/${typeof name === 'object' ? JSON.stringify(name) : String(name)}`;
}

/** Kinds not checked are unique by apiVersion and kind: two of them are never equal. */
function byKind(a: NotChecked, b: NotChecked): number {
  if (a.kind !== b.kind) {
    // Stryker disable next-line EqualityOperator: equivalent: the kinds differ here, so < and <= agree
    return a.kind < b.kind ? -1 : 1;
  }
  // Stryker disable next-line EqualityOperator: equivalent: the apiVersions of one kind differ, so < and <= agree
  return a.apiVersion < b.apiVersion ? -1 : 1;
}

class Conformer {
  readonly problems: Problem[] = [];
  resources = 0;
  invalid = 0;
  private readonly notChecked = new Map<string, NotChecked>();
  /** `group/Kind` of every CRD in the set: a kind it has in other versions only is refused, not unchecked. */
  private readonly known: Set<string>;
  /** The Namespace objects of the inputs, when the set has admission policies. */
  private namespaces: Map<string, Raw> | undefined;
  /** Namespaces a policy needed the labels of and no Namespace object defines, with the first object concerned. */
  private readonly unknownNamespaces = new Map<string, { at: Positioned; prefix: FieldPath; resource: string }>();

  constructor(
    private readonly set: SchemaSet,
    private readonly strict: boolean,
    private readonly fieldValidation: FieldValidation,
  ) {
    // Stryker disable next-line Regex: equivalent: a kind of the set is group/version/Kind, with exactly two slashes
    this.known = new Set(set.kinds().map((k) => k.replace(/\/[^/]+\/([^/]+)$/, '/$1')));
  }

  /** One object at `prefix` in its document. */
  object(at: Positioned, prefix: FieldPath, object: unknown): void {
    this.resources++;
    if (!isMap(object) || typeof object.apiVersion !== 'string' || typeof object.kind !== 'string' || object.apiVersion === '' || object.kind === '') {
      this.invalid++;
      this.problems.push(
        problem('error', at, prefix, 'conform-input', 'not a Kubernetes object: a map with apiVersion and kind is expected', {
          hint: 'conform reads Kubernetes manifests (as kubectl apply -f takes them)',
        }),
      );
      return;
    }
    const resource = label(object);
    let invalid = false;
    let unchecked = false;
    const group = groupOf(object.apiVersion);
    for (const f of reportable(validateObject(this.set, object, { partial: isPartial(object) }))) {
      const where = [...prefix, ...f.path];
      if (f.kind === 'missing-kind') {
        if (this.known.has(`${group}/${object.kind}`)) {
          invalid = true;
          this.problems.push(problem('error', at, [...where, 'apiVersion'], 'crd-missing', f.message, { resource, objectPath: ['apiVersion'], hint: 'use a version the CRD serves' }));
        } else if (this.strict) {
          invalid = true;
          this.problems.push(
            problem('error', at, where, 'crd-missing', `${f.message} (--strict)`, {
              resource,
              objectPath: f.path,
              hint: 'check it against a set that has its CRD (--crds), or leave --strict out to count it as not checked',
            }),
          );
        } else {
          unchecked = true;
          const key = `${object.apiVersion}\u0000${object.kind}`;
          const entry = this.notChecked.get(key) ?? { apiVersion: object.apiVersion, kind: object.kind, count: 0 };
          entry.count++;
          this.notChecked.set(key, entry);
        }
      } else if (f.kind === 'not-checked') {
        this.problems.push(
          problem('warning', at, where, 'crd-not-checked', f.message, {
            resource,
            objectPath: f.path,
            hint: `gwtopo could not evaluate this rule (${docUrl('schema-sets.md', 'not-checked')}); the API server will`,
          }),
        );
      } else if (f.message.startsWith('unknown field ') && this.fieldValidation !== 'Strict') {
        // The API server's fieldValidation: Warn stores the object without the field and warns; Ignore just drops it.
        if (this.fieldValidation === 'Warn') {
          this.problems.push(
            problem('warning', at, where, 'crd-unknown-field', `${f.message}: the API server drops it (fieldValidation=Warn)`, {
              resource,
              objectPath: f.path,
              hint: 'remove the field, or move it where the schema has it; --field-validation Strict refuses it',
            }),
          );
        }
      } else {
        invalid = true;
        this.problems.push(problem('error', at, where, 'crd-invalid', f.message, { resource, objectPath: f.path }));
      }
    }
    if (
      // Stryker disable next-line ConditionalExpression: equivalent: namespaces is undefined only for a set without policies, where admitObject finds nothing
      this.namespaces !== undefined &&
      !isPartial(object) &&
      this.admit(at, prefix, object, resource) &&
      !invalid
    ) {
      invalid = true;
      // A kind without schema (a Service) that a policy denies counts as invalid, not as not checked.
      if (unchecked) {
        const key = `${object.apiVersion}\u0000${object.kind}`;
        const entry = this.notChecked.get(key)!;
        entry.count--;
        if (entry.count === 0) this.notChecked.delete(key);
      }
    }
    if (invalid) this.invalid++;
  }

  /** The set's admission policies on one object; whether one denied it. */
  private admit(at: Positioned, prefix: FieldPath, object: Raw, resource: string): boolean {
    const namespaces = this.namespaces!;
    const result = admitObject(this.set, object, { namespace: (name) => namespaces.get(name) });
    let denied = false;
    for (const f of result.findings) {
      denied ||= f.kind === 'denied';
      this.problems.push(problem(f.kind === 'denied' ? 'error' : 'warning', at, prefix, ADMISSION_RULES[f.kind], f.message, { resource, objectPath: [], hint: ADMISSION_HINTS[f.kind] }));
    }
    if (result.unknownNamespace !== undefined && !this.unknownNamespaces.has(result.unknownNamespace)) this.unknownNamespaces.set(result.unknownNamespace, { at, prefix, resource });
    return denied;
  }

  /** Every input: its documents, List items one by one (read all first when policies need the Namespace objects). */
  inputs(inputs: readonly ManifestText[]): void {
    // Stryker disable next-line ConditionalExpression,BlockStatement: equivalent: reading all first gives the same problems in the same order, and admitObject finds nothing without policies
    if (!hasAdmission(this.set)) {
      for (const input of inputs) this.read(readObjects(input, 'conform-input'));
      return;
    }
    const read = inputs.map((input) => readObjects(input, 'conform-input'));
    this.namespaces = namespacesOf(read.flatMap((r) => r.objects.map((o) => o.object)));
    for (const r of read) this.read(r);
  }

  private read(read: ReadObjects): void {
    this.problems.push(...read.problems);
    for (const { at, prefix, object } of read.objects) this.object(at, prefix, object);
  }

  result(): ConformResult {
    const first = [...this.unknownNamespaces.values()][0];
    if (first !== undefined) {
      const notice = namespaceNotice([...this.unknownNamespaces.keys()], 'the manifests');
      this.problems.push(problem('warning', first.at, first.prefix, notice.rule, notice.message, { resource: first.resource, objectPath: [], hint: notice.hint }));
    }
    const notChecked = [...this.notChecked.values()].sort(byKind);
    return { problems: this.problems, resources: this.resources, invalid: this.invalid, notChecked };
  }
}

/** Validates every object of the inputs against the set. */
/** The API server's fieldValidation (kubectl --validate=strict|warn|ignore): what an unknown field does. */
export type FieldValidation = 'Strict' | 'Warn' | 'Ignore';
export const FIELD_VALIDATIONS: readonly FieldValidation[] = ['Strict', 'Warn', 'Ignore'];

export function conformManifests(set: SchemaSet, inputs: readonly ManifestText[], strict: boolean, fieldValidation: FieldValidation = 'Strict'): ConformResult {
  const c = new Conformer(set, strict, fieldValidation);
  c.inputs(inputs);
  return c.result();
}

/** The results of several threads as one (problems in any order: the command sorts them). */
export function mergeResults(results: readonly ConformResult[]): ConformResult {
  const notChecked = new Map<string, NotChecked>();
  for (const r of results) {
    for (const k of r.notChecked) {
      const key = `${k.apiVersion}\u0000${k.kind}`;
      const seen = notChecked.get(key);
      notChecked.set(key, seen === undefined ? { ...k } : { ...seen, count: seen.count + k.count });
    }
  }
  return {
    problems: results.flatMap((r) => r.problems),
    resources: results.reduce((n, r) => n + r.resources, 0),
    invalid: results.reduce((n, r) => n + r.invalid, 0),
    notChecked: [...notChecked.values()].sort(byKind),
  };
}
