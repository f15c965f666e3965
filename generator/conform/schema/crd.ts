// CustomResourceDefinition documents → Crd data (types.ts). Everything a CRD may say about validation is
// kept; documentation (description, title, example, externalDocs) is dropped. A document that the API server
// would not have accepted or printed is refused with the path of the offending field, so that a user who
// points gwtopo at their cluster's CRDs learns exactly what is wrong with the file.
import { type FieldPath, formatPath } from '../../diagnostics/problem.js';
import type { Crd, CrdVersion, JsonType, Schema, Scope, ValidationRule } from './types.js';

export class CrdError extends Error {}

type Json = Record<string, unknown>;

export function isRecord(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Deeper than any real schema; a YAML alias that refers to itself would recurse forever. */
const MAX_DEPTH = 1000;
const TYPES = new Set<string>(['object', 'array', 'string', 'integer', 'number', 'boolean']);
const DOCUMENTATION = new Set(['description', 'title', 'example', 'externalDocs']);
/** JSON Schema keywords that a v1 CustomResourceDefinition may not use. */
const FORBIDDEN = new Set(['$ref', '$schema', 'id', 'definitions', 'patternProperties', 'dependencies', 'additionalItems']);
const REASONS = new Set(['FieldValueInvalid', 'FieldValueForbidden', 'FieldValueRequired', 'FieldValueDuplicate']);
const RULE_KEYS = new Set(['rule', 'message', 'messageExpression', 'reason', 'fieldPath', 'optionalOldSelf']);

function fail(path: FieldPath, message: string): never {
  throw new CrdError(`${formatPath(path) || '(document)'}: ${message}`);
}

/** "must be <what>, not <the value>", or "is missing". */
function wrong(value: unknown, path: FieldPath, what: string): never {
  return fail(path, value === undefined ? 'is missing' : `must be ${what}, not ${describe(value)}`);
}

function expectBoolean(value: unknown, path: FieldPath): boolean {
  if (typeof value !== 'boolean') wrong(value, path, 'true or false');
  return value;
}

function expectString(value: unknown, path: FieldPath): string {
  if (typeof value !== 'string') wrong(value, path, 'a string');
  return value;
}

function expectCount(value: unknown, path: FieldPath): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) wrong(value, path, 'a non-negative integer');
  return value;
}

function expectNumber(value: unknown, path: FieldPath): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) wrong(value, path, 'a number');
  return value;
}

function expectStrings(value: unknown, path: FieldPath): string[] {
  if (!Array.isArray(value)) wrong(value, path, 'a list of strings');
  return value.map((v, i) => expectString(v, [...path, i]));
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  // JSON.stringify would show a YAML .inf or .nan as null.
  return typeof value === 'number' ? `number ${value}` : `${typeof value} ${JSON.stringify(value)}`;
}

function sortedKeys(o: Json): string[] {
  return Object.keys(o).sort();
}

/** Copies a JSON value with the keys of every mapping sorted (stable output, independent of input order). */
export function sortJson(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortJson);
  if (isRecord(value)) {
    const out: Json = {};
    for (const k of sortedKeys(value)) out[k] = sortJson(value[k]);
    return out;
  }
  return value;
}

/** `['key']` at the start of the text: the key runs to the first ' that no backslash escapes (\x stands for x). */
const BRACKET_KEY = /^\['((?:[^'\\]|\\.)*)'\]/s;

/**
 * A rule's fieldPath (`.spec.x`, `.map['key']`) relative to the node that holds the rule; undefined when it does
 * not parse (such a CRD is refused when it is read, as the API server refuses it).
 */
export function parseFieldPath(text: string): (string | number)[] | undefined {
  const out: (string | number)[] = [];
  let i = 0;
  while (i < text.length) {
    if (text[i] === '.') {
      const m = /^[^.[\]]+/.exec(text.slice(i + 1));
      if (m === null) return undefined;
      out.push(m[0]);
      i += 1 + m[0].length;
    } else {
      const m = BRACKET_KEY.exec(text.slice(i));
      if (m === null) return undefined;
      out.push(m[1]!.replace(/\\(.)/gs, '$1'));
      i += m[0].length;
    }
  }
  return out;
}

function normalizeRule(raw: unknown, path: FieldPath): ValidationRule {
  if (!isRecord(raw)) wrong(raw, path, 'a mapping with a rule');
  for (const k of Object.keys(raw)) if (!RULE_KEYS.has(k)) fail([...path, k], 'unknown field of a validation rule');
  const rule = expectString(raw.rule, [...path, 'rule']);
  const out: ValidationRule = { rule };
  if (raw.fieldPath !== undefined) {
    out.fieldPath = expectString(raw.fieldPath, [...path, 'fieldPath']);
    if (parseFieldPath(out.fieldPath) === undefined) fail([...path, 'fieldPath'], `must be a path such as .spec.field or .map['key'], not ${JSON.stringify(out.fieldPath)}`);
  }
  if (raw.message !== undefined) out.message = expectString(raw.message, [...path, 'message']);
  if (raw.messageExpression !== undefined) out.messageExpression = expectString(raw.messageExpression, [...path, 'messageExpression']);
  if (raw.optionalOldSelf !== undefined) out.optionalOldSelf = expectBoolean(raw.optionalOldSelf, [...path, 'optionalOldSelf']);
  if (raw.reason !== undefined) {
    const reason = expectString(raw.reason, [...path, 'reason']);
    if (!REASONS.has(reason)) fail([...path, 'reason'], `must be one of ${[...REASONS].join(', ')}, not ${JSON.stringify(reason)}`);
    out.reason = reason;
  }
  return out;
}

/**
 * One openAPIV3Schema node. `structural` is false inside allOf/anyOf/oneOf/not, whose schemas only validate
 * values: a default there can never apply and is dropped.
 */
function normalizeSchema(raw: unknown, path: FieldPath, structural = true): Schema {
  if (!isRecord(raw)) wrong(raw, path, 'a schema mapping');
  if (path.length > MAX_DEPTH) throw new CrdError(`${formatPath(path.slice(0, 12))}…: nested more than ${MAX_DEPTH} levels deep (a recursive YAML alias?)`);
  const out: Schema = {};
  for (const key of sortedKeys(raw)) {
    const value = raw[key];
    const at = [...path, key];
    if (DOCUMENTATION.has(key)) continue;
    if (FORBIDDEN.has(key)) fail(at, 'is not allowed in a CustomResourceDefinition schema');
    switch (key) {
      case 'type': {
        const t = expectString(value, at);
        if (!TYPES.has(t)) fail(at, `must be one of ${[...TYPES].join(', ')}, not ${JSON.stringify(t)}`);
        out.type = t as JsonType;
        break;
      }
      case 'format':
        out.format = expectString(value, at);
        break;
      case 'enum':
        if (!Array.isArray(value)) wrong(value, at, 'a list');
        out.enum = value.map(sortJson);
        break;
      case 'pattern':
        out.pattern = expectString(value, at);
        break;
      case 'minLength':
      case 'maxLength':
      case 'minItems':
      case 'maxItems':
      case 'minProperties':
      case 'maxProperties':
        out[key] = expectCount(value, at);
        break;
      case 'minimum':
      case 'maximum':
        out[key] = expectNumber(value, at);
        break;
      case 'multipleOf':
        if (expectNumber(value, at) <= 0) fail(at, 'must be greater than 0');
        out.multipleOf = value as number;
        break;
      case 'uniqueItems':
        // As the API server refuses it (apiextensions validation), whose message this is.
        if (expectBoolean(value, at)) fail(at, 'uniqueItems cannot be set to true since the runtime complexity becomes quadratic');
        out.uniqueItems = false;
        break;
      case 'x-kubernetes-preserve-unknown-fields':
        // The API server's message: false is refused, not read as absent.
        if (!expectBoolean(value, at)) fail(at, 'must be true or undefined');
        out[key] = true;
        break;
      case 'exclusiveMinimum':
      case 'exclusiveMaximum':
      case 'nullable':
      case 'x-kubernetes-int-or-string':
      case 'x-kubernetes-embedded-resource':
        out[key] = expectBoolean(value, at);
        break;
      case 'required':
        out.required = expectStrings(value, at);
        break;
      case 'properties': {
        if (!isRecord(value)) wrong(value, at, 'a mapping of property schemas');
        const props: Record<string, Schema> = {};
        for (const name of sortedKeys(value)) props[name] = normalizeSchema(value[name], [...at, name], structural);
        out.properties = props;
        break;
      }
      case 'additionalProperties':
        // The API server's message (ValidateCustomResourceDefinitionOpenAPISchema): unknown fields are pruned, not refused.
        if (value === false) fail(at, 'additionalProperties cannot be set to false');
        out.additionalProperties = typeof value === 'boolean' ? value : normalizeSchema(value, at, structural);
        break;
      case 'items':
        if (Array.isArray(value)) fail(at, 'must be a single schema (a list of schemas is not allowed in a CustomResourceDefinition)');
        out.items = normalizeSchema(value, at, structural);
        break;
      case 'allOf':
      case 'anyOf':
      case 'oneOf':
        if (!Array.isArray(value)) wrong(value, at, 'a list of schemas');
        out[key] = value.map((s, i) => normalizeSchema(s, [...at, i], false));
        break;
      case 'not':
        out.not = normalizeSchema(value, at, false);
        break;
      case 'default':
        if (structural) out.default = sortJson(value);
        break;
      case 'x-kubernetes-list-type': {
        const t = expectString(value, at);
        if (t !== 'atomic' && t !== 'set' && t !== 'map') fail(at, `must be atomic, set or map, not ${JSON.stringify(t)}`);
        out[key] = t;
        break;
      }
      case 'x-kubernetes-map-type': {
        const t = expectString(value, at);
        if (t !== 'atomic' && t !== 'granular') fail(at, `must be atomic or granular, not ${JSON.stringify(t)}`);
        out[key] = t;
        break;
      }
      case 'x-kubernetes-list-map-keys':
        out[key] = expectStrings(value, at);
        break;
      case 'x-kubernetes-validations':
        if (!Array.isArray(value)) wrong(value, at, 'a list of rules');
        out[key] = value.map((r, i) => normalizeRule(r, [...at, i]));
        break;
      default:
        fail(at, 'unknown schema keyword');
    }
  }
  // properties are for structs, additionalProperties for maps: the API server allows both only as additionalProperties: true.
  if (out.properties !== undefined && Object.keys(out.properties).length > 0 && out.additionalProperties !== undefined && out.additionalProperties !== true) {
    fail([...path, 'additionalProperties'], 'additionalProperties and properties are mutual exclusive');
  }
  if (out['x-kubernetes-list-type'] === 'map' && (out['x-kubernetes-list-map-keys'] ?? []).length === 0) {
    fail([...path, 'x-kubernetes-list-map-keys'], 'a list of type map needs at least one key');
  }
  return out;
}

/**
 * What apiextensions' validateStructuralInvariants requires of every node of the structural schema (properties,
 * additionalProperties, items; not what is under allOf, anyOf, oneOf or not), in its words: a type, unless the node
 * is int-or-string or keeps unknown fields (an embedded resource's is object); an array's items.
 */
function checkStructural(node: Schema, path: FieldPath): void {
  structuralInvariants(node, path);
  for (const [name, child] of Object.entries(node.properties ?? {})) checkStructural(child, [...path, 'properties', name]);
  if (typeof node.additionalProperties === 'object') checkStructural(node.additionalProperties, [...path, 'additionalProperties']);
  if (node.items !== undefined) checkStructural(node.items, [...path, 'items']);
}

function structuralInvariants(node: Schema, path: FieldPath): void {
  const last = path[path.length - 1];
  if (node['x-kubernetes-embedded-resource'] === true && node.type !== 'object') {
    fail([...path, 'type'], 'must be object if x-kubernetes-embedded-resource is true');
  }
  if (node.type === undefined && node['x-kubernetes-int-or-string'] !== true && node['x-kubernetes-preserve-unknown-fields'] !== true) {
    const where = last === 'openAPIV3Schema' ? 'at the root' : last === 'items' ? 'for specified array items' : 'for specified object fields';
    fail([...path, 'type'], `must not be empty ${where}`);
  }
  if (node.type === 'array' && node.items === undefined) fail([...path, 'items'], 'must be specified');
}

/**
 * A CRD the API server stores with a schema that is not structural: created as apiextensions.k8s.io/v1beta1 before
 * Kubernetes 1.22 and never updated since; `kubectl get crd -o yaml` shows it as v1 with this condition. The API
 * server serves it and refuses only a change to it, so a capture of it is read as it is.
 */
function nonStructural(doc: Json): boolean {
  const conditions = isRecord(doc.status) ? doc.status.conditions : undefined;
  return Array.isArray(conditions) && conditions.some((c) => isRecord(c) && c.type === 'NonStructuralSchema' && c.status === 'True');
}

function normalizeVersion(raw: unknown, path: FieldPath, structural: boolean): CrdVersion {
  if (!isRecord(raw)) wrong(raw, path, 'a mapping');
  const version: CrdVersion = {
    name: expectString(raw.name, [...path, 'name']),
    served: expectBoolean(raw.served, [...path, 'served']),
    storage: expectBoolean(raw.storage, [...path, 'storage']),
  };
  if (raw.deprecated !== undefined && expectBoolean(raw.deprecated, [...path, 'deprecated'])) version.deprecated = true;
  if (raw.deprecationWarning !== undefined) version.deprecationWarning = expectString(raw.deprecationWarning, [...path, 'deprecationWarning']);
  if (isRecord(raw.subresources) && raw.subresources.status !== undefined) version.statusSubresource = true;
  if (version.served) {
    const schema = isRecord(raw.schema) ? raw.schema.openAPIV3Schema : undefined;
    if (schema === undefined) fail([...path, 'schema', 'openAPIV3Schema'], 'is missing (every served version needs a schema)');
    version.schema = normalizeSchema(schema, [...path, 'schema', 'openAPIV3Schema']);
    if (structural) checkStructural(version.schema, [...path, 'schema', 'openAPIV3Schema']);
  }
  return version;
}

/** One CustomResourceDefinition document (apiextensions.k8s.io/v1). */
function normalizeCrd(doc: unknown): Crd {
  if (!isRecord(doc)) wrong(doc, [], 'a mapping');
  if (doc.kind !== 'CustomResourceDefinition') fail(['kind'], `is ${JSON.stringify(doc.kind)}, not CustomResourceDefinition`);
  if (doc.apiVersion !== 'apiextensions.k8s.io/v1') {
    fail(['apiVersion'], `is ${JSON.stringify(doc.apiVersion)}; only apiextensions.k8s.io/v1 CustomResourceDefinitions are read`);
  }
  const metadata = isRecord(doc.metadata) ? doc.metadata : wrong(doc.metadata, ['metadata'], 'a mapping');
  const name = expectString(metadata.name, ['metadata', 'name']);
  const spec = isRecord(doc.spec) ? doc.spec : wrong(doc.spec, ['spec'], 'a mapping');
  const names = isRecord(spec.names) ? spec.names : wrong(spec.names, ['spec', 'names'], 'a mapping');
  const scope = expectString(spec.scope, ['spec', 'scope']);
  if (scope !== 'Namespaced' && scope !== 'Cluster') fail(['spec', 'scope'], `must be Namespaced or Cluster, not ${JSON.stringify(scope)}`);
  if (!Array.isArray(spec.versions) || spec.versions.length === 0) fail(['spec', 'versions'], 'must be a non-empty list');
  const structural = !nonStructural(doc);
  const versions = spec.versions.map((v, i) => normalizeVersion(v, ['spec', 'versions', i], structural));
  return {
    name,
    group: expectString(spec.group, ['spec', 'group']),
    kind: expectString(names.kind, ['spec', 'names', 'kind']),
    plural: expectString(names.plural, ['spec', 'names', 'plural']),
    scope: scope as Scope,
    versions,
  };
}

/** Where a document of a set was read (its file as shown, its 1-based index in that file), for messages. */
export const DOCUMENT_ORIGINS = new WeakMap<object, { file: string; index: number }>();

/** The CRD documents of a stream: `List`s (as `kubectl get crd -o yaml` prints them) are opened, empty documents skipped. */
function crdDocuments(documents: readonly unknown[]): { doc: unknown; where: string }[] {
  const out: { doc: unknown; where: string }[] = [];
  documents.forEach((doc, i) => {
    if (doc === null || doc === undefined) return;
    const origin = DOCUMENT_ORIGINS.get(doc as object); // undefined for a string or number (WeakMap.get of a primitive)
    const where = origin === undefined ? `document ${i + 1}` : `${origin.file}, document ${origin.index}`;
    if (isRecord(doc) && (doc.kind === 'List' || doc.kind === 'CustomResourceDefinitionList') && Array.isArray(doc.items)) {
      doc.items.forEach((item, j) => {
        out.push({ doc: item, where: `${where}, item ${j + 1}` });
      });
    } else out.push({ doc, where });
  });
  return out;
}

/** A document of a set that is not a CRD, with the label that names it in messages. */
export interface OtherDocument {
  doc: Json;
  label: string;
}

/**
 * Every CRD of a stream of documents, as an API server would store them from a real install folder (Gateway API's
 * config/crd/standard holds a ValidatingAdmissionPolicy beside its CRDs; a bundle may define a kind twice):
 * documents of other kinds are returned in `others` when `keep` says so (admission policies and their params;
 * `keep` sees the CRDs and every other document),
 * else skipped, and a kind defined again replaces the earlier definition — each said in a notice. Throws
 * CrdError naming the document and field of the first malformed CRD, or when nothing is kept.
 */
export function readCrds(
  documents: readonly unknown[],
  // Stryker disable next-line ArrowFunction: equivalent: a keep that returns undefined keeps nothing, as false
  keep: (doc: Json, crds: readonly Crd[], others: readonly Json[]) => boolean = () => false,
): { crds: Crd[]; others: OtherDocument[]; notices: string[] } {
  const byKey = new Map<string, { crd: Crd; label: string }>();
  const notices: string[] = [];
  const candidates: OtherDocument[] = [];
  for (const { doc, where } of crdDocuments(documents)) {
    const label = isRecord(doc) && isRecord(doc.metadata) && typeof doc.metadata.name === 'string' ? `${where} (${doc.metadata.name})` : where;
    if (isRecord(doc) && typeof doc.kind === 'string' && doc.kind !== 'CustomResourceDefinition') {
      candidates.push({ doc, label });
      continue;
    }
    let crd: Crd;
    try {
      crd = normalizeCrd(doc);
    } catch (err) {
      if (err instanceof CrdError) throw new CrdError(`${label}: ${err.message}`);
      throw err;
    }
    const key = `${crd.group}/${crd.kind}`;
    const first = byKey.get(key);
    if (first !== undefined) notices.push(`${label} defines ${crd.kind} of group ${crd.group} again: it replaces ${first.label}, as a later kubectl apply would`);
    byKey.set(key, { crd, label });
  }
  const crds = [...byKey.values()].map((v) => v.crd);
  const all = candidates.map((c) => c.doc);
  const others = candidates.filter((c) => keep(c.doc, crds, all));
  const skipped = candidates.filter((c) => !others.includes(c)).map((c) => `${String(c.doc.kind)} ${c.label}`);
  if (skipped.length > 0) {
    const shown = skipped.slice(0, 3).join(', ');
    notices.unshift(
      `skipped ${skipped.length} ${skipped.length === 1 ? 'document that is' : 'documents that are'} not a CustomResourceDefinition: ${shown}${skipped.length > 3 ? `, +${skipped.length - 3} more` : ''}`,
    );
  }
  if (crds.length === 0 && others.length === 0) throw new CrdError(skipped.length === 0 ? 'no CustomResourceDefinition found' : `no CustomResourceDefinition found (${notices[0]})`);
  return { crds, others, notices };
}
