// ObjectMeta as gwtopo checks it (generator/conform/schema/meta.ts), in process, so that mutation testing reaches
// every branch: the JSON types the API server's strict decoding of ObjectMeta accepts (OBJECT_META), and what
// apimachinery's ValidateObjectMetaAccessor checks beyond them on a create — a resource's name and generateName
// as DNS-1123 subdomains (NameIsDNSSubdomain, with maskTrailingDash for a generateName), an embedded resource's
// as path segments (path.ValidatePathSegmentName), the namespace as a DNS-1123 label, label and annotation keys
// as qualified names (annotation keys case-insensitively), label values, the 256 KiB total of annotations
// (TotalAnnotationSizeLimitB, in bytes) and finalizers as qualified names — with the boundaries (63, 253 and
// 262,144) on both sides, and which findings keep the CEL rules from running (Required and TooLong do, Invalid
// does not: apiextensions' hasBlockingErr). The messages are gwtopo's shortened forms of apimachinery's (the
// corpus case test/fixtures/conform/cases/gateway/metadata.yaml pins the same texts); the TooLong and Required
// texts are the API server's word for word.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Ctx } from '../generator/conform/schema/ctx.js';
import { checkObjectMeta } from '../generator/conform/schema/meta.js';
import { Node } from '../generator/conform/schema/node.js';
import { formatFinding } from './conform-helpers.js';

const SUBDOMAIN_RULE = "must be a lowercase RFC 1123 subdomain: lowercase letters, digits, '-' and '.', starting and ending with a letter or digit";
const LABEL_RULE = "must be a lowercase RFC 1123 label: lowercase letters, digits and '-', starting and ending with a letter or digit";
const NAME_PART_RULE = "the name part must be letters, digits, '-', '_' or '.', starting and ending with a letter or digit";
const VALUE_RULE = "must be empty or letters, digits, '-', '_' or '.', starting and ending with a letter or digit";
const QUALIFIED_SHAPE = "a qualified name must be a name with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')";
const TOO_LONG = 'Too long: may not be more than 262144 bytes';

interface Checked {
  findings: string[];
  blocking: boolean;
}

/** checkObjectMeta on metadata alone (root: a resource's own metadata; else an embedded resource's). */
function check(meta: Record<string, unknown>, root = true): Checked {
  const ctx = new Ctx(false);
  ctx.path.push('metadata');
  checkObjectMeta(meta, ctx, root);
  assert.deepEqual(ctx.path, ['metadata'], 'the path is restored after each finding');
  return { findings: ctx.findings.map(formatFinding), blocking: ctx.blocking };
}

/** The findings of a name (or generateName, with `field`) of a resource. */
function nameFindings(value: string, field: 'name' | 'generateName' = 'name', root = true): string[] {
  const meta: Record<string, unknown> = field === 'name' ? { [field]: value } : { name: 'n', [field]: value };
  return check(meta, root).findings;
}

const RESOURCE = new Node({ type: 'object', properties: { spec: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } } }, { structural: true, resourceRoot: true });

/** A resource with this metadata through the schema walk (ObjectMeta's types, then checkObjectMeta). */
function walk(metadata: Record<string, unknown>): Checked & { metadata: Record<string, unknown> } {
  const ctx = new Ctx(false);
  const out = RESOURCE.process({ apiVersion: 'example.com/v1', kind: 'Thing', metadata: { name: 'n', ...metadata } }, ctx) as Record<string, unknown>;
  return { findings: ctx.findings.map(formatFinding).sort(), blocking: ctx.blocking, metadata: out.metadata as Record<string, unknown> };
}

describe('ObjectMeta names', () => {
  test('a resource needs a name or a generateName (Required, which keeps the rules from running)', () => {
    assert.deepEqual(check({}), { findings: ['invalid metadata.name: Required value: name or generateName is required'], blocking: true });
    assert.deepEqual(check({ name: '', generateName: '' }).findings, ['invalid metadata.name: Required value: name or generateName is required']);
    assert.deepEqual(check({ name: 'a' }), { findings: [], blocking: false });
    assert.deepEqual(check({ generateName: 'a-' }), { findings: [], blocking: false });
    // Not a string: decoding reports the type; here it counts as absent.
    assert.deepEqual(check({ name: 1 }).findings, ['invalid metadata.name: Required value: name or generateName is required']);
    // An embedded resource's name is optional (the API server puts "fakename" in its place).
    assert.deepEqual(check({}, false), { findings: [], blocking: false });
  });

  test("a resource's name is a DNS-1123 subdomain of at most 253 characters (Invalid: not blocking)", () => {
    for (const ok of ['a', '0', 'a.b', 'a-b.c-d', 'a.b.c', `${'a'.repeat(63)}.${'b'.repeat(63)}`, 'a'.repeat(253)]) assert.deepEqual(nameFindings(ok), [], ok);
    assert.deepEqual(check({ name: 'a_b' }), { findings: [`invalid metadata.name: Invalid value: "a_b": ${SUBDOMAIN_RULE}`], blocking: false });
    for (const bad of ['ab_', 'A', 'a.', '.a', '-a', 'a-', 'a..b', 'ab-', 'a.-b'])
      assert.deepEqual(nameFindings(bad), [`invalid metadata.name: Invalid value: ${JSON.stringify(bad)}: ${SUBDOMAIN_RULE}`], bad);
    const long = 'a'.repeat(254);
    assert.deepEqual(nameFindings(long), [`invalid metadata.name: Invalid value: "${long}": must be no more than 253 characters`]);
    const both = `${'A'.repeat(254)}`;
    assert.deepEqual(nameFindings(both), [
      `invalid metadata.name: Invalid value: "${both}": must be no more than 253 characters`,
      `invalid metadata.name: Invalid value: "${both}": ${SUBDOMAIN_RULE}`,
    ]);
  });

  test("a generateName is a prefix: a trailing '-' is masked as maskTrailingDash does (the two characters before the end become 'a')", () => {
    // name[:len-2] + "a": the character before the dash is dropped too.
    for (const ok of ['a-', 'ab-', 'a.b-', 'a_-', 'a.-', 'A-', 'ab', 'a']) assert.deepEqual(nameFindings(ok, 'generateName'), [], ok);
    assert.deepEqual(check({ generateName: 'a_-' }), { findings: [], blocking: false });
    // A lone '-' is not masked (len > 1), nor is a dash elsewhere.
    for (const bad of ['-', 'ab_c-', '-ab', 'a_b', 'ab-.x-', 'aBc-'])
      assert.deepEqual(nameFindings(bad, 'generateName'), [`invalid metadata.generateName: Invalid value: ${JSON.stringify(bad)}: ${SUBDOMAIN_RULE}`], bad);
    assert.deepEqual(check({ generateName: 'a_b' }), { findings: [`invalid metadata.generateName: Invalid value: "a_b": ${SUBDOMAIN_RULE}`], blocking: false });
    // A name is never masked.
    for (const bad of ['ab-', 'a_-']) assert.deepEqual(nameFindings(bad), [`invalid metadata.name: Invalid value: ${JSON.stringify(bad)}: ${SUBDOMAIN_RULE}`], bad);
    // Both are checked, each at its own path.
    assert.deepEqual(check({ name: 'B', generateName: 'C' }).findings, [
      `invalid metadata.name: Invalid value: "B": ${SUBDOMAIN_RULE}`,
      `invalid metadata.generateName: Invalid value: "C": ${SUBDOMAIN_RULE}`,
    ]);
    assert.deepEqual(check({ generateName: 1, name: 'a' }).findings, []);
  });

  test("an embedded resource's name and generateName are path segments (path.ValidatePathSegmentName)", () => {
    for (const ok of ['A_b', 'a b', '...', '.a', 'a.', 'Ünïcode']) assert.deepEqual(nameFindings(ok, 'name', false), [], ok);
    assert.deepEqual(check({ name: '.' }, false), { findings: ['invalid metadata.name: Invalid value: ".": may not be \'.\''], blocking: false });
    assert.deepEqual(nameFindings('..', 'name', false), ['invalid metadata.name: Invalid value: "..": may not be \'..\'']);
    assert.deepEqual(nameFindings('a/b', 'name', false), ['invalid metadata.name: Invalid value: "a/b": may not contain \'/\'']);
    assert.deepEqual(nameFindings('a%b', 'name', false), ['invalid metadata.name: Invalid value: "a%b": may not contain \'%\'']);
    // Every forbidden substring is reported, as IsValidPathSegmentName collects them.
    assert.deepEqual(nameFindings('a/%', 'name', false), ['invalid metadata.name: Invalid value: "a/%": may not contain \'/\'', 'invalid metadata.name: Invalid value: "a/%": may not contain \'%\'']);
    // A prefix may be '.' or '..' (a suffix follows), but not contain '/' or '%'; it is not masked.
    for (const ok of ['.', '..', 'a-', '-']) assert.deepEqual(nameFindings(ok, 'generateName', false), [], ok);
    assert.deepEqual(check({ generateName: '%/' }, false), {
      findings: ['invalid metadata.generateName: Invalid value: "%/": may not contain \'/\'', 'invalid metadata.generateName: Invalid value: "%/": may not contain \'%\''],
      blocking: false,
    });
  });

  test('a namespace, when given, is a DNS-1123 label of at most 63 characters', () => {
    for (const ok of ['a', '0', 'a-b', 'a'.repeat(63)]) assert.deepEqual(check({ name: 'n', namespace: ok }).findings, [], ok);
    // An empty namespace is not checked (an embedded resource's requiresNamespace is len(namespace) > 0).
    assert.deepEqual(check({ name: 'n', namespace: '' }).findings, []);
    assert.deepEqual(check({ namespace: '' }, false).findings, []);
    assert.deepEqual(check({ name: 'n', namespace: 1 }).findings, []);
    assert.deepEqual(check({ name: 'n', namespace: 'a.b' }), { findings: [`invalid metadata.namespace: Invalid value: "a.b": ${LABEL_RULE}`], blocking: false });
    for (const bad of ['A', '-a', 'a-', 'a_b']) assert.deepEqual(check({ namespace: bad }, false).findings, [`invalid metadata.namespace: Invalid value: ${JSON.stringify(bad)}: ${LABEL_RULE}`], bad);
    const long = 'a'.repeat(64);
    assert.deepEqual(check({ name: 'n', namespace: long }).findings, [`invalid metadata.namespace: Invalid value: "${long}": must be no more than 63 characters`]);
  });
});

describe('ObjectMeta labels, annotations and finalizers', () => {
  const label = (key: string, value = 'v'): Checked => check({ name: 'n', labels: { [key]: value } });

  test('a label key is a qualified name: an optional DNS subdomain prefix and a name part of at most 63 characters', () => {
    for (const ok of ['a', 'A', 'a_b.C-d', 'example.com/Name', 'a/b', `${'a'.repeat(253)}/b`, 'a'.repeat(63), `x.io/${'a'.repeat(63)}`]) assert.deepEqual(label(ok).findings, [], ok);
    assert.deepEqual(label('a b'), { findings: [`invalid metadata.labels["a b"]: Invalid value: "a b": ${NAME_PART_RULE}`], blocking: false });
    assert.deepEqual(label('/a').findings, ['invalid metadata.labels["/a"]: Invalid value: "/a": the prefix part must not be empty']);
    assert.deepEqual(label('a/').findings, ['invalid metadata.labels["a/"]: Invalid value: "a/": the name part must not be empty']);
    assert.deepEqual(label('/').findings, [
      'invalid metadata.labels["/"]: Invalid value: "/": the prefix part must not be empty',
      'invalid metadata.labels["/"]: Invalid value: "/": the name part must not be empty',
    ]);
    assert.deepEqual(label('Example.com/a').findings, [`invalid metadata.labels["Example.com/a"]: Invalid value: "Example.com/a": the prefix part ${SUBDOMAIN_RULE}`]);
    const longPrefix = `${'a'.repeat(254)}/b`;
    assert.deepEqual(label(longPrefix).findings, [`invalid metadata.labels["${longPrefix}"]: Invalid value: "${longPrefix}": the prefix part must be no more than 253 characters`]);
    const longName = `x.io/${'a'.repeat(64)}`;
    assert.deepEqual(label(longName).findings, [`invalid metadata.labels["${longName}"]: Invalid value: "${longName}": the name part must be no more than 63 characters`]);
    const longBad = `-${'a'.repeat(63)}`;
    assert.deepEqual(label(longBad).findings, [
      `invalid metadata.labels["${longBad}"]: Invalid value: "${longBad}": the name part must be no more than 63 characters`,
      `invalid metadata.labels["${longBad}"]: Invalid value: "${longBad}": ${NAME_PART_RULE}`,
    ]);
    // More than one '/': one message, whatever the parts.
    for (const bad of ['a/b/c', 'a//b', '//', 'A_/b/-'])
      assert.deepEqual(label(bad).findings, [`invalid metadata.labels[${JSON.stringify(bad)}]: Invalid value: ${JSON.stringify(bad)}: ${QUALIFIED_SHAPE}`], bad);
  });

  test('a label value is empty or a name of at most 63 characters; a value that is not a string only has its type error', () => {
    for (const ok of ['', 'a', 'A.b_c-D', 'a'.repeat(63)]) assert.deepEqual(label('k', ok).findings, [], JSON.stringify(ok));
    assert.deepEqual(label('k', 'a b'), { findings: [`invalid metadata.labels.k: Invalid value: "a b": ${VALUE_RULE}`], blocking: false });
    for (const bad of ['-a', 'a.', '_']) assert.deepEqual(label('k', bad).findings, [`invalid metadata.labels.k: Invalid value: ${JSON.stringify(bad)}: ${VALUE_RULE}`], bad);
    const long = 'a'.repeat(64);
    assert.deepEqual(label('k', long).findings, [`invalid metadata.labels.k: Invalid value: "${long}": must be no more than 63 characters`]);
    // Key and value both wrong: both reported, the key's first.
    assert.deepEqual(label('a b', '-').findings, [`invalid metadata.labels["a b"]: Invalid value: "a b": ${NAME_PART_RULE}`, `invalid metadata.labels["a b"]: Invalid value: "-": ${VALUE_RULE}`]);
    assert.deepEqual(walk({ labels: { k: -1, j: { a: 1 } } }).findings, [
      'invalid metadata.labels.j: Invalid value: "object": must be of type string',
      'invalid metadata.labels.k: Invalid value: "integer": must be of type string',
    ]);
    // labels that are not a mapping: only the type error (not its characters as entries).
    assert.deepEqual(walk({ labels: 'x y' }).findings, ['invalid metadata.labels: Invalid value: "string": must be of type object']);
    assert.deepEqual(walk({ labels: ['x y'] }).findings, ['invalid metadata.labels: Invalid value: "array": must be of type object']);
    assert.deepEqual(walk({ annotations: '-' }).findings, ['invalid metadata.annotations: Invalid value: "string": must be of type object']);
  });

  test('an annotation key is a qualified name, case apart; annotation values are free', () => {
    const annotation = (key: string, value = ' any value! '): Checked => check({ name: 'n', annotations: { [key]: value } });
    for (const ok of ['a', 'Example.COM/Some_Key', 'kubectl.kubernetes.io/last-applied-configuration']) assert.deepEqual(annotation(ok).findings, [], ok);
    assert.deepEqual(annotation('Bad Key!'), { findings: [`invalid metadata.annotations["Bad Key!"]: Invalid value: "Bad Key!": ${NAME_PART_RULE}`], blocking: false });
    assert.deepEqual(annotation('A_.com/b').findings, [`invalid metadata.annotations["A_.com/b"]: Invalid value: "A_.com/b": the prefix part ${SUBDOMAIN_RULE}`]);
  });

  test('annotations may total at most 256 KiB of keys and values, counted in bytes (TooLong keeps the rules from running)', () => {
    const limit = 256 * 1024;
    assert.deepEqual(check({ name: 'n', annotations: { a: 'x'.repeat(limit - 1) } }), { findings: [], blocking: false });
    assert.deepEqual(check({ name: 'n', annotations: { a: 'x'.repeat(limit) } }), { findings: [`invalid metadata.annotations: ${TOO_LONG}`], blocking: true });
    // Keys count too.
    assert.deepEqual(check({ name: 'n', annotations: { a: 'x'.repeat(limit - 2), b: '' } }).findings, []);
    assert.deepEqual(check({ name: 'n', annotations: { a: 'x'.repeat(limit - 1), b: '' } }).findings, [`invalid metadata.annotations: ${TOO_LONG}`]);
    // Bytes of UTF-8, not characters: 131,072 'é' are 262,144 bytes.
    assert.deepEqual(check({ name: 'n', annotations: { a: 'é'.repeat(limit / 2) } }).findings, [`invalid metadata.annotations: ${TOO_LONG}`]);
    assert.deepEqual(check({ name: 'n', annotations: { a: 'é'.repeat(limit / 2 - 1) } }).findings, []);
    // A value that is not a string (a type error already) does not count, nor break the sum.
    assert.deepEqual(check({ name: 'n', annotations: { a: 1, b: 'x'.repeat(limit - 2) } }).findings, []);
    assert.deepEqual(walk({ annotations: { a: 7, b: 'x'.repeat(limit) } }).findings, [
      'invalid metadata.annotations.a: Invalid value: "integer": must be of type string',
      `invalid metadata.annotations: ${TOO_LONG}`,
    ]);
  });

  test('a finalizer is a qualified name, reported at its index', () => {
    assert.deepEqual(check({ name: 'n', finalizers: ['kubernetes', 'example.com/finalizer', 'foregroundDeletion'] }), { findings: [], blocking: false });
    assert.deepEqual(check({ name: 'n', finalizers: ['ok', 'a b', 'a/b/c'] }), {
      findings: [`invalid metadata.finalizers[1]: Invalid value: "a b": ${NAME_PART_RULE}`, `invalid metadata.finalizers[2]: Invalid value: "a/b/c": ${QUALIFIED_SHAPE}`],
      blocking: false,
    });
    // Not a string (a type error already): skipped.
    assert.deepEqual(check({ name: 'n', finalizers: [1, null, 'a b'] }).findings, [`invalid metadata.finalizers[2]: Invalid value: "a b": ${NAME_PART_RULE}`]);
    assert.deepEqual(walk({ finalizers: [1] }).findings, ['invalid metadata.finalizers[0]: Invalid value: "integer": must be of type string']);
    assert.deepEqual(walk({ finalizers: 'a b' }).findings, ['invalid metadata.finalizers: Invalid value: "string": must be of type array']);
  });

  test('every finding of one metadata, in order, each at its own path', () => {
    assert.deepEqual(check({ name: 'A', namespace: 'B', labels: { 'c d': 'e' }, annotations: { 'f g': 'h' }, finalizers: ['i j'] }).findings, [
      `invalid metadata.name: Invalid value: "A": ${SUBDOMAIN_RULE}`,
      `invalid metadata.namespace: Invalid value: "B": ${LABEL_RULE}`,
      `invalid metadata.labels["c d"]: Invalid value: "c d": ${NAME_PART_RULE}`,
      `invalid metadata.annotations["f g"]: Invalid value: "f g": ${NAME_PART_RULE}`,
      `invalid metadata.finalizers[0]: Invalid value: "i j": ${NAME_PART_RULE}`,
    ]);
  });
});

describe("ObjectMeta's fields and types (strict decoding)", () => {
  test('a full, valid metadata has no findings and is kept as it is', () => {
    const metadata = {
      name: 'n',
      generateName: 'n-',
      namespace: 'ns',
      uid: 'u',
      resourceVersion: '1',
      selfLink: '/x',
      generation: 3,
      creationTimestamp: '2024-01-01T00:00:00Z',
      deletionTimestamp: '2024-01-02T00:00:00Z',
      deletionGracePeriodSeconds: 30,
      labels: { a: 'b' },
      annotations: { c: 'd' },
      finalizers: ['example.com/f'],
      managedFields: [{ manager: 'kubectl', operation: 'Apply', apiVersion: 'v1', fieldsType: 'FieldsV1', fieldsV1: { 'f:metadata': {} } }],
      ownerReferences: [{ apiVersion: 'v1', kind: 'ConfigMap', name: 'c', uid: 'u', controller: true, blockOwnerDeletion: false }],
    };
    const r = walk(metadata);
    assert.deepEqual(r.findings, []);
    assert.deepEqual(r.metadata, metadata);
  });

  test('creationTimestamp and deletionTimestamp are strings or null (ObjectMeta serializes an unset one as null)', () => {
    const r = walk({ creationTimestamp: null, deletionTimestamp: null });
    assert.deepEqual(r.findings, []);
    assert.deepEqual(r.metadata, { name: 'n', creationTimestamp: null, deletionTimestamp: null });
    assert.deepEqual(walk({ creationTimestamp: 5, deletionTimestamp: true }).findings, [
      'invalid metadata.creationTimestamp: Invalid value: "integer": must be of type string',
      'invalid metadata.deletionTimestamp: Invalid value: "boolean": must be of type string',
    ]);
    assert.equal(walk({ creationTimestamp: 5 }).blocking, true);
  });

  test('generation and deletionGracePeriodSeconds are int64 integers', () => {
    assert.deepEqual(walk({ generation: 0, deletionGracePeriodSeconds: -1 }).findings, []);
    // The ends of int64 as doubles hold them: -2^63 fits, 2^63 - 1024 is the largest double below 2^63.
    assert.deepEqual(walk({ generation: 2 ** 63 - 1024, deletionGracePeriodSeconds: -(2 ** 63) }).findings, []);
    // ValidateNonnegativeField: a generation below 0 (a grace period may be negative in the schema's eyes).
    assert.deepEqual(walk({ generation: -1 }).findings, ['invalid metadata.generation: Invalid value: -1: must be greater than or equal to 0']);
    assert.deepEqual(walk({ generation: '1', deletionGracePeriodSeconds: 1.5 }).findings, [
      'invalid metadata.deletionGracePeriodSeconds: Invalid value: "number": must be of type integer',
      'invalid metadata.generation: Invalid value: "string": must be of type integer',
    ]);
    assert.deepEqual(walk({ generation: 2 ** 63, deletionGracePeriodSeconds: -(2 ** 64) }).findings, [
      `invalid metadata.deletionGracePeriodSeconds: Invalid value: ${-(2 ** 64)}: Checked value must be of type integer with format int64`,
      `invalid metadata.generation: Invalid value: ${2 ** 63}: Checked value must be of type integer with format int64`,
    ]);
  });

  test('finalizers are a list of strings; managedFields a list of objects kept whole', () => {
    assert.deepEqual(walk({ finalizers: {} }).findings, ['invalid metadata.finalizers: Invalid value: "object": must be of type array']);
    assert.deepEqual(walk({ managedFields: {} }).findings, ['invalid metadata.managedFields: Invalid value: "object": must be of type array']);
    assert.deepEqual(walk({ managedFields: ['x'] }).findings, ['invalid metadata.managedFields[0]: Invalid value: "string": must be of type object']);
    const entry = { manager: 'm', anything: { nested: [1] } };
    const r = walk({ managedFields: [entry] });
    assert.deepEqual(r.findings, []);
    assert.deepEqual(r.metadata.managedFields, [entry]);
  });

  test('ownerReferences: apiVersion, kind, name and uid required; controller and blockOwnerDeletion booleans; nothing else', () => {
    const ref = { apiVersion: 'v1', kind: 'ConfigMap', name: 'c', uid: 'u' };
    assert.deepEqual(walk({ ownerReferences: [ref] }).findings, []);
    assert.deepEqual(walk({ ownerReferences: ref }).findings, ['invalid metadata.ownerReferences: Invalid value: "object": must be of type array']);
    assert.deepEqual(walk({ ownerReferences: ['c'] }).findings, ['invalid metadata.ownerReferences[0]: Invalid value: "string": must be of type object']);
    assert.deepEqual(walk({ ownerReferences: [{}] }), {
      findings: [
        'invalid metadata.ownerReferences[0].apiVersion: Required value',
        'invalid metadata.ownerReferences[0].kind: Required value',
        'invalid metadata.ownerReferences[0].name: Required value',
        'invalid metadata.ownerReferences[0].uid: Required value',
      ],
      blocking: true,
      metadata: { name: 'n', ownerReferences: [{}] },
    });
    for (const missing of Object.keys(ref)) {
      const partial = Object.fromEntries(Object.entries(ref).filter(([k]) => k !== missing));
      assert.deepEqual(walk({ ownerReferences: [partial] }).findings, [`invalid metadata.ownerReferences[0].${missing}: Required value`], missing);
    }
    assert.deepEqual(walk({ ownerReferences: [{ ...ref, controller: 'yes', blockOwnerDeletion: 1, other: 1 }] }).findings, [
      'invalid metadata.ownerReferences[0].blockOwnerDeletion: Invalid value: "integer": must be of type boolean',
      'invalid metadata.ownerReferences[0].controller: Invalid value: "string": must be of type boolean',
      'invalid metadata.ownerReferences[0].other: unknown field "metadata.ownerReferences[0].other"',
    ]);
  });
});
