// Finds the repository's root when --root is not given: the nearest folder, from the working directory
// upwards, that holds topologies/ or gwtopo.yaml — as git, npm and kustomize find theirs. The search stops
// at the top of a git repository (a folder holding .git): a GitOps repository is one, and a folder above
// it belongs to something else.
import { existsSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { CONFIG_FILE } from '../topology/config.js';
import { TOPOLOGIES_DIR } from '../topology/layout.js';

function isFolder(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/** The nearest folder from `start` (absolute) upwards holding topologies/ or gwtopo.yaml; undefined when there is none. */
export function findRoot(start: string): string | undefined {
  for (let dir = start; ; dir = dirname(dir)) {
    if (isFolder(join(dir, TOPOLOGIES_DIR)) || existsSync(join(dir, CONFIG_FILE))) return dir;
    if (existsSync(join(dir, '.git')) || dirname(dir) === dir) return undefined;
  }
}
