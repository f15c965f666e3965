// The pipeline, end to end, as named steps over one PipelineResult (kustomize's accumulateTarget is the model):
//
//   repository  discover topologies/, read gwtopo.yaml, the profiles and the schema sets it names (repository.ts)
//   clusters    per cluster: parse → expand → validate → model → render → default → serialize → conform (cluster.ts),
//               over every cluster, in worker threads for large repositories (clusters.ts, pool.ts)
//   fleet       conflicts between clusters, problems of the profile files (fleet.ts)
//   engines     the Argo CD / Flux objects of gwtopo.yaml (engines.ts)
//
// Commands call runPipeline and then write or compare; nothing here writes to disk. Clusters outside a
// --cluster or --shard selection are read only as far as their fleet identity, so the fleet step always sees
// every topology. Profiles are read once per run and parsed once per thread.
import { join } from 'node:path';
import { loadSchemaSet } from '../conform/schema-set.js';
import { configSetProblems } from '../conform/stage.js';
import { accept } from '../diagnostics/accept.js';
import { hasErrors, mergeSharedProblems, type Problem, RUN_FILE, sortProblems } from '../diagnostics/problem.js';
import { closest } from '../diagnostics/suggest.js';
import type { Expanded } from '../expand/expand.js';
import { profileSet } from '../expand/set.js';
import { fleetProblems } from '../fleet/conflicts.js';
import type { FleetIdentity, Placer } from '../fleet/identity.js';
import { filePlacer } from '../fleet/place.js';
import type { ClusterTarget } from '../render/gitops.js';
import { discoverTopologies } from '../repository/discover.js';
import { readProfiles } from '../repository/profiles.js';
import type { OutputFile } from '../serialize/files.js';
import { CONFIG_FILE, type RepoConfig } from '../topology/config.js';
import { GITOPS_DIR, TOPOLOGIES_DIR, TOPOLOGY_FILE } from '../topology/layout.js';
import type { ClusterModel } from '../topology/types.js';
import type { PipelineOptions } from './cluster.js';
import { processAll, type WorkItem } from './clusters.js';
import { engineObjects } from './engines.js';
import { profileProblems } from './fleet.js';
import { exists, holdsOutput, loadConfig, overlayClusters } from './repository.js';
import { isEverything, type Selection, selects } from './selection.js';

export interface PipelineResult {
  /** Clusters in scope: those with a topology, plus requested clusters that only have output left. */
  clusters: string[];
  /** The clusters in scope that have a topology (validate counts these). */
  topologies: string[];
  problems: Problem[];
  /** Warnings accepted by spec.acceptWarnings (of the topologies and of gwtopo.yaml), sorted. */
  accepted: Problem[];
  ok: boolean;
  /** Every rendered file, sorted by path. */
  files: OutputFile[];
  /** k3d port-mapping commands by cluster (only clusters that need some). */
  k3d: Record<string, string[]>;
  /** With `models: true`: the model of every valid topology, by cluster. */
  models: ClusterModel[];
  /** The schema set of every valid topology, by cluster. */
  sets: Record<string, string>;
  /** Folders under overlays/ this run owns (undefined: all of overlays/), for pruning and drift. */
  scope?: string[];
  /** The repository configuration (gwtopo.yaml), when there is a valid one. */
  config?: RepoConfig;
  /** With `expanded: true`: the effective topology of every selected cluster whose profiles could be applied. */
  expanded: Expanded[];
  /** What every readable topology claims in the fleet (with the fleet stage on). */
  identities: FleetIdentity[];
  /** The line and column of where an identity's claim was written (reads the file again when it must). */
  place: Placer;
}

function problem(file: string, rule: string, message: string, hint: string, path = ''): Problem {
  return { severity: 'error', file, line: 1, col: 1, path, rule, message, hint };
}

/**
 * Discovers, loads, validates, renders and conforms the selected topologies under root. Selected
 * cluster folders under overlays/ whose topology is gone are in scope too: their output is pruned
 * (generate) or stale (check).
 */
export async function runPipeline(root: string, selection: Selection, opts: PipelineOptions): Promise<PipelineResult> {
  const result: PipelineResult = {
    clusters: [],
    topologies: [],
    problems: [],
    accepted: [],
    ok: false,
    files: [],
    k3d: {},
    models: [],
    sets: {},
    expanded: [],
    identities: [],
    place: (at) => ({ file: at.file, line: 1, col: 1, path: '' }),
  };
  // repository
  if (!(await exists(join(root, TOPOLOGIES_DIR)))) {
    result.problems.push(
      problem(
        RUN_FILE,
        'layout',
        `no ${TOPOLOGIES_DIR}/ folder in ${root}`,
        `run gwtopo inside the GitOps repository (it looks upwards from the current folder for ${TOPOLOGIES_DIR}/ or ${CONFIG_FILE}), pass --root DIR, or start one with gwtopo init CLUSTER`,
      ),
    );
    return result;
  }
  const discovery = await discoverTopologies(root);
  const loadedConfig = await loadConfig(root);
  const problems = [...loadedConfig.problems, ...discovery.problems.filter((p) => !p.file.startsWith(`${TOPOLOGIES_DIR}/`) || selects(selection, p.file.split('/')[1] ?? ''))];
  const all = discovery.topologies.map((t) => t.cluster);
  const crds = loadedConfig.config?.crds;
  if (crds !== undefined) problems.push(...configSetProblems(crds, all, (value) => loadSchemaSet(root, value)));
  const refs = discovery.topologies.filter((t) => selects(selection, t.cluster));
  const orphans = (await overlayClusters(root)).filter((c) => !all.includes(c) && selects(selection, c) && holdsOutput(root, c));
  for (const name of selection.clusters ?? []) {
    if (all.includes(name) || orphans.includes(name)) continue;
    const guess = closest(name, all);
    problems.push(
      problem(
        RUN_FILE,
        'cluster-not-found',
        `no such topology (${TOPOLOGIES_DIR}/${name}/${TOPOLOGY_FILE} does not exist)`,
        guess !== undefined ? `did you mean "${guess}"?` : all.length === 0 ? 'there are no topologies yet' : `clusters: ${all.join(', ')}`,
        `--cluster ${name}`,
      ),
    );
  }
  // clusters: the fleet step needs every topology's identity, so clusters outside the selection are read that far.
  const fleet = opts.fleet !== false;
  const selected = new Set(refs.map((r) => r.cluster));
  const items: WorkItem[] = discovery.topologies.flatMap((ref): WorkItem[] => (selected.has(ref.cluster) ? [{ ref, work: 'full' }] : fleet ? [{ ref, work: 'identity' }] : []));
  const profiles = await readProfiles(root);
  const destinations = new Map<string, string>();
  const identities: FleetIdentity[] = [];
  const accepted: Problem[] = [];
  const clusterProblems: Problem[] = [];
  const chart = loadedConfig.config?.chart;
  const clusterOpts = { ...opts, ...(crds === undefined ? {} : { crds }), ...(chart === undefined ? {} : { chart }) };
  for (const r of await processAll(root, items, clusterOpts, profiles.profiles)) {
    if (r.identity !== undefined) identities.push(r.identity);
    if (r.destination !== undefined) destinations.set(r.cluster, r.destination);
    if (!selected.has(r.cluster)) continue;
    clusterProblems.push(...r.problems);
    accepted.push(...r.accepted);
    if (r.files !== undefined) result.files.push(...r.files);
    if (r.k3d !== undefined) result.k3d[r.cluster] = r.k3d;
    if (r.model !== undefined) result.models.push(r.model);
    if (r.expanded !== undefined) result.expanded.push(r.expanded);
    if (r.set !== undefined) result.sets[r.cluster] = r.set;
  }
  // fleet: what the whole fleet owns (the engine objects, profiles nobody uses) belongs to full runs and to
  // shard 1 of a sharded run.
  const ownsFleet = opts.ownsFleet ?? (selection.clusters === undefined && (selection.shard === undefined || selection.shard.index === 1));
  const set = profileSet(profiles.profiles);
  problems.push(...profileProblems(set, identities, selected, ownsFleet && fleet));
  if (ownsFleet) problems.push(...profiles.problems);
  problems.push(...clusterProblems);
  result.place = filePlacer(root, discovery.topologies, set);
  const fleetScope = opts.fleetScope;
  if (fleet) problems.push(...fleetProblems(identities, (c) => (fleetScope === undefined ? selected.has(c) : selects(fleetScope, c)), result.place));
  result.identities = identities;
  result.topologies = refs.map((r) => r.cluster).sort();
  result.clusters = [...result.topologies, ...orphans].sort();
  // gwtopo.yaml's acceptances cover every file; whether one matches nothing is known only on a run over all
  // clusters without errors.
  const repository = accept(mergeSharedProblems(problems), loadedConfig.acceptances);
  result.problems = sortProblems([...repository.problems, ...(isEverything(selection) && !hasErrors(repository.problems) ? repository.unused : [])]);
  result.accepted = sortProblems([...accepted, ...repository.accepted]);
  result.ok = !hasErrors(result.problems);
  if (loadedConfig.config !== undefined) result.config = loadedConfig.config;
  if (!isEverything(selection)) result.scope = [...result.clusters, ...(ownsFleet ? [GITOPS_DIR] : [])];
  // engines
  const config = loadedConfig.config;
  if ((result.ok || opts.partial === true) && ownsFleet && config !== undefined && config.engines.length > 0) {
    const targets: ClusterTarget[] = discovery.topologies.map((t) => ({ cluster: t.cluster, destination: destinations.get(t.cluster) ?? t.cluster }));
    const engines = engineObjects(root, config, targets, loadedConfig, opts);
    result.files.push(...engines.files);
    result.problems = sortProblems([...result.problems, ...engines.problems]);
    result.ok = !hasErrors(result.problems);
  }
  result.files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return result;
}
