// Cilium: the Service type is set per GatewayClass only (CiliumGatewayClassConfig spec.service.type:
// LoadBalancer or NodePort; LoadBalancer when the class has none). A gateway gets another type only by
// naming a GatewayClass configured for it, declared in spec.gatewayClasses. Service annotations and
// labels go through Gateway spec.infrastructure. The Service is named cilium-gateway-<gateway>.
import type { GatewayModel, ServiceType } from '../types.js';
import { dnsLabelOrUndefined, type GatewayModule, infrastructureMetadata, type ModuleOutput, type Refusal, type ServiceRequest } from './module.js';

const DEFAULT_CLASS = 'cilium';
const q = JSON.stringify;

function classType(req: ServiceRequest): ServiceType | undefined {
  return req.classes.get(req.gatewayClassName) ?? (req.gatewayClassName === DEFAULT_CLASS ? 'LoadBalancer' : undefined);
}

export const cilium: GatewayModule = {
  id: 'cilium',
  defaultGatewayClass: DEFAULT_CLASS,
  defaultServiceType: 'LoadBalancer',
  expresses: { type: 'gateway-class', annotations: 'infrastructure', labels: 'infrastructure' },
  websocket: 'always',
  serviceName: (gateway) => dnsLabelOrUndefined(`cilium-gateway-${gateway}`),
  serviceNamespace: 'gateway',
  refuse(req: ServiceRequest): Refusal[] {
    const type = req.effectiveType;
    if (type === 'ClusterIP') {
      return [
        {
          field: 'type',
          message: `module cilium cannot give gateway ${q(req.gateway)} a ClusterIP Service${req.type === undefined ? ' (internal gateways default to ClusterIP)' : ''}: Cilium creates LoadBalancer or NodePort Services, chosen per GatewayClass`,
          hint: 'set service.type: LoadBalancer (the provider preset makes it private), or NodePort with a GatewayClass configured for NodePort (declare it under spec.gatewayClasses)',
        },
      ];
    }
    if (req.type === undefined || type === undefined) return [];
    const configured = classType(req);
    if (configured === undefined) {
      return [
        {
          field: 'type',
          message: `module cilium sets the Service type per GatewayClass, and GatewayClass ${q(req.gatewayClassName)} of gateway ${q(req.gateway)} is not declared in spec.gatewayClasses`,
          hint: `declare it with the type its CiliumGatewayClassConfig sets: spec.gatewayClasses: [{name: ${req.gatewayClassName}, serviceType: ${type}}]`,
        },
      ];
    }
    if (configured !== type) {
      return [
        {
          field: 'type',
          message: `module cilium sets the Service type per GatewayClass: GatewayClass ${q(req.gatewayClassName)} gives ${configured} Services, not ${type} (gateway ${q(req.gateway)})`,
          hint: `set gatewayClassName to a GatewayClass whose CiliumGatewayClassConfig sets service.type ${type}, and declare it under spec.gatewayClasses`,
        },
      ];
    }
    return [];
  },
  render(gateway: GatewayModel): ModuleOutput {
    return { infrastructure: infrastructureMetadata(gateway), resources: [] };
  },
  caveats: [
    'The Service type comes from the GatewayClass (CiliumGatewayClassConfig, LoadBalancer or NodePort; never ClusterIP); gwtopo checks each gateway against spec.gatewayClasses but does not render GatewayClasses.',
    'Service annotations and labels travel in Gateway spec.infrastructure, which holds at most 8 of each.',
  ],
};
