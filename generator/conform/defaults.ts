// Objects as the API server stores them (contract §12): every `default` of the cluster's CRDs applied, so that
// what gwtopo writes is a fixed point of API-server defaulting. Argo CD's default diff does not apply CRD
// defaults: a field the server adds, above all inside a list item, would otherwise stay OutOfSync for ever.
import { Ctx } from './schema/ctx.js';
import { asLoadedSet, type SchemaSet } from './sets.js';
import { processed } from './validate.js';

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

/** The value as YAML will hold it: renderers leave optional fields undefined, which the serializer omits. */
function written(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(written);
  if (!isObject(value)) return value;
  const out: Json = {};
  for (const [key, v] of Object.entries(value)) if (v !== undefined) out[key] = written(v);
  return out;
}

/**
 * `object` with the defaults of its CRD in `set` applied (a new value). An object whose kind the set lacks, or
 * that the set finds invalid, is returned as it is: conform reports it, and nothing is written. A server-side-apply
 * partial (`partial`) gains defaults only under spec.gateway, the one field it owns: defaults elsewhere in spec
 * would make it claim fields another manager owns.
 */
export function withDefaults<T extends Json>(set: SchemaSet, object: T, partial = false): T {
  const { apiVersion, kind } = object;
  // Stryker disable next-line ConditionalExpression: equivalent: the set finds no kind that is not a string, and the object is returned as it is below
  if (typeof apiVersion !== 'string' || typeof kind !== 'string') return object;
  const found = asLoadedSet(set).lookup(apiVersion, kind);
  if (!found.ok) return object;
  const ctx = new Ctx(partial);
  const value = processed(found.compiled, written(object) as Json, ctx);
  if (ctx.findings.length > 0) return object;
  if (!partial) return value as T;
  const spec = object.spec;
  const gateway = isObject(value.spec) ? value.spec.gateway : undefined;
  if (!isObject(spec) || !('gateway' in spec) || gateway === undefined) return object;
  return { ...object, spec: { ...spec, gateway } };
}
