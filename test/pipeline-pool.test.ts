// The pipeline's worker threads started early (generator/pipeline/pool.ts): started only for a repository
// large enough to use them, handed to the pipeline when it asks, topped up or ended to the number it asks for,
// able to run work sent after they started, and as many as the repository's size and the cores pay for.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import type { Worker } from 'node:worker_threads';
import type { WorkerInput, WorkerResults } from '../generator/pipeline/clusters.js';
import { LARGE_REPOSITORY, PARALLEL_THRESHOLD, pipelineThreads, startPipelineWorkers, takePipelineWorkers } from '../generator/pipeline/pool.js';
import { removeTemp, tempRepo } from './helpers.js';

function repoWith(clusters: number): string {
  const root = tempRepo();
  for (let i = 0; i < clusters; i++) mkdirSync(join(root, 'topologies', `c${i}`), { recursive: true });
  mkdirSync(join(root, 'topologies', '_profiles'), { recursive: true });
  return root;
}

/** Sends a worker no clusters; resolves with what it posts back and waits for it to end. */
function runEmpty(worker: Worker, root: string): Promise<WorkerResults> {
  return new Promise((resolve, reject) => {
    worker.once('error', reject);
    worker.once('message', (results: WorkerResults) => worker.once('exit', () => resolve(results)));
    const input: WorkerInput = { root, items: [], opts: {}, next: new Int32Array(new SharedArrayBuffer(4)), profiles: [] };
    worker.postMessage(input);
  });
}

test('early pipeline threads: none for a small repository, as many as asked for otherwise', async () => {
  const before = process.env.GWTOPO_WORKERS;
  process.env.GWTOPO_WORKERS = '2';
  const small = repoWith(PARALLEL_THRESHOLD - 1);
  const large = repoWith(PARALLEL_THRESHOLD);
  try {
    // GWTOPO_WORKERS forces the count whatever the size; without it, a small repository starts none.
    delete process.env.GWTOPO_WORKERS;
    startPipelineWorkers(small);
    assert.deepEqual(takePipelineWorkers(0), [], 'a repository below the threshold starts no thread');
    process.env.GWTOPO_WORKERS = '2';
    startPipelineWorkers(large);
    const [first, second, third] = takePipelineWorkers(3);
    assert.ok(first !== undefined && second !== undefined && third !== undefined, 'two early threads and one new');
    assert.deepEqual(await Promise.all([first, second, third].map((w) => runEmpty(w, large))), [[], [], []]);
    startPipelineWorkers(large);
    assert.deepEqual(takePipelineWorkers(0), [], 'threads nobody needs are ended');
  } finally {
    if (before === undefined) delete process.env.GWTOPO_WORKERS;
    else process.env.GWTOPO_WORKERS = before;
    removeTemp(small);
    removeTemp(large);
  }
});

test('pipeline threads: one core is left to V8 below LARGE_REPOSITORY clusters, none above; GWTOPO_WORKERS overrides', () => {
  const before = process.env.GWTOPO_WORKERS;
  try {
    delete process.env.GWTOPO_WORKERS;
    const cores = availableParallelism();
    const upTo3 = (n: number): number => Math.max(0, Math.min(n, 3));
    assert.equal(pipelineThreads(PARALLEL_THRESHOLD - 1), 0);
    assert.equal(pipelineThreads(PARALLEL_THRESHOLD), upTo3(cores - 2));
    assert.equal(pipelineThreads(LARGE_REPOSITORY - 1), upTo3(cores - 2));
    assert.equal(pipelineThreads(LARGE_REPOSITORY), upTo3(cores - 1));
    process.env.GWTOPO_WORKERS = '2';
    assert.equal(pipelineThreads(PARALLEL_THRESHOLD), 2);
    assert.equal(pipelineThreads(2), 1, 'never more threads than clusters to share');
  } finally {
    if (before === undefined) delete process.env.GWTOPO_WORKERS;
    else process.env.GWTOPO_WORKERS = before;
  }
});
