// A worker thread of the pipeline: processes its share of the clusters and posts the results back.
import { parentPort, workerData } from 'node:worker_threads';
import type { TopologyRef } from './load/discover.js';
import { processCluster, type PipelineOptions } from './pipeline.js';

const { root, refs, opts } = workerData as { root: string; refs: TopologyRef[]; opts: PipelineOptions };
const results = [];
for (const ref of refs) results.push(await processCluster(root, ref, opts));
parentPort!.postMessage(results);
