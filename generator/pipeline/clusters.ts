// The clusters step of the pipeline: processCluster (cluster.ts) over every cluster, in parallel for large
// repositories. Clusters are independent: each thread takes the next cluster from a counter the threads
// share and runs the same function; results are put back in the order of the clusters, so the output does
// not depend on which thread did what. pipeline-worker.ts is the other threads' side of this.
import type { Worker } from 'node:worker_threads';
import { profileSet } from '../expand/set.js';
import type { ProfileFile } from '../repository/profiles.js';
import type { TopologyRef } from '../topology/layout.js';
import { type ClusterResult, type PipelineOptions, processCluster, type Work } from './cluster.js';
import { pipelineThreads, takePipelineWorkers } from './pool.js';

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
  const workers = opts.models === true || opts.expanded === true ? 0 : pipelineThreads(items.length);
  const results: ClusterResult[] = new Array<ClusterResult>(items.length);
  const next = new Int32Array(new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT));
  const pending = takePipelineWorkers(workers).map((worker) => runWorker(worker, { root, items, opts, next, profiles }));
  const set = profileSet(profiles);
  for (let i = takeNext(next); i < items.length; i = takeNext(next)) results[i] = await processCluster(root, items[i]!.ref, opts, set, items[i]!.work);
  for (const [i, result] of (await Promise.all(pending)).flat()) results[i] = result;
  return results;
}
