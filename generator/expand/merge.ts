// The merge of a topology's profiles and its own spec (TOPOLOGY.md §8), in order, into one effective spec:
// - maps merge key by key, deeply; a key set to null removes the inherited key;
// - lists whose entries have a name (environments, gateways, gateways[].listeners, gatewayClasses) merge
//   entry by entry by name — a listener by the name it renders with (byListenerName below) — and new entries
//   are appended in order of first appearance; an entry {name: X, $patch: delete} removes the inherited entry X;
// - every other list, and every scalar, is replaced by the later value.
// Pure: plain data in, plain data and an origin tree (provenance.ts) out, plus notes about directives that
// did nothing or cannot be read, each with the source and path it was written at.

import type { FieldPath } from '../diagnostics/problem.js';
import type { Origin } from '../diagnostics/provenance.js';
import { defaultListenerName, PATCH_KEY } from '../topology/defaults.js';
import type { Protocol, TlsMode } from '../topology/types.js';
import { PROTOCOLS } from '../topology/view.js';

type Raw = Record<string, unknown>;

function isMap(v: unknown): v is Raw {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** One layer: a spec and where it was written (source index, path of the spec in that source). */
export interface Layer {
  src: number;
  spec: Raw;
  path: FieldPath;
  /**
   * The form of its $patch entries was checked on their own (a profile: expand/set.ts reports it once for
   * every cluster, and also when no cluster lists it): the merge does not report it again.
   */
  patchesChecked?: boolean;
}

/** A directive of a layer that did nothing or cannot be read: positioned in its source. */
interface MergeNote {
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

/**
 * How the entries of a named list are matched. `keys`: the keys an inherited entry answers to (the first is
 * its name). `key`: the key a later file's entry asks for (undefined: never merged, only appended); `get`
 * looks an inherited entry up by key.
 */
interface NamedList {
  entry: string;
  keys: (inherited: Raw) => string[];
  key: (over: Raw, get: (key: string) => Raw | undefined) => string | undefined;
}

const nameOf = (e: Raw): string | undefined => (typeof e.name === 'string' && e.name !== '' ? e.name : undefined);

const byName: Pick<NamedList, 'keys' | 'key'> = {
  keys: (e) => {
    const n = nameOf(e);
    return n === undefined ? [] : [n];
  },
  key: nameOf,
};

const TLS_MODES: readonly TlsMode[] = ['Passthrough', 'Terminate'];
const protocolOf = (e: Raw): Protocol | undefined => (typeof e.protocol === 'string' && (PROTOCOLS as readonly string[]).includes(e.protocol) ? (e.protocol as Protocol) : undefined);
const tlsModeOf = (e: Raw): TlsMode | undefined => (isMap(e.tls) && TLS_MODES.includes(e.tls.mode as TlsMode) ? (e.tls.mode as TlsMode) : undefined);
/** An unnamed listener also answers to its protocol: a gateway has one listener per protocol. */
const byProtocol = (p: Protocol): string => `\0protocol ${p}`; // (no name holds a NUL)

/**
 * The name a listener renders with: its name, else its default name (one definition: topology/defaults.ts),
 * which for TLS depends on the TLS mode (tls-passthrough or tls).
 */
function listenerName(e: Raw): string | undefined {
  if ('name' in e) return nameOf(e);
  const p = protocolOf(e);
  return p === undefined ? undefined : defaultListenerName(p, tlsModeOf(e));
}

/**
 * Listeners merge by the name they render with. A later entry with a name finds the inherited listener of
 * that name (written, or its default name). A later entry without a name finds the inherited unnamed
 * listener of its protocol, else the inherited listener whose name is the default name the entry has once
 * merged (its TLS mode as written, or else the inherited listener's).
 */
const byListenerName: Pick<NamedList, 'keys' | 'key'> = {
  keys: (e) => {
    const keys: string[] = [];
    const n = listenerName(e);
    if (n !== undefined) keys.push(n);
    const p = protocolOf(e);
    if (!('name' in e) && p !== undefined) keys.push(byProtocol(p));
    return keys;
  },
  key: (over, get) => {
    if ('name' in over) return nameOf(over);
    const p = protocolOf(over);
    if (p === undefined) return undefined;
    if (get(byProtocol(p)) !== undefined) return byProtocol(p);
    const written = tlsModeOf(over);
    for (const mode of written === undefined ? TLS_MODES : [written]) {
      const k = defaultListenerName(p, mode);
      const hit = get(k);
      if (hit !== undefined && (p !== 'TLS' || written !== undefined || (tlsModeOf(hit) ?? 'Passthrough') === mode)) return k;
    }
    return defaultListenerName(p, written);
  },
};

/** The named lists, by their path inside spec (list indexes written as *), with what one entry is called. */
const NAMED_LISTS: ReadonlyMap<string, NamedList> = new Map([
  ['environments', { ...byName, entry: 'environment' }],
  ['gateways', { ...byName, entry: 'gateway' }],
  ['gateways.*.listeners', { ...byListenerName, entry: 'listener' }],
  ['gatewayClasses', { ...byName, entry: 'GatewayClass' }],
]);

/** Why an entry holding $patch cannot be read (undefined: it is {name: X, $patch: delete}), at a path below the entry. */
export interface PatchProblem {
  path: FieldPath;
  message: string;
  hint: string;
  anchor: 'key' | 'value';
}

/** The form of an entry that holds $patch, in a named list whose entries are called `what`. */
export function patchProblem(entry: Raw, what: string): PatchProblem | undefined {
  if (entry[PATCH_KEY] !== 'delete') {
    return {
      path: [PATCH_KEY],
      message: `must be delete (got ${JSON.stringify(entry[PATCH_KEY])}): it is the only patch directive`,
      hint: `write {name: <${what}>, $patch: delete} to remove an inherited ${what}`,
      anchor: 'value',
    };
  }
  const extra = Object.keys(entry).find((k) => k !== 'name' && k !== PATCH_KEY);
  if (extra !== undefined) {
    return {
      path: [extra],
      message: `an entry with $patch: delete holds only the name of the ${what} it removes`,
      hint: `to replace the inherited ${what}, list {name: …, $patch: delete} and then the new entry`,
      anchor: 'key',
    };
  }
  if (typeof entry.name !== 'string' || entry.name === '')
    return { path: [], message: `$patch: delete needs the name of the ${what} to remove`, hint: `write {name: <${what}>, $patch: delete}`, anchor: 'value' };
  return undefined;
}

/** An entry holding $patch in a named list of a spec: its path (below `path`) and what an entry of the list is called. */
export interface PatchEntry {
  path: FieldPath;
  entry: Raw;
  what: string;
}

/** The entries holding $patch in the named lists of `spec` (written at `path`), in document order. */
export function patchEntries(spec: Raw, path: FieldPath): PatchEntry[] {
  const found: PatchEntry[] = [];
  const walk = (value: unknown, at: FieldPath, shape: string): void => {
    if (!isMap(value)) return;
    for (const [k, v] of Object.entries(value)) {
      const inner = shape === '' ? k : `${shape}.${k}`;
      const named = NAMED_LISTS.get(inner);
      if (named === undefined || !Array.isArray(v)) continue;
      v.forEach((entry, j) => {
        if (!isMap(entry)) return;
        if (PATCH_KEY in entry) found.push({ path: [...at, k, j], entry, what: named.entry });
        else walk(entry, [...at, k, j], `${inner}.*`);
      });
    }
  };
  walk(spec, path, '');
  return found;
}

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

  /** @param checked the sources whose $patch entries' form is reported elsewhere. */
  constructor(private readonly checked: ReadonlySet<number>) {}

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
          this.note(
            'warning',
            src,
            at,
            'null removes an inherited value, and nothing merged before this file sets it',
            'remove the line; spec.profiles of the topology lists what is merged first, in order',
            'key',
          );
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
  private list(base: Merged | undefined, over: unknown[], src: number, path: FieldPath, shape: string, named: NamedList): Merged {
    if (base === undefined && this.plain(over, shape)) return { value: over, origin: leaf(src, path) };
    const items: (Merged | undefined)[] = base === undefined ? [] : (base.value as unknown[]).map((v, i) => ({ value: v, origin: childOrigin(base.origin, i) }));
    const inherited = new Map<string, number>();
    items.forEach((item, i) => {
      for (const k of isMap(item!.value) ? named.keys(item!.value) : []) if (!inherited.has(k)) inherited.set(k, i);
    });
    const get = (k: string): Raw | undefined => {
      const i = inherited.get(k);
      const item = i === undefined ? undefined : items[i];
      return item !== undefined && isMap(item.value) ? item.value : undefined;
    };
    // An inherited entry is merged into once per file: two entries of one file with the same name stay
    // two (and the rule for unique names reports them).
    const touched = new Set<number>();
    const appended: Merged[] = [];
    over.forEach((entry, j) => {
      const at = [...path, j];
      if (isMap(entry) && PATCH_KEY in entry) {
        this.delete(entry, items, inherited, src, at, named.entry);
        return;
      }
      const k = isMap(entry) ? named.key(entry, get) : undefined;
      const i = k === undefined ? undefined : inherited.get(k);
      if (i !== undefined && !touched.has(i) && items[i] !== undefined) {
        touched.add(i);
        items[i] = this.map(items[i], entry as Raw, src, at, `${shape}.*`);
      } else {
        appended.push(isMap(entry) ? this.map(undefined, entry, src, at, `${shape}.*`) : { value: entry, origin: leaf(src, at) });
      }
    });
    const kept = [...items.filter((i): i is Merged => i !== undefined), ...appended];
    return { value: kept.map((m) => m.value), origin: { src, path, children: new Map(kept.map((m, i) => [i, m.origin])) } };
  }

  /** `{name: X, $patch: delete}`: removes the inherited entry X. */
  private delete(entry: Raw, items: (Merged | undefined)[], inherited: ReadonlyMap<string, number>, src: number, at: FieldPath, what: string): void {
    const problem = patchProblem(entry, what);
    if (problem !== undefined) {
      if (!this.checked.has(src)) this.note('error', src, [...at, ...problem.path], problem.message, problem.hint, problem.anchor);
      return;
    }
    const name = entry.name as string;
    const i = inherited.get(name);
    if (i === undefined || items[i] === undefined) {
      const removed = i !== undefined;
      this.note(
        'warning',
        src,
        at,
        removed ? `removes nothing: ${what} ${JSON.stringify(name)} is removed already` : `removes nothing: no ${what} ${JSON.stringify(name)} is merged before this file`,
        'remove the entry, or check the name and the order of spec.profiles',
      );
      return;
    }
    items[i] = undefined;
  }
}

/** Merges the layers in order (later layers win). The result's origin tree covers the spec. */
export function mergeLayers(layers: readonly Layer[]): MergeResult {
  const merger = new Merger(new Set(layers.filter((l) => l.patchesChecked === true).map((l) => l.src)));
  let merged: Merged | undefined;
  for (const layer of layers) merged = merger.map(merged, layer.spec, layer.src, layer.path, '');
  return { spec: (merged?.value as Raw | undefined) ?? {}, origin: merged?.origin ?? leaf(0, ['spec']), notes: merger.notes };
}
