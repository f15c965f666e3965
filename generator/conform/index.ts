// The conform stage: Kubernetes objects validated the way the API server validates a custom resource
// (OpenAPI schema with defaults, ObjectMeta, x-kubernetes-validations CEL rules), offline, against a schema set.
// See README.md in this folder.

export { MISSING_FUNCTIONS } from './cel/library.js';
export type { Finding } from './finding.js';

export { installHint } from './hints.js';
export { BUILTIN_SETS, DEFAULT_SET, deprecationWarning, loadBuiltinSet, loadSetFromCrds, type SchemaSet, type SetLoad } from './sets.js';
export { validateObject } from './validate.js';
