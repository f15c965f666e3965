// The Gateway (gateway.networking.k8s.io/v1) of one managed gateway, common to every module.
import { SYSTEM_COMPONENT_LABEL, SYSTEM_COMPONENT_VALUE } from '../topology/defaults.js';
import type { ModuleOutput } from '../topology/modules/module.js';
import type { Resource } from '../topology/resource.js';
import type { GatewayModel, ListenerModel } from '../topology/types.js';

export const GATEWAY_LABELS = {
  'app.kubernetes.io/component': 'gateway',
  'app.kubernetes.io/managed-by': 'gwtopo',
  'app.kubernetes.io/part-of': 'openchoreo',
} as const;

function listener(l: ListenerModel): Record<string, unknown> {
  return {
    name: l.name,
    port: l.port,
    protocol: l.protocol,
    hostname: l.hostname,
    tls:
      l.tls === undefined
        ? undefined
        : { mode: l.tls.mode, certificateRefs: l.tls.certificateRefs.length === 0 ? undefined : l.tls.certificateRefs.map((c) => ({ name: c.name, namespace: c.namespace })) },
    allowedRoutes: { namespaces: { from: l.allowedRoutes } },
  };
}

function nonEmpty<T extends object>(value: T): T | undefined {
  return Object.keys(value).length === 0 ? undefined : value;
}

export function renderGateway(gateway: GatewayModel, namespace: string, module: ModuleOutput): Resource {
  const infra = module.infrastructure;
  return {
    apiVersion: 'gateway.networking.k8s.io/v1',
    kind: 'Gateway',
    metadata: {
      name: gateway.name,
      namespace,
      labels: { ...GATEWAY_LABELS },
      ...(module.gatewayAnnotations === undefined ? {} : { annotations: { ...module.gatewayAnnotations } }),
    },
    spec: {
      gatewayClassName: gateway.gatewayClassName,
      infrastructure: {
        labels: { ...infra.labels, [SYSTEM_COMPONENT_LABEL]: SYSTEM_COMPONENT_VALUE },
        annotations: infra.annotations === undefined ? undefined : nonEmpty({ ...infra.annotations }),
        parametersRef: infra.parametersRef,
      },
      listeners: gateway.listeners.map(listener),
    },
  };
}
