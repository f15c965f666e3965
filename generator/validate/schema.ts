// Layer 1 of validation: the JSON Schemas in schemas/ (topology.schema.json for topologies,
// gwtopo.schema.json for the repository configuration) — the one source of truth for each file's shape —
// compiled once with ajv. ajv's errors are turned into positioned, readable problems.
import { readFileSync } from 'node:fs';
import AjvModule, { type ErrorObject, type ValidateFunction } from 'ajv';

// ajv is CommonJS: under NodeNext its class is the default export's `default`.
const Ajv = AjvModule.default;
import type { ParsedTopology } from '../load/parse.js';
import type { FieldPath } from './problem.js';
import { Reporter } from './locate.js';
import { closest } from './suggest.js';

export type SchemaName = 'topology' | 'gwtopo';

function schemaUrl(name: SchemaName): URL {
  return new URL(`../../../schemas/${name}.schema.json`, import.meta.url);
}

type SchemaNode = {
  properties?: Record<string, unknown>;
  patternErrorMessage?: string;
  pattern?: string;
  enum?: unknown[];
  type?: string;
};

const compiled = new Map<SchemaName, ValidateFunction>();

/** A parsed schema (also used by tests to check that documented defaults match the model's). */
export function loadSchema(name: SchemaName): Record<string, unknown> {
  return JSON.parse(readFileSync(schemaUrl(name), 'utf8')) as Record<string, unknown>;
}

export function topologySchema(): Record<string, unknown> {
  return loadSchema('topology');
}

function validator(name: SchemaName): ValidateFunction {
  let validate = compiled.get(name);
  if (validate === undefined) {
    const ajv = new Ajv({ allErrors: true, verbose: true, strict: true, allowUnionTypes: false });
    // Editors (VS Code, yaml-language-server) show this message for a failed pattern; ajv only carries it.
    ajv.addKeyword({ keyword: 'patternErrorMessage', schemaType: 'string' });
    validate = ajv.compile(loadSchema(name));
    compiled.set(name, validate);
  }
  return validate;
}

function pointerToPath(pointer: string): (string | number)[] {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((s) => (/^(0|[1-9][0-9]*)$/.test(s) ? Number(s) : s));
}

const TYPE_NAMES: Record<string, string> = {
  string: 'a string',
  integer: 'a whole number',
  boolean: 'true or false',
  object: 'a map',
  array: 'a list',
};

function describe(value: unknown): string {
  if (value === null) return 'empty';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a map';
  if (typeof value === 'string') return `the string ${JSON.stringify(value)}`;
  return `${typeof value === 'boolean' ? 'the boolean' : 'the number'} ${String(value)}`;
}

function typeHint(expected: string, value: unknown): string | undefined {
  if (expected === 'string' && (typeof value === 'boolean' || typeof value === 'number')) {
    return `quote the value so YAML reads it as a string: "${String(value)}"`;
  }
  if (expected === 'integer' && typeof value === 'string' && /^[0-9]+$/.test(value)) return `remove the quotes: ${value}`;
  if (expected === 'boolean' && typeof value === 'string') return 'write true or false (YAML 1.2: yes/no/on/off are strings)';
  if (value === null) return 'the value is missing after the colon';
  return undefined;
}

function listOf(values: readonly unknown[]): string {
  return values.map((v) => String(v)).join(', ');
}

function report(r: Reporter, e: ErrorObject): void {
  const at = pointerToPath(e.instancePath);
  const schema = (e.parentSchema ?? {}) as SchemaNode;
  const params = e.params as Record<string, unknown>;
  // propertyNames: ajv reports the failing key through `propertyName`; point at the key itself.
  const propertyName = (e as ErrorObject & { propertyName?: string }).propertyName;
  if (propertyName !== undefined) {
    const path: FieldPath = [...at, propertyName];
    const message =
      e.keyword === 'pattern'
        ? `key ${schema.patternErrorMessage ?? `must match ${schema.pattern}`}`
        : e.keyword === 'maxLength'
          ? `key must be at most ${String(params.limit)} characters long (it has ${propertyName.length})`
          : `key ${e.message ?? 'is invalid'}`;
    r.error('schema', path, message, { anchor: 'key' });
    return;
  }
  switch (e.keyword) {
    case 'propertyNames':
      return; // already reported through the inner error
    case 'additionalProperties': {
      const field = String(params.additionalProperty);
      const allowed = Object.keys(schema.properties ?? {});
      const guess = closest(field, allowed);
      const hint = guess !== undefined ? `did you mean "${guess}"?` : allowed.length > 0 ? `allowed fields here: ${listOf([...allowed].sort())}` : undefined;
      r.error('schema', [...at, field], 'unknown field', { anchor: 'key', ...(hint === undefined ? {} : { hint }) });
      return;
    }
    case 'required': {
      const field = String(params.missingProperty);
      r.error('schema', [...at, field], 'required field is missing', { at, hint: requiredHint(field) });
      return;
    }
    case 'type': {
      const expected = String(params.type);
      const hint = typeHint(expected, e.data);
      r.error('schema', at, `must be ${TYPE_NAMES[expected] ?? expected}, not ${describe(e.data)}`, hint === undefined ? {} : { hint });
      return;
    }
    case 'enum': {
      const allowed = (params.allowedValues as unknown[]) ?? [];
      const guess = typeof e.data === 'string' ? closest(e.data, allowed.map(String)) : undefined;
      r.error('schema', at, `must be one of: ${listOf(allowed)} (got ${describe(e.data)})`, guess === undefined ? {} : { hint: `did you mean "${guess}"?` });
      return;
    }
    case 'uniqueItems':
      r.error('schema', at, `must not list the same value twice (items ${String(params.j)} and ${String(params.i)})`);
      return;
    case 'const':
      r.error('schema', at, `must be ${JSON.stringify(params.allowedValue)} (got ${describe(e.data)})`);
      return;
    case 'pattern':
      r.error('schema', at, `${schema.patternErrorMessage ?? `must match ${String(params.pattern)}`} (got ${JSON.stringify(e.data)})`);
      return;
    case 'minLength':
      r.error('schema', at, 'must not be empty');
      return;
    case 'maxLength':
      r.error('schema', at, `must be at most ${String(params.limit)} characters long (it has ${String((e.data as string).length)})`);
      return;
    case 'minimum':
      r.error('schema', at, `must be at least ${String(params.limit)} (got ${String(e.data)})`);
      return;
    case 'maximum':
      r.error('schema', at, `must be at most ${String(params.limit)} (got ${String(e.data)})`);
      return;
    case 'minItems':
      r.error('schema', at, `must have at least ${String(params.limit)} item${params.limit === 1 ? '' : 's'}`);
      return;
    case 'maxItems':
      r.error('schema', at, `must have at most ${String(params.limit)} items (it has ${String((e.data as unknown[]).length)})`);
      return;
    case 'maxProperties':
      r.error('schema', at, `must have at most ${String(params.limit)} entries`);
      return;
    default:
      r.error('schema', at, e.message ?? `fails ${e.keyword}`);
  }
}

function requiredHint(field: string): string {
  switch (field) {
    case 'direction':
      return 'add direction: ingress or direction: egress';
    case 'networking':
      return 'add networking: external or networking: internal';
    case 'scope':
      return 'add scope: dataplane (shared) or scope: environment (dedicated, with environment: <name>)';
    case 'listeners':
      return 'add at least one listener, e.g. listeners: [{protocol: HTTP, port: 80, host: ...}]';
    case 'apiVersion':
      return 'add apiVersion: gwtopo/v1alpha1';
    case 'kind':
      return 'add kind: GatewayTopology';
    case 'metadata':
      return 'add metadata: {name: <cluster>} (the folder name)';
    default:
      return `add ${field}: …`;
  }
}

/** Validates the shape of one document (a topology by default); returns true when the schema holds. */
export function validateSchema(topology: ParsedTopology, r: Reporter, schema: SchemaName = 'topology'): boolean {
  const validate = validator(schema);
  if (validate(topology.data)) return true;
  const seen = new Set<string>();
  for (const e of validate.errors ?? []) {
    const key = `${e.instancePath}|${e.keyword}|${JSON.stringify(e.params)}`;
    if (seen.has(key)) continue;
    seen.add(key);
    report(r, e);
  }
  return false;
}
