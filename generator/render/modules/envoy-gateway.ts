// Envoy Gateway: per-gateway Service settings go into an EnvoyProxy (gateway.envoyproxy.io/v1alpha1,
// spec.provider.kubernetes.envoyService) referenced through spec.infrastructure.parametersRef.
// Its default Service is a LoadBalancer without extras. The Service lives in the controller's namespace
// under a hashed name (envoy-<namespace>-<gateway>-<hash>) unless Envoy Gateway runs in Gateway
// namespace mode, so gwtopo cannot know an in-cluster host for it.
import type { GatewayModel } from '../../model/types.js';
import type { Resource } from '../resource.js';
import { type GatewayModule, type ModuleOutput, isDefaultService, nonEmpty } from './module.js';

const GROUP = 'gateway.envoyproxy.io';
const KIND = 'EnvoyProxy';

export const envoyGateway: GatewayModule = {
  id: 'envoy-gateway',
  defaultGatewayClass: 'envoy-gateway',
  defaultServiceType: 'LoadBalancer',
  expresses: { type: 'parameters', annotations: 'parameters', labels: 'parameters', parametersKind: `${KIND} (${GROUP}/v1alpha1)` },
  websocket: 'always',
  serviceName: () => undefined,
  refuse: () => [],
  render(gateway: GatewayModel, namespace: string): ModuleOutput {
    if (isDefaultService(envoyGateway, gateway)) return { infrastructure: {}, resources: [] };
    const name = `${gateway.name}-params`;
    const proxy: Resource = {
      apiVersion: `${GROUP}/v1alpha1`,
      kind: KIND,
      metadata: { name, namespace },
      spec: {
        provider: {
          type: 'Kubernetes',
          kubernetes: {
            envoyService: {
              type: gateway.service.type,
              annotations: nonEmpty(gateway.service.annotations),
              labels: nonEmpty(gateway.service.labels),
            },
          },
        },
      },
    };
    return { infrastructure: { parametersRef: { name, group: GROUP, kind: KIND } }, resources: [proxy] };
  },
  caveats: [
    'Envoy Gateway 1.7 does not merge an EnvoyProxy on the Gateway with the one on its GatewayClass: the Gateway-level one replaces it, so class-level proxy settings (replicas, resources, logging) no longer apply to that gateway. Envoy Gateway 1.8 adds spec.mergeType; gwtopo does not set it because the 1.7 CRD rejects it.',
    'The proxy Service is created in the Envoy Gateway namespace with a hashed name: give internal ClusterIP gateways an explicit host.',
  ],
};
