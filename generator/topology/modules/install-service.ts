// Modules whose install provides one Service for every Gateway (Traefik, Kong Ingress Controller):
// nothing per gateway can change it, so every per-gateway Service setting is refused.
import type { ModuleId } from '../types.js';
import type { GatewayModule, Refusal, ServiceRequest } from './module.js';

const q = JSON.stringify;

export function installServiceModule(id: ModuleId, gatewayClass: string, product: string, helmValues: string, caveats: string[]): GatewayModule {
  const because = `module ${id} serves every Gateway through the one Service of the ${product} install`;
  const instead = `set it in the ${product} Helm values (${helmValues}), or give this gateway a module that provisions a Service per Gateway (gateways[].module: kgateway, envoy-gateway, …)`;
  return {
    id,
    defaultGatewayClass: gatewayClass,
    expresses: { type: 'install', annotations: 'install', labels: 'install' },
    websocket: 'always',
    serviceName: () => undefined,
    serviceNamespace: 'gateway',
    refuse(req: ServiceRequest): Refusal[] {
      const out: Refusal[] = [];
      if (req.type !== undefined) out.push({ field: 'type', message: `${because}: gateway ${q(req.gateway)} cannot have its own Service type`, hint: instead });
      if (req.annotations) out.push({ field: 'annotations', message: `${because}: gateway ${q(req.gateway)} cannot have its own Service annotations`, hint: instead });
      if (req.labels) out.push({ field: 'labels', message: `${because}: gateway ${q(req.gateway)} cannot have its own Service labels`, hint: instead });
      return out;
    },
    render: () => ({ infrastructure: {}, resources: [] }),
    caveats,
  };
}
