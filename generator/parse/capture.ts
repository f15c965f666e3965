// Captured cluster state (`kubectl get … -o yaml|json`: multi-document streams or `List`s) as Kubernetes objects
// with identity and position. Read by `gwtopo import` and `gwtopo diff --live` (contract §14); pure: the texts
// come from parse/manifests.ts.
import type { FieldPath, Problem } from '../diagnostics/problem.js';
import type { ManifestText } from './manifests.js';
import { type Positioned, problemAt, readObjects } from './objects.js';

export const CAPTURE_RULE = 'capture-input';

/** One captured object: identity, the object as read, and where it is in its input. */
export interface Captured {
  apiVersion: string;
  /** The API group (`''` for the core group). */
  group: string;
  kind: string;
  name: string;
  /** Undefined for cluster-scoped objects (and for namespaced ones captured without a namespace). */
  namespace?: string;
  object: Record<string, unknown>;
  at: Positioned;
  /** The object's path in its document (`[]`, or `['items', i]` in a List). */
  prefix: FieldPath;
}

export interface CaptureRead {
  objects: Captured[];
  problems: Problem[];
}

const isMap = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** `Kind/namespace/name` (or `Kind/name`): one object's identity across a capture. */
export function capturedId(c: Pick<Captured, 'group' | 'kind' | 'namespace' | 'name'>): string {
  return `${c.group}/${c.kind}/${c.namespace ?? ''}/${c.name}`;
}

/**
 * Every object of the inputs, in input order. What is not an object with apiVersion, kind and metadata.name is an
 * error at its position; an object captured twice (two files, or a List and a file) is kept once — the later one,
 * with a warning at it.
 */
export function readCapture(inputs: readonly ManifestText[]): CaptureRead {
  const problems: Problem[] = [];
  const byId = new Map<string, Captured>();
  for (const input of inputs) {
    const read = readObjects(input, CAPTURE_RULE);
    problems.push(...read.problems);
    for (const { at, prefix, object } of read.objects) {
      const metadata = isMap(object) && isMap(object.metadata) ? object.metadata : undefined;
      const name = metadata?.name;
      if (!isMap(object) || typeof object.apiVersion !== 'string' || object.apiVersion === '' || typeof object.kind !== 'string' || object.kind === '' || typeof name !== 'string' || name === '') {
        problems.push(
          problemAt('error', at, prefix, CAPTURE_RULE, 'not a Kubernetes object: a map with apiVersion, kind and metadata.name is expected', {
            hint: 'capture with kubectl get <kind> -o yaml (docs/adoption.md)',
          }),
        );
        continue;
      }
      const apiVersion = object.apiVersion;
      const slash = apiVersion.lastIndexOf('/');
      const namespace = typeof metadata?.namespace === 'string' && metadata.namespace !== '' ? metadata.namespace : undefined;
      const captured: Captured = { apiVersion, group: slash < 0 ? '' : apiVersion.slice(0, slash), kind: object.kind, name, ...(namespace === undefined ? {} : { namespace }), object, at, prefix };
      const id = capturedId(captured);
      if (byId.has(id)) {
        problems.push(
          problemAt('warning', at, [...prefix, 'metadata', 'name'], 'capture-duplicate', `${object.kind}/${name} is captured twice; the later one is read`, {
            hint: 'capture each object once',
          }),
        );
        byId.delete(id);
      }
      byId.set(id, captured);
    }
  }
  return { objects: [...byId.values()], problems };
}
