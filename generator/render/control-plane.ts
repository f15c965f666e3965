// Control-plane overlays: one partial DataPlane / ClusterDataPlane / Environment per object a gateway
// registers on. They hold ONLY spec.gateway (never dataPlaneRef, clusterAgent or other fields owned
// elsewhere) and are server-side applied onto the existing object, never pruned or deleted.
import type { ClusterModel, GatewayModel, ListenerModel, Protocol } from '../model/types.js';
import type { Resource } from './resource.js';

export const OPENCHOREO_API_VERSION = 'openchoreo.dev/v1alpha1';

/** Apply as a patch of an existing object; never prune or delete it (Argo CD and Flux). */
export const PARTIAL_ANNOTATIONS = {
  'argocd.argoproj.io/sync-options': 'ServerSideApply=true,Validate=false,Prune=false,Delete=false',
  'kustomize.toolkit.fluxcd.io/prune': 'disabled',
  'kustomize.toolkit.fluxcd.io/ssa': 'Merge',
} as const;

const SLOT: Record<Protocol, 'http' | 'https' | 'tls'> = { HTTP: 'http', HTTPS: 'https', TLS: 'tls' };

function endpoint(gateway: GatewayModel, namespace: string): Record<string, unknown> {
  const out: Record<string, unknown> = { name: gateway.name, namespace };
  for (const l of gateway.listeners) out[SLOT[l.protocol]] = slot(l);
  return out;
}

/** The registered port is the one clients use (advertisedPort), which may differ from the one the Gateway listens on. */
function slot(l: ListenerModel): Record<string, unknown> {
  return { listenerName: l.name, port: l.advertisedPort, host: l.host };
}

/** `spec.gateway` for a set of gateways: `{<direction>: {<networking>: endpoint}}`. */
export function gatewaySpec(gateways: readonly GatewayModel[], namespace: string): Record<string, Record<string, unknown>> {
  const spec: Record<string, Record<string, unknown>> = {};
  for (const g of gateways) (spec[g.direction] ??= {})[g.networking] = endpoint(g, namespace);
  return spec;
}

/** An OpenChoreo object gateways register on, with those gateways. */
export interface Registration {
  kind: 'DataPlane' | 'ClusterDataPlane' | 'Environment';
  name: string;
  namespace?: string;
  gateways: GatewayModel[];
  /** Where it comes from in the topology (for problems). */
  path: ReadonlyArray<string | number>;
}

/** The objects the control-plane overlay registers gateways on: the data plane, then environments by name. */
export function registrations(model: ClusterModel): Registration[] {
  const out: Registration[] = [];
  const shared = model.gateways.filter((g) => g.scope === 'dataplane');
  if (shared.length > 0) {
    out.push({ kind: model.dataPlane.kind, name: model.dataPlane.name, ...(model.dataPlane.namespace === undefined ? {} : { namespace: model.dataPlane.namespace }), gateways: shared, path: ['spec', 'dataPlane'] });
  }
  for (const env of model.environments) {
    const dedicated = model.gateways.filter((g) => g.scope === 'environment' && g.environment === env.name);
    if (dedicated.length > 0) out.push({ kind: 'Environment', name: env.name, namespace: env.namespace, gateways: dedicated, path: ['spec', 'environments'] });
  }
  return out;
}

/**
 * One object per registration holding only spec.gateway. In apply mode it carries the annotations that
 * make the engines server-side apply it onto the existing object; in patch mode it is a strategic-merge
 * patch of the base, which carries everything else.
 */
export function renderControlPlane(model: ClusterModel): Resource[] {
  return registrations(model).map((r) => ({
    apiVersion: OPENCHOREO_API_VERSION,
    kind: r.kind,
    metadata: {
      name: r.name,
      ...(r.namespace === undefined ? {} : { namespace: r.namespace }),
      ...(model.controlPlane.mode === 'apply' ? { annotations: { ...PARTIAL_ANNOTATIONS } } : {}),
    },
    spec: { gateway: gatewaySpec(r.gateways, model.gatewayNamespace) },
  }));
}
