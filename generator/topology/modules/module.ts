// The interface every gateway module (Gateway API implementation) implements. A module decides how a
// gateway's Service settings are expressed and what it cannot express; everything else about a
// Gateway is common (render/gateway.ts). Adding a module: one file here, a line in index.ts, a golden
// fixture and a README row.

import type { Resource } from '../resource.js';
import type { GatewayModel, ModuleId, ServiceType, StringMap } from '../types.js';

interface LocalParametersRef {
  name: string;
  group: string;
  kind: string;
}

export interface ModuleOutput {
  /** Merged into Gateway spec.infrastructure (gwtopo always adds the system-component label). */
  infrastructure: { labels?: StringMap; annotations?: StringMap; parametersRef?: LocalParametersRef };
  /** Gateway metadata.annotations (some implementations read settings there). */
  gatewayAnnotations?: StringMap;
  /** Extra data-plane resources, e.g. the parameters object the Gateway refers to. */
  resources: Resource[];
  /** Policies that attach themselves to the Gateway (targetRefs), e.g. kgateway's ListenerPolicy. */
  policies?: Resource[];
}

/** Where a Service setting ends up (README capability matrix). */
type Mechanism =
  | 'parameters' // a parameters resource referenced by spec.infrastructure.parametersRef
  | 'gateway-annotation' // an annotation on the Gateway
  | 'infrastructure' // Gateway spec.infrastructure.annotations / labels
  | 'gateway-class' // only per GatewayClass (class-level configuration)
  | 'install'; // one Service from the implementation's install serves every Gateway

/** What a topology asks of a managed gateway's Service (from the lenient view: fields may be missing). */
export interface ServiceRequest {
  gateway: string;
  gatewayClassName: string;
  /** Explicitly set in the topology. */
  type?: ServiceType;
  annotations: boolean;
  labels: boolean;
  /** The type the gateway would get (explicit, from a declared class, or the networking default). */
  effectiveType?: ServiceType;
  /** spec.gatewayClasses: classes with a class-level Service type. */
  classes: ReadonlyMap<string, ServiceType>;
}

/** A setting the module cannot express: a validation error at that field. */
export interface Refusal {
  field: 'type' | 'annotations' | 'labels';
  message: string;
  hint: string;
}

export interface GatewayModule {
  id: ModuleId;
  /** GatewayClass used when a gateway names none. */
  defaultGatewayClass: string;
  /**
   * The Service type the implementation creates for a Gateway when nothing is configured; undefined
   * when it creates no Service per Gateway (one Service of its install serves every Gateway).
   */
  defaultServiceType?: ServiceType;
  expresses: { type: Mechanism; annotations: Mechanism; labels: Mechanism; parametersKind?: string };
  /**
   * WebSocket upgrades: `policy` — off unless gwtopo renders a policy enabling them (gateways[].websocket
   * switches it); `always` — the implementation upgrades WebSockets on every Gateway and gwtopo has no switch.
   */
  websocket: 'policy' | 'always';
  /** Name of the Service created for a Gateway, when predictable (it gives the default host). */
  serviceName(gateway: string, gatewayClassName: string): string | undefined;
  /**
   * The namespace of that Service: the Gateway's, or — Envoy Gateway, which runs its proxies in its own
   * namespace — spec.envoyGateway.namespace.
   */
  serviceNamespace: 'gateway' | 'envoy-gateway';
  /**
   * The Service has that name only because the parameters resource gwtopo renders names it (Envoy Gateway's
   * EnvoyProxy): the Service of a gateway gwtopo does not render (managed: false) has an unknown name.
   */
  serviceNamedByParameters?: boolean;
  /** The requests this module cannot express. */
  refuse(request: ServiceRequest): Refusal[];
  /** Renders the module's part of one managed gateway living in `namespace`. */
  render(gateway: GatewayModel, namespace: string): ModuleOutput;
  /** Facts a user must know (README). */
  caveats: string[];
}

/** True when the Service is exactly what the implementation creates without configuration. */
export function isDefaultService(module: GatewayModule, gateway: GatewayModel): boolean {
  const s = gateway.service;
  return s.type === module.defaultServiceType && Object.keys(s.annotations).length === 0 && Object.keys(s.labels).length === 0;
}

export function nonEmpty(map: StringMap): StringMap | undefined {
  return Object.keys(map).length === 0 ? undefined : map;
}

/** Service settings carried by Gateway spec.infrastructure (labels and annotations). */
export function infrastructureMetadata(gateway: GatewayModel): ModuleOutput['infrastructure'] {
  const out: ModuleOutput['infrastructure'] = {};
  const labels = nonEmpty(gateway.service.labels);
  const annotations = nonEmpty(gateway.service.annotations);
  if (labels !== undefined) out.labels = labels;
  if (annotations !== undefined) out.annotations = annotations;
  return out;
}

/** Where a topology puts the namespaces a module's Service may live in. */
export interface ServiceNamespaces {
  gateway: string;
  envoyGateway: string;
}

/** The in-cluster DNS name `<service>.<namespace>` of the Service a module creates for a Gateway, when predictable. */
export function serviceHost(module: GatewayModule, gateway: string, gatewayClassName: string, namespaces: ServiceNamespaces, managed: boolean): string | undefined {
  if (!managed && module.serviceNamedByParameters === true) return undefined;
  const service = module.serviceName(gateway, gatewayClassName);
  return service === undefined ? undefined : `${service}.${module.serviceNamespace === 'gateway' ? namespaces.gateway : namespaces.envoyGateway}`;
}

/** Kubernetes names are at most 63 characters; a longer generated name is not predictable. */
export function dnsLabelOrUndefined(name: string): string | undefined {
  return name.length <= 63 ? name : undefined;
}
