// The OpenChoreo objects a cluster's gateways register on, derived from the model: what the control-plane
// overlay renders (render/control-plane.ts), what a patch-mode base must hold (model/checks.ts) and what a
// review reports as changed registrations (diff/impact.ts).
import type { ClusterModel, GatewayModel } from '../topology/types.js';

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
function inheritedIngress(dedicated: readonly GatewayModel[], shared: readonly GatewayModel[]): GatewayModel[] {
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
    if (dedicated.length > 0)
      out.push({ kind: 'Environment', name: env.name, namespace: env.namespace, gateways: dedicated, inherited: inheritedIngress(dedicated, shared), path: ['spec', 'environments'] });
  }
  return out;
}
