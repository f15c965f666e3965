// The pipeline, end to end: load → validate → model → render → serialize. Commands call these two
// functions and then write or compare; nothing here writes to disk.
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { TOPOLOGIES_DIR, TOPOLOGY_FILE, discoverTopologies } from './load/discover.js';
import { loadTopology } from './load/parse.js';
import type { ClusterModel } from './model/types.js';
import { renderCluster } from './render/index.js';
import { k3dPortCommands } from './render/k3d.js';
import { OVERLAYS_DIR, clusterFiles, type OutputFile } from './serialize/files.js';
import { validateTopology } from './validate/index.js';
import { hasErrors, sortProblems, type Problem } from './validate/problem.js';
import { closest } from './validate/suggest.js';
import { mapLimit } from './write/pool.js';

export interface Loaded {
  /** Clusters in scope: those with a topology, plus requested clusters that only have output left. */
  clusters: string[];
  models: ClusterModel[];
  problems: Problem[];
  ok: boolean;
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}

/** Loads and validates every topology under root (or only the named clusters). */
export async function loadModels(root: string, only?: readonly string[]): Promise<Loaded> {
  const problems: Problem[] = [];
  if (!(await exists(join(root, TOPOLOGIES_DIR)))) {
    problems.push({
      severity: 'error',
      file: `${TOPOLOGIES_DIR}/`,
      line: 1,
      col: 1,
      path: '',
      rule: 'layout',
      message: `no ${TOPOLOGIES_DIR}/ folder in ${root}`,
      hint: 'run gwtopo in the root of the GitOps repository, or pass --root DIR',
    });
    return { clusters: [], models: [], problems, ok: false };
  }
  const discovery = await discoverTopologies(root, only === undefined ? undefined : new Set(only));
  problems.push(...discovery.problems);
  const clusters = discovery.topologies.map((t) => t.cluster);
  for (const name of only ?? []) {
    if (clusters.includes(name)) continue;
    if (await exists(join(root, OVERLAYS_DIR, name))) {
      clusters.push(name); // its topology was removed: its output is pruned (generate) or stale (check)
      continue;
    }
    const all = (await discoverTopologies(root)).topologies.map((t) => t.cluster);
    const guess = closest(name, all);
    problems.push({
      severity: 'error',
      file: `${TOPOLOGIES_DIR}/${name}/${TOPOLOGY_FILE}`,
      line: 1,
      col: 1,
      path: '',
      rule: 'cluster-not-found',
      message: `--cluster ${name}: no such topology`,
      hint: guess !== undefined ? `did you mean "${guess}"?` : all.length === 0 ? 'there are no topologies yet' : `clusters: ${all.join(', ')}`,
    });
  }
  const models: ClusterModel[] = [];
  const results = await mapLimit(discovery.topologies, 32, (ref) => loadTopology(root, ref));
  for (const result of results) {
    problems.push(...result.problems);
    if (!result.ok) continue;
    const validated = validateTopology(result.topology);
    problems.push(...validated.problems);
    if (validated.model !== undefined) models.push(validated.model);
  }
  const sorted = sortProblems(problems);
  return { clusters: [...new Set(clusters)].sort(), models, problems: sorted, ok: !hasErrors(sorted) };
}

export interface Rendered {
  files: OutputFile[];
  /** k3d port-mapping commands by cluster (only clusters that need some). */
  k3d: Record<string, string[]>;
}

/** Renders and serializes every model (pure). */
export function renderModels(models: readonly ClusterModel[]): Rendered {
  const files: OutputFile[] = [];
  const k3d: Record<string, string[]> = {};
  for (const model of [...models].sort((a, b) => (a.cluster < b.cluster ? -1 : 1))) {
    files.push(...clusterFiles(model.cluster, model.source, renderCluster(model)));
    const commands = k3dPortCommands(model);
    if (commands.length > 0) k3d[model.cluster] = commands;
  }
  return { files, k3d };
}
