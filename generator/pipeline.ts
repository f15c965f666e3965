// The pipeline, end to end: load → expand (profiles) → validate → model → render → serialize → conform, one
// cluster at a time, then the fleet stage across clusters. Commands call runPipeline and then write or compare;
// nothing here writes to disk.
//
// Clusters are independent, so a large repository is shared with worker threads (pipeline-worker.ts),
// each taking the next cluster from a shared counter and running the same per-cluster function; results
// are put back in the order of the clusters, so the output does not depend on which thread did what.
// Each cluster's work also yields its fleet identity (fleet/identity.ts); clusters outside a --cluster or
// --shard selection are read only that far, so the fleet stage (fleet/conflicts.ts) always sees every
// topology. Profiles are read once per run and parsed once per thread.
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Worker } from 'node:worker_threads';
import fg from 'fast-glob';
import { TOPOLOGIES_DIR, TOPOLOGY_FILE, discoverTopologies, type TopologyRef } from './load/discover.js';
import { readBase } from './load/base.js';
import { loadTopology, type ParsedTopology } from './load/parse.js';
import { readProfiles, type ProfileFile } from './load/profiles.js';
import { loadSchemaSet } from './load/schema-set.js';
import { expandTopology, type Expanded } from './profiles/expand.js';
import { profileSet, type ProfileSet } from './profiles/set.js';
import { fleetProblems } from './fleet/conflicts.js';
import { identityOf, type FleetIdentity, type Placer } from './fleet/identity.js';
import { filePlacer } from './fleet/place.js';
import { Reporter } from './validate/locate.js';
import { readView, type TopologyView } from './validate/view.js';
import type { ClusterModel } from './model/types.js';
import { renderCluster } from './render/index.js';
import { k3dPortCommands } from './render/k3d.js';
import { fileNameOf, type PlacedResource, type Resource } from './render/resource.js';
import { OVERLAYS_DIR, clusterFiles, folderFiles, resourceFile, type OutputFile } from './serialize/files.js';
import { GITOPS_DIR, renderArgoCD, renderFlux, type ClusterTarget } from './render/gitops.js';
import { CONFIG_FILE, type CrdsConfig, type RepoConfig } from './model/config.js';
import { chooseSet } from './conform/choice.js';
import { DEFAULT_SET } from './conform/index.js';
import { configSetProblems, conformFile, setProblem } from './conform/stage.js';
import type { Provenance } from './profiles/provenance.js';
import { accept, type Acceptance } from './validate/accept.js';
import { validateConfig } from './validate/config.js';
import { settle, validateTopology } from './validate/index.js';
import { RUN_FILE, hasErrors, mergeSharedProblems, sortProblems, type Problem } from './validate/problem.js';
import { closest } from './validate/suggest.js';
import { isEverything, selects, type Selection } from './selection.js';
import { PARALLEL_THRESHOLD, takePipelineWorkers } from './pipeline-pool.js';
import { extraThreads } from './threads.js';

export interface ClusterResult {
  cluster: string;
  problems: Problem[];
  /** Warnings the topology accepts. */
  accepted: Problem[];
  /** The rendered files (when the topology is valid). */
  files?: OutputFile[];
  /** k3d port-mapping commands, when there are any. */
  k3d?: string[];
  /** The cluster's name in the GitOps engines (topologies that could be read). */
  destination?: string;
  /** The schema set its resources were validated against (valid topologies). */
  set?: string;
  /** The model (only when asked for, in-process). */
  model?: ClusterModel;
  /** What the topology claims in the fleet (topologies that could be read). */
  identity?: FleetIdentity;
  /** The effective topology and its provenance (only when asked for, in-process). */
  expanded?: Expanded;
}

export interface PipelineOptions {
  /** Keep each cluster's model in the result (forces in-process work). */
  models?: boolean;
  /** Render the engine objects even when a topology is invalid (diff: a base may hold broken topologies). */
  partial?: boolean;
  /** Check the fleet (default true): read every topology's identity and report conflicts with the selected ones. */
  fleet?: boolean;
  /** Keep each selected cluster's effective topology in the result (forces in-process work). */
  expanded?: boolean;
  /**
   * The previous content of output files by path (diff: the base revision's render): a changed resource is
   * also checked against the transition rules of its CRD (those using oldSelf), as an update.
   */
  previous?: ReadonlyMap<string, string>;
  /** gwtopo.yaml's spec.crds (runPipeline passes it on to every cluster). */
  crds?: CrdsConfig;
}

/** How far a cluster is processed: all the way, or only to its fleet identity (a cluster outside the selection). */
export type Work = 'full' | 'identity';

/** spec.controlPlane.base of a patch-mode topology, read before validation (its base is read from disk). */
function patchBaseOf(data: unknown): string | undefined {
  const spec = (data as { spec?: { controlPlane?: { mode?: unknown; base?: unknown } } } | null)?.spec;
  const cp = spec?.controlPlane;
  return cp?.mode === 'patch' && typeof cp.base === 'string' && cp.base !== '' ? cp.base : undefined;
}

/** The engine name of a topology: its spec.destination when it reads as one, else the cluster name. */
function destinationOf(cluster: string, destination: string | undefined): string {
  return destination !== undefined && DNS_SUBDOMAIN.test(destination) ? destination : cluster;
}

/** Problems found in a file several clusters share (a profile) name the cluster they were found for. */
function tagShared(problems: readonly Problem[], own: ParsedTopology): Problem[] {
  return problems.map((p) => (p.file === own.file ? p : { ...p, clusters: [own.cluster] }));
}

/**
 * The conform stage of one cluster: its rendered resources against its schema set. A set its topology (or
 * one of its profiles) names that cannot be loaded is a problem there; one gwtopo.yaml names is reported
 * there, once.
 */
function conformCluster(root: string, topology: ParsedTopology, provenance: Provenance, model: ClusterModel, placed: readonly PlacedResource[], files: readonly OutputFile[], opts: PipelineOptions, result: ClusterResult): Problem[] {
  const own = model.crds === undefined ? undefined : { value: model.crds, ...new Reporter(topology, provenance).place(['spec', 'crds']) };
  const choice = chooseSet(model.cluster, own, opts.crds);
  result.set = choice.value;
  const loaded = loadSchemaSet(root, choice.value);
  if (!loaded.ok) return choice.own ? [setProblem(choice.ref!, loaded.message, loaded.hint)] : [];
  const items = placed.map((p) => ({ file: resourceFile(model.cluster, p.plane, p.resource), resource: p.resource, origin: p.origin, partial: p.plane === 'control-plane' }));
  return conformFile(loaded.set, items, files, { parsed: topology, provenance, subject: `cluster ${model.cluster}`, ...(opts.previous === undefined ? {} : { previous: opts.previous }) });
}

/**
 * Load, expand, validate, render, serialize and conform one cluster — or, for work 'identity', only read what it
 * claims in the fleet. Never throws for bad input.
 */
export async function processCluster(root: string, ref: TopologyRef, opts: PipelineOptions, profiles: ProfileSet, work: Work = 'full'): Promise<ClusterResult> {
  const loaded = await loadTopology(root, ref);
  const full = work === 'full';
  const result: ClusterResult = { cluster: ref.cluster, problems: full ? loaded.problems : [], accepted: [] };
  if (!loaded.ok) return result;
  const expansion = expandTopology(loaded.topology, profiles);
  if (full) result.problems = tagShared([...result.problems, ...expansion.problems], loaded.topology);
  const expanded = expansion.expanded;
  if (expanded === undefined) {
    result.identity = { cluster: ref.cluster, profiles: expansion.listed, registrations: [], gateways: [] };
    return result;
  }
  if (full && opts.expanded === true) result.expanded = expanded;
  const topology = expanded.topology;
  const identify = (view: TopologyView): void => {
    result.identity = identityOf(ref.cluster, topology.data, view, expanded.provenance, expansion.listed);
    result.destination = destinationOf(ref.cluster, view.destination);
  };
  if (!full) {
    identify(readView(topology.data));
    return result;
  }
  const base = patchBaseOf(topology.data);
  const validated = validateTopology(topology, { ...(base === undefined ? {} : { base: readBase(root, base) }), provenance: expanded.provenance, settle: false });
  identify(validated.view);
  const model = validated.model;
  let conformed: Problem[] = [];
  if (model !== undefined) {
    if (opts.models === true) result.model = model;
    const placed = renderCluster(model);
    result.files = clusterFiles(model.cluster, model.source, placed, model.controlPlane.mode === 'patch' ? model.controlPlane.base : undefined);
    conformed = conformCluster(root, topology, expanded.provenance, model, placed, result.files, opts, result);
    const k3d = k3dPortCommands(model);
    if (k3d.length > 0) result.k3d = k3d;
  }
  // The topology's acceptances cover its warnings of every stage, conform's included.
  const settled = settle([...validated.problems, ...conformed], validated.acceptances);
  result.problems = [...result.problems, ...tagShared(settled.problems, topology)];
  result.accepted = tagShared(settled.accepted, topology);
  return result;
}

export interface PipelineResult {
  /** Clusters in scope: those with a topology, plus requested clusters that only have output left. */
  clusters: string[];
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

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}

function problem(file: string, rule: string, message: string, hint: string, path = ''): Problem {
  return { severity: 'error', file, line: 1, col: 1, path, rule, message, hint };
}

/** What a worker thread posts back: its results, each with the index of its cluster in `refs`. */
export type WorkerResults = [index: number, result: ClusterResult][];

/** One cluster to process, and how far. */
export interface WorkItem {
  ref: TopologyRef;
  work: Work;
}

/** What a worker thread is sent to start its work. */
export interface WorkerInput {
  root: string;
  items: WorkItem[];
  opts: PipelineOptions;
  next: Int32Array;
  profiles: ProfileFile[];
}

function runWorker(worker: Worker, input: WorkerInput): Promise<WorkerResults> {
  return new Promise((resolve, reject) => {
    worker.postMessage(input);
    worker.once('message', (results: WorkerResults) => resolve(results));
    worker.once('error', reject);
    worker.once('exit', (code) => {
      if (code !== 0) reject(new Error(`pipeline worker exited with code ${code}`));
    });
  });
}

/**
 * Takes the index of the next unprocessed cluster from the counter the threads share, so that a thread
 * that started late (a worker compiles the schema first) or got slow clusters simply takes fewer.
 */
export function takeNext(next: Int32Array): number {
  return Atomics.add(next, 0, 1);
}

/** Processes clusters, in parallel for large repositories; results in the order of `items`. */
async function processAll(root: string, items: WorkItem[], opts: PipelineOptions, profiles: ProfileFile[]): Promise<ClusterResult[]> {
  const workers = opts.models === true || opts.expanded === true ? 0 : extraThreads(items.length, PARALLEL_THRESHOLD);
  const results: ClusterResult[] = new Array<ClusterResult>(items.length);
  const next = new Int32Array(new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT));
  const pending = takePipelineWorkers(workers).map((worker) => runWorker(worker, { root, items, opts, next, profiles }));
  const set = profileSet(profiles);
  for (let i = takeNext(next); i < items.length; i = takeNext(next)) results[i] = await processCluster(root, items[i]!.ref, opts, set, items[i]!.work);
  for (const [i, result] of (await Promise.all(pending)).flat()) results[i] = result;
  return results;
}

/** Cluster folders under overlays/ (output of clusters that may no longer have a topology). */
async function overlayClusters(root: string): Promise<string[]> {
  const dirs = fg.sync(`${OVERLAYS_DIR}/*`, { cwd: root, onlyDirectories: true, followSymbolicLinks: false, dot: false });
  return dirs.map((d) => d.slice(OVERLAYS_DIR.length + 1)).filter((d) => DNS_LABEL.test(d)).sort();
}

const DNS_LABEL = /^(?=.{1,63}$)[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS_SUBDOMAIN = /^(?=.{1,253}$)[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

interface LoadedConfig {
  config?: RepoConfig;
  /** The parsed file, for positions in it. */
  parsed?: ParsedTopology;
  problems: Problem[];
  /** spec.acceptWarnings of gwtopo.yaml: warnings accepted for the whole repository. */
  acceptances: Acceptance[];
}

/** gwtopo.yaml, when the repository has one. */
async function loadConfig(root: string): Promise<LoadedConfig> {
  if (!(await exists(join(root, CONFIG_FILE)))) return { problems: [], acceptances: [] };
  const loaded = await loadTopology(root, { cluster: '', file: CONFIG_FILE, kind: 'Repository' });
  if (!loaded.ok) return { problems: loaded.problems, acceptances: [] };
  const validated = validateConfig(loaded.topology);
  return { parsed: loaded.topology, problems: [...loaded.problems, ...validated.problems], acceptances: validated.acceptances, ...(validated.config === undefined ? {} : { config: validated.config }) };
}

/** The engine objects of gwtopo.yaml for every cluster, by folder of overlays/_gitops/. */
function gitopsFolders(config: RepoConfig, clusters: ClusterTarget[]): { engine: string; dir: string; resources: Resource[] }[] {
  const dir = `${OVERLAYS_DIR}/${GITOPS_DIR}`;
  return [
    ...(config.engines.includes('argocd') ? [{ engine: 'argocd', dir: `${dir}/argocd`, resources: renderArgoCD(config, clusters) }] : []),
    ...(config.engines.includes('flux') ? [{ engine: 'flux', dir: `${dir}/flux`, resources: renderFlux(config, clusters) }] : []),
  ];
}

/** The engine objects against gwtopo.yaml's default set; problems at the engine in spec.engines. */
function conformGitops(root: string, folders: ReturnType<typeof gitopsFolders>, files: readonly OutputFile[], loaded: LoadedConfig, opts: PipelineOptions): Problem[] {
  const { config, parsed } = loaded;
  const set = loadSchemaSet(root, config?.crds?.default?.value ?? DEFAULT_SET);
  if (!set.ok || parsed === undefined) return []; // a set gwtopo.yaml names is reported by configSetProblems
  const written = (parsed.data as { spec?: { engines?: unknown } }).spec?.engines;
  const items = folders.flatMap((folder) => {
    const index = Array.isArray(written) ? written.indexOf(folder.engine) : -1;
    const origin = { path: ['spec', 'engines', ...(index === -1 ? [] : [index])] };
    return folder.resources.map((resource) => ({ file: `${folder.dir}/${fileNameOf(resource)}`, resource, origin, partial: false }));
  });
  return conformFile(set.set, items, files, { parsed, subject: 'the engine objects', ...(opts.previous === undefined ? {} : { previous: opts.previous }) });
}

/**
 * The problems of the profile files themselves, once per run, naming the clusters that use each profile:
 * in runs that own the fleet (warnings for profiles nobody uses, too), and in any run one of whose
 * clusters uses the profile.
 */
function profileProblems(set: ProfileSet, identities: readonly FleetIdentity[], selected: ReadonlySet<string>, ownsFleet: boolean): Problem[] {
  const users = new Map<string, string[]>();
  for (const identity of identities) {
    for (const name of new Set(identity.profiles)) {
      const list = users.get(name);
      if (list === undefined) users.set(name, [identity.cluster]);
      else list.push(identity.cluster);
    }
  }
  const problems: Problem[] = [];
  for (const name of set.names) {
    const profile = set.byName.get(name)!;
    const clusters = (users.get(name) ?? []).sort();
    if (!ownsFleet && !clusters.some((c) => selected.has(c))) continue;
    problems.push(...profile.problems.map((p) => (clusters.length === 0 ? p : { ...p, clusters })));
    if (ownsFleet && clusters.length === 0) {
      const at = profile.parsed === undefined ? { line: 1, col: 1, path: '' } : new Reporter(profile.parsed).place(['metadata', 'name']);
      problems.push({
        severity: 'warning',
        file: profile.file,
        line: at.line,
        col: at.col,
        path: at.path,
        rule: 'profile-unused',
        message: `profile ${JSON.stringify(name)} is not used: no topology lists it in spec.profiles`,
        hint: `add it to the spec.profiles of the topologies it is meant for, or delete ${profile.file}`,
      });
    }
  }
  return problems;
}

/**
 * Discovers, loads, validates, renders and conforms the selected topologies under root. Selected
 * cluster folders under overlays/ whose topology is gone are in scope too: their output is pruned
 * (generate) or stale (check).
 */
export async function runPipeline(root: string, selection: Selection, opts: PipelineOptions): Promise<PipelineResult> {
  const result: PipelineResult = { clusters: [], problems: [], accepted: [], ok: false, files: [], k3d: {}, models: [], sets: {}, expanded: [], identities: [], place: (at) => ({ file: at.file, line: 1, col: 1, path: '' }) };
  if (!(await exists(join(root, TOPOLOGIES_DIR)))) {
    result.problems.push(
      problem(RUN_FILE, 'layout', `no ${TOPOLOGIES_DIR}/ folder in ${root}`, `run gwtopo inside the GitOps repository (it looks upwards from the current folder for ${TOPOLOGIES_DIR}/ or ${CONFIG_FILE}), pass --root DIR, or start one with gwtopo init CLUSTER`),
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
  const orphans = (await overlayClusters(root)).filter((c) => !all.includes(c) && selects(selection, c));
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
  // The fleet stage needs every topology's identity: clusters outside the selection are read that far.
  const fleet = opts.fleet !== false;
  const selected = new Set(refs.map((r) => r.cluster));
  const items: WorkItem[] = discovery.topologies.flatMap((ref): WorkItem[] => (selected.has(ref.cluster) ? [{ ref, work: 'full' }] : fleet ? [{ ref, work: 'identity' }] : []));
  const profiles = await readProfiles(root);
  const destinations = new Map<string, string>();
  const identities: FleetIdentity[] = [];
  const accepted: Problem[] = [];
  const clusterProblems: Problem[] = [];
  for (const r of await processAll(root, items, crds === undefined ? opts : { ...opts, crds }, profiles.profiles)) {
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
  // What the whole fleet owns (the engine objects, profiles nobody uses): full runs, and shard 1 of a sharded run.
  const ownsFleet = selection.clusters === undefined && (selection.shard === undefined || selection.shard.index === 1);
  const set = profileSet(profiles.profiles);
  problems.push(...profileProblems(set, identities, selected, ownsFleet && fleet));
  if (ownsFleet) problems.push(...profiles.problems);
  problems.push(...clusterProblems);
  result.place = filePlacer(root, discovery.topologies, set);
  if (fleet) problems.push(...fleetProblems(identities, (c) => selected.has(c), result.place));
  result.identities = identities;
  result.clusters = [...refs.map((r) => r.cluster), ...orphans].sort();
  // gwtopo.yaml's acceptances cover every file; whether one matches nothing is known only on a run over all
  // clusters without errors.
  const repository = accept(mergeSharedProblems(problems), loadedConfig.acceptances);
  result.problems = sortProblems([...repository.problems, ...(isEverything(selection) && !hasErrors(repository.problems) ? repository.unused : [])]);
  result.accepted = sortProblems([...accepted, ...repository.accepted]);
  result.ok = !hasErrors(result.problems);
  if (loadedConfig.config !== undefined) result.config = loadedConfig.config;
  if (!isEverything(selection)) result.scope = [...result.clusters, ...(ownsFleet ? [GITOPS_DIR] : [])];
  const config = loadedConfig.config;
  if ((result.ok || opts.partial === true) && ownsFleet && config !== undefined && config.engines.length > 0) {
    const targets: ClusterTarget[] = discovery.topologies.map((t) => ({ cluster: t.cluster, destination: destinations.get(t.cluster) ?? t.cluster }));
    const folders = gitopsFolders(config, targets);
    const files = folders.flatMap((f) => folderFiles(f.dir, config.source, f.resources));
    result.files.push(...files);
    result.problems = sortProblems([...result.problems, ...conformGitops(root, folders, files, loadedConfig, opts)]);
    result.ok = !hasErrors(result.problems);
  }
  result.files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return result;
}
