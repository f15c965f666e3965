// The entry of admission for the conform stage and `gwtopo conform`: one object against the policies of its
// schema set, seen as the API server's admission sees it (pruned and defaulted by its CRD's schema), with the
// Namespace objects of the checked manifests. Costs nothing for a set without bindings.
import { isRecord } from '../schema/crd.js';
import { Ctx } from '../schema/ctx.js';
import { asLoadedSet, type SchemaSet } from '../sets.js';
import { processed } from '../validate.js';
import type { AdmissionResult } from './evaluate.js';

type Json = Record<string, unknown>;

const NOTHING: AdmissionResult = { findings: [] };

/** Whether the set holds a bound ValidatingAdmissionPolicy (the builtin sets hold none). */
export function hasAdmission(set: SchemaSet): boolean {
  return asLoadedSet(set).admission !== undefined;
}

export interface AdmitOptions {
  /** The object it replaces (an update). */
  old?: unknown;
  /** A Namespace object of the checked manifests, by name. */
  namespace: (name: string) => Json | undefined;
}

/**
 * The policies' findings for one object: none for a set without policies, an object that is not a Kubernetes
 * object, or a kind whose resource neither the set nor the table of built-in kinds knows.
 */
export function admitObject(set: SchemaSet, object: unknown, opts: AdmitOptions): AdmissionResult {
  const loaded = asLoadedSet(set);
  const admission = loaded.admission;
  if (admission === undefined || !isRecord(object) || typeof object.apiVersion !== 'string' || typeof object.kind !== 'string') return NOTHING;
  const info = loaded.resourceInfo(object.apiVersion, object.kind);
  if (info === undefined) return NOTHING;
  const admitted = (): Json => {
    const found = loaded.lookup(object.apiVersion as string, object.kind as string);
    // Stryker disable next-line BooleanLiteral: equivalent: partial changes only findings (spec's required list), not the processed value admission reads
    return found.ok ? processed(found.compiled, object, new Ctx(false)) : object;
  };
  const old = isRecord(opts.old) ? opts.old : undefined;
  // Stryker disable next-line ConditionalExpression: equivalent: admit tests old === undefined, so an absent old and old: undefined are alike
  return admission.admit({ info, object, admitted, namespace: opts.namespace, ...(old === undefined ? {} : { old }) });
}

/** Namespace objects among objects, by name. */
export function namespacesOf(objects: Iterable<unknown>): Map<string, Json> {
  const out = new Map<string, Json>();
  for (const o of objects) {
    if (isRecord(o) && o.apiVersion === 'v1' && o.kind === 'Namespace' && isRecord(o.metadata) && typeof o.metadata.name === 'string') out.set(o.metadata.name, o);
  }
  return out;
}
