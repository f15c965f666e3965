// kgateway (the default module): per-gateway Service settings go into a GatewayParameters
// (gateway.kgateway.dev/v1alpha1, spec.kube.service) that the Gateway references through
// spec.infrastructure.parametersRef. kgateway's own default Service is a LoadBalancer without extras,
// so a gateway that wants exactly that gets no parameters object. The Service is named after the Gateway.
import type { GatewayModel } from '../../model/types.js';
import type { Resource } from '../resource.js';
import { type GatewayModule, type ModuleOutput, isDefaultService, nonEmpty } from './module.js';

const GROUP = 'gateway.kgateway.dev';
const KIND = 'GatewayParameters';

export const kgateway: GatewayModule = {
  id: 'kgateway',
  defaultGatewayClass: 'kgateway',
  defaultServiceType: 'LoadBalancer',
  expresses: { type: 'parameters', annotations: 'parameters', labels: 'parameters', parametersKind: `${KIND} (${GROUP}/v1alpha1)` },
  serviceName: (gateway) => gateway,
  refuse: () => [],
  render(gateway: GatewayModel, namespace: string): ModuleOutput {
    if (isDefaultService(kgateway, gateway)) return { infrastructure: {}, resources: [] };
    const name = `${gateway.name}-params`;
    const parameters: Resource = {
      apiVersion: `${GROUP}/v1alpha1`,
      kind: KIND,
      metadata: { name, namespace },
      spec: {
        kube: {
          service: {
            type: gateway.service.type,
            extraAnnotations: nonEmpty(gateway.service.annotations),
            extraLabels: nonEmpty(gateway.service.labels),
          },
        },
      },
    };
    return { infrastructure: { parametersRef: { name, group: GROUP, kind: KIND } }, resources: [parameters] };
  },
  caveats: [
    'A GatewayParameters on the Gateway is deep-merged over the GatewayClass one; gwtopo always states the Service type so a class default cannot change it.',
  ],
};
