// Traefik: Gateways are served by the Service of the Traefik Helm install; nothing is provisioned per Gateway.
import { installServiceModule } from './install-service.js';

export const traefik = installServiceModule('traefik', 'traefik', 'Traefik', 'service.type, service.annotations, service.labels', [
  "Traefik provisions nothing per Gateway: set the Service (type, annotations) and the openchoreo.dev/system-component: gateway pod label (deployment.podLabels) in its Helm values; the label gwtopo puts on spec.infrastructure does not reach Traefik's pods.",
  "Listener ports must equal the ports of Traefik's entryPoints.",
  'Give every listener an explicit host: the shared Service is not named after the Gateway.',
]);
