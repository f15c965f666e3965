// Render: a cluster model → the Kubernetes objects of its two planes. Pure functions, no I/O.

import { registrations } from '../model/registrations.js';
import { moduleFor } from '../topology/modules/index.js';
import type { Origin, PlacedResource } from '../topology/resource.js';
import type { ClusterModel, GatewayModel } from '../topology/types.js';
import { renderControlPlane, slotOf } from './control-plane.js';
import { renderGateway } from './gateway.js';

/** A Gateway's listeners come from the topology's listeners; its infrastructure (and istio's annotations) from the gateway's service. */
function gatewayOrigin(gateway: GatewayModel): Origin {
  return {
    path: gateway.path,
    fields: [
      { at: ['metadata', 'annotations'], from: [...gateway.path, 'service'] },
      { at: ['spec', 'infrastructure'], from: [...gateway.path, 'service'] },
      ...gateway.listeners.map((l, i) => ({ at: ['spec', 'listeners', i], from: l.path })),
    ],
  };
}

/** A registration's endpoints come from their gateways, each listener slot from its listener. */
function registrationOrigin(path: Origin['path'], gateways: readonly GatewayModel[]): Origin {
  return {
    path,
    fields: gateways.flatMap((g) => [
      { at: ['spec', 'gateway', g.direction, g.networking], from: g.path },
      ...g.listeners.map((l) => ({ at: ['spec', 'gateway', g.direction, g.networking, slotOf(l.protocol)], from: l.path })),
    ]),
  };
}

export function renderCluster(model: ClusterModel): PlacedResource[] {
  const out: PlacedResource[] = [];
  for (const gateway of model.gateways) {
    if (!gateway.managed) continue;
    const extra = moduleFor(gateway.module).render(gateway, model.gatewayNamespace);
    out.push({ plane: 'data-plane', resource: renderGateway(gateway, model.gatewayNamespace, extra), origin: gatewayOrigin(gateway) });
    // Module resources express the gateway's Service settings; its policies (ListenerPolicy), the gateway itself.
    for (const resource of extra.resources) out.push({ plane: 'data-plane', resource, origin: { path: [...gateway.path, 'service'] } });
    for (const resource of extra.policies ?? []) out.push({ plane: 'data-plane', resource, origin: gatewayOrigin(gateway) });
  }
  const objects = registrations(model);
  renderControlPlane(model).forEach((resource, i) => {
    out.push({ plane: 'control-plane', resource, origin: registrationOrigin(objects[i]!.path, objects[i]!.gateways) });
  });
  return out;
}
