// `gwtopo diff --live` (contract §14): what the first sync does to captured objects. Each rendered object is
// created (nothing captured with its identity), updated (a field gwtopo renders differs from the live value), or
// unchanged. The comparison is what server-side apply would change: only the fields gwtopo renders count (status,
// the server's metadata and fields another manager set are not changes); maps merge key by key, lists follow the
// CRD (x-kubernetes-list-type map: items by their keys; set: items by value; otherwise atomic: the whole list);
// partials (control-plane overlays) compare spec.gateway only. The rendered objects already carry the cluster's
// CRD defaults (the pipeline's default step), so a default the API server stored is no change either. Pure.
import { createTwoFilesPatch, FILE_HEADERS_ONLY } from 'diff';
import { parse } from 'yaml';
import { asLoadedSet, type SchemaSet } from '../conform/sets.js';
import type { Captured } from '../parse/capture.js';
import { capturedId } from '../parse/capture.js';
import { toYaml } from '../serialize/yaml.js';
import { engineOwned, type Ownership, slotOwners } from './ownership.js';
import type { RenderedResource } from './resources.js';
import type { FieldChange, LiveChange, LiveResource } from './types.js';

type Json = Record<string, unknown>;

/** What compare needs of a schema node (conform/schema/node.ts): the field's schema and the list's type. */
interface SchemaNode {
  readonly listMapKeys: readonly string[] | undefined;
  readonly listSet: boolean;
  field(name: string): SchemaNode | undefined;
  items(): SchemaNode | undefined;
}

const isMap = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Deep equality of JSON values (key order ignored). */
function same(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((x, i) => same(x, b[i]));
  if (isMap(a)) {
    if (!isMap(b)) return false;
    const keys = Object.keys(a).filter((k) => a[k] !== undefined);
    return keys.length === Object.keys(b).filter((k) => b[k] !== undefined).length && keys.every((k) => same(a[k], b[k]));
  }
  return false;
}

/** `spec.listeners[name=http].port`; keys that are no plain words in brackets: `metadata.labels["app.kubernetes.io/name"]`. */
function join(path: string, key: string): string {
  return /^[A-Za-z_][A-Za-z0-9_-]*$/.test(key) ? (path === '' ? key : `${path}.${key}`) : `${path}[${JSON.stringify(key)}]`;
}

function itemKey(item: unknown, keys: readonly string[]): string {
  return keys.map((k) => `${k}=${isMap(item) ? String(item[k]) : '?'}`).join(',');
}

function matches(item: unknown, other: unknown, keys: readonly string[]): boolean {
  return isMap(item) && isMap(other) && keys.every((k) => same(item[k], other[k]));
}

/**
 * The fields of `rendered` whose live value differs, as server-side apply merges them. `live` undefined: the
 * field is absent on the cluster (server-side apply sets it).
 */
function compareValue(rendered: unknown, live: unknown, node: SchemaNode | undefined, path: string, out: FieldChange[]): void {
  if (rendered === undefined) return;
  if (isMap(rendered)) {
    if (!isMap(live)) {
      out.push(change(path, live, rendered));
      return;
    }
    for (const [key, value] of Object.entries(rendered)) compareValue(value, live[key], node?.field(key), join(path, key), out);
    return;
  }
  if (Array.isArray(rendered)) {
    const keys = node?.listMapKeys;
    if (keys !== undefined && keys.length > 0 && Array.isArray(live)) {
      for (const item of rendered) {
        const other = live.find((l) => matches(item, l, keys));
        compareValue(item, other, node?.items(), `${path}[${itemKey(item, keys)}]`, out);
      }
      return;
    }
    if (node?.listSet === true && Array.isArray(live)) {
      for (const item of rendered) if (!live.some((l) => same(item, l))) out.push(change(`${path}[${JSON.stringify(item)}]`, undefined, item));
      return;
    }
    if (!same(rendered, live)) out.push(change(path, live, rendered));
    return;
  }
  if (!same(rendered, live)) out.push(change(path, live, rendered));
}

function change(path: string, live: unknown, rendered: unknown): FieldChange {
  return { path, ...(live === undefined ? {} : { live }), ...(rendered === undefined ? {} : { rendered }) };
}

/** The live object cut to the fields the rendered one has (list items matched as compareValue matches them). */
function project(rendered: unknown, live: unknown, node: SchemaNode | undefined): unknown {
  if (isMap(rendered)) {
    if (!isMap(live)) return live;
    const out: Json = {};
    for (const [key, value] of Object.entries(rendered)) {
      if (value === undefined || live[key] === undefined) continue;
      out[key] = project(value, live[key], node?.field(key));
    }
    return out;
  }
  if (Array.isArray(rendered) && Array.isArray(live)) {
    const keys = node?.listMapKeys;
    if (keys !== undefined && keys.length > 0) {
      return rendered.flatMap((item) => {
        const other = live.find((l) => matches(item, l, keys));
        return other === undefined ? [] : [project(item, other, node?.items())];
      });
    }
    if (node?.listSet === true) return rendered.filter((item) => live.some((l) => same(item, l)));
  }
  return live;
}

/** The fields a comparison covers: a partial's spec.gateway, or everything rendered but apiVersion and kind (the server converts versions). */
function compared(object: Json, partial: boolean): Json {
  const metadata = isMap(object.metadata) ? object.metadata : {};
  const identity = { name: metadata.name, ...(metadata.namespace === undefined ? {} : { namespace: metadata.namespace }) };
  if (partial) {
    const spec = isMap(object.spec) ? object.spec : undefined;
    return { metadata: identity, ...(spec === undefined || spec.gateway === undefined ? {} : { spec: { gateway: spec.gateway } }) };
  }
  const { apiVersion: _a, kind: _k, ...rest } = object;
  return rest;
}

/** The schema of the object's kind in the cluster's set (lists compare as it says), when the set has it. */
function schemaOf(set: SchemaSet | undefined, apiVersion: unknown, kind: unknown): SchemaNode | undefined {
  if (set === undefined || typeof apiVersion !== 'string' || typeof kind !== 'string') return undefined;
  const found = asLoadedSet(set).lookup(apiVersion, kind);
  return found.ok ? found.compiled.root : undefined;
}

/** A rendered object with what the comparison needs. */
export interface LiveTarget extends RenderedResource {
  /** The API group of its apiVersion ('' for the core group). */
  group: string;
  object: Json;
  /** A control-plane partial: only spec.gateway is compared. */
  partial: boolean;
}

/** The rendered resources as comparison targets (their YAML parsed). */
export function liveTargets(resources: readonly RenderedResource[]): LiveTarget[] {
  return resources.map((r) => {
    const object = (parse(r.body) ?? {}) as Json;
    const apiVersion = typeof object.apiVersion === 'string' ? object.apiVersion : '';
    const slash = apiVersion.lastIndexOf('/');
    return { ...r, group: slash < 0 ? '' : apiVersion.slice(0, slash), object, partial: r.plane === 'control-plane' };
  });
}

/** Registration slots of spec.gateway a sync would remove: engine-owned, no longer rendered (ownership known only). */
function engineRemovals(target: LiveTarget, live: Json, ownership: Ownership | undefined): FieldChange[] {
  if (ownership === undefined || !target.partial) return [];
  const out: FieldChange[] = [];
  for (const slot of unrenderedSlots(target.object, live)) {
    const owners = slotOwners(ownership, slot.path);
    if (owners.length > 0 && owners.every(engineOwned)) out.push(change(`spec.gateway.${slot.path.join('.')}`, slot.value, undefined));
  }
  return out;
}

/** A registration slot present live and not rendered: an endpoint (`[direction, networking]`) or one listener slot of a rendered endpoint. */
export interface LiveSlot {
  /** Below spec.gateway. */
  path: string[];
  value: unknown;
  /** The gateway the live slot names (its endpoint's name). */
  gateway: string;
}

const LISTENER_SLOTS = ['http', 'https', 'tls'] as const;

/** The live object's registration slots the rendered partial does not hold. */
export function unrenderedSlots(rendered: Json, live: Json): LiveSlot[] {
  const gatewayOf = (o: Json): Json => (isMap(o.spec) && isMap(o.spec.gateway) ? o.spec.gateway : {});
  const have = gatewayOf(rendered);
  const out: LiveSlot[] = [];
  for (const [direction, byNetworking] of Object.entries(gatewayOf(live))) {
    if (!isMap(byNetworking)) continue;
    for (const [networking, endpoint] of Object.entries(byNetworking)) {
      if (!isMap(endpoint)) continue;
      const gateway = typeof endpoint.name === 'string' ? endpoint.name : '';
      const mine = isMap(have[direction]) ? (have[direction] as Json)[networking] : undefined;
      if (!isMap(mine)) {
        out.push({ path: [direction, networking], value: endpoint, gateway });
        continue;
      }
      for (const slot of LISTENER_SLOTS) if (endpoint[slot] !== undefined && mine[slot] === undefined) out.push({ path: [direction, networking, slot], value: endpoint[slot], gateway });
    }
  }
  return out;
}

/** One rendered object against its captured counterpart (undefined: not captured, created). */
export function compareLive(target: LiveTarget, captured: Captured | undefined, set: SchemaSet | undefined, ownership: Ownership | undefined): LiveResource {
  const identity = {
    cluster: target.cluster,
    plane: target.plane,
    kind: target.kind,
    ...(target.namespace === undefined ? {} : { namespace: target.namespace }),
    name: target.name,
    path: target.path,
  };
  const body = toYaml(target.object);
  if (captured === undefined) {
    const diff = createTwoFilesPatch('/dev/null', `b/${target.path}`, '', body, undefined, undefined, { context: 3, headerOptions: FILE_HEADERS_ONLY });
    return { ...identity, change: 'created', fields: [], diff };
  }
  const node = schemaOf(set, target.object.apiVersion, target.object.kind);
  const rendered = compared(target.object, target.partial);
  const fields: FieldChange[] = [];
  compareValue(rendered, captured.object, node, '', fields);
  fields.push(...engineRemovals(target, captured.object, ownership));
  const kind: LiveChange = fields.length === 0 ? 'unchanged' : 'updated';
  if (kind === 'unchanged') return { ...identity, change: kind, fields, diff: '' };
  // The diff shows the live object cut to what gwtopo renders against what it renders: exactly the fields that change.
  const removed = fields.filter((f) => !('rendered' in f));
  const liveView = { apiVersion: target.object.apiVersion, kind: target.object.kind, ...(project(rendered, captured.object, node) as Json) };
  const withRemoved = removed.length === 0 ? liveView : withSlots(liveView, removed);
  const renderedView = { apiVersion: target.object.apiVersion, kind: target.object.kind, ...rendered };
  const diff = createTwoFilesPatch(`live/${capturedId(captured)}`, `b/${target.path}`, toYaml(withRemoved), toYaml(renderedView), undefined, undefined, {
    context: 3,
    headerOptions: FILE_HEADERS_ONLY,
  });
  return { ...identity, change: kind, fields, diff };
}

/** The live view with the slots the sync removes put back (they are live, and the diff shows them going). */
function withSlots(view: Json, removed: readonly FieldChange[]): Json {
  const out = structuredClone(view);
  for (const f of removed) {
    // The paths are spec.gateway.<direction>.<networking>[.<listener slot>]: plain words joined by dots.
    const keys = f.path.split('.');
    let at: Json = out;
    for (const key of keys.slice(0, -1)) {
      if (!isMap(at[key])) at[key] = {};
      at = at[key] as Json;
    }
    at[keys.at(-1)!] = f.live;
  }
  return out;
}

/** Captured objects by identity (group, kind, namespace, name). */
export function capturedById(objects: readonly Captured[]): Map<string, Captured> {
  return new Map(objects.map((c) => [capturedId(c), c]));
}

/** The captured counterpart of a rendered object. */
export function capturedFor(target: LiveTarget, byId: ReadonlyMap<string, Captured>): Captured | undefined {
  return byId.get(capturedId(target));
}
