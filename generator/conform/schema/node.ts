// A CRD schema compiled into a tree of nodes whose checks are closures, built lazily: a node compiles its
// children the first time an object reaches them, so a 1 MB schema costs only the parts that are used.
//
// One post-order pass over the object, in the API server's order at each node: pruning (a field the schema
// does not declare is an error, as with kubectl's default strict field validation, and is dropped), dropping
// nulls the schema does not allow (unless a default replaces them), structural defaulting (nested defaults
// included), then validation once the node's children are done: types, value validations (enum, pattern,
// lengths, bounds, formats, counts, required, allOf/anyOf/oneOf/not), list-type set/map uniqueness, embedded
// resources and ObjectMeta. Errors of the kinds that keep the API server from running CEL rules (required,
// enum, too long, too many, wrong type) are flagged as blocking.
import { type Finding, showValue } from '../finding.js';
import { isRecord } from './crd.js';
import { Ctx, type PathSegment } from './ctx.js';
import { numberRange, stringFormat } from './formats.js';
import { checkObjectMeta, OBJECT_META } from './meta.js';
import { compileRe2 } from './regex.js';
import type { JsonType, Schema } from './types.js';

type Check = (value: unknown, ctx: Ctx) => void;

/** Marks a field the pass drops. */
const DROP = Symbol('drop');

/** A new object with the first `n` keys of `value`. */
function copyKeys(value: Record<string, unknown>, keys: string[], n: number): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (let i = 0; i < n; i++) out[keys[i]!] = value[keys[i]!];
  return out;
}

/**
 * Fields an object node keeps although its schema does not declare them (resource roots and embedded resources;
 * their metadata is ObjectMeta, handled on its own).
 */
const TYPE_META = new Set(['apiVersion', 'kind']);

/** The JSON type of a value that is not null (null is dealt with before). */
function jsonType(value: unknown): string {
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

function hasType(value: unknown, type: JsonType): boolean {
  switch (type) {
    case 'object':
      return isRecord(value);
    case 'array':
      return Array.isArray(value);
    case 'integer':
      return typeof value === 'number' && Number.isInteger(value);
    case 'number':
      return typeof value === 'number';
    case 'string':
      return typeof value === 'string';
    case 'boolean':
      return typeof value === 'boolean';
  }
}

/**
 * Length in Unicode code points, as Go's utf8.RuneCountInString. A string's iterator yields code points: a
 * surrogate pair is one, a lone surrogate one (Go decodes it as U+FFFD).
 */
function codePoints(s: string): number {
  let n = 0;
  for (const _ of s) n++;
  return n;
}

/** JSON equality (key order ignored). */
function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((x, i) => jsonEqual(x, b[i]));
  if (isRecord(a) && isRecord(b)) {
    const ka = Object.keys(a);
    if (ka.length !== Object.keys(b).length) return false;
    return ka.every((k) => Object.hasOwn(b, k) && jsonEqual(a[k], b[k]));
  }
  return false;
}

/**
 * field.NotSupported's list: apiextensions-apiserver turns each allowed value that is not a string into its JSON,
 * and every value is then quoted (strconv.Quote): enum [1, 2] lists "1", "2".
 */
const quoteList = (values: unknown[]): string => values.map((v) => JSON.stringify(typeof v === 'string' ? v : JSON.stringify(v))).join(', ');

function typeLabel(node: Node): string {
  return node.intOrString ? 'integer or string' : (node.type ?? 'any');
}

/** The value validations of one schema node (not its children), as closures. */
function valueChecks(schema: Schema): Check[] {
  const checks: Check[] = [];
  if (schema.enum !== undefined) {
    const allowed = schema.enum;
    checks.push((v, ctx) => {
      if (allowed.some((c) => jsonEqual(c, v))) return;
      ctx.invalid(`Unsupported value: ${showValue(v)}: supported values: ${quoteList(allowed)}`, true);
    });
  }
  const { pattern, format } = schema;
  if (pattern !== undefined) {
    let matcher: { test(s: string): boolean } | undefined;
    let error: string | undefined;
    try {
      matcher = compileRe2(pattern);
    } catch (err) {
      error = (err as Error).message;
    }
    checks.push((v, ctx) => {
      if (typeof v !== 'string') return;
      if (matcher === undefined) ctx.notChecked(`pattern '${pattern}' not checked: it is not a valid RE2 expression (${error})`);
      else if (!matcher.test(v)) ctx.invalid(`Invalid value: ${showValue(v)}: should match '${pattern}'`, false);
    });
  }
  // A string format: a string under another type fails the type check, and no check runs.
  if (format !== undefined) {
    const check = stringFormat(format);
    if (check !== undefined) {
      checks.push((v, ctx) => {
        if (typeof v === 'string' && !check(v)) ctx.invalid(`Invalid value: ${showValue(v)}: must be of type ${format}`, true);
      });
    }
  }
  const range = numberRange(schema.type, format);
  if (range !== undefined) {
    checks.push((v, ctx) => {
      if (typeof v === 'number' && !range.fits(v)) ctx.invalid(`Invalid value: ${v}: ${range.message}`, true);
    });
  }
  const { minLength, maxLength } = schema;
  if (minLength !== undefined || maxLength !== undefined) {
    checks.push((v, ctx) => {
      if (typeof v !== 'string') return;
      const n = codePoints(v);
      if (maxLength !== undefined && n > maxLength) ctx.invalid(`Too long: may not be more than ${maxLength} characters`, true);
      if (minLength !== undefined && n < minLength) ctx.invalid(`Invalid value: ${showValue(v)}: should be at least ${minLength} chars long`, false);
    });
  }
  const { minimum, maximum, exclusiveMinimum, exclusiveMaximum, multipleOf } = schema;
  if (minimum !== undefined || maximum !== undefined || multipleOf !== undefined) {
    checks.push((v, ctx) => {
      if (typeof v !== 'number') return;
      if (minimum !== undefined && (exclusiveMinimum ? v <= minimum : v < minimum)) {
        ctx.invalid(`Invalid value: ${v}: should be greater than ${exclusiveMinimum ? '' : 'or equal to '}${minimum}`, false);
      }
      if (maximum !== undefined && (exclusiveMaximum ? v >= maximum : v > maximum)) {
        ctx.invalid(`Invalid value: ${v}: should be less than ${exclusiveMaximum ? '' : 'or equal to '}${maximum}`, false);
      }
      if (multipleOf !== undefined && !Number.isInteger(v / multipleOf)) ctx.invalid(`Invalid value: ${v}: should be a multiple of ${multipleOf}`, false);
    });
  }
  const { minItems, maxItems, uniqueItems } = schema;
  if (minItems !== undefined || maxItems !== undefined || uniqueItems === true) {
    checks.push((v, ctx) => {
      if (!Array.isArray(v)) return;
      if (maxItems !== undefined && v.length > maxItems) ctx.invalid(`Too many: ${v.length}: must have at most ${maxItems} items`, true);
      if (minItems !== undefined && v.length < minItems) ctx.invalid(`Invalid value: ${v.length}: should have at least ${minItems} items`, false);
      if (uniqueItems === true && v.some((x, i) => v.findIndex((y) => jsonEqual(x, y)) !== i)) ctx.invalid(`Invalid value: "array": shouldn't contain duplicates`, false);
    });
  }
  const { minProperties, maxProperties } = schema;
  if (minProperties !== undefined || maxProperties !== undefined) {
    checks.push((v, ctx) => {
      if (!isRecord(v)) return;
      const n = Object.keys(v).length;
      if (maxProperties !== undefined && n > maxProperties) ctx.invalid(`Too many: ${n}: must have at most ${maxProperties} properties`, true);
      if (minProperties !== undefined && n < minProperties) ctx.invalid(`Invalid value: ${n}: should have at least ${minProperties} properties`, false);
    });
  }
  return checks;
}

export interface NodeOptions {
  /** A value-validation schema (inside allOf/anyOf/oneOf/not): it neither prunes nor defaults. */
  readonly structural: boolean;
  /** The root of a resource: apiVersion, kind and metadata are kept, metadata is ObjectMeta. */
  readonly resourceRoot: boolean;
}

let metaNode: Node | undefined;
/** ObjectMeta (what metadata of a resource or an embedded resource must be). */
function objectMetaNode(): Node {
  // Stryker disable next-line ObjectLiteral: equivalent: options.structural is never read, and an absent resourceRoot is false
  metaNode ??= new Node(OBJECT_META, { structural: true, resourceRoot: false });
  return metaNode;
}

export class Node {
  readonly type: JsonType | undefined;
  readonly intOrString: boolean;
  readonly nullable: boolean;
  readonly preserveUnknown: boolean;
  readonly embedded: boolean;
  readonly hasDefault: boolean;
  readonly listMapKeys: readonly string[] | undefined;
  readonly listSet: boolean;
  private readonly checks: Check[];
  /** Compiled properties; null marks a name that is not a property. */
  private readonly props = new Map<string, Node | null>();
  private additionalNode: Node | null | undefined;
  private itemsNode: Node | null | undefined;
  private composed: { allOf: Node[]; anyOf: Node[]; oneOf: Node[]; not: Node | undefined } | undefined;
  private defaultedProps: string[] | undefined;
  private defaultResult: { value: unknown; findings: Finding[]; blocking: boolean } | undefined;
  /** The schema declares fields (properties or additionalProperties). */
  private readonly hasFields: boolean;
  private readonly hasComposed: boolean;

  constructor(
    readonly schema: Schema,
    readonly options: NodeOptions,
  ) {
    this.type = schema.type;
    this.intOrString = schema['x-kubernetes-int-or-string'] === true;
    this.nullable = schema.nullable === true;
    this.preserveUnknown = schema['x-kubernetes-preserve-unknown-fields'] === true;
    this.embedded = schema['x-kubernetes-embedded-resource'] === true || options.resourceRoot;
    this.hasDefault = schema.default !== undefined;
    this.listMapKeys = schema['x-kubernetes-list-type'] === 'map' ? schema['x-kubernetes-list-map-keys'] : undefined;
    this.listSet = schema['x-kubernetes-list-type'] === 'set';
    this.checks = valueChecks(schema);
    this.hasFields = schema.properties !== undefined || schema.additionalProperties !== undefined;
    this.hasComposed = schema.allOf !== undefined || schema.anyOf !== undefined || schema.oneOf !== undefined || schema.not !== undefined;
  }

  /**
   * This node's default, processed (nested defaults applied, validated): computed once, shared by every object
   * that gets it (nothing changes a processed value), its findings replayed at the current path.
   */
  processedDefault(ctx: Ctx): unknown {
    // A partial object waives spec's required list: a default of spec itself is processed in place.
    if (ctx.partial && ctx.path.length === 1) return this.process(this.schema.default, ctx, false);
    if (this.defaultResult === undefined) {
      const own = new Ctx(false);
      const value = this.process(this.schema.default, own, false);
      this.defaultResult = { value, findings: own.findings, blocking: own.blocking };
    }
    const { value, findings, blocking } = this.defaultResult;
    for (const f of findings) ctx.findings.push({ ...f, path: [...ctx.path, ...f.path] });
    if (blocking) ctx.blocking = true;
    return value;
  }

  /** The properties that have a default. */
  private defaulted(): string[] {
    this.defaultedProps ??= Object.entries(this.schema.properties ?? {})
      .filter(([, s]) => s.default !== undefined)
      .map(([k]) => k);
    return this.defaultedProps;
  }

  private child(schema: Schema): Node {
    // Stryker disable next-line ObjectLiteral: equivalent: options.structural is never read, and an absent resourceRoot is false
    return new Node(schema, { structural: this.options.structural, resourceRoot: false });
  }

  /** The schema of a declared property (compiled on first use). */
  property(name: string): Node | undefined {
    let node = this.props.get(name);
    if (node === undefined) {
      const props = this.schema.properties;
      node = props !== undefined && Object.hasOwn(props, name) ? this.child(props[name]!) : null;
      this.props.set(name, node);
    }
    return node ?? undefined;
  }

  /** additionalProperties as a schema. */
  additional(): Node | undefined {
    if (this.additionalNode === undefined) {
      const a = this.schema.additionalProperties;
      this.additionalNode = typeof a === 'object' ? this.child(a) : null;
    }
    return this.additionalNode ?? undefined;
  }

  items(): Node | undefined {
    if (this.itemsNode === undefined) this.itemsNode = this.schema.items === undefined ? null : this.child(this.schema.items);
    return this.itemsNode ?? undefined;
  }

  /** The schema of a field of an object value: a declared property, else additionalProperties. */
  field(name: string): Node | undefined {
    return this.property(name) ?? this.additional();
  }

  private valueValidations(): NonNullable<Node['composed']> {
    this.composed ??= {
      allOf: this.schema.allOf?.map(valueNode) ?? [],
      anyOf: this.schema.anyOf?.map(valueNode) ?? [],
      oneOf: this.schema.oneOf?.map(valueNode) ?? [],
      not: this.schema.not === undefined ? undefined : valueNode(this.schema.not),
    };
    return this.composed;
  }

  /** Whether a field of an object value is kept although the schema does not declare it. */
  private keepsUnknown(name: string): boolean {
    return this.preserveUnknown || this.schema.additionalProperties === true || (this.embedded && TYPE_META.has(name));
  }

  /** The type check; false (reported) when the value is not of the schema's type. */
  private typeChecks(value: unknown, ctx: Ctx): boolean {
    if (value === null) {
      if (!this.nullable && (this.type !== undefined || this.intOrString)) ctx.invalid(`Invalid value: "null": must be of type ${typeLabel(this)}`, true);
      // kube-openapi checks the enum of a null too (its type and enum checks are the only ones a null gets), and
      // no allowed value matches a null, not even a null in the list.
      const allowed = this.schema.enum;
      if (allowed !== undefined) ctx.invalid(`Unsupported value: "null": supported values: ${quoteList(allowed)}`, true);
      return false;
    }
    if (this.intOrString) {
      if (typeof value === 'string' || (typeof value === 'number' && Number.isInteger(value))) return true;
      ctx.invalid(`Invalid value: ${JSON.stringify(jsonType(value))}: must be of type integer or string`, true);
      return false;
    }
    if (this.type !== undefined && !hasType(value, this.type)) {
      ctx.invalid(`Invalid value: ${JSON.stringify(jsonType(value))}: must be of type ${this.type}`, true);
      return false;
    }
    return true;
  }

  /** The checks of this node itself (children are checked on their own). */
  private ownChecks(value: unknown, ctx: Ctx): void {
    for (const check of this.checks) check(value, ctx);
    if (this.hasComposed) this.validateComposed(value, ctx);
    if (Array.isArray(value)) {
      if (this.listSet) this.uniqueSetItems(value, ctx);
      if (this.listMapKeys !== undefined) this.uniqueMapKeys(this.listMapKeys, value, ctx);
    } else if (isRecord(value)) {
      const required = this.schema.required;
      if (required !== undefined && !(ctx.partial && ctx.path.length === 1 && ctx.path[0] === 'spec')) {
        for (const name of required) if (value[name] === undefined) ctx.invalid('Required value', true, name);
      }
    }
  }

  // -------------------------------------------------------------------------------------------------
  // Structural nodes: one post-order pass that prunes, drops nulls, defaults and validates

  /**
   * The value as the API server keeps it, validated: a new value where the pass changes something (the input
   * is not changed; what the pass leaves alone is shared). Pruning (a field the schema does not declare is
   * reported, as kubectl's default strict field validation does, and dropped), dropping nulls the schema does
   * not allow unless a default replaces them, structural defaulting (nested defaults included), then the
   * checks of each node once its children are done. `prune` is false inside a default just applied: the API
   * server prunes before it defaults, and a default is never pruned. `omitDefault` names a property not to
   * default (status, which a create drops).
   */
  process(value: unknown, ctx: Ctx, prune = true, omitDefault?: string): unknown {
    if (!this.typeChecks(value, ctx)) return value;
    let out = value;
    if (Array.isArray(value)) {
      const items = this.items();
      if (items !== undefined) {
        let list: unknown[] | undefined;
        for (let i = 0; i < value.length; i++) {
          ctx.path.push(i);
          const v = value[i] === null && !items.nullable && items.hasDefault ? items.processedDefault(ctx) : items.process(value[i], ctx, prune);
          ctx.path.pop();
          if (list === undefined && v !== value[i]) list = value.slice(0, i);
          list?.push(v);
        }
        out = list ?? value;
      }
    } else if (isRecord(value) && (this.hasFields || !this.preserveUnknown || this.embedded)) {
      out = this.processObject(value, ctx, prune, omitDefault);
    }
    this.ownChecks(out, ctx);
    return out;
  }

  private processObject(value: Record<string, unknown>, ctx: Ctx, prune: boolean, omitDefault: string | undefined): Record<string, unknown> {
    // Copy on write: an object the pass does not change is returned as it is.
    const keys = Object.keys(value);
    let out: Record<string, unknown> | undefined;
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i]!;
      const v = value[key];
      let next: unknown = v;
      ctx.path.push(key);
      if (this.embedded && key === 'metadata') next = this.processMetadata(v, ctx, prune);
      else {
        const child = this.field(key);
        if (child === undefined) {
          if (prune && !this.keepsUnknown(key)) {
            ctx.invalid(`unknown field ${JSON.stringify(dotted(ctx.path))}`, false);
            next = DROP;
          }
        } else if (v === null && !child.nullable) {
          if (child.hasDefault) next = child.processedDefault(ctx);
          else if (prune) next = DROP;
        } else next = child.process(v, ctx, prune);
      }
      ctx.path.pop();
      if (out === undefined && next !== v) out = copyKeys(value, keys, i);
      if (out !== undefined && next !== DROP) out[key] = next;
    }
    for (const key of this.defaulted()) {
      if ((out ?? value)[key] !== undefined || key === omitDefault) continue;
      ctx.path.push(key);
      out ??= copyKeys(value, keys, keys.length);
      out[key] = this.property(key)!.processedDefault(ctx);
      ctx.path.pop();
    }
    const result = out ?? value;
    if (this.embedded) {
      if (!this.options.resourceRoot) this.validateEmbedded(result, ctx);
      else if (!isRecord(result.metadata)) {
        ctx.path.push('metadata');
        ctx.invalid('Required value: name or generateName is required', true, 'name');
        ctx.path.pop();
      }
    }
    return result;
  }

  /** metadata of a resource or an embedded resource: ObjectMeta, plus what the CRD says of name and generateName. */
  private processMetadata(meta: unknown, ctx: Ctx, prune: boolean): unknown {
    const out = objectMetaNode().process(meta, ctx, prune);
    if (!isRecord(out)) return out;
    checkObjectMeta(out, ctx, this.options.resourceRoot);
    const declared = this.property('metadata');
    for (const key of ['name', 'generateName']) {
      const rule = declared?.property(key);
      if (rule === undefined || out[key] === undefined) continue;
      ctx.path.push(key);
      rule.validate(out[key], ctx);
      ctx.path.pop();
    }
    return out;
  }

  /** An embedded resource (x-kubernetes-embedded-resource) needs apiVersion and kind (apiextensions' validateEmbeddedResource). */
  private validateEmbedded(value: Record<string, unknown>, ctx: Ctx): void {
    for (const key of ['apiVersion', 'kind'] as const) {
      const v = value[key];
      if (v === undefined) ctx.invalid('Required value', true, key);
      else if (typeof v !== 'string') ctx.invalid(`Invalid value: ${showValue(v)}: must be a string`, false, key);
      else if (v === '') ctx.invalid('Invalid value: "": must not be empty', false, key);
      else {
        const problem = key === 'apiVersion' ? groupVersionProblem(v) : kindProblem(v);
        if (problem !== undefined) ctx.invalid(`Invalid value: ${showValue(v)}: ${problem}`, false, key);
      }
    }
  }

  // -------------------------------------------------------------------------------------------------
  // Value validations (allOf/anyOf/oneOf/not, and metadata.name rules of a CRD): check a value as it is

  validate(value: unknown, ctx: Ctx): void {
    if (!this.typeChecks(value, ctx)) return;
    this.ownChecks(value, ctx);
    if (isRecord(value)) {
      for (const key of Object.keys(value)) {
        const child = this.field(key);
        if (child === undefined) continue;
        ctx.path.push(key);
        child.validate(value[key], ctx);
        ctx.path.pop();
      }
    } else if (Array.isArray(value)) {
      const items = this.items();
      if (items === undefined) return;
      for (let i = 0; i < value.length; i++) {
        ctx.path.push(i);
        items.validate(value[i], ctx);
        ctx.path.pop();
      }
    }
  }

  private validateComposed(value: unknown, ctx: Ctx): void {
    const { allOf, anyOf, oneOf, not } = this.valueValidations();
    for (const s of allOf) s.validate(value, ctx);
    const best = (trials: { findings: Finding[]; blocking: boolean }[]): void => {
      const fewest = trials.reduce((a, b) => (b.findings.length < a.findings.length ? b : a));
      ctx.findings.push(...fewest.findings);
      if (fewest.blocking) ctx.blocking = true;
    };
    if (anyOf.length > 0) {
      const trials = anyOf.map((s) => ctx.trial(() => s.validate(value, ctx)));
      if (!trials.some((t) => t.findings.length === 0)) {
        ctx.invalid('must validate at least one schema (anyOf)', false);
        best(trials);
      }
    }
    if (oneOf.length > 0) {
      const trials = oneOf.map((s) => ctx.trial(() => s.validate(value, ctx)));
      const passing = trials.filter((t) => t.findings.length === 0).length;
      if (passing !== 1) {
        ctx.invalid(`must validate one and only one schema (oneOf). ${passing === 0 ? 'Found none valid' : `Found ${passing} valid alternatives`}`, false);
        best(trials); // nothing when alternatives passed: their findings are none
      }
    }
    if (not !== undefined && ctx.trial(() => not.validate(value, ctx)).findings.length === 0) {
      ctx.invalid('must not validate the schema (not)', false);
    }
  }

  private uniqueSetItems(value: unknown[], ctx: Ctx): void {
    for (const [i, x] of value.entries()) {
      for (let j = 0; j < i; j++) {
        if (jsonEqual(x, value[j])) {
          ctx.invalid(`Duplicate value: ${showValue(x)}`, false, i);
          break;
        }
      }
    }
  }

  private uniqueMapKeys(keys: readonly string[], value: unknown[], ctx: Ctx): void {
    const seen = new Set<string>();
    for (const [i, item] of value.entries()) {
      if (!isRecord(item)) continue;
      const id: Record<string, unknown> = {};
      // A missing key is left out (JSON.stringify drops undefined).
      for (const k of keys) id[k] = item[k];
      const text = JSON.stringify(id);
      if (seen.has(text)) ctx.invalid(`Duplicate value: ${text}`, false, i);
      else seen.add(text);
    }
  }
}

/** schema.ParseGroupVersion's complaint: more than one '/'. */
function groupVersionProblem(apiVersion: string): string | undefined {
  return apiVersion.split('/').length > 2 ? `unexpected GroupVersion string: ${apiVersion}` : undefined;
}

const DNS1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const DNS1035_RULE =
  "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')";

/** A kind may have mixed case, but lowercased it must be a DNS-1035 label (utilvalidation.IsDNS1035Label). */
function kindProblem(kind: string): string | undefined {
  const lower = kind.toLowerCase();
  const problems: string[] = [];
  if (Buffer.byteLength(lower) > 63) problems.push('must be no more than 63 characters');
  if (!DNS1035_LABEL.test(lower)) problems.push(DNS1035_RULE);
  return problems.length === 0 ? undefined : `may have mixed case, but should otherwise match: ${problems.join(',')}`;
}

/** A schema of allOf/anyOf/oneOf/not: it only validates. */
function valueNode(schema: Schema): Node {
  // Stryker disable next-line ObjectLiteral,BooleanLiteral: equivalent: validate() reads neither option
  return new Node(schema, { structural: false, resourceRoot: false });
}

/** `['spec', 'listeners', 0, 'port']` → `spec.listeners[0].port` (how kubectl names a field). */
function dotted(path: readonly PathSegment[]): string {
  let out = '';
  for (const seg of path) out += typeof seg === 'number' ? `[${seg}]` : out === '' ? seg : `.${seg}`;
  return out;
}
