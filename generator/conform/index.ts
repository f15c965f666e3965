// The conform stage: Kubernetes objects validated the way the API server validates a custom resource
// (OpenAPI schema with defaults, ObjectMeta, x-kubernetes-validations CEL rules), offline, against a schema set.
// See README.md in this folder.
export type { FieldPath } from '../diagnostics/problem.js';
export type { Finding, FindingKind } from './finding.js';
export { compareFindings } from './finding.js';
export { BUILTIN_SETS, DEFAULT_SET, deprecationWarning, loadBuiltinSet, loadSetFromCrds, type SchemaSet, type SetLoad } from './sets.js';
export { validateObject, type ValidateOptions } from './validate.js';
export { installHint } from './hints.js';
export { MISSING_FUNCTIONS } from './cel/library.js';
