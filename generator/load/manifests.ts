// Reads the input of `gwtopo conform`: files, folders (recursively: *.yaml and *.yml, without
// kustomization files, hidden folders and node_modules) and standard input. Returns texts to parse;
// what cannot be read becomes a problem naming the path, never an exception.
import { closeSync, fstatSync, openSync, readFileSync, readdirSync, realpathSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Problem } from '../validate/problem.js';

export interface ManifestText {
  /** The file as the user named it (folder contents joined to the folder), or `<stdin>`. */
  file: string;
  text: string;
}

export const STDIN_NAME = '<stdin>';
/** Inputs larger than this are refused: even a whole cluster's `kubectl get -o yaml` stays far below. */
export const MAX_MANIFEST_BYTES = 256 * 1024 * 1024;

const MANIFEST = /\.ya?ml$/;
/** Build instructions, not resources: skipped in folders (named explicitly, they are read). */
const KUSTOMIZATION = /^(kustomization\.ya?ml|Kustomization)$/;

function problem(file: string, message: string, hint?: string): Problem {
  return { severity: 'error', file, line: 1, col: 1, path: '', rule: 'conform-input', message, ...(hint === undefined ? {} : { hint }) };
}

function byName(a: { name: string }, b: { name: string }): number {
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}

/** Manifest files under a folder, in code-point order of their paths; a folder reached twice (links) is read once. */
function filesUnder(dir: string, shown: string, seen = new Set<string>()): { path: string; file: string }[] {
  const out: { path: string; file: string }[] = [];
  const real = realpathSync(dir);
  if (seen.has(real)) return out;
  seen.add(real);
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort(byName)) {
    if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
    const path = join(dir, entry.name);
    const file = shown === '.' ? entry.name : `${shown.replace(/\/+$/, '')}/${entry.name}`;
    const isDir = entry.isDirectory() || (entry.isSymbolicLink() && isFolder(path));
    if (isDir) out.push(...filesUnder(path, file, seen));
    else if (MANIFEST.test(entry.name) && !KUSTOMIZATION.test(entry.name)) out.push({ path, file });
  }
  return out;
}

function isFolder(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/** Decodes an input: UTF-8 text (a byte-order mark is fine), not binary. */
export function decodeManifest(file: string, bytes: Uint8Array): { text: string } | { problem: Problem } {
  if (bytes.length > MAX_MANIFEST_BYTES) return { problem: problem(file, `is ${bytes.length} bytes; gwtopo conform reads at most ${MAX_MANIFEST_BYTES / 1024 / 1024} MiB per input`, 'split the input') };
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return { problem: problem(file, 'is not UTF-8 text (a binary file?)', 'give Kubernetes YAML') };
  }
  if (text.includes('\u0000')) return { problem: problem(file, 'holds NUL bytes: not a YAML text file', 'give Kubernetes YAML') };
  return { text };
}

function readLimited(path: string): Uint8Array | { size: number } {
  const fd = openSync(path, 'r');
  try {
    const size = fstatSync(fd).size;
    return size > MAX_MANIFEST_BYTES ? { size } : readFileSync(fd);
  } finally {
    closeSync(fd);
  }
}

function readOne(path: string, file: string, out: ManifestText[], problems: Problem[], seen: Set<string>): void {
  // A file named twice (or inside a folder also named) is read once.
  const key = resolve(path);
  if (seen.has(key)) return;
  seen.add(key);
  let bytes: Uint8Array | { size: number };
  try {
    bytes = readLimited(path);
  } catch (err) {
    problems.push(problem(file, `cannot be read: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`));
    return;
  }
  if (!(bytes instanceof Uint8Array)) {
    problems.push(problem(file, `is ${bytes.size} bytes; gwtopo conform reads at most ${MAX_MANIFEST_BYTES / 1024 / 1024} MiB per input`, 'split the input'));
    return;
  }
  const decoded = decodeManifest(file, bytes);
  if ('problem' in decoded) problems.push(decoded.problem);
  else out.push({ file, text: decoded.text });
}

/**
 * The texts of the inputs, in the order given (a folder's files sorted). `base` resolves relative paths;
 * `stdin` reads standard input (for `-`).
 */
export async function readManifests(base: string, paths: readonly string[], stdin: () => Promise<Uint8Array>): Promise<{ inputs: ManifestText[]; problems: Problem[] }> {
  const inputs: ManifestText[] = [];
  const problems: Problem[] = [];
  const seen = new Set<string>();
  for (const path of paths) {
    if (path === '-') {
      const decoded = decodeManifest(STDIN_NAME, await stdin());
      if ('problem' in decoded) problems.push(decoded.problem);
      else inputs.push({ file: STDIN_NAME, text: decoded.text });
      continue;
    }
    const full = resolve(base, path);
    let stats;
    try {
      stats = statSync(full);
    } catch {
      problems.push(problem(path, 'no such file or folder'));
      continue;
    }
    if (!stats.isDirectory()) {
      readOne(full, path, inputs, problems, seen);
      continue;
    }
    const files = filesUnder(full, path);
    if (files.length === 0) problems.push(problem(path, 'the folder holds no .yaml or .yml files', 'conform reads *.yaml and *.yml files (kustomization files, hidden folders and node_modules are skipped)'));
    for (const f of files) readOne(f.path, f.file, inputs, problems, seen);
  }
  return { inputs, problems };
}
