// Applies a plan to disk: atomic writes (temp file + rename) of changed files only, and removal of
// stale generated files (and of folders that removal leaves empty). Nothing else is touched.
//
// The calls are synchronous: thousands of small files are written several times faster that way
// than through the thread pool, and the loop yields to the event loop now and then so that a
// spinner keeps turning.
import { mkdirSync, renameSync, rmdirSync, unlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { OVERLAYS_DIR, type OutputFile } from '../serialize/files.js';
import type { Plan } from './plan.js';

const YIELD_EVERY = 500;
let sequence = 0;

/**
 * Fault injection for the crash tests: with GWTOPO_FAULT_AFTER_WRITES=N the process kills itself (SIGKILL,
 * no cleanup) right after its N-th file write, to prove that an interrupted run leaves every file either
 * old or new.
 */
const FAULT_AFTER_WRITES = Number(process.env.GWTOPO_FAULT_AFTER_WRITES ?? 0);

function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** Writes a file so that readers see either the old or the new content, never a partial one. */
export function writeAtomic(path: string, content: string): void {
  // A short name: <name>.<kind>.yaml may already be close to the 255-byte limit of file names.
  const temp = join(dirname(path), `.gwtopo-${process.pid}-${sequence++}.tmp`);
  try {
    writeFileSync(temp, content, { encoding: 'utf8', flag: 'wx' });
    renameSync(temp, path);
  } catch (err) {
    try {
      unlinkSync(temp);
    } catch {
      // the temp file was never created
    }
    throw err;
  }
}

function removeEmptyParents(root: string, paths: readonly string[]): void {
  const dirs = new Set<string>();
  for (const p of paths) {
    for (let d = dirname(p); d !== OVERLAYS_DIR && d.startsWith(`${OVERLAYS_DIR}/`); d = dirname(d)) dirs.add(d);
  }
  // Deepest first, so a parent is tried after its children.
  for (const d of [...dirs].sort((a, b) => b.split('/').length - a.split('/').length || (a < b ? -1 : 1))) {
    try {
      rmdirSync(join(root, d));
    } catch {
      // not empty: it holds files gwtopo does not own
    }
  }
}

export interface Applied {
  written: string[];
  removed: string[];
}

export async function applyPlan(root: string, plan: Plan): Promise<Applied> {
  const toWrite: OutputFile[] = [...plan.create, ...plan.update.map((u) => u.file)].sort((a, b) => (a.path < b.path ? -1 : 1));
  const made = new Set<string>();
  let n = 0;
  for (const f of toWrite) {
    const path = join(root, f.path);
    const dir = dirname(path);
    if (!made.has(dir)) {
      mkdirSync(dir, { recursive: true });
      made.add(dir);
    }
    writeAtomic(path, f.content);
    if (++n === FAULT_AFTER_WRITES) process.kill(process.pid, 'SIGKILL');
    if (n % YIELD_EVERY === 0) await yieldToEventLoop();
  }
  for (const p of plan.stale) unlinkSync(join(root, p));
  removeEmptyParents(root, plan.stale);
  return { written: toWrite.map((f) => f.path), removed: [...plan.stale] };
}
