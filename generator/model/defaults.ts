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
  allowedRoutes: 'All' as AllowedRoutes,
  k3dClusterName: 'openchoreo',
} as const;

/** external → LoadBalancer, internal → ClusterIP. */
export function defaultServiceType(networking: Networking): ServiceType {
  return networking === 'external' ? 'LoadBalancer' : 'ClusterIP';
}

/** A listener is named after its protocol unless named explicitly. */
export function defaultListenerName(protocol: Protocol): string {
  return protocol.toLowerCase();
}

/** HTTPS terminates TLS; a TLS listener passes it through unless told otherwise. */
export function defaultTlsMode(protocol: Protocol): TlsMode {
  return protocol === 'TLS' ? 'Passthrough' : 'Terminate';
}

/**
 * The host of an internal ClusterIP gateway is the in-cluster DNS name of its Service,
 * `<service>.<namespace>` (with kgateway the Service is named after the gateway); every other gateway
 * needs an explicit host.
 */
export function defaultHost(service: string, gatewayNamespace: string, networking: Networking, serviceType: ServiceType): string | undefined {
  return networking === 'internal' && serviceType === 'ClusterIP' ? `${service}.${gatewayNamespace}` : undefined;
}

/** Label OpenChoreo's data-plane NetworkPolicy requires on gateway pods (without it workloads answer 502). */
export const SYSTEM_COMPONENT_LABEL = 'openchoreo.dev/system-component';
export const SYSTEM_COMPONENT_VALUE = 'gateway';
