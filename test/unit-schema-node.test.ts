// The schema walk of the conform engine (generator/conform/schema/node.ts) driven directly, one schema node at a
// time: type checks, value validations (enum, lengths in code points, bounds, counts, formats), list-type set
// and map uniqueness, pruning, null dropping, structural defaulting (cached and shared, partial objects),
// embedded resources, resource roots and their metadata, allOf/anyOf/oneOf/not, and the lazily compiled
// children. Written where mutation testing (npm run mutation, generator/conform/) showed the walk's edges
// untested; the expectations are the API server's (kube-openapi's validators and apiextensions-apiserver's
// messages), not whatever the code happened to do.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Ctx } from '../generator/conform/schema/ctx.js';
import { Node } from '../generator/conform/schema/node.js';
import type { Schema } from '../generator/conform/schema/types.js';
import { formatFinding } from './conform-helpers.js';

interface Walked {
  out: unknown;
  lines: string[];
  blocking: boolean;
}

interface WalkOptions {
  /** The node is a resource's root (apiVersion, kind and metadata kept, metadata is ObjectMeta). */
  root?: boolean;
  /** A server-side-apply partial object. */
  partial?: boolean;
  /** A property not to default (status under the status subresource). */
  omit?: string;
  /** The node to walk with (to see what is shared between walks). */
  node?: Node;
}

const compile = (schema: Schema, root = false): Node => new Node(schema, { structural: true, resourceRoot: root });

/** The structural pass (prune, drop nulls, default, validate) over `value`. */
function walk(schema: Schema, value: unknown, o: WalkOptions = {}): Walked {
  const node = o.node ?? compile(schema, o.root === true);
  const ctx = new Ctx(o.partial === true);
  const out = node.process(value, ctx, true, o.omit);
  return { out, lines: ctx.findings.map(formatFinding), blocking: ctx.blocking };
}

const lines = (schema: Schema, value: unknown, o: WalkOptions = {}): string[] => walk(schema, value, o).lines;

/** The value validations only (what allOf/anyOf/oneOf/not and metadata.name rules use). */
function validated(schema: Schema, value: unknown): string[] {
  const ctx = new Ctx(false);
  compile(schema).validate(value, ctx);
  return ctx.findings.map(formatFinding);
}

describe('schema node: types', () => {
  test('each type accepts its own values and names the JSON type of others', () => {
    const cases: [Schema['type'], unknown, string | undefined][] = [
      ['string', 'a', undefined],
      ['string', [], 'array'],
      ['string', {}, 'object'],
      ['integer', 2, undefined],
      ['integer', 1.5, 'number'],
      ['integer', 'a', 'string'],
      ['number', 1.5, undefined],
      ['number', 2, undefined],
      ['number', 'a', 'string'],
      ['boolean', true, undefined],
      ['boolean', 'a', 'string'],
      ['boolean', 0, 'integer'],
      ['object', {}, undefined],
      ['object', [], 'array'],
      ['array', [], undefined],
      ['array', {}, 'object'],
    ];
    for (const [type, value, got] of cases) {
      const w = walk({ type }, value);
      assert.deepEqual(w.lines, got === undefined ? [] : [`invalid .: Invalid value: "${got}": must be of type ${type}`], `${type} ${JSON.stringify(value)}`);
      assert.equal(w.blocking, got !== undefined, 'a wrong type keeps CEL rules from running');
    }
  });

  test('x-kubernetes-int-or-string: integers and strings only', () => {
    const s: Schema = { 'x-kubernetes-int-or-string': true };
    assert.deepEqual(lines(s, 'a'), []);
    assert.deepEqual(lines(s, 3), []);
    assert.deepEqual(lines(s, true), ['invalid .: Invalid value: "boolean": must be of type integer or string']);
    assert.deepEqual(lines(s, 1.5), ['invalid .: Invalid value: "number": must be of type integer or string']);
  });

  test('null: an error unless nullable or untyped, and nothing else is checked of it', () => {
    const w = walk({ type: 'string' }, null);
    assert.deepEqual(w.lines, ['invalid .: Invalid value: "null": must be of type string']);
    assert.ok(w.blocking);
    assert.deepEqual(lines({ 'x-kubernetes-int-or-string': true }, null), ['invalid .: Invalid value: "null": must be of type integer or string']);
    assert.deepEqual(lines({}, null), []);
    const nullable = walk({ type: 'string', nullable: true, minLength: 2 }, null);
    assert.deepEqual(nullable, { out: null, lines: [], blocking: false });
    // kube-openapi gives a null only its type and enum checks: not allOf and the like.
    assert.deepEqual(lines({ type: 'object', nullable: true, allOf: [{ type: 'string' }], required: ['a'] }, null), []);
    // A nullable field keeps its null (only nulls the schema does not allow are dropped).
    assert.deepEqual(walk({ type: 'object', properties: { a: { type: 'string', nullable: true } } }, { a: null }), { out: { a: null }, lines: [], blocking: false });
  });

  test('null against an enum: kube-openapi matches no allowed value with a null, even when nullable', () => {
    const w = walk({ type: 'string', nullable: true, enum: ['a', 'b'] }, null);
    assert.deepEqual(w.lines, ['invalid .: Unsupported value: "null": supported values: "a", "b"']);
    assert.ok(w.blocking);
    assert.deepEqual(lines({ type: 'string', nullable: true, enum: ['a', null] }, null), ['invalid .: Unsupported value: "null": supported values: "a", "null"']);
    // Not nullable (an array item, which is not dropped): the type error and the enum's.
    assert.deepEqual(lines({ type: 'array', items: { type: 'string', enum: ['a'] } }, [null]), [
      'invalid [0]: Invalid value: "null": must be of type string',
      'invalid [0]: Unsupported value: "null": supported values: "a"',
    ]);
  });
});

describe('schema node: value validations', () => {
  test('enum: primitives, objects and arrays compared as JSON; every allowed value is quoted as NotSupported does', () => {
    const w = walk({ type: 'string', enum: ['a', 'b'] }, 'c');
    assert.deepEqual(w.lines, ['invalid .: Unsupported value: "c": supported values: "a", "b"']);
    assert.ok(w.blocking);
    assert.deepEqual(lines({ enum: ['a', 'b'] }, 'b'), []);
    assert.deepEqual(lines({ type: 'integer', enum: [1, 2] }, 2), []);
    assert.deepEqual(lines({ type: 'integer', enum: [1, 2] }, 3), ['invalid .: Unsupported value: 3: supported values: "1", "2"']);
    assert.deepEqual(lines({ enum: [true] }, false), ['invalid .: Unsupported value: false: supported values: "true"']);
    const complex: Schema = { enum: [{ a: 1, b: [1, 2] }, [1, 2]], 'x-kubernetes-preserve-unknown-fields': true };
    assert.deepEqual(lines(complex, { b: [1, 2], a: 1 }), []);
    assert.deepEqual(lines(complex, [1, 2]), []);
    assert.deepEqual(lines(complex, { a: 1, b: [2, 1] }), ['invalid .: Unsupported value: {"a":1,"b":[2,1]}: supported values: "{\\"a\\":1,\\"b\\":[1,2]}", "[1,2]"']);
    assert.deepEqual(lines(complex, { a: 1 }).length, 1);
    assert.deepEqual(lines(complex, [1]).length, 1);
  });

  test('maxLength and minLength count code points, as utf8.RuneCountInString of the decoded JSON', () => {
    const max1: Schema = { type: 'string', maxLength: 1 };
    const tooLong = 'invalid .: Too long: may not be more than 1 characters';
    // One code point each: a surrogate pair at both ends of the range.
    for (const s of ['😀', '\ud800\udc00', '\udbff\udfff', 'é']) assert.deepEqual(lines(max1, s), [], JSON.stringify(s));
    // Two code points each: lone surrogates (Go reads each as U+FFFD) and broken pairs.
    for (const s of ['ab', 'a\udc00', '\udc00\udc00', '\ud800a', '\ud800\ue000', '\ud800\ud800']) assert.deepEqual(lines(max1, s), [tooLong], JSON.stringify(s));
    assert.ok(walk(max1, 'ab').blocking, 'too long keeps CEL rules from running');
    const min2: Schema = { minLength: 2 };
    const w = walk(min2, 'a');
    assert.deepEqual(w.lines, ['invalid .: Invalid value: "a": should be at least 2 chars long']);
    assert.equal(w.blocking, false);
    assert.deepEqual(lines(min2, '😀😀'), []);
    assert.deepEqual(lines(min2, 'ab'), []);
    // Lengths apply to strings only (the schema has no type here).
    assert.deepEqual(lines(min2, ['a']), []);
    assert.deepEqual(lines({ maxLength: 1 }, ['a', 'b']), []);
    assert.deepEqual(lines({ maxLength: 1 }, 5), []);
  });

  test('minimum, maximum (exclusive or not) and multipleOf, on numbers only', () => {
    assert.deepEqual(lines({ minimum: 5 }, 4), ['invalid .: Invalid value: 4: should be greater than or equal to 5']);
    assert.deepEqual(lines({ minimum: 5 }, 5), []);
    assert.deepEqual(lines({ minimum: 5, exclusiveMinimum: true }, 5), ['invalid .: Invalid value: 5: should be greater than 5']);
    assert.deepEqual(lines({ minimum: 5, exclusiveMinimum: true }, 5.5), []);
    assert.deepEqual(lines({ maximum: 5 }, 6), ['invalid .: Invalid value: 6: should be less than or equal to 5']);
    assert.deepEqual(lines({ maximum: 5 }, 5), []);
    assert.deepEqual(lines({ maximum: 5, exclusiveMaximum: true }, 5), ['invalid .: Invalid value: 5: should be less than 5']);
    assert.deepEqual(lines({ maximum: 5, exclusiveMaximum: true }, 4), []);
    assert.deepEqual(lines({ multipleOf: 2 }, 3), ['invalid .: Invalid value: 3: should be a multiple of 2']);
    assert.deepEqual(lines({ multipleOf: 2 }, 4), []);
    assert.deepEqual(lines({ multipleOf: 0.5 }, 1.5), []);
    assert.equal(walk({ minimum: 5 }, 4).blocking, false);
    assert.deepEqual(lines({ minimum: 10, maximum: 0 }, '5'), [], 'a string is not compared with the bounds');
  });

  test('minItems, maxItems and uniqueItems, on arrays only', () => {
    const min = walk({ minItems: 2 }, [1]);
    assert.deepEqual(min.lines, ['invalid .: Invalid value: 1: should have at least 2 items']);
    assert.equal(min.blocking, false);
    assert.deepEqual(lines({ minItems: 2 }, [1, 2]), []);
    assert.deepEqual(lines({ minItems: 2 }, 'a'), [], 'a string has no items');
    const max = walk({ maxItems: 1 }, [1, 2]);
    assert.deepEqual(max.lines, ['invalid .: Too many: 2: must have at most 1 items']);
    assert.ok(max.blocking, 'too many keeps CEL rules from running');
    assert.deepEqual(lines({ maxItems: 1 }, [1]), []);
    const unique: Schema = { uniqueItems: true };
    const dup = walk(unique, [1, 2, 1]);
    assert.deepEqual(dup.lines, [`invalid .: Invalid value: "array": shouldn't contain duplicates`]);
    assert.equal(dup.blocking, false);
    assert.deepEqual(lines(unique, [1, 2]), []);
    assert.deepEqual(lines(unique, [{ a: [1] }, { a: [1] }]).length, 1);
    assert.deepEqual(lines(unique, [{ a: [1] }, { a: [2] }]), []);
  });

  test('minProperties and maxProperties, on objects only', () => {
    // (An object schema without properties would prune every field: these keep them.)
    const keep = { 'x-kubernetes-preserve-unknown-fields': true } as const;
    const min = walk({ ...keep, minProperties: 2 }, { a: 1 });
    assert.deepEqual(min.lines, ['invalid .: Invalid value: 1: should have at least 2 properties']);
    assert.equal(min.blocking, false);
    assert.deepEqual(lines({ ...keep, minProperties: 2 }, { a: 1, b: 2 }), []);
    const max = walk({ ...keep, maxProperties: 1 }, { a: 1, b: 2 });
    assert.deepEqual(max.lines, ['invalid .: Too many: 2: must have at most 1 properties']);
    assert.ok(max.blocking);
    assert.deepEqual(lines({ ...keep, maxProperties: 1 }, { a: 1 }), []);
    assert.deepEqual(lines({ ...keep, maxProperties: 1 }, [1, 2, 3]), [], 'an array has no properties');
  });

  test('formats: strings of a known format are checked, unknown formats ignored', () => {
    const date: Schema = { type: 'string', format: 'date' };
    assert.deepEqual(lines(date, '2024-02-29'), []);
    const bad = walk(date, '2024-02-30');
    assert.deepEqual(bad.lines, ['invalid .: Invalid value: "2024-02-30": must be of type date']);
    assert.ok(bad.blocking);
    assert.deepEqual(lines({ format: 'no-such-format' }, 'anything'), []);
    assert.deepEqual(lines({ format: 'date' }, 5), [], 'a format applies to strings only');
    // kube-openapi's numberValidator (1d94e88, Kubernetes 1.36): an integer is an int64 unless its format is int32, a
    // float a float32; the ends of each range on both sides, in kube-openapi's words.
    const int32 = 'Checked value must be of type integer with format int32';
    assert.deepEqual(lines({ type: 'integer', format: 'int32' }, 2 ** 31 - 1), []);
    assert.deepEqual(lines({ type: 'integer', format: 'int32' }, -(2 ** 31)), []);
    assert.deepEqual(lines({ type: 'integer', format: 'int32' }, 2 ** 31), [`invalid .: Invalid value: ${2 ** 31}: ${int32}`]);
    assert.deepEqual(lines({ type: 'integer', format: 'int32' }, -(2 ** 31) - 1), [`invalid .: Invalid value: ${-(2 ** 31) - 1}: ${int32}`]);
    assert.deepEqual(lines({ type: 'integer', format: 'int64' }, 2 ** 63 - 1024), []);
    assert.deepEqual(lines({ type: 'integer', format: 'int64' }, -(2 ** 63)), []);
    assert.deepEqual(lines({ type: 'integer', format: 'int64' }, 2 ** 63), [`invalid .: Invalid value: ${2 ** 63}: Checked value must be of type integer with format int64`]);
    // No format, or one kube-openapi does not pass on (uint32): int64, "(default format)".
    for (const format of [undefined, 'uint32'])
      assert.deepEqual(lines({ type: 'integer', ...(format === undefined ? {} : { format }) }, -(2 ** 64)), [
        `invalid .: Invalid value: ${-(2 ** 64)}: Checked value must be of type integer (default format)`,
      ]);
    assert.deepEqual(lines({ type: 'number', format: 'float' }, 3.4e38), []);
    assert.deepEqual(lines({ type: 'number', format: 'float' }, -3.5e38), [`invalid .: Invalid value: ${-3.5e38}: Checked value must be of type number with format float`]);
    // double, float32 (not passed on), a number without a format, an untyped value: no range.
    for (const schema of [{ type: 'number', format: 'double' }, { type: 'number', format: 'float32' }, { type: 'number' }, {}] as Schema[])
      assert.deepEqual(lines(schema, 1e300), [], JSON.stringify(schema));
    // A fraction under integer fails the type check alone.
    assert.deepEqual(lines({ type: 'integer', format: 'int32' }, 1.5), ['invalid .: Invalid value: "number": must be of type integer']);
    assert.deepEqual(lines({ type: 'integer', format: 'date' }, 5), []);
  });

  test('pattern: RE2, a pattern that is not RE2 is reported as not checked', () => {
    assert.deepEqual(lines({ pattern: '^a+$' }, 'aa'), []);
    assert.deepEqual(lines({ pattern: '^a+$' }, 'ab'), [`invalid .: Invalid value: "ab": should match '^a+$'`]);
    const lookahead = lines({ pattern: '(?=a)' }, 'a');
    assert.equal(lookahead.length, 1);
    assert.match(lookahead[0]!, /^not-checked \.: pattern '\(\?=a\)' not checked: it is not a valid RE2 expression \(.+\)$/);
  });
});

describe('schema node: list types', () => {
  const set: Schema = { type: 'array', 'x-kubernetes-list-type': 'set' };

  test('a set compares its items as JSON: arrays by items in order, objects by keys in any order', () => {
    assert.deepEqual(lines(set, [[1, 2], [1, 2], [1, 3], [1], [2, 1], []]), ['invalid [1]: Duplicate value: [1,2]']);
    assert.deepEqual(lines(set, [{ a: 1, b: 2 }, { b: 2, a: 1 }, { a: 1 }, { a: 1, b: 3 }, { a: 1, c: 2 }, { b: 2 }]), ['invalid [1]: Duplicate value: {"b":2,"a":1}']);
    // Values of different types are never equal, however they look.
    assert.deepEqual(lines(set, [[], {}, '', 0, false, null]), []);
    assert.deepEqual(lines(set, [{}, []]), []);
    assert.deepEqual(lines(set, ['a', 'a', 'a']), ['invalid [1]: Duplicate value: "a"', 'invalid [2]: Duplicate value: "a"']);
  });

  test('a map: one item per key, missing keys are part of the key', () => {
    const map: Schema = {
      type: 'array',
      'x-kubernetes-list-type': 'map',
      'x-kubernetes-list-map-keys': ['name', 'port'],
      items: { type: 'object', properties: { name: { type: 'string' }, port: { type: 'integer' }, v: { type: 'integer' } } },
    };
    assert.deepEqual(lines(map, [{ name: 'a', port: 1, v: 1 }, { name: 'a', port: 1, v: 2 }, { name: 'a', port: 2 }, { name: 'a' }, { name: 'a' }]), [
      'invalid [1]: Duplicate value: {"name":"a","port":1}',
      'invalid [4]: Duplicate value: {"name":"a"}',
    ]);
    // Items that are not objects have no key (their type error is reported by the items schema, if any).
    assert.deepEqual(lines({ type: 'array', 'x-kubernetes-list-type': 'map', 'x-kubernetes-list-map-keys': ['name'] }, [1, 1, 'a', 'a']), []);
    // Map keys mean nothing without list-type map.
    assert.deepEqual(lines({ type: 'array', 'x-kubernetes-list-type': 'atomic', 'x-kubernetes-list-map-keys': ['name'] }, [{ name: 'a' }, { name: 'a' }]), []);
  });
});

describe('schema node: pruning, nulls and defaults', () => {
  const ab: Schema = { type: 'object', properties: { a: { type: 'string' }, b: { type: 'string' } } };

  test('unknown fields are reported and dropped; a null the schema does not allow is dropped; what is unchanged is shared', () => {
    assert.deepEqual(walk(ab, { a: 'x', zz: 1 }), { out: { a: 'x' }, lines: ['invalid zz: unknown field "zz"'], blocking: false });
    assert.deepEqual(walk(ab, { a: null, b: 'x' }), { out: { b: 'x' }, lines: [], blocking: false });
    assert.deepEqual(walk(ab, { b: 'x', a: null }).out, { b: 'x' });
    const same = { a: 'x', b: 'y' };
    assert.equal(walk(ab, same).out, same);
    const list = ['a', 'b'];
    assert.equal(walk({ type: 'array', items: { type: 'string' } }, list).out, list);
  });

  test('additionalProperties is walked under x-kubernetes-preserve-unknown-fields too', () => {
    const s: Schema = { type: 'object', 'x-kubernetes-preserve-unknown-fields': true, additionalProperties: { type: 'string' } };
    assert.deepEqual(lines(s, { a: 1 }), ['invalid a: Invalid value: "integer": must be of type string']);
    assert.deepEqual(lines({ type: 'object', 'x-kubernetes-preserve-unknown-fields': true }, { a: 1 }), []);
  });

  test('a default fills a missing field and replaces a null one', () => {
    const s: Schema = { type: 'object', properties: { a: { type: 'string', default: 'x' } } };
    assert.deepEqual(walk(s, {}), { out: { a: 'x' }, lines: [], blocking: false });
    assert.deepEqual(walk(s, { a: null }).out, { a: 'x' });
    assert.deepEqual(walk(s, { a: 'y' }).out, { a: 'y' });
    // Inside a default too: a null there with a default of its own is defaulted (structural defaulting recurses).
    const nested: Schema = { type: 'object', properties: { x: { type: 'object', default: { a: null }, properties: { a: { type: 'string', default: 'd' } } } } };
    assert.deepEqual(walk(nested, {}), { out: { x: { a: 'd' } }, lines: [], blocking: false });
  });

  test('array items: a null item is defaulted unless nullable', () => {
    const items: Schema = { type: 'array', items: { type: 'string', default: 'x' } };
    assert.deepEqual(walk(items, [null, 'a']), { out: ['x', 'a'], lines: [], blocking: false });
    assert.deepEqual(walk(items, ['a', null]).out, ['a', 'x']);
    assert.deepEqual(walk(items, ['a', 'b']).out, ['a', 'b']);
    assert.deepEqual(walk({ type: 'array', items: { type: 'string', nullable: true, default: 'x' } }, [null]).out, [null]);
  });

  test("a default's findings are reported where it is applied, each time", () => {
    const node = compile({ type: 'object', properties: { a: { type: 'string', maxLength: 1, default: 'long' } } });
    for (let i = 0; i < 2; i++) {
      const w = walk({}, {}, { node });
      assert.deepEqual(w.lines, ['invalid a: Too long: may not be more than 1 characters']);
      assert.ok(w.blocking);
    }
    const deep = compile({ type: 'object', properties: { x: { type: 'object', default: {}, properties: { a: { type: 'string', maxLength: 1, default: 'long' } } } } });
    assert.deepEqual(walk({}, {}, { node: deep }).lines, ['invalid x.a: Too long: may not be more than 1 characters']);
  });

  test('a default is processed once and shared by the objects that get it', () => {
    // (A default the processing changes: nested defaults make a new object, which is made once.)
    const node = compile({ type: 'object', properties: { a: { type: 'object', default: {}, properties: { k: { type: 'integer', default: 1 } } } } });
    const one = walk({}, {}, { node }).out as { a: unknown };
    const two = walk({}, {}, { node }).out as { a: unknown };
    assert.deepEqual(one.a, { k: 1 });
    assert.equal(one.a, two.a);
    // Also in a partial object, below spec.
    const partial = compile({
      type: 'object',
      properties: { spec: { type: 'object', properties: { a: { type: 'object', default: {}, properties: { k: { type: 'integer', default: 1 } } } } } },
    });
    const p1 = walk({}, { spec: {} }, { node: partial, partial: true }).out as { spec: { a: unknown } };
    const p2 = walk({}, { spec: {} }, { node: partial, partial: true }).out as { spec: { a: unknown } };
    assert.equal(p1.spec.a, p2.spec.a);
  });

  test('a default is not pruned, and its nulls are kept: the API server prunes and drops nulls before it defaults', () => {
    const s: Schema = { type: 'object', properties: { x: { type: 'object', default: { a: 'v', zz: 1, n: null }, properties: { a: { type: 'string' }, n: { type: 'string' } } } } };
    assert.deepEqual(walk(s, {}), { out: { x: { a: 'v', zz: 1, n: null } }, lines: [], blocking: false });
  });

  test("a default's own required lists are checked, whatever its fields are named", () => {
    const s: Schema = {
      type: 'object',
      properties: { x: { type: 'object', default: { spec: {} }, properties: { spec: { type: 'object', required: ['a'], properties: { a: { type: 'string' } } } } } },
    };
    assert.deepEqual(lines(s, {}), ['invalid x.spec.a: Required value']);
    assert.deepEqual(lines(s, {}, { partial: true }), ['invalid x.spec.a: Required value']);
  });

  test("a partial object waives spec's required list, also in spec's default, which is not pruned either", () => {
    const s: Schema = { type: 'object', properties: { spec: { type: 'object', default: { zz: 1 }, required: ['a'], properties: { a: { type: 'string' } } } } };
    assert.deepEqual(walk(s, {}, { partial: true }), { out: { spec: { zz: 1 } }, lines: [], blocking: false });
    assert.deepEqual(lines(s, {}), ['invalid spec.a: Required value']);
    assert.deepEqual(lines(s, { spec: {} }, { partial: true }), []);
    // Only spec's own list.
    const status: Schema = { type: 'object', properties: { status: { type: 'object', required: ['a'] } } };
    assert.deepEqual(lines(status, { status: {} }, { partial: true }), ['invalid status.a: Required value']);
    const deep: Schema = { type: 'object', properties: { spec: { type: 'object', properties: { b: { type: 'object', required: ['a'] } } } } };
    assert.deepEqual(lines(deep, { spec: { b: {} } }, { partial: true }), ['invalid spec.b.a: Required value']);
  });

  test('required applies to objects only', () => {
    assert.deepEqual(lines({ required: ['a'] }, 'x'), []);
    assert.deepEqual(lines({ required: ['a'] }, ['a']), []);
    const w = walk({ required: ['a'] }, {});
    assert.deepEqual(w.lines, ['invalid a: Required value']);
    assert.ok(w.blocking);
  });

  test('the property named not to default (status under the status subresource) is not defaulted', () => {
    const s: Schema = { type: 'object', properties: { status: { type: 'object', default: {} }, spec: { type: 'object', default: {} } } };
    assert.deepEqual(walk(s, {}, { omit: 'status' }).out, { spec: {} });
    assert.deepEqual(walk(s, {}).out, { status: {}, spec: {} });
  });
});

describe('schema node: resources and embedded resources', () => {
  const resource = (metadata?: Schema): Schema => ({ type: 'object', properties: { spec: { type: 'object' }, ...(metadata === undefined ? {} : { metadata }) } });

  test('a resource root keeps apiVersion and kind, and needs a name', () => {
    assert.deepEqual(walk(resource(), { apiVersion: 'g/v1', kind: 'K', metadata: { name: 'n' }, spec: {} }, { root: true }), {
      out: { apiVersion: 'g/v1', kind: 'K', metadata: { name: 'n' }, spec: {} },
      lines: [],
      blocking: false,
    });
    const nameless = walk(resource(), { apiVersion: 'g/v1', kind: 'K' }, { root: true });
    assert.deepEqual(nameless.lines, ['invalid metadata.name: Required value: name or generateName is required']);
    assert.ok(nameless.blocking);
    assert.deepEqual(lines(resource(), { apiVersion: 'g/v1', kind: 'K', metadata: 'x' }, { root: true }), [
      'invalid metadata: Invalid value: "string": must be of type object',
      'invalid metadata.name: Required value: name or generateName is required',
    ]);
  });

  test("the CRD's rules for metadata.name and metadata.generateName apply", () => {
    const s = resource({ type: 'object', properties: { name: { type: 'string', maxLength: 5 }, generateName: { type: 'string', pattern: '^g' } } });
    assert.deepEqual(lines(s, { metadata: { name: 'toolong' } }, { root: true }), ['invalid metadata.name: Too long: may not be more than 5 characters']);
    assert.deepEqual(lines(s, { metadata: { generateName: 'x-' } }, { root: true }), [`invalid metadata.generateName: Invalid value: "x-": should match '^g'`]);
    assert.deepEqual(lines(s, { metadata: { name: 'ok' } }, { root: true }), []);
    assert.deepEqual(lines(s, { metadata: { name: 'gname', generateName: 'g-' } }, { root: true }), []);
  });

  const embedded: Schema = {
    type: 'object',
    properties: { e: { type: 'object', 'x-kubernetes-embedded-resource': true, properties: { spec: { type: 'object' } } } },
  };

  test('an embedded resource keeps apiVersion, kind and metadata, and prunes the rest', () => {
    const e = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'n' }, spec: {} };
    assert.deepEqual(walk(embedded, { e: { ...e, zz: 1 } }), { out: { e }, lines: ['invalid e.zz: unknown field "e.zz"'], blocking: false });
  });

  test('an embedded resource needs apiVersion and kind (validateEmbeddedResource)', () => {
    const missing = walk(embedded, { e: {} });
    assert.deepEqual(missing.lines, ['invalid e.apiVersion: Required value', 'invalid e.kind: Required value']);
    assert.ok(missing.blocking);
    const empty = walk(embedded, { e: { apiVersion: '', kind: '' } });
    assert.deepEqual(empty.lines, ['invalid e.apiVersion: Invalid value: "": must not be empty', 'invalid e.kind: Invalid value: "": must not be empty']);
    assert.equal(empty.blocking, false);
    const typed = walk(embedded, { e: { apiVersion: 5, kind: true } });
    assert.deepEqual(typed.lines, ['invalid e.apiVersion: Invalid value: 5: must be a string', 'invalid e.kind: Invalid value: true: must be a string']);
    assert.equal(typed.blocking, false);
  });

  test("an embedded resource's apiVersion is a group version and its kind a DNS-1035 label in any case", () => {
    const dns1035 =
      "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')";
    const of = (apiVersion: string, kind: string): string[] => lines(embedded, { e: { apiVersion, kind } });
    assert.deepEqual(of('apps/v1', 'MyKind'), []);
    assert.deepEqual(of('v1', 'my-kind2'), []);
    assert.deepEqual(of('/', 'K'), [], 'ParseGroupVersion takes "/" as the empty group version');
    assert.deepEqual(of('a/b/c', 'K'), ['invalid e.apiVersion: Invalid value: "a/b/c": unexpected GroupVersion string: a/b/c']);
    for (const kind of ['My_Kind', '1abc', 'abc-', 'abc_', '-abc']) {
      assert.deepEqual(of('v1', kind), [`invalid e.kind: Invalid value: ${JSON.stringify(kind)}: may have mixed case, but should otherwise match: ${dns1035}`], kind);
    }
    const long = `K${'a'.repeat(63)}`;
    assert.deepEqual(of('v1', long), [`invalid e.kind: Invalid value: "${long}": may have mixed case, but should otherwise match: must be no more than 63 characters`]);
    assert.deepEqual(of('v1', `K${'a'.repeat(62)}`), []);
    assert.deepEqual(of('v1', `${'a'.repeat(64)}_`), [
      `invalid e.kind: Invalid value: "${'a'.repeat(64)}_": may have mixed case, but should otherwise match: must be no more than 63 characters,${dns1035}`,
    ]);
  });

  test('an embedded resource under x-kubernetes-preserve-unknown-fields is still checked', () => {
    const s: Schema = { type: 'object', properties: { e: { type: 'object', 'x-kubernetes-embedded-resource': true, 'x-kubernetes-preserve-unknown-fields': true } } };
    assert.deepEqual(lines(s, { e: { apiVersion: 'v1', kind: 'K', anything: 1 } }), []);
    assert.deepEqual(lines(s, { e: { anything: 1 } }), ['invalid e.apiVersion: Required value', 'invalid e.kind: Required value']);
  });
});

describe('schema node: allOf, anyOf, oneOf, not', () => {
  test('allOf: every schema', () => {
    const s: Schema = { allOf: [{ type: 'string' }, { maxLength: 2 }] };
    assert.deepEqual(lines(s, 'ab'), []);
    assert.deepEqual(lines(s, 'abc'), ['invalid .: Too long: may not be more than 2 characters']);
    assert.deepEqual(lines(s, 5), ['invalid .: Invalid value: "integer": must be of type string']);
  });

  test('anyOf: one schema is enough; else the alternative with the fewest findings is shown', () => {
    const s: Schema = { anyOf: [{ minLength: 5 }, { maxLength: 1 }] };
    assert.deepEqual(lines(s, 'a'), []);
    const w = walk(s, 'abc');
    assert.deepEqual(w.lines, ['invalid .: must validate at least one schema (anyOf)', 'invalid .: Invalid value: "abc": should be at least 5 chars long']);
    assert.equal(w.blocking, false, 'neither the anyOf error nor the alternative shown blocks CEL');
    const blocking = walk({ anyOf: [{ maxLength: 1 }, { type: 'integer', minimum: 10 }] }, 'abc');
    assert.deepEqual(blocking.lines, ['invalid .: must validate at least one schema (anyOf)', 'invalid .: Too long: may not be more than 1 characters']);
    assert.ok(blocking.blocking);
  });

  test('oneOf: exactly one schema', () => {
    const s: Schema = { oneOf: [{ type: 'string' }, { minLength: 1 }] };
    assert.deepEqual(lines(s, ''), []);
    assert.deepEqual(lines(s, 'a'), ['invalid .: must validate one and only one schema (oneOf). Found 2 valid alternatives']);
    assert.deepEqual(lines({ oneOf: [{ type: 'integer' }, { type: 'boolean' }] }, 'a'), [
      'invalid .: must validate one and only one schema (oneOf). Found none valid',
      'invalid .: Invalid value: "string": must be of type integer',
    ]);
  });

  test('not: the schema must fail', () => {
    assert.deepEqual(lines({ not: { type: 'string' } }, 'a'), ['invalid .: must not validate the schema (not)']);
    assert.deepEqual(lines({ not: { type: 'string' } }, 1), []);
  });

  test('value validations stop at a wrong type and walk fields and items', () => {
    assert.deepEqual(validated({ type: 'string', minimum: 5 }, 3), ['invalid .: Invalid value: "integer": must be of type string']);
    assert.deepEqual(validated({ type: 'array', items: { type: 'string' } }, [1, 'a', 2]), [
      'invalid [0]: Invalid value: "integer": must be of type string',
      'invalid [2]: Invalid value: "integer": must be of type string',
    ]);
    assert.deepEqual(validated({ type: 'array' }, [1]), []);
    assert.deepEqual(validated({ items: { type: 'integer' } }, 'ab'), [], 'a string has no items');
    assert.deepEqual(validated({ type: 'object', properties: { a: { type: 'string' } }, additionalProperties: { type: 'integer' } }, { a: 1, b: 'x', c: 2 }), [
      'invalid a: Invalid value: "integer": must be of type string',
      'invalid b: Invalid value: "string": must be of type integer',
    ]);
    // Through allOf, from the structural pass.
    assert.deepEqual(lines({ allOf: [{ type: 'array', items: { type: 'string' } }] }, [1]), ['invalid [0]: Invalid value: "integer": must be of type string']);
  });
});

describe('schema node: compiled children', () => {
  test('a property, additionalProperties and items are compiled once', () => {
    const node = compile({ type: 'object', properties: { a: { type: 'string' } }, additionalProperties: { type: 'integer' } });
    assert.ok(node.property('a') !== undefined);
    assert.equal(node.property('a'), node.property('a'));
    assert.equal(node.property('b'), undefined);
    assert.equal(node.property('constructor'), undefined, 'only own properties');
    assert.ok(node.additional() !== undefined);
    assert.equal(node.additional(), node.additional());
    assert.equal(node.field('b'), node.additional());
    assert.equal(node.field('a'), node.property('a'));
    const list = compile({ type: 'array', items: { type: 'string' } });
    assert.ok(list.items() !== undefined);
    assert.equal(list.items(), list.items());
    assert.equal(compile({ type: 'array' }).items(), undefined);
    assert.equal(compile({ type: 'object', additionalProperties: true }).additional(), undefined);
  });
});
