// Kubernetes objects from YAML or JSON texts as kubectl reads them: multi-document streams, `List` kinds item
// by item, empty documents skipped, plain scalars as sigs.k8s.io/yaml reads them. Every object keeps where it
// is (its document and its path in it), so a finding can be positioned at the offending field. Used by
// `gwtopo conform`, and by `import` and `diff --live` for captured cluster state. Pure: the texts are read by
// parse/manifests.ts.
import { Composer, type Document, Parser } from 'yaml';
import { LineIndex } from '../diagnostics/line-index.js';
import { locate, positionOf } from '../diagnostics/position.js';
import { type FieldPath, formatPath, type Problem } from '../diagnostics/problem.js';
import { DUPLICATE_KEY_HINT, duplicateKeyMessage, firstKeyOffsets } from './duplicate-keys.js';
import { KUBECTL_SCHEMA } from './kubectl-yaml.js';
import type { ManifestText } from './manifests.js';

/** YAML errors listed per input; the rest are counted. */
const MAX_YAML_ERRORS = 5;
const MAX_ALIAS_COUNT = 100;

/** A document of an input, with what it takes to position a path in it. */
export interface Positioned {
  file: string;
  doc: Document;
  lines: LineIndex;
  /** Lines of the file before the text parsed (a part of a file). */
  offset: number;
}

/** One object of an input: its document and its path there (`[]`, or `['items', i]` in a List). */
interface ReadObject {
  at: Positioned;
  prefix: FieldPath;
  object: unknown;
}

export interface ReadObjects {
  objects: ReadObject[];
  /** YAML that cannot be read (rule `rule`, errors), positioned. */
  problems: Problem[];
}

function shift(pos: { line: number; col: number }, lines: number): { line: number; col: number } {
  return { line: pos.line + lines, col: pos.col };
}

/** The position of the field at `path` (its key), or of the nearest parent that exists. */
export function fieldPosition(at: Positioned, path: FieldPath): { line: number; col: number } {
  const depth = locate(at.doc, path).depth;
  return shift(positionOf(at.doc, at.lines, path.slice(0, depth), 'key'), at.offset);
}

/** A problem at `path` of a document (positioned at the field, or its nearest existing parent). */
export function problemAt(
  severity: Problem['severity'],
  at: Positioned,
  path: FieldPath,
  rule: string,
  message: string,
  extra: { resource?: string; hint?: string; objectPath?: FieldPath } = {},
): Problem {
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

const isMap = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The objects of one input, in order; what cannot be read is a problem with rule `rule`. */
export function readObjects(input: ManifestText, rule: string): ReadObjects {
  const objects: ReadObject[] = [];
  const problems: Problem[] = [];
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
    problems.push({ severity: 'error', file: input.file, ...lines.linePos(0), path: '', rule, message: `YAML could not be parsed: ${(err as Error).message}` });
    return { objects, problems };
  } finally {
    Error.stackTraceLimit = stackTraceLimit;
  }
  let yamlErrors = 0;
  for (const doc of docs) {
    const at: Positioned = { file: input.file, doc, lines: index, offset };
    const errors = [...doc.errors];
    if (errors.some((e) => e.message.includes('Maximum call stack size exceeded'))) {
      problems.push({ severity: 'error', file: input.file, ...lines.linePos(doc.range[0]), path: '', rule, message: 'YAML could not be parsed: it nests too deeply' });
      return { objects, problems };
    }
    if (errors.length > 0) {
      const firstKeys = errors.some((e) => e.code === 'DUPLICATE_KEY') ? firstKeyOffsets(doc) : new Map<number, number>();
      for (const e of errors) {
        if (++yamlErrors > MAX_YAML_ERRORS) continue;
        const pos = lines.linePos(e.pos[0]);
        if (e.code === 'DUPLICATE_KEY') {
          const first = firstKeys.get(e.pos[0]);
          const message = duplicateKeyMessage(input.text, e.pos[0], first === undefined ? undefined : lines.linePos(first).line);
          problems.push({ severity: 'error', file: input.file, ...pos, path: '', rule, message, hint: DUPLICATE_KEY_HINT });
          continue;
        }
        const message = `YAML syntax error: ${e.message.split('\n')[0]!.replace(/ at line \d+, column \d+.*$/, '')}`;
        problems.push({ severity: 'error', file: input.file, ...pos, path: '', rule, message });
      }
      continue;
    }
    let data: unknown;
    try {
      data = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
    } catch (err) {
      problems.push({ severity: 'error', file: input.file, ...lines.linePos(doc.range[0]), path: '', rule, message: `YAML could not be read: ${(err as Error).message}` });
      continue;
    }
    // kubectl skips a document that is empty or null (`helm template`'s `# Source:` documents, a trailing
    // `---`, `~`): cli-runtime's StreamVisitor.Visit drops a document whose JSON is empty or `null`.
    if (data === null || data === undefined) continue;
    if (isMap(data) && data.kind === 'List' && Array.isArray(data.items))
      data.items.forEach((object, i) => {
        objects.push({ at, prefix: ['items', i], object });
      });
    else objects.push({ at, prefix: [], object: data });
  }
  if (yamlErrors > MAX_YAML_ERRORS) {
    problems.push({
      severity: 'error',
      file: input.file,
      ...lines.linePos(0),
      path: '',
      rule,
      message: `${yamlErrors - MAX_YAML_ERRORS} more YAML errors, most of them consequences of the ones above`,
    });
  }
  return { objects, problems };
}
