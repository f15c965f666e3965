// The pipeline, end to end: load → validate → model → render → serialize, one cluster at a time.
// Commands call runPipeline and then write or compare; nothing here writes to disk.
//
// Clusters are independent, so a large repository is shared with worker threads (pipeline-worker.ts),
// each taking the next cluster from a shared counter and running the same per-cluster function; results
// are put back in the order of the clusters, so the output does not depend on which thread did what.
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import fg from 'fast-glob';
import { TOPOLOGIES_DIR, TOPOLOGY_FILE, discoverTopologies, type TopologyRef } from './load/discover.js';
import { readBase } from './load/base.js';
import { loadTopology } from './load/parse.js';
import type { ClusterModel } from './model/types.js';
import { renderCluster } from './render/index.js';
import { k3dPortCommands } from './render/k3d.js';
import { OVERLAYS_DIR, clusterFiles, folderFiles, type OutputFile } from './serialize/files.js';
import { GITOPS_DIR, renderArgoCD, renderFlux, type ClusterTarget } from './render/gitops.js';
import { CONFIG_FILE, type RepoConfig } from './model/config.js';
import { accept, type Acceptance } from './validate/accept.js';
import { validateConfig } from './validate/config.js';
import { validateTopology } from './validate/index.js';
import { RUN_FILE, hasErrors, sortProblems, type Problem } from './validate/problem.js';
import { closest } from './validate/suggest.js';
import { isEverything, selects, type Selection } from './selection.js';
import { extraThreads } from './threads.js';

export interface ClusterResult {
  cluster: string;
  problems: Problem[];
  /** Warnings the topology accepts. */
  accepted: Problem[];
  /** The rendered files (when rendering was asked for and the topology is valid). */
  files?: OutputFile[];
  /** k3d port-mapping commands, when there are any. */
  k3d?: string[];
  /** The cluster's name in the GitOps engines (valid topologies). */
  destination?: string;
  /** The model (only when asked for, in-process). */
  model?: ClusterModel;
}

export interface PipelineOptions {
  /** Render and serialize valid topologies (false: validate only). */
  render: boolean;
  /** Keep each cluster's model in the result (forces in-process work). */
  models?: boolean;
  /** Render the engine objects even when a topology is invalid (diff: a base may hold broken topologies). */
  partial?: boolean;
}

/** spec.controlPlane.base of a patch-mode topology, read before validation (its base is read from disk). */
function patchBaseOf(data: unknown): string | undefined {
  const spec = (data as { spec?: { controlPlane?: { mode?: unknown; base?: unknown } } } | null)?.spec;
  const cp = spec?.controlPlane;
  return cp?.mode === 'patch' && typeof cp.base === 'string' && cp.base !== '' ? cp.base : undefined;
}

/** Load, validate and (optionally) render one cluster. Never throws for bad input. */
export async function processCluster(root: string, ref: TopologyRef, opts: PipelineOptions): Promise<ClusterResult> {
  const loaded = await loadTopology(root, ref);
  const result: ClusterResult = { cluster: ref.cluster, problems: loaded.problems, accepted: [] };
  if (!loaded.ok) return result;
  const base = patchBaseOf(loaded.topology.data);
  const validated = validateTopology(loaded.topology, base === undefined ? {} : { base: readBase(root, base) });
  result.problems = [...result.problems, ...validated.problems];
  result.accepted = validated.accepted;
  const model = validated.model;
  if (model === undefined) return result;
  result.destination = model.destination;
  if (opts.models === true) result.model = model;
  if (opts.render) {
    result.files = clusterFiles(model.cluster, model.source, renderCluster(model), model.controlPlane.mode === 'patch' ? model.controlPlane.base : undefined);
    const k3d = k3dPortCommands(model);
    if (k3d.length > 0) result.k3d = k3d;
  }
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
  /** Folders under overlays/ this run owns (undefined: all of overlays/), for pruning and drift. */
  scope?: string[];
  /** The repository configuration (gwtopo.yaml), when there is a valid one. */
  config?: RepoConfig;
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

/** Below this many clusters, starting worker threads costs more than it saves. */
const PARALLEL_THRESHOLD = 64;

/** What a worker thread posts back: its results, each with the index of its cluster in `refs`. */
export type WorkerResults = [index: number, result: ClusterResult][];

function runWorker(root: string, refs: TopologyRef[], opts: PipelineOptions, next: Int32Array): Promise<WorkerResults> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./pipeline-worker.js', import.meta.url), { workerData: { root, refs, opts, next } });
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

/** Processes clusters, in parallel for large repositories; results in the order of `refs`. */
async function processAll(root: string, refs: TopologyRef[], opts: PipelineOptions): Promise<ClusterResult[]> {
  const workers = opts.models === true ? 0 : extraThreads(refs.length, PARALLEL_THRESHOLD);
  const results: ClusterResult[] = new Array<ClusterResult>(refs.length);
  const next = new Int32Array(new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT));
  const pending = Array.from({ length: workers }, () => runWorker(root, refs, opts, next));
  for (let i = takeNext(next); i < refs.length; i = takeNext(next)) results[i] = await processCluster(root, refs[i]!, opts);
  for (const [i, result] of (await Promise.all(pending)).flat()) results[i] = result;
  return results;
}

/** Cluster folders under overlays/ (output of clusters that may no longer have a topology). */
async function overlayClusters(root: string): Promise<string[]> {
  const dirs = await fg(`${OVERLAYS_DIR}/*`, { cwd: root, onlyDirectories: true, followSymbolicLinks: false, dot: false });
  return dirs.map((d) => d.slice(OVERLAYS_DIR.length + 1)).filter((d) => DNS_LABEL.test(d)).sort();
}

const DNS_LABEL = /^(?=.{1,63}$)[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS_SUBDOMAIN = /^(?=.{1,253}$)[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** gwtopo.yaml, when the repository has one. */
async function loadConfig(root: string): Promise<{ config?: RepoConfig; problems: Problem[]; acceptances: Acceptance[] }> {
  if (!(await exists(join(root, CONFIG_FILE)))) return { problems: [], acceptances: [] };
  const loaded = await loadTopology(root, { cluster: '', file: CONFIG_FILE, kind: 'Repository' });
  if (!loaded.ok) return { problems: loaded.problems, acceptances: [] };
  const validated = validateConfig(loaded.topology);
  return { problems: [...loaded.problems, ...validated.problems], acceptances: validated.acceptances, ...(validated.config === undefined ? {} : { config: validated.config }) };
}

/**
 * The engine name of a cluster this run did not validate (a shard renders the engine objects of every
 * cluster): its spec.destination when it reads as one, else the cluster name. Its own shard validates it.
 */
async function destinationOf(root: string, ref: TopologyRef): Promise<string> {
  const loaded = await loadTopology(root, ref);
  const destination = loaded.ok ? (loaded.topology.data as { spec?: { destination?: unknown } } | null)?.spec?.destination : undefined;
  return typeof destination === 'string' && DNS_SUBDOMAIN.test(destination) ? destination : ref.cluster;
}

/** The files of overlays/_gitops/: the engine objects of gwtopo.yaml for every cluster. */
function gitopsFiles(config: RepoConfig, clusters: ClusterTarget[]): OutputFile[] {
  const dir = `${OVERLAYS_DIR}/${GITOPS_DIR}`;
  return [
    ...(config.engines.includes('argocd') ? folderFiles(`${dir}/argocd`, config.source, renderArgoCD(config, clusters)) : []),
    ...(config.engines.includes('flux') ? folderFiles(`${dir}/flux`, config.source, renderFlux(config, clusters)) : []),
  ];
}

/**
 * Discovers, loads, validates and (optionally) renders the selected topologies under root. Selected
 * cluster folders under overlays/ whose topology is gone are in scope too: their output is pruned
 * (generate) or stale (check).
 */
export async function runPipeline(root: string, selection: Selection, opts: PipelineOptions): Promise<PipelineResult> {
  const result: PipelineResult = { clusters: [], problems: [], accepted: [], ok: false, files: [], k3d: {}, models: [] };
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
  const destinations = new Map<string, string>();
  const accepted: Problem[] = [];
  for (const r of await processAll(root, refs, opts)) {
    problems.push(...r.problems);
    accepted.push(...r.accepted);
    if (r.files !== undefined) result.files.push(...r.files);
    if (r.k3d !== undefined) result.k3d[r.cluster] = r.k3d;
    if (r.model !== undefined) result.models.push(r.model);
    if (r.destination !== undefined) destinations.set(r.cluster, r.destination);
  }
  result.clusters = [...refs.map((r) => r.cluster), ...orphans].sort();
  // gwtopo.yaml's acceptances cover every file; whether one matches nothing is known only on a run over all
  // clusters without errors.
  const repository = accept(problems, loadedConfig.acceptances);
  result.problems = sortProblems([...repository.problems, ...(isEverything(selection) && !hasErrors(repository.problems) ? repository.unused : [])]);
  result.accepted = sortProblems([...accepted, ...repository.accepted]);
  result.ok = !hasErrors(result.problems);
  if (loadedConfig.config !== undefined) result.config = loadedConfig.config;
  // The engine objects cover every cluster: full runs own them, and so does shard 1 of a sharded run.
  const ownsGitops = selection.clusters === undefined && (selection.shard === undefined || selection.shard.index === 1);
  if (!isEverything(selection)) result.scope = [...result.clusters, ...(ownsGitops ? [GITOPS_DIR] : [])];
  const config = loadedConfig.config;
  if (opts.render && (result.ok || opts.partial === true) && ownsGitops && config !== undefined && config.engines.length > 0) {
    const targets: ClusterTarget[] = [];
    for (const t of discovery.topologies) targets.push({ cluster: t.cluster, destination: destinations.get(t.cluster) ?? (await destinationOf(root, t)) });
    result.files.push(...gitopsFiles(config, targets));
  }
  result.files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return result;
}
