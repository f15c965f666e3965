// NGINX Gateway Fabric: the Service type goes into an NginxProxy (gateway.nginx.org/v1alpha2,
// spec.kubernetes.service.type) referenced through spec.infrastructure.parametersRef; NginxProxy has no
// Service annotations or labels, so those go through Gateway spec.infrastructure, which NGF copies onto
// the objects it provisions. The Service is named <gateway>-<gatewayClassName>.

import type { Resource } from '../resource.js';
import type { GatewayModel } from '../types.js';
import { dnsLabelOrUndefined, type GatewayModule, infrastructureMetadata, type ModuleOutput } from './module.js';

const GROUP = 'gateway.nginx.org';
const KIND = 'NginxProxy';

export const nginxGatewayFabric: GatewayModule = {
  id: 'nginx-gateway-fabric',
  defaultGatewayClass: 'nginx',
  defaultServiceType: 'LoadBalancer',
  expresses: { type: 'parameters', annotations: 'infrastructure', labels: 'infrastructure', parametersKind: `${KIND} (${GROUP}/v1alpha2)` },
  websocket: 'always',
  serviceName: (gateway, gatewayClassName) => dnsLabelOrUndefined(`${gateway}-${gatewayClassName}`),
  serviceNamespace: 'gateway',
  refuse: () => [],
  render(gateway: GatewayModel, namespace: string): ModuleOutput {
    const infrastructure = infrastructureMetadata(gateway);
    if (gateway.service.type === nginxGatewayFabric.defaultServiceType) return { infrastructure, resources: [] };
    const name = gateway.parametersName;
    const proxy: Resource = {
      apiVersion: `${GROUP}/v1alpha2`,
      kind: KIND,
      metadata: { name, namespace },
      spec: { kubernetes: { service: { type: gateway.service.type } } },
    };
    return { infrastructure: { ...infrastructure, parametersRef: { name, group: GROUP, kind: KIND } }, resources: [proxy] };
  },
  caveats: [
    "The NginxProxy on the Gateway is merged over the GatewayClass one (the Gateway wins), so class-level settings such as the pod label patches in OpenChoreo's NGF setup keep applying.",
    'Service annotations and labels travel in Gateway spec.infrastructure, which holds at most 8 of each, the system-component label included.',
  ],
};
