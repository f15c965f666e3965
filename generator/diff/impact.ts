// Impact notes: what a topology change does beyond its YAML diff, derived from the two resolved models
// (never from rendered text), so a reviewer sees "this recreates a load balancer" instead of having to
// know that an annotation decides the kind of load balancer. Pure functions.
import { privateLoadBalancerAnnotation } from '../model/providers.js';
import type { ClusterModel, GatewayModel, ListenerModel, StringMap } from '../model/types.js';
import { registrations, type Registration } from '../render/control-plane.js';
import { formatProblem, type Problem } from '../validate/problem.js';
import { NOTE_KINDS, note, type ImpactNote, type NoteDraft } from './types.js';

/**
 * Service annotations that decide which load balancer a cloud creates (its kind, scheme, network or
 * address pool). Changing one makes the cloud controller delete the load balancer and create a new one with
 * a new address — unlike most annotations (health checks, timeouts), which are updated in place.
 */
export const LOAD_BALANCER_IDENTITY_ANNOTATIONS: readonly string[] = [
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
export function removeSlotsCommand(r: Pick<Registration, 'kind' | 'name' | 'namespace'>, slots: readonly string[]): string {
  const ops = [...slots].sort().map((s) => ({ op: 'remove', path: `/spec/gateway/${s}` }));
  const namespace = r.namespace === undefined ? '' : ` -n ${r.namespace}`;
  return `kubectl patch ${r.kind.toLowerCase()} ${r.name}${namespace} --type json -p '${JSON.stringify(ops)}'`;
}

interface RegisteredObject extends Registration {
  slots: Map<SlotName, GatewayModel>;
}

function registeredObjects(model: ClusterModel): Map<string, RegisteredObject> {
  const out = new Map<string, RegisteredObject>();
  for (const r of registrations(model)) out.set(objectKey(r), { ...r, slots: new Map(r.gateways.map((g) => [slotOf(g), g])) });
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
      check: 'if the Gateway exists already (e.g. installed by OpenChoreo\'s Helm chart), remove it from the other tool first, or two owners will fight over it',
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
            ? 'no client or DNS record still uses the load balancer\'s address'
            : 'DNS for the gateway\'s hosts points at the new address (external-dns does it for annotated Services) and the load balancer is as private or public as intended',
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
        check: 'no client, external load balancer or DNS record still sends traffic to the nodes\' ports',
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
    if (bl.port !== hl.port) {
      notes.push({
        kind: 'listener-port-changed',
        ...here,
        from: String(bl.port),
        to: String(hl.port),
        message: `${hl.protocol} listener ${hl.name} of gateway ${h.name} moves from port ${bl.port} to ${hl.port}: clients must use the new port`,
        check: `clients, firewall rules and load-balancer health checks use the new port${k3d ? ' (k3d maps only the ports it was created with: gwtopo generate prints the k3d node edit command to add it)' : ''}`,
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
        check: 'every route this listener serves lives in the gateway\'s namespace, or the narrowing is intended',
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

/** Registrations that change: environments moving onto or off dedicated gateways, partials that disappear. */
function registrationNotes(b: ClusterModel, h: ClusterModel, renames: ReadonlyMap<string, string>, sync: SyncContext): NoteDraft[] {
  const notes: NoteDraft[] = [];
  const before = registeredObjects(b);
  const after = registeredObjects(h);
  const shared = (model: Map<string, RegisteredObject>, slot: SlotName): GatewayModel | undefined =>
    [...model.values()].find((o) => o.kind !== 'Environment')?.slots.get(slot);
  const keys = [...new Set([...before.keys(), ...after.keys()])].sort();
  for (const key of keys) {
    const bo = before.get(key);
    const ho = after.get(key);
    const object = (ho ?? bo)!;
    if (object.kind !== 'Environment') {
      if (bo !== undefined && ho === undefined && appliesPartials(b)) {
        const successor = [...after.values()].find((o) => o.kind !== 'Environment');
        const why = successor === undefined ? 'no data-plane gateway registers on it' : `the data-plane gateways register on ${objectName(successor)} instead`;
        const removal = slotRemoval(bo, [...bo.slots.keys()].sort());
        notes.push({
          kind: 'stale-registration',
          cluster: h.cluster,
          message: `${objectName(bo)} gets no partial from gwtopo any more (${why}): the engines never prune partials, so its last applied spec.gateway (${[...bo.slots.keys()].sort().join(', ')}) stays`,
          check: withKept('remove the registration by hand once this is synced, against the OpenChoreo control plane', removal.kept),
          ...(removal.commands.length === 0 ? {} : { commands: removal.commands }),
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
        // The same environment in another namespace, on the same gateway: it moved, the gateway did not.
        const moved = bg === undefined ? [...before.values()].find((o) => o.kind === 'Environment' && o.name === object.name && o.namespace !== object.namespace && o.slots.get(slot)?.name === hg.name) : undefined;
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
                message: `environment ${object.name} moves onto dedicated gateway ${hg.name} for ${slot} (instead of ${bg !== undefined ? 'dedicated gateway' : "the data plane's shared gateway"} ${previous.name}): its endpoints are published on ${hosts} instead of ${previous.listeners.map((l) => l.host).join(', ')}`,
                check: `${ready}; clients of the environment's endpoints use the new hosts`,
              },
        );
        continue;
      }
      const fallback = shared(after, slot);
      const stale = ho === undefined && appliesPartials(b);
      notes.push({
        kind: 'dedicated-gateway-removed',
        ...at,
        gateway: bg!.name,
        ...(fallback === undefined ? {} : { from: bg!.name, to: fallback.name }),
        message: `environment ${object.name} moves off dedicated gateway ${bg!.name} for ${slot}: ${fallback === undefined ? 'no gateway serves that slot for it any more' : `the data plane's shared gateway ${fallback.name} serves it instead`}`,
        check: stale
          ? `the partial Environment ${object.name} is no longer in the overlay and the engines never prune it, so the old registration stays on the Environment until removed by hand (command below, against the control plane)`
          : 'server-side apply drops the slot from the Environment on the next sync: verify with kubectl get environment after the merge',
        ...(stale ? { commands: [removeSlotsCommand(bo!, [slot])] } : {}),
      });
    }
  }
  return notes;
}

/** What a rename must keep: direction, networking, scope, environment, managed, and every listener's protocol, port, host and hostname. */
function renameKey(g: GatewayModel): string {
  const listeners = g.listeners.map((l) => [l.protocol, l.port, l.host, l.hostname ?? null]).sort((x, y) => (JSON.stringify(x) < JSON.stringify(y) ? -1 : 1));
  return JSON.stringify([g.direction, g.networking, g.scope, g.environment ?? null, g.managed, listeners]);
}

/**
 * Gateways removed and added in one cluster that are the same gateway under another name: old name → new
 * name. Only one-to-one matches count; two removed gateways that match one added gateway (or the reverse)
 * stay a deletion and an addition.
 */
function findRenames(removed: readonly GatewayModel[], added: readonly GatewayModel[]): Map<string, string> {
  const byKey = (gs: readonly GatewayModel[]): Map<string, GatewayModel[]> => {
    const m = new Map<string, GatewayModel[]>();
    for (const g of gs) m.set(renameKey(g), [...(m.get(renameKey(g)) ?? []), g]);
    return m;
  };
  const olds = byKey(removed);
  const news = byKey(added);
  const out = new Map<string, string>();
  for (const [key, [old, ...moreOld]] of olds) {
    const candidates = news.get(key) ?? [];
    if (moreOld.length === 0 && candidates.length === 1) out.set(old!.name, candidates[0]!.name);
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
  return {
    kind: 'gateway-renamed',
    ...at,
    message: `gateway ${b.name} is renamed to ${h.name}: the GitOps engine deletes Gateway ${b.name} (with ${serviceWords(b)}) and creates ${h.name} with a new Service${lb ? ' and a new load balancer address' : ''}; the registration moves to ${h.name}`,
    check: `${lb ? NEW_ADDRESS_CHECK : 'in-cluster clients use the new Service name (the default host of internal ClusterIP gateways follows it)'}; routes of your own that name ${b.name} in parentRefs name ${h.name} (OpenChoreo re-renders its own from the registration); keep the old name if the rename is cosmetic${raceWarning(sync)}`,
  };
}

/** Notes for a cluster present (and valid) on both sides. */
export function clusterNotes(b: ClusterModel, h: ClusterModel, sync: SyncContext = NO_RACE): NoteDraft[] {
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
  notes.push(...registrationNotes(b, h, renames, sync));
  return notes;
}

/** Commands removing a cluster's registrations (for a cluster whose topology goes away), and what they leave. */
function removalOf(model: ClusterModel): { commands: string[]; kept: string[] } {
  const out = { commands: [] as string[], kept: [] as string[] };
  if (!appliesPartials(model)) return out;
  for (const o of registeredObjects(model).values()) {
    const removal = slotRemoval(o, [...o.slots.keys()].sort());
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
    ? "; Argo CD syncs the control-plane Application independently of the data-plane one (gwtopo.yaml sets no spec.argocd.ordering: progressive), so the registration may be applied before the Gateway exists and OpenChoreo publishes endpoints on a gateway that does not answer yet, until the data plane catches up"
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
  for (const cluster of base.clusters) {
    if (head.clusters.includes(cluster)) continue;
    const model = baseModels.get(cluster);
    const { commands, kept } = model === undefined ? { commands: [], kept: [] } : removalOf(model);
    notes.push({
      kind: 'cluster-removed',
      cluster,
      message: `the topology of cluster ${cluster} is removed: gwtopo generate deletes overlays/${cluster}/`,
      check: withKept(
        `the Argo CD Applications or Flux Kustomizations of overlays/${cluster}/ are removed too (their pruning deletes the data-plane Gateways); the control-plane registrations stay${commands.length === 0 ? '' : ': remove the ones of gwtopo\'s gateways by hand (commands below)'}`,
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
    notes.push(...clusterNotes(b, h, sync));
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
    check: 'review the cluster\'s resources in full; the base problems are listed with the report',
  });
}
