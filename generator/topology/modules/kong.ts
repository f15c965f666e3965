// Kong Ingress Controller (kong/ingress chart, unmanaged GatewayClass): Gateways are served by the proxy
// Service of the Helm install; nothing is provisioned per Gateway.
import { installServiceModule } from './install-service.js';

export const kong = installServiceModule('kong', 'kong', 'Kong', 'gateway.proxy.type, gateway.proxy.annotations, gateway.proxy.labels', [
  'Kong\'s GatewayClass is unmanaged (konghq.com/gatewayclass-unmanaged: "true"): the proxy Deployment and Service come from the Helm install, which must match the Gateway\'s listeners and carry the openchoreo.dev/system-component: gateway pod label.',
  'Give every listener an explicit host: the shared proxy Service is not named after the Gateway.',
]);
