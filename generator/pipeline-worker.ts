// A worker thread of the pipeline: takes clusters from the counter it shares with the other threads,
// processes them and posts the results back with their indices.
import { parentPort, workerData } from 'node:worker_threads';
import { profileSet } from './profiles/set.js';
import { processCluster, takeNext, type WorkerInput, type WorkerResults } from './pipeline.js';

const { root, items, opts, next, profiles } = workerData as WorkerInput;
const set = profileSet(profiles);
const results: WorkerResults = [];
for (let i = takeNext(next); i < items.length; i = takeNext(next)) results.push([i, await processCluster(root, items[i]!.ref, opts, set, items[i]!.work)]);
parentPort!.postMessage(results);
