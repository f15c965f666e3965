// CRD conformance helpers: turn the upstream CustomResourceDefinitions in ${SHARED}/crds/<set>/ into JSON
// Schemas that ajv can compile, validate emitted resources against them, and evaluate by hand the CEL
// rules (x-kubernetes-validations) that the emitted resources reach.
//
// How a CRD's openAPIV3Schema becomes a JSON Schema (convertSchema):
// - Structural keywords are copied (type, properties, items, additionalProperties, required, enum, pattern,
//   min/max*, multipleOf, uniqueItems, allOf/anyOf/oneOf/not); description/title/example are dropped.
//   An unknown keyword throws, so a new CRD keyword cannot be ignored by accident.
// - Strict about unknown fields: a structural object schema without `additionalProperties` and without
//   `x-kubernetes-preserve-unknown-fields: true` gets `additionalProperties: false`. That includes
//   `type: object` nodes without `properties`: the API server prunes every field of such an object, so
//   data placed there would be lost. Nodes inside allOf/anyOf/oneOf/not are value validations (they
//   cannot declare fields in a structural schema) and are left open.
// - `nullable: true` adds "null" to the type (and enum); without it a null value is rejected.
// - Formats: int32/int64 are range-checked integers, date-time/date/byte/ipv4/ipv6/uuid/hostname get
//   validators; other formats are not checked by the API server either and are dropped.
// - x-kubernetes-int-or-string → anyOf integer|string (when the CRD does not spell it out);
//   x-kubernetes-embedded-resource → apiVersion/kind/metadata are allowed;
//   x-kubernetes-list-type: set → uniqueItems; map → the custom keyword `k8sListMapKeys` (entries must
//   be unique by their x-kubernetes-list-map-keys); atomic and x-kubernetes-map-type are merge hints.
// - `default` is kept on structural nodes and applied (ajv useDefaults) to a copy of the object, as the
//   API server defaults before it validates; defaults inside value validations are dropped (invalid in
//   Kubernetes).
// - metadata is only `type: object` in a CRD; it is replaced by OBJECT_META, a strict schema of the
//   ObjectMeta fields a generated manifest may carry (name, namespace, labels, annotations; string values
//   only, Kubernetes name/label syntax). Cluster-scoped kinds may not carry metadata.namespace.
//
// CEL: x-kubernetes-validations hold CEL expressions that ajv cannot evaluate. They are not converted.
// Instead celProblems() walks the raw CRD schema along the object and collects every rule that the
// object's data reaches. Each reached rule must match a hand implementation in CEL_RULES (matched by
// message AND rule text, so a rule that changes upstream is not checked by stale code); a reached rule
// without one is reported as a problem rather than skipped silently. Transition rules (those using
// oldSelf) only run on updates and are ignored: generated manifests are evaluated as creates.
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { isIPv4, isIPv6 } from 'node:net';
import { join } from 'node:path';
import AjvModule, { type ErrorObject, type Format, type ValidateFunction } from 'ajv';
import type { DataValidationCxt } from 'ajv/dist/types/index.js';
import { parseAllDocuments } from 'yaml';
import { SHARED, requirement } from './helpers.js';

// ajv is CommonJS: under NodeNext its class is the default export's `default`.
const Ajv = AjvModule.default;
type AjvInstance = InstanceType<typeof Ajv>;

export type Schema = Record<string, unknown>;

export interface Problem {
  /** JSON pointer into the object (ajv's instancePath). */
  instancePath: string;
  message: string;
}

export interface ValidateOptions {
  /**
   * The object is a partial (server-side-apply) object: the `required` list of `spec` itself is not
   * enforced. Everything nested below spec still is.
   */
  partialSpec?: boolean;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

// ---------------------------------------------------------------------------------------------------
// ObjectMeta

const DNS1123_LABEL = '^[a-z0-9]([-a-z0-9]*[a-z0-9])?$';
const DNS1123_SUBDOMAIN = '^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$';
/** Label and annotation keys: optional DNS subdomain prefix, `/`, name of at most 63 characters. */
const QUALIFIED_NAME = '^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$';
const KEY_NAME: Schema = { type: 'string', pattern: QUALIFIED_NAME, not: { pattern: '^[^/]{254,}/' } };

function objectMeta(scope: string): Schema {
  const properties: Schema = {
    name: { type: 'string', minLength: 1, maxLength: 253, pattern: DNS1123_SUBDOMAIN },
    labels: {
      type: 'object',
      propertyNames: KEY_NAME,
      additionalProperties: { type: 'string', maxLength: 63, pattern: '^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$' },
    },
    annotations: { type: 'object', propertyNames: KEY_NAME, additionalProperties: { type: 'string' } },
  };
  if (scope === 'Namespaced') properties.namespace = { type: 'string', minLength: 1, maxLength: 63, pattern: DNS1123_LABEL };
  return { type: 'object', required: ['name'], additionalProperties: false, properties };
}

// ---------------------------------------------------------------------------------------------------
// openAPIV3Schema → JSON Schema

/** Keywords copied as they are. */
const COPIED = new Set([
  'type', 'required', 'enum', 'pattern', 'minLength', 'maxLength', 'minimum', 'maximum', 'multipleOf',
  'minItems', 'maxItems', 'uniqueItems', 'minProperties', 'maxProperties',
]);
/** Keywords that carry no validation (documentation, merge strategy) or that are handled below. */
const IGNORED = new Set([
  'description', 'title', 'example', 'externalDocs',
  'x-kubernetes-map-type', 'x-kubernetes-list-map-keys', 'x-kubernetes-validations',
  'x-kubernetes-preserve-unknown-fields', 'x-kubernetes-int-or-string', 'x-kubernetes-embedded-resource',
  'x-kubernetes-list-type', 'nullable', 'exclusiveMinimum', 'exclusiveMaximum',
]);

export const FORMATS: Record<string, Format> = {
  int32: { type: 'number', validate: (n: number) => Number.isInteger(n) && n >= -(2 ** 31) && n <= 2 ** 31 - 1 },
  int64: { type: 'number', validate: (n: number) => Number.isInteger(n) && n >= -(2 ** 63) && n < 2 ** 63 },
  'date-time': /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/,
  date: /^\d{4}-\d{2}-\d{2}$/,
  byte: /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/,
  ipv4: (s: string) => isIPv4(s),
  ipv6: (s: string) => isIPv6(s),
  uuid: /^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i,
  hostname: /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/,
};

/**
 * Converts one openAPIV3Schema node. `structural` is false inside allOf/anyOf/oneOf/not, whose schemas
 * only validate values and never declare fields.
 */
export function convertSchema(node: unknown, path = '', structural = true): Schema {
  if (!isRecord(node)) throw new Error(`schema at ${path || '/'} is not an object`);
  const out: Schema = {};
  for (const [key, value] of Object.entries(node)) {
    if (COPIED.has(key)) out[key] = value;
    else if (key === 'properties') {
      if (!isRecord(value)) throw new Error(`properties at ${path} is not a map`);
      out.properties = Object.fromEntries(Object.entries(value).map(([name, child]) => [name, convertSchema(child, `${path}.${name}`, structural)]));
    } else if (key === 'items') out.items = convertSchema(value, `${path}[]`, structural);
    else if (key === 'additionalProperties') out.additionalProperties = typeof value === 'boolean' ? value : convertSchema(value, `${path}.*`, structural);
    else if (key === 'allOf' || key === 'anyOf' || key === 'oneOf') {
      if (!Array.isArray(value)) throw new Error(`${key} at ${path} is not a list`);
      out[key] = value.map((child) => convertSchema(child, path, false));
    } else if (key === 'not') out.not = convertSchema(value, path, false);
    else if (key === 'default') {
      if (structural) out.default = value;
    } else if (key === 'format') {
      if (typeof value === 'string' && value in FORMATS) out.format = value;
    } else if (!IGNORED.has(key)) throw new Error(`unsupported schema keyword ${JSON.stringify(key)} at ${path || '/'}`);
  }
  // OpenAPI v3.0 exclusiveMinimum/Maximum are booleans qualifying minimum/maximum.
  if (node.exclusiveMinimum === true && typeof out.minimum === 'number') {
    out.exclusiveMinimum = out.minimum;
    delete out.minimum;
  }
  if (node.exclusiveMaximum === true && typeof out.maximum === 'number') {
    out.exclusiveMaximum = out.maximum;
    delete out.maximum;
  }
  if (node['x-kubernetes-int-or-string'] === true && out.type === undefined && out.anyOf === undefined) {
    out.anyOf = [{ type: 'integer' }, { type: 'string' }];
  }
  if (node['x-kubernetes-embedded-resource'] === true) {
    const properties = isRecord(out.properties) ? out.properties : {};
    properties.apiVersion ??= { type: 'string' };
    properties.kind ??= { type: 'string' };
    properties.metadata ??= { type: 'object' };
    out.properties = properties;
  }
  const listType = node['x-kubernetes-list-type'];
  if (listType === 'set') out.uniqueItems = true;
  if (listType === 'map') {
    const keys = node['x-kubernetes-list-map-keys'];
    if (!Array.isArray(keys) || keys.length === 0) throw new Error(`list-type map without list-map-keys at ${path}`);
    out.k8sListMapKeys = keys;
  }
  const isObject = out.type === 'object' || (out.type === undefined && out.properties !== undefined);
  if (structural && isObject && out.additionalProperties === undefined && node['x-kubernetes-preserve-unknown-fields'] !== true) {
    out.additionalProperties = false;
  }
  if (node.nullable === true) {
    if (typeof out.type === 'string') out.type = [out.type, 'null'];
    if (Array.isArray(out.enum) && !out.enum.includes(null)) out.enum = [...out.enum, null];
  }
  return out;
}

/** x-kubernetes-list-type: map — no two entries may share the values of the list-map keys. */
function checkListMapKeys(keys: string[], data: unknown[], _parent?: unknown, cxt?: DataValidationCxt): boolean {
  const seen = new Map<string, number>();
  const errors: ErrorObject[] = [];
  data.forEach((item, index) => {
    const id = JSON.stringify(keys.map((k) => (isRecord(item) ? (item[k] ?? null) : null)));
    const first = seen.get(id);
    if (first === undefined) seen.set(id, index);
    else {
      errors.push({
        keyword: 'k8sListMapKeys',
        instancePath: `${cxt?.instancePath ?? ''}/${index}`,
        schemaPath: '#/k8sListMapKeys',
        params: { keys },
        message: `duplicate entry for list-map key(s) ${keys.join(', ')} = ${id} (same as entry ${first})`,
      });
    }
  });
  (checkListMapKeys as unknown as { errors: ErrorObject[] }).errors = errors;
  return errors.length === 0;
}

/** RE2 patterns from Go; nearly all are valid JavaScript regular expressions with the `u` flag. */
function regExpEngine(): ((pattern: string, flags: string) => RegExp) & { code: string } {
  const engine = (pattern: string, flags: string): RegExp => {
    let source = pattern;
    let extra = '';
    if (source.startsWith('(?i)')) {
      source = source.slice(4);
      extra = 'i';
    }
    try {
      return new RegExp(source, flags + extra);
    } catch {
      return new RegExp(source, flags.replace('u', '') + extra);
    }
  };
  return Object.assign(engine, { code: 'new RegExp' });
}

export function newAjv(): AjvInstance {
  const ajv = new Ajv({
    allErrors: true,
    strict: true, // unknown keywords throw
    strictTypes: false, // CRDs put e.g. minimum next to anyOf without a type
    strictTuples: false,
    strictRequired: false,
    allowUnionTypes: true, // nullable → ["string", "null"]
    useDefaults: true, // API server defaulting happens before validation
    validateFormats: true,
    formats: FORMATS,
    code: { regExp: regExpEngine() },
  });
  ajv.addKeyword({ keyword: 'k8sListMapKeys', type: 'array', schemaType: 'array', errors: true, validate: checkListMapKeys });
  return ajv;
}

// ---------------------------------------------------------------------------------------------------
// CEL rules evaluated by hand

type Check = (self: unknown, match: RegExpMatchArray) => string[];

interface CelRule {
  /** The rule's message in the CRD. */
  message: string;
  /** Matches the rule text (whitespace collapsed); captures are handed to check. */
  rule: RegExp;
  /** Describes each violation ('' means: use the CRD message). */
  check: Check;
}

const esc = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** A rule text that must match exactly (after collapsing whitespace). */
const exact = (text: string): RegExp => new RegExp(`^${esc(collapse(text))}$`);
const collapse = (text: string): string => text.replace(/\s+/g, ' ').trim();

type Listener = { name?: unknown; port?: unknown; protocol?: unknown; hostname?: unknown; tls?: unknown };
const listenersOf = (self: unknown): Listener[] => (Array.isArray(self) ? self.filter(isRecord) : []);
const tlsOf = (l: Listener): Record<string, unknown> | undefined => (isRecord(l.tls) ? l.tls : undefined);
const has = (o: Record<string, unknown> | Listener, k: string): boolean => (o as Record<string, unknown>)[k] !== undefined;
const keysOf = (self: unknown): string[] => (isRecord(self) ? Object.keys(self) : []);
const sizeOf = (v: unknown): number => (Array.isArray(v) ? v.length : isRecord(v) ? Object.keys(v).length : typeof v === 'string' ? v.length : 0);

export const CEL_RULES: CelRule[] = [
  // Gateway spec.listeners (Gateway API v1.4.1 and v1.5.1)
  {
    message: "tls must not be specified for protocols ['HTTP', 'TCP', 'UDP']",
    rule: exact(`self.all(l, l.protocol in ['HTTP', 'TCP', 'UDP'] ? !has(l.tls) : true)`),
    check: (self) => listenersOf(self).filter((l) => ['HTTP', 'TCP', 'UDP'].includes(String(l.protocol)) && has(l, 'tls')).map((l) => `listener ${String(l.name)}: protocol ${String(l.protocol)} has tls`),
  },
  {
    message: 'tls mode must be Terminate for protocol HTTPS',
    rule: exact(`self.all(l, (l.protocol == 'HTTPS' && has(l.tls)) ? (l.tls.mode == '' || l.tls.mode == 'Terminate') : true)`),
    check: (self) =>
      listenersOf(self)
        .filter((l) => l.protocol === 'HTTPS' && tlsOf(l) !== undefined && !['', 'Terminate', undefined].includes(tlsOf(l)!.mode as string))
        .map((l) => `listener ${String(l.name)}: HTTPS with tls.mode ${String(tlsOf(l)!.mode)}`),
  },
  {
    message: 'tls mode must be set for protocol TLS',
    rule: exact(`self.all(l, (l.protocol == 'TLS' ? has(l.tls) && has(l.tls.mode) && l.tls.mode != '' : true))`),
    check: (self) =>
      listenersOf(self)
        .filter((l) => l.protocol === 'TLS' && !(tlsOf(l) !== undefined && has(tlsOf(l)!, 'mode') && tlsOf(l)!.mode !== ''))
        .map((l) => `listener ${String(l.name)}: TLS without tls.mode`),
  },
  {
    message: "hostname must not be specified for protocols ['TCP', 'UDP']",
    rule: exact(`self.all(l, l.protocol in ['TCP', 'UDP'] ? (!has(l.hostname) || l.hostname == '') : true)`),
    check: (self) => listenersOf(self).filter((l) => ['TCP', 'UDP'].includes(String(l.protocol)) && has(l, 'hostname') && l.hostname !== '').map((l) => `listener ${String(l.name)}: ${String(l.protocol)} with a hostname`),
  },
  {
    message: 'Listener name must be unique within the Gateway',
    rule: exact(`self.all(l1, self.exists_one(l2, l1.name == l2.name))`),
    check: (self) => duplicates(listenersOf(self).map((l) => String(l.name))).map((n) => `listener name ${n} is used more than once`),
  },
  {
    message: 'Combination of port, protocol and hostname must be unique for each listener',
    rule: exact(`self.all(l1, self.exists_one(l2, l1.port == l2.port && l1.protocol == l2.protocol && (has(l1.hostname) && has(l2.hostname) ? l1.hostname == l2.hostname : !has(l1.hostname) && !has(l2.hostname))))`),
    check: (self) =>
      duplicates(listenersOf(self).map((l) => JSON.stringify([l.port, l.protocol, has(l, 'hostname') ? l.hostname : null]))).map((k) => `(port, protocol, hostname) ${k} is used by more than one listener`),
  },
  // Gateway spec.listeners[].tls
  {
    message: 'certificateRefs or options must be specified when mode is Terminate',
    rule: exact(`self.mode == 'Terminate' ? size(self.certificateRefs) > 0 || size(self.options) > 0 : true`),
    // The CRD defaults mode to Terminate; the object was defaulted before this runs.
    check: (self) => (isRecord(self) && self.mode === 'Terminate' && sizeOf(self.certificateRefs) === 0 && sizeOf(self.options) === 0 ? ['mode Terminate without certificateRefs or options'] : []),
  },
  // Gateway spec.infrastructure.labels / annotations: the key regex is taken from the CRD's rule text.
  {
    message: 'Label keys must be in the form of an optional DNS subdomain prefix followed by a required name segment of up to 63 characters.',
    rule: /^self\.all\(key, key\.matches\(r"""(.+)"""\)\)$/,
    check: (self, m) => keysOf(self).filter((k) => !new RegExp(m[1]!).test(k)).map((k) => `label key ${JSON.stringify(k)}`),
  },
  {
    message: 'Annotation keys must be in the form of an optional DNS subdomain prefix followed by a required name segment of up to 63 characters.',
    rule: /^self\.all\(key, key\.matches\(r"""(.+)"""\)\)$/,
    check: (self, m) => keysOf(self).filter((k) => !new RegExp(m[1]!).test(k)).map((k) => `annotation key ${JSON.stringify(k)}`),
  },
  {
    message: "If specified, the label key's prefix must be a DNS subdomain not longer than 253 characters in total.",
    rule: exact(`self.all(key, key.split("/")[0].size() < 253)`),
    check: (self) => keysOf(self).filter((k) => (k.split('/')[0] ?? '').length >= 253).map((k) => `label key prefix too long: ${k}`),
  },
  {
    message: "If specified, the annotation key's prefix must be a DNS subdomain not longer than 253 characters in total.",
    rule: exact(`self.all(key, key.split("/")[0].size() < 253)`),
    check: (self) => keysOf(self).filter((k) => (k.split('/')[0] ?? '').length >= 253).map((k) => `annotation key prefix too long: ${k}`),
  },
  // Envoy Gateway EnvoyProxy spec.provider.kubernetes (v1.7.5 and v1.8.3)
  {
    message: 'only one of envoyDeployment or envoyDaemonSet can be specified',
    rule: exact(`((has(self.envoyDeployment) && !has(self.envoyDaemonSet)) || (!has(self.envoyDeployment) && has(self.envoyDaemonSet))) || (!has(self.envoyDeployment) && !has(self.envoyDaemonSet))`),
    check: (self) => (isRecord(self) && has(self, 'envoyDeployment') && has(self, 'envoyDaemonSet') ? [''] : []),
  },
  {
    message: 'cannot use envoyHpa if envoyDaemonSet is used',
    rule: exact(`((has(self.envoyHpa) && !has(self.envoyDaemonSet)) || (!has(self.envoyHpa) && has(self.envoyDaemonSet))) || (!has(self.envoyHpa) && !has(self.envoyDaemonSet))`),
    check: (self) => (isRecord(self) && has(self, 'envoyHpa') && has(self, 'envoyDaemonSet') ? [''] : []),
  },
  // EnvoyProxy spec.provider.kubernetes.envoyService: LoadBalancer-only fields
  ...['allocateLoadBalancerNodePorts', 'loadBalancerSourceRanges', 'loadBalancerIP'].map(
    (field): CelRule => ({
      message: `${field} can only be set for LoadBalancer type`,
      rule: exact(`!has(self.${field}) || self.type == 'LoadBalancer'`),
      check: (self) => (isRecord(self) && has(self, field) && self.type !== 'LoadBalancer' ? [`${field} with type ${String(self.type)}`] : []),
    }),
  ),
  // NGINX Gateway Fabric NginxProxy spec.kubernetes
  {
    message: 'only one of deployment or daemonSet can be set',
    rule: exact(`(!has(self.deployment) && !has(self.daemonSet)) || ((has(self.deployment) && !has(self.daemonSet)) || (!has(self.deployment) && has(self.daemonSet)))`),
    check: (self) => (isRecord(self) && has(self, 'deployment') && has(self, 'daemonSet') ? [''] : []),
  },
  // Flux Kustomization spec.kubeConfig
  {
    message: 'exactly one of spec.kubeConfig.configMapRef or spec.kubeConfig.secretRef must be specified',
    rule: exact(`has(self.configMapRef) || has(self.secretRef)`),
    check: (self) => (isRecord(self) && !has(self, 'configMapRef') && !has(self, 'secretRef') ? ['neither configMapRef nor secretRef'] : []),
  },
  {
    message: 'exactly one of spec.kubeConfig.configMapRef or spec.kubeConfig.secretRef must be specified',
    rule: exact(`!has(self.configMapRef) || !has(self.secretRef)`),
    check: (self) => (isRecord(self) && has(self, 'configMapRef') && has(self, 'secretRef') ? ['both configMapRef and secretRef'] : []),
  },
  // Flux GitRepository spec
  {
    message: "serviceAccountName can only be set when provider is 'azure' or 'aws'",
    rule: exact(`!has(self.serviceAccountName) || (has(self.provider) && (self.provider == 'azure' || self.provider == 'aws'))`),
    check: (self) => (isRecord(self) && has(self, 'serviceAccountName') && !['azure', 'aws'].includes(String(self.provider)) ? [''] : []),
  },
  // kgateway GatewayParameters spec
  {
    message: 'exactly one of the fields in [kube selfManaged] must be set',
    rule: exact(`[has(self.kube),has(self.selfManaged)].filter(x,x==true).size() == 1`),
    check: (self) => (isRecord(self) && [self.kube, self.selfManaged].filter((v) => v !== undefined).length !== 1 ? [''] : []),
  },
];

function duplicates(values: string[]): string[] {
  const seen = new Set<string>();
  const dup = new Set<string>();
  for (const v of values) (seen.has(v) ? dup : seen).add(v);
  return [...dup];
}

interface ReachedRule {
  instancePath: string;
  message: string;
  rule: string;
  self: unknown;
}

/** Every x-kubernetes-validations rule on a schema node that the data reaches. */
export function reachedCelRules(schema: unknown, data: unknown, instancePath = '', out: ReachedRule[] = []): ReachedRule[] {
  if (!isRecord(schema) || data === undefined) return out;
  const rules = schema['x-kubernetes-validations'];
  if (Array.isArray(rules)) {
    for (const r of rules) {
      if (isRecord(r)) out.push({ instancePath, message: collapse(String(r.message ?? '')), rule: collapse(String(r.rule ?? '')), self: data });
    }
  }
  for (const key of ['allOf', 'anyOf', 'oneOf'] as const) {
    const list = schema[key];
    if (Array.isArray(list)) for (const s of list) reachedCelRules(s, data, instancePath, out);
  }
  if (isRecord(data)) {
    const props = isRecord(schema.properties) ? schema.properties : {};
    for (const [k, v] of Object.entries(data)) {
      const child = props[k] ?? (isRecord(schema.additionalProperties) ? schema.additionalProperties : undefined);
      reachedCelRules(child, v, `${instancePath}/${escapePointer(k)}`, out);
    }
  } else if (Array.isArray(data)) {
    data.forEach((item, i) => reachedCelRules(schema.items, item, `${instancePath}/${i}`, out));
  }
  return out;
}

const escapePointer = (k: string): string => k.replace(/~/g, '~0').replace(/\//g, '~1');

/** Evaluates by hand the CEL rules the object reaches; unknown (non-transition) rules are problems. */
export function celProblems(rawSchema: unknown, data: unknown, rules: readonly CelRule[] = CEL_RULES): Problem[] {
  const problems: Problem[] = [];
  for (const reached of reachedCelRules(rawSchema, data)) {
    if (/\boldSelf\b/.test(reached.rule)) continue; // transition rule: only evaluated on update
    let impl: CelRule | undefined;
    let match: RegExpMatchArray | null = null;
    for (const r of rules) {
      if (collapse(r.message) !== reached.message) continue;
      match = reached.rule.match(r.rule);
      if (match) {
        impl = r;
        break;
      }
    }
    if (!impl || !match) {
      problems.push({
        instancePath: reached.instancePath,
        message: `CEL rule without a hand implementation in test/crd.ts (add one to CEL_RULES): ${JSON.stringify(reached.message)} rule: ${reached.rule}`,
      });
      continue;
    }
    for (const detail of impl.check(reached.self, match)) {
      problems.push({ instancePath: reached.instancePath, message: `CEL: ${reached.message}${detail ? ` (${detail})` : ''}` });
    }
  }
  return problems;
}

// ---------------------------------------------------------------------------------------------------
// CRD sets

interface CrdFile {
  file: string;
  /** group and kind read cheaply from the file's text (confirmed once the file is parsed). */
  group: string | undefined;
  kind: string | undefined;
}

interface CrdVersion {
  name: string;
  served: boolean;
  schema: Schema;
}

interface Crd {
  file: string;
  group: string;
  kind: string;
  scope: string;
  versions: CrdVersion[];
}

export interface KindValidator {
  crd: Crd;
  version: CrdVersion;
  validate: ValidateFunction;
}

function yamlFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) out.push(...yamlFiles(full));
    else if (/\.ya?ml$/.test(name)) out.push(full);
  }
  return out;
}

function parseCrds(file: string): Crd[] {
  const crds: Crd[] = [];
  for (const doc of parseAllDocuments(readFileSync(file, 'utf8'))) {
    if (doc.errors.length > 0) throw new Error(`${file}: ${doc.errors[0]!.message}`);
    const crd: unknown = doc.toJS();
    if (crd === null || crd === undefined) continue;
    if (!isRecord(crd) || crd.kind !== 'CustomResourceDefinition' || !isRecord(crd.spec)) throw new Error(`${file}: not a CustomResourceDefinition`);
    const spec = crd.spec;
    const names = isRecord(spec.names) ? spec.names : {};
    const versions = (Array.isArray(spec.versions) ? spec.versions : []).filter(isRecord).map((v) => {
      const schema = isRecord(v.schema) && isRecord(v.schema.openAPIV3Schema) ? v.schema.openAPIV3Schema : undefined;
      if (!schema) throw new Error(`${file}: version ${String(v.name)} has no openAPIV3Schema`);
      return { name: String(v.name), served: v.served === true, schema };
    });
    crds.push({ file, group: String(spec.group), kind: String(names.kind), scope: String(spec.scope), versions });
  }
  return crds;
}

/**
 * One CRD set (a folder of upstream CRD files). Files are indexed by group/kind from their text and parsed
 * only when a resource of that kind is validated; validators are compiled once per kind and variant.
 */
export class CrdSet {
  private readonly files: CrdFile[];
  private readonly parsed = new Map<string, Crd[]>();
  private readonly validators = new Map<string, KindValidator>();
  private ajv: AjvInstance | undefined;

  constructor(readonly dir: string) {
    this.files = yamlFiles(dir).map((file) => {
      const text = readFileSync(file, 'utf8');
      const spec = text.indexOf('\nspec:\n');
      const tail = spec < 0 ? '' : text.slice(spec);
      return {
        file,
        group: /\n {2}group: (\S+)\n/.exec(tail)?.[1],
        kind: /\n {2}names:\n(?: {4}.*\n)*? {4}kind: (\S+)\n/.exec(tail)?.[1],
      };
    });
    if (this.files.length === 0) throw new Error(`no CRD files in ${dir}`);
  }

  private crd(group: string, kind: string): Crd | undefined {
    for (const f of this.files) {
      // Files whose header could not be read are parsed to find out.
      if ((f.group !== undefined && f.group !== group) || (f.kind !== undefined && f.kind !== kind)) continue;
      let crds = this.parsed.get(f.file);
      if (!crds) {
        crds = parseCrds(f.file);
        this.parsed.set(f.file, crds);
      }
      const found = crds.find((c) => c.group === group && c.kind === kind);
      if (found) return found;
    }
    return undefined;
  }

  /** The compiled validator for apiVersion + kind; throws when the set has no served version of it. */
  validator(apiVersion: string, kind: string, options: ValidateOptions = {}): KindValidator {
    const key = `${apiVersion}|${kind}|${options.partialSpec === true}`;
    const cached = this.validators.get(key);
    if (cached) return cached;
    const slash = apiVersion.lastIndexOf('/');
    const group = slash < 0 ? '' : apiVersion.slice(0, slash);
    const versionName = apiVersion.slice(slash + 1);
    const crd = this.crd(group, kind);
    if (!crd) throw new Error(`kind ${kind} of group ${JSON.stringify(group)} is not defined by any CRD in ${this.dir}`);
    const version = crd.versions.find((v) => v.name === versionName && v.served);
    if (!version) {
      const served = crd.versions.filter((v) => v.served).map((v) => v.name);
      throw new Error(`${apiVersion} ${kind}: version ${versionName} is not served by ${crd.file} (served: ${served.join(', ')})`);
    }
    const schema = convertSchema(version.schema);
    const props = isRecord(schema.properties) ? schema.properties : undefined;
    if (!props) throw new Error(`${crd.file}: root schema has no properties`);
    props.metadata = objectMeta(crd.scope);
    if (options.partialSpec && isRecord(props.spec)) delete props.spec.required;
    this.ajv ??= newAjv();
    const validator = { crd, version, validate: this.ajv.compile(schema) };
    this.validators.set(key, validator);
    return validator;
  }

  /** Schema, metadata and (hand-evaluated) CEL problems of one object; [] when it is valid. */
  validate(object: unknown, options: ValidateOptions = {}): Problem[] {
    if (!isRecord(object)) return [{ instancePath: '', message: 'a resource must be a mapping' }];
    const { apiVersion, kind } = object;
    if (typeof apiVersion !== 'string' || typeof kind !== 'string') return [{ instancePath: '', message: 'apiVersion and kind must be strings' }];
    let v: KindValidator;
    try {
      v = this.validator(apiVersion, kind, options);
    } catch (err) {
      return [{ instancePath: '', message: (err as Error).message }];
    }
    const defaulted = structuredClone(object); // useDefaults writes into the data
    const problems: Problem[] = [];
    if (!v.validate(defaulted)) {
      for (const e of v.validate.errors ?? []) problems.push({ instancePath: e.instancePath, message: ajvMessage(e) });
    }
    problems.push(...celProblems(v.version.schema, defaulted));
    return problems;
  }
}

export function ajvMessage(e: ErrorObject): string {
  const params = e.params as Record<string, unknown>;
  if (e.keyword === 'additionalProperties') return `${e.message}: ${JSON.stringify(params.additionalProperty)}`;
  if (e.keyword === 'enum') return `${e.message}: ${JSON.stringify(params.allowedValues)}`;
  if (e.keyword === 'propertyNames') return `${e.message}: ${JSON.stringify(params.propertyName)}`;
  return e.message ?? e.keyword;
}

/** ${SHARED}/crds: one folder per CRD set. */
export const CRD_ROOT = join(SHARED, 'crds');
/** The two OpenChoreo eras everything gwtopo emits must validate against. */
export const CRD_SETS = ['openchoreo-v1.1', 'openchoreo-v1.2'];
/** Why CRD tests skip (no crds/ folder), or false when they run. */
export const CRD_SKIP: string | false = requirement(existsSync(CRD_ROOT), `CRDs not found at ${CRD_ROOT} (set GWTOPO_SHARED to the folder holding crds/)`);

const crdSets = new Map<string, CrdSet>();
/** The CRD set of that name, indexed on first use and kept (a missing set folder fails; only a missing crds/ folder skips). */
export function crdSet(name: string): CrdSet {
  let set = crdSets.get(name);
  if (!set) {
    set = new CrdSet(join(CRD_ROOT, name));
    crdSets.set(name, set);
  }
  return set;
}
