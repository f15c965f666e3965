// kgateway (the default module): per-gateway Service settings go into a GatewayParameters
// (gateway.kgateway.dev/v1alpha1, spec.kube.service) that the Gateway references through
// spec.infrastructure.parametersRef. kgateway's own default Service is a LoadBalancer without extras,
// so a gateway that wants exactly that gets no parameters object.
import type { GatewayModel, StringMap } from '../../model/types.js';
import type { Resource } from '../resource.js';
import { type GatewayModule, type ModuleOutput, isDefaultService } from './module.js';

const GROUP = 'gateway.kgateway.dev';
const KIND = 'GatewayParameters';

function nonEmpty(map: StringMap): StringMap | undefined {
  return Object.keys(map).length === 0 ? undefined : map;
}

export const kgateway: GatewayModule = {
  id: 'kgateway',
  defaultGatewayClass: 'kgateway',
  defaultServiceType: 'LoadBalancer',
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
};
