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

/** An OpenChoreo object gateways register on, with those gateways. */
export interface Registration {
  kind: 'DataPlane' | 'ClusterDataPlane' | 'Environment';
  name: string;
  namespace?: string;
  /** The gateways registered on this object: data-plane scope on the data plane, dedicated ones on an Environment. */
  gateways: GatewayModel[];
  /**
   * Environments only: the data plane's ingress gateways copied onto an Environment that has an ingress slot of
   * its own, for the networkings it does not override (see inheritedIngress).
   */
  inherited: GatewayModel[];
  /** Where it comes from in the topology (for problems). */
  path: ReadonlyArray<string | number>;
}

/**
 * The data plane's ingress gateways an Environment must carry as well. OpenChoreo renders an environment's routes
 * with the Environment's spec.gateway merged over its data plane's slot by slot (mergeGatewayNetworkData,
 * internal/pipeline/component/context/component.go), but resolves its endpoint URLs from the Environment's
 * spec.gateway alone as soon as that has any ingress slot (resolveGatewayEndpointByVisibility,
 * internal/controller/releasebinding/controller.go). So an Environment with an ingress gateway of its own gets the
 * data plane's other ingress gateways copied, and both code paths agree. Egress is merged slot by slot everywhere
 * and resolved nowhere from the Environment alone: nothing is copied.
 */
export function inheritedIngress(dedicated: readonly GatewayModel[], shared: readonly GatewayModel[]): GatewayModel[] {
  const own = new Set(dedicated.filter((g) => g.direction === 'ingress').map((g) => g.networking));
  if (own.size === 0) return [];
  return shared.filter((g) => g.direction === 'ingress' && !own.has(g.networking));
}

/** The objects the control-plane overlay registers gateways on: the data plane, then environments by name. */
export function registrations(model: ClusterModel): Registration[] {
  const out: Registration[] = [];
  const shared = model.gateways.filter((g) => g.scope === 'dataplane');
  if (shared.length > 0) {
    out.push({
      kind: model.dataPlane.kind,
      name: model.dataPlane.name,
      ...(model.dataPlane.namespace === undefined ? {} : { namespace: model.dataPlane.namespace }),
      gateways: shared,
      inherited: [],
      path: ['spec', 'dataPlane'],
    });
  }
  for (const env of model.environments) {
    const dedicated = model.gateways.filter((g) => g.scope === 'environment' && g.environment === env.name);
    if (dedicated.length > 0) out.push({ kind: 'Environment', name: env.name, namespace: env.namespace, gateways: dedicated, inherited: inheritedIngress(dedicated, shared), path: ['spec', 'environments'] });
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
    spec: { gateway: gatewaySpec([...r.gateways, ...r.inherited], model.gatewayNamespace) },
  }));
}
