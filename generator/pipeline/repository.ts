// The repository step of the pipeline: what a run reads once, before any cluster — the topologies discovered
// under topologies/, gwtopo.yaml (validated, with its acceptances), the profiles, the schema sets gwtopo.yaml
// names, and the cluster folders under overlays/ whose topology is gone.
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import fg from 'fast-glob';
import type { Acceptance } from '../diagnostics/accept.js';
import type { Problem } from '../diagnostics/problem.js';
import { loadTopology } from '../parse/parse.js';
import type { ParsedTopology } from '../parse/parsed.js';
import { validateConfig } from '../repository/config.js';
import { CONFIG_FILE, type RepoConfig } from '../topology/config.js';
import { OVERLAYS_DIR } from '../topology/layout.js';
import { TEMP_FILE } from '../write/atomic.js';

export async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}

const DNS_LABEL = /^(?=.{1,63}$)[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** Cluster folders under overlays/ (output of clusters that may no longer have a topology). */
export async function overlayClusters(root: string): Promise<string[]> {
  const dirs = fg.sync(`${OVERLAYS_DIR}/*`, { cwd: root, onlyDirectories: true, followSymbolicLinks: false, dot: false });
  return dirs
    .map((d) => d.slice(OVERLAYS_DIR.length + 1))
    .filter((d) => DNS_LABEL.test(d))
    .sort();
}

/**
 * Whether a cluster folder under overlays/ holds output: any file but a killed run's temporary ones. An empty
 * folder (or one left with only temporary files) is no cluster: it is never counted or reported.
 */
export function holdsOutput(root: string, cluster: string): boolean {
  return fg.sync(`${OVERLAYS_DIR}/${fg.escapePath(cluster)}/**`, { cwd: root, onlyFiles: true, followSymbolicLinks: false, dot: true }).some((f) => !TEMP_FILE.test(f));
}

export interface LoadedConfig {
  config?: RepoConfig;
  /** The parsed file, for positions in it. */
  parsed?: ParsedTopology;
  problems: Problem[];
  /** spec.acceptWarnings of gwtopo.yaml: warnings accepted for the whole repository. */
  acceptances: Acceptance[];
}

/** gwtopo.yaml, when the repository has one. */
export async function loadConfig(root: string): Promise<LoadedConfig> {
  if (!(await exists(join(root, CONFIG_FILE)))) return { problems: [], acceptances: [] };
  const loaded = await loadTopology(root, { cluster: '', file: CONFIG_FILE, kind: 'Repository' });
  if (!loaded.ok) return { problems: loaded.problems, acceptances: [] };
  const validated = validateConfig(loaded.topology);
  return {
    parsed: loaded.topology,
    problems: [...loaded.problems, ...validated.problems],
    acceptances: validated.acceptances,
    ...(validated.config === undefined ? {} : { config: validated.config }),
  };
}
