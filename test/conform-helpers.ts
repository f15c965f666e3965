// Helpers shared by the conform engine's tests.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { type Finding, loadBuiltinSet, loadSetFromCrds, type SchemaSet } from '../generator/conform/index.js';
import { formatPath } from '../generator/diagnostics/problem.js';
import { FIXTURES } from './helpers.js';

export const CONFORM_FIXTURES = join(FIXTURES, 'conform');

/** `invalid spec.listeners[0].port: Invalid value: …` (the reason shown when it is not FieldValueInvalid). */
export function formatFinding(f: Finding): string {
  const reason = f.reason !== undefined && f.reason !== 'FieldValueInvalid' ? ` (${f.reason})` : '';
  return `${f.kind} ${formatPath(f.path) || '.'}: ${f.message}${reason}`;
}

export function readYaml(path: string): unknown[] {
  return parseAllDocuments(readFileSync(path, 'utf8')).map((d) => {
    if (d.errors.length > 0) throw new Error(`${path}: ${d.errors[0]!.message}`);
    return d.toJS() as unknown;
  });
}

const crdSets = new Map<string, SchemaSet>();
/** A set made of CRD files of test/fixtures/conform (cached per combination). */
export function fixtureSet(files: string[]): SchemaSet {
  const key = files.join(',');
  let set = crdSets.get(key);
  if (set === undefined) {
    const load = loadSetFromCrds(
      key,
      files.flatMap((f) => readYaml(join(CONFORM_FIXTURES, f))),
    );
    if (!load.ok) throw new Error(load.message);
    set = load.set;
    crdSets.set(key, set);
  }
  return set;
}

export function builtin(name: string): SchemaSet {
  const load = loadBuiltinSet(name);
  if (!load.ok) throw new Error(load.message);
  return load.set;
}

/**
 * A CustomResourceDefinition as YAML with one served and stored version `v1` whose schema is an object with a
 * `spec` property: `spec` is that property's schema, as YAML lines indented from 0 (they are indented into place).
 * `tail` is appended as it is (more versions, further documents).
 */
export function crdYaml(o: { group: string; kind: string; plural: string; spec: string; tail?: string }): string {
  const spec = o.spec
    .trimEnd()
    .split('\n')
    .map((line) => `              ${line}`)
    .join('\n');
  return `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: {name: ${o.plural}.${o.group}}
spec:
  group: ${o.group}
  names: {kind: ${o.kind}, plural: ${o.plural}}
  scope: Namespaced
  versions:
    - name: v1
      served: true
      storage: true
      schema:
        openAPIV3Schema:
          type: object
          properties:
            spec:
${spec}
${o.tail ?? ''}`;
}
