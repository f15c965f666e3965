// A worker thread of the pipeline (pool.ts starts it, often before the clusters are known): loads
// its modules, waits for its work, takes clusters from the counter it shares with the other threads,
// processes them and posts the results back with their indices.
import { parentPort } from 'node:worker_threads';
import { profileSet } from '../expand/set.js';
import { processCluster } from './cluster.js';
import { takeNext, type WorkerInput, type WorkerResults } from './clusters.js';

parentPort!.once('message', async ({ root, items, opts, next, profiles }: WorkerInput) => {
  const set = profileSet(profiles);
  const results: WorkerResults = [];
  for (let i = takeNext(next); i < items.length; i = takeNext(next)) results.push([i, await processCluster(root, items[i]!.ref, opts, set, items[i]!.work)]);
  parentPort!.postMessage(results);
});
