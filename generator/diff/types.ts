// What `gwtopo diff` finds, as plain data: resource-level changes between two renders and the impact
// notes a reviewer should read. The JSON output carries these records as they are (README, "Reviewing
// changes"), so their field names and the note kinds are a stable interface.

/** One side of the comparison. */
export interface DiffSide {
  /** The git revision as given (--base, --head); null for the working tree. */
  ref: string | null;
  /** The commit it resolved to; null for the working tree. */
  commit: string | null;
}

export type ChangeKind = 'added' | 'removed' | 'changed';

/** Where a rendered resource is, and which it is. Identity: cluster, plane, kind, namespace, name. */
export interface ResourceIdentity {
  cluster: string;
  /** The overlay folder it belongs to (`data-plane`, `control-plane`). */
  plane: string;
  kind: string;
  /** Absent for cluster-scoped objects (ClusterDataPlane). */
  namespace?: string;
  name: string;
  /** The generated file, relative to the root. */
  path: string;
}

/** A rendered resource that differs between base and head. */
export interface ResourceChange extends ResourceIdentity {
  change: ChangeKind;
  /** Unified diff of the resource's YAML (without the generated header); from /dev/null when added, to it when removed. */
  diff: string;
}

/** Per cluster and plane, how many resources were added, removed and changed (only pairs with a change). */
export interface PlaneSummary {
  cluster: string;
  plane: string;
  added: number;
  removed: number;
  changed: number;
}

export interface Totals {
  added: number;
  removed: number;
  changed: number;
}

/**
 * Stable identifiers of impact notes, most consequential first (the order notes are shown in within a
 * cluster). README, "Reviewing changes", explains each.
 */
export const NOTE_KINDS = [
  'cluster-removed',
  'destination-changed',
  'gateway-deleted',
  'gateway-unmanaged',
  'gateway-recreated',
  'loadbalancer-recreated',
  'networking-changed',
  'tls-removed',
  'listener-removed',
  'listener-port-changed',
  'advertised-port-changed',
  'websocket-disabled',
  'listener-host-changed',
  'dedicated-gateway-added',
  'dedicated-gateway-removed',
  'environment-copies',
  'stale-registration',
  'gateway-managed',
  'cluster-added',
  'base-invalid',
] as const;

export type NoteKind = (typeof NOTE_KINDS)[number];

/** Something the change does that a reviewer must not miss, derived from the two models (never from text). */
export interface ImpactNote {
  kind: NoteKind;
  cluster: string;
  gateway?: string;
  environment?: string;
  /** The listener's name (listener notes). */
  listener?: string;
  /** The value before and after, where one value changes (a port, a host, a Service type, a class). */
  from?: string;
  to?: string;
  /** What happens, in one sentence. */
  message: string;
  /** What the reviewer should check or do. */
  check: string;
  /** Commands to run by hand after the merge (against the OpenChoreo control plane). */
  commands?: string[];
}
