// Finds the topology files of a repository: topologies/<cluster>/topology.yaml.
import { type Dirent, lstatSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Problem } from '../diagnostics/problem.js';
import { PROFILES_DIR, TOPOLOGIES_DIR, TOPOLOGY_FILE, type TopologyRef } from '../topology/layout.js';

export interface Discovery {
  topologies: TopologyRef[];
  problems: Problem[];
}

const DNS_LABEL = /^(?=.{1,63}$)[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

function wholeFile(file: string, severity: Problem['severity'], rule: string, message: string, hint?: string): Problem {
  return { severity, file, line: 1, col: 1, path: '', message, rule, ...(hint === undefined ? {} : { hint }) };
}

/** What a directory entry is, through symbolic links (a broken link, or a loop of links, is a file). */
function kindOf(dir: string, entry: Dirent): 'dir' | 'file' {
  if (entry.isDirectory()) return 'dir';
  if (!entry.isSymbolicLink()) return 'file';
  try {
    return statSync(join(dir, entry.name)).isDirectory() ? 'dir' : 'file';
  } catch {
    return 'file';
  }
}

/**
 * The entries of topologies/ (folders marked with a trailing /) and the topology.yaml and topology.yml in
 * each folder — what fast-glob lists for the patterns topologies/* and topologies/<any>/topology.{yaml,yml}
 * following links and skipping dot-names (test/discover.test.ts compares the two) — read with plain
 * synchronous calls: the glob library took ~0.2 s for a thousand clusters, ten times the system calls' time.
 */
export function listTopologies(root: string): { path: string; linkFree: boolean }[] {
  const base = join(root, TOPOLOGIES_DIR);
  const entries: { path: string; linkFree: boolean }[] = [];
  const baseLinkFree = lstatSync(base, { throwIfNoEntry: false })?.isSymbolicLink() === false;
  for (const top of readEntries(base)) {
    if (top.name.startsWith('.')) continue;
    const entry = `${TOPOLOGIES_DIR}/${top.name}`;
    const folderLinkFree = baseLinkFree && !top.isSymbolicLink();
    if (kindOf(base, top) === 'file') {
      entries.push({ path: entry, linkFree: folderLinkFree });
      continue;
    }
    entries.push({ path: `${entry}/`, linkFree: folderLinkFree });
    const dir = join(base, top.name);
    for (const inner of readEntries(dir)) {
      if (inner.name === TOPOLOGY_FILE || inner.name === 'topology.yml') {
        entries.push({ path: `${entry}/${inner.name}${kindOf(dir, inner) === 'dir' ? '/' : ''}`, linkFree: folderLinkFree && !inner.isSymbolicLink() });
      }
    }
  }
  return entries;
}

/** The entries of a folder with their types (one system call for all), none when it cannot be listed as one. */
function readEntries(dir: string): Dirent[] {
  try {
    return readdirSync(dir, { withFileTypes: true });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return [];
    throw err;
  }
}

/**
 * Lists topologies/<cluster>/topology.yaml under root (sorted by cluster), and reports what looks
 * like a topology but is not read (topology.yml, loose files, folders without a topology).
 */
export async function discoverTopologies(root: string): Promise<Discovery> {
  const listed = listTopologies(root);
  const entries = listed.map((e) => e.path);
  const linkFree = new Set(listed.filter((e) => e.linkFree).map((e) => e.path));
  entries.sort();
  const present = new Set(entries);
  const topologies: TopologyRef[] = [];
  const problems: Problem[] = [];
  for (const entry of entries) {
    const rest = entry.slice(TOPOLOGIES_DIR.length + 1);
    if (rest.slice(0, -1).includes('/')) continue; // a topology.y(a)ml (file or folder), seen through its folder
    if (!rest.endsWith('/')) {
      problems.push(wholeFile(entry, 'warning', 'layout-ignored', 'not read: topologies/ holds one folder per cluster', `move it to ${TOPOLOGIES_DIR}/<cluster>/${TOPOLOGY_FILE}`));
      continue;
    }
    const cluster = rest.slice(0, -1);
    if (cluster === PROFILES_DIR) continue; // read by repository/profiles.ts
    const yamlFile = `${TOPOLOGIES_DIR}/${cluster}/${TOPOLOGY_FILE}`;
    const ymlFile = `${TOPOLOGIES_DIR}/${cluster}/topology.yml`;
    if (present.has(yamlFile)) {
      topologies.push({ cluster, file: yamlFile, ...(linkFree.has(yamlFile) ? { linkFree: true as const } : {}) });
      if (!DNS_LABEL.test(cluster)) {
        problems.push(
          wholeFile(
            yamlFile,
            'error',
            'cluster-name',
            `the folder name ${JSON.stringify(cluster)} is not a DNS-1123 label; folders under ${TOPOLOGIES_DIR}/ name clusters`,
            'rename the folder: lower-case letters, digits and "-", at most 63 characters, starting and ending with a letter or digit',
          ),
        );
      }
      if (present.has(ymlFile)) {
        problems.push(wholeFile(ymlFile, 'error', 'layout', `not read: ${yamlFile} is the topology of this cluster`, 'delete one of the two files'));
      }
    } else if (present.has(ymlFile)) {
      problems.push(wholeFile(ymlFile, 'error', 'layout', `gwtopo reads ${yamlFile}, not topology.yml`, `rename it: git mv ${ymlFile} ${yamlFile}`));
    } else {
      problems.push(wholeFile(`${TOPOLOGIES_DIR}/${cluster}/`, 'warning', 'layout-ignored', `no ${TOPOLOGY_FILE} in this folder; it is not a cluster`));
    }
  }
  return { topologies, problems };
}
