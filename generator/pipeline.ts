// The pipeline, end to end: load → validate → model → render → serialize, one cluster at a time.
// Commands call runPipeline and then write or compare; nothing here writes to disk.
//
// Clusters are independent, so a large repository is split over worker threads (pipeline-worker.ts),
// each running the same per-cluster function; results are merged in a fixed order, so the output does
// not depend on which thread finished first.
import { stat } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import fg from 'fast-glob';
import { TOPOLOGIES_DIR, TOPOLOGY_FILE, discoverTopologies, type TopologyRef } from './load/discover.js';
import { loadTopology } from './load/parse.js';
import type { ClusterModel } from './model/types.js';
import { renderCluster } from './render/index.js';
import { k3dPortCommands } from './render/k3d.js';
import { OVERLAYS_DIR, clusterFiles, type OutputFile } from './serialize/files.js';
import { validateTopology } from './validate/index.js';
import { hasErrors, sortProblems, type Problem } from './validate/problem.js';
import { closest } from './validate/suggest.js';
import { selects, type Selection } from './selection.js';

export interface ClusterResult {
  cluster: string;
  problems: Problem[];
  /** The rendered files (when rendering was asked for and the topology is valid). */
  files?: OutputFile[];
  /** k3d port-mapping commands, when there are any. */
  k3d?: string[];
  /** The model (only when asked for, in-process). */
  model?: ClusterModel;
}

export interface PipelineOptions {
  /** Render and serialize valid topologies (false: validate only). */
  render: boolean;
  /** Keep each cluster's model in the result (forces in-process work). */
  models?: boolean;
}

/** Load, validate and (optionally) render one cluster. Never throws for bad input. */
export async function processCluster(root: string, ref: TopologyRef, opts: PipelineOptions): Promise<ClusterResult> {
  const loaded = await loadTopology(root, ref);
  const result: ClusterResult = { cluster: ref.cluster, problems: loaded.problems };
  if (!loaded.ok) return result;
  const validated = validateTopology(loaded.topology);
  result.problems = [...result.problems, ...validated.problems];
  const model = validated.model;
  if (model === undefined) return result;
  if (opts.models === true) result.model = model;
  if (opts.render) {
    result.files = clusterFiles(model.cluster, model.source, renderCluster(model));
    const k3d = k3dPortCommands(model);
    if (k3d.length > 0) result.k3d = k3d;
  }
  return result;
}

export interface PipelineResult {
  /** Clusters in scope: those with a topology, plus requested clusters that only have output left. */
  clusters: string[];
  problems: Problem[];
  ok: boolean;
  /** Every rendered file, sorted by path. */
  files: OutputFile[];
  /** k3d port-mapping commands by cluster (only clusters that need some). */
  k3d: Record<string, string[]>;
  /** With `models: true`: the model of every valid topology, by cluster. */
  models: ClusterModel[];
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}

function problem(file: string, rule: string, message: string, hint: string): Problem {
  return { severity: 'error', file, line: 1, col: 1, path: '', rule, message, hint };
}

/** Below this many clusters, starting worker threads costs more than it saves. */
const PARALLEL_THRESHOLD = 64;

/** How many worker threads to use besides the main thread (GWTOPO_WORKERS overrides, 0 disables). */
function workerCount(clusters: number, opts: PipelineOptions): number {
  if (opts.models === true) return 0;
  const forced = process.env.GWTOPO_WORKERS;
  if (forced !== undefined && /^\d+$/.test(forced)) return Math.min(Number(forced), Math.max(0, clusters - 1));
  if (clusters < PARALLEL_THRESHOLD) return 0;
  return Math.min(availableParallelism() - 1, 3);
}

function runWorker(root: string, refs: TopologyRef[], opts: PipelineOptions): Promise<ClusterResult[]> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./pipeline-worker.js', import.meta.url), { workerData: { root, refs, opts } });
    worker.once('message', (results: ClusterResult[]) => resolve(results));
    worker.once('error', reject);
    worker.once('exit', (code) => {
      if (code !== 0) reject(new Error(`pipeline worker exited with code ${code}`));
    });
  });
}

/** Processes clusters, in parallel for large repositories; results in the order of `refs`. */
async function processAll(root: string, refs: TopologyRef[], opts: PipelineOptions): Promise<ClusterResult[]> {
  const workers = workerCount(refs.length, opts);
  // Interleaved shares keep the threads' loads even; the main thread takes one share itself.
  const shares = Array.from({ length: workers + 1 }, (_, s) => refs.filter((_, i) => i % (workers + 1) === s));
  const pending = shares.slice(1).map((share) => runWorker(root, share, opts));
  const mine: ClusterResult[] = [];
  for (const ref of shares[0]!) mine.push(await processCluster(root, ref, opts));
  const byCluster = new Map<string, ClusterResult>();
  for (const result of [mine, ...(await Promise.all(pending))].flat()) byCluster.set(result.cluster, result);
  return refs.map((ref) => byCluster.get(ref.cluster)!);
}

/** Cluster folders under overlays/ (output of clusters that may no longer have a topology). */
async function overlayClusters(root: string): Promise<string[]> {
  const dirs = await fg(`${OVERLAYS_DIR}/*`, { cwd: root, onlyDirectories: true, followSymbolicLinks: false, dot: false });
  return dirs.map((d) => d.slice(OVERLAYS_DIR.length + 1)).sort();
}

/**
 * Discovers, loads, validates and (optionally) renders the selected topologies under root. Selected
 * cluster folders under overlays/ whose topology is gone are in scope too: their output is pruned
 * (generate) or stale (check).
 */
export async function runPipeline(root: string, selection: Selection, opts: PipelineOptions): Promise<PipelineResult> {
  const result: PipelineResult = { clusters: [], problems: [], ok: false, files: [], k3d: {}, models: [] };
  if (!(await exists(join(root, TOPOLOGIES_DIR)))) {
    result.problems.push(problem(`${TOPOLOGIES_DIR}/`, 'layout', `no ${TOPOLOGIES_DIR}/ folder in ${root}`, 'run gwtopo in the root of the GitOps repository, or pass --root DIR'));
    return result;
  }
  const discovery = await discoverTopologies(root);
  const problems = discovery.problems.filter((p) => !p.file.startsWith(`${TOPOLOGIES_DIR}/`) || selects(selection, p.file.split('/')[1] ?? ''));
  const all = discovery.topologies.map((t) => t.cluster);
  const refs = discovery.topologies.filter((t) => selects(selection, t.cluster));
  const orphans = (await overlayClusters(root)).filter((c) => !all.includes(c) && selects(selection, c));
  for (const name of selection.clusters ?? []) {
    if (all.includes(name) || orphans.includes(name)) continue;
    const guess = closest(name, all);
    problems.push(
      problem(
        `${TOPOLOGIES_DIR}/${name}/${TOPOLOGY_FILE}`,
        'cluster-not-found',
        `--cluster ${name}: no such topology`,
        guess !== undefined ? `did you mean "${guess}"?` : all.length === 0 ? 'there are no topologies yet' : `clusters: ${all.join(', ')}`,
      ),
    );
  }
  for (const r of await processAll(root, refs, opts)) {
    problems.push(...r.problems);
    if (r.files !== undefined) result.files.push(...r.files);
    if (r.k3d !== undefined) result.k3d[r.cluster] = r.k3d;
    if (r.model !== undefined) result.models.push(r.model);
  }
  result.clusters = [...refs.map((r) => r.cluster), ...orphans].sort();
  result.problems = sortProblems(problems);
  result.ok = !hasErrors(result.problems);
  result.files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return result;
}
