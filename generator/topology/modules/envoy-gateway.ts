// Envoy Gateway: per-gateway Service settings go into an EnvoyProxy (gateway.envoyproxy.io/v1alpha1,
// spec.provider.kubernetes.envoyService) referenced through spec.infrastructure.parametersRef.
// Its default Service is a LoadBalancer without extras. The Service lives in the controller's namespace
// (spec.envoyGateway.namespace, Gateway namespace mode aside) under a hashed name (envoy-<namespace>-<gateway>-
// <hash>) unless the EnvoyProxy names it: every EnvoyProxy gwtopo renders sets envoyService.name to the gateway's
// name, so a gateway with one has a predictable in-cluster host. An internal ClusterIP gateway always has one
// (ClusterIP is not the default type), which is why its host can default to <gateway>.<Envoy Gateway's namespace>.

import type { Resource } from '../resource.js';
import type { GatewayModel } from '../types.js';
import { type GatewayModule, isDefaultService, type ModuleOutput, nonEmpty } from './module.js';

const GROUP = 'gateway.envoyproxy.io';
const KIND = 'EnvoyProxy';

export const envoyGateway: GatewayModule = {
  id: 'envoy-gateway',
  defaultGatewayClass: 'envoy-gateway',
  defaultServiceType: 'LoadBalancer',
  expresses: { type: 'parameters', annotations: 'parameters', labels: 'parameters', parametersKind: `${KIND} (${GROUP}/v1alpha1)` },
  websocket: 'always',
  // Only meaningful where gwtopo renders the EnvoyProxy: it is consulted for internal ClusterIP gateways, which have one.
  serviceName: (gateway) => gateway,
  serviceNamespace: 'envoy-gateway',
  serviceNamedByParameters: true,
  refuse: () => [],
  render(gateway: GatewayModel, namespace: string): ModuleOutput {
    if (isDefaultService(envoyGateway, gateway)) return { infrastructure: {}, resources: [] };
    const name = gateway.parametersName;
    const proxy: Resource = {
      apiVersion: `${GROUP}/v1alpha1`,
      kind: KIND,
      metadata: { name, namespace },
      spec: {
        provider: {
          type: 'Kubernetes',
          kubernetes: {
            envoyService: {
              name: gateway.name,
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
    "The proxy Service is created in Envoy Gateway's namespace (spec.envoyGateway.namespace, default envoy-gateway-system), so its name must be unique there: every EnvoyProxy gwtopo renders names it after the gateway, and an internal ClusterIP gateway's host defaults to <gateway>.<that namespace>. In Gateway namespace mode set spec.envoyGateway.namespace to the gateway namespace.",
    'An EnvoyProxy rendered for a gateway that had none, or by a gwtopo version before envoyService.name, renames its Service: Envoy Gateway creates the named one (a LoadBalancer gets a new address).',
  ],
};
