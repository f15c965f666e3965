// Render: a cluster model → the Kubernetes objects of its two planes. Pure functions, no I/O.
import type { ClusterModel } from '../model/types.js';
import { renderControlPlane } from './control-plane.js';
import { renderGateway } from './gateway.js';
import { moduleFor } from './modules/index.js';
import type { PlacedResource } from './resource.js';

export function renderCluster(model: ClusterModel): PlacedResource[] {
  const out: PlacedResource[] = [];
  for (const gateway of model.gateways) {
    if (!gateway.managed) continue;
    const extra = moduleFor(gateway.module).render(gateway, model.gatewayNamespace);
    out.push({ plane: 'data-plane', resource: renderGateway(gateway, model.gatewayNamespace, extra) });
    for (const resource of [...extra.resources, ...(extra.policies ?? [])]) out.push({ plane: 'data-plane', resource });
  }
  for (const resource of renderControlPlane(model)) out.push({ plane: 'control-plane', resource });
  return out;
}
