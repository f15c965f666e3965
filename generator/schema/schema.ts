// Layer 1 of validation: the JSON Schemas in schemas/ (topology.schema.json for topologies,
// gwtopo.schema.json for the repository configuration, profile.schema.json derived from the first) — the
// one source of truth for each file's shape — validated with ajv. ajv's errors are turned into positioned,
// readable problems.
//
// `npm run build` compiles each schema ahead of time into ajv standalone code (scripts/compile-validators.ts
// → dist/generator/schema/compiled/<name>.cjs): compiling them at run time cost every process and every
// worker thread ~0.3 s of CPU. A compiled validator is used only when it was compiled from exactly the
// schema this build reads (its digest says so); otherwise the schema is compiled with ajv here.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { ErrorObject, Options, ValidateFunction } from 'ajv';
import type { Reporter } from '../diagnostics/position.js';
import type { FieldPath } from '../diagnostics/problem.js';
import { closest } from '../diagnostics/suggest.js';
import type { ParsedTopology } from '../parse/parsed.js';
import { packageFile } from '../support/paths.js';
import { PATCH_KEY } from '../topology/defaults.js';

export type SchemaName = 'topology' | 'gwtopo' | 'profile';

function schemaUrl(name: SchemaName): URL {
  return packageFile(`schemas/${name}.schema.json`);
}

type Json = Record<string, unknown>;

/** Definitions of named-list entries: in a profile they may be partial (only the name is needed to merge). */
const ENTRY_DEFINITIONS: Readonly<Record<string, readonly string[]>> = { environment: ['name'], gateway: ['name'], gatewayClass: ['name'], listener: [] };

/**
 * The schema of a profile (topologies/_profiles/<name>.yaml), derived from the topology schema so that the
 * two never disagree on a field: the spec's fields and definitions are the topology's, except that nothing
 * is required (a profile may set any part; the merged topology is checked in full), entries of named lists
 * need only their name and may be `{name: X, $patch: delete}`, and `profiles` is not allowed (profiles do
 * not nest). schemas/profile.schema.json holds this for editors (a test keeps it in step).
 */
export function profileSchema(topology: Json): Json {
  const t = structuredClone(topology) as { properties: Record<string, Json>; definitions: Record<string, Json & { properties: Json }> } & Json;
  const { required: _required, ...spec } = t.properties.spec as Json & { properties: Json };
  spec.description = 'Any fields of a GatewayTopology spec, merged under the spec of each topology that lists this profile.';
  spec.properties = {
    ...spec.properties,
    profiles: { description: "Not allowed in a profile: profiles do not nest. List every profile in the topology's spec.profiles, in the order they apply.", not: {} },
  };
  for (const [name, required] of Object.entries(ENTRY_DEFINITIONS)) {
    const { required: _all, ...entry } = t.definitions[name]!;
    t.definitions[name] = {
      ...entry,
      ...(required.length > 0 ? { required } : {}),
      properties: { ...entry.properties, $patch: { description: 'delete: removes the entry of this name inherited from an earlier profile; the entry then holds only its name.', const: 'delete' } },
    };
  }
  return {
    $schema: t.$schema,
    $id: 'https://gwtopo.dev/schemas/profile.schema.json',
    $comment: 'Derived from topology.schema.json by profileSchema() in generator/schema/schema.ts; test/schema.test.ts keeps this file equal to it.',
    title: 'gwtopo GatewayProfile (gwtopo/v1alpha1)',
    description:
      "Shared settings for many topologies: topologies/_profiles/<name>.yaml. A topology lists profiles in spec.profiles; gwtopo merges their specs in order and then the topology's own spec (maps key by key, named lists entry by entry, other values replaced).",
    type: 'object',
    additionalProperties: false,
    required: ['apiVersion', 'kind', 'metadata', 'spec'],
    properties: {
      apiVersion: t.properties.apiVersion,
      kind: { description: 'Always GatewayProfile.', const: 'GatewayProfile' },
      metadata: {
        description: 'Identifies the profile.',
        type: 'object',
        additionalProperties: false,
        required: ['name'],
        properties: { name: { description: 'The profile: a DNS-1123 label that must equal the file name without .yaml.', $ref: '#/definitions/dnsLabel' } },
      },
      spec,
    },
    definitions: t.definitions,
  };
}

type SchemaNode = {
  description?: string;
  properties?: Record<string, unknown>;
  patternErrorMessage?: string;
  pattern?: string;
  enum?: unknown[];
  type?: string;
};

const compiled = new Map<SchemaName, ValidateFunction>();
// Relative to the compiled tree, where the build writes the compiled validators (also when this code runs bundled).
const requireHere = createRequire(packageFile('dist/generator/schema/schema.js'));

/** The ajv options every validator is compiled with, ahead of time or here. */
const AJV_OPTIONS: Options = { allErrors: true, verbose: true, strict: true, allowUnionTypes: false };

/** The schema a validator is compiled from. */
export function schemaOf(name: SchemaName): Record<string, unknown> {
  return name === 'profile' ? profileSchema(loadSchema('topology')) : loadSchema(name);
}

/** Identifies a schema and the options it is compiled with: a compiled validator records it. */
export function schemaDigest(schema: Record<string, unknown>): string {
  return createHash('sha256')
    .update(JSON.stringify([AJV_OPTIONS, schema]))
    .digest('hex');
}

/** The module (relative to this one) holding the ahead-of-time compiled validator of a schema. */
export function compiledModule(name: SchemaName): string {
  return `./compiled/${name}.cjs`;
}

/** An ajv instance with gwtopo's options (ajv itself is loaded only when a schema is compiled). */
export function newAjv(extra: Options = {}): import('ajv').default {
  const Ajv = (requireHere('ajv') as { default: typeof import('ajv').default }).default;
  const ajv = new Ajv({ ...AJV_OPTIONS, ...extra });
  // Editors (VS Code, yaml-language-server) show this message for a failed pattern; ajv only carries it.
  ajv.addKeyword({ keyword: 'patternErrorMessage', schemaType: 'string' });
  return ajv;
}

/** Where each validator in use came from (tests check that a build uses the compiled ones). */
export const validatorOrigin = new Map<SchemaName, 'compiled' | 'ajv'>();

function compiledValidator(name: SchemaName, digest: string): ValidateFunction | undefined {
  try {
    const loaded = requireHere(compiledModule(name)) as ValidateFunction & { digest?: string };
    return loaded.digest === digest ? loaded : undefined;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'MODULE_NOT_FOUND') return undefined;
    throw err;
  }
}

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
    const schema = schemaOf(name);
    validate = compiledValidator(name, schemaDigest(schema));
    validatorOrigin.set(name, validate === undefined ? 'ajv' : 'compiled');
    validate ??= newAjv().compile(schema);
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
      const hint =
        field === PATCH_KEY
          ? `${PATCH_KEY}: delete removes an inherited entry of a named list (environments, gateways, listeners, gatewayClasses), in a profile or in a topology that lists profiles (spec.profiles)`
          : guess !== undefined
            ? `did you mean "${guess}"?`
            : allowed.length > 0
              ? `allowed fields here: ${listOf([...allowed].sort())}`
              : undefined;
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
    case 'not':
      r.error('schema', at, 'not allowed here', { anchor: 'key', ...(schema.description === undefined ? {} : { hint: schema.description }) });
      return;
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
