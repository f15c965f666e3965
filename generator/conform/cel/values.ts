// A validated object → CEL values, typed by its schema as Kubernetes does (apiserver/pkg/cel/common:
// UnstructuredToVal): `integer` is int, `number` double, int-or-string int or string, strings of format
// byte/duration/date/date-time are bytes/duration/timestamp; an object with properties exposes only its declared
// fields (names escaped: `x-y` is `x__dash__y`), a resource root or embedded resource also apiVersion, kind and
// metadata.name/generateName; an object with additionalProperties is a map with its keys as they are.
import { celList, celMap, type CelInput } from '@bufbuild/cel';
import { create } from '@bufbuild/protobuf';
import { reflect } from '@bufbuild/protobuf/reflect';
import { DurationSchema, timestampFromDate, TimestampSchema } from '@bufbuild/protobuf/wkt';
import { isRecord } from '../schema/crd.js';
import { parseDuration } from '../schema/formats.js';
import type { Node } from '../schema/node.js';

const RESERVED = new Set(['true', 'false', 'null', 'in', 'as', 'break', 'const', 'continue', 'else', 'for', 'function', 'if', 'import', 'let', 'loop', 'package', 'namespace', 'return', 'var', 'void', 'while']);
const ESCAPES: Record<string, string> = { __: '__underscores__', '.': '__dot__', '-': '__dash__', '/': '__slash__' };

/** The CEL name of a property (Kubernetes' cel.Escape), or undefined when it has none (the field is not visible to rules). */
export function escapeProperty(name: string): string | undefined {
  if (name === '' || /^[0-9]/.test(name)) return undefined;
  if (RESERVED.has(name)) return `__${name}__`;
  const escaped = name.replace(/__|[./-]/g, (m) => ESCAPES[m]!);
  return /^[_a-zA-Z][_a-zA-Z0-9]*$/.test(escaped) ? escaped : undefined;
}

const escapeCache = new Map<string, string | undefined>();
function escaped(name: string): string | undefined {
  if (!escapeCache.has(name)) escapeCache.set(name, escapeProperty(name));
  return escapeCache.get(name);
}

/** A JSON value without a schema (x-kubernetes-preserve-unknown-fields without a type): numbers are int when integral. */
function untyped(value: unknown): CelInput {
  if (typeof value === 'number') return Number.isInteger(value) ? BigInt(value) : value;
  if (Array.isArray(value)) return celList(value.map(untyped));
  if (isRecord(value)) return celMap(new Map(Object.entries(value).map(([k, v]) => [k, untyped(v)])));
  return value as CelInput;
}

function stringValue(node: Node, value: string): CelInput {
  switch (node.schema.format) {
    case 'byte':
      return new Uint8Array(Buffer.from(value, 'base64'));
    case 'duration': {
      const ns = parseDuration(value);
      if (ns === undefined) throw new Error(`Invalid duration ${value}`);
      return reflect(DurationSchema, create(DurationSchema, { seconds: ns / 1000000000n, nanos: Number(ns % 1000000000n) }));
    }
    case 'date':
    case 'date-time': {
      const date = new Date(value);
      if (Number.isNaN(date.getTime())) throw new Error(`Invalid ${node.schema.format} formatted string ${value}`);
      return reflect(TimestampSchema, timestampFromDate(date));
    }
    default:
      return value;
  }
}

/** The value of `self` for a node holding a schema. */
export function celValue(node: Node | undefined, value: unknown): CelInput {
  if (value === null || value === undefined) return null;
  if (node === undefined || (node.type === undefined && !node.intOrString && node.schema.properties === undefined && node.schema.additionalProperties === undefined && node.schema.items === undefined)) {
    return node?.embedded && isRecord(value) ? objectValue(node, value) : untyped(value);
  }
  if (node.intOrString || node.type === 'integer') return typeof value === 'number' && Number.isInteger(value) ? BigInt(value) : (value as CelInput);
  if (typeof value === 'string') return node.type === 'string' ? stringValue(node, value) : value;
  if (Array.isArray(value)) {
    const items = node.items();
    return celList(value.map((v) => celValue(items, v)));
  }
  if (isRecord(value)) return objectValue(node, value);
  return value as CelInput;
}

function objectValue(node: Node, value: Record<string, unknown>): CelInput {
  const out = new Map<string, CelInput>();
  const additional = node.additional();
  if (additional !== undefined || node.schema.additionalProperties === true) {
    for (const [k, v] of Object.entries(value)) out.set(k, additional === undefined ? untyped(v) : celValue(additional, v));
    return celMap(out);
  }
  if (node.embedded) {
    for (const key of ['apiVersion', 'kind'] as const) if (typeof value[key] === 'string') out.set(key, value[key]);
    const meta = value.metadata;
    if (isRecord(meta)) {
      const visible = new Map<string, CelInput>();
      for (const key of ['name', 'generateName']) if (typeof meta[key] === 'string') visible.set(key, meta[key]);
      out.set('metadata', celMap(visible));
    }
  }
  for (const [k, v] of Object.entries(value)) {
    if (node.embedded && (k === 'apiVersion' || k === 'kind' || k === 'metadata')) continue;
    const child = node.property(k);
    const name = child === undefined ? undefined : escaped(k);
    if (name !== undefined) out.set(name, celValue(child, v));
  }
  return celMap(out);
}
