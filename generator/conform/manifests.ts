// `gwtopo conform`: any Kubernetes YAML (multi-document streams, List kinds) validated against a schema
// set. Every finding is positioned at the offending field in its file (the nearest existing parent when
// the field is absent, e.g. a required one). Pure: the texts are read by parse/manifests.ts.
import { Composer, type Document, Parser } from 'yaml';
import { LineIndex } from '../diagnostics/line-index.js';
import { locate, positionOf } from '../diagnostics/position.js';
import { type FieldPath, formatPath, type Problem } from '../diagnostics/problem.js';
import { DUPLICATE_KEY_HINT, duplicateKeyMessage, firstKeyOffsets } from '../parse/duplicate-keys.js';
import { KUBECTL_SCHEMA } from '../parse/kubectl-yaml.js';
import type { ManifestText } from '../parse/manifests.js';
import { docUrl } from '../support/docs.js';
import { type SchemaSet, validateObject } from './index.js';
import { reportable } from './stage.js';

/** Kinds the set has no schema for, with how many objects of each were seen. */
export interface NotChecked {
  apiVersion: string;
  kind: string;
  count: number;
}

export interface ConformResult {
  problems: Problem[];
  /** Objects read (List items counted one by one). */
  resources: number;
  /** Objects with an error. */
  invalid: number;
  notChecked: NotChecked[];
}

/** YAML errors listed per input; the rest are counted. */
const MAX_YAML_ERRORS = 5;
const MAX_ALIAS_COUNT = 100;

type Raw = Record<string, unknown>;
const isMap = (v: unknown): v is Raw => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * A server-side-apply partial object (gwtopo's control-plane overlays, or any object Argo CD applies with
 * Validate=false or Flux merges with ssa: Merge) holds only the fields it sets: the `required` list
 * directly under spec is not enforced.
 */
function isPartial(object: Raw): boolean {
  const annotations = isMap(object.metadata) && isMap(object.metadata.annotations) ? object.metadata.annotations : {};
  const argo = annotations['argocd.argoproj.io/sync-options'];
  return annotations['kustomize.toolkit.fluxcd.io/ssa'] === 'Merge' || (typeof argo === 'string' && argo.split(',').some((o) => o.trim() === 'Validate=false'));
}

interface Positioned {
  file: string;
  doc: Document;
  lines: LineIndex;
  /** Lines of the file before the text parsed (a part of a file). */
  offset: number;
}

/** The position of the field at `path` (its key), or of the nearest parent that exists. */
function fieldPosition(at: Positioned, path: FieldPath): { line: number; col: number } {
  const depth = locate(at.doc, path).depth;
  return shift(positionOf(at.doc, at.lines, path.slice(0, depth), 'key'), at.offset);
}

function problem(severity: Problem['severity'], at: Positioned, path: FieldPath, rule: string, message: string, extra: { resource?: string; hint?: string; objectPath?: FieldPath } = {}): Problem {
  return {
    severity,
    file: at.file,
    ...fieldPosition(at, path),
    path: formatPath(extra.objectPath ?? path),
    rule,
    message,
    ...(extra.resource === undefined ? {} : { resource: extra.resource }),
    ...(extra.hint === undefined ? {} : { hint: extra.hint }),
  };
}

function shift(pos: { line: number; col: number }, lines: number): { line: number; col: number } {
  return { line: pos.line + lines, col: pos.col };
}

/** `Gateway/edge` (the contract's `<kind>/<name>`). */
function label(object: Raw): string {
  const name = isMap(object.metadata) ? object.metadata.name : undefined;
  if (name === undefined || name === null) return `${String(object.kind)}/(no name)`;
  return `${String(object.kind)}/${typeof name === 'object' ? JSON.stringify(name) : String(name)}`;
}

function byKind(a: NotChecked, b: NotChecked): number {
  return a.kind < b.kind ? -1 : a.kind > b.kind ? 1 : a.apiVersion < b.apiVersion ? -1 : a.apiVersion > b.apiVersion ? 1 : 0;
}

class Conformer {
  readonly problems: Problem[] = [];
  resources = 0;
  invalid = 0;
  private readonly notChecked = new Map<string, NotChecked>();
  /** `group/Kind` of every CRD in the set: a kind it has in other versions only is refused, not unchecked. */
  private readonly known: Set<string>;

  constructor(
    private readonly set: SchemaSet,
    private readonly strict: boolean,
    private readonly fieldValidation: FieldValidation = 'Strict',
  ) {
    this.known = new Set(set.kinds().map((k) => k.replace(/\/[^/]+\/([^/]+)$/, '/$1')));
  }

  /** One object at `prefix` in its document. */
  object(at: Positioned, prefix: FieldPath, object: unknown): void {
    this.resources++;
    if (!isMap(object) || typeof object.apiVersion !== 'string' || typeof object.kind !== 'string' || object.apiVersion === '' || object.kind === '') {
      this.invalid++;
      this.problems.push(
        problem('error', at, prefix, 'conform-input', 'not a Kubernetes object: a map with apiVersion and kind is expected', {
          hint: 'conform reads Kubernetes manifests (as kubectl apply -f takes them)',
        }),
      );
      return;
    }
    const resource = label(object);
    let invalid = false;
    const group = object.apiVersion.includes('/') ? object.apiVersion.slice(0, object.apiVersion.lastIndexOf('/')) : '';
    for (const f of reportable(validateObject(this.set, object, { partial: isPartial(object) }))) {
      const where = [...prefix, ...f.path];
      if (f.kind === 'missing-kind') {
        if (this.known.has(`${group}/${object.kind}`)) {
          invalid = true;
          this.problems.push(problem('error', at, [...where, 'apiVersion'], 'crd-missing', f.message, { resource, objectPath: ['apiVersion'], hint: 'use a version the CRD serves' }));
        } else if (this.strict) {
          invalid = true;
          this.problems.push(
            problem('error', at, where, 'crd-missing', `${f.message} (--strict)`, {
              resource,
              objectPath: f.path,
              hint: 'check it against a set that has its CRD (--crds), or leave --strict out to count it as not checked',
            }),
          );
        } else {
          const key = `${object.apiVersion}\u0000${object.kind}`;
          const entry = this.notChecked.get(key) ?? { apiVersion: object.apiVersion, kind: object.kind, count: 0 };
          entry.count++;
          this.notChecked.set(key, entry);
        }
      } else if (f.kind === 'not-checked') {
        this.problems.push(
          problem('warning', at, where, 'crd-not-checked', f.message, {
            resource,
            objectPath: f.path,
            hint: `gwtopo could not evaluate this rule (${docUrl('schema-sets.md', 'not-checked')}); the API server will`,
          }),
        );
      } else if (f.message.startsWith('unknown field ') && this.fieldValidation !== 'Strict') {
        // The API server's fieldValidation: Warn stores the object without the field and warns; Ignore just drops it.
        if (this.fieldValidation === 'Warn') {
          this.problems.push(
            problem('warning', at, where, 'crd-unknown-field', `${f.message}: the API server drops it (fieldValidation=Warn)`, {
              resource,
              objectPath: f.path,
              hint: 'remove the field, or move it where the schema has it; --field-validation Strict refuses it',
            }),
          );
        }
      } else {
        invalid = true;
        this.problems.push(problem('error', at, where, 'crd-invalid', f.message, { resource, objectPath: f.path }));
      }
    }
    if (invalid) this.invalid++;
  }

  /** One input: its documents, List items one by one. */
  input(input: ManifestText): void {
    const offset = input.line ?? 0;
    const index = new LineIndex(input.text);
    const lines = { linePos: (at: number) => shift(index.linePos(at), offset) };
    const stackTraceLimit = Error.stackTraceLimit;
    // The yaml package builds an Error per bad token; for garbage input their stack traces cost most of the time.
    Error.stackTraceLimit = 0;
    let docs: Document.Parsed[];
    try {
      // Plain scalars as kubectl reads them (sigs.k8s.io/yaml, go-yaml v2: parse/kubectl-yaml.ts).
      docs = [...new Composer({ uniqueKeys: true, prettyErrors: false, version: '1.1', schema: KUBECTL_SCHEMA, logLevel: 'error' }).compose(new Parser().parse(input.text), true, input.text.length)];
    } catch (err) {
      // The parser recursed too deeply (thousands of nested brackets) or failed in an unforeseen way.
      this.problems.push({ severity: 'error', file: input.file, ...lines.linePos(0), path: '', rule: 'conform-input', message: `YAML could not be parsed: ${(err as Error).message}` });
      return;
    } finally {
      Error.stackTraceLimit = stackTraceLimit;
    }
    let yamlErrors = 0;
    for (const doc of docs) {
      const at: Positioned = { file: input.file, doc, lines: index, offset };
      const errors = [...doc.errors];
      if (errors.some((e) => e.message.includes('Maximum call stack size exceeded'))) {
        this.problems.push({ severity: 'error', file: input.file, ...lines.linePos(doc.range[0]), path: '', rule: 'conform-input', message: 'YAML could not be parsed: it nests too deeply' });
        return;
      }
      if (errors.length > 0) {
        const firstKeys = errors.some((e) => e.code === 'DUPLICATE_KEY') ? firstKeyOffsets(doc) : new Map<number, number>();
        for (const e of errors) {
          if (++yamlErrors > MAX_YAML_ERRORS) continue;
          const pos = lines.linePos(e.pos[0]);
          if (e.code === 'DUPLICATE_KEY') {
            const first = firstKeys.get(e.pos[0]);
            const message = duplicateKeyMessage(input.text, e.pos[0], first === undefined ? undefined : lines.linePos(first).line);
            this.problems.push({ severity: 'error', file: input.file, ...pos, path: '', rule: 'conform-input', message, hint: DUPLICATE_KEY_HINT });
            continue;
          }
          const message = `YAML syntax error: ${e.message.split('\n')[0]!.replace(/ at line \d+, column \d+.*$/, '')}`;
          this.problems.push({ severity: 'error', file: input.file, ...pos, path: '', rule: 'conform-input', message });
        }
        continue;
      }
      let data: unknown;
      try {
        data = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
      } catch (err) {
        this.problems.push({ severity: 'error', file: input.file, ...lines.linePos(doc.range[0]), path: '', rule: 'conform-input', message: `YAML could not be read: ${(err as Error).message}` });
        continue;
      }
      // kubectl skips a document that is empty or null (`helm template`'s `# Source:` documents, a trailing
      // `---`, `~`): cli-runtime's StreamVisitor.Visit drops a document whose JSON is empty or `null`.
      if (data === null || data === undefined) continue;
      if (isMap(data) && data.kind === 'List' && Array.isArray(data.items))
        data.items.forEach((item, i) => {
          this.object(at, ['items', i], item);
        });
      else this.object(at, [], data);
    }
    if (yamlErrors > MAX_YAML_ERRORS) {
      this.problems.push({
        severity: 'error',
        file: input.file,
        ...lines.linePos(0),
        path: '',
        rule: 'conform-input',
        message: `${yamlErrors - MAX_YAML_ERRORS} more YAML errors, most of them consequences of the ones above`,
      });
    }
  }

  result(): ConformResult {
    const notChecked = [...this.notChecked.values()].sort(byKind);
    return { problems: this.problems, resources: this.resources, invalid: this.invalid, notChecked };
  }
}

/** Validates every object of the inputs against the set. */
/** The API server's fieldValidation (kubectl --validate=strict|warn|ignore): what an unknown field does. */
export type FieldValidation = 'Strict' | 'Warn' | 'Ignore';
export const FIELD_VALIDATIONS: readonly FieldValidation[] = ['Strict', 'Warn', 'Ignore'];

export function conformManifests(set: SchemaSet, inputs: readonly ManifestText[], strict: boolean, fieldValidation: FieldValidation = 'Strict'): ConformResult {
  const c = new Conformer(set, strict, fieldValidation);
  for (const input of inputs) c.input(input);
  return c.result();
}

/** The results of several threads as one (problems in any order: the command sorts them). */
export function mergeResults(results: readonly ConformResult[]): ConformResult {
  const notChecked = new Map<string, NotChecked>();
  for (const r of results) {
    for (const k of r.notChecked) {
      const key = `${k.apiVersion}\u0000${k.kind}`;
      const seen = notChecked.get(key);
      notChecked.set(key, seen === undefined ? { ...k } : { ...seen, count: seen.count + k.count });
    }
  }
  return {
    problems: results.flatMap((r) => r.problems),
    resources: results.reduce((n, r) => n + r.resources, 0),
    invalid: results.reduce((n, r) => n + r.invalid, 0),
    notChecked: [...notChecked.values()].sort(byKind),
  };
}
