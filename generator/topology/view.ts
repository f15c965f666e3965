// A lenient, typed reading of a topology document: every field is read only if it has the right
// type (otherwise it is undefined, and the schema layer has already reported it), and defaults are
// applied. Semantic rules run on this view even when the schema failed, so one run reports every
// problem; the model is built from it once the document is valid.

import type { FieldPath } from '../diagnostics/problem.js';
import { DEFAULTS, defaultHost, defaultListenerName, defaultServiceType, defaultTlsMode } from './defaults.js';
import { MODULE_IDS, moduleFor } from './modules/index.js';
import { serviceHost } from './modules/module.js';
import { PROVIDER_IDS } from './providers.js';
import type { AllowedRoutes, DataPlaneKind, Direction, ModuleId, Networking, Protocol, ProviderId, Scope, ServiceType, TlsMode } from './types.js';

type Raw = Record<string, unknown>;

function isMap(v: unknown): v is Raw {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
function map(v: unknown): Raw {
  return isMap(v) ? v : {};
}
function list(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}
function str(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined;
}
function oneOf<T extends string>(v: unknown, allowed: readonly T[]): T | undefined {
  return typeof v === 'string' && (allowed as readonly string[]).includes(v) ? (v as T) : undefined;
}
function port(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isInteger(v) && v >= 1 && v <= 65535 ? v : undefined;
}
function stringMap(v: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, val] of Object.entries(map(v))) if (typeof val === 'string') out[k] = val;
  return out;
}

interface TlsView {
  mode?: TlsMode;
  certificateRefs: { name?: string; namespace?: string }[];
  hasCertificateRefs: boolean;
}

export interface ListenerView {
  path: FieldPath;
  protocol?: Protocol;
  /** Effective name: explicit, or the protocol in lower case. */
  name?: string;
  port?: number;
  /** listeners[].advertisedPort as written (undefined when absent or invalid). */
  advertisedPort?: number;
  /** The host as written (undefined when absent or invalid). */
  host?: string;
  hasHost: boolean;
  hostname?: string;
  allowedRoutes?: AllowedRoutes;
  tls?: TlsView;
  /** Fields present in the source (whatever their type). */
  fields: ReadonlySet<string>;
}

export interface GatewayView {
  path: FieldPath;
  name?: string;
  /** The gateway's module: its own, or the cluster's (undefined when the one that applies is invalid). */
  module?: ModuleId;
  /** The module was set on the gateway itself. */
  hasModule: boolean;
  /** Effective GatewayClass: explicit, or the module's default. */
  gatewayClass?: string;
  direction?: Direction;
  networking?: Networking;
  scope?: Scope;
  environment?: string;
  hasEnvironment: boolean;
  managed: boolean;
  /** managed is written but is no boolean (the schema reports it): rules that depend on it say nothing. */
  managedUnknown?: true;
  /** gateways[].websocket (default true). */
  websocket: boolean;
  gatewayClassName?: string;
  /** gateways[].parametersName as written. */
  parametersName?: string;
  /**
   * Effective Service type: explicit, else the declared GatewayClass's (cilium), else the networking
   * default; undefined when the module has no per-gateway Service (traefik, kong) or input is invalid.
   */
  serviceType?: ServiceType;
  /** The Service type as written. */
  explicitServiceType?: ServiceType;
  annotations: Record<string, string>;
  labels: Record<string, string>;
  listeners: ListenerView[];
  fields: ReadonlySet<string>;
  serviceFields: ReadonlySet<string>;
}

interface EnvironmentView {
  path: FieldPath;
  name?: string;
  namespace: string;
}

interface GatewayClassView {
  path: FieldPath;
  name?: string;
  serviceType?: ServiceType;
}

export interface TopologyView {
  name?: string;
  /** spec.module (undefined when invalid). */
  module?: ModuleId;
  gatewayClasses: GatewayClassView[];
  provider?: ProviderId;
  gatewayNamespace: string;
  /** spec.envoyGateway.namespace: where Envoy Gateway puts its proxies' Services. */
  envoyGatewayNamespace: string;
  hasEnvoyGateway: boolean;
  dataPlane: { kind?: DataPlaneKind; name: string; namespace?: string; hasNamespace: boolean };
  environments: EnvironmentView[];
  gateways: GatewayView[];
  k3d?: { clusterName: string };
  hasK3d: boolean;
  destination?: string;
  /** spec.controlPlane.mode (undefined when invalid). */
  controlPlaneMode?: 'apply' | 'patch';
  /** spec.controlPlane.base as written. */
  controlPlaneBase?: string;
  hasControlPlaneBase: boolean;
  /** spec.crds as written: the cluster's schema set. */
  crds?: string;
  /** spec.chart.values as written (strings only): the data-plane chart's values files. */
  chartValues?: string[];
}

export const PROTOCOLS = ['HTTP', 'HTTPS', 'TLS'] as const;
const TLS_MODES = ['Terminate', 'Passthrough'] as const;

function listenerView(raw: unknown, path: FieldPath): ListenerView {
  const l = map(raw);
  const protocol = oneOf(l.protocol, PROTOCOLS);
  const v: ListenerView = { path, hasHost: 'host' in l, fields: new Set(Object.keys(l)) };
  const writtenMode = isMap(l.tls) && 'mode' in l.tls ? oneOf(l.tls.mode, TLS_MODES) : undefined;
  const name = 'name' in l ? str(l.name) : protocol === undefined ? undefined : defaultListenerName(protocol, writtenMode);
  const allowedRoutes = 'allowedRoutes' in l ? oneOf(l.allowedRoutes, ['All', 'Same'] as const) : DEFAULTS.allowedRoutes;
  if (protocol !== undefined) v.protocol = protocol;
  if (name !== undefined) v.name = name;
  if (port(l.port) !== undefined) v.port = port(l.port)!;
  if (port(l.advertisedPort) !== undefined) v.advertisedPort = port(l.advertisedPort)!;
  if (str(l.host) !== undefined) v.host = str(l.host)!;
  if (str(l.hostname) !== undefined) v.hostname = str(l.hostname)!;
  if (allowedRoutes !== undefined) v.allowedRoutes = allowedRoutes;
  if (isMap(l.tls)) {
    const t = l.tls;
    const mode = 'mode' in t ? writtenMode : protocol === undefined ? undefined : defaultTlsMode(protocol);
    v.tls = {
      certificateRefs: list(t.certificateRefs).map((c) => {
        const ref: { name?: string; namespace?: string } = {};
        const n = str(map(c).name);
        const ns = str(map(c).namespace);
        if (n !== undefined) ref.name = n;
        if (ns !== undefined) ref.namespace = ns;
        return ref;
      }),
      hasCertificateRefs: 'certificateRefs' in t,
    };
    if (mode !== undefined) v.tls.mode = mode;
  }
  return v;
}

const SERVICE_TYPES = ['ClusterIP', 'LoadBalancer', 'NodePort'] as const;

function gatewayView(raw: unknown, path: FieldPath, specModule: ModuleId | undefined, classes: ReadonlyMap<string, ServiceType>): GatewayView {
  const g = map(raw);
  const service = map(g.service);
  const networking = oneOf(g.networking, ['external', 'internal'] as const);
  const module = 'module' in g ? oneOf(g.module, MODULE_IDS) : specModule;
  const explicitClass = str(g.gatewayClassName);
  const gatewayClass = explicitClass ?? (module === undefined ? undefined : moduleFor(module).defaultGatewayClass);
  const explicitType = oneOf(service.type, SERVICE_TYPES);
  let serviceType: ServiceType | undefined;
  if (module !== undefined && moduleFor(module).defaultServiceType !== undefined && !('type' in service && explicitType === undefined)) {
    const classType = moduleFor(module).expresses.type === 'gateway-class' && gatewayClass !== undefined ? classes.get(gatewayClass) : undefined;
    serviceType = explicitType ?? classType ?? (networking === undefined ? undefined : defaultServiceType(networking));
  }
  const v: GatewayView = {
    path,
    hasModule: 'module' in g,
    managed: typeof g.managed === 'boolean' ? g.managed : DEFAULTS.managed,
    ...('managed' in g && typeof g.managed !== 'boolean' ? { managedUnknown: true as const } : {}),
    websocket: typeof g.websocket === 'boolean' ? g.websocket : DEFAULTS.websocket,
    hasEnvironment: 'environment' in g,
    annotations: stringMap(service.annotations),
    labels: stringMap(service.labels),
    listeners: list(g.listeners).map((l, i) => listenerView(l, [...path, 'listeners', i])),
    fields: new Set(Object.keys(g)),
    serviceFields: new Set(Object.keys(service)),
  };
  const name = str(g.name);
  const direction = oneOf(g.direction, ['ingress', 'egress'] as const);
  const scope = oneOf(g.scope, ['dataplane', 'environment'] as const);
  const environment = str(g.environment);
  if (name !== undefined) v.name = name;
  if (module !== undefined) v.module = module;
  if (gatewayClass !== undefined) v.gatewayClass = gatewayClass;
  if (direction !== undefined) v.direction = direction;
  if (networking !== undefined) v.networking = networking;
  if (scope !== undefined) v.scope = scope;
  if (environment !== undefined) v.environment = environment;
  if (explicitClass !== undefined) v.gatewayClassName = explicitClass;
  const parametersName = str(g.parametersName);
  if (parametersName !== undefined) v.parametersName = parametersName;
  if (serviceType !== undefined) v.serviceType = serviceType;
  if (explicitType !== undefined) v.explicitServiceType = explicitType;
  return v;
}

/** Reads a parsed document leniently (see the file comment). */
export function readView(data: unknown): TopologyView {
  const doc = map(data);
  const spec = map(doc.spec);
  const dp = map(spec.dataPlane);
  const dpKind = 'kind' in dp ? oneOf(dp.kind, ['DataPlane', 'ClusterDataPlane'] as const) : DEFAULTS.dataPlaneKind;
  const dpNamespace = 'namespace' in dp ? str(dp.namespace) : dpKind === 'DataPlane' ? DEFAULTS.dataPlaneNamespace : undefined;
  const provider = 'provider' in spec ? oneOf(spec.provider, PROVIDER_IDS) : DEFAULTS.provider;
  const k3d = map(spec.k3d);
  const controlPlane = map(spec.controlPlane);
  const module = 'module' in spec ? oneOf(spec.module, MODULE_IDS) : DEFAULTS.module;
  const gatewayClasses: GatewayClassView[] = list(spec.gatewayClasses).map((c, i) => {
    const entry: GatewayClassView = { path: ['spec', 'gatewayClasses', i] };
    const name = str(map(c).name);
    const serviceType = oneOf(map(c).serviceType, SERVICE_TYPES);
    if (name !== undefined) entry.name = name;
    if (serviceType !== undefined) entry.serviceType = serviceType;
    return entry;
  });
  // Stryker disable next-line LogicalOperator: equivalent: an entry without a name is never looked up (the lookup key is a defined class), and one without a type reads as undefined, the same as no entry
  const classes = new Map(gatewayClasses.flatMap((c) => (c.name === undefined || c.serviceType === undefined ? [] : [[c.name, c.serviceType] as const])));
  const view: TopologyView = {
    gatewayClasses,
    gatewayNamespace: str(spec.gatewayNamespace) ?? DEFAULTS.gatewayNamespace,
    envoyGatewayNamespace: str(map(spec.envoyGateway).namespace) ?? DEFAULTS.envoyGatewayNamespace,
    hasEnvoyGateway: 'envoyGateway' in spec,
    dataPlane: {
      ...(dpKind === undefined ? {} : { kind: dpKind }),
      name: str(dp.name) ?? DEFAULTS.dataPlaneName,
      ...(dpNamespace === undefined ? {} : { namespace: dpNamespace }),
      hasNamespace: 'namespace' in dp,
    },
    environments: list(spec.environments).map((e, i) => {
      const name = str(map(e).name);
      return {
        path: ['spec', 'environments', i],
        ...(name === undefined ? {} : { name }),
        namespace: str(map(e).namespace) ?? DEFAULTS.environmentNamespace,
      };
    }),
    gateways: list(spec.gateways).map((g, i) => gatewayView(g, ['spec', 'gateways', i], module, classes)),
    hasK3d: 'k3d' in spec,
    hasControlPlaneBase: 'base' in controlPlane,
  };
  const name = str(map(doc.metadata).name);
  if (name !== undefined) view.name = name;
  if (module !== undefined) view.module = module;
  const crds = str(spec.crds);
  if (crds !== undefined) view.crds = crds;
  const chartValues = map(spec.chart).values;
  if (Array.isArray(chartValues)) view.chartValues = chartValues.filter((v): v is string => typeof v === 'string' && v !== '');
  const destination = str(spec.destination);
  if (destination !== undefined) view.destination = destination;
  const mode = 'mode' in controlPlane ? oneOf(controlPlane.mode, ['apply', 'patch'] as const) : 'apply';
  if (mode !== undefined) view.controlPlaneMode = mode;
  const base = str(controlPlane.base);
  if (base !== undefined) view.controlPlaneBase = base;
  if (provider !== undefined) view.provider = provider;
  if (provider === 'k3d') view.k3d = { clusterName: str(k3d.clusterName) ?? DEFAULTS.k3dClusterName };
  return view;
}

/**
 * The host a listener registers: explicit, or — for an internal ClusterIP gateway whose module names
 * its Service predictably — the Service's in-cluster DNS name `<service>.<namespace>` (the namespace is the
 * gateway namespace, or Envoy Gateway's for envoy-gateway).
 */
export function effectiveHost(view: TopologyView, g: GatewayView, l: ListenerView): string | undefined {
  if (l.host !== undefined) return l.host;
  if (l.hasHost || g.name === undefined || g.networking === undefined || g.serviceType === undefined || g.module === undefined || g.gatewayClass === undefined) return undefined;
  const host = serviceHost(moduleFor(g.module), g.name, g.gatewayClass, { gateway: view.gatewayNamespace, envoyGateway: view.envoyGatewayNamespace }, g.managed);
  return host === undefined ? undefined : defaultHost(host, g.networking, g.serviceType);
}
