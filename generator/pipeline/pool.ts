// The pipeline's worker threads, started as early as a command knows it will need them. A thread spends
// its first ~0.3 s loading and compiling gwtopo's modules; started by main.ts before the command's own
// modules load (and before the topologies are discovered), it does that on the second core while this
// thread is busy with the same, and takes its first cluster ~0.5 s sooner. The clusters step (clusters.ts)
// takes the threads it needs from here and starts any that are missing; threads nobody takes are
// unreferenced, so they never keep the process alive, and end with it.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { extraThreads } from '../support/threads.js';
import { TOPOLOGIES_DIR } from '../topology/layout.js';

/** Below this many clusters, starting worker threads costs more than it saves. */
export const PARALLEL_THRESHOLD = 64;

/**
 * Below this many clusters one core is left to V8's own threads. A cold run of the pipeline spends about a third
 * of its CPU compiling hot functions with TurboFan, which V8 does on background threads: with one JavaScript
 * thread those use the second core; a second JavaScript thread competes with them, and compiles the same
 * functions again, and loads its modules, schemas and CEL programs again. Measured on 2 cores (docs/performance.md):
 * 1,000 clusters ran 0.15 s faster and with 0.8 s less CPU on one thread; 10,000 ran 1.3 s faster on two.
 */
export const LARGE_REPOSITORY = 2000;

/** The pipeline's extra threads for a repository of this many clusters. */
export function pipelineThreads(clusters: number): number {
  return extraThreads(clusters, PARALLEL_THRESHOLD, clusters >= LARGE_REPOSITORY ? 0 : 1);
}

const WORKER_URL = new URL('./pipeline-worker.js', import.meta.url);

/** Threads started early and not taken yet, each with the listener that drops it should it end first. */
let early: { worker: Worker; drop: () => void }[] = [];

function startWorker(): Worker {
  return new Worker(WORKER_URL);
}

/** An early thread that failed or ended before it was taken is dropped (processAll would wait for it forever). */
function startEarly(): { worker: Worker; drop: () => void } {
  const worker = startWorker();
  worker.unref();
  const drop = (): void => {
    early = early.filter((e) => e.worker !== worker);
  };
  worker.on('error', drop);
  worker.on('exit', drop);
  return { worker, drop };
}

/** The number of cluster folders under topologies/ (folders not starting with _ or .), read cheaply. */
function clusterFolders(root: string): number {
  try {
    return readdirSync(join(root, TOPOLOGIES_DIR), { withFileTypes: true }).filter((d) => d.isDirectory() && !/^[_.]/.test(d.name)).length;
  } catch {
    return 0;
  }
}

/**
 * Starts the worker threads a pipeline run over this repository will use (none for a small one). They load
 * their modules and then wait for their clusters.
 */
export function startPipelineWorkers(root: string): void {
  if (early.length > 0) return;
  early = Array.from({ length: pipelineThreads(clusterFolders(root)) }, () => startEarly());
}

/** `count` worker threads for the pipeline: those started early first, new ones for the rest; extra early ones end. */
export function takePipelineWorkers(count: number): Worker[] {
  for (const { worker, drop } of early) worker.off('error', drop).off('exit', drop);
  const taken = early.slice(0, count).map(({ worker }) => worker);
  for (const worker of taken) worker.ref();
  for (const { worker } of early.slice(count)) void worker.terminate();
  early = [];
  while (taken.length < count) taken.push(startWorker());
  return taken;
}
