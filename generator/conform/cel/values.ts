// A validated object → CEL values, typed by its schema as Kubernetes does (apiserver/pkg/cel/common:
// UnstructuredToVal): `integer` is int, `number` double, int-or-string int or string, strings of format
// byte/duration/date/date-time are bytes/duration/timestamp; an object with properties exposes only its declared
// fields (names escaped: `x-y` is `x__dash__y`), a resource root or embedded resource also apiVersion, kind and
// metadata.name/generateName; an object with additionalProperties is a map with its keys as they are.
import { type CelInput, celList, celMap } from '@bufbuild/cel';
import { create } from '@bufbuild/protobuf';
import { reflect } from '@bufbuild/protobuf/reflect';
import { DurationSchema, TimestampSchema } from '@bufbuild/protobuf/wkt';
import { isRecord } from '../schema/crd.js';
import { parseDate, parseDateTime, parseDuration } from '../schema/formats.js';
import type { Node } from '../schema/node.js';

const RESERVED = new Set([
  'true',
  'false',
  'null',
  'in',
  'as',
  'break',
  'const',
  'continue',
  'else',
  'for',
  'function',
  'if',
  'import',
  'let',
  'loop',
  'package',
  'namespace',
  'return',
  'var',
  'void',
  'while',
]);
const ESCAPES: Record<string, string> = { __: '__underscores__', '.': '__dot__', '-': '__dash__', '/': '__slash__' };

/** The CEL name of a property (Kubernetes' cel.Escape), or undefined when it has none (the field is not visible to rules). */
export function escapeProperty(name: string): string | undefined {
  // cel.Escape first refuses '' and a leading digit: the identifier check at the end refuses them too (escaping changes no digit).
  if (RESERVED.has(name)) return `__${name}__`;
  const escaped = name.replace(/__|[./-]/g, (m) => ESCAPES[m]!);
  return /^[_a-zA-Z][_a-zA-Z0-9]*$/.test(escaped) ? escaped : undefined;
}

const escapeCache = new Map<string, string | undefined>();
function escaped(name: string): string | undefined {
  // Stryker disable next-line ConditionalExpression: equivalent for `true`: escaping again gives the same name (a memo of a pure function)
  if (!escapeCache.has(name)) escapeCache.set(name, escapeProperty(name));
  return escapeCache.get(name);
}

/**
 * A JSON value without a schema (x-kubernetes-preserve-unknown-fields without a type; an admission policy's
 * object, params): numbers are int when integral.
 */
export function untypedValue(value: unknown): CelInput {
  if (typeof value === 'number') return Number.isInteger(value) ? BigInt(value) : value;
  if (Array.isArray(value)) return celList(value.map(untypedValue));
  if (isRecord(value)) return celMap(new Map(Object.entries(value).map(([k, v]) => [k, untypedValue(v)])));
  return value as CelInput;
}

/**
 * A string as its format makes it (apiserver cel/common UnstructuredToVal). The conversions are total over the
 * strings the format check accepts, and CEL rules only run when every format check passed.
 */
function stringValue(node: Node, value: string): CelInput {
  const format = node.schema.format;
  if (format === 'byte') return new Uint8Array(Buffer.from(value, 'base64'));
  if (format === 'duration') {
    const ns = parseDuration(value);
    if (ns !== undefined) return reflect(DurationSchema, create(DurationSchema, { seconds: ns / 1000000000n, nanos: Number(ns % 1000000000n) }));
  } else if (format === 'date' || format === 'date-time') {
    const at = format === 'date' ? parseDate(value) : parseDateTime(value);
    if (at !== undefined) return reflect(TimestampSchema, create(TimestampSchema, at));
  }
  return value;
}

/** The value of `self` for a node holding a schema. */
export function celValue(node: Node | undefined, value: unknown): CelInput {
  if (value === null || value === undefined) return null;
  if (node === undefined) return untypedValue(value);
  if (node.intOrString || node.type === 'integer') return typeof value === 'number' && Number.isInteger(value) ? BigInt(value) : (value as CelInput);
  if (node.type === undefined && node.schema.properties === undefined && node.schema.additionalProperties === undefined && node.schema.items === undefined) {
    return node.embedded && isRecord(value) ? objectValue(node, value) : untypedValue(value);
  }
  if (typeof value === 'string') return node.type === 'string' ? stringValue(node, value) : value;
  if (Array.isArray(value)) {
    const items = node.items();
    return celList(value.map((v) => celValue(items, v)));
  }
  if (isRecord(value)) return objectValue(node, value);
  return value as CelInput;
}

const PENDING = Symbol('pending');

/**
 * The fields of an object as a CEL map whose values are converted on first access: a rule that reads two
 * fields of a large object (all its defaults expanded) converts only those two. @bufbuild/cel reads a native
 * Map through get, keys, entries, values and forEach.
 */
export class LazyFields extends Map<string, CelInput> {
  constructor(
    names: readonly string[],
    private readonly convert: (name: string) => CelInput,
  ) {
    super();
    for (const name of names) super.set(name, PENDING as unknown as CelInput);
  }

  override get(name: string): CelInput | undefined {
    let v = super.get(name);
    if (v === (PENDING as unknown)) {
      v = this.convert(name);
      super.set(name, v);
    }
    return v;
  }

  override forEach(callback: (value: CelInput, key: string, map: Map<string, CelInput>) => void, thisArg?: unknown): void {
    for (const k of super.keys()) callback.call(thisArg, this.get(k)!, k, this);
  }

  override *entries(): MapIterator<[string, CelInput]> {
    for (const k of super.keys()) yield [k, this.get(k)!];
  }

  override *values(): MapIterator<CelInput> {
    for (const k of super.keys()) yield this.get(k)!;
  }

  override [Symbol.iterator](): MapIterator<[string, CelInput]> {
    return this.entries();
  }
}

function objectValue(node: Node, value: Record<string, unknown>): CelInput {
  const additional = node.additional();
  if (additional !== undefined || node.schema.additionalProperties === true) {
    return celMap(new LazyFields(Object.keys(value), (k) => celValue(additional, value[k]))); // without a schema (additionalProperties: true): untyped
  }
  const names: string[] = [];
  /** CEL name → field name in the value. */
  const sources = new Map<string, string>();
  for (const k of Object.keys(value)) {
    if (node.embedded && (k === 'apiVersion' || k === 'kind' || k === 'metadata')) {
      if (k === 'metadata' ? isRecord(value[k]) : typeof value[k] === 'string') {
        names.push(k);
        sources.set(k, k);
      }
      continue;
    }
    const name = node.property(k) === undefined ? undefined : escaped(k);
    if (name === undefined) continue;
    names.push(name);
    sources.set(name, k);
  }
  return celMap(
    new LazyFields(names, (name) => {
      const k = sources.get(name)!;
      if (node.embedded && k === 'metadata') return metadataValue(value[k] as Record<string, unknown>);
      return node.embedded && (k === 'apiVersion' || k === 'kind') ? (value[k] as string) : celValue(node.property(k), value[k]);
    }),
  );
}

/** What rules see of a resource's metadata: name and generateName. */
function metadataValue(meta: Record<string, unknown>): CelInput {
  const visible = new Map<string, CelInput>();
  for (const key of ['name', 'generateName']) if (typeof meta[key] === 'string') visible.set(key, meta[key]);
  return celMap(visible);
}
