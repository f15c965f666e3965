// What a topology claims in the fleet: the control-plane objects it writes and the data-plane objects it
// renders into its GitOps destination, each with where it was written. The per-cluster work computes it
// from the same lenient view validation reads (of an invalid topology too), and a cheap read computes it for
// clusters a run does not otherwise process (--cluster, --shard), so every run sees the whole fleet.
//
// Where a value was written is kept as the file and the field path in that file (traced through the profiles'
// provenance), not as a line and column: positions need the yaml package's document of the file, which a
// topology read by the fast path (parse/fast-yaml.ts) does not build unless asked. Only the few claims in a
// conflict are placed (fleet/conflicts.ts, with the placer the pipeline gives it), and the identity stays
// plain data that a worker thread can post back.

import type { Place } from '../diagnostics/position.js';
import type { FieldPath } from '../diagnostics/problem.js';
import { type Provenance, trace } from '../diagnostics/provenance.js';
import type { DataPlaneKind } from '../topology/types.js';
import type { TopologyView } from '../topology/view.js';

/** Where a value was written, before it is placed: the file (relative to the root) and the field path in it. */
export interface Written {
  file: string;
  path: FieldPath;
}

/** Turns where a value was written into its line and column (reads and parses the file when it must). */
export type Placer = (at: Written) => Place;

type RegistrationKind = DataPlaneKind | 'Environment';

interface Registered {
  kind: RegistrationKind;
  /** Absent for a ClusterDataPlane. */
  namespace?: string;
  name: string;
  at: Written;
  /**
   * Registrations: the slots its partial writes, `<direction>/<networking>` → the gateway's name (an
   * Environment's copies of the data plane's ingress gateways included, render/control-plane.ts
   * inheritedIngress). Review reads it to know who writes what across the fleet (diff/impact.ts).
   */
  slots?: Record<string, string>;
}

interface RenderedGateway {
  /** The cluster the GitOps engines sync the data plane to (spec.destination, default the cluster). */
  destination: string;
  namespace: string;
  name: string;
  at: Written;
}

export interface FleetIdentity {
  cluster: string;
  /** The names its spec.profiles lists. */
  profiles: string[];
  /** The data plane it is registered as (written or defaulted), whether or not a gateway registers there. */
  dataPlane?: Registered;
  /** The DataPlane/ClusterDataPlane/Environment objects it writes a partial object for. */
  registrations: Registered[];
  /**
   * The Gateways it renders. Every other data-plane object gwtopo renders (parameters, policies) lives in
   * the Gateway's namespace and is named after the Gateway with a suffix fixed per kind, so two topologies
   * render the same object only if they render the same Gateway (a test keeps the modules to that).
   */
  gateways: RenderedGateway[];
}

/** `Kind namespace/name`, or `Kind name` for a cluster-scoped object. */
export function describeObject(o: { kind: string; namespace?: string; name: string }): string {
  return `${o.kind} ${o.namespace === undefined ? '' : `${o.namespace}/`}${o.name}`;
}

/** `<direction>/<networking>` → gateway name, for the gateways whose slot is known (later ones win, as in spec.gateway). */
function slotsOf(gateways: readonly TopologyView['gateways'][number][]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const g of gateways) if (g.direction !== undefined && g.networking !== undefined && g.name !== undefined) out[`${g.direction}/${g.networking}`] = g.name;
  return out;
}

/** The fleet identity of a topology, from its (effective) document and the view validation reads. */
export function identityOf(cluster: string, data: unknown, view: TopologyView, provenance: Provenance, profiles: string[]): FleetIdentity {
  const written = (path: FieldPath): Written => {
    const traced = trace(provenance.origin, path);
    return { file: provenance.sources[traced.src]!.file, path: traced.path };
  };
  const identity: FleetIdentity = { cluster, profiles, registrations: [], gateways: [] };
  const spec = (data as { spec?: { dataPlane?: unknown } } | null)?.spec;
  const dp = spec?.dataPlane;
  const namedDataPlane = typeof dp === 'object' && dp !== null && 'name' in dp;
  const dpKind = view.dataPlane.kind;
  const shared = view.gateways.filter((g) => g.scope === 'dataplane');
  if (dpKind !== undefined) {
    // Where the value is a default, the cluster's own name is where it "was written".
    const at = written(namedDataPlane ? ['spec', 'dataPlane', 'name'] : ['metadata', 'name']);
    identity.dataPlane = { kind: dpKind, ...(view.dataPlane.namespace === undefined ? {} : { namespace: view.dataPlane.namespace }), name: view.dataPlane.name, at };
    if (view.gateways.some((g) => g.scope === 'dataplane')) identity.registrations.push({ ...identity.dataPlane, slots: slotsOf(shared) });
  }
  const seen = new Set<string>();
  for (const e of view.environments) {
    if (e.name === undefined || seen.has(e.name)) continue;
    seen.add(e.name);
    const dedicated = view.gateways.filter((g) => g.scope === 'environment' && g.environment === e.name);
    if (dedicated.length === 0) continue;
    const own = new Set(dedicated.filter((g) => g.direction === 'ingress').map((g) => g.networking));
    const copies = own.size === 0 ? [] : shared.filter((g) => g.direction === 'ingress' && !own.has(g.networking));
    identity.registrations.push({ kind: 'Environment', namespace: e.namespace, name: e.name, at: written([...e.path, 'name']), slots: slotsOf([...copies, ...dedicated]) });
  }
  const destination = view.destination ?? cluster;
  for (const g of view.gateways) {
    if (!g.managed || g.name === undefined) continue;
    identity.gateways.push({ destination, namespace: view.gatewayNamespace, name: g.name, at: written([...g.path, 'name']) });
  }
  return identity;
}
