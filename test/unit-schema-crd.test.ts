// Reading CustomResourceDefinitions (conform/schema/crd.ts), packing schema sets (schema/pack.ts) and translating
// RE2 patterns (schema/regex.ts), in process and at their edges, where mutation testing of generator/conform/
// showed them untested: every refusal of a malformed CRD with the path and words it names (the API server
// refuses these documents; uniqueItems: true, x-kubernetes-preserve-unknown-fields: false and additionalProperties
// beside properties with the API server's own messages), what is kept of a schema (documentation
// dropped, defaults only where they can apply), how a stream of documents is read (Lists, skipped kinds and
// their notice, labels, replaced kinds), a rule's fieldPath syntax, the deterministic set files and their
// digests, and which RE2 patterns run as a JavaScript RegExp with the same meaning.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, test } from 'node:test';
import { CrdError, DOCUMENT_ORIGINS, parseFieldPath, readCrds, sortJson } from '../generator/conform/schema/crd.js';
import { packedSetProblems, packSet, parseIndex, sourcesDigest, unpackCrd } from '../generator/conform/schema/pack.js';
import { compileRe2, globalJsRegExp, translateToJs } from '../generator/conform/schema/regex.js';
import type { Crd, Schema } from '../generator/conform/schema/types.js';

type Json = Record<string, unknown>;

/** Drops the keys whose value is undefined (an override that removes a field). */
const clean = (o: Json): Json => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));

/** A valid CRD document (group example.com, kind Thing, one version v1); each part can be overridden. */
function crdDoc(o: { schema?: unknown; version?: Json; names?: Json; spec?: Json; top?: Json } = {}): Json {
  const version = clean({ name: 'v1', served: true, storage: true, schema: { openAPIV3Schema: o.schema ?? { type: 'object' } }, ...o.version });
  const names = clean({ kind: 'Thing', plural: 'things', ...o.names });
  const spec = clean({ group: 'example.com', names, scope: 'Namespaced', versions: [version], ...o.spec });
  return clean({ apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', metadata: { name: 'things.example.com' }, spec, ...o.top });
}

/** The CrdError message readCrds throws for these documents. */
function refusal(...docs: unknown[]): string {
  try {
    readCrds(docs);
  } catch (err) {
    if (err instanceof CrdError) return err.message;
    throw err;
  }
  return assert.fail('the documents were accepted');
}

const SCHEMA_AT = 'document 1 (things.example.com): spec.versions[0].schema.openAPIV3Schema';

/** The refusal of a schema, from the field under openAPIV3Schema on. */
function schemaError(schema: unknown): string {
  const message = refusal(crdDoc({ schema }));
  assert.ok(message.startsWith(SCHEMA_AT), message);
  return message.slice(SCHEMA_AT.length);
}

/** The schema as read. */
function read(schema: unknown): Schema | undefined {
  return readCrds([crdDoc({ schema })]).crds[0]!.versions[0]!.schema;
}

describe('readCrds: a schema keyword of the wrong kind is refused with its path and what it must be', () => {
  test('a value shown by its kind: null, a list, a mapping, a string, a number, a boolean', () => {
    assert.equal(schemaError({ type: null }), '.type: must be a string, not null');
    assert.equal(schemaError({ type: [] }), '.type: must be a string, not a list');
    assert.equal(schemaError({ type: {} }), '.type: must be a string, not a mapping');
    assert.equal(schemaError({ type: 1 }), '.type: must be a string, not number 1');
    assert.equal(schemaError({ type: true }), '.type: must be a string, not boolean true');
    assert.equal(schemaError({ type: 'bogus' }), '.type: must be one of object, array, string, integer, number, boolean, not "bogus"');
    assert.equal(schemaError({ format: 5 }), '.format: must be a string, not number 5');
    assert.equal(schemaError({ pattern: false }), '.pattern: must be a string, not boolean false');
  });

  test('counts are non-negative integers; minimum and maximum finite numbers; multipleOf greater than 0', () => {
    assert.equal(schemaError({ minLength: 1.5 }), '.minLength: must be a non-negative integer, not number 1.5');
    assert.equal(schemaError({ maxLength: -1 }), '.maxLength: must be a non-negative integer, not number -1');
    assert.equal(schemaError({ minProperties: '1' }), '.minProperties: must be a non-negative integer, not string "1"');
    assert.deepEqual(read({ type: 'string', minLength: 0, maxLength: 3 }), { type: 'string', minLength: 0, maxLength: 3 });
    assert.deepEqual(read({ type: 'object', minProperties: 0, maxProperties: 2 }), { type: 'object', minProperties: 0, maxProperties: 2 });
    assert.equal(schemaError({ minimum: 'x' }), '.minimum: must be a number, not string "x"');
    // YAML .inf and .nan: no JSON number, so the API server never sees one.
    assert.equal(schemaError({ maximum: Number.POSITIVE_INFINITY }), '.maximum: must be a number, not number Infinity');
    assert.equal(schemaError({ minimum: Number.NaN }), '.minimum: must be a number, not number NaN');
    assert.deepEqual(read({ type: 'number', minimum: -1.5, maximum: 0 }), { type: 'number', minimum: -1.5, maximum: 0 });
    assert.equal(schemaError({ multipleOf: 0 }), '.multipleOf: must be greater than 0');
    assert.equal(schemaError({ multipleOf: -2 }), '.multipleOf: must be greater than 0');
    assert.equal(schemaError({ multipleOf: 'x' }), '.multipleOf: must be a number, not string "x"');
    assert.deepEqual(read({ type: 'number', multipleOf: 0.5 }), { type: 'number', multipleOf: 0.5 });
  });

  test('boolean keywords; uniqueItems: true is refused as the API server refuses it', () => {
    assert.equal(schemaError({ nullable: 'yes' }), '.nullable: must be true or false, not string "yes"');
    assert.equal(schemaError({ uniqueItems: 1 }), '.uniqueItems: must be true or false, not number 1');
    // apiextensions-apiserver: field.Forbidden(fldPath.Child("uniqueItems"), "uniqueItems cannot be set to true since the runtime complexity becomes quadratic")
    assert.equal(
      schemaError({ type: 'object', properties: { tags: { type: 'array', uniqueItems: true, items: { type: 'string' } } } }),
      '.properties.tags.uniqueItems: uniqueItems cannot be set to true since the runtime complexity becomes quadratic',
    );
    assert.equal(schemaError({ anyOf: [{ uniqueItems: true }] }), '.anyOf[0].uniqueItems: uniqueItems cannot be set to true since the runtime complexity becomes quadratic');
    assert.deepEqual(read({ type: 'array', items: { type: 'string' }, minItems: 1, maxItems: 2, uniqueItems: false }), {
      type: 'array',
      items: { type: 'string' },
      minItems: 1,
      maxItems: 2,
      uniqueItems: false,
    });
    assert.deepEqual(read({ type: 'integer', exclusiveMinimum: true, exclusiveMaximum: false, minimum: 0, maximum: 9 }), {
      type: 'integer',
      exclusiveMinimum: true,
      exclusiveMaximum: false,
      minimum: 0,
      maximum: 9,
    });
  });

  test('lists: required, enum, items, allOf/anyOf/oneOf', () => {
    assert.equal(schemaError({ required: 'name' }), '.required: must be a list of strings, not string "name"');
    assert.equal(schemaError({ required: ['name', 1] }), '.required[1]: must be a string, not number 1');
    assert.equal(schemaError({ enum: 'a' }), '.enum: must be a list, not string "a"');
    assert.equal(schemaError({ type: 'array', items: [{ type: 'string' }] }), '.items: must be a single schema (a list of schemas is not allowed in a CustomResourceDefinition)');
    assert.equal(schemaError({ allOf: { type: 'string' } }), '.allOf: must be a list of schemas, not a mapping');
    assert.equal(schemaError({ oneOf: [{ type: 'string' }, 'integer'] }), '.oneOf[1]: must be a schema mapping, not string "integer"');
    assert.equal(schemaError({ not: [] }), '.not: must be a schema mapping, not a list');
  });

  test('properties and additionalProperties', () => {
    assert.equal(schemaError({ type: 'object', properties: [] }), '.properties: must be a mapping of property schemas, not a list');
    assert.equal(schemaError({ type: 'object', properties: { a: 'string' } }), '.properties.a: must be a schema mapping, not string "string"');
    assert.equal(schemaError({ type: 'object', additionalProperties: { type: 'bogus' } }), '.additionalProperties.type: must be one of object, array, string, integer, number, boolean, not "bogus"');
    assert.deepEqual(read({ type: 'object', additionalProperties: { type: 'string', description: 'a label value' } }), { type: 'object', additionalProperties: { type: 'string' } });
    assert.deepEqual(read({ type: 'object', additionalProperties: true }), { type: 'object', additionalProperties: true });
  });

  test('the API server refuses x-kubernetes-preserve-unknown-fields: false, and additionalProperties beside properties unless true', () => {
    // apiextensions validation: field.Invalid(…"x-kubernetes-preserve-unknown-fields"…, "must be true or undefined") and
    // field.Forbidden(…"additionalProperties"…, "additionalProperties and properties are mutual exclusive").
    assert.equal(schemaError({ type: 'object', 'x-kubernetes-preserve-unknown-fields': false }), '.x-kubernetes-preserve-unknown-fields: must be true or undefined');
    assert.equal(schemaError({ 'x-kubernetes-preserve-unknown-fields': 'yes' }), '.x-kubernetes-preserve-unknown-fields: must be true or false, not string "yes"');
    assert.deepEqual(read({ type: 'object', 'x-kubernetes-preserve-unknown-fields': true }), { type: 'object', 'x-kubernetes-preserve-unknown-fields': true });
    const a = { a: { type: 'string' } };
    // false is refused on its own (field.Forbidden: unknown fields are pruned, never refused), beside properties too.
    assert.equal(schemaError({ type: 'object', additionalProperties: false }), '.additionalProperties: additionalProperties cannot be set to false');
    assert.equal(schemaError({ type: 'object', properties: a, additionalProperties: false }), '.additionalProperties: additionalProperties cannot be set to false');
    assert.equal(
      schemaError({ type: 'object', properties: { x: { type: 'object', properties: a, additionalProperties: { type: 'string' } } } }),
      '.properties.x.additionalProperties: additionalProperties and properties are mutual exclusive',
    );
    assert.deepEqual(read({ type: 'object', properties: a, additionalProperties: true }), { type: 'object', properties: a, additionalProperties: true });
    assert.deepEqual(read({ type: 'object', properties: {}, additionalProperties: { type: 'string' } }), { type: 'object', properties: {}, additionalProperties: { type: 'string' } });
    assert.deepEqual(read({ type: 'object', properties: a }), { type: 'object', properties: a });
  });

  test("the structural schema's invariants, in validateStructuralInvariants' words (not under allOf, anyOf, oneOf or not)", () => {
    assert.equal(schemaError({}), '.type: must not be empty at the root');
    assert.equal(schemaError({ type: 'object', properties: { a: { properties: {} } } }), '.properties.a.type: must not be empty for specified object fields');
    assert.equal(schemaError({ type: 'object', additionalProperties: { format: 'date' } }), '.additionalProperties.type: must not be empty for specified object fields');
    assert.equal(schemaError({ type: 'object', properties: { a: { type: 'array', items: {} } } }), '.properties.a.items.type: must not be empty for specified array items');
    assert.equal(schemaError({ type: 'object', properties: { a: { type: 'array' } } }), '.properties.a.items: must be specified');
    assert.equal(
      schemaError({ type: 'object', properties: { r: { 'x-kubernetes-embedded-resource': true, 'x-kubernetes-preserve-unknown-fields': true } } }),
      '.properties.r.type: must be object if x-kubernetes-embedded-resource is true',
    );
    // No type where the value is int-or-string or keeps unknown fields; none needed (none allowed) under allOf and the others.
    const fine = {
      type: 'object',
      properties: { n: { 'x-kubernetes-int-or-string': true }, free: { 'x-kubernetes-preserve-unknown-fields': true } },
      allOf: [{ properties: { n: { minimum: 1 } } }],
      not: { required: ['x'] },
    };
    assert.deepEqual(read(fine), fine);
    // A CRD created as v1beta1 before Kubernetes 1.22 and never updated: the API server stores and serves it with the
    // NonStructuralSchema condition, and kubectl get crd -o yaml shows it so: read as it is, not refused.
    const legacy = { type: 'object', properties: { spec: { properties: { list: { type: 'array' } } } } };
    const established = { type: 'Established', status: 'True' };
    const stored = { ...crdDoc({ schema: legacy }), status: { conditions: [established, { type: 'NonStructuralSchema', status: 'True', reason: 'Violations' }] } };
    assert.deepEqual(readCrds([stored]).crds[0]!.versions[0]!.schema, legacy);
    for (const conditions of [[{ type: 'NonStructuralSchema', status: 'False' }], [null, established], 'NonStructuralSchema']) {
      const other = { ...stored, status: { conditions } };
      assert.match(refusal(other), /properties\.spec\.type: must not be empty for specified object fields$/, JSON.stringify(conditions));
    }
  });

  test('x-kubernetes-list-type is atomic, set or map; x-kubernetes-map-type atomic or granular', () => {
    assert.equal(schemaError({ type: 'array', 'x-kubernetes-list-type': 'bogus' }), '.x-kubernetes-list-type: must be atomic, set or map, not "bogus"');
    assert.equal(schemaError({ type: 'array', 'x-kubernetes-list-type': 'map' }), '.x-kubernetes-list-map-keys: a list of type map needs at least one key');
    const items = { type: 'string' };
    for (const t of ['atomic', 'set']) assert.deepEqual(read({ type: 'array', items, 'x-kubernetes-list-type': t }), { type: 'array', items, 'x-kubernetes-list-type': t });
    const objects = { type: 'object', properties: { name: { type: 'string' } } };
    assert.deepEqual(read({ type: 'array', items: objects, 'x-kubernetes-list-type': 'map', 'x-kubernetes-list-map-keys': ['name'] }), {
      type: 'array',
      items: objects,
      'x-kubernetes-list-type': 'map',
      'x-kubernetes-list-map-keys': ['name'],
    });
    assert.equal(schemaError({ type: 'object', 'x-kubernetes-map-type': 'set' }), '.x-kubernetes-map-type: must be atomic or granular, not "set"');
    assert.equal(schemaError({ type: 'object', 'x-kubernetes-map-type': 1 }), '.x-kubernetes-map-type: must be a string, not number 1');
    for (const t of ['atomic', 'granular']) assert.deepEqual(read({ type: 'object', 'x-kubernetes-map-type': t }), { type: 'object', 'x-kubernetes-map-type': t });
  });

  test('x-kubernetes-validations: a list of rules with known fields of the right kinds', () => {
    const at = '.x-kubernetes-validations';
    assert.equal(schemaError({ 'x-kubernetes-validations': 'self.a > 0' }), `${at}: must be a list of rules, not string "self.a > 0"`);
    assert.equal(schemaError({ 'x-kubernetes-validations': ['self.a > 0'] }), `${at}[0]: must be a mapping with a rule, not string "self.a > 0"`);
    const rule = (extra: Json) => ({ 'x-kubernetes-validations': [{ rule: 'true' }, { rule: 'true', ...extra }] });
    assert.equal(schemaError(rule({ messages: 'x' })), `${at}[1].messages: unknown field of a validation rule`);
    assert.equal(schemaError({ 'x-kubernetes-validations': [{ message: 'x' }] }), `${at}[0].rule: is missing`);
    assert.equal(schemaError(rule({ fieldPath: 1 })), `${at}[1].fieldPath: must be a string, not number 1`);
    assert.equal(schemaError(rule({ fieldPath: 'spec.a' })), `${at}[1].fieldPath: must be a path such as .spec.field or .map['key'], not "spec.a"`);
    assert.equal(schemaError(rule({ message: 1 })), `${at}[1].message: must be a string, not number 1`);
    assert.equal(schemaError(rule({ messageExpression: ['x'] })), `${at}[1].messageExpression: must be a string, not a list`);
    assert.equal(schemaError(rule({ optionalOldSelf: 'true' })), `${at}[1].optionalOldSelf: must be true or false, not string "true"`);
    assert.equal(schemaError(rule({ reason: 1 })), `${at}[1].reason: must be a string, not number 1`);
    assert.equal(schemaError(rule({ reason: 'Invalid' })), `${at}[1].reason: must be one of FieldValueInvalid, FieldValueForbidden, FieldValueRequired, FieldValueDuplicate, not "Invalid"`);
    const full = { rule: 'self.a == oldSelf.a', message: 'm', messageExpression: "'m'", reason: 'FieldValueForbidden', fieldPath: ".a['b']", optionalOldSelf: true };
    assert.deepEqual(read({ type: 'object', 'x-kubernetes-validations': [full] }), { type: 'object', 'x-kubernetes-validations': [full] });
  });

  test('documentation keywords are dropped; the JSON Schema keywords a CRD may not use are refused as such', () => {
    assert.deepEqual(read({ type: 'object', description: 'd', title: 't', example: { a: 1 }, externalDocs: { url: 'https://example.com' } }), { type: 'object' });
    for (const k of ['$ref', '$schema']) assert.equal(schemaError({ [k]: 'x' }), `["${k}"]: is not allowed in a CustomResourceDefinition schema`);
    for (const k of ['id', 'definitions', 'patternProperties', 'dependencies', 'additionalItems']) {
      assert.equal(schemaError({ [k]: 'x' }), `.${k}: is not allowed in a CustomResourceDefinition schema`);
    }
    assert.equal(schemaError({ type: 'object', widget: 'x' }), '.widget: unknown schema keyword');
  });

  test('a default is kept where it can apply, dropped inside allOf, anyOf, oneOf and not', () => {
    const schema = {
      type: 'object',
      default: { b: 1, a: 2 },
      properties: { n: { type: 'integer', default: 1 } },
      allOf: [{ properties: { n: { default: 2 } } }],
      anyOf: [{ default: 3 }],
      oneOf: [{ default: 4 }],
      not: { properties: { n: { default: 5 } } },
    };
    const got = read(schema)!;
    assert.deepEqual(got, {
      type: 'object',
      default: { a: 2, b: 1 },
      properties: { n: { type: 'integer', default: 1 } },
      allOf: [{ properties: { n: {} } }],
      anyOf: [{}],
      oneOf: [{}],
      not: { properties: { n: {} } },
    });
    assert.equal(JSON.stringify(got.default), '{"a":2,"b":1}', 'keys sorted');
  });

  test('nesting deeper than 1000 path segments is refused (a recursive YAML alias), 1000 is read', () => {
    // The root schema's path has 5 segments (spec, versions, 0, schema, openAPIV3Schema); each items adds one.
    const nested = (levels: number): Json => {
      let s: Json = { type: 'string' };
      for (let i = 0; i < levels; i++) s = { type: 'array', items: s };
      return s;
    };
    assert.ok(read(nested(995)) !== undefined);
    assert.equal(
      refusal(crdDoc({ schema: nested(996) })),
      'document 1 (things.example.com): spec.versions[0].schema.openAPIV3Schema.items.items.items.items.items.items.items…: nested more than 1000 levels deep (a recursive YAML alias?)',
    );
  });
});

describe('readCrds: a version and a CRD document with missing or malformed fields', () => {
  test('versions', () => {
    const at = 'document 1 (things.example.com): spec.versions';
    assert.equal(refusal(crdDoc({ spec: { versions: ['v1'] } })), `${at}[0]: must be a mapping, not string "v1"`);
    assert.equal(refusal(crdDoc({ version: { name: undefined } })), `${at}[0].name: is missing`);
    assert.equal(refusal(crdDoc({ version: { served: 'yes' } })), `${at}[0].served: must be true or false, not string "yes"`);
    assert.equal(refusal(crdDoc({ version: { storage: undefined } })), `${at}[0].storage: is missing`);
    assert.equal(refusal(crdDoc({ version: { deprecated: 'yes' } })), `${at}[0].deprecated: must be true or false, not string "yes"`);
    assert.equal(refusal(crdDoc({ version: { deprecationWarning: 1 } })), `${at}[0].deprecationWarning: must be a string, not number 1`);
    assert.equal(refusal(crdDoc({ version: { schema: undefined } })), `${at}[0].schema.openAPIV3Schema: is missing (every served version needs a schema)`);
    assert.equal(refusal(crdDoc({ spec: { versions: [] } })), 'document 1 (things.example.com): spec.versions: must be a non-empty list');
    assert.equal(refusal(crdDoc({ spec: { versions: undefined } })), 'document 1 (things.example.com): spec.versions: must be a non-empty list');
  });

  test('what is kept of a version: deprecation, the status subresource, the schema of a served version', () => {
    const version = (v: Json) => readCrds([crdDoc({ version: v })]).crds[0]!.versions[0]!;
    assert.deepEqual(version({ deprecated: true, deprecationWarning: 'use v2', subresources: { status: {} } }), {
      name: 'v1',
      served: true,
      storage: true,
      deprecated: true,
      deprecationWarning: 'use v2',
      statusSubresource: true,
      schema: { type: 'object' },
    });
    assert.deepEqual(version({ deprecated: false, subresources: { scale: { specReplicasPath: '.spec.replicas', statusReplicasPath: '.status.replicas' } } }), {
      name: 'v1',
      served: true,
      storage: true,
      schema: { type: 'object' },
    });
    // A version that is not served needs no schema (an API server may hold one stored before schemas were required).
    assert.deepEqual(version({ served: false, storage: false, schema: undefined }), { name: 'v1', served: false, storage: false });
  });

  test('the document, its metadata and spec', () => {
    const named = 'document 1 (things.example.com)';
    assert.equal(refusal('a CRD'), 'document 1: (document): must be a mapping, not string "a CRD"');
    assert.equal(refusal(crdDoc({ top: { kind: undefined } })), `${named}: kind: is undefined, not CustomResourceDefinition`);
    assert.equal(refusal(crdDoc({ top: { kind: 7 } })), `${named}: kind: is 7, not CustomResourceDefinition`);
    assert.equal(refusal(crdDoc({ top: { metadata: undefined } })), 'document 1: metadata: is missing');
    assert.equal(refusal(crdDoc({ top: { metadata: 'things' } })), 'document 1: metadata: must be a mapping, not string "things"');
    assert.equal(refusal(crdDoc({ top: { metadata: {} } })), 'document 1: metadata.name: is missing');
    assert.equal(refusal(crdDoc({ top: { metadata: { name: 5 } } })), 'document 1: metadata.name: must be a string, not number 5');
    assert.equal(refusal(crdDoc({ top: { spec: undefined } })), `${named}: spec: is missing`);
    assert.equal(refusal(crdDoc({ top: { spec: 'x' } })), `${named}: spec: must be a mapping, not string "x"`);
    assert.equal(refusal(crdDoc({ spec: { names: 'things' } })), `${named}: spec.names: must be a mapping, not string "things"`);
    assert.equal(refusal(crdDoc({ spec: { scope: undefined } })), `${named}: spec.scope: is missing`);
    assert.equal(refusal(crdDoc({ spec: { scope: 'Global' } })), `${named}: spec.scope: must be Namespaced or Cluster, not "Global"`);
    assert.equal(refusal(crdDoc({ spec: { group: undefined } })), `${named}: spec.group: is missing`);
    assert.equal(refusal(crdDoc({ names: { kind: undefined } })), `${named}: spec.names.kind: is missing`);
    assert.equal(refusal(crdDoc({ names: { plural: 1 } })), `${named}: spec.names.plural: must be a string, not number 1`);
    assert.deepEqual(readCrds([crdDoc({ spec: { scope: 'Cluster' } })]).crds, [
      { name: 'things.example.com', group: 'example.com', kind: 'Thing', plural: 'things', scope: 'Cluster', versions: [{ name: 'v1', served: true, storage: true, schema: { type: 'object' } }] },
    ]);
  });

  test('an error that is not a CrdError passes through unchanged', () => {
    const boom = new TypeError('boom');
    const doc = crdDoc();
    Object.defineProperty(doc, 'spec', {
      get() {
        throw boom;
      },
    });
    assert.throws(
      () => readCrds([doc]),
      (err) => err === boom,
    );
  });
});

describe('readCrds: a stream of documents', () => {
  const other = (kind: string, name: string, extra: Json = {}): Json => ({ apiVersion: 'v1', kind, metadata: { name }, ...extra });

  test('empty documents are skipped but counted; Lists are opened, their items labelled', () => {
    assert.equal(readCrds([null, crdDoc(), undefined]).crds.length, 1);
    assert.equal(refusal(null, crdDoc({ spec: { scope: undefined } })), 'document 2 (things.example.com): spec.scope: is missing');
    assert.equal(refusal({ apiVersion: 'v1', kind: 'List', items: [crdDoc({ spec: { scope: undefined } })] }), 'document 1, item 1 (things.example.com): spec.scope: is missing');
    assert.equal(
      refusal({ apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinitionList', items: [crdDoc({ names: { kind: 'Other', plural: 'others' } }), crdDoc({ spec: { scope: undefined } })] }),
      'document 1, item 2 (things.example.com): spec.scope: is missing',
    );
    const fromList = readCrds([{ kind: 'CustomResourceDefinitionList', items: [crdDoc()] }]);
    assert.deepEqual(
      fromList.crds.map((c) => c.kind),
      ['Thing'],
    );
  });

  test('a document of another kind is skipped with a notice, even with an items list', () => {
    const { crds, others, notices } = readCrds([crdDoc(), other('ConfigMap', 'c', { items: [] })]);
    assert.equal(crds.length, 1);
    assert.deepEqual(others, []);
    assert.deepEqual(notices, ['skipped 1 document that is not a CustomResourceDefinition: ConfigMap document 2 (c)']);
  });

  test('the notice names three skipped documents and counts the rest', () => {
    const kinds = ['A', 'B', 'C', 'D', 'E'];
    const docs = (n: number) => [crdDoc(), ...kinds.slice(0, n).map((k) => other(k, k.toLowerCase()))];
    assert.deepEqual(readCrds(docs(3)).notices, ['skipped 3 documents that are not a CustomResourceDefinition: A document 2 (a), B document 3 (b), C document 4 (c)']);
    assert.deepEqual(readCrds(docs(4)).notices, ['skipped 4 documents that are not a CustomResourceDefinition: A document 2 (a), B document 3 (b), C document 4 (c), +1 more']);
    assert.deepEqual(readCrds(docs(5)).notices, ['skipped 5 documents that are not a CustomResourceDefinition: A document 2 (a), B document 3 (b), C document 4 (c), +2 more']);
  });

  test('keep chooses the other documents returned; a stream of only kept documents is read', () => {
    const policy = other('ValidatingAdmissionPolicy', 'p');
    const seen: unknown[] = [];
    const read = readCrds([policy], (doc, crds, all) => {
      seen.push(doc, crds.length, all.length);
      return true;
    });
    assert.deepEqual(read, { crds: [], others: [{ doc: policy, label: 'document 1 (p)' }], notices: [] });
    assert.deepEqual(seen, [policy, 0, 1]);
    assert.deepEqual(readCrds([crdDoc(), policy]).others, [], 'nothing is kept by default');
  });

  test('nothing to read', () => {
    assert.equal(refusal(), 'no CustomResourceDefinition found');
    assert.equal(refusal(other('ConfigMap', 'c')), 'no CustomResourceDefinition found (skipped 1 document that is not a CustomResourceDefinition: ConfigMap document 1 (c))');
  });

  test('labels: the file a document came from; a kind defined again replaces the first definition', () => {
    const first = crdDoc();
    const again = crdDoc({ top: { metadata: { name: 'things.example.com' } }, spec: { scope: 'Cluster' } });
    DOCUMENT_ORIGINS.set(first, { file: 'crds/a.yaml', index: 3 });
    const { crds, notices } = readCrds([first, again]);
    assert.deepEqual(
      crds.map((c) => c.scope),
      ['Cluster'],
    );
    assert.deepEqual(notices, ['document 2 (things.example.com) defines Thing of group example.com again: it replaces crds/a.yaml, document 3 (things.example.com), as a later kubectl apply would']);
  });
});

describe('sortJson and parseFieldPath', () => {
  test('sortJson sorts the keys of every mapping, in lists too', () => {
    assert.equal(JSON.stringify(sortJson({ b: [{ d: 1, c: { f: 1, e: 2 } }], a: null })), '{"a":null,"b":[{"c":{"e":2,"f":1},"d":1}]}');
    assert.equal(JSON.stringify(sortJson([{ b: 1, a: 2 }, 3])), '[{"a":2,"b":1},3]');
    assert.equal(sortJson('x'), 'x');
  });

  test("a fieldPath is .name and ['key'] segments from the start to the end", () => {
    assert.deepEqual(parseFieldPath(".spec['a.b'].c"), ['spec', 'a.b', 'c']);
    assert.equal(parseFieldPath('.'), undefined);
    assert.equal(parseFieldPath('...a'), undefined);
    assert.equal(parseFieldPath('.a..b'), undefined);
    assert.equal(parseFieldPath(".a.['b']"), undefined);
    assert.equal(parseFieldPath('["k\']'), undefined);
    assert.equal(parseFieldPath("['k'"), undefined);
    assert.deepEqual(parseFieldPath("['a']['b']"), ['a', 'b']);
    assert.deepEqual(parseFieldPath("['']"), ['']);
    assert.deepEqual(parseFieldPath("['a.b]c'].d"), ['a.b]c', 'd']);
    assert.deepEqual(parseFieldPath(".x['it\\'s a\\\\b']"), ['x', "it's a\\b"]);
    assert.equal(parseFieldPath("['a\\']"), undefined, 'the quote is escaped: no closing quote');
    assert.equal(parseFieldPath("a..a['']"), undefined);
  });
});

describe('pack: deterministic set files', () => {
  const file = (path: string, text: string) => ({ path, bytes: new TextEncoder().encode(text) });

  test('sourcesDigest hashes each path, its length and its bytes in path order', () => {
    const expected = createHash('sha256');
    for (const [path, text] of [
      ['a/x.yaml', 'xx'],
      ['b.yaml', 'y'],
      ['c.yaml', ''],
    ] as const) {
      expected.update(`${path}\n${text.length}\n`);
      expected.update(text);
    }
    const digest = `sha256:${expected.digest('hex')}`;
    assert.equal(sourcesDigest([file('a/x.yaml', 'xx'), file('b.yaml', 'y'), file('c.yaml', '')]), digest);
    assert.equal(sourcesDigest([file('c.yaml', ''), file('b.yaml', 'y'), file('a/x.yaml', 'xx')]), digest);
    assert.equal(sourcesDigest([file('b.yaml', 'y'), file('c.yaml', ''), file('a/x.yaml', 'xx')]), digest);
    // The sort is stable: files of one path keep their order.
    const twice = createHash('sha256').update('a\n1\nx').update('a\n1\ny').digest('hex');
    assert.equal(sourcesDigest([file('a', 'x'), file('a', 'y')]), `sha256:${twice}`);
  });

  const crd = (group: string, kind: string, versions: Crd['versions']): Crd => ({
    name: `${kind.toLowerCase()}s.${group}`,
    group,
    kind,
    plural: `${kind.toLowerCase()}s`,
    scope: 'Namespaced',
    versions,
  });
  const v1 = { name: 'v1', served: true, storage: true, schema: { type: 'object' } } as const;

  test('CRDs are ordered by group, then kind', () => {
    const files = packSet('s', [crd('b.example.com', 'Alpha', [v1]), crd('a.example.com', 'Zed', [v1]), crd('a.example.com', 'Beta', [v1])], 'sha256:src');
    assert.deepEqual(
      parseIndex(files.get('index.json')!).crds.map((c) => `${c.group}/${c.kind}`),
      ['a.example.com/Beta', 'a.example.com/Zed', 'b.example.com/Alpha'],
    );
    const sorted = packSet('s', [crd('a.example.com', 'Zed', [v1]), crd('b.example.com', 'Alpha', [v1])], 'sha256:src');
    assert.deepEqual([...sorted.keys()], ['a.example.com/zeds.json', 'b.example.com/alphas.json', 'index.json']);
  });

  test('only a version with the same schema as an earlier one refers to it', () => {
    const files = packSet(
      's',
      [
        crd('example.com', 'Thing', [
          { name: 'v3', served: true, storage: true, schema: { type: 'object' } },
          { name: 'v2', served: true, storage: false, schema: { type: 'string' } },
          { name: 'v1', served: false, storage: false },
          { name: 'v0', served: false, storage: false },
        ]),
      ],
      'sha256:src',
    );
    const text = files.get('example.com/things.json')!;
    assert.deepEqual(JSON.parse(text).versions, [
      { name: 'v3', served: true, storage: true, schema: { type: 'object' } },
      { name: 'v2', served: true, storage: false, schema: { type: 'string' } },
      { name: 'v1', served: false, storage: false },
      { name: 'v0', served: false, storage: false },
    ]);
    // Unpacked, a version without a schema has no schema key at all.
    const unpacked = unpackCrd(text);
    assert.deepEqual(unpacked.versions[2], { name: 'v1', served: false, storage: false });
    assert.equal('schema' in unpacked.versions[3]!, false);
  });

  test('packedSetProblems lists its problems sorted; parseIndex says what it refuses', () => {
    const files = packSet('s', [crd('example.com', 'Thing', [v1])], 'sha256:src');
    const changed = new Map(files);
    changed.set('a/extra.json', '{}');
    assert.deepEqual(packedSetProblems('other', changed), ["a/extra.json is not what the build makes of the set's CRD files", "index.json is not what the build makes of the set's CRD files"]);
    assert.throws(() => parseIndex('{"format": 1, "crds": {}}'), { message: 'not a schema-set index of this gwtopo version' });
  });
});

describe('regex: RE2 patterns that run as a JavaScript RegExp', () => {
  test('escapes, classes and groups that mean the same in both engines are translated', () => {
    assert.equal(translateToJs('[\\d.\\-]'), '[\\d.\\-]');
    assert.equal(translateToJs('[a.]'), '[a.]');
    assert.equal(translateToJs('[^a]b'), '[^a]b');
    assert.equal(translateToJs('[^]a]'), '[^\\]a]');
    assert.equal(translateToJs('\\S+'), '[^\\t\\n\\f\\r ]+');
    assert.equal(translateToJs('\\dab'), '\\dab');
    assert.equal(translateToJs('\\xfF'), '\\xfF');
    assert.equal(translateToJs('\\x09a\\xA0'), '\\x09a\\xA0');
    assert.equal(translateToJs('ab?'), 'ab?');
    assert.equal(translateToJs('(a)(?:b)'), '(a)(?:b)');
  });

  test('constructs whose meaning differs are left to RE2', () => {
    // \S in a class (JavaScript's also excludes Unicode spaces), \x without two hex digits (\x{41} is RE2's form).
    for (const p of ['[\\S]', '\\x4', '\\x4g', '\\xg12', '\\x{41}', 'a\\', '[a', '(?i)a', '(?P<n>a)']) assert.equal(translateToJs(p), undefined, p);
    assert.ok(compileRe2('\\x{41}').test('A'));
    assert.throws(() => compileRe2('\\xg12'), /invalid escape sequence/);
  });

  test('compileRe2 caches its matcher, a RegExp with the u flag when the pattern translates', () => {
    const m = compileRe2('^[a-z]+$');
    assert.equal(compileRe2('^[a-z]+$'), m);
    assert.ok(m instanceof RegExp);
    assert.ok(!(compileRe2('(?i)^a$') instanceof RegExp));
    // RE2 matches code points: . is one astral character, as with the u flag.
    assert.ok(compileRe2('^.$').test('😀'));
  });

  test('a translation JavaScript refuses (a { RE2 reads literally) runs on RE2, without a global RegExp', () => {
    assert.equal(translateToJs('^a{,3}$'), '^a{,3}$');
    assert.ok(compileRe2('^a{,3}$').test('a{,3}'));
    assert.equal(globalJsRegExp('^a{,3}$'), undefined);
    assert.equal(globalJsRegExp('(?i)^a$'), undefined, 'no JavaScript equivalent');
    assert.equal(globalJsRegExp('(?i)^a$'), undefined, 'cached');
    assert.throws(() => globalJsRegExp('a**'), /invalid nested repetition operator/);
    const g = globalJsRegExp('[0-9]+');
    assert.ok(g instanceof RegExp && g.global);
    assert.deepEqual('a1b22'.match(g!), ['1', '22']);
  });
});
