// Which clusters a diff must render (contract §13; issue 23): rendering is a pure function of a cluster's inputs
// — its topology, the profiles it lists, the files it names (a patch-mode base, a schema set given as a path,
// chart values), gwtopo.yaml and gwtopo itself — so a cluster whose inputs are the same on both sides renders the
// same on both sides, and its diff is empty by construction. Everything here reads files only: no parsing of a
// topology beyond the few fields that name other inputs, and no rendering.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, normalize } from 'node:path';
import jsyaml from 'js-yaml';
import { discoverTopologies } from '../repository/discover.js';
import { readProfiles } from '../repository/profiles.js';
import { CONFIG_FILE } from '../topology/config.js';

type Raw = Record<string, unknown>;
const map = (v: unknown): Raw => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Raw) : {});
const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : typeof v === 'string' ? [v] : []);

/** A file's or folder's contents as one digest ('' when missing); folders recursively, in name order. */
function digest(root: string, path: string): string {
  const full = normalize(join(root, path));
  if (!existsSync(full)) return '';
  const hash = createHash('sha256');
  const add = (p: string, rel: string): void => {
    const stats = statSync(p);
    if (stats.isDirectory()) {
      for (const name of readdirSync(p).sort()) add(join(p, name), `${rel}/${name}`);
    } else {
      hash.update(`${rel}\0`).update(readFileSync(p)).update('\0');
    }
  };
  add(full, '.');
  return hash.digest('hex');
}

function read(root: string, path: string): string | undefined {
  try {
    return readFileSync(join(root, path), 'utf8');
  } catch {
    return undefined;
  }
}

/** The document of a text, or undefined when it is no YAML (the cluster then counts as changed). */
function load(text: string): Raw | undefined {
  try {
    return map(jsyaml.load(text));
  } catch {
    return undefined;
  }
}

/** The other files a topology or profile names: a patch-mode base, a schema set path, chart values. */
function namedPaths(doc: Raw): string[] {
  const spec = map(doc.spec);
  return [...strings(map(spec.controlPlane).base), ...strings(spec.crds), ...strings(map(spec.chart).values)];
}

/** gwtopo.yaml's named files: schema sets by path (default, by cluster) and chart values by cluster. */
function configPaths(doc: Raw): string[] {
  const spec = map(doc.spec);
  const crds = map(spec.crds);
  return [...strings(crds.default), ...Object.values(map(crds.clusters)).flatMap(strings), ...Object.values(map(map(spec.chart).clusters)).flatMap(strings)];
}

/**
 * The clusters whose inputs differ between the two roots (present on one side only counts), or 'all' when an input
 * every cluster shares differs (gwtopo.yaml, or a file it names) or discovery has something to say; and every
 * cluster with a topology on either side. A topology that cannot be read as YAML counts as
 * changed; so does one that lists a profile whose file differs, or names a file that differs.
 */
export async function changedClusters(base: string, head: string): Promise<{ changed: Set<string> | 'all'; clusters: string[] }> {
  const baseConfig = read(base, CONFIG_FILE);
  const headConfig = read(head, CONFIG_FILE);
  if (baseConfig !== headConfig) return { changed: 'all', clusters: [] };
  if (headConfig !== undefined) {
    const doc = load(headConfig);
    if (doc === undefined || configPaths(doc).some((p) => digest(base, p) !== digest(head, p))) return { changed: 'all', clusters: [] };
  }
  const [baseTopologies, headTopologies, baseProfiles, headProfiles] = await Promise.all([discoverTopologies(base), discoverTopologies(head), readProfiles(base), readProfiles(head)]);
  // Discovery's own findings (a loose file, a folder without a topology) are reported by a full render only.
  if (baseTopologies.problems.length > 0 || headTopologies.problems.length > 0 || baseProfiles.problems.length > 0 || headProfiles.problems.length > 0) return { changed: 'all', clusters: [] };
  const profileText = (files: typeof baseProfiles): Map<string, string | undefined> => new Map(files.profiles.map((p) => [p.name, p.unread === true ? undefined : p.text]));
  const bp = profileText(baseProfiles);
  const hp = profileText(headProfiles);
  const changedProfiles = new Set([...bp.keys(), ...hp.keys()].filter((name) => bp.get(name) !== hp.get(name) || bp.has(name) !== hp.has(name)));
  // A profile that names a file which differs changes every cluster that lists it.
  for (const [name, text] of hp) {
    if (changedProfiles.has(name) || text === undefined) continue;
    const doc = load(text);
    if (doc === undefined || namedPaths(doc).some((p) => digest(base, p) !== digest(head, p))) changedProfiles.add(name);
  }
  const files = new Map<string, { base?: string; head?: string }>();
  for (const t of baseTopologies.topologies) files.set(t.cluster, { base: t.file });
  for (const t of headTopologies.topologies) files.set(t.cluster, { ...files.get(t.cluster), head: t.file });
  const changed = new Set<string>();
  for (const [cluster, f] of files) {
    if (f.base === undefined || f.head === undefined || f.base !== f.head) {
      changed.add(cluster);
      continue;
    }
    const text = read(head, f.head);
    if (text === undefined || text !== read(base, f.base)) {
      changed.add(cluster);
      continue;
    }
    // The same text on both sides: only what it names can differ.
    if (!/profiles|controlPlane|crds|chart/.test(text)) continue;
    const doc = load(text);
    if (doc === undefined) {
      changed.add(cluster);
      continue;
    }
    const listed = strings(map(doc.spec).profiles);
    if (listed.some((p) => changedProfiles.has(p)) || namedPaths(doc).some((p) => digest(base, p) !== digest(head, p))) changed.add(cluster);
  }
  return { changed, clusters: [...files.keys()].sort() };
}
