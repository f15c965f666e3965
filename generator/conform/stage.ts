// The conform stage of the pipeline: every rendered resource is validated against the schema set of the
// cluster it goes to, as its API server would (the engine in index.ts), and each finding becomes a
// problem positioned at the topology line that produced the value. Pure: sets are loaded by the caller.
import { parse } from 'yaml';
import { locate, positionOf } from '../diagnostics/position.js';
import { type FieldPath, formatPath, type Problem } from '../diagnostics/problem.js';
import { type Provenance, type Source, trace } from '../diagnostics/provenance.js';
import type { ParsedTopology } from '../parse/parsed.js';
import type { OutputFile } from '../serialize/files.js';
import { docUrl } from '../support/docs.js';
import type { CrdsConfig, SetRef } from '../topology/config.js';
import { patternMatches } from '../topology/config.js';
import type { Origin, Resource } from '../topology/resource.js';
import { admitObject, hasAdmission, namespacesOf } from './admission/admit.js';
import { groupOf } from './admission/policy.js';
import { ADMISSION_HINTS, ADMISSION_RULES, namespaceNotice } from './admission/report.js';
import { BUILTIN_SETS, type Finding, installHint, type SchemaSet, type SetLoad, validateObject } from './index.js';

/** One rendered resource to validate. */
export interface ConformItem {
  /** Its output file, relative to the root. */
  file: string;
  resource: Resource;
  origin: Origin;
  /** A server-side-apply partial object: the `required` list directly under spec is not enforced. */
  partial: boolean;
  /** The object it replaces (diff: the base's), for transition rules. */
  old?: unknown;
  /** Its serialized form when there is one (the file without its header): equal texts are equal objects. */
  text?: string;
  /** Its findings as a create, when the default step has them already (conform/defaults.ts, `defaulted`). */
  findings?: readonly Finding[];
}

/** The file that produced the resources, and how to find a path in it. */
interface ConformSource {
  file: string;
  /**
   * The part of `path` that the file holds (a value may come from a default), and its position — in another
   * file (`file`) when a profile wrote the value.
   */
  position(path: FieldPath): { file?: string; line: number; col: number; path: FieldPath };
  /** What the set applies to, for messages: `cluster prod-eu`, or the engine objects. */
  subject: string;
}

/** (A prefix longer than the path fails on a segment the path lacks: no segment is undefined.) */
const isPrefix = (prefix: FieldPath, path: FieldPath): boolean => prefix.every((seg, i) => seg === path[i]);

/** The topology path that produced the value at `path` in the resource. */
export function originOf(origin: Origin, path: FieldPath): FieldPath {
  let best: { at: FieldPath; from: FieldPath } | undefined;
  for (const field of origin.fields ?? []) if (isPrefix(field.at, path) && (best === undefined || field.at.length > best.at.length)) best = field;
  return best?.from ?? origin.path;
}

/** `Gateway openchoreo-data-plane/edge` */
function resourceLabel(resource: Resource): string {
  const ns = typeof resource.metadata.namespace === 'string' ? `${resource.metadata.namespace}/` : '';
  return `${resource.kind} ${ns}${resource.metadata.name}`;
}

/** What the set applies to and which set it is. */
function context(source: ConformSource, set: SchemaSet): string {
  return `${source.subject}, schema set ${set.name}`;
}

function hintFor(finding: Finding, resource: Resource, set: SchemaSet, written: boolean): string {
  const builtin = BUILTIN_SETS.includes(set.name);
  const group = groupOf(resource.apiVersion);
  const crds = installHint(group) ?? `the CRDs of ${group === '' ? 'the core API' : group}`;
  switch (finding.kind) {
    case 'missing-kind':
      return `install ${crds} on the cluster${builtin ? '' : ` and capture its CRDs into ${set.name} again`}, or choose the set the cluster runs (spec.crds, ${docUrl('schema-sets.md')})${
        resource.kind === 'ListenerPolicy' ? '; or set websocket: false on the gateway, which then renders no ListenerPolicy (WebSocket upgrades stay off)' : ''
      }`;
    case 'not-checked':
      return `gwtopo could not evaluate this rule (${docUrl('schema-sets.md', 'not-checked')}); the API server will: check the value by hand, or with kubectl apply --dry-run=server`;
    case 'invalid':
      if (!written) {
        // A field gwtopo renders on its own (spec.infrastructure, a default): nothing in the topology to change.
        return builtin
          ? `the API server would refuse the object, and the value is not in the topology but rendered by gwtopo: please report it (${docUrl('schema-sets.md')})`
          : `gwtopo renders this itself (it is not in the topology), and the cluster's own CRDs (${set.name}) refuse it: upgrade ${crds} on the cluster and capture them again, or choose the set the cluster runs (spec.crds, ${docUrl('schema-sets.md')})`;
      }
      return builtin
        ? 'the API server would refuse the object: change the value in the topology'
        : `the cluster's own CRDs (${set.name}) refuse it: change the value, or upgrade ${crds} on the cluster and capture them again (${docUrl('schema-sets.md')})`;
  }
}

/**
 * The findings worth reporting: when an object has errors, the API server skips its CEL rules and says so
 * (a not-checked finding without a rule); the errors already say what to fix.
 */
export function reportable(findings: readonly Finding[]): Finding[] {
  const invalid = findings.some((f) => f.kind === 'invalid');
  return invalid ? findings.filter((f) => !(f.kind === 'not-checked' && f.rule === undefined && f.path.length === 0)) : [...findings];
}

const RULES = { invalid: 'crd-invalid', 'missing-kind': 'crd-missing', 'not-checked': 'crd-not-checked' } as const satisfies Record<Finding['kind'], string>;

/** The problem of one finding, positioned at the topology value that produced it. */
function toProblem(finding: Finding, item: ConformItem, set: SchemaSet, source: ConformSource): Problem {
  const origin = originOf(item.origin, finding.path);
  const at = source.position(origin);
  const field = formatPath(finding.path);
  const transition = finding.rule !== undefined && /\boldSelf\b/.test(finding.rule) ? 'on update from the base revision; ' : '';
  return {
    severity: finding.kind === 'not-checked' ? 'warning' : 'error',
    file: at.file ?? source.file,
    line: at.line,
    col: at.col,
    path: formatPath(at.path),
    rule: RULES[finding.kind],
    message: `${resourceLabel(item.resource)} (${item.file}): ${field === '' ? '' : `${field}: `}${finding.message} (${transition}${context(source, set)})`,
    // The file holds the whole path: the value was written there, so changing it is a fix.
    hint: hintFor(finding, item.resource, set, at.path.length >= origin.length),
  };
}

/**
 * Findings by object (its text) per set and kind of validation (whole object, partial): fleets render many
 * identical objects (the same gateway and parameters in many clusters).
 */
const cache = new WeakMap<SchemaSet, [whole: Map<string, Finding[]>, partial: Map<string, Finding[]>]>();
/** Past this many distinct objects a cache starts over (memory stays bounded on huge fleets). */
const MAX_CACHED = 20_000;

/** The value as its file holds it: undefined values are not written. */
function written(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(written);
  if (typeof value !== 'object' || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) if (v !== undefined) out[k] = written(v);
  return out;
}

/**
 * The findings of one rendered object. Validation is a pure function of the set and the object, so an
 * object identical to one validated before — the same canonical text, or the same JSON when there is no
 * text — reuses its findings; an update (old object given) is always validated.
 */
function findingsOf(set: SchemaSet, item: ConformItem): readonly Finding[] {
  if (item.findings !== undefined && item.old === undefined) return item.findings;
  if (item.old !== undefined) return validateObject(set, written(item.resource), { partial: item.partial, old: item.old });
  let caches = cache.get(set);
  if (caches === undefined) cache.set(set, (caches = [new Map(), new Map()]));
  const byObject = caches[item.partial ? 1 : 0];
  const key = item.text ?? JSON.stringify(item.resource);
  let findings = byObject.get(key);
  if (findings === undefined) {
    findings = validateObject(set, written(item.resource), { partial: item.partial });
    if (byObject.size >= MAX_CACHED) byObject.clear();
    byObject.set(key, findings);
  }
  return findings;
}

/** Validates the resources against the set; problems in the order of the items and their findings. */
function conformResources(set: SchemaSet, items: readonly ConformItem[], source: ConformSource): Problem[] {
  const problems: Problem[] = [];
  for (const item of items) {
    for (const finding of reportable(findingsOf(set, item))) problems.push(toProblem(finding, item, set, source));
  }
  // Stryker disable next-line ConditionalExpression: equivalent: without policies admitObject finds nothing, so admitResources adds nothing
  if (hasAdmission(set)) problems.push(...admitResources(set, items, source));
  return problems;
}

/**
 * The set's admission policies on the resources (a create, or an update from the base's object in diff), with
 * the Namespace objects rendered beside them; each finding at the topology value that produced the resource.
 * Server-side-apply partial objects are not admitted: the object the API server admits is the merged one.
 */
function admitResources(set: SchemaSet, items: readonly ConformItem[], source: ConformSource): Problem[] {
  const problems: Problem[] = [];
  const objects = new Map(items.map((item) => [item, written(item.resource) as Record<string, unknown>]));
  const namespaces = namespacesOf(objects.values());
  const unknown: string[] = [];
  let first: Pick<Problem, 'file' | 'line' | 'col' | 'path'> | undefined;
  for (const item of items) {
    if (item.partial) continue;
    // Stryker disable next-line ConditionalExpression: equivalent: admitObject tests old === undefined, so an absent old and old: undefined are alike
    const result = admitObject(set, objects.get(item)!, { namespace: (name) => namespaces.get(name), ...(item.old === undefined ? {} : { old: item.old }) });
    const at = source.position(item.origin.path);
    const place = { file: at.file ?? source.file, line: at.line, col: at.col, path: formatPath(at.path) };
    const update = item.old === undefined ? '' : 'on update from the base revision; ';
    for (const f of result.findings) {
      problems.push({
        severity: f.kind === 'denied' ? 'error' : 'warning',
        ...place,
        rule: ADMISSION_RULES[f.kind],
        message: `${resourceLabel(item.resource)} (${item.file}): ${f.message} (${update}${context(source, set)})`,
        hint: ADMISSION_HINTS[f.kind],
      });
    }
    if (result.unknownNamespace !== undefined && !unknown.includes(result.unknownNamespace)) {
      unknown.push(result.unknownNamespace);
      first ??= place;
    }
  }
  if (first !== undefined) {
    const notice = namespaceNotice(unknown, `the objects rendered for ${source.subject}`);
    problems.push({ severity: 'warning', ...first, rule: notice.rule, message: `${notice.message} (${context(source, set)})`, hint: notice.hint });
  }
  return problems;
}

/**
 * The object a rendered resource replaces, for transition rules: the previous content of its output file
 * (diff: the base revision's) when that differs and holds the same object (kind, namespace and name).
 */
function previousObject(previous: string | undefined, current: string, resource: Resource): unknown {
  // Stryker disable next-line ConditionalExpression: equivalent: parsing no text gives no object of the same kind either
  if (previous === undefined) return undefined;
  if (previous === current) return undefined;
  let old: unknown;
  try {
    old = parse(previous);
    // Stryker disable next-line BlockStatement: equivalent: old stays undefined, which is no object of the same kind either
  } catch {
    return undefined;
  }
  const o = old as { kind?: unknown; metadata?: { name?: unknown; namespace?: unknown } } | null;
  const same =
    o?.kind === resource.kind &&
    o.metadata?.name === resource.metadata.name &&
    // Stryker disable next-line OptionalChaining: equivalent: where the namespace is read, the name matched, so metadata is there
    o.metadata?.namespace === resource.metadata.namespace;
  return same ? old : undefined;
}

/**
 * Finds the part of a path that a parsed file holds (its key, or its item in a list), and its position; a
 * value that comes from a default of the whole file (nothing below spec is written) is at metadata.name.
 */
function positionIn(parsed: Pick<Source, 'doc' | 'lineCounter'>): ConformSource['position'] {
  return (path) => {
    let held = path.slice(0, locate(parsed.doc, path).depth);
    if (held.length < 2) held = ['metadata', 'name'].slice(0, locate(parsed.doc, ['metadata', 'name']).depth);
    return { ...positionOf(parsed.doc, parsed.lineCounter, held, 'key'), path: held };
  };
}

/**
 * The resources one file produced (a topology, gwtopo.yaml) against a set; `files` are their serialized
 * forms, and `previous` the files they replace (diff: the base's), for transition rules.
 */
export function conformFile(
  set: SchemaSet,
  resources: readonly Omit<ConformItem, 'old'>[],
  files: readonly OutputFile[],
  from: { parsed: ParsedTopology; provenance?: Provenance; subject: string; previous?: ReadonlyMap<string, string> },
): Problem[] {
  const contents = new Map(files.map((f) => [f.path, f.content]));
  const items = resources.map((r): ConformItem => {
    // (Findings the default step has already made are used as they are unless there is an old object: findingsOf.)
    const content = contents.get(r.file);
    if (content === undefined) return r;
    const old = previousObject(from.previous?.get(r.file), content, r.resource);
    // The text after the generated header (which names the topology, so it differs between clusters).
    const text = content.slice(content.indexOf('\n') + 1);
    // Stryker disable next-line ConditionalExpression: equivalent: old: undefined is tested as no old object everywhere (findingsOf, admitResources)
    return old === undefined ? { ...r, text } : { ...r, text, old };
  });
  return conformResources(set, items, { file: from.parsed.file, position: from.provenance === undefined ? positionIn(from.parsed) : tracedPosition(from.provenance), subject: from.subject });
}

/** Positions in a topology merged from profiles: each path is traced to the file that wrote it (diagnostics/provenance.ts). */
function tracedPosition(provenance: Provenance): ConformSource['position'] {
  const positions = provenance.sources.map((source) => positionIn(source));
  return (path) => {
    const traced = trace(provenance.origin, path);
    return { ...positions[traced.src]!(traced.path), file: provenance.sources[traced.src]!.file };
  };
}

/** A set named in a file (spec.crds) that does not load: a problem at the value. */
export function setProblem(ref: SetRef, message: string, hint: string): Problem {
  return { severity: 'error', file: ref.file, line: ref.line, col: ref.col, path: ref.path, rule: 'schema-set', message, hint };
}

/** What loading a set named at `ref` had to say (documents skipped, kinds defined twice), as warnings there. */
export function setNotices(ref: SetRef, notices: readonly string[] | undefined): Problem[] {
  return (notices ?? []).map((message) => ({
    severity: 'warning',
    file: ref.file,
    line: ref.line,
    col: ref.col,
    path: ref.path,
    rule: 'schema-set-notice',
    message,
    hint: 'nothing to do if the folder is what the cluster runs; capture only the CRDs (kubectl get crd -o yaml) to silence it',
  }));
}

/**
 * gwtopo.yaml's spec.crds, checked once per run: every set it names must load, and every cluster pattern
 * should match a cluster (one that matches none is likely a typo).
 */
export function configSetProblems(crds: CrdsConfig, clusters: readonly string[], load: (value: string) => SetLoad): Problem[] {
  const problems: Problem[] = [];
  for (const ref of [...(crds.default === undefined ? [] : [crds.default]), ...crds.clusters.map((c) => c.set)]) {
    const loaded = load(ref.value);
    if (!loaded.ok) problems.push(setProblem(ref, loaded.message, loaded.hint ?? ''));
    else problems.push(...setNotices(ref, loaded.notices));
  }
  for (const { pattern, set } of crds.clusters) {
    if (clusters.some((c) => patternMatches(pattern, c))) continue;
    problems.push({
      severity: 'warning',
      file: set.file,
      line: set.line,
      col: set.col,
      path: set.path,
      rule: 'schema-set-unused',
      message: `the pattern ${JSON.stringify(pattern)} matches no cluster under topologies/`,
      hint: 'fix the pattern (* any characters, ? one character), or remove the entry',
    });
  }
  return problems;
}
