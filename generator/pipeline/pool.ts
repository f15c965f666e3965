// The pipeline's worker threads, started as early as a command knows it will need them. A thread spends
// its first ~0.3 s loading and compiling gwtopo's modules; started by main.ts before the command's own
// modules load (and before the topologies are discovered), it does that on the second core while this
// thread is busy with the same, and takes its first cluster ~0.5 s sooner. The pipeline (processAll)
// takes the threads it needs from here and starts any that are missing; threads nobody takes are
// unreferenced, so they never keep the process alive, and end with it.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { profileSet } from '../expand/set.js';
import type { ProfileFile } from '../repository/profiles.js';
import { TOPOLOGIES_DIR, type TopologyRef } from '../topology/layout.js';
import { extraThreads } from '../support/threads.js';
import { processCluster, type ClusterResult, type PipelineOptions, type Work } from './cluster.js';

/** Below this many clusters, starting worker threads costs more than it saves. */
export const PARALLEL_THRESHOLD = 64;

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
  early = Array.from({ length: extraThreads(clusterFolders(root), PARALLEL_THRESHOLD) }, () => startEarly());
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

/** One cluster to process, and how far. */
export interface WorkItem {
  ref: TopologyRef;
  work: Work;
}

/** What a worker thread is sent to start its work. */
export interface WorkerInput {
  root: string;
  items: WorkItem[];
  opts: PipelineOptions;
  next: Int32Array;
  profiles: ProfileFile[];
}

/** What a worker thread posts back: its results, each with the index of its cluster in `items`. */
export type WorkerResults = [index: number, result: ClusterResult][];

function runWorker(worker: Worker, input: WorkerInput): Promise<WorkerResults> {
  return new Promise((resolve, reject) => {
    worker.postMessage(input);
    worker.once('message', (results: WorkerResults) => resolve(results));
    worker.once('error', reject);
    worker.once('exit', (code) => {
      if (code !== 0) reject(new Error(`pipeline worker exited with code ${code}`));
    });
  });
}

/**
 * Takes the index of the next unprocessed cluster from the counter the threads share, so that a thread
 * that started late (a worker compiles the schema first) or got slow clusters simply takes fewer.
 */
export function takeNext(next: Int32Array): number {
  return Atomics.add(next, 0, 1);
}

/**
 * The per-cluster steps over every item, in parallel for large repositories: each thread takes the next cluster
 * from a shared counter and runs processCluster; results are put back in the order of `items`, so the output
 * does not depend on which thread did what.
 */
export async function processAll(root: string, items: WorkItem[], opts: PipelineOptions, profiles: ProfileFile[]): Promise<ClusterResult[]> {
  const workers = opts.models === true || opts.expanded === true ? 0 : extraThreads(items.length, PARALLEL_THRESHOLD);
  const results: ClusterResult[] = new Array<ClusterResult>(items.length);
  const next = new Int32Array(new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT));
  const pending = takePipelineWorkers(workers).map((worker) => runWorker(worker, { root, items, opts, next, profiles }));
  const set = profileSet(profiles);
  for (let i = takeNext(next); i < items.length; i = takeNext(next)) results[i] = await processCluster(root, items[i]!.ref, opts, set, items[i]!.work);
  for (const [i, result] of (await Promise.all(pending)).flat()) results[i] = result;
  return results;
}
