// The round trip of an import: what `generate` renders for the imported topology against the captured objects.
// Every field gwtopo renders on a data-plane object must hold the captured value (lists of named items matched by
// name; gwtopo's own labels and the GitOps engines' annotations aside), and every registration object's spec.gateway
// must equal the captured one. What differs is a warning at the captured field: the first sync would change it. Pure.
import type { Problem } from '../diagnostics/problem.js';
import { type Captured, capturedId } from '../parse/capture.js';
import type { Resource } from '../topology/resource.js';
import { at, describe, isMap, problemOn, registeredEndpoints } from './capture.js';

const ROUND_TRIP_RULE = 'import-round-trip';

/** Labels and annotations gwtopo adds for itself and for the GitOps engines: not the captured objects' business. */
const OWN_METADATA = new Set(['labels', 'annotations']);

export interface RoundTrip {
  /** Rendered objects compared with a captured one. */
  compared: number;
  /** Of those, the ones whose every managed field holds the captured value. */
  equal: number;
  /** Rendered objects the capture does not hold (the first sync creates them). */
  created: string[];
  problems: Problem[];
}

type Path = (string | number)[];

const show = (v: unknown): string => (v === undefined ? 'nothing' : JSON.stringify(v));

/** The paths where `rendered` holds a value `captured` does not (captured may hold more). */
function subsetDiff(rendered: unknown, captured: unknown, path: Path, out: { path: Path; rendered: unknown; captured: unknown }[]): void {
  if (isMap(rendered)) {
    if (!isMap(captured)) {
      out.push({ path, rendered, captured });
      return;
    }
    for (const [k, v] of Object.entries(rendered)) if (v !== undefined) subsetDiff(v, captured[k], [...path, k], out);
    return;
  }
  if (Array.isArray(rendered)) {
    if (!Array.isArray(captured)) {
      out.push({ path, rendered, captured });
      return;
    }
    const named = rendered.every((r) => isMap(r) && typeof r.name === 'string') && captured.every((c) => isMap(c) && typeof c.name === 'string');
    rendered.forEach((r, i) => {
      if (named) {
        const j = captured.findIndex((c) => (c as Record<string, unknown>).name === (r as Record<string, unknown>).name);
        if (j < 0) out.push({ path: [...path, i], rendered: r, captured: undefined });
        else subsetDiff(r, captured[j], [...path, j], out);
      } else subsetDiff(r, captured[i], [...path, i], out);
    });
    if (!named && captured.length !== rendered.length) out.push({ path, rendered, captured });
    return;
  }
  if (rendered !== captured) out.push({ path, rendered, captured });
}

/** Keys of both, recursively: where two spec.gateway values differ. */
function exactDiff(a: unknown, b: unknown, path: Path, out: { path: Path; rendered: unknown; captured: unknown }[]): void {
  if (isMap(a) && isMap(b)) {
    for (const k of new Set([...Object.keys(a), ...Object.keys(b)])) exactDiff(a[k], b[k], [...path, k], out);
    return;
  }
  if (JSON.stringify(a) !== JSON.stringify(b)) out.push({ path, rendered: a, captured: b });
}

const groupOf = (apiVersion: string): string => (apiVersion.includes('/') ? apiVersion.slice(0, apiVersion.lastIndexOf('/')) : '');

/**
 * Compares a cluster's rendered objects with the capture. `registrationObjects` are the captured objects whose
 * registrations were imported (the data plane and its Environments): one with a spec.gateway the render does not
 * write is a difference too.
 */
export function roundTrip(rendered: readonly Resource[], capture: readonly Captured[], registrationObjects: readonly Captured[]): RoundTrip {
  const byId = new Map(capture.map((c) => [capturedId(c), c]));
  const result: RoundTrip = { compared: 0, equal: 0, created: [], problems: [] };
  const renderedIds = new Set<string>();
  for (const r of rendered) {
    const id = capturedId({ group: groupOf(r.apiVersion), kind: r.kind, name: r.metadata.name, ...(r.metadata.namespace === undefined ? {} : { namespace: r.metadata.namespace }) });
    renderedIds.add(id);
    const c = byId.get(id);
    const name = `${r.kind} ${r.metadata.namespace === undefined ? '' : `${r.metadata.namespace}/`}${r.metadata.name}`;
    if (c === undefined) {
      result.created.push(name);
      continue;
    }
    result.compared++;
    const diffs: { path: Path; rendered: unknown; captured: unknown }[] = [];
    const registration = groupOf(r.apiVersion) === 'openchoreo.dev';
    if (registration) exactDiff(at(r, 'spec', 'gateway'), at(c.object, 'spec', 'gateway'), ['spec', 'gateway'], diffs);
    else {
      const { metadata, ...rest } = r;
      const ownMetadata = Object.fromEntries(Object.entries(metadata).filter(([k]) => !OWN_METADATA.has(k)));
      subsetDiff({ ...rest, metadata: ownMetadata }, c.object, [], diffs);
    }
    if (diffs.length === 0) {
      result.equal++;
      continue;
    }
    for (const d of diffs) {
      result.problems.push(
        problemOn(
          c,
          'warning',
          d.path,
          ROUND_TRIP_RULE,
          `does not round-trip: generate renders ${show(d.rendered)}, the capture holds ${show(d.captured)}`,
          'the first sync changes this field: edit the topology if that is not what you want',
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
