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

type ChangeKind = 'added' | 'removed' | 'changed';

/** diff --live: what the first sync does to a captured object (contract §14). */
export type LiveChange = 'created' | 'updated' | 'unchanged';

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

/** A rendered resource that differs between base and head, or (diff --live) a rendered object compared with the captured one. */
export interface ResourceChange extends ResourceIdentity {
  change: ChangeKind | LiveChange;
  /**
   * diff --live, updated: each field the sync changes (path, live value, rendered value; no `live` when the
   * field is absent live, no `rendered` when the sync removes it). Empty for created and unchanged objects.
   */
  fields?: FieldChange[];
  /**
   * Unified diff of the resource's YAML (without the generated header); from /dev/null when added, to it when removed.
   * diff --live: the live object cut to the fields gwtopo renders against the rendered one ('' when unchanged).
   */
  diff: string;
}

/** A change between two renders (diff --base). */
export type RenderChange = ResourceChange & { change: ChangeKind };

/** One field a first sync changes. */
export interface FieldChange {
  /** `spec.listeners[name=http].port`, `metadata.labels["app.kubernetes.io/managed-by"]`. */
  path: string;
  live?: unknown;
  rendered?: unknown;
}

/** diff --live: one rendered object compared with the captured one. */
export type LiveResource = ResourceChange & { change: LiveChange; fields: FieldChange[] };

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
 * How much a note matters. `destructive`: after the sync something stops answering where clients reach it,
 * or answers at another address (a deleted or recreated gateway or load balancer, a removed listener,
 * registration or TLS, a changed port or host). `diff --fail-on destructive` exits 1 until each one is
 * acknowledged. `info`: worth reading, nothing stops.
 */
export type NoteSeverity = 'destructive' | 'info';

/**
 * Every impact note kind with its severity, most consequential first (the order notes are shown in within a
 * cluster). One entry per kind: a note cannot exist without a severity. docs/review.md explains each.
 */
export const NOTE_TABLE = {
  'cluster-removed': { severity: 'destructive' },
  'destination-changed': { severity: 'destructive' },
  'gateway-deleted': { severity: 'destructive' },
  'gateway-renamed': { severity: 'destructive' },
  'gateway-unmanaged': { severity: 'destructive' },
  'gateway-recreated': { severity: 'destructive' },
  'loadbalancer-recreated': { severity: 'destructive' },
  'nodeport-removed': { severity: 'destructive' },
  'networking-changed': { severity: 'destructive' },
  'tls-removed': { severity: 'destructive' },
  'listener-removed': { severity: 'destructive' },
  'listener-port-changed': { severity: 'destructive' },
  'advertised-port-changed': { severity: 'destructive' },
  'websocket-disabled': { severity: 'destructive' },
  'listener-host-changed': { severity: 'destructive' },
  'allowed-routes-narrowed': { severity: 'destructive' },
  'endpoints-moved': { severity: 'destructive' },
  'dedicated-gateway-removed': { severity: 'destructive' },
  'stale-registration': { severity: 'destructive' },
  // Only diff --live reports it (from a capture's managedFields): two renders never show one.
  'orphaned-registration': { severity: 'destructive', liveOnly: true },
  'registration-moved': { severity: 'destructive' },
  'dedicated-gateway-added': { severity: 'info' },
  'environment-copies': { severity: 'info' },
  'registration-released': { severity: 'info' },
  'gateway-managed': { severity: 'info' },
  'cluster-added': { severity: 'info' },
  'base-invalid': { severity: 'info' },
} as const satisfies Record<string, { severity: NoteSeverity; liveOnly?: true }>;

export type NoteKind = keyof typeof NOTE_TABLE;

/** Note kinds in table order. */
export const NOTE_KINDS = Object.keys(NOTE_TABLE) as NoteKind[];

/**
 * Something the change does that a reviewer must not miss, derived from the two models (never from text).
 * `id` is stable across runs and pushes: `<kind>:<cluster>/<gateway>`, or `<kind>:<cluster>` for a note about
 * the whole cluster (several notes may share an id, e.g. two listeners of one gateway; one acknowledgement
 * covers them all).
 */
export interface ImpactNote {
  kind: NoteKind;
  id: string;
  severity: NoteSeverity;
  /** Destructive notes only: whether an acknowledgement (--ack, --ack-file) matches the id. */
  acknowledged?: boolean;
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
  /**
   * The group of identical notes (one per cluster) it belongs to: 8 hex digits of what they share — kind, gateway,
   * environment, listener, values and texts with the cluster names left out. `<glob>#<group>` acknowledges exactly
   * that group (diff/fleet.ts assignGroups).
   */
  group?: string;
}

/** A note as the impact rules write it; `note()` adds its id and severity. */
export type NoteDraft = Omit<ImpactNote, 'id' | 'severity' | 'acknowledged'>;

/** The stable id of a note: `<kind>:<cluster>/<gateway>`, or `<kind>:<cluster>` without a gateway. */
function noteId(n: Pick<ImpactNote, 'kind' | 'cluster' | 'gateway'>): string {
  return `${n.kind}:${n.cluster}${n.gateway === undefined ? '' : `/${n.gateway}`}`;
}

/** A finished note: the draft with its id and its kind's severity, keys in the documented order. */
export function note(draft: NoteDraft): ImpactNote {
  const { kind, ...rest } = draft;
  return { kind, id: noteId(draft), severity: NOTE_TABLE[kind].severity, ...rest };
}
