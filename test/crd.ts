// Test helpers around schema sets: emitted objects checked against the sets gwtopo ships (with the product's
// validator, so nothing depends on ../shared), and small CustomResourceDefinitions for custom sets, written
// the way `kubectl get crd -o yaml` prints them.
import { stringify } from 'yaml';
import { BUILTIN_SETS, loadBuiltinSet, validateObject } from '../generator/conform/index.js';
import { formatPath } from '../generator/diagnostics/problem.js';

/** The sets everything gwtopo emits must validate against. */
export const CRD_SETS = BUILTIN_SETS;

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Every finding of an object against a shipped set, as `path: message` lines (`kind` first when it is not
 * "invalid"): a kind missing from the set and a rule the validator could not check are failures here too.
 */
export function conformance(setName: string, object: unknown, partial = false): string[] {
  const loaded = loadBuiltinSet(setName);
  if (!loaded.ok) throw new Error(loaded.message);
  return validateObject(loaded.set, object, { partial }).map((f) => `${f.kind === 'invalid' ? '' : `[${f.kind}] `}${formatPath(f.path) || '/'}: ${f.message}`);
}

/** An object schema that keeps whatever it is given (for the parts of a test CRD that do not matter). */
export const ANYTHING = { type: 'object', 'x-kubernetes-preserve-unknown-fields': true };

export interface CrdSpec {
  group: string;
  kind: string;
  version?: string;
  scope?: 'Namespaced' | 'Cluster';
  /** The schema of spec (default: anything). */
  spec?: Record<string, unknown>;
}

/** A CustomResourceDefinition (apiextensions.k8s.io/v1) serving one version. */
export function crd({ group, kind, version = 'v1alpha1', scope = 'Namespaced', spec = ANYTHING }: CrdSpec): Record<string, unknown> {
  const plural = `${kind.toLowerCase()}s`;
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: `${plural}.${group}` },
    spec: {
      group,
      names: { kind, listKind: `${kind}List`, plural, singular: kind.toLowerCase() },
      scope,
      versions: [
        {
          name: version,
          served: true,
          storage: true,
          schema: { openAPIV3Schema: { type: 'object', properties: { apiVersion: { type: 'string' }, kind: { type: 'string' }, metadata: { type: 'object' }, spec } } },
        },
      ],
    },
  };
}

/** CRDs as `kubectl get crd -o yaml` prints them: one v1 List. */
export function crdList(crds: readonly Record<string, unknown>[]): string {
  return stringify({ apiVersion: 'v1', kind: 'List', items: crds, metadata: { resourceVersion: '' } });
}

/** The OpenChoreo control-plane kinds, accepting anything in spec. */
export const OPENCHOREO_CRDS = [
  crd({ group: 'openchoreo.dev', kind: 'DataPlane' }),
  crd({ group: 'openchoreo.dev', kind: 'ClusterDataPlane', scope: 'Cluster' }),
  crd({ group: 'openchoreo.dev', kind: 'Environment' }),
];
