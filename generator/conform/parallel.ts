// `gwtopo conform` on large inputs: the inputs are shared among threads (parsing YAML is most of the work),
// each validating its share; the results are merged. Small inputs stay on the main thread, and so do inputs
// checked against a set with admission policies.
import { Worker } from 'node:worker_threads';
import { type ManifestText, splitManifests } from '../parse/manifests.js';
import { extraThreads } from '../support/threads.js';
import { hasAdmission } from './admission/admit.js';
import type { SchemaSet } from './index.js';
import { type ConformResult, conformManifests, type FieldValidation, mergeResults } from './manifests.js';

/** Inputs are counted in blocks of this size; from PARALLEL_THRESHOLD blocks (2 MiB) on, threads pay off. */
const BLOCK_BYTES = 256 * 1024;
const PARALLEL_THRESHOLD = 8;

function runWorker(root: string, set: string, strict: boolean, fieldValidation: FieldValidation, inputs: ManifestText[]): Promise<ConformResult> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./worker.js', import.meta.url), { workerData: { root, set, strict, fieldValidation, inputs } });
    worker.once('message', (result: ConformResult) => resolve(result));
    worker.once('error', reject);
    worker.once('exit', (code) => {
      if (code !== 0) reject(new Error(`conform worker exited with code ${code}`));
    });
  });
}

/** Validates the inputs against `set` (loaded by the caller from `setName`, relative to root), in threads when they are large. */
export async function conformInThreads(
  root: string,
  setName: string,
  set: SchemaSet,
  inputs: readonly ManifestText[],
  strict: boolean,
  fieldValidation: FieldValidation = 'Strict',
): Promise<ConformResult> {
  const bytes = inputs.reduce((n, i) => n + i.text.length, 0);
  // Admission policies read the labels of Namespace objects anywhere in the inputs: one thread sees them all.
  const extra = hasAdmission(set) ? 0 : extraThreads(Math.floor(bytes / BLOCK_BYTES), PARALLEL_THRESHOLD);
  if (extra === 0) return conformManifests(set, inputs, strict, fieldValidation);
  // Stryker disable next-line ArrayDeclaration: equivalent: splitManifests gives extra + 1 lists, so mine is never missing
  const [mine = [], ...theirs] = splitManifests(inputs, extra + 1);
  const pending = theirs.map((share) => runWorker(root, setName, strict, fieldValidation, share));
  const own = conformManifests(set, mine, strict, fieldValidation);
  return mergeResults([own, ...(await Promise.all(pending))]);
}
