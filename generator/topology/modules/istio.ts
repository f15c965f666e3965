// Istio: no parameters resource. The Service type is the Gateway annotation
// networking.istio.io/service-type (read from metadata.annotations, not spec.infrastructure); Service
// annotations and labels go through spec.infrastructure. The Service is named <gateway>-<gatewayClassName>.
import type { GatewayModel } from '../types.js';
import { dnsLabelOrUndefined, type GatewayModule, infrastructureMetadata, type ModuleOutput } from './module.js';

export const ISTIO_SERVICE_TYPE = 'networking.istio.io/service-type';

export const istio: GatewayModule = {
  id: 'istio',
  defaultGatewayClass: 'istio',
  defaultServiceType: 'LoadBalancer',
  expresses: { type: 'gateway-annotation', annotations: 'infrastructure', labels: 'infrastructure' },
  websocket: 'always',
  serviceName: (gateway, gatewayClassName) => dnsLabelOrUndefined(`${gateway}-${gatewayClassName}`),
  serviceNamespace: 'gateway',
  refuse: () => [],
  render(gateway: GatewayModel): ModuleOutput {
    const out: ModuleOutput = { infrastructure: infrastructureMetadata(gateway), resources: [] };
    if (gateway.service.type !== istio.defaultServiceType && gateway.service.type !== undefined) out.gatewayAnnotations = { [ISTIO_SERVICE_TYPE]: gateway.service.type };
    return out;
  },
  caveats: [
    "When spec.infrastructure.labels is set Istio uses it instead of the Gateway's own labels for the generated objects; gwtopo always sets it (system-component label), so put every label the Service and pods need under service.labels.",
    'Service annotations and labels travel in Gateway spec.infrastructure, which holds at most 8 of each.',
  ],
};
