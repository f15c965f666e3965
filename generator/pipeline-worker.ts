// A worker thread of the pipeline: takes clusters from the counter it shares with the other threads,
// processes them and posts the results back with their indices.
import { parentPort, workerData } from 'node:worker_threads';
import type { TopologyRef } from './load/discover.js';
import { processCluster, takeNext, type PipelineOptions, type WorkerResults } from './pipeline.js';

const { root, refs, opts, next } = workerData as { root: string; refs: TopologyRef[]; opts: PipelineOptions; next: Int32Array };
const results: WorkerResults = [];
for (let i = takeNext(next); i < refs.length; i = takeNext(next)) results.push([i, await processCluster(root, refs[i]!, opts)]);
parentPort!.postMessage(results);
