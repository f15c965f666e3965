// The merge of a topology's profiles and its own spec (TOPOLOGY.md §8), in order, into one effective spec:
// - maps merge key by key, deeply; a key set to null removes the inherited key;
// - lists whose entries have a name (environments, gateways, gateways[].listeners, gatewayClasses) merge
//   entry by entry by name — a listener without a name by its default name — and new entries are appended
//   in order of first appearance; an entry {name: X, $patch: delete} removes the inherited entry X;
// - every other list, and every scalar, is replaced by the later value.
// Pure: plain data in, plain data and an origin tree (provenance.ts) out, plus notes about directives that
// did nothing or cannot be read, each with the source and path it was written at.
import { defaultListenerName } from '../model/defaults.js';
import type { Protocol } from '../model/types.js';
import type { FieldPath } from '../validate/problem.js';
import { PROTOCOLS } from '../validate/view.js';
import type { Origin } from './provenance.js';

type Raw = Record<string, unknown>;

function isMap(v: unknown): v is Raw {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** One layer: a spec and where it was written (source index, path of the spec in that source). */
export interface Layer {
  src: number;
  spec: Raw;
  path: FieldPath;
}

/** A directive of a layer that did nothing or cannot be read: positioned in its source. */
export interface MergeNote {
  severity: 'error' | 'warning';
  src: number;
  path: FieldPath;
  message: string;
  hint: string;
  anchor: 'key' | 'value';
}

export interface MergeResult {
  spec: Raw;
  origin: Origin;
  notes: MergeNote[];
}

/** The key that merges an entry of a named list; undefined: the entry is never merged, only appended. */
type EntryKey = (entry: Raw) => string | undefined;

const byName: EntryKey = (e) => (typeof e.name === 'string' && e.name !== '' ? e.name : undefined);

/** A listener without a name is keyed by its default name (one definition: model/defaults.ts). */
export const listenerKey: EntryKey = (e) => {
  if ('name' in e) return byName(e);
  return typeof e.protocol === 'string' && (PROTOCOLS as readonly string[]).includes(e.protocol) ? defaultListenerName(e.protocol as Protocol) : undefined;
};

/** The named lists, by their path inside spec (list indexes written as *), with what one entry is called. */
const NAMED_LISTS: ReadonlyMap<string, { key: EntryKey; entry: string }> = new Map([
  ['environments', { key: byName, entry: 'environment' }],
  ['gateways', { key: byName, entry: 'gateway' }],
  ['gateways.*.listeners', { key: listenerKey, entry: 'listener' }],
  ['gatewayClasses', { key: byName, entry: 'GatewayClass' }],
]);

/** The directive that removes an inherited entry of a named list. */
export const PATCH_KEY = '$patch';

const leaf = (src: number, path: FieldPath): Origin => ({ src, path });

function childOrigin(o: Origin, key: string | number): Origin {
  return o.children?.get(key) ?? { src: o.src, path: [...o.path, key] };
}

interface Merged {
  value: unknown;
  origin: Origin;
}

class Merger {
  readonly notes: MergeNote[] = [];

  private note(severity: MergeNote['severity'], src: number, path: FieldPath, message: string, hint: string, anchor: MergeNote['anchor'] = 'value'): void {
    this.notes.push({ severity, src, path, message, hint, anchor });
  }

  /** True when `value` holds nothing the merge acts on (no null in a map, no $patch entry): taken as it is. */
  private plain(value: unknown, shape: string): boolean {
    if (Array.isArray(value)) return !NAMED_LISTS.has(shape) || value.every((e) => !isMap(e) || (!(PATCH_KEY in e) && this.plain(e, `${shape}.*`)));
    if (!isMap(value)) return true;
    for (const [k, v] of Object.entries(value)) if (v === null || !this.plain(v, shape === '' ? k : `${shape}.${k}`)) return false;
    return true;
  }

  /** Merges map `over` (written at src/path) onto `base` (undefined: nothing inherited). */
  map(base: Merged | undefined, over: Raw, src: number, path: FieldPath, shape: string): Merged {
    if (base === undefined && this.plain(over, shape)) return { value: over, origin: leaf(src, path) };
    const values = new Map<string, unknown>();
    const origins = new Map<string | number, Origin>();
    if (base !== undefined) {
      for (const [k, v] of Object.entries(base.value as Raw)) {
        values.set(k, v);
        origins.set(k, childOrigin(base.origin, k));
      }
    }
    for (const [k, v] of Object.entries(over)) {
      const at = [...path, k];
      const inner = shape === '' ? k : `${shape}.${k}`;
      if (v === null) {
        if (values.has(k)) {
          values.delete(k);
          origins.delete(k);
        } else {
          this.note('warning', src, at, 'null removes an inherited value, and nothing merged before this file sets it', 'remove the line; spec.profiles of the topology lists what is merged first, in order', 'key');
        }
        continue;
      }
      const inherited = values.has(k) ? { value: values.get(k), origin: origins.get(k)! } : undefined;
      const named = NAMED_LISTS.get(inner);
      let merged: Merged;
      if (named !== undefined && Array.isArray(v)) merged = this.list(inherited !== undefined && Array.isArray(inherited.value) ? inherited : undefined, v, src, at, inner, named);
      else if (isMap(v)) merged = this.map(inherited !== undefined && isMap(inherited.value) ? inherited : undefined, v, src, at, inner);
      else merged = { value: v, origin: leaf(src, at) };
      values.set(k, merged.value);
      origins.set(k, merged.origin);
    }
    return { value: Object.fromEntries(values), origin: { src, path, children: origins } };
  }

  /** Merges named list `over` onto `base` entry by entry (see the file comment). */
  private list(base: Merged | undefined, over: unknown[], src: number, path: FieldPath, shape: string, named: { key: EntryKey; entry: string }): Merged {
    if (base === undefined && this.plain(over, shape)) return { value: over, origin: leaf(src, path) };
    const items: (Merged | undefined)[] = base === undefined ? [] : (base.value as unknown[]).map((v, i) => ({ value: v, origin: childOrigin(base.origin, i) }));
    const inherited = new Map<string, number>();
    items.forEach((item, i) => {
      const k = isMap(item!.value) ? named.key(item!.value) : undefined;
      if (k !== undefined && !inherited.has(k)) inherited.set(k, i);
    });
    // An inherited entry is merged into once per file: two entries of one file with the same name stay
    // two (and the rule for unique names reports them).
    const touched = new Set<string>();
    const appended: Merged[] = [];
    over.forEach((entry, j) => {
      const at = [...path, j];
      if (isMap(entry) && PATCH_KEY in entry) {
        this.delete(entry, items, inherited, src, at, named.entry);
        return;
      }
      const k = isMap(entry) ? named.key(entry) : undefined;
      const i = k === undefined || touched.has(k) ? undefined : inherited.get(k);
      if (i !== undefined && items[i] !== undefined) {
        touched.add(k!);
        items[i] = this.map(items[i], entry as Raw, src, at, `${shape}.*`);
      } else {
        appended.push(isMap(entry) ? this.map(undefined, entry, src, at, `${shape}.*`) : { value: entry, origin: leaf(src, at) });
      }
    });
    const kept = [...items.filter((i): i is Merged => i !== undefined), ...appended];
    return { value: kept.map((m) => m.value), origin: { src, path, children: new Map(kept.map((m, i) => [i, m.origin])) } };
  }

  /** `{name: X, $patch: delete}`: removes the inherited entry X. */
  private delete(entry: Raw, items: (Merged | undefined)[], inherited: Map<string, number>, src: number, at: FieldPath, what: string): void {
    if (entry[PATCH_KEY] !== 'delete') {
      this.note('error', src, [...at, PATCH_KEY], `must be delete (got ${JSON.stringify(entry[PATCH_KEY])}): it is the only patch directive`, `write {name: <${what}>, $patch: delete} to remove an inherited ${what}`);
      return;
    }
    const extra = Object.keys(entry).find((k) => k !== 'name' && k !== PATCH_KEY);
    if (extra !== undefined) {
      this.note('error', src, [...at, extra], `an entry with $patch: delete holds only the name of the ${what} it removes`, `to replace the inherited ${what}, list {name: …, $patch: delete} and then the new entry`, 'key');
      return;
    }
    if (typeof entry.name !== 'string' || entry.name === '') {
      this.note('error', src, at, `$patch: delete needs the name of the ${what} to remove`, `write {name: <${what}>, $patch: delete}`);
      return;
    }
    const i = inherited.get(entry.name);
    if (i === undefined || items[i] === undefined) {
      const removed = i !== undefined;
      this.note('warning', src, at, removed ? `removes nothing: ${what} ${JSON.stringify(entry.name)} is removed already` : `removes nothing: no ${what} ${JSON.stringify(entry.name)} is merged before this file`, 'remove the entry, or check the name and the order of spec.profiles');
      return;
    }
    items[i] = undefined;
  }
}

/** Merges the layers in order (later layers win). The result's origin tree covers the spec. */
export function mergeLayers(layers: readonly Layer[]): MergeResult {
  const merger = new Merger();
  let merged: Merged | undefined;
  for (const layer of layers) merged = merger.map(merged, layer.spec, layer.src, layer.path, '');
  return { spec: (merged?.value as Raw | undefined) ?? {}, origin: merged?.origin ?? leaf(0, ['spec']), notes: merger.notes };
}
