// One file written atomically, and the loop that writes a list of them. Only node:fs here: the writer
// worker (writer-worker.ts) imports this module and should start fast.
import { mkdirSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** A file to write: path relative to the root, and its content. */
export interface FileToWrite {
  path: string;
  content: string;
}

let sequence = 0;

/**
 * The name of a temporary file writeAtomic creates next to its target (`.gwtopo-<pid><tag>-<n>.tmp`). A run killed
 * between the write and the rename leaves one behind: the next generate removes it, and no run reports it.
 */
export const TEMP_FILE = /(^|\/)\.gwtopo-[0-9]+(w[0-9]+)?-[0-9]+\.tmp$/;

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
  const temp = join(dirname(path), `.gwtopo-${process.pid}${tag}-${sequence++}.tmp`);
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

/**
 * Writes files in order, creating their folders. `writes` counts the writes of the whole run (shared
 * between threads); `pause`, when given, is awaited every PAUSE_EVERY files.
 */
export async function writeFiles(root: string, files: readonly FileToWrite[], writes: Int32Array, opts: { tag?: string; pause?: () => Promise<void> } = {}): Promise<void> {
  const made = new Set<string>();
  let n = 0;
  for (const f of files) {
    const path = join(root, f.path);
    const dir = dirname(path);
    if (!made.has(dir)) {
      mkdirSync(dir, { recursive: true });
      made.add(dir);
    }
    writeAtomic(path, f.content, opts.tag);
    if (Atomics.add(writes, 0, 1) + 1 === FAULT_AFTER_WRITES) process.kill(process.pid, 'SIGKILL');
    if (opts.pause !== undefined && ++n % PAUSE_EVERY === 0) await opts.pause();
  }
}
