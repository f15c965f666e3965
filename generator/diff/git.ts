// Reads the topologies of a git revision from git's object database only (rev-parse, cat-file, ls-tree):
// never the working tree, the index, HEAD or a branch of the user's repository. The files are written to
// a directory the caller owns (a temp directory), where the ordinary pipeline reads them.
//
// git runs as a child process whose output is collected in chunks, so there is no maxBuffer to overflow
// however large the repository (Node's exec default of 1 MiB crashes diff bots on big changes).
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, posix } from 'node:path';
import { parse } from 'yaml';
import { TOPOLOGIES_DIR } from '../topology/layout.js';

interface GitResult {
  code: number;
  stdout: Buffer;
  stderr: string;
}

/** Runs git in cwd, optionally feeding stdin. Rejects only when git cannot be started (not installed). */
function runGit(cwd: string, args: readonly string[], input?: string): Promise<GitResult> {
  return new Promise((resolve, reject) => {
    const child = spawn('git', args, { cwd, stdio: ['pipe', 'pipe', 'pipe'], windowsHide: true });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code: code ?? -1, stdout: Buffer.concat(out), stderr: Buffer.concat(err).toString('utf8') }));
    // git may exit before reading all of stdin (a bad object name): that EPIPE is reported through its exit code.
    child.stdin.on('error', () => undefined);
    child.stdin.end(input ?? '');
  });
}

/** Why a revision cannot be read: shown as a problem, exit 2. */
export interface GitFailure {
  message: string;
  hint: string;
}

export interface Repository {
  /** Where git runs: the gwtopo root (possibly a subdirectory of the work tree). */
  cwd: string;
  /** The root's path inside the repository, with a trailing slash ('' at the top). */
  prefix: string;
}

function firstLine(text: string): string {
  return text.trim().split('\n')[0] ?? '';
}

/** The repository that holds `root`, or why there is none. */
export async function openRepository(root: string): Promise<Repository | GitFailure> {
  let r: GitResult;
  try {
    r = await runGit(root, ['rev-parse', '--show-prefix']);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return { message: 'git is not installed (or not on PATH)', hint: 'gwtopo diff reads the base revision with git: install git' };
    throw err;
  }
  if (r.code !== 0) {
    return { message: `the root is not inside a git repository (${firstLine(r.stderr).replace(/^fatal: /, '')})`, hint: 'run gwtopo diff in a clone of the GitOps repository, or pass --root DIR' };
  }
  return { cwd: root, prefix: r.stdout.toString('utf8').trim() };
}

/** The commit a revision names. Refs starting with "-" are refused: git would read them as options. */
export async function resolveCommit(repo: Repository, ref: string, option: string): Promise<{ commit: string } | GitFailure> {
  const hint =
    option === '--base'
      ? 'name a branch, tag or commit that exists locally; in CI fetch the history first (actions/checkout with fetch-depth: 0) and use origin/<branch>'
      : 'name a branch, tag or commit that exists locally';
  if (ref.startsWith('-') || ref.includes('\0')) return { message: `${JSON.stringify(ref)} is not a git revision`, hint };
  const r = await runGit(repo.cwd, ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`]);
  const commit = r.stdout.toString('utf8').trim();
  if (r.code !== 0 || !/^[0-9a-f]{40,64}$/.test(commit)) return { message: `${JSON.stringify(ref)} is not a commit in this repository`, hint };
  return { commit };
}

interface TreeEntry {
  mode: string;
  type: string;
  oid: string;
  /** Relative to the listed tree. */
  path: string;
}

/** The type of the object at `path` (relative to the root) in the commit, or undefined when there is none. */
async function objectType(repo: Repository, commit: string, path: string): Promise<string | undefined> {
  const r = await runGit(repo.cwd, ['cat-file', '-t', `${commit}:${repo.prefix}${path}`]);
  return r.code === 0 ? r.stdout.toString('utf8').trim() : undefined;
}

/** The entries of the tree at `path` (relative to the root), recursively or not; undefined when it is not a tree. */
async function listTree(repo: Repository, commit: string, path: string, recursive = true): Promise<TreeEntry[] | undefined> {
  if ((await objectType(repo, commit, path)) !== 'tree') return undefined;
  // --full-tree: from a subdirectory, ls-tree would otherwise list only entries below the current directory.
  const r = await runGit(repo.cwd, ['ls-tree', ...(recursive ? ['-r'] : []), '-z', '--full-tree', `${commit}:${repo.prefix}${path}`]);
  if (r.code !== 0) throw new Error(`git ls-tree ${path} failed: ${firstLine(r.stderr)}`);
  const entries: TreeEntry[] = [];
  for (const record of r.stdout.toString('utf8').split('\0')) {
    const m = /^(\d+) (\w+) ([0-9a-f]+)\t(.+)$/s.exec(record);
    if (m !== null) entries.push({ mode: m[1]!, type: m[2]!, oid: m[3]!, path: m[4]! });
  }
  return entries;
}

/** The contents of blobs, by object id, in one `git cat-file --batch` run. */
async function readBlobs(repo: Repository, oids: readonly string[]): Promise<Map<string, Buffer>> {
  const unique = [...new Set(oids)];
  const blobs = new Map<string, Buffer>();
  if (unique.length === 0) return blobs;
  const r = await runGit(repo.cwd, ['cat-file', '--batch'], unique.map((o) => `${o}\n`).join(''));
  if (r.code !== 0) throw new Error(`git cat-file --batch failed: ${firstLine(r.stderr)}`);
  const out = r.stdout;
  let at = 0;
  for (const oid of unique) {
    const eol = out.indexOf(0x0a, at);
    if (eol === -1) throw new Error('git cat-file --batch: truncated output');
    const header = out.subarray(at, eol).toString('utf8').split(' ');
    at = eol + 1;
    if (header[1] === 'missing' || header.length !== 3) throw new Error(`git cat-file --batch: object ${oid} is missing`);
    const size = Number(header[2]);
    blobs.set(oid, out.subarray(at, at + size));
    at += size + 1; // the content is followed by a newline
  }
  return blobs;
}

/** True for a path made of ordinary segments (no "", ".", ".."), so writing it stays inside the target. */
function safePath(path: string): boolean {
  return path.split('/').every((s) => s !== '' && s !== '.' && s !== '..' && !s.includes('\\'));
}

const KUSTOMIZATION_NAMES = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'];
/** Files at the root the pipeline reads besides topologies/: the repository configuration. */
const ROOT_FILES = ['gwtopo.yaml'];

export interface Snapshot {
  /** Files written, relative to the target (for tests and diagnostics). */
  files: string[];
  /** Entries not written, relative to the root, with the reason. */
  skipped: { path: string; reason: string }[];
}

const REGULAR = new Set(['100644', '100755']);
const SYMLINK = '120000';
/** Links followed in a row before giving up (a loop, or a chain nobody means). */
const MAX_HOPS = 8;

/**
 * Writes what the pipeline reads of the root at `commit` into `target`: topologies/, the repository
 * configuration (gwtopo.yaml), the kustomization folders a topology names as its control-plane base
 * (spec.controlPlane.base) with the local resources those list, and the files or folders of CRDs that
 * spec.crds names. Nothing else of the revision (overlays/ above all) is read. `target/topologies` always exists afterwards (empty when the revision has none).
 */
export async function snapshot(repo: Repository, commit: string, target: string): Promise<Snapshot> {
  const written = new Map<string, string>(); // path relative to the root → oid
  const links = new Map<string, string>(); // a symbolic link's path → the oid of its target text
  const skipped: Snapshot['skipped'] = [];
  const visited = new Set<string>();

  const addTree = async (dir: string): Promise<TreeEntry[]> => {
    visited.add(dir);
    const entries = (await listTree(repo, commit, dir)) ?? [];
    for (const e of entries) {
      const path = `${dir}/${e.path}`;
      if (!safePath(path)) skipped.push({ path, reason: 'an unusual path' });
      else if (e.type === 'blob' && REGULAR.has(e.mode)) written.set(path, e.oid);
      else if (e.type === 'blob' && e.mode === SYMLINK) links.set(path, e.oid);
      else skipped.push({ path, reason: 'a submodule' });
    }
    return entries;
  };

  await addTree(TOPOLOGIES_DIR);
  for (const e of (await listTree(repo, commit, '', false)) ?? []) {
    if (ROOT_FILES.includes(e.path) && REGULAR.has(e.mode)) written.set(e.path, e.oid);
  }
  await followLinks(repo, commit, links, written, skipped);
  // Patch-mode bases: follow what the topologies (and profiles) name, then the local resources of each kustomization.
  const topologies = await readBlobs(
    repo,
    [...written].filter(([p]) => /^topologies\/([^/]+\/topology\.ya?ml|_profiles\/[^/]+\.yaml)$/.test(p)).map(([, oid]) => oid),
  );
  const pending = [...topologies.values()].map((b) => controlPlaneBase(b.toString('utf8'))).filter((b): b is string => b !== undefined);
  while (pending.length > 0) {
    const dir = pending.shift()!;
    if (visited.has(dir) || [...visited].some((v) => dir.startsWith(`${v}/`))) continue;
    links.clear();
    const entries = await addTree(dir);
    const kustomization = entries.find((e) => KUSTOMIZATION_NAMES.includes(e.path));
    const text = kustomization === undefined ? '' : (await readBlobs(repo, [kustomization.oid])).get(kustomization.oid)!.toString('utf8');
    for (const resource of localResources(text)) {
      const path = posix.normalize(posix.join(dir, resource));
      if (!safePath(path) || written.has(path) || [...visited].some((v) => path.startsWith(`${v}/`))) continue;
      const found = await entryAt(repo, commit, path);
      if (found?.type === 'tree') pending.push(path);
      else if (found?.type === 'blob' && REGULAR.has(found.mode)) written.set(path, found.oid);
      else if (found?.type === 'blob' && found.mode === SYMLINK) links.set(path, found.oid);
    }
    await followLinks(repo, commit, links, written, skipped);
  }

  // Schema sets given as paths (spec.crds of topologies, profiles and gwtopo.yaml): the clusters' own CRDs; and the
  // data-plane chart's values files (spec.chart.values, gwtopo.yaml's spec.chart.clusters).
  const named = await readBlobs(
    repo,
    [...written].filter(([p]) => /^topologies\/.+\.ya?ml$/.test(p) || ROOT_FILES.includes(p)).map(([, oid]) => oid),
  );
  for (const path of new Set([...named.values()].flatMap((b) => [...crdsPaths(b.toString('utf8')), ...chartValuesPaths(b.toString('utf8'))]))) {
    if (written.has(path) || [...visited].some((v) => path === v || path.startsWith(`${v}/`))) continue;
    const found = await entryAt(repo, commit, path);
    links.clear();
    if (found?.type === 'tree') await addTree(path);
    else if (found?.type === 'blob' && REGULAR.has(found.mode)) written.set(path, found.oid);
    else if (found?.type === 'blob' && found.mode === SYMLINK) links.set(path, found.oid);
    await followLinks(repo, commit, links, written, skipped);
  }

  mkdirSync(join(target, TOPOLOGIES_DIR), { recursive: true });
  const contents = new Map([
    ...topologies,
    ...(await readBlobs(
      repo,
      [...written.values()].filter((oid) => !topologies.has(oid)),
    )),
  ]);
  const files = [...written.keys()].sort();
  for (const path of files) {
    const file = join(target, ...path.split('/'));
    mkdirSync(join(file, '..'), { recursive: true });
    writeFileSync(file, contents.get(written.get(path)!)!);
  }
  return { files, skipped: skipped.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0)) };
}

/** The tree entry at `path` (relative to the root), without following links. */
async function entryAt(repo: Repository, commit: string, path: string): Promise<TreeEntry | undefined> {
  const parent = posix.dirname(path);
  const listed = await listTree(repo, commit, parent === '.' ? '' : parent, false);
  return listed?.find((e) => e.path === posix.basename(path));
}

type Resolved = { entry: TreeEntry; path: string } | { reason: string };

/**
 * Where `path` (relative to the root) leads in the commit, following symbolic links in any of its segments
 * as the file system would — but never out of the root.
 */
async function resolveInCommit(repo: Repository, commit: string, path: string, shown: string): Promise<Resolved> {
  let rest = path.split('/');
  let done: string[] = [];
  for (let hops = 0; ; ) {
    const segment = rest.shift()!;
    const current = [...done, segment].join('/');
    const entry = await entryAt(repo, commit, current);
    if (entry === undefined) return { reason: `a symbolic link to ${shown}, which does not exist` };
    if (entry.type === 'blob' && entry.mode === SYMLINK) {
      if (++hops > MAX_HOPS) return { reason: 'a chain of symbolic links too long to follow' };
      const text = (await readBlobs(repo, [entry.oid])).get(entry.oid)!.toString('utf8');
      const next = text.startsWith('/') ? '..' : posix.normalize(posix.join(done.length === 0 ? '.' : done.join('/'), text));
      if (!safePath(next)) return { reason: `a symbolic link to ${shown}, outside the root` };
      rest = [...next.split('/'), ...rest];
      done = [];
      continue;
    }
    if (rest.length === 0) return { entry, path: current };
    if (entry.type !== 'tree') return { reason: `a symbolic link to ${shown}, which does not exist` };
    done.push(segment);
  }
}

/**
 * Symbolic links are read like what they point to when that stays inside the root, as the pipeline reads
 * them in a working tree; a link that leaves the root, dangles or loops is skipped and reported. The
 * target's content is written at the link's path (a linked folder: its files below the link's path).
 */
async function followLinks(repo: Repository, commit: string, links: ReadonlyMap<string, string>, written: Map<string, string>, skipped: Snapshot['skipped']): Promise<void> {
  const targets = await readBlobs(repo, [...links.values()]);
  for (const [link, oid] of links) {
    const text = targets.get(oid)!.toString('utf8');
    const start = text.startsWith('/') ? '..' : posix.normalize(posix.join(posix.dirname(link), text));
    const resolved: Resolved = safePath(start) ? await resolveInCommit(repo, commit, start, text) : { reason: `a symbolic link to ${text}, outside the root` };
    if ('reason' in resolved) skipped.push({ path: link, reason: resolved.reason });
    else if (resolved.entry.type === 'blob' && REGULAR.has(resolved.entry.mode)) written.set(link, resolved.entry.oid);
    else if (resolved.entry.type === 'tree') {
      for (const e of (await listTree(repo, commit, resolved.path)) ?? []) {
        const path = `${link}/${e.path}`;
        if (e.type === 'blob' && REGULAR.has(e.mode) && safePath(path)) written.set(path, e.oid);
        else skipped.push({ path, reason: 'a symbolic link or submodule inside a linked folder' });
      }
    } else skipped.push({ path: link, reason: 'a symbolic link to a submodule' });
  }
}

/** spec.controlPlane.base of a topology, read leniently (an unreadable topology is reported by validation). */
function controlPlaneBase(text: string): string | undefined {
  if (!text.includes('base')) return undefined; // most topologies name no base: no need to parse them
  try {
    const doc = parse(text, { maxAliasCount: 100 }) as { spec?: { controlPlane?: { base?: unknown } } } | null;
    const base = doc?.spec?.controlPlane?.base;
    if (typeof base !== 'string') return undefined;
    const path = posix.normalize(base.replace(/\/+$/, ''));
    return safePath(path) ? path : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The paths among the schema sets a topology or gwtopo.yaml names in spec.crds (a string, or gwtopo.yaml's
 * {default, clusters}); a builtin set's name is not a path of the revision and is simply not found there.
 */
function crdsPaths(text: string): string[] {
  if (!text.includes('crds')) return [];
  try {
    const crds = (parse(text, { maxAliasCount: 100 }) as { spec?: { crds?: unknown } } | null)?.spec?.crds;
    const values =
      typeof crds === 'string' ? [crds] : typeof crds === 'object' && crds !== null ? [(crds as { default?: unknown }).default, ...Object.values((crds as { clusters?: object }).clusters ?? {})] : [];
    return values
      .filter((v): v is string => typeof v === 'string')
      .map((v) => posix.normalize(v.replace(/\/+$/, '')))
      .filter(safePath);
  } catch {
    return [];
  }
}

/** The chart values files a topology, profile (spec.chart.values) or gwtopo.yaml (spec.chart.clusters) names. */
function chartValuesPaths(text: string): string[] {
  if (!text.includes('chart')) return [];
  try {
    const chart = (parse(text, { maxAliasCount: 100 }) as { spec?: { chart?: { values?: unknown; clusters?: unknown } } } | null)?.spec?.chart;
    const lists = [chart?.values, ...(typeof chart?.clusters === 'object' && chart.clusters !== null ? Object.values(chart.clusters) : [])];
    return lists
      .flatMap((l) => (Array.isArray(l) ? l : []))
      .filter((v): v is string => typeof v === 'string')
      .map((v) => posix.normalize(v))
      .filter(safePath);
  } catch {
    return [];
  }
}

/** The local entries of a kustomization's `resources` (remote ones are refused by validation anyway). */
function localResources(text: string): string[] {
  try {
    const doc = parse(text, { maxAliasCount: 100 }) as { resources?: unknown } | null;
    const list = Array.isArray(doc?.resources) ? doc.resources : [];
    return list.filter((e): e is string => typeof e === 'string' && !/^[a-z][a-z0-9+.-]*:\/\//i.test(e) && !e.startsWith('git@'));
  } catch {
    return [];
  }
}
