// What installs the CustomResourceDefinitions of an API group (for "kind missing from the set" errors).
// Upstream locations are those of ../shared/crds/SOURCES.md.

const INSTALLERS: Record<string, string> = {
  'gateway.networking.k8s.io': "Gateway API's standard-channel CRDs (kubernetes-sigs/gateway-api config/crd/standard, released as standard-install.yaml)",
  'gateway.kgateway.dev': "kgateway's CRDs (the kgateway-crds Helm chart, kgateway-dev/kgateway install/helm/kgateway-crds)",
  'gateway.envoyproxy.io': 'Envoy Gateway (its gateway-helm Helm chart installs the CRDs, envoyproxy/gateway charts/gateway-helm)',
  'gateway.nginx.org': "NGINX Gateway Fabric's CRDs (nginx/nginx-gateway-fabric config/crd, installed with its Helm chart or deploy/crds.yaml)",
  'argoproj.io': 'Argo CD (its install manifests and Helm chart carry the Application and ApplicationSet CRDs, argoproj/argo-cd manifests/crds)',
  'kustomize.toolkit.fluxcd.io': "Flux's kustomize-controller (flux install, or the fluxcd/flux2 manifests)",
  'source.toolkit.fluxcd.io': "Flux's source-controller (flux install, or the fluxcd/flux2 manifests)",
  'openchoreo.dev': "OpenChoreo's control plane (its Helm chart installs the openchoreo.dev CRDs, openchoreo/openchoreo config/crd)",
};

/** What installs a group's CRDs, or undefined for a group gwtopo knows nothing about. */
export function installHint(group: string): string | undefined {
  return Object.hasOwn(INSTALLERS, group) ? INSTALLERS[group] : undefined;
}
