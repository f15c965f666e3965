// Objects as the API server stores them (contract §12): every `default` of the cluster's CRDs applied, so that
// what gwtopo writes is a fixed point of API-server defaulting. Argo CD's default diff does not apply CRD
// defaults: a field the server adds, above all inside a list item, would otherwise stay OutOfSync for ever.
import type { Finding } from './finding.js';
import { Ctx } from './schema/ctx.js';
import { asLoadedSet, type SchemaSet } from './sets.js';
import { checkProcessed, processed, validateObject } from './validate.js';

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

/** An object with its CRD's defaults applied, and what the API server would say about it (a create). */
export interface Defaulted<T> {
  resource: T;
  findings: Finding[];
}

/**
 * What `defaulted` computed per set and kind of object (whole, partial), by the object's JSON: fleets render many
 * identical objects (the same gateway and parameters in many clusters), and both steps are pure functions of
 * the set and the object.
 */
const cache = new WeakMap<SchemaSet, [whole: Map<string, Defaulted<Json>>, partial: Map<string, Defaulted<Json>>]>();
/** Past this many distinct objects a cache starts over (memory stays bounded on huge fleets). */
const MAX_CACHED = 20_000;

/**
 * `object` with the defaults of its CRD in `set` applied (a new value), with the findings of validating it
 * against the set as a create — one walk of the schema for both (conform reuses the findings). An object whose
 * kind the set lacks, or that the set finds invalid, is returned as it is: conform reports it, and nothing is
 * written. A server-side-apply partial (`partial`) gains defaults only under spec.gateway, the one field it owns:
 * defaults elsewhere in spec would make it claim fields another manager owns. Identical objects share the
 * returned value: it must not be changed.
 */
export function defaulted<T extends Json>(set: SchemaSet, object: T, partial = false): Defaulted<T> {
  let caches = cache.get(set);
  if (caches === undefined) cache.set(set, (caches = [new Map(), new Map()]));
  const byObject = caches[partial ? 1 : 0];
  const key = JSON.stringify(object);
  const seen = byObject.get(key);
  if (seen !== undefined) return seen as Defaulted<T>;
  const made = defaultedNow(set, object, JSON.parse(key) as Json, partial);
  if (byObject.size >= MAX_CACHED) byObject.clear();
  byObject.set(key, made);
  return made;
}

/** `copy` is the object as YAML will hold it (its JSON read back: renderers leave optional fields undefined, which the serializer omits). */
function defaultedNow<T extends Json>(set: SchemaSet, object: T, copy: Json, partial: boolean): Defaulted<T> {
  const { apiVersion, kind } = object;
  // validateObject reads `partial` only for a kind the set has: these two need not pass it.
  if (typeof apiVersion !== 'string' || typeof kind !== 'string') return { resource: object, findings: validateObject(set, copy) };
  const found = asLoadedSet(set).lookup(apiVersion, kind);
  if (!found.ok) return { resource: object, findings: validateObject(set, copy) };
  const ctx = new Ctx(partial);
  const value = processed(found.compiled, copy, ctx);
  const clean = ctx.findings.length === 0;
  const findings = checkProcessed(found.compiled, value, ctx);
  if (!clean) return { resource: object, findings };
  if (!partial) return { resource: value as T, findings };
  const spec = object.spec;
  const gateway = isObject(value.spec) ? value.spec.gateway : undefined;
  if (!isObject(spec) || !('gateway' in spec) || gateway === undefined) return { resource: object, findings };
  return { resource: { ...object, spec: { ...spec, gateway } }, findings };
}

/** `object` with the defaults of its CRD in `set` applied (see `defaulted`). */
export function withDefaults<T extends Json>(set: SchemaSet, object: T, partial = false): T {
  return defaulted(set, object, partial).resource;
}
