// fast-check arbitraries for test/property.test.ts.
//
// 1. VALID topologies, built as data so that they satisfy every rule of README "Validation rules" by
//    construction (and raise no warning except the ones the model predicts, see `expectedWarnings`).
//    The facts they rely on (module classes, Service names, provider presets, private load-balancer
//    annotations) are written down here from the README, not imported from generator/, so a product
//    change that breaks the documented contract shows up as a failing property.
// 2. Their YAML text in varied styles (block/flow, quoting, indentation, CRLF, BOM, directives, …).
// 3. MUTATED YAML: valid texts and golden fixtures with lines deleted, duplicated, swapped or re-indented,
//    scalars swapped for other types, random and invalid UTF-8 bytes, deep nesting, huge numbers, long
//    strings, odd unicode, anchors/aliases, tags, extra documents and byte-order marks.

import { isDeepStrictEqual } from 'node:util';
import fc from 'fast-check';
import { Document, isCollection, parseAllDocuments, type ToStringOptions, visit } from 'yaml';
import { prng, scramble } from './random.js';

export { prng, scramble };

export type Provider = 'generic' | 'k3d' | 'aws' | 'aws-lbc' | 'gcp' | 'azure' | 'oci' | 'digitalocean' | 'ibm' | 'alibaba' | 'openstack';
export type Module = 'kgateway' | 'envoy-gateway' | 'nginx-gateway-fabric' | 'istio' | 'cilium' | 'traefik' | 'kong';
type ServiceType = 'ClusterIP' | 'LoadBalancer' | 'NodePort';
type Protocol = 'HTTP' | 'HTTPS' | 'TLS';
type Networking = 'external' | 'internal';
type Json = Record<string, unknown>;

export const PROVIDERS: readonly Provider[] = ['generic', 'k3d', 'aws', 'aws-lbc', 'gcp', 'azure', 'oci', 'digitalocean', 'ibm', 'alibaba', 'openstack'];
export const MODULES: readonly Module[] = ['kgateway', 'envoy-gateway', 'nginx-gateway-fabric', 'istio', 'cilium', 'traefik', 'kong'];
const DEFAULT_GATEWAY_NAMESPACE = 'openchoreo-data-plane';

// ---------------------------------------------------------------------------------------------------
// The contract, as the README states it

/** README "Gateway modules": default GatewayClass. */
const DEFAULT_CLASS: Record<Module, string> = {
  kgateway: 'kgateway',
  'envoy-gateway': 'envoy-gateway',
  'nginx-gateway-fabric': 'nginx',
  istio: 'istio',
  cilium: 'cilium',
  traefik: 'traefik',
  kong: 'kong',
};
/** Modules served by the one Service of their install: every per-gateway Service setting is refused. */
const INSTALL_SERVICE: ReadonlySet<Module> = new Set(['traefik', 'kong']);
/** Modules that carry Service labels/annotations in Gateway spec.infrastructure (at most 8 of each). */
const INFRA_METADATA: ReadonlySet<Module> = new Set(['nginx-gateway-fabric', 'istio', 'cilium']);
const INFRA_LIMIT = 8;
const SYSTEM_LABEL = 'openchoreo.dev/system-component';

/**
 * README "Gateway modules", Service name column: the Service name that gives internal ClusterIP gateways their default
 * host (envoy-gateway: in Envoy Gateway's namespace, named by the EnvoyProxy every ClusterIP gateway gets).
 */
function serviceName(module: Module, gateway: string, gatewayClass: string): string | undefined {
  const name =
    module === 'kgateway' || module === 'envoy-gateway'
      ? gateway
      : module === 'nginx-gateway-fabric' || module === 'istio'
        ? `${gateway}-${gatewayClass}`
        : module === 'cilium'
          ? `cilium-gateway-${gateway}`
          : undefined;
  return name !== undefined && name.length <= 63 ? name : undefined;
}

/** README "Providers": the preset annotation keys of a LoadBalancer gateway. */
const PRESET_KEYS: Record<Provider, Record<Networking, string[]>> = {
  generic: { internal: [], external: [] },
  k3d: { internal: [], external: [] },
  aws: { internal: ['service.beta.kubernetes.io/aws-load-balancer-internal'], external: [] },
  'aws-lbc': {
    internal: ['service.beta.kubernetes.io/aws-load-balancer-type', 'service.beta.kubernetes.io/aws-load-balancer-nlb-target-type', 'service.beta.kubernetes.io/aws-load-balancer-scheme'],
    external: ['service.beta.kubernetes.io/aws-load-balancer-type', 'service.beta.kubernetes.io/aws-load-balancer-nlb-target-type', 'service.beta.kubernetes.io/aws-load-balancer-scheme'],
  },
  gcp: { internal: ['networking.gke.io/load-balancer-type'], external: [] },
  azure: { internal: ['service.beta.kubernetes.io/azure-load-balancer-internal'], external: [] },
  oci: { internal: ['service.beta.kubernetes.io/oci-load-balancer-internal'], external: [] },
  digitalocean: { internal: ['service.beta.kubernetes.io/do-loadbalancer-network'], external: [] },
  ibm: { internal: ['service.kubernetes.io/ibm-load-balancer-cloud-provider-ip-type'], external: [] },
  alibaba: { internal: ['service.beta.kubernetes.io/alibaba-cloud-loadbalancer-address-type'], external: [] },
  openstack: { internal: ['service.beta.kubernetes.io/openstack-internal-load-balancer'], external: [] },
};

/** README "Validation rules": annotations that make a load balancer private on provider generic (values compare case-insensitively). */
const PRIVATE_LB: readonly (readonly [string, string])[] = [
  ['service.beta.kubernetes.io/aws-load-balancer-internal', 'true'],
  ['service.beta.kubernetes.io/aws-load-balancer-scheme', 'internal'],
  ['networking.gke.io/load-balancer-type', 'Internal'],
  ['cloud.google.com/load-balancer-type', 'Internal'],
  ['service.beta.kubernetes.io/azure-load-balancer-internal', 'true'],
  ['service.beta.kubernetes.io/oci-load-balancer-internal', 'true'],
  ['oci-network-load-balancer.oraclecloud.com/internal', 'true'],
  ['service.beta.kubernetes.io/do-loadbalancer-network', 'INTERNAL'],
  ['service.kubernetes.io/ibm-load-balancer-cloud-provider-ip-type', 'private'],
  ['service.beta.kubernetes.io/alibaba-cloud-loadbalancer-address-type', 'intranet'],
  ['service.beta.kubernetes.io/openstack-internal-load-balancer', 'true'],
  ['service.beta.kubernetes.io/cce-load-balancer-internal-vpc', 'true'],
  ['service.kubernetes.io/qcloud-loadbalancer-internal-subnetid', 'subnet-12345678'],
];

// ---------------------------------------------------------------------------------------------------
// Known product bugs the valid-topology arbitrary steers clear of unless asked (test/fixtures/fuzz/bug-*.yaml)

/**
 * Switches that also generate the inputs of known product bugs (test/fixtures/fuzz/bug-*.yaml). By default
 * the arbitrary steers clear of them, so that the properties check everything else.
 */
export interface TopologyOptions {
  /** Environment, data-plane and Flux source names of 181–236 characters (bug-long-name-enametoolong). */
  longNames?: boolean;
  /** Annotation values with DEL, C1 controls, NEL, U+FFFE/U+FFFF (bug-annotation-control-characters). */
  hostileAnnotations?: boolean;
  /** repository.url in the scp-like form git@host:path (bug-flux-scp-url). */
  scpUrls?: boolean;
  /**
   * Map-key prefixes of 253 to 300 characters (bug-map-key-prefix-253). Whether such a topology should be
   * refused or rendered is for the fix to decide: the properties accept either.
   */
  longKeyPrefixes?: boolean;
}

/** Names that become file names (`<name>.environment.yaml`, `<name>.gitrepository.yaml`, plus the writer's temp suffix). */
const FILE_NAME_SAFE = 180;
/**
 * The longest names that still fit a 255-byte file name as `<name>.clusterdataplane.yaml` (233) or
 * `<name>.gitrepository.yaml` (236); DNS subdomains go up to 253, but no file system can hold those files.
 */
const FILE_NAME_MAX = 233;
const SOURCE_NAME_MAX = 236;
/** Longest map-key prefix Gateway API's CEL rule accepts (`key.split("/")[0].size() < 253`). */
const KEY_PREFIX_SAFE = 252;
/** Characters a YAML consumer rejects (DEL, C1 controls, U+FFFE/U+FFFF) or reads as a line break (NEL). */
export const YAML_HOSTILE = /[\u007f-\u009f\ufffe\uffff]/u;

// ---------------------------------------------------------------------------------------------------
// Names

const LOWER_ALNUM = 'abcdefghijklmnopqrstuvwxyz0123456789';
/** DNS labels that YAML 1.1 or 1.2 would read as another type, or that are otherwise edge cases. */
export const TRICKY_LABELS = ['a', '0', '1', '123', '0777', '0o17', '0x1f', '1e3', '1e-3', 'e5', 'true', 'false', 'yes', 'no', 'on', 'off', 'y', 'n', 'null', 'nan', 'inf', '2001-12-14', '1-0', 'x1'];
const TRICKY_SUBDOMAINS = [...TRICKY_LABELS, '1.5', '0.0', '1.0e3', '12.30', 'a.b', '1.2.3', 'true.false'];

/** Makes any string a DNS-1123 label / subdomain part: allowed characters, alphanumeric at both ends. */
function fixEnds(s: string): string {
  let out = s.replace(/^[-.]+/, '').replace(/[-.]+$/, '');
  if (out === '') out = 'a';
  return out;
}

const labelBody = fc.string({ unit: fc.constantFrom(...`${LOWER_ALNUM}-`), minLength: 1, maxLength: 14 }).map(fixEnds);

/** A DNS-1123 label of at most `max` characters: tricky constants, short random ones, sometimes the longest. */
export function dnsLabel(max = 63): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 2, arbitrary: fc.constantFrom(...TRICKY_LABELS.filter((l) => l.length <= max)) },
    { weight: 6, arbitrary: labelBody.map((s) => fixEnds(s.slice(0, max))) },
    { weight: 1, arbitrary: fc.tuple(fc.integer({ min: 1, max }), labelBody).map(([n, seed]) => fixEnds(seed.repeat(Math.ceil(n / seed.length)).slice(0, n))) },
  );
}

/** A string of exactly n characters (n ≥ 1) that is a DNS-1123 subdomain, with parts of up to 63 characters. */
function subdomainOfLength(n: number, seed: string): string {
  const chars = seed.replace(/[^a-z0-9]/g, '') || 'a';
  let out = '';
  while (out.length < n) {
    const left = n - out.length;
    if (out !== '' && left >= 2) out += '.';
    const take = Math.min(63, n - out.length);
    out += chars.repeat(Math.ceil(take / chars.length)).slice(0, take);
  }
  return out;
}

/** A DNS-1123 subdomain of at most `max` characters. */
export function dnsSubdomain(max = 253): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 2, arbitrary: fc.constantFrom(...TRICKY_SUBDOMAINS.filter((l) => l.length <= max)) },
    { weight: 6, arbitrary: fc.array(labelBody, { minLength: 1, maxLength: 3 }).map((parts) => fixEnds(parts.join('.').slice(0, max))) },
    { weight: 1, arbitrary: fc.tuple(fc.integer({ min: 1, max }), labelBody).map(([n, seed]) => subdomainOfLength(n, seed)) },
  );
}

const keyNameChar = fc.constantFrom(...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.');
/** The name part of a Kubernetes map key: 1..63 characters, alphanumeric at both ends. */
const keyName = fc.oneof(
  { weight: 2, arbitrary: fc.constantFrom('a', 'Z', '0', 'true', 'Yes', 'NULL', '0777', '1e3', '1_000', '0x1F', 'constructor', 'toString', 'hasOwnProperty', 'name', 'namespace', 'prototype') },
  {
    weight: 5,
    arbitrary: fc.string({ unit: keyNameChar, minLength: 1, maxLength: 20 }).map((s) => s.replace(/^[-_.]+/, '').replace(/[-_.]+$/, '') || 'k'),
  },
  { weight: 1, arbitrary: fc.constant(`k${'-_.'.repeat(20)}z`) }, // 63 characters
);

/** A Kubernetes map key (stringMapKey in the schema): optional DNS-subdomain prefix (under 253 characters) and '/', then a name. */
function mapKey(opts: TopologyOptions): fc.Arbitrary<string> {
  const prefixMax = opts.longKeyPrefixes === true ? 300 : KEY_PREFIX_SAFE;
  return fc
    .tuple(
      fc.option(
        fc.oneof({ weight: 5, arbitrary: dnsSubdomain(60) }, { weight: 1, arbitrary: fc.tuple(fc.integer({ min: 200, max: prefixMax }), labelBody).map(([n, s]) => subdomainOfLength(n, s)) }),
        { nil: undefined },
      ),
      keyName,
    )
    .map(([prefix, name]) => (prefix === undefined ? name : `${prefix}/${name}`))
    .filter((k) => k.length <= 317);
}

/** Kubernetes label values, the empty one and those YAML would read as another type included. */
const labelValue = fc.oneof(
  { weight: 2, arbitrary: fc.constantFrom('', 'true', 'False', 'YES', 'off', 'NULL', 'Null', '0777', '1e3', '1_000', '0x1F', '12', '1.5', 'y', 'N', 'E5') },
  { weight: 5, arbitrary: fc.string({ unit: keyNameChar, minLength: 1, maxLength: 30 }).map((s) => s.replace(/^[-_.]+/, '').replace(/[-_.]+$/, '')) },
  { weight: 1, arbitrary: fc.constant(`v${'a-_.'.repeat(15)}z`) }, // 62 characters
);

/** Free-form annotation values (at most 4096 characters): YAML indicators, types, whitespace, unicode. */
function annotationValue(opts: TopologyOptions): fc.Arbitrary<string> {
  const tricky = fc.constantFrom(
    '',
    ' ',
    'true',
    'yes',
    'Off',
    '~',
    'null',
    'NULL',
    '0777',
    '0o17',
    '1e3',
    '-1',
    '+1',
    '.5',
    '1_000',
    '12:30:00',
    '2001-12-14',
    '0x1F',
    '.inf',
    '-.nan',
    '- a',
    ': x',
    'a: b',
    '# not a comment',
    'a #b',
    '"q"',
    "'s'",
    '{x}',
    '[y]',
    '&a',
    '*a',
    '!t',
    '!!str',
    '|',
    '>',
    '%YAML',
    '@at',
    '`tick`',
    '?',
    ',',
    '---',
    '...',
    'multi\nline',
    'trailing newline\n',
    '\n',
    'tab\there',
    'x ',
    ' leading',
    'two  spaces',
    'back\\slash',
    'quote"inside',
    'RTL \u202eevil',
    'emoji 🎉👩‍👩‍👧',
    'CJK 日本語',
    'zero\u200bwidth',
    'line\u2028separator',
    'bom\ufeffinside',
    'nul\u0000byte',
    'bell\u0007',
    'esc\u001b[31m',
    'x'.repeat(4096),
    'é'.repeat(4096),
  );
  const hostile = fc.constantFrom('del\u007f', 'c1\u0080', 'nel\u0085next', 'csi\u009b', 'nonchar\ufffe', 'nonchar\uffff');
  const arb = fc.oneof(
    { weight: 3, arbitrary: tricky },
    { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 30 }) },
    { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 20 }) },
    { weight: opts.hostileAnnotations === true ? 2 : 0, arbitrary: hostile },
  );
  return arb
    .filter((v) => !/\p{Cs}/u.test(v)) // a lone surrogate cannot be stored in a UTF-8 file
    .filter((v) => opts.hostileAnnotations === true || !YAML_HOSTILE.test(v))
    .filter((v) => [...v].length <= 4096);
}

/** A string map (annotations or labels) as entries with unique keys. */
function stringMap(key: fc.Arbitrary<string>, value: fc.Arbitrary<string>, maxKeys: number): fc.Arbitrary<[string, string][]> {
  return fc.uniqueArray(fc.tuple(key, value), { maxLength: maxKeys, selector: ([k]) => k });
}

const portArb = fc.oneof(fc.constantFrom(1, 80, 443, 8080, 8443, 9080, 19080, 19081, 19443, 65535), fc.integer({ min: 1, max: 65535 }));

// ---------------------------------------------------------------------------------------------------
// Valid topologies

interface ListenerSeed {
  protocol: Protocol;
  name: string | undefined;
  port: number;
  host: string;
  /** Omit the host where it has a default. */
  omitHost: boolean;
  hostname: 'none' | 'exact' | 'wildcard';
  allowedRoutes: 'All' | 'Same' | undefined;
  /** TLS listeners: 0 no tls, 1 {mode: Passthrough}, 2 {}, 3 {mode: Terminate, certificateRefs}. */
  tlsShape: number;
  explicitMode: boolean;
  certificateRefs: { name: string; namespaced: boolean }[];
}

interface GatewaySeed {
  owner: number;
  direction: 'ingress' | 'egress';
  networking: Networking;
  name: string;
  module: Module | undefined;
  explicitModule: boolean;
  managed: boolean | undefined;
  gatewayClassName: string | undefined;
  serviceType: ServiceType | undefined;
  classPick: number;
  explicitClass: boolean;
  privatePick: number;
  privateValueCase: 'as-is' | 'upper' | 'lower';
  annotations: [string, string][];
  labels: [string, string][];
  listeners: ListenerSeed[];
  sharePort: boolean;
  fallbackType: 'ClusterIP' | 'NodePort';
  websocket: boolean | undefined;
  /** Advertise every listener on port + 20000 (one client port per listener port). */
  advertise: boolean;
}

function listenerSeed(protocol: Protocol): fc.Arbitrary<ListenerSeed> {
  return fc.record({
    protocol: fc.constant(protocol),
    name: fc.option(fc.oneof(fc.constantFrom('http', 'https', 'tls', 'web', 'a.b'), dnsSubdomain()), { nil: undefined, freq: 3 }),
    port: portArb,
    host: dnsSubdomain(),
    omitHost: fc.boolean(),
    hostname: fc.constantFrom('none', 'none', 'exact', 'wildcard'),
    allowedRoutes: fc.constantFrom('All', 'Same', undefined),
    tlsShape: fc.integer({ min: 0, max: 3 }),
    explicitMode: fc.boolean(),
    certificateRefs: fc.array(fc.record({ name: dnsSubdomain(), namespaced: fc.boolean() }), { minLength: 1, maxLength: 3 }),
  });
}

const listenersSeed: fc.Arbitrary<ListenerSeed[]> = fc.shuffledSubarray(['HTTP', 'HTTPS', 'TLS'] as Protocol[], { minLength: 1 }).chain((protocols) => fc.tuple(...protocols.map(listenerSeed)));

function gatewaySeed(opts: TopologyOptions): fc.Arbitrary<GatewaySeed> {
  return fc.record({
    owner: fc.nat(),
    direction: fc.constantFrom('ingress', 'egress'),
    networking: fc.constantFrom('external', 'internal'),
    name: dnsLabel(63),
    module: fc.option(fc.constantFrom(...MODULES), { nil: undefined, freq: 2 }),
    explicitModule: fc.boolean(),
    managed: fc.constantFrom(true, true, false, undefined, undefined),
    gatewayClassName: fc.option(dnsSubdomain(), { nil: undefined, freq: 3 }),
    serviceType: fc.constantFrom('ClusterIP', 'LoadBalancer', 'NodePort', undefined, undefined),
    classPick: fc.nat(),
    explicitClass: fc.boolean(),
    privatePick: fc.nat(),
    privateValueCase: fc.constantFrom('as-is', 'upper', 'lower'),
    annotations: stringMap(mapKey(opts), annotationValue(opts), 10),
    labels: stringMap(
      mapKey(opts).filter((k) => k !== SYSTEM_LABEL),
      labelValue,
      8,
    ),
    listeners: listenersSeed,
    sharePort: fc.boolean(),
    fallbackType: fc.constantFrom('ClusterIP', 'NodePort'),
    websocket: fc.constantFrom(undefined, undefined, true, false),
    advertise: fc.boolean(),
  });
}

/** Flux-only gwtopo.yaml (Argo CD's ApplicationSet CRD takes seconds to compile; the golden tests cover it). */
function repositoryConfig(opts: TopologyOptions): fc.Arbitrary<Json | undefined> {
  // The scp-like git@host:path form is documented but Flux's GitRepository CRD refuses it (bug-flux-scp-url).
  const urls = ['https://github.com/acme/platform-gitops.git', 'ssh://git@example.com/acme/gitops.git', ...(opts.scpUrls === true ? ['git@github.com:acme/gitops.git'] : [])];
  return fc.option(
    fc
      .record({
        url: fc.constantFrom(...urls),
        revision: fc.option(fc.constantFrom('main', 'refs/heads/release-1', 'refs/tags/v1.0.0', 'release/1.x', '0123456789abcdef0123456789abcdef01234567'), { nil: undefined }),
        namespace: fc.option(dnsLabel(), { nil: undefined }),
        sourceName: fc.option(dnsSubdomain(opts.longNames === true ? SOURCE_NAME_MAX : FILE_NAME_SAFE), { nil: undefined }),
        interval: fc.option(fc.constantFrom('10m', '1h30m', '30s', '1.5h', '500ms'), { nil: undefined }),
        secretRef: fc.option(dnsSubdomain(FILE_NAME_SAFE), { nil: undefined }),
      })
      .map(({ url, revision, ...flux }) => {
        // An SSH URL without credentials is valid but warned about (rule config): give it a Secret.
        if (!url.startsWith('https://') && flux.secretRef === undefined) flux.secretRef = 'git-credentials';
        const fluxSettings: Json = Object.fromEntries(Object.entries(flux).filter(([, v]) => v !== undefined));
        return {
          apiVersion: 'gwtopo/v1alpha1',
          kind: 'Repository',
          spec: {
            repository: { url, ...(revision === undefined ? {} : { revision }) },
            engines: ['flux'],
            ...(Object.keys(fluxSettings).length === 0 ? {} : { flux: fluxSettings }),
          },
        };
      }),
    { nil: undefined, freq: 3 },
  );
}

/** A generated topology with what the model predicts about it. */
export interface GeneratedTopology {
  cluster: string;
  /** The document (plain data: maps, lists, strings, numbers, booleans). */
  doc: Json;
  /** Warnings the topology must raise (`rule path`), e.g. preset-not-applied for traefik/kong on a cloud. */
  expectedWarnings: string[];
}

export interface GeneratedRepo {
  topologies: GeneratedTopology[];
  /** gwtopo.yaml, when the repository wires Flux. */
  config?: Json;
}

function caseOf(value: string, how: 'as-is' | 'upper' | 'lower'): string {
  return how === 'upper' ? value.toUpperCase() : how === 'lower' ? value.toLowerCase() : value;
}

/** Makes `name` unique in `used` by a numeric suffix, keeping it a label/subdomain of at most `max` characters. */
function unique(name: string, used: Set<string>, max: number): string {
  let out = name;
  for (let i = 2; used.has(out); i++) out = `${fixEnds(name.slice(0, max - String(i).length - 1))}-${i}`;
  used.add(out);
  return out;
}

/** Turns random seeds into a topology that satisfies every validation rule (see the file comment). */
function buildTopology(
  cluster: string,
  top: {
    provider: Provider | undefined;
    module: Module | undefined;
    gatewayNamespace: string | undefined;
    dataPlane: { kind: 'DataPlane' | 'ClusterDataPlane' | undefined; name: string | undefined; namespace: string | undefined } | undefined;
    destination: string | undefined;
    controlPlaneApply: boolean;
    k3d: { clusterName: string | undefined } | undefined;
    environments: { name: string; namespace: string | undefined }[];
    classes: { name: string; serviceType: 'LoadBalancer' | 'NodePort' }[];
  },
  seeds: GatewaySeed[],
): GeneratedTopology {
  const provider = top.provider ?? 'generic';
  const specModule = top.module ?? 'kgateway';
  const namespace = top.gatewayNamespace ?? DEFAULT_GATEWAY_NAMESPACE;
  const classTypes = new Map(top.classes.map((c) => [c.name, c.serviceType]));
  const usedClasses = new Set<string>();
  const gatewayNames = new Set<string>();
  const slots = new Set<string>();
  /** k3d: ports of LoadBalancer gateways, which k3d binds on the host once. */
  const k3dPorts = new Set<number>();
  const gateways: Json[] = [];
  const expectedWarnings: string[] = [];

  for (const seed of seeds) {
    const owner = seed.owner % (top.environments.length + 1);
    const slot = `${owner}|${seed.direction}|${seed.networking}`;
    if (slots.has(slot)) continue; // gateway-slot: one gateway per (direction, networking) per data plane / environment
    slots.add(slot);
    const index = gateways.length;
    const name = unique(seed.name, gatewayNames, 63);
    const module = seed.module ?? specModule;
    const managed = seed.managed ?? true;
    const networking = seed.networking;
    const g: Json = { name, direction: seed.direction, networking, scope: owner === 0 ? 'dataplane' : 'environment' };
    if (owner > 0) g.environment = top.environments[owner - 1]!.name;
    if (seed.module !== undefined && (seed.explicitModule || seed.module !== specModule)) g.module = seed.module;
    if (seed.managed !== undefined) g.managed = seed.managed;
    // README "Gateway modules": only kgateway can leave WebSocket upgrades off; unmanaged gateways take no setting.
    if (managed && seed.websocket !== undefined && (seed.websocket || module === 'kgateway')) g.websocket = seed.websocket;

    // The Service: its effective type, what is written, and the annotations it may carry.
    let type: ServiceType | undefined;
    let explicitType: ServiceType | undefined;
    let gatewayClass = DEFAULT_CLASS[module];
    if (INSTALL_SERVICE.has(module)) {
      type = undefined; // module-unsupported: no per-gateway Service settings at all
    } else if (module === 'cilium' && managed) {
      // The type comes from the GatewayClass: the default class (LoadBalancer unless declared otherwise)
      // or a declared one; never ClusterIP.
      const options = ['cilium', ...top.classes.map((c) => c.name).filter((n) => n !== 'cilium')];
      gatewayClass = options[seed.classPick % options.length]!;
      const declared = classTypes.get(gatewayClass);
      type = declared ?? 'LoadBalancer';
      if (gatewayClass !== 'cilium' || seed.explicitClass) g.gatewayClassName = gatewayClass;
      // Without a declared type an internal gateway would default to ClusterIP: state LoadBalancer.
      if (seed.serviceType !== undefined || (declared === undefined && networking === 'internal')) explicitType = type;
    } else {
      if (module === 'cilium')
        gatewayClass = 'cilium'; // unmanaged: no gatewayClassName (it would have no effect)
      else if (managed && seed.gatewayClassName !== undefined) {
        gatewayClass = seed.gatewayClassName;
        g.gatewayClassName = gatewayClass;
      }
      const classType = module === 'cilium' ? classTypes.get(gatewayClass) : undefined;
      explicitType = seed.serviceType;
      type = explicitType ?? classType ?? (networking === 'external' ? 'LoadBalancer' : 'ClusterIP');
      if (networking === 'external' && type === 'ClusterIP') type = explicitType = 'LoadBalancer'; // external-clusterip
    }
    if (module === 'cilium') usedClasses.add(gatewayClass);

    let annotations = managed && !INSTALL_SERVICE.has(module) ? [...seed.annotations] : [];
    const labels = managed && !INSTALL_SERVICE.has(module) ? seed.labels.slice(0, INFRA_METADATA.has(module) ? INFRA_LIMIT - 1 : undefined) : [];
    if (provider === 'generic' && networking === 'internal' && type === 'LoadBalancer') {
      if (managed) {
        // internal-lb-private: a known private-load-balancer annotation.
        const [key, value] = PRIVATE_LB[seed.privatePick % PRIVATE_LB.length]!;
        annotations = [[key, caseOf(value, seed.privateValueCase)], ...annotations.filter(([k]) => k !== key)];
      } else {
        type = explicitType = seed.fallbackType; // an unmanaged gateway's annotations would only warn
      }
    }
    if (managed && INFRA_METADATA.has(module)) {
      // infrastructure-limits: preset and own annotations together hold at most 8 keys.
      const preset = type === 'LoadBalancer' ? PRESET_KEYS[provider][networking] : [];
      const keys = new Set(preset);
      annotations = annotations.filter(([k]) => {
        if (keys.has(k)) return true;
        if (keys.size >= INFRA_LIMIT) return false;
        keys.add(k);
        return true;
      });
    }
    if (explicitType !== undefined || annotations.length > 0 || labels.length > 0) {
      const service: Json = {};
      if (explicitType !== undefined) service.type = explicitType;
      if (annotations.length > 0) service.annotations = Object.fromEntries(annotations);
      if (labels.length > 0) service.labels = Object.fromEntries(labels);
      g.service = service;
    }
    if (managed && INSTALL_SERVICE.has(module) && PRESET_KEYS[provider][networking].length > 0) expectedWarnings.push(`preset-not-applied spec.gateways[${index}].name`);

    // Listeners: one per protocol, unique names, distinct ports (HTTPS and TLS may share one with
    // different hostnames), a host wherever there is no default, TLS settings per protocol.
    // An unmanaged envoy-gateway gateway has no EnvoyProxy of gwtopo's naming its Service.
    const service = module === 'envoy-gateway' && !managed ? undefined : serviceName(module, name, gatewayClass);
    const hostDefault = networking === 'internal' && type === 'ClusterIP' && service !== undefined;
    const listenerNames = new Set<string>();
    const ports = new Set<number>();
    const free = (port: number): number => {
      let p = port;
      while (ports.has(p) || (provider === 'k3d' && type === 'LoadBalancer' && k3dPorts.has(p))) p = (p % 65535) + 1;
      return p;
    };
    const listeners: Json[] = [];
    const byProtocol = new Map<Protocol, Json>();
    for (const l of seed.listeners) {
      const listener: Json = { protocol: l.protocol };
      // README "The topology file": a TLS listener that passes TLS through defaults to tls-passthrough.
      const defaultName = l.protocol === 'TLS' && !(managed && l.tlsShape === 3) ? 'tls-passthrough' : l.protocol.toLowerCase();
      const effectiveName = unique(l.name ?? defaultName, listenerNames, 253);
      if (l.name !== undefined || effectiveName !== defaultName) listener.name = effectiveName;
      let shared = managed && seed.sharePort && l.protocol === 'TLS' ? byProtocol.get('HTTPS') : undefined;
      if (shared?.host === undefined) shared = undefined;
      listener.port = shared !== undefined ? shared.port : free(l.port);
      if (!(hostDefault && l.omitHost && l.hostname === 'none')) listener.host = l.host;
      if (managed) {
        if (l.hostname === 'exact' || (l.hostname === 'wildcard' && !l.host.includes('.'))) listener.hostname = l.host;
        else if (l.hostname === 'wildcard') listener.hostname = `*.${l.host.slice(l.host.indexOf('.') + 1)}`;
        if (l.allowedRoutes !== undefined) listener.allowedRoutes = l.allowedRoutes;
        const refs = l.certificateRefs.map((c) => (c.namespaced ? { name: c.name, namespace } : { name: c.name }));
        if (l.protocol === 'HTTPS') listener.tls = { ...(l.explicitMode ? { mode: 'Terminate' } : {}), certificateRefs: refs };
        if (l.protocol === 'TLS') {
          if (l.tlsShape === 1) listener.tls = { mode: 'Passthrough' };
          else if (l.tlsShape === 2) listener.tls = {};
          else if (l.tlsShape === 3) listener.tls = { mode: 'Terminate', certificateRefs: refs };
        }
      }
      if (shared !== undefined) {
        // listener-port: both secure, both with a hostname, and the hostnames differ.
        const httpsHost = shared.host as string;
        const host = l.host !== httpsHost ? l.host : httpsHost.length <= 251 ? `t.${httpsHost}` : `${httpsHost[0] === 'a' ? 'b' : 'a'}${httpsHost.slice(1)}`;
        listener.host = host;
        listener.hostname = host;
        shared.hostname = httpsHost;
      }
      ports.add(listener.port as number);
      byProtocol.set(l.protocol, listener);
      listeners.push(listener);
    }
    if (provider === 'k3d' && type === 'LoadBalancer') for (const p of ports) k3dPorts.add(p);
    // README "advertised-port": a ClusterIP gateway is reached on its own port (warning); on k3d advertised
    // ports are host ports with rules of their own, kept out here.
    if (seed.advertise && provider !== 'k3d' && type !== 'ClusterIP' && listeners.every((l) => (l.port as number) + 20000 <= 65535)) {
      for (const l of listeners) l.advertisedPort = (l.port as number) + 20000;
    }
    g.listeners = listeners;
    gateways.push(g);
  }

  // README "Complete Environment overrides": without any data-plane gateway the data plane's slots are unknown,
  // so an Environment with one ingress gateway of its own is warned about (two cover both networkings).
  if (!gateways.some((g) => g.scope === 'dataplane')) {
    for (const env of top.environments) {
      const own = gateways.map((g, i) => [g, i] as const).filter(([g]) => g.environment === env.name && g.direction === 'ingress');
      if (own.length === 1) expectedWarnings.push(`environment-override spec.gateways[${own[0]![1]}].environment`);
    }
  }

  const spec: Json = {};
  if (top.provider !== undefined) spec.provider = top.provider;
  if (top.module !== undefined) spec.module = top.module;
  if (top.gatewayNamespace !== undefined) spec.gatewayNamespace = top.gatewayNamespace;
  if (top.dataPlane !== undefined) {
    const dp: Json = {};
    if (top.dataPlane.kind !== undefined) dp.kind = top.dataPlane.kind;
    if (top.dataPlane.name !== undefined) dp.name = top.dataPlane.name;
    if (top.dataPlane.namespace !== undefined && top.dataPlane.kind !== 'ClusterDataPlane') dp.namespace = top.dataPlane.namespace;
    spec.dataPlane = dp;
  }
  if (top.destination !== undefined) spec.destination = top.destination;
  if (top.controlPlaneApply) spec.controlPlane = { mode: 'apply' };
  if (provider === 'k3d' && top.k3d !== undefined) spec.k3d = top.k3d.clusterName === undefined ? {} : { clusterName: top.k3d.clusterName };
  // gateway-classes: declared classes are used by a cilium gateway (else a warning).
  const classes = top.classes.filter((c) => usedClasses.has(c.name));
  if (classes.length > 0) spec.gatewayClasses = classes;
  if (top.environments.length > 0) spec.environments = top.environments.map((e) => (e.namespace === undefined ? { name: e.name } : { name: e.name, namespace: e.namespace }));
  spec.gateways = gateways;
  // Plain data (fast-check's records may have a null prototype).
  const doc = JSON.parse(JSON.stringify({ apiVersion: 'gwtopo/v1alpha1', kind: 'GatewayTopology', metadata: { name: cluster }, spec })) as Json;
  return { cluster, doc, expectedWarnings };
}

/** A valid topology of the cluster `cluster`. */
export function validTopology(cluster: fc.Arbitrary<string>, opts: TopologyOptions = {}): fc.Arbitrary<GeneratedTopology> {
  const fileName = dnsSubdomain(opts.longNames === true ? FILE_NAME_MAX : FILE_NAME_SAFE);
  const top = fc.record({
    provider: fc.option(fc.constantFrom(...PROVIDERS), { nil: undefined, freq: 4 }),
    module: fc.option(fc.constantFrom(...MODULES), { nil: undefined, freq: 3 }),
    gatewayNamespace: fc.option(dnsLabel(), { nil: undefined }),
    dataPlane: fc.option(
      fc.record({
        kind: fc.constantFrom('DataPlane', 'ClusterDataPlane', undefined),
        name: fc.option(fileName, { nil: undefined }),
        namespace: fc.option(dnsLabel(), { nil: undefined }),
      }),
      { nil: undefined },
    ),
    destination: fc.option(fc.oneof(fc.constant('in-cluster'), dnsSubdomain()), { nil: undefined, freq: 4 }),
    controlPlaneApply: fc.boolean(),
    k3d: fc.option(fc.record({ clusterName: fc.option(dnsLabel(), { nil: undefined }) }), { nil: undefined }),
    environments: fc.uniqueArray(fc.record({ name: fileName, namespace: fc.option(dnsLabel(), { nil: undefined }) }), { maxLength: 4, selector: (e) => e.name }),
    classes: fc.uniqueArray(
      fc.record({ name: fc.oneof(fc.constantFrom('cilium', 'cilium-nodeport', 'lb.cilium.example'), dnsSubdomain(40)), serviceType: fc.constantFrom('LoadBalancer', 'NodePort') }),
      {
        maxLength: 3,
        selector: (c) => c.name,
      },
    ),
  });
  return fc.tuple(cluster, top, fc.array(gatewaySeed(opts), { maxLength: 8 })).map(([name, t, seeds]) => buildTopology(name, t, seeds));
}

/**
 * What a topology claims on the shared control plane and in its GitOps destination (TOPOLOGY.md §8),
 * computed from the document independently of gwtopo: the DataPlane/ClusterDataPlane it writes when a
 * data-plane gateway registers there, every Environment a gateway is dedicated to, every managed Gateway.
 */
export function claims(t: GeneratedTopology): string[] {
  const spec = t.doc.spec as Json;
  const gateways = (spec.gateways as Json[] | undefined) ?? [];
  const dp = (spec.dataPlane as Json | undefined) ?? {};
  const kind = (dp.kind as string | undefined) ?? 'DataPlane';
  const out: string[] = [];
  if (gateways.some((g) => g.scope === 'dataplane'))
    out.push(`${kind}|${kind === 'DataPlane' ? ((dp.namespace as string | undefined) ?? 'default') : ''}|${(dp.name as string | undefined) ?? 'default'}`);
  for (const e of (spec.environments as Json[] | undefined) ?? []) {
    if (gateways.some((g) => g.scope === 'environment' && g.environment === e.name)) out.push(`Environment|${(e.namespace as string | undefined) ?? 'default'}|${e.name as string}`);
  }
  const destination = (spec.destination as string | undefined) ?? t.cluster;
  for (const g of gateways) if (g.managed !== false) out.push(`Gateway|${destination}|${(spec.gatewayNamespace as string | undefined) ?? 'openchoreo-data-plane'}|${g.name as string}`);
  return out;
}

/** True when no two topologies claim the same object (one control plane, one object per destination). */
export function conflictFree(topologies: readonly GeneratedTopology[]): boolean {
  const seen = new Set<string>();
  for (const t of topologies) {
    for (const c of claims(t)) {
      if (seen.has(c)) return false;
      seen.add(c);
    }
  }
  return true;
}

/**
 * A repository of one or two valid topologies, sometimes with a Flux gwtopo.yaml. Each cluster registers
 * a data plane of its own (a second cluster whose data plane would clash is named after itself), and
 * repositories whose clusters still share an object are left out, as gwtopo refuses them.
 */
export function validRepo(opts: TopologyOptions = {}): fc.Arbitrary<GeneratedRepo> {
  return fc
    .tuple(fc.uniqueArray(dnsLabel(), { minLength: 1, maxLength: 2 }), repositoryConfig(opts))
    .chain(([names, config]) => fc.tuple(...names.map((n) => validTopology(fc.constant(n), opts))).map((topologies) => (config === undefined ? { topologies } : { topologies, config })))
    .map((repo) => ({ ...repo, topologies: repo.topologies.map((t, i) => (i === 0 || conflictFree([repo.topologies[0]!, t]) ? t : ownDataPlane(t))) }))
    .filter((repo) => conflictFree(repo.topologies));
}

/** The topology registered as a data plane named after its cluster. */
function ownDataPlane(t: GeneratedTopology): GeneratedTopology {
  const spec = t.doc.spec as Json;
  return { ...t, doc: { ...t.doc, spec: { ...spec, dataPlane: { ...((spec.dataPlane as Json | undefined) ?? {}), name: t.cluster } } } };
}

// ---------------------------------------------------------------------------------------------------
// YAML text in varied styles

export interface Style {
  indent: number;
  indentSeq: boolean;
  collectionStyle: 'any' | 'block' | 'flow';
  defaultStringType: 'PLAIN' | 'QUOTE_DOUBLE' | 'QUOTE_SINGLE' | 'BLOCK_LITERAL' | 'BLOCK_FOLDED';
  defaultKeyType: 'PLAIN' | 'QUOTE_DOUBLE' | 'QUOTE_SINGLE' | null;
  lineWidth: number;
  doubleQuotedAsJSON: boolean;
  flowCollectionPadding: boolean;
  directives: boolean;
  schemaComment: boolean;
  endMarker: boolean;
  crlf: boolean;
  bom: boolean;
}

export const styleArb: fc.Arbitrary<Style> = fc.record({
  indent: fc.integer({ min: 1, max: 8 }),
  indentSeq: fc.boolean(),
  collectionStyle: fc.constantFrom('any', 'any', 'block', 'flow'),
  defaultStringType: fc.constantFrom('PLAIN', 'PLAIN', 'QUOTE_DOUBLE', 'QUOTE_SINGLE', 'BLOCK_LITERAL', 'BLOCK_FOLDED'),
  defaultKeyType: fc.constantFrom(null, null, 'PLAIN', 'QUOTE_DOUBLE', 'QUOTE_SINGLE'),
  lineWidth: fc.constantFrom(0, 20, 80),
  doubleQuotedAsJSON: fc.boolean(),
  flowCollectionPadding: fc.boolean(),
  directives: fc.boolean(),
  schemaComment: fc.boolean(),
  endMarker: fc.boolean(),
  crlf: fc.boolean(),
  bom: fc.boolean(),
});

export const PLAIN_STYLE: Style = {
  indent: 2,
  indentSeq: true,
  collectionStyle: 'any',
  defaultStringType: 'PLAIN',
  defaultKeyType: null,
  lineWidth: 80,
  doubleQuotedAsJSON: false,
  flowCollectionPadding: true,
  directives: false,
  schemaComment: false,
  endMarker: false,
  crlf: false,
  bom: false,
};

function render(doc: unknown, style: Style): string {
  const options: ToStringOptions = {
    indent: style.indent,
    indentSeq: style.indentSeq,
    collectionStyle: style.collectionStyle,
    defaultStringType: style.defaultStringType,
    defaultKeyType: style.defaultKeyType,
    lineWidth: style.lineWidth,
    minContentWidth: style.lineWidth === 0 ? 0 : 10,
    doubleQuotedAsJSON: style.doubleQuotedAsJSON,
    flowCollectionPadding: style.flowCollectionPadding,
    directives: style.directives,
  };
  const document = new Document(doc);
  // yaml's block style writes an empty collection on its own line (`key:\n  []`), which does not parse
  // back as the value of `key`: empty collections stay in flow style.
  visit(document, (_, node) => {
    if (isCollection(node) && node.items.length === 0) node.flow = true;
  });
  let text = document.toString(options);
  if (style.schemaComment) text = `# yaml-language-server: $schema=../../schemas/topology.schema.json\n${style.directives ? '' : '---\n'}${text}`;
  if (style.endMarker) text = `${text}...\n`;
  if (style.crlf) text = text.replace(/\n/g, '\r\n');
  if (style.bom) text = `\ufeff${text}`;
  return text;
}

function roundTrips(text: string, doc: unknown): boolean {
  // Through UTF-8, as the file is written: folding can split a surrogate pair, which UTF-8 cannot hold.
  const docs = parseAllDocuments(Buffer.from(text, 'utf8').toString('utf8'), { version: '1.2' });
  return docs.length === 1 && docs[0]!.errors.length === 0 && isDeepStrictEqual(docs[0]!.toJS(), doc);
}

/**
 * The YAML text of a document in a style (the `yaml` package's stringify). The package's block-scalar and
 * folding styles do not always read back to the same strings (e.g. a folded value starting with `#`): such
 * a text falls back to plain scalars in the same layout, then to the plain style.
 */
export function toYamlText(doc: unknown, style: Style): string {
  for (const candidate of [style, { ...style, defaultStringType: 'PLAIN' as const, lineWidth: 0 }, { ...PLAIN_STYLE, crlf: style.crlf, bom: style.bom }]) {
    const text = render(doc, candidate);
    if (roundTrips(text, doc)) return text;
  }
  return render(doc, PLAIN_STYLE);
}

// ---------------------------------------------------------------------------------------------------
// Shuffling (order carries no meaning for gateways, environments, listeners and map keys)

// ---------------------------------------------------------------------------------------------------
// Mutated YAML

/** Replacement values for `key: value` lines: every scalar type, collections, and YAML oddities. */
export const VALUE_SWAPS = [
  '0',
  '-1',
  '80',
  '"80"',
  '80.0',
  '1.5',
  '-0',
  '1e400',
  '-1e400',
  '99999999999999999999',
  '0x50',
  '0o120',
  '1_000',
  '.nan',
  '.inf',
  '-.inf',
  'true',
  'false',
  'yes',
  'No',
  'on',
  'null',
  '~',
  '',
  '""',
  "''",
  '[]',
  '{}',
  '[1, 2]',
  '[[]]',
  '{a: b}',
  '[{name: x}]',
  '{protocol: HTTP, port: 80}',
  '!!str 80',
  '!!int "80"',
  '!!float 1',
  '!!bool yes',
  '!!null x',
  '!!binary aGk=',
  '!!set {a, b}',
  '!!omap [a: 1]',
  '!custom x',
  '!<tag:example.com,2000:x> y',
  '&a x',
  '*a',
  '*undefined',
  '&a [*a]',
  '|\n  block\n  text',
  '>-\n  folded',
  '"\\u202Eevil"',
  '"🎉"',
  '"\\0"',
  '"\\x85"',
  '"\\u2028"',
  '"\\uD800"',
  "'unterminated",
  '"unterminated',
  '2001-12-14',
  '2001-12-14t21:59:43.10-05:00',
  '12:30:00',
  '? [a]',
  '<<: {a: b}',
  '{a: 1, a: 2}',
  '[a, b',
  '{a',
  '- x',
  ': x',
  '#comment',
  '%',
  '@',
  '`',
] as const;

/** Text to insert anywhere. */
export const INSERTIONS = [
  '\u202e',
  '\u200f',
  '🎉',
  '\u0000',
  '\u2028',
  '\u2029',
  '\u0085',
  '\ufeff',
  '\t',
  '\r',
  '\r\n',
  '\\',
  '"',
  "'",
  '#',
  ':',
  ': ',
  '- ',
  '? ',
  '&anchor ',
  '*anchor',
  '!tag ',
  '!!map ',
  '---\n',
  '...\n',
  '%YAML 1.1\n---\n',
  '%YAML 2.0\n',
  '%TAG ! tag:example.com,2000:\n---\n',
  '<<: *a\n',
  '{',
  '}',
  '[',
  ']',
  ',',
  '|',
  '>',
  '\u00a0',
  '\u3000',
  'é',
  'e\u0301',
] as const;

/** Byte sequences: invalid UTF-8, overlong forms, surrogates, and other encodings' marks. */
export const BYTES: readonly number[][] = [
  [0xff],
  [0xfe],
  [0xc3, 0x28],
  [0xa0, 0xa1],
  [0xe2, 0x28, 0xa1],
  [0xf0, 0x28, 0x8c, 0xbc],
  [0xc0, 0xaf],
  [0xe0, 0x80, 0xaf],
  [0xed, 0xa0, 0x80],
  [0xf4, 0x90, 0x80, 0x80],
  [0x00],
  [0x00, 0x00],
  [0x1b, 0x5b, 0x33, 0x31, 0x6d],
  [0x7f],
  [0xc2, 0x85],
  [0xe2, 0x80, 0xa8],
  [0xef, 0xbb, 0xbf],
  [0xef, 0xbf, 0xbe],
  [0x80],
  [0xbf],
];

export const BOMS: readonly number[][] = [
  [0xef, 0xbb, 0xbf],
  [0xff, 0xfe],
  [0xfe, 0xff],
  [0x00, 0x00, 0xfe, 0xff],
  [0xff, 0xfe, 0x00, 0x00],
  [0xef, 0xbb, 0xbf, 0xef, 0xbb, 0xbf],
  [0x2b, 0x2f, 0x76, 0x38],
];

export type Mutation =
  | { kind: 'delete-line' | 'duplicate-line' | 'truncate'; at: number }
  | { kind: 'swap-lines'; at: number; other: number }
  | { kind: 'indent'; at: number; delta: number; tab: boolean }
  | { kind: 'swap-value'; at: number; value: string }
  | { kind: 'insert'; at: number; text: string }
  | { kind: 'bytes'; at: number; bytes: number[] }
  | { kind: 'deep'; at: number; depth: number; flavor: 'seq' | 'map' | 'block-map' | 'block-seq' | 'mixed'; closed: boolean }
  | { kind: 'long'; at: number; length: number; flavor: 'plain' | 'quoted' | 'key' | 'unicode' }
  | { kind: 'bom'; bytes: number[] }
  | { kind: 'line-ends'; ending: '\r\n' | '\r' }
  | { kind: 'documents'; copy: boolean }
  | { kind: 'aliases'; at: number; fanout: number; levels: number }
  | { kind: 'rename-key'; at: number; edit: number };

export interface MutationOptions {
  /**
   * Longest string a `long` mutation writes, and (divided by 200) the most levels of a deep block map, whose
   * text grows with the square of its depth: a long string that lands in an enum field meets the slow
   * did-you-mean suggestions (bug-did-you-mean-quadratic).
   */
  maxLong: number;
  /**
   * Deepest flow nesting a `deep` mutation writes: an unclosed one leaves a syntax error per token, and
   * each costs the yaml parser an Error object (bug-many-syntax-errors-slow).
   */
  maxDepth: number;
}

export function mutationArb(opts: MutationOptions): fc.Arbitrary<Mutation> {
  const at = fc.nat();
  return fc.oneof(
    fc.record({ kind: fc.constantFrom('delete-line', 'duplicate-line', 'truncate'), at }),
    fc.record({ kind: fc.constant('swap-lines'), at, other: fc.nat() }),
    fc.record({ kind: fc.constant('indent'), at, delta: fc.integer({ min: -6, max: 6 }), tab: fc.boolean() }),
    { weight: 4, arbitrary: fc.record({ kind: fc.constant('swap-value'), at, value: fc.constantFrom(...VALUE_SWAPS) }) },
    { weight: 2, arbitrary: fc.record({ kind: fc.constant('insert'), at, text: fc.oneof(fc.constantFrom(...INSERTIONS), fc.string({ unit: 'binary', maxLength: 8 })) }) },
    fc.record({ kind: fc.constant('bytes'), at, bytes: fc.oneof(fc.constantFrom(...BYTES), fc.array(fc.integer({ min: 0, max: 255 }), { minLength: 1, maxLength: 8 })) }),
    fc.record({ kind: fc.constant('deep'), at, depth: fc.constantFrom(10, 100, 1000, opts.maxDepth), flavor: fc.constantFrom('seq', 'map', 'block-map', 'block-seq', 'mixed'), closed: fc.boolean() }),
    fc.record({ kind: fc.constant('long'), at, length: fc.constantFrom(300, 5000, opts.maxLong), flavor: fc.constantFrom('plain', 'quoted', 'key', 'unicode') }),
    fc.record({ kind: fc.constant('bom'), bytes: fc.constantFrom(...BOMS) }),
    fc.record({ kind: fc.constant('line-ends'), ending: fc.constantFrom('\r\n', '\r') }),
    fc.record({ kind: fc.constant('documents'), copy: fc.boolean() }),
    fc.record({ kind: fc.constant('aliases'), at, fanout: fc.integer({ min: 2, max: 10 }), levels: fc.integer({ min: 1, max: 9 }) }),
    fc.record({ kind: fc.constant('rename-key'), at, edit: fc.nat() }),
  );
}

const NL = 0x0a;
const utf8 = (s: string): Buffer => Buffer.from(s, 'utf8');

function lines(buf: Buffer): Buffer[] {
  const out: Buffer[] = [];
  let start = 0;
  for (let i = 0; i < buf.length; i++) {
    if (buf[i] === NL) {
      out.push(buf.subarray(start, i));
      start = i + 1;
    }
  }
  out.push(buf.subarray(start));
  return out;
}

function joinLines(parts: Buffer[]): Buffer {
  const out: Buffer[] = [];
  parts.forEach((p, i) => {
    if (i > 0) out.push(Buffer.from([NL]));
    out.push(p);
  });
  return Buffer.concat(out);
}

function nested(depth: number, flavor: 'seq' | 'map' | 'block-map' | 'block-seq' | 'mixed', closed: boolean, indent: number, maxBlockLevels: number): string {
  switch (flavor) {
    case 'seq':
      return `${'['.repeat(depth)}1${closed ? ']'.repeat(depth) : ''}`;
    case 'map':
      return `${'{a: '.repeat(depth)}1${closed ? '}'.repeat(depth) : ''}`;
    case 'mixed':
      return `${'[{a: '.repeat(depth)}1${closed ? '}]'.repeat(depth) : ''}`;
    case 'block-map': {
      // Every level one space deeper, so the text grows with the square of the depth: bounded.
      const levels = Math.min(depth, maxBlockLevels);
      return `\n${Array.from({ length: levels }, (_, i) => `${' '.repeat(indent + i + 1)}a:`).join('\n')} 1`;
    }
    case 'block-seq':
      return `\n${' '.repeat(indent + 1)}${'- '.repeat(depth)}x`;
  }
}

function longString(length: number, flavor: 'plain' | 'quoted' | 'key' | 'unicode'): string {
  switch (flavor) {
    case 'plain':
      return 'x'.repeat(length);
    case 'quoted':
      return `"${'a\\"b '.repeat(Math.ceil(length / 5)).slice(0, length)}"`;
    case 'unicode':
      return `"${'🎉\u202eé'.repeat(Math.ceil(length / 4))}"`;
    case 'key':
      return `${'k'.repeat(length)}: v`;
  }
}

/** Applies one mutation to the bytes of a YAML file. */
export function mutate(input: Buffer, m: Mutation, opts: MutationOptions = { maxLong: 40_000, maxDepth: 2_000 }): Buffer {
  const ls = lines(input);
  const pick = (n: number): number => n % ls.length;
  switch (m.kind) {
    case 'delete-line':
      ls.splice(pick(m.at), 1);
      return joinLines(ls);
    case 'duplicate-line': {
      const i = pick(m.at);
      ls.splice(i, 0, ls[i]!);
      return joinLines(ls);
    }
    case 'truncate':
      return input.subarray(0, m.at % (input.length + 1));
    case 'swap-lines': {
      const i = pick(m.at);
      const j = pick(m.other);
      [ls[i], ls[j]] = [ls[j]!, ls[i]!];
      return joinLines(ls);
    }
    case 'indent': {
      const i = pick(m.at);
      const line = ls[i]!;
      if (m.tab) ls[i] = Buffer.concat([Buffer.from('\t'), line]);
      else if (m.delta >= 0) ls[i] = Buffer.concat([Buffer.from(' '.repeat(m.delta)), line]);
      else {
        let k = 0;
        while (k < -m.delta && line[k] === 0x20) k++;
        ls[i] = line.subarray(k);
      }
      return joinLines(ls);
    }
    case 'swap-value': {
      // The first line at or after `at` (cyclically) holding `key: value`; without one, the value is appended.
      for (let k = 0; k < ls.length; k++) {
        const i = (m.at + k) % ls.length;
        const text = ls[i]!.toString('latin1');
        const colon = text.search(/:( |$)/);
        if (colon > 0) {
          const indent = /^ */.exec(text)![0].length;
          ls[i] = Buffer.concat([ls[i]!.subarray(0, colon + 1), utf8(` ${m.value.replace(/\n/g, `\n${' '.repeat(indent + 2)}`)}`)]);
          return joinLines(ls);
        }
      }
      return Buffer.concat([input, utf8(`\n${m.value}\n`)]);
    }
    case 'insert': {
      const at = m.at % (input.length + 1);
      return Buffer.concat([input.subarray(0, at), utf8(m.text), input.subarray(at)]);
    }
    case 'bytes': {
      const at = m.at % (input.length + 1);
      return Buffer.concat([input.subarray(0, at), Buffer.from(m.bytes), input.subarray(at)]);
    }
    case 'deep':
    case 'long': {
      const i = pick(m.at);
      const text = ls[i]!.toString('latin1');
      const colon = text.search(/:( |$)/);
      const indent = /^ */.exec(text)![0].length;
      const value = m.kind === 'deep' ? nested(m.depth, m.flavor, m.closed, indent, Math.max(10, Math.floor(opts.maxLong / 200))) : longString(m.length, m.flavor);
      if (m.kind === 'long' && m.flavor === 'key') ls.splice(i, 0, utf8(`${' '.repeat(indent)}${value}`));
      else if (colon > 0) ls[i] = Buffer.concat([ls[i]!.subarray(0, colon + 1), utf8(` ${value}`)]);
      else ls[i] = Buffer.concat([ls[i]!, utf8(value)]);
      return joinLines(ls);
    }
    case 'bom':
      return Buffer.concat([Buffer.from(m.bytes), input]);
    case 'line-ends':
      return Buffer.from(input.toString('latin1').replace(/\n/g, m.ending), 'latin1');
    case 'documents':
      return Buffer.concat([input, utf8(input.length > 0 && input[input.length - 1] !== NL ? '\n---\n' : '---\n'), m.copy ? input : utf8('spec: {}\n')]);
    case 'aliases': {
      // A "billion laughs" ladder: each level lists the previous one `fanout` times; the last is used as a value.
      const ladder = [`a0: &a0 [lol]`];
      for (let l = 1; l <= m.levels; l++) ladder.push(`a${l}: &a${l} [${Array.from({ length: m.fanout }, () => `*a${l - 1}`).join(', ')}]`);
      const i = pick(m.at);
      const text = ls[i]!.toString('latin1');
      const colon = text.search(/:( |$)/);
      if (colon > 0) ls[i] = Buffer.concat([ls[i]!.subarray(0, colon + 1), utf8(` *a${m.levels}`)]);
      return Buffer.concat([utf8(`${ladder.join('\n')}\n`), joinLines(ls)]);
    }
    case 'rename-key': {
      for (let k = 0; k < ls.length; k++) {
        const i = (m.at + k) % ls.length;
        const text = ls[i]!.toString('latin1');
        const match = /^( *(?:- )?)([A-Za-z]+):/.exec(text);
        if (match === null) continue;
        const key = match[2]!;
        const p = m.edit % key.length;
        const edits = [
          key.slice(0, p) + key.slice(p + 1), // deletion
          key.slice(0, p) + key[p]!.toUpperCase() + key.slice(p + 1), // case
          key.slice(0, p) + (key[p + 1] ?? '') + key[p]! + key.slice(p + 2), // transposition
          `${key}s`, // insertion
        ];
        const renamed = edits[m.edit % edits.length]!;
        ls[i] = Buffer.concat([utf8(`${match[1]}${renamed}`), ls[i]!.subarray(match[1]!.length + key.length)]);
        return joinLines(ls);
      }
      return input;
    }
  }
}

/** Mutated YAML: a seed text with 1 to 4 mutations applied in turn. */
export function mutatedYaml(seeds: fc.Arbitrary<string>, opts: MutationOptions): fc.Arbitrary<{ seed: string; mutations: Mutation[]; bytes: Buffer }> {
  return fc.tuple(seeds, fc.array(mutationArb(opts), { minLength: 1, maxLength: 4 })).map(([seed, mutations]) => ({
    seed,
    mutations,
    bytes: mutations.reduce((buf, m) => mutate(buf, m, opts), utf8(seed)),
  }));
}
