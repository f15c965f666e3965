// The CLUSTER argument of build and show: a cluster without a topology is a problem of the run (no file to
// point at), with a did-you-mean over the clusters there are.
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { type Problem, RUN_FILE } from '../diagnostics/problem.js';
import { closest } from '../diagnostics/suggest.js';
import { TOPOLOGIES_DIR, TOPOLOGY_FILE } from '../topology/layout.js';

/** The problem of a CLUSTER argument that names no topology; undefined when the topology exists. */
export function clusterNotFound(root: string, cluster: string): Problem | undefined {
  const file = `${TOPOLOGIES_DIR}/${cluster}/${TOPOLOGY_FILE}`;
  if (existsSync(join(root, file))) return undefined;
  let clusters: string[] = [];
  try {
    clusters = readdirSync(join(root, TOPOLOGIES_DIR), { withFileTypes: true })
      .filter((d) => d.isDirectory() && !d.name.startsWith('_') && !d.name.startsWith('.') && existsSync(join(root, TOPOLOGIES_DIR, d.name, TOPOLOGY_FILE)))
      .map((d) => d.name);
  } catch {
    // no topologies/ folder: the hint below says how to start
  }
  const guess = closest(cluster, clusters);
  return {
    severity: 'error',
    file: RUN_FILE,
    line: 1,
    col: 1,
    path: '',
    rule: 'cluster-not-found',
    message: `no topology for cluster ${cluster} (${file} does not exist)`,
    hint: guess !== undefined ? `did you mean "${guess}"? (gwtopo init ${cluster} scaffolds a new one)` : `gwtopo init ${cluster} scaffolds one`,
  };
}
