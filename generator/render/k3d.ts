// k3d notes: a k3d cluster's load balancer node only forwards the host ports it was created with, each to one
// port of the load balancer (`k3d node edit … --port-add <host port>:<load-balancer port>/tcp`).

import { K3D_MAPPED_PORTS } from '../topology/defaults.js';
import type { ClusterModel } from '../topology/types.js';

/**
 * The exact `k3d node edit` commands that map every unmapped LoadBalancer listener: the host port is the one
 * clients use (advertisedPort), the load-balancer port the one the Gateway listens on. Sorted by host port.
 */
export function k3dPortCommands(model: ClusterModel): string[] {
  if (model.k3d === undefined) return [];
  const mappings = new Map<number, number>();
  for (const g of model.gateways) {
    if (g.service.type !== 'LoadBalancer') continue;
    for (const l of g.listeners) if (!K3D_MAPPED_PORTS.has(l.advertisedPort)) mappings.set(l.advertisedPort, l.port);
  }
  const node = `k3d-${model.k3d.clusterName}-serverlb`;
  return [...mappings].sort(([a], [b]) => a - b).map(([host, port]) => `k3d node edit ${node} --port-add ${host}:${port}/tcp`);
}
