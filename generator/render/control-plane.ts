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

function slot(l: ListenerModel): Record<string, unknown> {
  return { listenerName: l.name, port: l.port, host: l.host };
}

/** `spec.gateway` for a set of gateways: `{<direction>: {<networking>: endpoint}}`. */
export function gatewaySpec(gateways: readonly GatewayModel[], namespace: string): Record<string, Record<string, unknown>> {
  const spec: Record<string, Record<string, unknown>> = {};
  for (const g of gateways) (spec[g.direction] ??= {})[g.networking] = endpoint(g, namespace);
  return spec;
}

function partial(kind: string, name: string, namespace: string | undefined, gateways: readonly GatewayModel[], gatewayNamespace: string): Resource {
  return {
    apiVersion: OPENCHOREO_API_VERSION,
    kind,
    metadata: { name, ...(namespace === undefined ? {} : { namespace }), annotations: { ...PARTIAL_ANNOTATIONS } },
    spec: { gateway: gatewaySpec(gateways, gatewayNamespace) },
  };
}

export function renderControlPlane(model: ClusterModel): Resource[] {
  const out: Resource[] = [];
  const shared = model.gateways.filter((g) => g.scope === 'dataplane');
  if (shared.length > 0) out.push(partial(model.dataPlane.kind, model.dataPlane.name, model.dataPlane.namespace, shared, model.gatewayNamespace));
  for (const env of model.environments) {
    const dedicated = model.gateways.filter((g) => g.scope === 'environment' && g.environment === env.name);
    if (dedicated.length > 0) out.push(partial('Environment', env.name, env.namespace, dedicated, model.gatewayNamespace));
  }
  return out;
}
