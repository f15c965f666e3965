// The rendered form: plain Kubernetes objects, tagged with the plane they are synced to.

export type Plane = 'data-plane' | 'control-plane';
export const PLANES: readonly Plane[] = ['data-plane', 'control-plane'];

export interface ObjectMeta {
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

export interface PlacedResource {
  plane: Plane;
  resource: Resource;
}

/** File name of a resource inside its plane folder: `<metadata.name>.<lower-case kind>.yaml`. */
export function fileNameOf(resource: Resource): string {
  return `${resource.metadata.name}.${resource.kind.toLowerCase()}.yaml`;
}
