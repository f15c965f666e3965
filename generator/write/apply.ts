// Applies a plan to disk: atomic writes (temp file + rename) of changed files only, and removal of
// stale generated files (and of folders that removal leaves empty). Nothing else is touched.
import { mkdir, rename, rmdir, unlink, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { OVERLAYS_DIR, type OutputFile } from '../serialize/files.js';
import type { Plan } from './plan.js';
import { mapLimit } from './pool.js';

let sequence = 0;

/** Writes a file so that readers see either the old or the new content, never a partial one. */
export async function writeAtomic(path: string, content: string): Promise<void> {
  const dir = dirname(path);
  await mkdir(dir, { recursive: true });
  const temp = join(dir, `.${basename(path)}.gwtopo-${process.pid}-${sequence++}.tmp`);
  try {
    await writeFile(temp, content, { encoding: 'utf8', flag: 'wx' });
    await rename(temp, path);
  } catch (err) {
    await unlink(temp).catch(() => undefined);
    throw err;
  }
}

async function removeEmptyParents(root: string, paths: readonly string[]): Promise<void> {
  const dirs = new Set<string>();
  for (const p of paths) {
    for (let d = dirname(p); d !== OVERLAYS_DIR && d.startsWith(`${OVERLAYS_DIR}/`); d = dirname(d)) dirs.add(d);
  }
  // Deepest first, so a parent is tried after its children.
  for (const d of [...dirs].sort((a, b) => b.split('/').length - a.split('/').length || (a < b ? -1 : 1))) {
    await rmdir(join(root, d)).catch(() => undefined); // not empty: it holds files gwtopo does not own
  }
}

export interface Applied {
  written: string[];
  removed: string[];
}

export async function applyPlan(root: string, plan: Plan): Promise<Applied> {
  const toWrite: OutputFile[] = [...plan.create, ...plan.update.map((u) => u.file)].sort((a, b) => (a.path < b.path ? -1 : 1));
  await mapLimit(toWrite, 32, (f) => writeAtomic(join(root, f.path), f.content));
  await mapLimit(plan.stale, 32, (p) => unlink(join(root, p)));
  await removeEmptyParents(root, plan.stale);
  return { written: toWrite.map((f) => f.path), removed: [...plan.stale] };
}
