// TEMPORARY STUB of the validation engine's API (branch cel-engine owns this file): enough structure
// checks (kinds, unknown fields, required, types, enums) to build the conform stage against. Replaced by
// the real engine when cel-engine is merged.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments } from 'yaml';

export interface SchemaSet {
  readonly name: string;
  kinds(): string[];
}
export type SetLoad = { ok: true; set: SchemaSet } | { ok: false; message: string; hint?: string };
export const BUILTIN_SETS: readonly string[] = ['openchoreo-v1.1', 'openchoreo-v1.2'];
export const DEFAULT_SET = 'openchoreo-v1.2';

export interface Finding {
  kind: 'invalid' | 'missing-kind' | 'not-checked';
  path: ReadonlyArray<string | number>;
  message: string;
  rule?: string;
  reason?: string;
}
export interface ValidateOptions {
  partial?: boolean;
  old?: unknown;
}

type Raw = Record<string, unknown>;
const isMap = (v: unknown): v is Raw => typeof v === 'object' && v !== null && !Array.isArray(v);

class StubSet implements SchemaSet {
  constructor(
    readonly name: string,
    readonly crds: Map<string, { scope: string; versions: Map<string, Raw> }>,
  ) {}
  kinds(): string[] {
    return [...this.crds.keys()].sort();
  }
}

function fromDocuments(label: string, documents: unknown[]): SetLoad {
  const crds = new Map<string, { scope: string; versions: Map<string, Raw> }>();
  const add = (doc: unknown): void => {
    if (!isMap(doc)) return;
    if (doc.kind === 'List' && Array.isArray(doc.items)) return doc.items.forEach(add);
    if (doc.kind !== 'CustomResourceDefinition' || !isMap(doc.spec)) return;
    const spec = doc.spec;
    const names = isMap(spec.names) ? spec.names : {};
    const versions = new Map<string, Raw>();
    for (const v of Array.isArray(spec.versions) ? spec.versions : []) {
      if (isMap(v) && v.served === true && isMap(v.schema) && isMap(v.schema.openAPIV3Schema)) versions.set(String(v.name), v.schema.openAPIV3Schema);
    }
    crds.set(`${String(spec.group)}/${String(names.kind)}`, { scope: String(spec.scope), versions });
  };
  documents.forEach(add);
  if (crds.size === 0) return { ok: false, message: `${label} holds no CustomResourceDefinition`, hint: 'capture them with kubectl get crd -o yaml' };
  return { ok: true, set: new StubSet(label, crds) };
}

const SHARED = fileURLToPath(new URL('../../../../shared/crds/', import.meta.url));
const cache = new Map<string, SetLoad>();

function yamlFiles(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((n) => (statSync(join(dir, n)).isDirectory() ? yamlFiles(join(dir, n)) : n.endsWith('.yaml') ? [join(dir, n)] : []));
}

export function loadBuiltinSet(name: string): SetLoad {
  let got = cache.get(name);
  if (got === undefined) {
    if (!BUILTIN_SETS.includes(name)) return { ok: false, message: `unknown schema set ${name}` };
    got = fromDocuments(name, yamlFiles(join(SHARED, name)).flatMap((f) => parseAllDocuments(readFileSync(f, 'utf8')).map((d) => d.toJS() as unknown)));
    cache.set(name, got);
  }
  return got;
}

export function loadSetFromCrds(label: string, documents: unknown[]): SetLoad {
  return fromDocuments(label, documents);
}

function walk(schema: Raw, value: unknown, path: (string | number)[], out: Finding[], opts: { partialAt?: string }): void {
  const type = schema.type;
  if (value === null && schema.nullable === true) return;
  if (type === 'object' && !isMap(value)) return void out.push({ kind: 'invalid', path, message: 'must be an object' });
  if (type === 'array' && !Array.isArray(value)) return void out.push({ kind: 'invalid', path, message: 'must be a list' });
  if (type === 'string' && typeof value !== 'string' && schema['x-kubernetes-int-or-string'] !== true) return void out.push({ kind: 'invalid', path, message: 'must be a string' });
  if (type === 'integer' && !Number.isInteger(value)) return void out.push({ kind: 'invalid', path, message: 'must be an integer' });
  if (type === 'boolean' && typeof value !== 'boolean') return void out.push({ kind: 'invalid', path, message: 'must be a boolean' });
  if (Array.isArray(schema.enum) && !schema.enum.includes(value)) out.push({ kind: 'invalid', path, message: `must be one of: ${schema.enum.join(', ')}` });
  if (isMap(value)) {
    const props = isMap(schema.properties) ? schema.properties : undefined;
    const required = Array.isArray(schema.required) && opts.partialAt !== path.join('.') ? schema.required : [];
    for (const r of required) if (!(String(r) in value)) out.push({ kind: 'invalid', path: [...path, String(r)], message: 'Required value' });
    for (const [k, v] of Object.entries(value)) {
      const child = props?.[k] ?? (isMap(schema.additionalProperties) ? schema.additionalProperties : undefined);
      if (child !== undefined && isMap(child)) walk(child, v, [...path, k], out, opts);
      else if (props !== undefined && schema['x-kubernetes-preserve-unknown-fields'] !== true && schema.additionalProperties === undefined && !(path.length === 0 && k === 'metadata')) {
        out.push({ kind: 'invalid', path: [...path, k], message: 'field not declared in schema' });
      }
    }
  } else if (Array.isArray(value) && isMap(schema.items)) {
    value.forEach((v, i) => walk(schema.items as Raw, v, [...path, i], out, opts));
  }
}

export function validateObject(set: SchemaSet, object: unknown, opts: ValidateOptions = {}): Finding[] {
  const o = isMap(object) ? object : {};
  const apiVersion = String(o.apiVersion ?? '');
  const group = apiVersion.includes('/') ? apiVersion.slice(0, apiVersion.lastIndexOf('/')) : '';
  const version = apiVersion.slice(apiVersion.lastIndexOf('/') + 1);
  const crd = (set as StubSet).crds.get(`${group}/${String(o.kind)}`);
  const schema = crd?.versions.get(version);
  if (schema === undefined) return [{ kind: 'missing-kind', path: [], message: `no ${String(o.kind)} (${apiVersion}) in schema set ${set.name}` }];
  const out: Finding[] = [];
  walk(schema, object, [], out, opts.partial === true ? { partialAt: 'spec' } : {});
  return out;
}

const INSTALLS: Record<string, string> = {
  'gateway.networking.k8s.io': 'Gateway API (kubectl apply -f https://github.com/kubernetes-sigs/gateway-api/releases/…/standard-install.yaml)',
  'gateway.kgateway.dev': 'kgateway (helm install kgateway-crds oci://cr.kgateway.dev/kgateway-dev/charts/kgateway-crds)',
};

export function installHint(group: string): string | undefined {
  return INSTALLS[group];
}
