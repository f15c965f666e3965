// Control-plane overlays: one partial DataPlane / ClusterDataPlane / Environment per object a gateway
// registers on. They hold ONLY spec.gateway (never dataPlaneRef, clusterAgent or other fields owned
// elsewhere) and are server-side applied onto the existing object, never pruned or deleted.

import { registrations } from '../model/registrations.js';
import type { Resource } from '../topology/resource.js';
import type { ClusterModel, GatewayModel, ListenerModel, Protocol } from '../topology/types.js';

export const OPENCHOREO_API_VERSION = 'openchoreo.dev/v1alpha1';

/** Apply as a patch of an existing object; never prune or delete it (Argo CD and Flux). */
export const PARTIAL_ANNOTATIONS = {
  'argocd.argoproj.io/sync-options': 'ServerSideApply=true,Validate=false,Prune=false,Delete=false',
  'kustomize.toolkit.fluxcd.io/prune': 'disabled',
  'kustomize.toolkit.fluxcd.io/ssa': 'Merge',
} as const;

const SLOT: Record<Protocol, 'http' | 'https' | 'tls'> = { HTTP: 'http', HTTPS: 'https', TLS: 'tls' };

/** The listener slot of an endpoint that a protocol fills. */
export function slotOf(protocol: Protocol): 'http' | 'https' | 'tls' {
  return SLOT[protocol];
}

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
    spec: { gateway: gatewaySpec([...r.gateways, ...r.inherited], model.gatewayNamespace) },
  }));
}
