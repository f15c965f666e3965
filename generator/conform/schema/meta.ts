// ObjectMeta as the API server validates it on a create (apimachinery's ValidateObjectMeta): a custom
// resource's metadata is only `type: object` in its CRD, but the server decodes it as ObjectMeta (unknown or
// mistyped fields are errors) and checks names, labels and annotations. Names of a custom resource are DNS-1123
// subdomains; names inside an embedded resource are only path segments.
import type { Ctx } from './ctx.js';
import type { Schema } from './types.js';

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const QUALIFIED_NAME_PART = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
/** apimachinery's TotalAnnotationSizeLimitB. */
const ANNOTATIONS_MAX_BYTES = 256 * 1024;

const SUBDOMAIN_RULE = "must be a lowercase RFC 1123 subdomain: lowercase letters, digits, '-' and '.', starting and ending with a letter or digit";
const LABEL_RULE = "must be a lowercase RFC 1123 label: lowercase letters, digits and '-', starting and ending with a letter or digit";
const NAME_PART_RULE = "the name part must be letters, digits, '-', '_' or '.', starting and ending with a letter or digit";

function dns1123Subdomain(value: string): string[] {
  const out: string[] = [];
  if (value.length > 253) out.push('must be no more than 253 characters');
  if (!DNS1123_SUBDOMAIN.test(value)) out.push(SUBDOMAIN_RULE);
  return out;
}

function dns1123Label(value: string): string[] {
  const out: string[] = [];
  if (value.length > 63) out.push('must be no more than 63 characters');
  if (!DNS1123_LABEL.test(value)) out.push(LABEL_RULE);
  return out;
}

/** A label or annotation key: an optional DNS subdomain prefix and '/', then a name of at most 63 characters. */
function qualifiedName(value: string): string[] {
  const parts = value.split('/');
  let name: string;
  const out: string[] = [];
  if (parts.length === 1) name = parts[0]!;
  else if (parts.length === 2) {
    const prefix = parts[0]!;
    name = parts[1]!;
    if (prefix.length === 0) out.push('the prefix part must not be empty');
    else for (const p of dns1123Subdomain(prefix)) out.push(`the prefix part ${p}`);
  } else {
    return ["a qualified name must be a name with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')"];
  }
  if (name.length === 0) out.push('the name part must not be empty');
  else {
    if (name.length > 63) out.push('the name part must be no more than 63 characters');
    if (!QUALIFIED_NAME_PART.test(name)) out.push(NAME_PART_RULE);
  }
  return out;
}

function labelValue(value: string): string[] {
  const out: string[] = [];
  if (value.length > 63) out.push('must be no more than 63 characters');
  if (!LABEL_VALUE.test(value)) out.push("must be empty or letters, digits, '-', '_' or '.', starting and ending with a letter or digit");
  return out;
}

/** path.ValidatePathSegmentName: what a name inside an embedded resource must be. */
function pathSegmentName(value: string, prefix: boolean): string[] {
  if (!prefix && (value === '.' || value === '..')) return [`may not be '${value}'`];
  return ['/', '%'].filter((bad) => value.includes(bad)).map((bad) => `may not contain '${bad}'`);
}

const STRING: Schema = { type: 'string' };
const STRING_MAP: Schema = { type: 'object', additionalProperties: STRING };

/** The fields of ObjectMeta with their JSON types (what the API server's strict decoding accepts). */
export const OBJECT_META: Schema = {
  type: 'object',
  properties: {
    annotations: STRING_MAP,
    creationTimestamp: { type: 'string', nullable: true },
    deletionGracePeriodSeconds: { type: 'integer', format: 'int64' },
    deletionTimestamp: { type: 'string', nullable: true },
    finalizers: { type: 'array', items: STRING },
    generateName: STRING,
    generation: { type: 'integer', format: 'int64' },
    labels: STRING_MAP,
    managedFields: { type: 'array', items: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } },
    name: STRING,
    namespace: STRING,
    ownerReferences: {
      type: 'array',
      items: {
        type: 'object',
        required: ['apiVersion', 'kind', 'name', 'uid'],
        properties: {
          apiVersion: STRING,
          blockOwnerDeletion: { type: 'boolean' },
          controller: { type: 'boolean' },
          kind: STRING,
          name: STRING,
          uid: STRING,
        },
      },
    },
    resourceVersion: STRING,
    selfLink: STRING,
    uid: STRING,
  },
};

const keyProblems = new Map<string, string[]>();
const valueProblems = new Map<string, string[]>();
/** Label and annotation keys and label values repeat across a fleet's objects: their verdicts are kept. */
function memo(cache: Map<string, string[]>, text: string, check: (s: string) => string[]): string[] {
  let problems = cache.get(text);
  // Stryker disable next-line ConditionalExpression: equivalent: the cache only saves work, a fresh check gives the same verdict
  if (problems === undefined) {
    // Stryker disable next-line ConditionalExpression,EqualityOperator: equivalent: when the cache is emptied only bounds its memory
    if (cache.size >= 4096) cache.clear();
    problems = check(text);
    cache.set(text, problems);
  }
  return problems;
}

/** What the API server checks of an ObjectMeta beyond its JSON types. `root`: the resource itself (its name is a DNS subdomain and required). */
export function checkObjectMeta(meta: Record<string, unknown>, ctx: Ctx, root: boolean): void {
  /** A finding at metadata.<segments…> (ctx.path is the path of the metadata). */
  const at = (segments: (string | number)[], message: string, blocking: boolean): void => {
    const last = segments[segments.length - 1]!;
    const parents = segments.slice(0, -1);
    ctx.path.push(...parents);
    ctx.invalid(message, blocking, last);
    ctx.path.length -= parents.length;
  };
  const name = typeof meta.name === 'string' ? meta.name : '';
  const generateName = typeof meta.generateName === 'string' ? meta.generateName : '';
  if (root && name === '' && generateName === '') at(['name'], 'Required value: name or generateName is required', true);
  const nameProblems = (value: string, prefix: boolean): string[] => {
    if (!root) return pathSegmentName(value, prefix);
    // A generateName is a prefix: a trailing '-' is masked as the API server does (maskTrailingDash).
    return dns1123Subdomain(prefix && value.length > 1 && value.endsWith('-') ? `${value.slice(0, -2)}a` : value);
  };
  if (name !== '') for (const p of nameProblems(name, false)) at(['name'], `Invalid value: ${JSON.stringify(name)}: ${p}`, false);
  if (generateName !== '') for (const p of nameProblems(generateName, true)) at(['generateName'], `Invalid value: ${JSON.stringify(generateName)}: ${p}`, false);
  if (typeof meta.namespace === 'string' && meta.namespace !== '') {
    for (const p of dns1123Label(meta.namespace)) at(['namespace'], `Invalid value: ${JSON.stringify(meta.namespace)}: ${p}`, false);
  }
  if (isStringMap(meta.labels)) {
    for (const [k, v] of Object.entries(meta.labels)) {
      for (const p of memo(keyProblems, k, qualifiedName)) at(['labels', k], `Invalid value: ${JSON.stringify(k)}: ${p}`, false);
      if (typeof v === 'string') for (const p of memo(valueProblems, v, labelValue)) at(['labels', k], `Invalid value: ${JSON.stringify(v)}: ${p}`, false);
    }
  }
  if (isStringMap(meta.annotations)) {
    let size = 0;
    for (const [k, v] of Object.entries(meta.annotations)) {
      for (const p of memo(keyProblems, k.toLowerCase(), qualifiedName)) at(['annotations', k], `Invalid value: ${JSON.stringify(k)}: ${p}`, false);
      size += Buffer.byteLength(k) + (typeof v === 'string' ? Buffer.byteLength(v) : 0);
    }
    if (size > ANNOTATIONS_MAX_BYTES) at(['annotations'], `Too long: may not be more than ${ANNOTATIONS_MAX_BYTES} bytes`, true);
  }
  if (Array.isArray(meta.finalizers)) {
    meta.finalizers.forEach((f, i) => {
      if (typeof f === 'string') for (const p of qualifiedName(f)) at(['finalizers', i], `Invalid value: ${JSON.stringify(f)}: ${p}`, false);
    });
  }
  // ValidateObjectMetaAccessor's ValidateNonnegativeField (a resource's metadata and an embedded resource's alike).
  if (typeof meta.generation === 'number' && meta.generation < 0) at(['generation'], `Invalid value: ${meta.generation}: must be greater than or equal to 0`, false);
}

function isStringMap(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
