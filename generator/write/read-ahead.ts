// Reading overlays/ while the pipeline renders. `check` compares every rendered file with the one on disk; for a
// large repository reading them all after rendering was a sixth of its time (18,000 files: ~0.3 s on the main
// thread), time in which the other cores sat idle. So check starts a thread that scans overlays/ (scan.ts) at the
// start of the run and takes its result after rendering. The scan is a read of files nobody locks, as the scan
// after rendering was: the same files, read a second or so earlier.
//
// Only for a run over every cluster (the scope of a selection is known after rendering) of a repository with
// enough cluster folders to pay for a thread (support/threads.ts decides, GWTOPO_WORKERS=0 included). When the
// thread fails for any reason the scan runs here, where its error (a file that cannot be read) is reported as
// before.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { extraThreads } from '../support/threads.js';
import { OVERLAYS_DIR } from '../topology/layout.js';
import { type Scanned, scanOverlays } from './scan.js';

/** Below this many folders in overlays/, reading them here after rendering costs less than a thread. */
const READ_AHEAD_FOLDERS = 64;

/** What the scan thread posts: the scan, or that it failed (the main thread then scans itself). */
export type ScanReport = { ok: true; scanned: Scanned } | { ok: false };

function folders(root: string): number {
  try {
    return readdirSync(join(root, OVERLAYS_DIR), { withFileTypes: true }).filter((d) => d.isDirectory()).length;
  } catch {
    return 0;
  }
}

/** A scan of all of overlays/, and whether a thread made it while the run rendered or this thread when taken. */
export interface ReadAheadScan {
  scanned: Scanned;
  by: 'thread' | 'here';
}

/**
 * Starts scanning all of overlays/ (as scanOverlays(root) does) and returns how to take the result: from a thread
 * started now when the repository is large, else by scanning when taken.
 */
export function readAhead(root: string): () => Promise<ReadAheadScan> {
  const here = async (): Promise<ReadAheadScan> => ({ scanned: await scanOverlays(root), by: 'here' });
  if (extraThreads(folders(root), READ_AHEAD_FOLDERS) === 0) return here;
  let worker: Worker;
  try {
    worker = new Worker(new URL('./scan-worker.js', import.meta.url), { workerData: { root } });
  } catch {
    return here;
  }
  const report = new Promise<ScanReport>((resolve) => {
    worker.once('message', resolve);
    worker.once('error', () => resolve({ ok: false }));
    worker.once('exit', () => resolve({ ok: false }));
  });
  // Unreferenced until taken: a run that stops before it compares (invalid topologies) does not wait for it. After
  // the listeners: adding a 'message' listener references the worker again.
  worker.unref();
  return async () => {
    worker.ref();
    const r = await report;
    return r.ok ? { scanned: r.scanned, by: 'thread' } : here();
  };
}
