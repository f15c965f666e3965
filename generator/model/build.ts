// Builds the resolved model of a valid topology: defaults applied once, lists in canonical order.

import { DEFAULTS, defaultTlsMode } from '../topology/defaults.js';
import { moduleFor } from '../topology/modules/index.js';
import { presetAnnotations } from '../topology/providers.js';
import type { ClusterModel, GatewayModel, ListenerModel, ServiceModel } from '../topology/types.js';
import type { TopologyView } from '../topology/view.js';
import { effectiveHost } from '../topology/view.js';

function byName<T extends { name: string }>(a: T, b: T): number {
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}

function required<T>(value: T | undefined, what: string): T {
  // Unreachable for a document that passed validation; guards the invariant instead of rendering garbage.
  if (value === undefined) throw new Error(`internal error: ${what} missing from a validated topology`);
  return value;
}

/** The model of a topology that passed schema and rules (see validate/index.ts). */
export function buildModel(cluster: string, source: string, view: TopologyView): ClusterModel {
  const provider = required(view.provider, 'provider');
  const gateways: GatewayModel[] = view.gateways.map((g) => {
    const name = required(g.name, 'gateway name');
    const networking = required(g.networking, 'networking');
    const module = required(g.module, 'module');
    const listeners: ListenerModel[] = g.listeners.map((l) => {
      const protocol = required(l.protocol, 'protocol');
      const listenPort = required(l.port, 'port');
      const listener: ListenerModel = {
        name: required(l.name, 'listener name'),
        protocol,
        port: listenPort,
        advertisedPort: l.advertisedPort ?? listenPort,
        host: required(effectiveHost(view, g, l), 'host'),
        allowedRoutes: l.allowedRoutes ?? DEFAULTS.allowedRoutes,
        path: l.path,
      };
      if (l.hostname !== undefined) listener.hostname = l.hostname;
      if (protocol !== 'HTTP') {
        listener.tls = {
          mode: l.tls?.mode ?? defaultTlsMode(protocol),
          certificateRefs: (l.tls?.certificateRefs ?? []).map((c) => ({ name: required(c.name, 'certificate name'), ...(c.namespace === undefined ? {} : { namespace: c.namespace }) })),
        };
      }
      return listener;
    });
    // Modules whose install provides the Service (traefik, kong) have no per-gateway type or presets.
    const type = moduleFor(module).defaultServiceType === undefined ? undefined : required(g.serviceType, 'service type');
    const service: ServiceModel = {
      annotations: type === 'LoadBalancer' ? { ...presetAnnotations(provider, networking), ...g.annotations } : { ...g.annotations },
      labels: { ...g.labels },
    };
    if (type !== undefined) service.type = type;
    const gateway: GatewayModel = {
      name,
      module,
      direction: required(g.direction, 'direction'),
      networking,
      scope: required(g.scope, 'scope'),
      managed: g.managed,
      websocket: g.websocket,
      gatewayClassName: required(g.gatewayClass, 'gatewayClassName'),
      parametersName: g.parametersName ?? `${name}-params`,
      service,
      listeners: listeners.sort(byName),
      path: g.path,
    };
    if (g.environment !== undefined) gateway.environment = g.environment;
    return gateway;
  });
  const model: ClusterModel = {
    cluster,
    source,
    module: required(view.module, 'module'),
    provider,
    gatewayNamespace: view.gatewayNamespace,
    dataPlane: {
      kind: required(view.dataPlane.kind, 'dataPlane kind'),
      name: view.dataPlane.name,
      ...(view.dataPlane.namespace === undefined ? {} : { namespace: view.dataPlane.namespace }),
    },
    destination: view.destination ?? cluster,
    controlPlane: view.controlPlaneMode === 'patch' ? { mode: 'patch', base: required(view.controlPlaneBase, 'controlPlane.base').replace(/\/+$/, '') } : { mode: 'apply' },
    environments: view.environments.map((e) => ({ name: required(e.name, 'environment name'), namespace: e.namespace })).sort(byName),
    gatewayClasses: view.gatewayClasses.map((c) => ({ name: required(c.name, 'class name'), serviceType: required(c.serviceType, 'class service type') })).sort(byName),
    gateways: gateways.sort(byName),
  };
  if (view.k3d !== undefined) model.k3d = view.k3d;
  if (view.crds !== undefined) model.crds = view.crds;
  return model;
}
