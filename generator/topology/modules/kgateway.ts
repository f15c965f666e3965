// kgateway (the default module): per-gateway Service settings go into a GatewayParameters
// (gateway.kgateway.dev/v1alpha1, spec.kube.service) that the Gateway references through
// spec.infrastructure.parametersRef. kgateway's own default Service is a LoadBalancer without extras,
// so a gateway that wants exactly that gets no parameters object. The Service is named after the Gateway.
// kgateway upgrades no WebSocket connection unless a listener policy enables it: OpenChoreo's data-plane chart
// does that for gateway-default (install/helm/openchoreo-data-plane/templates/gateway/httplistenerpolicy.yaml,
// an HTTPListenerPolicy); gwtopo renders the non-deprecated successor, a ListenerPolicy, for every gateway
// that keeps gateways[].websocket (the default).

import type { Resource } from '../resource.js';
import type { GatewayModel } from '../types.js';
import { type GatewayModule, isDefaultService, type ModuleOutput, nonEmpty } from './module.js';

const GROUP = 'gateway.kgateway.dev';
const KIND = 'GatewayParameters';
const POLICY_KIND = 'ListenerPolicy';

/** `<gateway>-listeners`: enables WebSocket upgrades on every listener of the Gateway (valid for kgateway v2.2 and v2.3). */
function listenerPolicy(gateway: GatewayModel, namespace: string): Resource {
  return {
    apiVersion: `${GROUP}/v1alpha1`,
    kind: POLICY_KIND,
    metadata: { name: `${gateway.name}-listeners`, namespace },
    spec: {
      targetRefs: [{ group: 'gateway.networking.k8s.io', kind: 'Gateway', name: gateway.name }],
      default: { httpSettings: { upgradeConfig: { enabledUpgrades: ['websocket'] } } },
    },
  };
}

export const kgateway: GatewayModule = {
  id: 'kgateway',
  defaultGatewayClass: 'kgateway',
  defaultServiceType: 'LoadBalancer',
  expresses: { type: 'parameters', annotations: 'parameters', labels: 'parameters', parametersKind: `${KIND} (${GROUP}/v1alpha1)` },
  websocket: 'policy',
  serviceName: (gateway) => gateway,
  serviceNamespace: 'gateway',
  refuse: () => [],
  render(gateway: GatewayModel, namespace: string): ModuleOutput {
    const policies = gateway.websocket ? { policies: [listenerPolicy(gateway, namespace)] } : {};
    if (isDefaultService(kgateway, gateway)) return { infrastructure: {}, resources: [], ...policies };
    const name = gateway.parametersName;
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
    return { infrastructure: { parametersRef: { name, group: GROUP, kind: KIND } }, resources: [parameters], ...policies };
  },
  caveats: [
    'A GatewayParameters on the Gateway is deep-merged over the GatewayClass one; gwtopo always states the Service type so a class default cannot change it.',
    "kgateway upgrades WebSocket connections only where a listener policy enables them: gwtopo renders a ListenerPolicy <gateway>-listeners for every gateway (as OpenChoreo's chart does for gateway-default); websocket: false leaves it out.",
  ],
};
