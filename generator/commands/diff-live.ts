// `gwtopo diff --live FILE|- …` (contract §14, first-sync preview): what generate renders for the selected clusters
// against captured live objects, object by object (created, updated with the fields, unchanged), and the
// registrations another field manager owns that the topology does not render (orphaned-registration notes, when
// the capture carries managedFields). Reads the capture and the topologies; writes nothing.
import { loadSchemaSet } from '../conform/schema-set.js';
import type { SchemaSet } from '../conform/sets.js';
import { clusterList, hasErrors, type Problem, sortProblems } from '../diagnostics/problem.js';
import { assignGroups, groupNotes } from '../diff/fleet.js';
import { type Ack, applyAcks, gateFails } from '../diff/gate.js';
import { sortNotes } from '../diff/impact.js';
import { capturedById, capturedFor, compareLive, type LiveTarget, liveTargets } from '../diff/live.js';
import { orphanNotes } from '../diff/orphans.js';
import { ownershipOf } from '../diff/ownership.js';
import { resourcesOf } from '../diff/resources.js';
import type { ImpactNote, LiveResource, PlaneSummary } from '../diff/types.js';
import { type Captured, capturedId, readCapture } from '../parse/capture.js';
import { CAPTURE_READER, readManifests } from '../parse/manifests.js';
import { problemAt } from '../parse/objects.js';
import { runPipeline } from '../pipeline/run.js';
import type { Selection } from '../pipeline/selection.js';
import type { CommandOptions, DiffReport, LiveSummary } from '../report/types.js';
import { shellWord } from '../support/shell.js';
import { GITOPS_DIR } from '../topology/layout.js';
import type { ClusterModel } from '../topology/types.js';

/** The command that prints the whole first-sync preview locally. */
function liveRerun(inputs: readonly string[], selection: Selection): string {
  const words = ['npx', 'gwtopo', 'diff'];
  for (const i of inputs) words.push('--live', shellWord(i));
  for (const c of selection.clusters ?? []) words.push('--cluster', c);
  if (selection.shard !== undefined) words.push('--shard', `${selection.shard.index}/${selection.shard.count}`);
  words.push('--format', 'text');
  return words.join(' ');
}

const OPENCHOREO_GROUP = 'openchoreo.dev';

/** `Kind namespace/name` of a rendered or captured object. */
function label(r: Pick<LiveResource, 'kind' | 'namespace' | 'name'>): string {
  return `${r.kind} ${r.namespace === undefined ? '' : `${r.namespace}/`}${r.name}`;
}

/**
 * The first-sync preview. `report`: diff's empty report; `acks`: the acknowledgements already read (--ack,
 * --ack-file), with the warnings about them.
 */
export async function liveDiff(opts: CommandOptions, report: DiffReport, acks: { acks: Ack[]; problems: Problem[] }): Promise<DiffReport> {
  const inputs = opts.live ?? [];
  const shown = inputs.map((i) => (i === '-' ? '<stdin>' : i));
  const start: DiffReport = { ...report, base: { ref: `--live ${shown.join(' ')}`, commit: null }, rerun: liveRerun(inputs, opts.selection) };
  opts.progress?.('reading the capture');
  const read = await readManifests(opts.cwd ?? opts.root, inputs, opts.stdin ?? (async () => new Uint8Array()), CAPTURE_READER);
  const capture = readCapture(read.inputs);
  const readProblems = sortProblems([...read.problems, ...capture.problems]);
  if (hasErrors(readProblems)) return { ...start, problems: readProblems };
  opts.progress?.('validating and rendering');
  const result = await runPipeline(opts.root, opts.selection, { models: true });
  const problems = sortProblems([...readProblems, ...result.problems]);
  if (hasErrors(problems)) return { ...start, clusters: result.clusters, problems };
  const sets = new Map<string, SchemaSet | undefined>();
  const setOf = (cluster: string): SchemaSet | undefined => {
    if (!sets.has(cluster)) {
      const name = result.sets[cluster];
      const loaded = name === undefined ? undefined : loadSchemaSet(opts.root, name);
      sets.set(cluster, loaded?.ok === true ? loaded.set : undefined);
    }
    return sets.get(cluster);
  };
  // The engine objects (overlays/_gitops) live where Argo CD or Flux runs, not on the captured cluster.
  const targets = liveTargets(resourcesOf(result.files).filter((r) => r.cluster !== GITOPS_DIR && result.topologies.includes(r.cluster)));
  const byId = capturedById(capture.objects);
  const resources: LiveResource[] = [];
  const notes: ImpactNote[] = [];
  const ownership: LiveSummary['ownership'] = { checked: [], notChecked: [], notCaptured: [] };
  for (const target of targets) {
    const captured = capturedFor(target, byId);
    const owners = captured === undefined || !target.partial ? undefined : ownershipOf(captured.object);
    resources.push(compareLive(target, captured, setOf(target.cluster), owners));
    if (captured === undefined && target.partial) ownership.notCaptured.push(label(target));
    if (captured === undefined || !target.partial) continue;
    (owners === undefined ? ownership.notChecked : ownership.checked).push(label(target));
    if (owners !== undefined) notes.push(...orphanNotes(target.cluster, target.object, captured, owners));
  }
  // Registration objects of a selected cluster that gwtopo renders no partial for: every slot they hold is one the
  // topology does not render (an Environment that lost its dedicated gateway keeps the one kubectl patch set).
  const comparedIds = new Set(targets.map(capturedId));
  for (const c of capture.objects) {
    if (comparedIds.has(capturedId(c))) continue;
    const model = result.models.find((m) => registersOn(m, c));
    if (model === undefined) continue;
    const owners = ownershipOf(c.object);
    (owners === undefined ? ownership.notChecked : ownership.checked).push(label(c));
    if (owners !== undefined) notes.push(...orphanNotes(model.cluster, {}, c, owners));
  }
  const shared = sharedCaptures(targets, byId);
  const count = (c: LiveResource['change']): number => resources.filter((r) => r.change === c).length;
  const live: LiveSummary = {
    inputs: shown,
    captured: capture.objects.length,
    created: count('created'),
    updated: count('updated'),
    unchanged: count('unchanged'),
    notCaptured: count('not-captured'),
    ownership,
  };
  const changed = live.created + live.updated > 0;
  const gated = applyAcks(assignGroups(sortNotes(notes)), acks.acks, opts.failOn ?? 'none');
  return {
    ...start,
    outcome: gateFails(gated.gate) ? 'blocked' : changed && opts.exitCode === true ? 'drift' : 'ok',
    clusters: result.topologies,
    problems: sortProblems([...problems, ...shared, ...acks.problems, ...gated.problems]),
    accepted: result.accepted,
    changed,
    totals: { added: live.created, removed: 0, changed: live.updated },
    summary: summarize(resources),
    notes: gated.notes,
    groups: groupNotes(
      gated.notes,
      gated.notes.filter((n) => n.severity === 'destructive'),
    ),
    gate: gated.gate,
    resources,
    live,
  };
}

/**
 * A captured object that several selected clusters render (data-plane objects of the same name on each cluster):
 * it is compared with each, which is right for at most one. A warning at the captured object, once.
 */
function sharedCaptures(targets: readonly LiveTarget[], byId: ReadonlyMap<string, Captured>): Problem[] {
  const clusters = new Map<string, string[]>();
  for (const t of targets) {
    const id = capturedId(t);
    if (byId.has(id)) clusters.set(id, [...(clusters.get(id) ?? []), t.cluster]);
  }
  return [...clusters]
    .filter(([, names]) => names.length > 1)
    .map(([id, names]) => {
      const c = byId.get(id)!;
      return problemAt(
        'warning',
        c.at,
        [...c.prefix, 'metadata', 'name'],
        'live-capture-shared',
        `${label(c)} is rendered for ${names.length} clusters (${clusterList(names)}): this captured object is compared with each of them`,
        { hint: "a capture holds one cluster's data plane: compare it with that cluster alone (--cluster NAME)" },
      );
    });
}

/**
 * Whether a captured OpenChoreo object is one the cluster registers on: its data plane, one of its environments,
 * or an Environment whose dataPlaneRef names its data plane.
 */
function registersOn(model: ClusterModel, c: Captured): boolean {
  if (c.group !== OPENCHOREO_GROUP) return false;
  const dp = model.dataPlane;
  if (c.kind === 'DataPlane' || c.kind === 'ClusterDataPlane') return c.kind === dp.kind && c.name === dp.name && c.namespace === dp.namespace;
  if (c.kind !== 'Environment') return false;
  if (model.environments.some((e) => e.name === c.name && e.namespace === c.namespace)) return true;
  const spec = c.object.spec as { dataPlaneRef?: { kind?: unknown; name?: unknown } } | undefined;
  const ref = spec?.dataPlaneRef;
  // A DataPlane is referenced in the Environment's namespace; a ClusterDataPlane has none.
  return ref?.name === dp.name && (ref.kind ?? 'DataPlane') === dp.kind && (dp.kind === 'ClusterDataPlane' || dp.namespace === c.namespace);
}

/** Per cluster and plane: created objects count as added, updated ones as changed (only pairs with a change; not-captured ones are none). */
function summarize(resources: readonly LiveResource[]): PlaneSummary[] {
  const rows = new Map<string, PlaneSummary>();
  for (const r of resources) {
    if (r.change === 'unchanged' || r.change === 'not-captured') continue;
    const key = JSON.stringify([r.cluster, r.plane]);
    const row = rows.get(key) ?? { cluster: r.cluster, plane: r.plane, added: 0, removed: 0, changed: 0 };
    if (r.change === 'created') row.added++;
    else row.changed++;
    rows.set(key, row);
  }
  return [...rows.values()];
}
