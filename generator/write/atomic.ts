// One file written atomically, and the loop that writes a list of them. Only node:fs here: the writer
// worker (writer-worker.ts) imports this module and should start fast.
import { existsSync, mkdirSync, renameSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** A file to write: path relative to the root, and its content. */
export interface FileToWrite {
  path: string;
  content: string;
}

let sequence = 0;

/**
 * The name of a temporary file writeAtomic creates next to its target, or of a temporary folder a new cluster
 * folder is written in (`.gwtopo-<pid><tag>-<n>.tmp`). A run killed between the write and the rename leaves one
 * behind: the next generate removes it, and no run reports it.
 */
export const TEMP_FILE = /(^|\/)\.gwtopo-[0-9]+(w[0-9]+)?-[0-9]+\.tmp$/;
/** A path inside a temporary folder (see TEMP_FILE): the part up to the folder, and the folder. */
export const IN_TEMP_FOLDER = /^(.*?(^|\/)\.gwtopo-[0-9]+(w[0-9]+)?-[0-9]+\.tmp)\//;

function tempName(tag: string): string {
  return `.gwtopo-${process.pid}${tag}-${sequence++}.tmp`;
}

/**
 * Fault injection for the crash tests: with GWTOPO_FAULT_AFTER_WRITES=N the process kills itself (SIGKILL,
 * no cleanup) right after the N-th file write of the run, counted over all threads, to prove that an
 * interrupted run leaves every file either old or new.
 */
const FAULT_AFTER_WRITES = Number(process.env.GWTOPO_FAULT_AFTER_WRITES ?? 0);

/** Writes a file so that readers see either the old or the new content, never a partial one. */
function writeAtomic(path: string, content: string, tag = ''): void {
  // A short name: <name>.<kind>.yaml may already be close to the 255-byte limit of file names. The tag
  // keeps the names of two threads of one process apart.
  const temp = join(dirname(path), tempName(tag));
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

/** The main thread lets its spinner turn this often (in files written). */
const PAUSE_EVERY = 500;

/** The top folder a file belongs to (overlays/<cluster>, overlays/_gitops), or undefined for a file directly in overlays/. */
function topFolder(path: string): string | undefined {
  const first = path.indexOf('/');
  const second = first < 0 ? -1 : path.indexOf('/', first + 1);
  return second < 0 ? undefined : path.slice(0, second);
}

/**
 * Writes files in order, creating their folders. A top folder (overlays/<cluster>) that does not exist yet is
 * written whole into a temporary folder beside it and renamed into place once: readers see no folder or the
 * complete one, and a new cluster costs one rename instead of one per file. `writes` counts the writes of the
 * whole run (shared between threads); `pause`, when given, is awaited every PAUSE_EVERY files.
 */
export async function writeFiles(root: string, files: readonly FileToWrite[], writes: Int32Array, opts: { tag?: string; pause?: () => Promise<void> } = {}): Promise<void> {
  const made = new Set<string>();
  const tag = opts.tag ?? '';
  let n = 0;
  let i = 0;
  while (i < files.length) {
    const top = topFolder(files[i]!.path);
    let end = i + 1;
    if (top !== undefined) while (end < files.length && files[end]!.path.startsWith(`${top}/`)) end++;
    const fresh = top !== undefined && !existsSync(join(root, top));
    // A fresh folder is built under a temporary name in the same parent, then renamed.
    const temp = fresh ? join(root, dirname(top), tempName(tag)) : undefined;
    try {
      for (const f of files.slice(i, end)) {
        const path = temp === undefined ? join(root, f.path) : join(temp, f.path.slice(top!.length + 1));
        const dir = dirname(path);
        if (!made.has(dir)) {
          mkdirSync(dir, { recursive: true });
          made.add(dir);
        }
        if (temp === undefined) writeAtomic(path, f.content, tag);
        else writeFileSync(path, f.content, { encoding: 'utf8', flag: 'wx' });
        if (Atomics.add(writes, 0, 1) + 1 === FAULT_AFTER_WRITES) process.kill(process.pid, 'SIGKILL');
        if (opts.pause !== undefined && ++n % PAUSE_EVERY === 0) await opts.pause();
      }
      if (temp !== undefined) renameSync(temp, join(root, top!));
    } catch (err) {
      if (temp !== undefined) rmSync(temp, { recursive: true, force: true });
      throw err;
    }
    i = end;
  }
}
