// `gwtopo import` (contract §14): captured cluster state → a topology whose render reproduces the captured Gateways,
// their parameters and listener policies in every field gwtopo manages, and the same registrations. Pure: the
// command reads the capture (parse/capture.ts) and writes the text (import/write.ts). What a topology cannot say is
// a warning naming the object and the field; nothing is dropped without one.
import { type Problem, RUN_FILE } from '../diagnostics/problem.js';
import type { Captured } from '../parse/capture.js';
import { DEFAULTS, defaultListenerName, defaultTlsMode, HELM_GATEWAY, SYSTEM_COMPONENT_LABEL } from '../topology/defaults.js';
import { MODULE_IDS, moduleFor } from '../topology/modules/index.js';
import { serviceHost } from '../topology/modules/module.js';
import { PROVIDER_IDS, presetAnnotations } from '../topology/providers.js';
import type { DataPlaneKind, DataPlaneRef, Direction, ModuleId, Networking, Protocol, ProviderId, Scope, ServiceType, TlsMode } from '../topology/types.js';
import {
  at,
  CONTROLLERS,
  describe,
  environmentDataPlane,
  isMap,
  PARAMETERS_KINDS,
  problemOn,
  type Registered,
  registeredEndpoints,
  roleOf,
  SLOTS,
  type SlotEntry,
  str,
  stringMap,
  whereIs,
} from './capture.js';

const IMPORT_RULES = {
  dataPlane: 'import-data-plane',
  leftOut: 'import-left-out',
  unmanagedField: 'import-unmanaged-field',
  listener: 'import-listener',
  unregistered: 'import-unregistered',
  websocket: 'import-websocket',
  registration: 'import-registration',
  notCaptured: 'import-not-captured',
} as const;

export interface ImportOptions {
  /** --cluster: the cluster's name (default: the data plane's name). */
  cluster?: string;
  /** --provider (default: read from the load-balancer annotations). */
  provider?: ProviderId;
  /** --data-plane KIND/[NAMESPACE/]NAME. */
  dataPlane?: DataPlaneRef;
}

export interface ImportedListener {
  name?: string;
  protocol: Protocol;
  port: number;
  advertisedPort?: number;
  host?: string;
  hostname?: string;
  allowedRoutes?: 'Same';
  tls?: { mode?: TlsMode; certificateRefs?: { name: string; namespace?: string }[] };
}

export interface ImportedGateway {
  name: string;
  direction: Direction;
  networking: Networking;
  scope: Scope;
  environment?: string;
  /** The gateway's module (written when it differs from spec.module). */
  module: ModuleId;
  managed: boolean;
  websocket: boolean;
  gatewayClassName?: string;
  parametersName?: string;
  service: { type?: ServiceType; annotations: Record<string, string>; labels: Record<string, string> };
  listeners: ImportedListener[];
  /** Where it came from: written as comments above it. */
  comments: string[];
  /** false: not registered on the imported data plane, written commented out. */
  registered: boolean;
  /** Not registered here, but on another data plane or its Environment (`Environment qa of DataPlane/default/x`). */
  registeredOn?: string;
}

export interface ImportedTopology {
  cluster: string;
  module: ModuleId;
  provider: ProviderId;
  /** How the provider was decided (a comment). */
  providerFrom: string;
  gatewayNamespace: string;
  /** spec.envoyGateway.namespace, when envoy-gateway gateways' Services were captured elsewhere than Envoy Gateway's default. */
  envoyNamespace?: string;
  dataPlane: DataPlaneRef;
  /** Where the data plane was captured (a comment). */
  dataPlaneFrom: string;
  environments: { name: string; namespace: string; from: string }[];
  gateways: ImportedGateway[];
}

export interface ImportResult {
  topology?: ImportedTopology;
  /** The captured objects whose registrations were imported: the data plane and its Environments. */
  registrations?: Captured[];
  problems: Problem[];
}

const q = JSON.stringify;
const RUN = { severity: 'error' as const, file: RUN_FILE, line: 1, col: 1, path: '' };

function refOf(c: Captured): DataPlaneRef {
  return c.kind === 'ClusterDataPlane' ? { kind: 'ClusterDataPlane', name: c.name } : { kind: 'DataPlane', name: c.name, namespace: c.namespace ?? 'default' };
}

function sameRef(a: DataPlaneRef, b: DataPlaneRef): boolean {
  return a.kind === b.kind && a.name === b.name && (a.kind === 'ClusterDataPlane' || (a.namespace ?? 'default') === (b.namespace ?? 'default'));
}

function describeRef(r: DataPlaneRef): string {
  return r.kind === 'ClusterDataPlane' ? `ClusterDataPlane/${r.name}` : `DataPlane/${r.namespace ?? 'default'}/${r.name}`;
}

/**
 * The data plane: --data-plane, else the one named like the cluster, else the one whose spec.gateway names captured
 * Gateways, else the only one captured. None or several: an error listing the candidates.
 */
function chooseDataPlane(planes: Captured[], gateways: Captured[], opts: ImportOptions): { plane: Captured } | { problem: Problem } {
  const list = (cs: Captured[]): string => cs.map((c) => `${describeRef(refOf(c))} (${whereIs(c)})`).join(', ');
  if (opts.dataPlane !== undefined) {
    const found = planes.find((p) => sameRef(refOf(p), opts.dataPlane!));
    if (found !== undefined) return { plane: found };
    return {
      problem: {
        ...RUN,
        path: '--data-plane',
        rule: IMPORT_RULES.dataPlane,
        message: `--data-plane ${describeRef(opts.dataPlane)} is not in the capture${planes.length === 0 ? ' (it holds no DataPlane or ClusterDataPlane)' : `; it holds ${list(planes)}`}`,
        hint: 'capture the control plane too: kubectl get dataplanes,clusterdataplanes,environments -A -o yaml (docs/adoption.md)',
      },
    };
  }
  if (planes.length === 0) {
    return {
      problem: {
        ...RUN,
        rule: IMPORT_RULES.dataPlane,
        message: "the capture holds no DataPlane or ClusterDataPlane: the registrations decide each gateway's direction, networking and scope",
        hint: 'capture the control plane too: kubectl get dataplanes,clusterdataplanes,environments -A -o yaml (docs/adoption.md)',
      },
    };
  }
  if (opts.cluster !== undefined) {
    const named = planes.filter((p) => p.name === opts.cluster);
    if (named.length === 1) return { plane: named[0]! };
    if (named.length > 1)
      return { problem: { ...RUN, rule: IMPORT_RULES.dataPlane, message: `several data planes are named ${opts.cluster}: ${list(named)}`, hint: 'choose one: --data-plane KIND/[NAMESPACE/]NAME' } };
  }
  const names = new Set(gateways.map((g) => `${g.namespace ?? ''}/${g.name}`));
  const pointing = planes.filter((p) => registeredEndpoints(p).some((e) => names.has(`${e.namespace ?? ''}/${e.name}`)));
  if (pointing.length === 1) return { plane: pointing[0]! };
  if (pointing.length === 0 && planes.length === 1) return { plane: planes[0]! };
  const candidates = pointing.length > 0 ? pointing : planes;
  return {
    problem: {
      ...RUN,
      rule: IMPORT_RULES.dataPlane,
      message: `the data plane is ambiguous: ${pointing.length > 0 ? 'these register captured Gateways' : 'the capture holds'} ${list(candidates)}`,
      hint: 'choose one: --data-plane KIND/[NAMESPACE/]NAME, or --cluster NAME for the one named like the cluster',
    },
  };
}

/**
 * The module of a captured Gateway: from its parameters' kind, else its GatewayClass's controller (when the class is
 * captured), else the module whose default class it names, else kgateway (with a warning).
 */
function moduleOf(g: Captured, classes: readonly Captured[], problems: Problem[]): ModuleId {
  const ref = at(g.object, 'spec', 'infrastructure', 'parametersRef');
  const key = `${str(at(ref, 'group')) ?? ''}/${str(at(ref, 'kind')) ?? ''}`;
  if (key in PARAMETERS_KINDS) return PARAMETERS_KINDS[key as keyof typeof PARAMETERS_KINDS];
  const cls = str(at(g.object, 'spec', 'gatewayClassName'));
  const controller = str(at(classes.find((c) => c.name === cls)?.object, 'spec', 'controllerName'));
  if (controller !== undefined && controller in CONTROLLERS) return CONTROLLERS[controller]!;
  const byClass = MODULE_IDS.find((m) => moduleFor(m).defaultGatewayClass === cls);
  if (byClass !== undefined) return byClass;
  if (isMap(ref))
    problems.push(problemOn(g, 'warning', ['spec', 'infrastructure', 'parametersRef'], IMPORT_RULES.unmanagedField, `${describe(g)}: parameters of kind ${key} are not a kind gwtopo renders`));
  problems.push(
    problemOn(
      g,
      'warning',
      ['spec', 'gatewayClassName'],
      IMPORT_RULES.unmanagedField,
      `${describe(g)}: class ${q(cls ?? '')} is no module's default class${controller === undefined ? ' and its GatewayClass is not captured' : `, and its controller ${q(controller)} is no module's`}; imported as module kgateway with gatewayClassName ${q(cls ?? '')}`,
      "capture the GatewayClasses too (kubectl get gatewayclasses -o yaml), or set the gateway's module to the implementation behind that class",
    ),
  );
  return 'kgateway';
}

/** Leaf paths under `value` (maps descended, lists and scalars are leaves), below `path`. */
function leafPaths(value: unknown, path: (string | number)[]): (string | number)[][] {
  if (!isMap(value) || Object.keys(value).length === 0) return [path];
  return Object.entries(value).flatMap(([k, v]) => leafPaths(v, [...path, k]));
}

/** Warns about every field under `root` of a captured object that is not in `managed` (paths relative to the object). */
function unmanagedFields(c: Captured, root: (string | number)[], managed: readonly (readonly string[])[], problems: Problem[], why: string): void {
  const value = at(c.object, ...root);
  if (value === undefined) return;
  const isManaged = (p: (string | number)[]): boolean => managed.some((m) => m.length <= p.length && m.every((k, i) => p[i] === k));
  const seen = new Set<string>();
  for (const leaf of leafPaths(value, root)) {
    if (isManaged(leaf)) continue;
    // Report the first key below the deepest managed ancestor (spec.kube.deployment, not every leaf under it).
    let cut = root.length + 1;
    while (cut < leaf.length && managed.some((m) => m.length > cut - 1 && leaf.slice(0, cut).every((k, i) => m[i] === k))) cut++;
    const field = leaf.slice(0, cut);
    const id = field.join('\u0000');
    if (seen.has(id)) continue;
    seen.add(id);
    problems.push(
      problemOn(
        c,
        'warning',
        field,
        IMPORT_RULES.unmanagedField,
        `${describe(c)}: ${field.join('.')} is not a field gwtopo manages (${why})`,
        'keep it where it is managed now, or drop it; the topology cannot carry it',
      ),
    );
  }
}

const SERVICE_TYPES: readonly ServiceType[] = ['ClusterIP', 'LoadBalancer', 'NodePort'];

interface ServiceSettings {
  type?: ServiceType;
  /** The type is the module's default: no captured object said it. */
  typeDefaulted?: boolean;
  annotations: Record<string, string>;
  labels: Record<string, string>;
  parametersName?: string;
}

/** The Service settings of a managed Gateway as its module expresses them, with warnings for what gwtopo does not manage. */
function serviceOf(g: Captured, module: ModuleId, byId: Map<string, Captured>, problems: Problem[]): ServiceSettings {
  const m = moduleFor(module);
  const infra = at(g.object, 'spec', 'infrastructure');
  const infraLabels = stringMap(at(infra, 'labels'));
  delete infraLabels[SYSTEM_COMPONENT_LABEL];
  const infraAnnotations = stringMap(at(infra, 'annotations'));
  const out: ServiceSettings = { annotations: {}, labels: {} };
  if (m.expresses.annotations === 'infrastructure') out.annotations = infraAnnotations;
  else if (Object.keys(infraAnnotations).length > 0) unmanagedFields(g, ['spec', 'infrastructure', 'annotations'], [], problems, `${module} takes Service annotations from its parameters`);
  if (m.expresses.labels === 'infrastructure') out.labels = infraLabels;
  else
    for (const k of Object.keys(infraLabels))
      problems.push(
        problemOn(
          g,
          'warning',
          ['spec', 'infrastructure', 'labels', k],
          IMPORT_RULES.unmanagedField,
          `${describe(g)}: spec.infrastructure.labels.${k} is not a field gwtopo manages (${module} takes Service labels from its parameters)`,
        ),
      );
  const ref = at(infra, 'parametersRef');
  const refName = str(at(ref, 'name'));
  let type: ServiceType | undefined;
  if (refName !== undefined && m.expresses.parametersKind !== undefined) {
    const [kind, groupVersion] = m.expresses.parametersKind.replace(')', '').split(' (');
    const group = groupVersion!.split('/')[0]!;
    const params = byId.get(`${group}/${kind}/${g.namespace ?? ''}/${refName}`);
    if (refName !== `${g.name}-params`) out.parametersName = refName;
    if (params === undefined) {
      problems.push(
        problemOn(
          g,
          'warning',
          ['spec', 'infrastructure', 'parametersRef', 'name'],
          IMPORT_RULES.notCaptured,
          `${describe(g)}: its ${kind} ${refName} is not in the capture: its Service settings are imported as the module's default`,
          `capture it too: kubectl get ${kind!.toLowerCase()} -n ${g.namespace ?? DEFAULTS.gatewayNamespace} -o yaml`,
        ),
      );
    } else if (module === 'kgateway') {
      const s = at(params.object, 'spec', 'kube', 'service');
      type = SERVICE_TYPES.find((t) => t === at(s, 'type'));
      out.annotations = stringMap(at(s, 'extraAnnotations'));
      out.labels = stringMap(at(s, 'extraLabels'));
      unmanagedFields(
        params,
        ['spec'],
        [
          ['spec', 'kube', 'service', 'type'],
          ['spec', 'kube', 'service', 'extraAnnotations'],
          ['spec', 'kube', 'service', 'extraLabels'],
        ],
        problems,
        'gwtopo renders only the Service type, annotations and labels',
      );
    } else if (module === 'envoy-gateway') {
      const s = at(params.object, 'spec', 'provider', 'kubernetes', 'envoyService');
      type = SERVICE_TYPES.find((t) => t === at(s, 'type'));
      out.annotations = stringMap(at(s, 'annotations'));
      out.labels = stringMap(at(s, 'labels'));
      const named = str(at(s, 'name'));
      if (named !== g.name)
        problems.push(
          problemOn(
            params,
            'warning',
            ['spec', 'provider', 'kubernetes', 'envoyService', 'name'],
            IMPORT_RULES.unmanagedField,
            `${describe(params)}: gwtopo names the proxy Service after the gateway (${g.name}), not ${named === undefined ? "Envoy Gateway's hashed name" : q(named)}: the first sync renames the Service`,
            'a LoadBalancer gets a new address: plan the switch (docs/modules.md, envoy-gateway caveats)',
          ),
        );
      unmanagedFields(
        params,
        ['spec'],
        [
          ['spec', 'provider', 'type'],
          ['spec', 'provider', 'kubernetes', 'envoyService', 'type'],
          ['spec', 'provider', 'kubernetes', 'envoyService', 'annotations'],
          ['spec', 'provider', 'kubernetes', 'envoyService', 'labels'],
          ['spec', 'provider', 'kubernetes', 'envoyService', 'name'],
        ],
        problems,
        "gwtopo renders only the proxy Service's name, type, annotations and labels",
      );
    } else if (module === 'nginx-gateway-fabric') {
      type = SERVICE_TYPES.find((t) => t === at(params.object, 'spec', 'kubernetes', 'service', 'type'));
      if ((type ?? m.defaultServiceType) === m.defaultServiceType) {
        // The module renders an NginxProxy (and the parametersRef) only for a Service type other than its default:
        // a parametersName would have no effect, and nothing of this NginxProxy is managed.
        delete out.parametersName;
        const fields = leafPaths(at(params.object, 'spec'), ['spec']).map((p) => p.join('.'));
        problems.push(
          problemOn(
            params,
            'warning',
            ['metadata', 'name'],
            IMPORT_RULES.unmanagedField,
            `${describe(params)}: gwtopo renders no NginxProxy for a ${m.defaultServiceType} gateway (nor a parametersRef on ${g.name}), so this one is not managed${fields.length === 0 ? '' : `: ${fields.join(', ')} stay as they are, outside the topology`}`,
            "keep it where it is managed now; the first sync leaves it and the Gateway's parametersRef alone",
          ),
        );
      } else unmanagedFields(params, ['spec'], [['spec', 'kubernetes', 'service', 'type']], problems, 'gwtopo renders only the Service type');
    }
  } else if (module === 'istio') {
    type = SERVICE_TYPES.find((t) => t === at(g.object, 'metadata', 'annotations', 'networking.istio.io/service-type'));
  }
  // A parameters object without a type leaves the module's default (kgateway, Envoy Gateway, NGINX: LoadBalancer).
  out.type = type ?? m.defaultServiceType;
  if (type === undefined) out.typeDefaulted = true;
  return out;
}

interface GatewayFacts {
  name: string;
  captured?: Captured;
  primary?: { registered: Registered; scope: Scope; environment?: string };
  module: ModuleId;
  managed: boolean;
  service: ServiceSettings;
}

/** True when the Gateway belongs to a Helm release (the chart's gateway-default, or anything Helm labels as its own). */
function helmOwned(g: Captured): boolean {
  return (
    g.name === HELM_GATEWAY || at(g.object, 'metadata', 'labels', 'app.kubernetes.io/managed-by') === 'Helm' || str(at(g.object, 'metadata', 'annotations', 'meta.helm.sh/release-name')) !== undefined
  );
}

/** Providers whose presets every LoadBalancer gateway carries; the one with the most preset keys wins. */
function detectProvider(lbs: { networking: Networking; annotations: Record<string, string> }[], hosts: string[]): { provider: ProviderId; from: string } {
  let best: { provider: ProviderId; keys: number } | undefined;
  for (const p of PROVIDER_IDS) {
    if (p === 'generic' || p === 'k3d') continue;
    let keys = 0;
    let fits = true;
    for (const lb of lbs) {
      const preset = presetAnnotations(p, lb.networking);
      for (const [k, v] of Object.entries(preset)) {
        if (lb.annotations[k] === v) keys++;
        else fits = false;
      }
    }
    if (fits && keys > 0 && (best === undefined || keys > best.keys)) best = { provider: p, keys };
  }
  if (best !== undefined) return { provider: best.provider, from: `the load balancers' annotations carry its preset (${best.keys} annotation${best.keys === 1 ? '' : 's'})` };
  if (hosts.some((h) => h === 'localhost' || h.endsWith('.localhost'))) return { provider: 'k3d', from: "the registered hosts are under localhost (OpenChoreo's k3d setup)" };
  return { provider: 'generic', from: 'no load balancer carries a cloud preset' };
}

function listenerList(g: Captured): Record<string, unknown>[] {
  const l = at(g.object, 'spec', 'listeners');
  return Array.isArray(l) ? l.filter(isMap) : [];
}

/** The slot of a registration that names this listener (by listenerName, else the only one of its protocol). */
function slotFor(registered: Registered | undefined, name: string, protocol: Protocol): SlotEntry | undefined {
  if (registered === undefined) return undefined;
  return registered.slots.find((s) => SLOTS[s.slot] === protocol && (s.listenerName === undefined || s.listenerName === name));
}

/** The listeners of a managed Gateway that gwtopo can model, each with its registration; the others are warnings. */
function managedListeners(facts: GatewayFacts, gatewayNamespace: string, envoyNamespace: string, problems: Problem[]): ImportedListener[] {
  const g = facts.captured!;
  const registered = facts.primary?.registered;
  const out: ImportedListener[] = [];
  const protocols = new Set<Protocol>();
  const used = new Set<SlotEntry>();
  listeners: for (const [i, l] of listenerList(g).entries()) {
    const path = ['spec', 'listeners', i];
    const name = str(l.name) ?? `#${i}`;
    const leaveOut = (field: (string | number)[], why: string, hint?: string): void => {
      problems.push(problemOn(g, 'warning', [...path, ...field], IMPORT_RULES.listener, `${describe(g)}: listener ${q(name)} is left out: ${why}`, hint));
    };
    const protocol = (['HTTP', 'HTTPS', 'TLS'] as const).find((p) => p === l.protocol);
    if (protocol === undefined) {
      leaveOut(['protocol'], `protocol ${q(l.protocol)} is not one gwtopo models (HTTP, HTTPS, TLS)`);
      continue;
    }
    if (protocols.has(protocol)) {
      leaveOut(['protocol'], `a second ${protocol} listener: OpenChoreo registers one listener per protocol`);
      continue;
    }
    const from = at(l, 'allowedRoutes', 'namespaces', 'from') ?? 'Same';
    if (from !== 'All' && from !== 'Same') {
      leaveOut(['allowedRoutes', 'namespaces', 'from'], `routes from ${q(from)} namespaces: gwtopo models All and Same`);
      continue;
    }
    const tls = at(l, 'tls');
    let modelTls: ImportedListener['tls'];
    if (isMap(tls)) {
      const mode = tls.mode === 'Passthrough' ? 'Passthrough' : 'Terminate';
      const refs: { name: string; namespace?: string }[] = [];
      const raw = Array.isArray(tls.certificateRefs) ? tls.certificateRefs : [];
      for (const [j, r] of raw.entries()) {
        const kind = at(r, 'kind') ?? 'Secret';
        const group = at(r, 'group') ?? '';
        const refName = str(at(r, 'name'));
        if (kind !== 'Secret' || group !== '' || refName === undefined) {
          leaveOut(['tls', 'certificateRefs', j], `certificate ${q(refName ?? '')} of kind ${q(kind)}: gwtopo models Secrets`);
          continue listeners;
        }
        const ns = str(at(r, 'namespace'));
        refs.push({ name: refName, ...(ns === undefined ? {} : { namespace: ns }) });
      }
      if (protocol === 'HTTP') {
        leaveOut(['tls'], 'an HTTP listener with tls');
        continue;
      }
      if (protocol === 'HTTPS' && (mode !== 'Terminate' || refs.length === 0)) {
        leaveOut(['tls'], 'an HTTPS listener needs mode Terminate and a certificate');
        continue;
      }
      modelTls = { ...(mode === defaultTlsMode(protocol) ? {} : { mode }), ...(refs.length === 0 ? {} : { certificateRefs: refs }) };
      for (const extra of Object.keys(tls).filter((k) => k !== 'mode' && k !== 'certificateRefs'))
        problems.push(problemOn(g, 'warning', [...path, 'tls', extra], IMPORT_RULES.unmanagedField, `${describe(g)}: listener ${q(name)}: tls.${extra} is not a field gwtopo manages`));
    } else if (protocol !== 'HTTP') {
      leaveOut([], `${protocol} without tls`);
      continue;
    }
    const slot = slotFor(registered, name, protocol);
    if (slot === undefined || used.has(slot)) {
      leaveOut(
        [],
        `it is registered in no slot of ${registered === undefined ? 'any DataPlane or Environment' : `${describe(registered.object)} ${registered.path.join('.')}`}; every listener gwtopo renders is registered`,
        'register it, or remove it from the Gateway',
      );
      continue;
    }
    used.add(slot);
    protocols.add(protocol);
    for (const extra of Object.keys(l).filter((k) => !['name', 'protocol', 'port', 'hostname', 'allowedRoutes', 'tls'].includes(k)))
      problems.push(problemOn(g, 'warning', [...path, extra], IMPORT_RULES.unmanagedField, `${describe(g)}: listener ${q(name)}: ${extra} is not a field gwtopo manages`));
    const routes = at(l, 'allowedRoutes');
    for (const extra of isMap(routes) ? Object.keys(routes).filter((k) => k !== 'namespaces') : [])
      problems.push(
        problemOn(g, 'warning', [...path, 'allowedRoutes', extra], IMPORT_RULES.unmanagedField, `${describe(g)}: listener ${q(name)}: allowedRoutes.${extra} is not a field gwtopo manages`),
      );
    const port = typeof l.port === 'number' ? l.port : 0;
    const listener: ImportedListener = { protocol, port };
    const mode = modelTls?.mode ?? (protocol === 'HTTP' ? undefined : defaultTlsMode(protocol));
    if (name !== defaultListenerName(protocol, mode)) listener.name = name;
    if (slot.port !== undefined && slot.port !== port) listener.advertisedPort = slot.port;
    const type = facts.service.type;
    const m = moduleFor(facts.module);
    const cls = str(at(g.object, 'spec', 'gatewayClassName')) ?? m.defaultGatewayClass;
    const defaultHost =
      facts.primary !== undefined && facts.primary.registered.networking === 'internal' && type === 'ClusterIP'
        ? serviceHost(m, facts.name, cls, { gateway: gatewayNamespace, envoyGateway: envoyNamespace }, true)
        : undefined;
    if (slot.host !== undefined && slot.host !== defaultHost) listener.host = slot.host;
    const hostname = str(l.hostname);
    if (hostname !== undefined) listener.hostname = hostname;
    if (from === 'Same') listener.allowedRoutes = 'Same';
    if (modelTls !== undefined && (modelTls.mode !== undefined || modelTls.certificateRefs !== undefined)) listener.tls = modelTls;
    out.push(listener);
  }
  if (registered !== undefined) {
    for (const s of registered.slots) {
      if (used.has(s)) continue;
      problems.push(
        problemOn(
          registered.object,
          'warning',
          [...registered.path, s.slot],
          IMPORT_RULES.registration,
          `${describe(registered.object)}: ${registered.path.slice(1).join('.')}.${s.slot} names listener ${q(s.listenerName ?? '')} that ${describe(g)} does not have as gwtopo can model it: not imported`,
        ),
      );
    }
  }
  return out;
}

/** The listeners of a gateway gwtopo does not render: its registration's slots (ports from the captured Gateway, when there is one). */
function unmanagedListeners(facts: GatewayFacts, problems: Problem[]): ImportedListener[] {
  const registered = facts.primary!.registered;
  const captured = facts.captured === undefined ? [] : listenerList(facts.captured);
  const out: ImportedListener[] = [];
  const used = new Set<Record<string, unknown>>();
  for (const s of registered.slots) {
    const protocol = SLOTS[s.slot];
    const l = captured.find((c) => c.protocol === protocol && (s.listenerName === undefined || c.name === s.listenerName));
    if (l !== undefined) used.add(l);
    const tlsMode = protocol === 'TLS' ? (at(l, 'tls', 'mode') === 'Terminate' ? 'Terminate' : 'Passthrough') : undefined;
    const name = s.listenerName ?? defaultListenerName(protocol, tlsMode);
    const registeredPort = s.port ?? 0;
    const port = typeof l?.port === 'number' ? l.port : registeredPort;
    const listener: ImportedListener = { protocol, port };
    if (name !== defaultListenerName(protocol, tlsMode)) listener.name = name;
    if (registeredPort !== port) listener.advertisedPort = registeredPort;
    if (s.host !== undefined) listener.host = s.host;
    if (tlsMode === 'Terminate') listener.tls = { mode: 'Terminate' };
    out.push(listener);
  }
  if (facts.captured !== undefined) {
    captured.forEach((l, i) => {
      if (used.has(l)) return;
      problems.push(
        problemOn(
          facts.captured!,
          'warning',
          ['spec', 'listeners', i],
          IMPORT_RULES.listener,
          `${describe(facts.captured!)}: listener ${q(str(l.name) ?? '')} is registered nowhere; the gateway is not gwtopo's (managed: false), so the topology leaves it out`,
          "register it if OpenChoreo should use it: add it to the gateway's listeners with its host",
        ),
      );
    });
  }
  return out;
}

/** A ListenerPolicy/HTTPListenerPolicy that enables WebSocket upgrades on a Gateway, if the capture holds one. */
function websocketPolicies(policies: Captured[], g: Captured): Captured[] {
  return policies.filter((p) => {
    if (p.namespace !== g.namespace) return false;
    const targets = at(p.object, 'spec', 'targetRefs');
    const targeted = Array.isArray(targets) && targets.some((t) => at(t, 'kind') === 'Gateway' && at(t, 'name') === g.name);
    const upgrades = p.kind === 'ListenerPolicy' ? at(p.object, 'spec', 'default', 'httpSettings', 'upgradeConfig', 'enabledUpgrades') : at(p.object, 'spec', 'upgradeConfig', 'enabledUpgrades');
    return targeted && Array.isArray(upgrades) && upgrades.includes('websocket');
  });
}

/** Objects of one kind import does not read that are each a warning; more are one warning for the kind. */
const LEFT_OUT_EACH = 3;

/** Annotations the tools put on a Service for themselves: not the gateway's settings. */
const SERVICE_SYSTEM_ANNOTATIONS = ['kubectl.kubernetes.io/', 'meta.helm.sh/', 'gateway.envoyproxy.io/'];

const ENVOY_SERVICE_OWNER = 'gateway.envoyproxy.io/owning-gateway-name';
/** The labels the implementations put on the Service of a Gateway, naming it (Gateway API's, Envoy Gateway's, Istio's). */
const GATEWAY_NAME_LABELS = ['gateway.networking.k8s.io/gateway-name', ENVOY_SERVICE_OWNER, 'istio.io/gateway-name'];

/**
 * What the first sync changes on a managed gateway's captured proxy Service that no rendered object shows: the
 * implementation names the Service after what gwtopo renders (Envoy Gateway's envoyService.name, kgateway's
 * Gateway name), so a Service of another name is replaced — a new load balancer — and fields a topology cannot set
 * are not carried over.
 */
function proxyServiceProblems(s: Captured, gateway: string, module: ModuleId, gatewayClassName: string | undefined): Problem[] {
  const problems: Problem[] = [];
  const mod = moduleFor(module);
  const named = mod.serviceName(gateway, gatewayClassName ?? mod.defaultGatewayClass);
  if (named !== undefined && named !== s.name)
    problems.push(
      problemOn(
        s,
        'warning',
        ['metadata', 'name'],
        IMPORT_RULES.unmanagedField,
        `${describe(s)} is the proxy Service of gateway ${gateway}, and gwtopo's ${module} gateway names it ${named}: the first sync makes the implementation create Service ${named}${at(s.object, 'spec', 'type') === 'LoadBalancer' ? ' (a new load balancer, a new address)' : ''} and remove this one`,
        'keep the gateway unmanaged (managed: false) until clients can move to the new address, or plan the switch',
      ),
    );
  for (const field of ['loadBalancerSourceRanges', 'loadBalancerIP', 'sessionAffinity'] as const) {
    const value = at(s.object, 'spec', field);
    if (value === undefined || value === 'None' || (Array.isArray(value) && value.length === 0)) continue;
    problems.push(
      problemOn(
        s,
        'warning',
        ['spec', field],
        IMPORT_RULES.unmanagedField,
        `${describe(s)}: spec.${field} is not a field a topology sets: a Service the implementation re-creates lacks it`,
        'set it where the implementation reads it (its parameters or class), or drop it',
      ),
    );
  }
  return problems;
}

export function importCapture(objects: readonly Captured[], opts: ImportOptions): ImportResult {
  const problems: Problem[] = [];
  const byRole = new Map<string, Captured[]>();
  const byId = new Map<string, Captured>();
  for (const c of objects) {
    const role = roleOf(c);
    byRole.set(role, [...(byRole.get(role) ?? []), c]);
    byId.set(`${c.group}/${c.kind}/${c.namespace ?? ''}/${c.name}`, c);
  }
  const role = (r: string): Captured[] => byRole.get(r) ?? [];
  // Objects of kinds import does not read: one warning each while they are few, one per kind beyond that.
  const READS = 'it reads GatewayClasses, Gateways, their parameters, listener policies and Services, DataPlanes, ClusterDataPlanes and Environments';
  const otherKinds = new Map<string, Captured[]>();
  for (const c of role('other')) otherKinds.set(`${c.group}/${c.kind}`, [...(otherKinds.get(`${c.group}/${c.kind}`) ?? []), c]);
  for (const cs of otherKinds.values()) {
    if (cs.length <= LEFT_OUT_EACH) {
      for (const c of cs)
        problems.push(problemOn(c, 'warning', [], IMPORT_RULES.leftOut, `${describe(c)} (${c.apiVersion}) is not read by import: ${READS}`, 'capture only the kinds docs/adoption.md lists'));
      continue;
    }
    const first = cs[0]!;
    const where = cs.slice(0, LEFT_OUT_EACH).map((c) => whereIs(c));
    problems.push(
      problemOn(
        first,
        'warning',
        [],
        IMPORT_RULES.leftOut,
        `${first.kind} (${first.apiVersion}): ${cs.length.toLocaleString('en-US')} objects (${where.join(', ')}, …) are not read by import: ${READS}`,
        'capture only the kinds docs/adoption.md lists',
      ),
    );
  }
  const chosen = chooseDataPlane(role('data-plane'), role('gateway'), opts);
  if ('problem' in chosen) return { problems: [...problems, chosen.problem] };
  const plane = chosen.plane;
  const dataPlane = refOf(plane);
  // Every other data plane is named, with registrations or without: nothing captured is dropped silently.
  for (const other of role('data-plane'))
    if (other !== plane)
      problems.push(
        problemOn(
          other,
          'warning',
          ['spec', 'gateway'],
          IMPORT_RULES.leftOut,
          registeredEndpoints(other).length > 0
            ? `${describe(other)} is another data plane: its registrations are not imported (this topology is ${describeRef(dataPlane)})`
            : `${describe(other)} is another data plane (it registers no gateway): not imported (this topology is ${describeRef(dataPlane)})`,
          'import it on its own: gwtopo import … --data-plane KIND/[NAMESPACE/]NAME --cluster NAME',
        ),
      );
  const cluster = opts.cluster ?? plane.name;
  // Environments served by this data plane.
  const environments: Captured[] = [];
  // Gateways registered only on another data plane or its Environments: said so, not "registered nowhere".
  const elsewhere = new Map<string, string>();
  for (const other of role('data-plane'))
    if (other !== plane) for (const r of registeredEndpoints(other)) if (!elsewhere.has(`${r.namespace ?? ''}/${r.name}`)) elsewhere.set(`${r.namespace ?? ''}/${r.name}`, describeRef(refOf(other)));
  for (const e of role('environment')) {
    const served = environmentDataPlane(e, role('data-plane'));
    if (!sameRef(served, dataPlane))
      for (const r of registeredEndpoints(e)) if (!elsewhere.has(`${r.namespace ?? ''}/${r.name}`)) elsewhere.set(`${r.namespace ?? ''}/${r.name}`, `Environment ${e.name} of ${describeRef(served)}`);
    if (sameRef(served, dataPlane)) environments.push(e);
    else if (registeredEndpoints(e).length > 0)
      problems.push(
        problemOn(
          e,
          'warning',
          ['spec', 'dataPlaneRef'],
          IMPORT_RULES.leftOut,
          `${describe(e)} is served by ${describeRef(environmentDataPlane(e, role('data-plane')))}, not ${describeRef(dataPlane)}: not imported`,
        ),
      );
  }
  // Where each gateway is registered: on the data plane (shared), or dedicated to one Environment. An Environment's
  // slot naming the gateway the data plane has in the same slot is the copy gwtopo renders itself (model/registrations.ts).
  const dpEndpoints = registeredEndpoints(plane);
  const all: Registered[] = [...dpEndpoints, ...environments.flatMap(registeredEndpoints)];
  const nsCount = new Map<string, number>();
  for (const r of all) nsCount.set(r.namespace ?? '', (nsCount.get(r.namespace ?? '') ?? 0) + 1);
  for (const g of role('gateway')) if (all.length === 0) nsCount.set(g.namespace ?? '', (nsCount.get(g.namespace ?? '') ?? 0) + 1);
  const gatewayNamespace = [...nsCount.entries()].filter(([ns]) => ns !== '').sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0]?.[0] ?? DEFAULTS.gatewayNamespace;
  const facts = new Map<string, GatewayFacts>();
  const fact = (name: string): GatewayFacts => {
    let f = facts.get(name);
    if (f === undefined) facts.set(name, (f = { name, module: DEFAULTS.module, managed: false, service: { annotations: {}, labels: {} } }));
    return f;
  };
  for (const r of all) {
    if ((r.namespace ?? '') !== gatewayNamespace) {
      problems.push(
        problemOn(
          r.object,
          'warning',
          [...r.path, 'namespace'],
          IMPORT_RULES.registration,
          `${describe(r.object)}: ${r.path.slice(1).join('.')} names a gateway in namespace ${q(r.namespace ?? '')}; the topology's gateways live in ${gatewayNamespace}: not imported`,
          'one topology holds the gateways of one namespace (spec.gatewayNamespace)',
        ),
      );
      continue;
    }
    const isEnv = r.object.kind === 'Environment';
    if (isEnv && dpEndpoints.some((d) => d.name === r.name && d.direction === r.direction && d.networking === r.networking)) continue;
    const f = fact(r.name);
    const scope: Scope = isEnv ? 'environment' : 'dataplane';
    if (f.primary !== undefined) {
      problems.push(
        problemOn(
          r.object,
          'warning',
          r.path,
          IMPORT_RULES.registration,
          `${describe(r.object)}: ${r.path.slice(1).join('.')} registers ${r.name} again (it is imported as registered on ${describe(f.primary.registered.object)} ${f.primary.registered.path.slice(1).join('.')}): a gwtopo gateway is registered in one place`,
          'give each registration a gateway of its own',
        ),
      );
      continue;
    }
    f.primary = { registered: r, scope, ...(isEnv ? { environment: r.object.name } : {}) };
  }
  for (const g of role('gateway')) {
    if ((g.namespace ?? '') !== gatewayNamespace) {
      problems.push(
        problemOn(
          g,
          'warning',
          ['metadata', 'namespace'],
          IMPORT_RULES.leftOut,
          `${describe(g)} is outside the gateway namespace ${gatewayNamespace}: not imported`,
          'import the gateways of each namespace as a cluster of their own, or move them',
        ),
      );
      continue;
    }
    const f = fact(g.name);
    f.captured = g;
  }
  const policies = role('policy');
  const out: ImportedGateway[] = [];
  const lbs: { networking: Networking; annotations: Record<string, string> }[] = [];
  const hosts: string[] = [];
  for (const f of [...facts.values()]) {
    const g = f.captured;
    if (g !== undefined) {
      f.module = moduleOf(g, role('class'), problems);
      f.managed = !helmOwned(g);
      if (f.managed) f.service = serviceOf(g, f.module, byId, problems);
    }
    for (const s of f.primary?.registered.slots ?? []) if (s.host !== undefined) hosts.push(s.host);
  }
  const serviceOfGateway = new Map<string, Captured>();
  // Services: the implementations create one per Gateway, so a captured one belongs to its Gateway; a load balancer of
  // a gateway gwtopo does not render (gateway-default) tells the provider too. A Service of no gateway is named.
  for (const s of role('service')) {
    const labels = stringMap(at(s.object, 'metadata', 'labels'));
    const owner =
      GATEWAY_NAME_LABELS.map((l) => labels[l]).find((v) => v !== undefined) ??
      [...facts.values()].find(
        (f) =>
          s.namespace === gatewayNamespace && moduleFor(f.module).serviceName(f.name, str(at(f.captured?.object, 'spec', 'gatewayClassName')) ?? moduleFor(f.module).defaultGatewayClass) === s.name,
      )?.name;
    const f = owner === undefined ? undefined : facts.get(owner);
    if (f === undefined) {
      problems.push(
        problemOn(s, 'warning', ['metadata', 'name'], IMPORT_RULES.leftOut, `${describe(s)} belongs to no imported gateway: not read`, 'capture the Services of the gateway namespace only'),
      );
      continue;
    }
    serviceOfGateway.set(f.name, s);
    if (f.managed) problems.push(...proxyServiceProblems(s, f.name, f.module, str(at(f.captured?.object, 'spec', 'gatewayClassName'))));
    // No parameters say the Service type: the captured Service shows what the implementation made of it.
    if (f.managed && f.service.typeDefaulted === true) f.service.type = SERVICE_TYPES.find((t) => t === at(s.object, 'spec', 'type')) ?? f.service.type;
  }
  // The load balancers tell the provider: what the module renders, the Gateway's spec.infrastructure.annotations
  // (the implementations copy them onto the Service) and the captured Service's own annotations, together.
  for (const f of facts.values()) {
    if (f.primary === undefined) continue;
    const s = serviceOfGateway.get(f.name);
    const lb = f.managed ? f.service.type === 'LoadBalancer' : at(s?.object, 'spec', 'type') === 'LoadBalancer';
    if (!lb) continue;
    lbs.push({
      networking: f.primary.registered.networking,
      annotations: {
        ...stringMap(at(s?.object, 'metadata', 'annotations')),
        ...stringMap(at(f.captured?.object, 'spec', 'infrastructure', 'annotations')),
        ...(f.managed ? f.service.annotations : {}),
      },
    });
  }
  // Parameters no captured Gateway refers to, and listener policies of no captured Gateway, are named.
  const referenced = new Set(role('gateway').map((g) => `${g.namespace ?? ''}/${str(at(g.object, 'spec', 'infrastructure', 'parametersRef', 'name')) ?? ''}`));
  for (const p of role('parameters'))
    if (!referenced.has(`${p.namespace ?? ''}/${p.name}`))
      problems.push(problemOn(p, 'warning', ['metadata', 'name'], IMPORT_RULES.leftOut, `${describe(p)} is the parameters of no captured Gateway: not imported`));
  for (const p of role('policy')) {
    const targets = at(p.object, 'spec', 'targetRefs');
    const names = Array.isArray(targets) ? targets.map((t) => str(at(t, 'name'))) : [];
    if (!names.some((n) => n !== undefined && facts.get(n)?.captured !== undefined && p.namespace === gatewayNamespace))
      problems.push(problemOn(p, 'warning', ['spec', 'targetRefs'], IMPORT_RULES.leftOut, `${describe(p)} targets no captured Gateway: not imported`));
  }
  const provider = opts.provider === undefined ? detectProvider(lbs, hosts) : { provider: opts.provider, from: '--provider' };
  // A managed gateway's Service annotation that neither the topology, the Gateway nor the provider's preset accounts
  // for was added by hand or by another controller: the topology does not carry it.
  for (const f of facts.values()) {
    const s = serviceOfGateway.get(f.name);
    if (s === undefined || !f.managed || f.primary === undefined) continue;
    const known = {
      ...presetAnnotations(provider.provider, f.primary.registered.networking),
      ...stringMap(at(f.captured?.object, 'spec', 'infrastructure', 'annotations')),
      ...f.service.annotations,
    };
    for (const [k, v] of Object.entries(stringMap(at(s.object, 'metadata', 'annotations')))) {
      if (known[k] === v || SERVICE_SYSTEM_ANNOTATIONS.some((prefix) => k.startsWith(prefix))) continue;
      problems.push(
        problemOn(
          s,
          'warning',
          ['metadata', 'annotations', k],
          IMPORT_RULES.unmanagedField,
          `${describe(s)}: metadata.annotations.${k} is not an annotation gwtopo renders for ${f.name} (neither its service.annotations nor the ${provider.provider} preset): the topology does not carry it`,
          `add it to the gateway's service.annotations to have gwtopo manage it, or drop it`,
        ),
      );
    }
  }
  // The cluster's module: the one most managed gateways use (kgateway on a tie or without any).
  const counts = new Map<ModuleId, number>();
  for (const f of facts.values()) if (f.captured !== undefined) counts.set(f.module, (counts.get(f.module) ?? 0) + 1);
  const module = [...counts.entries()].sort((a, b) => b[1] - a[1] || MODULE_IDS.indexOf(a[0]) - MODULE_IDS.indexOf(b[0]))[0]?.[0] ?? DEFAULTS.module;
  const envoyServices = role('service').filter((s) => str(at(s.object, 'metadata', 'labels', ENVOY_SERVICE_OWNER)) !== undefined);
  const envoyNamespace = envoyServices[0]?.namespace ?? DEFAULTS.envoyGatewayNamespace;
  const parametersUsers = new Map<string, string>();
  for (const f of [...facts.values()].sort(gatewayOrder)) {
    const g = f.captured;
    const comments: string[] = [];
    if (g !== undefined)
      comments.push(
        `${describe(g)}, captured at ${whereIs(g)}${f.managed ? '' : g.name === HELM_GATEWAY ? "; installed by OpenChoreo's data-plane Helm chart: registered, not rendered" : '; owned by a Helm release: registered, not rendered'}`,
      );
    if (f.primary !== undefined)
      comments.push(
        `registered on ${describe(f.primary.registered.object)} ${f.primary.registered.path.slice(1).join('.')}, captured at ${whereIs(f.primary.registered.object, f.primary.registered.path)}`,
      );
    if (f.primary === undefined) {
      if (g === undefined) continue;
      // Registered nowhere: written commented out, with what the capture says about it.
      problems.push(
        problemOn(
          g,
          'warning',
          ['metadata', 'name'],
          IMPORT_RULES.unregistered,
          `${describe(g)} is registered on no DataPlane, ClusterDataPlane or Environment of ${describeRef(dataPlane)}: written commented out (every gateway gwtopo renders is registered)`,
          "uncomment it and set direction, networking, scope and each listener's host, or leave it out",
        ),
      );
      const other = elsewhere.get(`${g.namespace ?? ''}/${g.name}`);
      comments.push(
        other === undefined
          ? 'registered nowhere: uncomment it once you know its direction, networking and scope'
          : `registered on ${other}, not the imported data plane: uncomment it once you know its direction, networking and scope here`,
      );
      const networking: Networking = f.service.type === 'LoadBalancer' || f.service.type === 'NodePort' ? 'external' : 'internal';
      out.push({
        name: f.name,
        direction: 'ingress',
        networking,
        scope: 'dataplane',
        module: f.module,
        managed: f.managed,
        websocket: true,
        service: { ...f.service },
        listeners: listenerList(g).flatMap((l) => {
          const protocol = (['HTTP', 'HTTPS', 'TLS'] as const).find((p) => p === l.protocol);
          return protocol === undefined ? [] : [{ protocol, port: typeof l.port === 'number' ? l.port : 0, ...(str(l.name) === protocol.toLowerCase() ? {} : { name: str(l.name)! }), host: 'HOST' }];
        }),
        comments,
        registered: false,
        ...(other === undefined ? {} : { registeredOn: other }),
      });
      continue;
    }
    const { registered, scope, environment } = f.primary;
    if (g === undefined)
      problems.push(
        problemOn(
          registered.object,
          'warning',
          [...registered.path, 'name'],
          IMPORT_RULES.notCaptured,
          `${describe(registered.object)}: ${registered.path.slice(1).join('.')} registers Gateway ${gatewayNamespace}/${f.name}, which the capture does not hold: imported as managed: false (registered, not rendered)`,
          `capture it (kubectl get gateways -n ${gatewayNamespace} -o yaml) to have gwtopo manage it`,
        ),
      );
    const listeners = f.managed ? managedListeners(f, gatewayNamespace, envoyNamespace, problems) : unmanagedListeners(f, problems);
    let websocket = true;
    if (f.managed && moduleFor(f.module).websocket === 'policy') {
      const found = websocketPolicies(policies, g!);
      if (found.length === 0) {
        websocket = false;
        problems.push(
          problemOn(
            g!,
            'warning',
            ['metadata', 'name'],
            IMPORT_RULES.websocket,
            `${describe(g!)}: no ListenerPolicy or HTTPListenerPolicy enables WebSocket upgrades on it: imported with websocket: false`,
            "remove websocket: false to have gwtopo render a ListenerPolicy that enables them (OpenChoreo's chart does so for gateway-default)",
          ),
        );
      } else if (!found.some((p) => p.kind === 'ListenerPolicy' && p.name === `${f.name}-listeners`)) {
        const p = found[0]!;
        problems.push(
          problemOn(
            p,
            'warning',
            ['metadata', 'name'],
            IMPORT_RULES.websocket,
            `${describe(p)} enables WebSocket upgrades on ${f.name}; gwtopo renders its own ListenerPolicy ${f.name}-listeners for that, and leaves this one alone`,
            `delete ${describe(p)} after the first sync`,
          ),
        );
      }
      for (const p of found)
        unmanagedFields(
          p,
          ['spec'],
          [
            ['spec', 'targetRefs'],
            ['spec', 'default', 'httpSettings', 'upgradeConfig'],
            ['spec', 'upgradeConfig'],
          ],
          problems,
          'gwtopo renders only the WebSocket upgrade',
        );
    }
    const { networking } = registered;
    const service = { type: f.service.type, annotations: { ...f.service.annotations }, labels: { ...f.service.labels } };
    if (f.managed && service.type === 'LoadBalancer') {
      for (const [k, v] of Object.entries(presetAnnotations(provider.provider, networking))) if (service.annotations[k] === v) delete service.annotations[k];
    }
    const cls = g === undefined ? undefined : str(at(g.object, 'spec', 'gatewayClassName'));
    // A gwtopo gateway has parameters of its own (parameters-name): the second gateway sharing one gets its own.
    let parametersName = f.managed ? f.service.parametersName : undefined;
    const paramsKey = `${f.module}/${parametersName ?? `${f.name}-params`}`;
    const sharer = parametersUsers.get(paramsKey);
    if (f.managed && g !== undefined && sharer !== undefined) {
      parametersName = parametersUsers.has(`${f.module}/${f.name}-params`) ? `${f.name}-own-params` : undefined;
      problems.push(
        problemOn(
          g,
          'warning',
          ['spec', 'infrastructure', 'parametersRef', 'name'],
          IMPORT_RULES.unmanagedField,
          `${describe(g)}: shares its parameters ${str(at(g.object, 'spec', 'infrastructure', 'parametersRef', 'name'))} with ${sharer}; a gwtopo gateway has parameters of its own, so it is imported with ${parametersName ?? `${f.name}-params`} (the same settings): the first sync creates that object and points ${f.name} at it`,
          'delete the shared parameters once no Gateway refers to them',
        ),
      );
    }
    if (f.managed) parametersUsers.set(`${f.module}/${parametersName ?? `${f.name}-params`}`, f.name);
    // kgateway and Envoy Gateway render parameters (and the parametersRef) only for Service settings other than the
    // module's defaults: a parametersName would have no effect then, and the captured parameters are not managed.
    const effective = { ...service.annotations, ...(service.type === 'LoadBalancer' ? presetAnnotations(provider.provider, networking) : {}) };
    if (
      parametersName !== undefined &&
      g !== undefined &&
      (f.module === 'kgateway' || f.module === 'envoy-gateway') &&
      service.type === moduleFor(f.module).defaultServiceType &&
      Object.keys(effective).length === 0 &&
      Object.keys(service.labels).length === 0
    ) {
      problems.push(
        problemOn(
          g,
          'warning',
          ['spec', 'infrastructure', 'parametersRef', 'name'],
          IMPORT_RULES.unmanagedField,
          `${describe(g)}: its Service settings are ${f.module}'s defaults, so gwtopo renders no parameters (nor a parametersRef) for it: ${parametersName} is not managed, and the first sync leaves it as it is`,
          'set service settings on the gateway to have gwtopo render its parameters',
        ),
      );
      parametersName = undefined;
    }
    out.push({
      name: f.name,
      direction: registered.direction,
      networking,
      scope,
      ...(environment === undefined ? {} : { environment }),
      module: f.module,
      managed: f.managed,
      websocket,
      ...(f.managed && cls !== undefined && cls !== moduleFor(f.module).defaultGatewayClass ? { gatewayClassName: cls } : {}),
      ...(parametersName === undefined ? {} : { parametersName }),
      service: f.managed ? service : { annotations: {}, labels: {} },
      listeners,
      comments,
      registered: true,
    });
  }
  const topology: ImportedTopology = {
    cluster,
    module,
    provider: provider.provider,
    providerFrom: provider.from,
    gatewayNamespace,
    ...(envoyNamespace !== DEFAULTS.envoyGatewayNamespace && out.some((g) => g.registered && g.managed && g.module === 'envoy-gateway') ? { envoyNamespace } : {}),
    dataPlane,
    dataPlaneFrom: `${describe(plane)}, captured at ${whereIs(plane)}`,
    environments: environments
      .map((e) => ({ name: e.name, namespace: e.namespace ?? DEFAULTS.environmentNamespace, from: `${describe(e)}, captured at ${whereIs(e)}` }))
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)),
    gateways: out,
  };
  return { topology, registrations: [plane, ...environments], problems };
}

/** Data-plane gateways first, then dedicated ones, then the unregistered; by name within each. */
function gatewayOrder(a: GatewayFacts, b: GatewayFacts): number {
  const rank = (f: GatewayFacts): number => (f.primary === undefined ? 2 : f.primary.scope === 'dataplane' ? 0 : 1);
  return rank(a) - rank(b) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
}

/** `KIND/[NAMESPACE/]NAME` of --data-plane, or undefined when it does not read as one. */
export function parseDataPlaneRef(text: string): DataPlaneRef | undefined {
  const parts = text.split('/');
  const kind = parts[0] as DataPlaneKind;
  if (kind !== 'DataPlane' && kind !== 'ClusterDataPlane') return undefined;
  if (kind === 'ClusterDataPlane') return parts.length === 2 && parts[1] !== '' ? { kind, name: parts[1]! } : undefined;
  if (parts.length === 2 && parts[1] !== '') return { kind, name: parts[1]!, namespace: DEFAULTS.dataPlaneNamespace };
  if (parts.length === 3 && parts[1] !== '' && parts[2] !== '') return { kind, namespace: parts[1]!, name: parts[2]! };
  return undefined;
}
