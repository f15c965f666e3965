// k3d notes: a k3d cluster's load balancer node only forwards the host ports it was created with.
import type { ClusterModel } from '../model/types.js';

/** Ports OpenChoreo's k3d setup maps on the data plane's load balancer (HTTP and HTTPS). */
export const K3D_MAPPED_PORTS: ReadonlySet<number> = new Set([19080, 19443]);

/** The exact `k3d node edit` commands that map every unmapped LoadBalancer listener port, by port. */
export function k3dPortCommands(model: ClusterModel): string[] {
  if (model.k3d === undefined) return [];
  const ports = new Set<number>();
  for (const g of model.gateways) {
    if (g.service.type !== 'LoadBalancer') continue;
    for (const l of g.listeners) if (!K3D_MAPPED_PORTS.has(l.port)) ports.add(l.port);
  }
  const node = `k3d-${model.k3d.clusterName}-serverlb`;
  return [...ports].sort((a, b) => a - b).map((p) => `k3d node edit ${node} --port-add ${p}:${p}/tcp`);
}
