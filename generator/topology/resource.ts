// The rendered form: plain Kubernetes objects, tagged with the plane they are synced to.

export type Plane = 'data-plane' | 'control-plane';
export const PLANES: readonly Plane[] = ['data-plane', 'control-plane'];

interface ObjectMeta {
  name: string;
  namespace?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}

export interface Resource {
  apiVersion: string;
  kind: string;
  metadata: ObjectMeta;
  [field: string]: unknown;
}

/** A path in a document: map keys and sequence indexes, root first. */
type Path = ReadonlyArray<string | number>;

/**
 * Where a rendered resource's values come from in its topology, kept beside the resource (never in it),
 * so that a problem found in the output points at the line that produced the value: a value under
 * `fields[i].at` (a path in the resource; the longest match wins) comes from `fields[i].from`, any other
 * value from `path`.
 */
export interface Origin {
  path: Path;
  fields?: ReadonlyArray<{ at: Path; from: Path }>;
}

export interface PlacedResource {
  plane: Plane;
  resource: Resource;
  origin: Origin;
}

/** File name of a resource inside its plane folder: `<metadata.name>.<lower-case kind>.yaml`. */
export function fileNameOf(resource: Resource): string {
  return `${resource.metadata.name}.${resource.kind.toLowerCase()}.yaml`;
}
