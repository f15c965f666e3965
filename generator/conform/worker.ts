// A thread of `gwtopo conform` (parallel.ts): validates its share of the inputs against the set, which it
// loads itself (each thread compiles what it uses once), and posts the result as plain data.
import { parentPort, workerData } from 'node:worker_threads';
import type { ManifestText } from '../parse/manifests.js';
import { conformManifests, type FieldValidation } from './manifests.js';
import { loadSchemaSet } from './schema-set.js';

const { root, set, strict, fieldValidation, inputs } = workerData as { root: string; set: string; strict: boolean; fieldValidation: FieldValidation; inputs: ManifestText[] };
const loaded = loadSchemaSet(root, set, false);
// The main thread loaded the same set first: it cannot fail here unless the files changed meanwhile.
parentPort!.postMessage(loaded.ok ? conformManifests(loaded.set, inputs, strict, fieldValidation) : { problems: [], resources: 0, invalid: 0, notChecked: [] });
