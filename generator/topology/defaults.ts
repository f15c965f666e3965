// Every default of the topology format, in one place. The schema's `default` annotations document
// the same values (a test keeps the two in step).
import type { AllowedRoutes, DataPlaneKind, ModuleId, Networking, Protocol, ProviderId, ServiceType, TlsMode } from './types.js';

export const DEFAULTS = {
  module: 'kgateway' as ModuleId,
  provider: 'generic' as ProviderId,
  gatewayNamespace: 'openchoreo-data-plane',
  dataPlaneKind: 'DataPlane' as DataPlaneKind,
  dataPlaneName: 'default',
  dataPlaneNamespace: 'default',
  environmentNamespace: 'default',
  managed: true,
  websocket: true,
  allowedRoutes: 'All' as AllowedRoutes,
  k3dClusterName: 'openchoreo',
  /** Where Envoy Gateway puts its proxies' Services (its controller namespace, Envoy Gateway's default). */
  envoyGatewayNamespace: 'envoy-gateway-system',
} as const;

/** external → LoadBalancer, internal → ClusterIP. */
export function defaultServiceType(networking: Networking): ServiceType {
  return networking === 'external' ? 'LoadBalancer' : 'ClusterIP';
}

/** HTTPS terminates TLS; a TLS listener passes it through unless told otherwise. */
export function defaultTlsMode(protocol: Protocol): TlsMode {
  return protocol === 'TLS' ? 'Passthrough' : 'Terminate';
}

/** The listener name OpenChoreo's data-plane chart and its TLS component samples use for TLS passthrough. */
const TLS_PASSTHROUGH_LISTENER = 'tls-passthrough';

/**
 * The name of a listener that names none — the one rule for it (profiles key unnamed listeners by it too).
 * A TLS listener that passes TLS through is `tls-passthrough`, the `listenerName` OpenChoreo's data-plane chart
 * (install/helm/openchoreo-data-plane/templates/gateway/gateway.yaml) and its TLS component samples
 * (samples/component-types/component-tls-service: `gatewaySectionName` defaults to it) use; every other
 * listener, a TLS listener that terminates included, is named after its protocol in lower case.
 * `mode` is the listener's `tls.mode` as written (undefined: the protocol's default).
 */
export function defaultListenerName(protocol: Protocol, mode?: TlsMode): string {
  return protocol === 'TLS' && (mode ?? defaultTlsMode(protocol)) === 'Passthrough' ? TLS_PASSTHROUGH_LISTENER : protocol.toLowerCase();
}

/**
 * The host of an internal ClusterIP gateway is the in-cluster DNS name of its Service, `<service>.<namespace>`
 * (with kgateway the Service is named after the gateway, in the gateway namespace); every other gateway needs
 * an explicit host.
 */
export function defaultHost(serviceHost: string, networking: Networking, serviceType: ServiceType): string | undefined {
  return networking === 'internal' && serviceType === 'ClusterIP' ? serviceHost : undefined;
}

/** The Gateway OpenChoreo's data-plane Helm chart installs in its namespace (DEFAULTS.gatewayNamespace). */
export const HELM_GATEWAY = 'gateway-default';

/** Label OpenChoreo's data-plane NetworkPolicy requires on gateway pods (without it workloads answer 502). */
export const SYSTEM_COMPONENT_LABEL = 'openchoreo.dev/system-component';
export const SYSTEM_COMPONENT_VALUE = 'gateway';

/** The directive that removes an inherited entry of a named list. */
export const PATCH_KEY = '$patch';

/** File systems limit a file name to 255 bytes; objects are written as <name>.<kind>.yaml. */
export const MAX_FILE_NAME_BYTES = 255;

/**
 * Host ports OpenChoreo's k3d setup maps on the data plane's load balancer (HTTP and HTTPS), each to the same
 * port of the load balancer (install/k3d/single-cluster/config.yaml: `19080:19080`, `19443:19443`).
 */
export const K3D_MAPPED_PORTS: ReadonlySet<number> = new Set([19080, 19443]);
