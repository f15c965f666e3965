// Applies a plan to disk: atomic writes (temp file + rename, atomic.ts) of changed files only, and
// removal of stale generated files (and of folders that removal leaves empty). Nothing else is touched.
//
// The calls are synchronous: thousands of small files are written several times faster that way than
// through the thread pool. Creating files is mostly kernel time, so a large plan is split by cluster
// between the main thread and writer threads (writer-worker.ts), which create their files in parallel.
import { rmdirSync, unlinkSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { OutputFile } from '../serialize/files.js';
import { extraThreads } from '../support/threads.js';
import { OVERLAYS_DIR } from '../topology/layout.js';
import { type FileToWrite, writeFiles } from './atomic.js';
import type { Plan } from './plan.js';
import type { WriterReport } from './writer-worker.js';

/** Below this many files, starting a writer thread costs more than it saves. */
const PARALLEL_WRITES = 1000;

function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
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

/** The top folder a file belongs to (overlays/<cluster>, overlays/_gitops): writers never share one. */
function folderOf(path: string): string {
  const parts = path.split('/');
  return parts.length > 2 ? `${parts[0]}/${parts[1]}` : path;
}

/** Splits files into `n` shares of whole folders, dealt in turn, each share in path order. */
function shares(files: readonly FileToWrite[], n: number): FileToWrite[][] {
  const out: FileToWrite[][] = Array.from({ length: n }, () => []);
  let folder = '';
  let share = -1;
  for (const f of files) {
    const top = folderOf(f.path);
    if (top !== folder) {
      folder = top;
      share = (share + 1) % n;
    }
    out[share]!.push(f);
  }
  return out;
}

function runWriter(root: string, files: FileToWrite[], writes: Int32Array, tag: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./writer-worker.js', import.meta.url), { workerData: { root, files, writes, tag } });
    worker.once('message', (report: WriterReport) => {
      if (report.ok) return resolve();
      // Rebuilt so that the one place that reports failures (main.ts) names the syscall and the file.
      const { ok: _ok, message, ...fields } = report;
      reject(Object.assign(new Error(message), fields));
    });
    worker.once('error', reject);
    worker.once('exit', (code) => {
      if (code !== 0) reject(new Error(`writer thread exited with code ${code}`));
    });
  });
}

export async function applyPlan(root: string, plan: Plan): Promise<Applied> {
  const toWrite: OutputFile[] = [...plan.create, ...plan.update.map((u) => u.file)].sort((a, b) => (a.path < b.path ? -1 : 1));
  const writes = new Int32Array(new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT));
  const [mine, ...theirs] = shares(toWrite, extraThreads(toWrite.length, PARALLEL_WRITES) + 1);
  const writers = theirs.map((files, i) => runWriter(root, files, writes, `w${i + 1}`));
  // allSettled: a failing writer must not leave the others writing unobserved.
  const results = await Promise.allSettled([writeFiles(root, mine!, writes, { pause: yieldToEventLoop }), ...writers]);
  const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed !== undefined) throw failed.reason;
  for (const p of plan.stale) unlinkSync(join(root, p));
  removeEmptyParents(root, plan.stale);
  return { written: toWrite.map((f) => f.path), removed: [...plan.stale] };
}
