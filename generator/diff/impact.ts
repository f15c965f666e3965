// Impact notes: what a topology change does beyond its YAML diff, derived from the two resolved models
// (never from rendered text), so a reviewer sees "this recreates a load balancer" instead of having to
// know that an annotation decides the kind of load balancer. Pure functions.

import { formatProblem, type Problem } from '../diagnostics/problem.js';
import type { FleetIdentity } from '../fleet/identity.js';
import { type Registration, registrations } from '../model/registrations.js';
import { moduleFor } from '../topology/modules/index.js';
import { privateLoadBalancerAnnotation } from '../topology/providers.js';
import type { ClusterModel, GatewayModel, ListenerModel, StringMap } from '../topology/types.js';
import { type ImpactNote, NOTE_KINDS, type NoteDraft, note } from './types.js';

/**
 * Service annotations that decide which load balancer a cloud creates (its kind, scheme, network or
 * address pool). Changing one makes the cloud controller delete the load balancer and create a new one with
 * a new address — unlike most annotations (health checks, timeouts), which are updated in place.
 */
const LOAD_BALANCER_IDENTITY_ANNOTATIONS: readonly string[] = [
  'service.beta.kubernetes.io/aws-load-balancer-type',
  'service.beta.kubernetes.io/aws-load-balancer-scheme',
  'service.beta.kubernetes.io/aws-load-balancer-internal',
  'networking.gke.io/load-balancer-type',
  'cloud.google.com/load-balancer-type',
  'networking.gke.io/internal-load-balancer-subnet',
  'cloud.google.com/l4-rbs',
  'service.beta.kubernetes.io/azure-load-balancer-internal',
  'service.beta.kubernetes.io/azure-load-balancer-internal-subnet',
  'service.beta.kubernetes.io/oci-load-balancer-internal',
  'oci.oraclecloud.com/load-balancer-type',
  'oci-network-load-balancer.oraclecloud.com/internal',
  'service.beta.kubernetes.io/do-loadbalancer-network',
  'service.kubernetes.io/ibm-load-balancer-cloud-provider-ip-type',
  'service.beta.kubernetes.io/alibaba-cloud-loadbalancer-address-type',
  'service.beta.kubernetes.io/openstack-internal-load-balancer',
  'service.beta.kubernetes.io/cce-load-balancer-internal-vpc',
  'service.kubernetes.io/qcloud-loadbalancer-internal-subnetid',
  'metallb.universe.tf/address-pool',
  'metallb.io/address-pool',
];

const NEW_ADDRESS_CHECK =
  'the cloud deletes the old load balancer and creates a new one with a new address: update DNS records (external-dns does it for annotated Services), firewall allow-lists and clients that pin the address, and expect a short outage';

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Notes in a stable order: cluster, kind (most consequential first), then what they name. */
export function sortNotes<T extends NoteDraft>(notes: readonly T[]): T[] {
  const rank = (k: T['kind']): number => NOTE_KINDS.indexOf(k);
  return [...notes].sort(
    (a, b) =>
      compare(a.cluster, b.cluster) ||
      rank(a.kind) - rank(b.kind) ||
      compare(a.gateway ?? '', b.gateway ?? '') ||
      compare(a.environment ?? '', b.environment ?? '') ||
      compare(a.listener ?? '', b.listener ?? '') ||
      compare(a.message, b.message),
  );
}

/** True unless the cluster's control plane patches a base (then every object is re-declared whole). */
function appliesPartials(model: ClusterModel): boolean {
  return (model as { controlPlane?: { mode?: string } }).controlPlane?.mode !== 'patch';
}

type SlotName = `${GatewayModel['direction']}/${GatewayModel['networking']}`;

function slotOf(g: GatewayModel): SlotName {
  return `${g.direction}/${g.networking}`;
}

function objectKey(r: Pick<Registration, 'kind' | 'name' | 'namespace'>): string {
  return `${r.kind}/${r.namespace ?? ''}/${r.name}`;
}

function objectName(r: Pick<Registration, 'kind' | 'name' | 'namespace'>): string {
  return `${r.kind} ${r.namespace === undefined ? '' : `${r.namespace}/`}${r.name}`;
}

/** `kubectl patch` removing registration slots that no applied partial owns any more. */
function removeSlotsCommand(r: Pick<Registration, 'kind' | 'name' | 'namespace'>, slots: readonly string[]): string {
  const ops = [...slots].sort().map((s) => ({ op: 'remove', path: `/spec/gateway/${s}` }));
  const namespace = r.namespace === undefined ? '' : ` -n ${r.namespace}`;
  return `kubectl patch ${r.kind.toLowerCase()} ${r.name}${namespace} --type json -p '${JSON.stringify(ops)}'`;
}

interface RegisteredObject extends Registration {
  /** The slots its own gateways take. */
  slots: Map<SlotName, GatewayModel>;
  /** Environments: the data plane's ingress gateways copied onto it (render/control-plane.ts, inheritedIngress). */
  copies: Map<SlotName, GatewayModel>;
}

function registeredObjects(model: ClusterModel): Map<string, RegisteredObject> {
  const out = new Map<string, RegisteredObject>();
  for (const r of registrations(model)) {
    out.set(objectKey(r), { ...r, slots: new Map(r.gateways.map((g) => [slotOf(g), g])), copies: new Map(r.inherited.map((g) => [slotOf(g), g])) });
  }
  return out;
}

/**
 * Commands removing an object's registration slots — only the slots of gateways gwtopo renders. A slot of a
 * `managed: false` gateway (e.g. the `gateway-default` that OpenChoreo's Helm chart installs and registers)
 * was the installer's before gwtopo wrote it: it is left out of the command, and `kept` says so, with the
 * command that removes it too.
 */
function slotRemoval(o: RegisteredObject, slots: readonly SlotName[]): { commands: string[]; kept: string[] } {
  const managed = slots.filter((s) => o.slots.get(s)?.managed !== false);
  const unmanaged = slots.filter((s) => o.slots.get(s)?.managed === false);
  return {
    commands: managed.length === 0 ? [] : [removeSlotsCommand(o, managed)],
    kept: unmanaged.map(
      (s) =>
        `${s} of ${objectName(o)} registers ${o.slots.get(s)!.name} (managed: false: installed and registered by something else, e.g. OpenChoreo's Helm chart), so no command removes it; only if that gateway goes too, run ${removeSlotsCommand(o, [s])}`,
    ),
  };
}

/** The check text plus what the commands leave alone. */
function withKept(check: string, kept: readonly string[]): string {
  return kept.length === 0 ? check : `${check}. ${kept.join('. ')}`;
}

/** Every slot an object's partial writes: its own and the copied ones. */
function writtenSlots(o: RegisteredObject): SlotName[] {
  return [...o.slots.keys(), ...o.copies.keys()];
}

/** Another topology that writes a control-plane object: its cluster and the slots it writes (slot → gateway). */
interface Writer {
  cluster: string;
  slots: ReadonlyMap<string, string>;
}

/**
 * Who writes which control-plane object on one side, across the whole fleet (not only the clusters of the
 * run): object key → its writers, sorted by cluster. At head an object has at most one writer among the
 * clusters of a run that got this far (a second one is a registration-conflict error); at base there may be two.
 */
type FleetWriters = ReadonlyMap<string, readonly Writer[]>;

function fleetWriters(identities: readonly FleetIdentity[]): FleetWriters {
  const out = new Map<string, Writer[]>();
  for (const identity of [...identities].sort((a, b) => compare(a.cluster, b.cluster))) {
    for (const r of identity.registrations) {
      const key = objectKey(r);
      out.set(key, [...(out.get(key) ?? []), { cluster: identity.cluster, slots: new Map(Object.entries(r.slots ?? {})) }]);
    }
  }
  return out;
}

/** The fleet as the notes of one cluster see it: the writers of each object on both sides, other clusters only. */
interface FleetView {
  base: FleetWriters;
  head: FleetWriters;
}

const NO_FLEET: FleetView = { base: new Map(), head: new Map() };

/** The other clusters that write the object on one side. */
function others(writers: FleetWriters, key: string, cluster: string): Writer[] {
  return (writers.get(key) ?? []).filter((w) => w.cluster !== cluster);
}

/** The slot's writer among others, and the gateway it registers there. */
function slotWriter(list: readonly Writer[], slot: string): { cluster: string; gateway: string } | undefined {
  const w = list.find((o) => o.slots.has(slot));
  return w === undefined ? undefined : { cluster: w.cluster, gateway: w.slots.get(slot)! };
}

function clusterList(list: readonly Writer[]): string {
  const names = list.map((w) => w.cluster);
  return names.length === 1 ? `cluster ${names[0]!}` : `clusters ${names.join(', ')}`;
}

/** The endpoint URLs OpenChoreo resolves from an ingress slot (resolveGatewayEndpointByVisibility). */
const URLS = { external: 'external', internal: 'internal, namespace and project' } as const;

/** "its Service and load balancer" or "its Service": what goes away with a deleted Gateway. */
function serviceWords(g: GatewayModel): string {
  return g.service.type === 'LoadBalancer' ? 'its Service and load balancer' : 'its Service';
}

function listenerLabel(l: ListenerModel): string {
  return `listener ${l.name} (${l.protocol}, port ${l.port}, host ${l.host})`;
}

function changedAnnotations(before: StringMap, after: StringMap): string[] {
  return LOAD_BALANCER_IDENTITY_ANNOTATIONS.filter((k) => before[k] !== after[k]);
}

function describeAnnotations(keys: readonly string[], map: StringMap): string {
  return keys.map((k) => `${k}=${map[k] ?? '(unset)'}`).join(', ');
}

/** Notes for one gateway that exists at base and at head. */
function gatewayNotes(cluster: string, b: GatewayModel, h: GatewayModel, namespaces: [string, string], k3d: boolean): NoteDraft[] {
  const notes: NoteDraft[] = [];
  const at = { cluster, gateway: h.name };
  if (b.managed && !h.managed) {
    notes.push({
      kind: 'gateway-unmanaged',
      ...at,
      message: `gateway ${h.name} becomes managed: false, so gwtopo stops rendering its Gateway and the GitOps engine deletes it (with ${serviceWords(b)}) when it prunes`,
      check: 'the Gateway is installed by something else before this merges (e.g. the Helm chart), or pruning is disabled for it',
    });
  } else if (!b.managed && h.managed) {
    notes.push({
      kind: 'gateway-managed',
      ...at,
      message: `gateway ${h.name} becomes managed: gwtopo now renders its Gateway`,
      check: "if the Gateway exists already (e.g. installed by OpenChoreo's Helm chart), remove it from the other tool first, or two owners will fight over it",
    });
  } else if (b.managed && h.managed) {
    // Each of these makes a different controller own the Gateway, or a different object the Gateway.
    const moves = [
      ['class', b.gatewayClassName, h.gatewayClassName],
      ['module', b.module, h.module],
      ['namespace', namespaces[0], namespaces[1]],
    ].filter(([, from, to]) => from !== to);
    const before = moves.map(([what, from]) => `${what} ${from}`);
    const after = moves.map(([what, , to]) => `${what} ${to}`);
    if (before.length > 0) {
      notes.push({
        kind: 'gateway-recreated',
        ...at,
        from: before.join(', '),
        to: after.join(', '),
        message: `the Gateway ${h.name} moves from ${before.join(', ')} to ${after.join(', ')}: the old one is deleted and a new one is provisioned (new pods, a new Service and address)`,
        check: `${h.service.type === 'LoadBalancer' || b.service.type === 'LoadBalancer' ? NEW_ADDRESS_CHECK : 'in-cluster clients reconnect to the new Service, and its name (the default host of internal gateways) may change'}; ${
          moves.some(([what]) => what !== 'namespace') ? 'the new implementation is installed on the cluster, and ' : ''
        }routes attached to the Gateway still select it${moves.some(([what]) => what === 'namespace') ? ` (HTTPRoutes name the Gateway's namespace in parentRefs: ${namespaces[1]} now)` : ''}`,
      });
    } else {
      notes.push(...loadBalancerNotes(cluster, b, h));
    }
    if (upgradesWebSockets(b) && !upgradesWebSockets(h)) {
      notes.push({
        kind: 'websocket-disabled',
        ...at,
        message: `WebSocket upgrades on gateway ${h.name} are turned off: gwtopo no longer renders its ListenerPolicy ${h.name}-listeners, and kgateway refuses the upgrade, so WebSocket clients of the components behind it fail`,
        check: `no component served through ${h.name} has an endpoint of type Websocket (or otherwise upgrades connections)`,
      });
    }
  }
  if (b.networking !== h.networking) {
    notes.push({
      kind: 'networking-changed',
      ...at,
      from: b.networking,
      to: h.networking,
      message:
        h.networking === 'internal'
          ? `gateway ${h.name} moves from external to internal: clients outside the cluster's network lose access, and it registers as the internal gateway`
          : `gateway ${h.name} moves from internal to external: it becomes reachable from outside the cluster's network, and it registers as the external gateway`,
      check: 'the exposure is intended (firewall rules, authentication on the exposed APIs) and the hosts resolve where clients expect them',
    });
  }
  notes.push(...listenerNotes(cluster, b, h, k3d));
  return notes;
}

/** Whether the gateway's implementation upgrades WebSockets: always, or through the policy gwtopo renders. */
function upgradesWebSockets(g: GatewayModel): boolean {
  return moduleFor(g.module).websocket === 'always' || g.websocket;
}

function loadBalancerNotes(cluster: string, b: GatewayModel, h: GatewayModel): NoteDraft[] {
  const bt = b.service.type;
  const ht = h.service.type;
  if (bt === undefined || ht === undefined) return []; // the install's Service (traefik, kong): not gwtopo's to change
  const at = { cluster, gateway: h.name };
  if (bt !== ht && (bt === 'LoadBalancer' || ht === 'LoadBalancer')) {
    return [
      {
        kind: 'loadbalancer-recreated',
        ...at,
        from: `Service type ${bt}`,
        to: `Service type ${ht}`,
        message:
          bt === 'LoadBalancer'
            ? `the Service of gateway ${h.name} changes from LoadBalancer to ${ht}: its load balancer and address are deleted`
            : `the Service of gateway ${h.name} changes from ${bt} to LoadBalancer: a new load balancer with a new address is created`,
        check:
          bt === 'LoadBalancer'
            ? "no client or DNS record still uses the load balancer's address"
            : "DNS for the gateway's hosts points at the new address (external-dns does it for annotated Services) and the load balancer is as private or public as intended",
      },
    ];
  }
  if (bt === 'NodePort' && ht === 'ClusterIP') {
    return [
      {
        kind: 'nodeport-removed',
        ...at,
        from: 'Service type NodePort',
        to: 'Service type ClusterIP',
        message: `the Service of gateway ${h.name} changes from NodePort to ClusterIP: its node ports close, and clients reaching it through a node's address stop getting answers`,
        check: "no client, external load balancer or DNS record still sends traffic to the nodes' ports",
      },
    ];
  }
  if (bt !== 'LoadBalancer') return [];
  const keys = changedAnnotations(b.service.annotations, h.service.annotations);
  if (keys.length === 0) return [];
  // The one outcome worse than a new address: a private load balancer that becomes internet-facing.
  const exposed = privateLoadBalancerAnnotation(b.service.annotations) !== undefined && privateLoadBalancerAnnotation(h.service.annotations) === undefined;
  return [
    {
      kind: 'loadbalancer-recreated',
      ...at,
      from: describeAnnotations(keys, b.service.annotations),
      to: describeAnnotations(keys, h.service.annotations),
      message: `the load balancer of gateway ${h.name} is recreated${exposed ? ' and is no longer private' : ''}: ${keys.map((k) => `${k} ${b.service.annotations[k] ?? '(unset)'} → ${h.service.annotations[k] ?? '(unset)'}`).join('; ')}`,
      check: exposed ? `the ${h.networking} gateway ${h.name} is meant to be reachable from the internet; ${NEW_ADDRESS_CHECK}` : NEW_ADDRESS_CHECK,
    },
  ];
}

/** Listeners are matched by protocol: that is the registration slot (http, https, tls) clients reach. */
function listenerNotes(cluster: string, b: GatewayModel, h: GatewayModel, k3d: boolean): NoteDraft[] {
  const notes: NoteDraft[] = [];
  for (const bl of b.listeners) {
    const at = { cluster, gateway: h.name, listener: bl.name };
    const hl = h.listeners.find((l) => l.protocol === bl.protocol);
    if (hl === undefined) {
      const plain = h.listeners.find((l) => l.protocol === 'HTTP');
      notes.push(
        bl.protocol === 'HTTP'
          ? {
              kind: 'listener-removed',
              ...at,
              message: `${listenerLabel(bl)} of gateway ${h.name} is removed: OpenChoreo no longer registers its host, and HTTP clients of it fail`,
              check: 'no client still calls the host over HTTP on this port',
            }
          : {
              kind: 'tls-removed',
              ...at,
              from: bl.protocol,
              message: `${listenerLabel(bl)} of gateway ${h.name} is removed: the gateway no longer serves ${bl.protocol}${plain === undefined ? '' : ` (only plain HTTP on port ${plain.port})`}`,
              check: 'dropping TLS is intended: clients calling https:// fail, and traffic that stays is unencrypted',
            },
      );
      continue;
    }
    const here = { ...at, listener: hl.name };
    const k3dHint = k3d ? ' (k3d maps only the ports it was created with: gwtopo generate prints the k3d node edit command to add it)' : '';
    // Clients use the advertised port; it is the listener port unless advertisedPort says otherwise.
    const plain = bl.advertisedPort === bl.port && hl.advertisedPort === hl.port;
    if (bl.port !== hl.port) {
      notes.push({
        kind: 'listener-port-changed',
        ...here,
        from: String(bl.port),
        to: String(hl.port),
        message: plain
          ? `${hl.protocol} listener ${hl.name} of gateway ${h.name} moves from port ${bl.port} to ${hl.port}: clients must use the new port`
          : `${hl.protocol} listener ${hl.name} of gateway ${h.name} listens on port ${hl.port} instead of ${bl.port}, and clients use port ${hl.advertisedPort}: whatever maps that port onto the listener must forward to ${hl.port} now`,
        check: plain
          ? `clients, firewall rules and load-balancer health checks use the new port${k3dHint}`
          : `the mapping of port ${hl.advertisedPort} (k3d's load balancer, a NAT or load balancer in front of the gateway) and health checks forward to port ${hl.port}${k3d ? ' (gwtopo generate prints the k3d node edit command)' : ''}`,
      });
    }
    if (bl.advertisedPort !== hl.advertisedPort && !plain) {
      notes.push({
        kind: 'advertised-port-changed',
        ...here,
        from: String(bl.advertisedPort),
        to: String(hl.advertisedPort),
        message: `${hl.protocol} listener ${hl.name} of gateway ${h.name} is registered with port ${hl.advertisedPort} instead of ${bl.advertisedPort}: OpenChoreo publishes its endpoint URLs with the new port, and clients of port ${bl.advertisedPort} fail`,
        check: `clients and firewall rules use port ${hl.advertisedPort}, and it is mapped onto the listener's port ${hl.port}${k3dHint}`,
      });
    }
    if (bl.host !== hl.host) {
      notes.push({
        kind: 'listener-host-changed',
        ...here,
        from: bl.host,
        to: hl.host,
        message: `${hl.protocol} listener ${hl.name} of gateway ${h.name} registers host ${hl.host} instead of ${bl.host}: OpenChoreo publishes endpoints on the new host`,
        check: `a DNS record for ${hl.host} points at the gateway (and a certificate covers it for TLS), and clients of ${bl.host} are told`,
      });
    }
    if (b.managed && h.managed && bl.allowedRoutes === 'All' && hl.allowedRoutes === 'Same') {
      notes.push({
        kind: 'allowed-routes-narrowed',
        ...here,
        from: 'All',
        to: 'Same',
        message: `${hl.protocol} listener ${hl.name} of gateway ${h.name} admits routes from its own namespace only: routes in other namespaces detach, and OpenChoreo renders its HTTPRoutes in the environments' namespaces`,
        check: "every route this listener serves lives in the gateway's namespace, or the narrowing is intended",
      });
    }
    if ((bl.hostname ?? '') !== (hl.hostname ?? '')) {
      notes.push({
        kind: 'listener-host-changed',
        ...here,
        from: bl.hostname ?? '(any)',
        to: hl.hostname ?? '(any)',
        message: `${hl.protocol} listener ${hl.name} of gateway ${h.name} filters hostname ${hl.hostname ?? '(any)'} instead of ${bl.hostname ?? '(any)'}: requests for other hosts stop matching its routes`,
        check: 'every host registered or routed through this listener is inside the new hostname filter',
      });
    }
  }
  return notes;
}

/** `ingress/internal → int, …`: the slots a writer writes. */
function slotList(slots: ReadonlyMap<string, string>, only?: readonly string[]): string {
  return [...slots]
    .filter(([s]) => only === undefined || only.includes(s))
    .sort(([a], [c]) => compare(a, c))
    .map(([s, g]) => `${s} → ${g}`)
    .join(', ');
}

/** `kubectl get …`: how a reviewer sees what the control plane holds after the sync. */
function getCommand(o: Pick<Registration, 'kind' | 'name' | 'namespace'>): string {
  return `kubectl get ${o.kind.toLowerCase()} ${o.name}${o.namespace === undefined ? '' : ` -n ${o.namespace}`} -o yaml`;
}

/**
 * A cluster stops writing an object that another topology writes at head, and every slot it wrote is written
 * there: nothing to remove by hand, and nothing stops answering because of this cluster.
 */
function releaseNote(cluster: string, bo: RegisteredObject, takers: readonly Writer[], givers: readonly Writer[], partly = false): NoteDraft {
  const shared = givers.filter((g) => takers.some((t) => t.cluster === g.cluster));
  return {
    kind: 'registration-released',
    cluster,
    ...(bo.kind === 'Environment' ? { environment: bo.name } : {}),
    message: `${objectName(bo)} gets no partial from cluster ${cluster} any more, and ${clusterList(takers)} writes it at head (${takers.map((t) => slotList(t.slots)).join('; ')}): ${
      shared.length > 0 ? `at base ${clusterList(shared)} wrote it too (a registration conflict this change ends; until now the last sync won)` : `its registration moves to ${clusterList(takers)}`
    }, so ${partly ? 'the commands of the other notes remove only the slots it does not write' : 'no slot is removed by hand'}`,
    check: `the registration ${clusterList(takers)} writes is the one intended: after the sync, ${getCommand(bo)} shows its gateways`,
  };
}

/** Registrations that change: environments moving onto or off dedicated gateways, partials that disappear or move between clusters. */
function registrationNotes(b: ClusterModel, h: ClusterModel, renames: ReadonlyMap<string, string>, sync: SyncContext, fleet: FleetView): NoteDraft[] {
  const notes: NoteDraft[] = [];
  const before = registeredObjects(b);
  const after = registeredObjects(h);
  const shared = (model: Map<string, RegisteredObject>, slot: SlotName): GatewayModel | undefined => [...model.values()].find((o) => o.kind !== 'Environment')?.slots.get(slot);
  const keys = [...new Set([...before.keys(), ...after.keys()])].sort();
  for (const key of keys) {
    const bo = before.get(key);
    const ho = after.get(key);
    const object = (ho ?? bo)!;
    // Other topologies of the fleet that write the object at head (it stays registered) or wrote it at base (it came from there).
    const takers = bo !== undefined && ho === undefined ? others(fleet.head, key, h.cluster) : [];
    const givers = others(fleet.base, key, h.cluster);
    const untaken = (slots: readonly SlotName[]): SlotName[] => slots.filter((s) => slotWriter(takers, s) === undefined);
    if (bo !== undefined && ho === undefined && takers.length > 0 && untaken(writtenSlots(bo)).length === 0) {
      notes.push(releaseNote(h.cluster, bo, takers, givers));
      continue;
    }
    if (object.kind !== 'Environment') {
      if (bo !== undefined && ho === undefined && appliesPartials(b)) {
        const successor = [...after.values()].find((o) => o.kind !== 'Environment');
        const why = successor === undefined ? 'no data-plane gateway registers on it' : `the data-plane gateways register on ${objectName(successor)} instead`;
        const left = untaken(writtenSlots(bo)).sort();
        const removal = slotRemoval(bo, left);
        const kept = takers.length === 0 ? '' : `; ${clusterList(takers)} writes it at head (${takers.map((t) => slotList(t.slots)).join('; ')}), so only the slots it does not write are removed`;
        notes.push({
          kind: 'stale-registration',
          cluster: h.cluster,
          message: `${objectName(bo)} gets no partial from gwtopo any more (${why}): the engines never prune partials, so its last applied spec.gateway (${[...bo.slots.keys()].sort().join(', ')}) stays${kept}`,
          check: withKept('remove the registration by hand once this is synced, against the OpenChoreo control plane', removal.kept),
          ...(removal.commands.length === 0 ? {} : { commands: removal.commands }),
        });
      } else if (bo === undefined && ho !== undefined && givers.length > 0) {
        notes.push({
          kind: 'registration-moved',
          cluster: h.cluster,
          from: givers.map((g) => g.cluster).join(', '),
          to: h.cluster,
          message: `${objectName(ho)} was registered by ${clusterList(givers)} at base (${givers.map((g) => slotList(g.slots)).join('; ')}) and by cluster ${h.cluster} now (${slotList(new Map([...ho.slots].map(([s, g]) => [s, g.name])))}): OpenChoreo publishes the endpoints of its environments on the gateways of ${h.cluster}`,
          check: `${objectName(ho)} is the data plane of cluster ${h.cluster} (the cluster its agent runs on), and those gateways are ready before the registration syncs${raceWarning(sync)}`,
        });
      }
      continue;
    }
    const slots = [...new Set([...(bo?.slots.keys() ?? []), ...(ho?.slots.keys() ?? [])])].sort();
    for (const slot of slots) {
      const bg = bo?.slots.get(slot);
      const hg = ho?.slots.get(slot);
      // A renamed gateway keeps its slot: the gateway-renamed note says the registration moves.
      if (bg?.name === hg?.name || (bg !== undefined && hg !== undefined && renames.get(bg.name) === hg.name)) continue;
      const at = { cluster: h.cluster, environment: object.name };
      if (hg !== undefined) {
        // The Environment was registered by another topology at base: it moves to this cluster.
        if (bo === undefined && givers.length > 0) {
          const from = slotWriter(givers, slot);
          const hosts = hg.listeners.map((l) => l.host).join(', ');
          notes.push({
            kind: 'registration-moved',
            ...at,
            gateway: hg.name,
            from: from === undefined ? givers.map((g) => g.cluster).join(', ') : `${from.cluster}/${from.gateway}`,
            to: `${h.cluster}/${hg.name}`,
            message: `the registration of environment ${object.name} moves from ${clusterList(givers)} to cluster ${h.cluster}: for ${slot} OpenChoreo publishes its endpoints on gateway ${hg.name} of ${h.cluster} (${hosts})${
              from === undefined ? `, a slot ${clusterList(givers)} registered no gateway on` : ` instead of gateway ${from.gateway} of ${from.cluster}`
            }`,
            check: `the Environment's dataPlaneRef (which gwtopo does not write) names the data plane of ${h.cluster} (${h.dataPlane.kind} ${h.dataPlane.namespace === undefined ? '' : `${h.dataPlane.namespace}/`}${h.dataPlane.name}), so its workloads run where ${hg.name} routes; gateway ${hg.name} is ready and its hosts resolve to it before the registration syncs${raceWarning(sync)}`,
          });
          continue;
        }
        // The same environment in another namespace, on the same gateway: it moved, the gateway did not.
        const moved =
          bg === undefined
            ? [...before.values()].find((o) => o.kind === 'Environment' && o.name === object.name && o.namespace !== object.namespace && o.slots.get(slot)?.name === hg.name)
            : undefined;
        if (moved !== undefined) {
          notes.push({
            kind: 'dedicated-gateway-added',
            ...at,
            gateway: hg.name,
            from: `namespace ${moved.namespace ?? ''}`,
            to: `namespace ${object.namespace ?? ''}`,
            message: `environment ${object.name} is now registered in namespace ${object.namespace ?? ''} instead of ${moved.namespace ?? ''}, still on dedicated gateway ${hg.name} for ${slot}`,
            check: `the Environment ${object.name} exists in namespace ${object.namespace ?? ''} on the control plane`,
          });
          continue;
        }
        const previous = bg ?? shared(before, slot);
        const hosts = hg.listeners.map((l) => l.host).join(', ');
        const ready = `gateway ${hg.name} is ready and its hosts resolve to it before the registration syncs${raceWarning(sync)}`;
        notes.push(
          previous === undefined
            ? {
                kind: 'dedicated-gateway-added',
                ...at,
                gateway: hg.name,
                message: `environment ${object.name} gets dedicated gateway ${hg.name} for ${slot}, which no gateway served for it before: its endpoints are published on ${hosts}`,
                check: ready,
              }
            : {
                kind: 'endpoints-moved',
                ...at,
                gateway: hg.name,
                from: previous.name,
                to: hg.name,
                message: `environment ${object.name} moves onto dedicated gateway ${hg.name} for ${slot} (instead of ${bg !== undefined && bg.name !== shared(before, slot)?.name ? 'dedicated gateway' : "the data plane's shared gateway"} ${previous.name}): its endpoints are published on ${hosts} instead of ${previous.listeners.map((l) => l.host).join(', ')}`,
                check: `${ready}; clients of the environment's endpoints use the new hosts`,
              },
        );
        continue;
      }
      // Written by another cluster at head: the release note covers the slot.
      if (slotWriter(takers, slot) !== undefined) continue;
      const fallback = takers.length > 0 ? undefined : shared(after, slot);
      const stale = ho === undefined && appliesPartials(b);
      notes.push({
        kind: 'dedicated-gateway-removed',
        ...at,
        gateway: bg!.name,
        ...(fallback === undefined ? {} : { from: bg!.name, to: fallback.name }),
        message: `environment ${object.name} moves off dedicated gateway ${bg!.name} for ${slot}: ${
          takers.length > 0
            ? `${clusterList(takers)} registers the Environment at head without that slot`
            : fallback === undefined
              ? 'no gateway serves that slot for it any more'
              : `the data plane's shared gateway ${fallback.name} serves it instead`
        }`,
        check: stale
          ? `the partial Environment ${object.name} is no longer in the overlay and the engines never prune it, so the old registration stays on the Environment until removed by hand (command below, against the control plane)`
          : 'server-side apply drops the slot from the Environment on the next sync: verify with kubectl get environment after the merge',
        // The copies of data-plane slots go with the Environment's last ingress slot of its own (unless another cluster writes them).
        ...(stale ? { commands: [removeSlotsCommand(bo!, slot.startsWith('ingress/') ? [slot, ...untaken([...bo!.copies.keys()])] : [slot])] } : {}),
      });
    }
    if (bo !== undefined && ho === undefined && takers.length > 0) notes.push(releaseNote(h.cluster, bo, takers, givers, true));
    notes.push(...copyNotes(h.cluster, object, bo, ho));
  }
  return notes;
}

/**
 * Changes of the data-plane slots copied onto an Environment that no other note explains (a dedicated gateway
 * added or removed on that slot, or the Environment's partial gone): the data plane gains, replaces or loses the
 * ingress gateway the Environment carries a copy of.
 */
function copyNotes(cluster: string, env: RegisteredObject, bo: RegisteredObject | undefined, ho: RegisteredObject | undefined): NoteDraft[] {
  if (ho === undefined) return [];
  const notes: NoteDraft[] = [];
  const slots = [...new Set([...(bo?.copies.keys() ?? []), ...ho.copies.keys()])].sort();
  for (const slot of slots) {
    const bg = bo?.copies.get(slot);
    const hg = ho.copies.get(slot);
    if (bg?.name === hg?.name) continue;
    if (hg !== undefined && bo?.slots.has(slot) === true) continue; // dedicated-gateway-removed says the shared gateway serves it
    if (hg === undefined && (ho.slots.has(slot) || ![...ho.slots.keys()].some((s) => s.startsWith('ingress/')))) continue; // dedicated-gateway-added/-removed
    const urls = URLS[slot === 'ingress/external' ? 'external' : 'internal'];
    const at = { cluster, environment: env.name, ...(hg === undefined ? { gateway: bg!.name } : { gateway: hg.name }) };
    notes.push(
      hg === undefined
        ? {
            kind: 'environment-copies',
            ...at,
            from: bg!.name,
            message: `environment ${env.name} no longer carries a copy of the data plane's ${slot} gateway ${bg!.name}: it has an ingress slot of its own, so OpenChoreo publishes no ${urls} endpoint URLs for it`,
            check: `no client of ${env.name} needs its ${urls} endpoint URLs`,
          }
        : {
            kind: 'environment-copies',
            ...at,
            ...(bg === undefined ? {} : { from: bg.name }),
            to: hg.name,
            message: `environment ${env.name} now carries a copy of the data plane's ${slot} gateway ${hg.name}${bg === undefined ? '' : ` instead of ${bg.name}`}: OpenChoreo resolves its endpoint URLs from the Environment alone, so its ${urls} endpoint URLs are published on ${hg.listeners.map((l) => l.host).join(', ')}`,
            check: `the ${urls} endpoint URLs of ${env.name} point where its routes are served (the data plane's ${slot} gateway ${hg.name})`,
          },
    );
  }
  return notes;
}

/**
 * The default host of a gateway, `<service>.<namespace>` (topology/defaults.ts defaultHost), as the part that
 * follows the gateway's name and the part that does not: undefined unless the listener's host is that default.
 */
function defaultHostSuffix(g: GatewayModel, host: string): string | undefined {
  if (g.networking !== 'internal' || g.service.type !== 'ClusterIP') return undefined;
  const module = moduleFor(g.module);
  if (!g.managed && module.serviceNamedByParameters === true) return undefined;
  const service = module.serviceName(g.name, g.gatewayClassName);
  return service !== undefined && host.startsWith(`${service}.`) ? host.slice(service.length + 1) : undefined;
}

/**
 * What a rename must keep: direction, networking, scope, environment, managed, and every listener's protocol,
 * port, host and hostname. `followName`: a host that is the gateway's default host counts by its namespace
 * only, since it changes with the name.
 */
function renameKey(g: GatewayModel, followName = false): string {
  const host = (l: ListenerModel): string => {
    const suffix = followName ? defaultHostSuffix(g, l.host) : undefined;
    return suffix === undefined ? `=${l.host}` : `<default>.${suffix}`;
  };
  const listeners = g.listeners.map((l) => [l.protocol, l.port, host(l), l.hostname ?? null]).sort((x, y) => (JSON.stringify(x) < JSON.stringify(y) ? -1 : 1));
  return JSON.stringify([g.direction, g.networking, g.scope, g.environment ?? null, g.managed, listeners]);
}

/**
 * Gateways removed and added in one cluster that are the same gateway under another name: old name → new
 * name. Only one-to-one matches count; two removed gateways that match one added gateway (or the reverse)
 * stay a deletion and an addition. Hosts are compared as written first; then, among the gateways left, a
 * default host that follows the name (`<name>.<namespace>` of an internal ClusterIP gateway) counts as the same.
 */
function findRenames(removed: readonly GatewayModel[], added: readonly GatewayModel[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const followName of [false, true]) {
    const byKey = (gs: readonly GatewayModel[]): Map<string, GatewayModel[]> => {
      const m = new Map<string, GatewayModel[]>();
      for (const g of gs) m.set(renameKey(g, followName), [...(m.get(renameKey(g, followName)) ?? []), g]);
      return m;
    };
    const matched = new Set(out.values());
    const olds = byKey(removed.filter((g) => !out.has(g.name)));
    const news = byKey(added.filter((g) => !matched.has(g.name)));
    for (const [key, [old, ...moreOld]] of olds) {
      const candidates = news.get(key) ?? [];
      if (moreOld.length === 0 && candidates.length === 1) out.set(old!.name, candidates[0]!.name);
    }
  }
  return out;
}

function renameNote(cluster: string, b: GatewayModel, h: GatewayModel, sync: SyncContext): NoteDraft {
  const at = { cluster, gateway: h.name, from: b.name, to: h.name };
  if (!b.managed) {
    return {
      kind: 'gateway-renamed',
      ...at,
      message: `the registration moves from unmanaged gateway ${b.name} to ${h.name}, with the same listeners: OpenChoreo publishes endpoints through Gateway ${h.name}`,
      check: `Gateway ${h.name} exists (installed by the tool that installed ${b.name}) and serves ${h.listeners.map((l) => l.host).join(', ')}`,
    };
  }
  const lb = b.service.type === 'LoadBalancer' || h.service.type === 'LoadBalancer';
  // Listeners whose default host follows the name: the registered host changes with it.
  const moved = b.listeners.map((bl) => [bl, h.listeners.find((l) => l.protocol === bl.protocol)] as const).filter(([bl, hl]) => hl !== undefined && hl.host !== bl.host);
  const hosts = moved.length === 0 ? '' : `, and the default host follows the name: OpenChoreo publishes endpoints on ${moved.map(([bl, hl]) => `${hl!.host} instead of ${bl.host}`).join(', ')}`;
  return {
    kind: 'gateway-renamed',
    ...at,
    message: `gateway ${b.name} is renamed to ${h.name}: the GitOps engine deletes Gateway ${b.name} (with ${serviceWords(b)}) and creates ${h.name} with a new Service${lb ? ' and a new load balancer address' : ''}; the registration moves to ${h.name}${hosts}`,
    check: `${lb ? NEW_ADDRESS_CHECK : moved.length > 0 ? `in-cluster clients call ${moved.map(([, hl]) => hl!.host).join(', ')} (the Service is named after the gateway)` : 'in-cluster clients use the new Service name (the default host of internal ClusterIP gateways follows it)'}; routes of your own that name ${b.name} in parentRefs name ${h.name} (OpenChoreo re-renders its own from the registration); keep the old name if the rename is cosmetic${raceWarning(sync)}`,
  };
}

/** Notes for a cluster present (and valid) on both sides. */
export function clusterNotes(b: ClusterModel, h: ClusterModel, sync: SyncContext = NO_RACE, fleet: FleetView = NO_FLEET): NoteDraft[] {
  const notes: NoteDraft[] = [];
  const heads = new Map(h.gateways.map((g) => [g.name, g]));
  const bases = new Set(b.gateways.map((g) => g.name));
  const renames = findRenames(
    b.gateways.filter((g) => !heads.has(g.name)),
    h.gateways.filter((g) => !bases.has(g.name)),
  );
  for (const bg of b.gateways) {
    const hg = heads.get(bg.name);
    if (hg !== undefined) {
      notes.push(...gatewayNotes(h.cluster, bg, hg, [b.gatewayNamespace, h.gatewayNamespace], h.provider === 'k3d'));
      continue;
    }
    const renamed = renames.get(bg.name);
    if (renamed !== undefined) {
      notes.push(renameNote(h.cluster, bg, heads.get(renamed)!, sync));
      continue;
    }
    const hosts = bg.listeners.map((l) => l.host).join(', ');
    notes.push(
      bg.managed
        ? {
            kind: 'gateway-deleted',
            cluster: h.cluster,
            gateway: bg.name,
            message: `gateway ${bg.name} is removed: the GitOps engine deletes the Gateway (with ${serviceWords(bg)}) when it prunes, and ${hosts} stop${bg.listeners.length === 1 ? 's' : ''} answering`,
            check: `nothing still routes through ${bg.name} (HTTPRoutes attached to it) and no client uses ${hosts}`,
          }
        : {
            kind: 'gateway-deleted',
            cluster: h.cluster,
            gateway: bg.name,
            message: `unmanaged gateway ${bg.name} is no longer registered: OpenChoreo stops publishing endpoints on ${hosts} (the Gateway itself, installed elsewhere, stays)`,
            check: 'the environments it served get endpoints from another gateway',
          },
    );
  }
  notes.push(...registrationNotes(b, h, renames, sync, fleet));
  return notes;
}

/** Commands removing a cluster's registrations (for a cluster whose topology goes away), and what they leave. */
function removalOf(model: ClusterModel, head: FleetWriters): { commands: string[]; kept: string[] } {
  const out = { commands: [] as string[], kept: [] as string[] };
  if (!appliesPartials(model)) return out;
  for (const [key, o] of registeredObjects(model)) {
    // Slots another topology writes at head stay: the registration is that topology's now.
    const takers = others(head, key, model.cluster);
    const taken = writtenSlots(o)
      .filter((s) => slotWriter(takers, s) !== undefined)
      .sort();
    if (taken.length > 0)
      out.kept.push(`${objectName(o)} is written by ${clusterList(takers)} at head (${takers.map((t) => slotList(t.slots, taken)).join('; ')}), so no command removes ${taken.join(', ')}`);
    const left = writtenSlots(o)
      .filter((s) => !taken.includes(s))
      .sort();
    if (left.length === 0) continue;
    const removal = slotRemoval(o, left);
    out.commands.push(...removal.commands);
    out.kept.push(...removal.kept);
  }
  return out;
}

/** How the head's changes reach the clusters, where the notes depend on it. */
export interface SyncContext {
  /** Argo CD syncs the repository, and gwtopo.yaml does not order its planes (spec.argocd.ordering is not progressive). */
  unorderedArgoCD: boolean;
}

const NO_RACE: SyncContext = { unorderedArgoCD: false };

/** What happens to a registration of a new gateway when Argo CD syncs the planes independently. */
function raceWarning(sync: SyncContext): string {
  return sync.unorderedArgoCD
    ? '; Argo CD syncs the control-plane Application independently of the data-plane one (gwtopo.yaml sets no spec.argocd.ordering: progressive), so the registration may be applied before the Gateway exists and OpenChoreo publishes endpoints on a gateway that does not answer yet, until the data plane catches up'
    : '';
}

export interface SideModels {
  /** Clusters with a topology on this side (in scope). */
  clusters: readonly string[];
  /** Models of the valid ones. */
  models: readonly ClusterModel[];
  /** gwtopo.yaml enables an engine on this side (then destinations matter). */
  engines?: boolean;
  /** Head only: how the change is synced. */
  sync?: SyncContext;
  /** Every topology's fleet identity on this side (the clusters outside --cluster/--shard too): who writes which control-plane object. */
  identities?: readonly FleetIdentity[];
}

/** A data plane synced to another cluster: the engines create its gateways there and leave the old ones. */
function destinationNote(b: ClusterModel, h: ClusterModel): NoteDraft {
  return {
    kind: 'destination-changed',
    cluster: h.cluster,
    from: b.destination,
    to: h.destination,
    message: `overlays/${h.cluster}/data-plane is now synced to cluster ${h.destination} instead of ${b.destination}: the GitOps engines create its gateways on ${h.destination} and do not delete them from ${b.destination}`,
    check: `${h.destination} is registered with the engines (Argo CD cluster ${h.destination}; Flux Secret ${h.destination}-kubeconfig) and runs the gateway implementation; then delete gwtopo's Gateways from ${b.destination} by hand, and point DNS at the new load balancers`,
  };
}

/**
 * All notes between base and head. A cluster whose topology exists on only one side is added or removed;
 * a cluster invalid at base gets only its base-invalid note (made by baseInvalidNote).
 */
export function impactNotes(base: SideModels, head: SideModels, resourcesByCluster: ReadonlyMap<string, number>): ImpactNote[] {
  const notes: NoteDraft[] = [];
  const sync = head.sync ?? NO_RACE;
  const baseModels = new Map(base.models.map((m) => [m.cluster, m]));
  const headModels = new Map(head.models.map((m) => [m.cluster, m]));
  const fleet: FleetView = { base: fleetWriters(base.identities ?? []), head: fleetWriters(head.identities ?? []) };
  for (const cluster of base.clusters) {
    if (head.clusters.includes(cluster)) continue;
    const model = baseModels.get(cluster);
    const { commands, kept } = model === undefined ? { commands: [], kept: [] } : removalOf(model, fleet.head);
    notes.push({
      kind: 'cluster-removed',
      cluster,
      message: `the topology of cluster ${cluster} is removed: gwtopo generate deletes overlays/${cluster}/`,
      check: withKept(
        `the Argo CD Applications or Flux Kustomizations of overlays/${cluster}/ are removed too (their pruning deletes the data-plane Gateways); the control-plane registrations stay${commands.length === 0 ? '' : ": remove the ones of gwtopo's gateways by hand (commands below)"}`,
        kept,
      ),
      ...(commands.length === 0 ? {} : { commands }),
    });
  }
  for (const cluster of head.clusters) {
    const h = headModels.get(cluster);
    if (h === undefined) continue;
    if (!base.clusters.includes(cluster)) {
      const n = resourcesByCluster.get(cluster) ?? 0;
      notes.push({
        kind: 'cluster-added',
        cluster,
        message: `new cluster ${cluster}: ${n} resource${n === 1 ? '' : 's'} rendered into overlays/${cluster}/`,
        check: `an Argo CD Application or Flux Kustomization syncs overlays/${cluster}/data-plane to the cluster and overlays/${cluster}/control-plane to the control plane, and the DataPlane and Environments it registers on exist${raceWarning(sync)}`,
      });
      continue;
    }
    const b = baseModels.get(cluster);
    if (b === undefined) continue;
    if (head.engines === true && b.destination !== h.destination) notes.push(destinationNote(b, h));
    notes.push(...clusterNotes(b, h, sync, fleet));
  }
  return sortNotes(notes.map(note));
}

/** The note for a cluster whose topology is invalid at base: it is compared against nothing. */
export function baseInvalidNote(cluster: string, problems: readonly Problem[]): ImpactNote {
  const errors = problems.filter((p) => p.severity === 'error');
  const first = errors[0] === undefined ? '' : `; first: ${formatProblem({ ...errors[0], hint: undefined }).split('\n')[0]}`;
  return note({
    kind: 'base-invalid',
    cluster,
    message: `the topology of cluster ${cluster} is invalid at base (${errors.length} error${errors.length === 1 ? '' : 's'}${first}), so nothing is rendered there: every resource of the cluster shows as added`,
    check: "review the cluster's resources in full; the base problems are listed with the report",
  });
}
