// The round trip of an import: what `generate` renders for the imported topology against the captured objects,
// compared as `gwtopo diff --live` compares them (the command hands over diff/live.ts's field changes, so import's
// warnings are the updates diff --live would report: gwtopo's labels included, list items matched as the CRD says,
// the capture as captured). Each changed field is a warning at the captured field: the first sync would change it.
// A registration slot the capture holds and the render does not is one too: the topology would not register it. Pure.
import type { Problem } from '../diagnostics/problem.js';
import { type Captured, capturedId } from '../parse/capture.js';
import type { Resource } from '../topology/resource.js';
import { at, describe, isMap, problemOn, registeredEndpoints } from './capture.js';

const ROUND_TRIP_RULE = 'import-round-trip';

export interface RoundTrip {
  /** Rendered objects compared with a captured one. */
  compared: number;
  /** Of those, the ones the first sync leaves unchanged. */
  equal: number;
  /** Rendered objects the capture does not hold (the first sync creates them). */
  created: string[];
  problems: Problem[];
}

/** One rendered object as diff --live compared it (diff/types.ts's LiveResource, as much as the round trip reads). */
export interface LiveComparison {
  kind: string;
  namespace?: string;
  name: string;
  /** `not-captured`: a registration object (a partial) the capture does not hold, counted like `created`. */
  change: 'created' | 'updated' | 'unchanged' | 'not-captured';
  /** diff --live's paths (`spec.listeners[name=http].port`, `metadata.labels["a/b"]`), live and rendered values. */
  fields: readonly { path: string; live?: unknown; rendered?: unknown }[];
  /** Registration slots the capture holds and the render does not (below spec.gateway). */
  unrendered?: readonly { path: readonly string[] }[];
}

type Path = (string | number)[];

const show = (v: unknown): string => (v === undefined ? 'nothing' : JSON.stringify(v));

/**
 * diff --live's path as a path into the captured object: `[k=v,…]` becomes the index of the captured item with
 * those keys; the path stops where the capture has nothing more (the line is the nearest captured field).
 */
function capturedPath(object: unknown, path: string): Path {
  const out: Path = [];
  let value: unknown = object;
  const token = /([A-Za-z_][A-Za-z0-9_-]*)|\[("(?:[^"\\]|\\.)*")\]|\[([^\]]*)\]|\./gy;
  for (let m = token.exec(path); m !== null && token.lastIndex <= path.length; m = token.exec(path)) {
    if (m[0] === '.') continue;
    if (m[1] !== undefined || m[2] !== undefined) {
      const key = m[1] ?? (JSON.parse(m[2]!) as string);
      out.push(key);
      value = isMap(value) ? value[key] : undefined;
      continue;
    }
    const pairs = m[3]!.split(',').map((p) => p.split('='));
    if (!Array.isArray(value) || pairs.some((p) => p.length < 2)) break;
    const i = value.findIndex((item) => isMap(item) && pairs.every(([k, ...v]) => String(item[k!]) === v.join('=')));
    if (i < 0) break;
    out.push(i);
    value = value[i];
    if (token.lastIndex >= path.length) break;
  }
  return out;
}

/**
 * The round trip from diff --live's comparisons of a cluster's rendered objects with the capture.
 * `registrationObjects` are the captured objects whose registrations were imported (the data plane and its
 * Environments): one the render writes no spec.gateway for is a difference too.
 */
export function roundTrip(comparisons: readonly LiveComparison[], capture: readonly Captured[], registrationObjects: readonly Captured[]): RoundTrip {
  const byId = new Map(capture.map((c) => [`${c.kind}/${c.namespace ?? ''}/${c.name}`, c]));
  const result: RoundTrip = { compared: 0, equal: 0, created: [], problems: [] };
  const renderedIds = new Set<string>();
  for (const r of comparisons) {
    const c = byId.get(`${r.kind}/${r.namespace ?? ''}/${r.name}`);
    const name = `${r.kind} ${r.namespace === undefined ? '' : `${r.namespace}/`}${r.name}`;
    if (c === undefined || r.change === 'created' || r.change === 'not-captured') {
      result.created.push(name);
      continue;
    }
    renderedIds.add(capturedId(c));
    result.compared++;
    const unrendered = r.unrendered ?? [];
    if (r.change === 'unchanged' && unrendered.length === 0) {
      result.equal++;
      continue;
    }
    for (const f of r.fields) {
      const path = capturedPath(c.object, f.path);
      const exact = path.join('.') === f.path;
      result.problems.push(
        problemOn(
          c,
          'warning',
          path,
          ROUND_TRIP_RULE,
          `does not round-trip${exact ? '' : ` (${f.path})`}: generate renders ${show(f.rendered)}, the capture holds ${show(f.live)}`,
          'the first sync changes this field (gwtopo diff --live shows it): edit the topology if that is not what you want',
        ),
      );
    }
    for (const slot of unrendered) {
      result.problems.push(
        problemOn(
          c,
          'warning',
          ['spec', 'gateway', ...slot.path],
          ROUND_TRIP_RULE,
          `does not round-trip: the capture registers ${show(at(c.object, 'spec', 'gateway', ...slot.path))}, generate registers nothing here`,
          'the imported topology leaves this registration to whoever wrote it',
        ),
      );
    }
  }
  for (const c of registrationObjects) {
    if (renderedIds.has(capturedId(c)) || registeredEndpoints(c).length === 0) continue;
    result.problems.push(
      problemOn(
        c,
        'warning',
        ['spec', 'gateway'],
        ROUND_TRIP_RULE,
        `does not round-trip: generate registers nothing on ${describe(c)}`,
        'the imported topology leaves these registrations to whoever wrote them',
      ),
    );
  }
  return result;
}

/**
 * True when the rendered twin of a captured object holds the captured value at `path` (list items matched by name
 * where they have one): a field import warned about that generate renders all the same (a CRD default) is managed
 * after all.
 */
export function renderedHolds(rendered: readonly Resource[], c: Captured, path: readonly (string | number)[]): boolean {
  const twin = rendered.find((r) => r.kind === c.kind && groupOf(r.apiVersion) === c.group && r.metadata.name === c.name && (r.metadata.namespace ?? '') === (c.namespace ?? ''));
  if (twin === undefined) return false;
  let mine: unknown = twin;
  let theirs: unknown = c.object;
  for (const key of path) {
    if (typeof key === 'number') {
      if (!Array.isArray(mine) || !Array.isArray(theirs)) return false;
      const item = theirs[key];
      const name = isMap(item) ? item.name : undefined;
      mine = typeof name === 'string' ? mine.find((m) => isMap(m) && m.name === name) : mine[key];
      theirs = item;
    } else {
      mine = isMap(mine) ? mine[key] : undefined;
      theirs = isMap(theirs) ? theirs[key] : undefined;
    }
  }
  return theirs !== undefined && JSON.stringify(mine) === JSON.stringify(theirs);
}

const groupOf = (apiVersion: string): string => (apiVersion.includes('/') ? apiVersion.slice(0, apiVersion.lastIndexOf('/')) : '');
