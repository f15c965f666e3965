// Synthesizes a GitOps repository of N deterministic, VALID topologies (topologies/<cluster>/topology.yaml)
// for the benchmark. No randomness: every choice comes from a PRNG seeded with a fixed constant and the
// cluster index, so the same (N, G) always yields byte-identical input.
//
// Validity is by construction (TOPOLOGY.md §2): each gateway takes its own (owner, direction, networking)
// slot, hosts are given except for internal ClusterIP gateways, internal LoadBalancers on provider generic
// carry a private-LB annotation, k3d LoadBalancer gateways never share a port, HTTPS listeners always
// have certificateRefs, certificate namespaces equal the gateway namespace and hostname filters match the
// host (so there are no warnings either). The bench still asserts exit code 0 on every run.
//
// The synthesizer also predicts the files gwtopo must write per the contract (§3): one Gateway per
// managed gateway, a GatewayParameters when its Service differs from kgateway's default (LoadBalancer,
// no annotations, no labels; provider presets count), one ListenerPolicy per managed gateway (kgateway enables
// WebSocket upgrades through it), one control-plane partial per DataPlane /
// ClusterDataPlane / Environment that a gateway registers on, and one kustomization.yaml per folder.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { prng } from '../test/random.js';

const PROVIDERS = ['aws', 'aws-lbc', 'gcp', 'azure', 'k3d', 'generic', 'oci', 'digitalocean', 'ibm', 'alibaba', 'openstack'] as const;
type Provider = (typeof PROVIDERS)[number];

type Direction = 'ingress' | 'egress';
type Networking = 'external' | 'internal';
type ServiceType = 'ClusterIP' | 'LoadBalancer' | 'NodePort';

/** Providers whose preset adds annotations to an internal / external LoadBalancer (TOPOLOGY.md §6). */
const PRESET_INTERNAL: ReadonlySet<Provider> = new Set(['aws', 'aws-lbc', 'gcp', 'azure', 'oci', 'digitalocean', 'ibm', 'alibaba', 'openstack']);
const PRESET_EXTERNAL: ReadonlySet<Provider> = new Set(['aws-lbc']);

/** Private-LB annotations accepted on provider generic (rotated). */
const GENERIC_PRIVATE: ReadonlyArray<readonly [string, string]> = [
  ['service.beta.kubernetes.io/aws-load-balancer-internal', 'true'],
  ['networking.gke.io/load-balancer-type', 'Internal'],
  ['service.beta.kubernetes.io/azure-load-balancer-internal', 'true'],
  ['service.kubernetes.io/qcloud-loadbalancer-internal-subnetid', 'subnet-0a1b2c3d'],
];

const ENV_NAMES = ['development', 'staging', 'production', 'qa', 'perf', 'sandbox', 'preview', 'uat', 'canary', 'dr'];
const PAIRS: ReadonlyArray<readonly [Direction, Networking]> = [
  ['ingress', 'external'],
  ['ingress', 'internal'],
  ['egress', 'internal'],
  ['egress', 'external'],
];

const SEED = 0x6777_7470; // "gwtp"

// ---------------------------------------------------------------------------------------------------
// A minimal block-style YAML emitter for the shapes used here (maps, lists, strings, numbers, booleans).

type Yaml = string | number | boolean | YamlMap | Yaml[];
interface YamlMap {
  [key: string]: Yaml | undefined;
}

const PLAIN = /^[A-Za-z][A-Za-z0-9._/-]*$/;
const RESERVED = /^(true|false|yes|no|on|off|y|n|null|~)$/i;

function scalar(v: string | number | boolean): string {
  if (typeof v !== 'string') return String(v);
  return PLAIN.test(v) && !RESERVED.test(v) ? v : JSON.stringify(v);
}

function isScalar(v: Yaml): v is string | number | boolean {
  return typeof v !== 'object';
}

function emitMap(obj: YamlMap, ind: string, out: string[], lead?: string): void {
  let prefix = lead;
  for (const [k, v] of Object.entries(obj)) {
    if (v === undefined || k === '#') continue;
    const p = prefix ?? ind;
    prefix = undefined;
    if (isScalar(v)) out.push(`${p}${k}: ${scalar(v)}`);
    else if (Array.isArray(v)) {
      if (v.length === 0) out.push(`${p}${k}: []`);
      else {
        out.push(`${p}${k}:`);
        emitList(v, `${ind}  `, out);
      }
    } else if (Object.values(v).every((x) => x === undefined)) out.push(`${p}${k}: {}`);
    else {
      out.push(`${p}${k}:`);
      emitMap(v, `${ind}  `, out);
    }
  }
}

function emitList(items: Yaml[], ind: string, out: string[]): void {
  for (const item of items) {
    if (isScalar(item)) out.push(`${ind}- ${scalar(item)}`);
    else if (Array.isArray(item)) throw new Error('nested lists are not used');
    else {
      const comment = item['#'];
      if (typeof comment === 'string') out.push(`${ind}# ${comment}`);
      emitMap(item, `${ind}  `, out, `${ind}- `);
    }
  }
}

// ---------------------------------------------------------------------------------------------------

interface ClusterExpectation {
  /** Files in overlays/<cluster>/data-plane/ (kustomization.yaml included). */
  dataPlaneFiles: number;
  /** Files in overlays/<cluster>/control-plane/ (kustomization.yaml included). */
  controlPlaneFiles: number;
}

interface SynthCluster extends ClusterExpectation {
  name: string;
  provider: Provider;
  text: string;
}

interface Mix {
  gateways: number;
  managed: number;
  unmanaged: number;
  dataplaneScoped: number;
  environmentScoped: number;
  externalLoadBalancer: number;
  externalNodePort: number;
  internalClusterIP: number;
  internalLoadBalancer: number;
  internalNodePort: number;
  egress: number;
  listeners: number;
  https: number;
  tlsPassthrough: number;
  hostDefaulted: number;
  gatewayParameters: number;
  controlPlanePartials: number;
  environments: number;
}

export interface SynthSummary {
  clusters: number;
  gatewaysPerCluster: number;
  topologyBytes: number;
  byProvider: Record<string, number>;
  mix: Mix;
  expectedFiles: number;
  expectedDataPlaneResources: number;
  /** Cluster names, sorted (the order gwtopo renders them in). */
  names: string[];
  /** Expected data-plane resources per cluster, by name. */
  dataPlaneResources: Map<string, number>;
}

function emptyMix(): Mix {
  return {
    gateways: 0,
    managed: 0,
    unmanaged: 0,
    dataplaneScoped: 0,
    environmentScoped: 0,
    externalLoadBalancer: 0,
    externalNodePort: 0,
    internalClusterIP: 0,
    internalLoadBalancer: 0,
    internalNodePort: 0,
    egress: 0,
    listeners: 0,
    https: 0,
    tlsPassthrough: 0,
    hostDefaulted: 0,
    gatewayParameters: 0,
    controlPlanePartials: 0,
    environments: 0,
  };
}

/** One cluster's topology text and the files gwtopo must render for it. */
function synthCluster(index: number, gatewayCount: number, mix: Mix = emptyMix()): SynthCluster {
  const rnd = prng(SEED ^ Math.imul(index + 1, 0x9e3779b1));
  const pick = <T>(items: readonly T[]): T => items[Math.floor(rnd() * items.length)]!;
  const chance = (p: number): boolean => rnd() < p;

  const provider = PROVIDERS[index % PROVIDERS.length]!;
  const name = `c${String(index).padStart(5, '0')}-${provider}`;
  const gatewayNamespace = chance(0.25) ? 'gateways' : undefined;
  const ns = gatewayNamespace ?? 'openchoreo-data-plane';
  const domain = `${name}.example.com`;

  // Slots: some data-plane slots, the rest spread over environments (one gateway per slot).
  const dpSlots = Math.min(gatewayCount, 2 + Math.floor(rnd() * 3)); // 2..4
  const envSlots = gatewayCount - dpSlots;
  const envCount = Math.max(1 + Math.floor(rnd() * 3), Math.ceil(envSlots / 4));
  const environments = Array.from({ length: envCount }, (_, i) => ENV_NAMES[i] ?? `env-${i}`);
  const rotation = index % 4;
  const slots: { owner: string | undefined; direction: Direction; networking: Networking }[] = [];
  for (let i = 0; i < dpSlots; i++) slots.push({ owner: undefined, direction: PAIRS[i]![0], networking: PAIRS[i]![1] });
  for (let k = 0; k < envSlots; k++) {
    const pair = PAIRS[(Math.floor(k / envCount) + rotation) % 4]!;
    slots.push({ owner: environments[k % envCount]!, direction: pair[0], networking: pair[1] });
  }

  // One control plane registers the whole fleet: every cluster is a data plane of its own (the first one
  // may keep the defaults, DataPlane default/default), and its environments live in a namespace of its own.
  const dataPlaneVariant = Math.floor(rnd() * 3);
  const dataPlane: YamlMap | undefined =
    dataPlaneVariant === 0
      ? index === 0
        ? undefined
        : { name }
      : dataPlaneVariant === 1
        ? { kind: 'ClusterDataPlane', name: `dp-${name}` }
        : { kind: 'DataPlane', name, namespace: `org-${index % 5}` };

  const registeredOn = new Set<string>();
  let dataPlaneResources = 0;
  const gateways: YamlMap[] = slots.map((slot, i) => {
    const { owner, direction, networking } = slot;
    const gwName =
      owner === undefined
        ? i === 0 && direction === 'ingress' && networking === 'external' && ((index % 4 === 0 && gatewayCount >= 2) || gatewayNamespace !== undefined)
          ? 'gateway-default'
          : `gateway-${direction}-${networking}`
        : `${owner}-${direction}-${networking}`;
    registeredOn.add(owner ?? '');
    // Helm's gateway-default on every 4th cluster: registered only.
    const managed = !(gwName === 'gateway-default' && index % 4 === 0 && gatewayCount >= 2);
    const type: ServiceType = !managed
      ? 'LoadBalancer'
      : networking === 'external'
        ? chance(0.15)
          ? 'NodePort'
          : 'LoadBalancer'
        : pick<ServiceType>(['ClusterIP', 'ClusterIP', 'ClusterIP', 'LoadBalancer', 'LoadBalancer', 'NodePort']);
    const explicitType = managed && (type === 'NodePort' || (networking === 'internal' && type === 'LoadBalancer') || chance(0.2));
    const annotations: Record<string, string> = {};
    const labels: Record<string, string> = {};
    if (managed) {
      if (networking === 'internal' && type === 'LoadBalancer' && provider === 'generic') {
        const [k, v] = GENERIC_PRIVATE[index % GENERIC_PRIVATE.length]!;
        annotations[k] = v;
      }
      if (type === 'LoadBalancer' && chance(0.3)) annotations['external-dns.alpha.kubernetes.io/hostname'] = `${gwName}.${domain}`;
      if (provider === 'aws' && networking === 'external' && type === 'LoadBalancer' && chance(0.5)) {
        annotations['service.beta.kubernetes.io/aws-load-balancer-cross-zone-load-balancing-enabled'] = 'true';
      }
      if (chance(0.3)) labels.gateway = networking;
      if (chance(0.2)) labels.team = `team-${index % 7}`;
    }
    const hostDefaulted = managed && networking === 'internal' && type === 'ClusterIP' && chance(0.7);
    const host = hostDefaulted ? undefined : networking === 'external' ? `${gwName}.${domain}` : `${gwName}.${name}.internal.example`;

    // Ports: cloud defaults, or (k3d) a distinct host port per gateway and protocol so LoadBalancers never
    // collide (gateway 0 on the ports OpenChoreo's k3d setup maps, the others in disjoint ranges).
    const k3d = provider === 'k3d';
    const k3dPort = (mapped: number, base: number): number => (i === 0 ? mapped : base + i);
    const httpPort = k3d ? k3dPort(19080, 20000) : direction === 'egress' ? 8080 : 80;
    const listeners: YamlMap[] = [];
    const named = chance(0.15);
    listeners.push({
      protocol: 'HTTP',
      name: named ? 'web' : undefined,
      port: httpPort,
      host,
      allowedRoutes: managed && chance(0.1) ? 'Same' : undefined,
    });
    if (managed && (networking === 'external' ? chance(0.5) : chance(0.2))) {
      const refs: YamlMap[] = [{ name: `${gwName}-tls` }];
      if (chance(0.25)) refs.push({ name: `${gwName}-tls-ecdsa`, namespace: ns });
      listeners.push({
        protocol: 'HTTPS',
        name: named ? 'websecure' : undefined,
        port: k3d ? k3dPort(19443, 30000) : 443,
        host,
        hostname: host !== undefined && chance(0.3) ? `*.${host.slice(host.indexOf('.') + 1)}` : undefined,
        tls: { mode: chance(0.3) ? 'Terminate' : undefined, certificateRefs: refs },
      });
      mix.https++;
    }
    if (managed && networking === 'internal' && chance(0.15)) {
      listeners.push({
        protocol: 'TLS',
        name: named ? 'passthrough' : undefined,
        port: k3d ? k3dPort(19643, 40000) : 8443,
        host,
        tls: chance(0.5) ? { mode: 'Passthrough' } : undefined,
      });
      mix.tlsPassthrough++;
    }
    listeners.reverse(); // input order must not matter; gwtopo sorts listeners by name

    // Expected output of this gateway.
    const presetAnnotations = type === 'LoadBalancer' && (networking === 'internal' ? PRESET_INTERNAL.has(provider) : PRESET_EXTERNAL.has(provider));
    const params = managed && (type !== 'LoadBalancer' || presetAnnotations || Object.keys(annotations).length > 0 || Object.keys(labels).length > 0);
    // The Gateway, its ListenerPolicy (kgateway, websocket on by default) and maybe a GatewayParameters.
    if (managed) dataPlaneResources += params ? 3 : 2;

    mix.gateways++;
    mix.listeners += listeners.length;
    if (managed) mix.managed++;
    else mix.unmanaged++;
    if (owner === undefined) mix.dataplaneScoped++;
    else mix.environmentScoped++;
    if (direction === 'egress') mix.egress++;
    if (managed && networking === 'external') type === 'LoadBalancer' ? mix.externalLoadBalancer++ : mix.externalNodePort++;
    if (managed && networking === 'internal') {
      if (type === 'ClusterIP') mix.internalClusterIP++;
      else if (type === 'LoadBalancer') mix.internalLoadBalancer++;
      else mix.internalNodePort++;
    }
    if (hostDefaulted) mix.hostDefaulted++;
    if (params) mix.gatewayParameters++;

    const service: YamlMap | undefined =
      explicitType || Object.keys(annotations).length > 0 || Object.keys(labels).length > 0
        ? {
            type: explicitType ? type : undefined,
            annotations: Object.keys(annotations).length > 0 ? annotations : undefined,
            labels: Object.keys(labels).length > 0 ? labels : undefined,
          }
        : undefined;
    return {
      '#': `${managed ? '' : 'Helm-installed, registered only: '}${direction}/${networking} ${type} gateway of ${owner === undefined ? 'the data plane' : `environment ${owner}`}`,
      name: gwName,
      direction,
      networking,
      scope: owner === undefined ? 'dataplane' : 'environment',
      environment: owner,
      managed: managed ? (chance(0.1) ? true : undefined) : false,
      gatewayClassName: managed && chance(0.1) ? 'kgateway' : undefined,
      service,
      listeners,
    };
  });
  // Input order must not matter either: rotate the gateway list.
  const shift = gateways.length === 0 ? 0 : index % gateways.length;
  const ordered = [...gateways.slice(shift), ...gateways.slice(0, shift)];

  const doc: YamlMap = {
    apiVersion: 'gwtopo/v1alpha1',
    kind: 'GatewayTopology',
    metadata: { name },
    spec: {
      provider: index % 13 === 0 && provider === 'generic' ? undefined : provider, // generic is the default
      gatewayNamespace,
      dataPlane,
      k3d: provider === 'k3d' && index % 2 === 0 ? { clusterName: `bench-${index}` } : undefined,
      environments: environments.map((e) => ({ name: e, namespace: index === 0 ? undefined : `env-${name}` })),
      gateways: ordered,
    },
  };
  const out = ['# yaml-language-server: $schema=../../schemas/topology.schema.json', `# Synthesized by gwtopo's benchmark (cluster ${index}, ${gatewayCount} gateways, provider ${provider}).`];
  emitMap(doc, '', out);

  const partials = registeredOn.size; // the data plane object and/or each Environment with a gateway
  mix.controlPlanePartials += partials;
  mix.environments += envCount;
  return { name, provider, text: `${out.join('\n')}\n`, dataPlaneFiles: dataPlaneResources + 1, controlPlaneFiles: partials + 1 };
}

/** Writes root/topologies/<cluster>/topology.yaml for N clusters. */
export function synthesize(root: string, clusters: number, gatewaysPerCluster: number): SynthSummary {
  const mix = emptyMix();
  const byProvider: Record<string, number> = {};
  const dataPlaneResources = new Map<string, number>();
  let bytes = 0;
  let expectedFiles = 0;
  let expectedDataPlaneResources = 0;
  for (let i = 0; i < clusters; i++) {
    const c = synthCluster(i, gatewaysPerCluster, mix);
    const dir = join(root, 'topologies', c.name);
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'topology.yaml'), c.text);
    bytes += Buffer.byteLength(c.text);
    byProvider[c.provider] = (byProvider[c.provider] ?? 0) + 1;
    expectedFiles += c.dataPlaneFiles + c.controlPlaneFiles;
    expectedDataPlaneResources += c.dataPlaneFiles - 1;
    dataPlaneResources.set(c.name, c.dataPlaneFiles - 1);
  }
  return {
    clusters,
    gatewaysPerCluster,
    topologyBytes: bytes,
    byProvider,
    mix,
    expectedFiles,
    expectedDataPlaneResources,
    names: [...dataPlaneResources.keys()].sort(),
    dataPlaneResources,
  };
}
