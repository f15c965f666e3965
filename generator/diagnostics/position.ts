// Maps a field path inside a topology to a position in its YAML source.
import { type Document, isAlias, isMap, isScalar, isSeq, type Node, type Pair } from 'yaml';
import type { LineIndex } from './line-index.js';
import { type FieldPath, formatPath, type Problem, type Severity } from './problem.js';
import { IDENTITY, type Provenance, type Source, trace } from './provenance.js';

export interface Located {
  /** The deepest node reached on the path (the value itself when the whole path resolves). */
  node: Node | null;
  /** The key node of the last map segment, when the last segment names an existing key. */
  key: Node | null;
  /** How many segments resolved. */
  depth: number;
}

function resolve(doc: Document, node: unknown): unknown {
  return isAlias(node) ? node.resolve(doc) : node;
}

function keyText(pair: Pair): string | undefined {
  const k = pair.key;
  if (isScalar(k)) return String(k.value);
  return undefined;
}

/** Walks the document along `path`, resolving aliases; stops at the first segment that does not exist. */
export function locate(doc: Document, path: FieldPath): Located {
  let node = resolve(doc, doc.contents) as Node | null;
  let key: Node | null = null;
  let depth = 0;
  for (const seg of path) {
    if (isMap(node)) {
      const pair = node.items.find((p) => keyText(p) === String(seg));
      if (pair === undefined) return { node, key: null, depth };
      key = (pair.key as Node | null) ?? null;
      node = (resolve(doc, pair.value) as Node | null) ?? null;
      if (node === null) return { node: key, key, depth: depth + 1 };
    } else if (isSeq(node) && typeof seg === 'number' && seg < node.items.length) {
      key = null;
      node = resolve(doc, node.items[seg]) as Node | null;
    } else {
      return { node, key: null, depth };
    }
    depth++;
  }
  return { node, key, depth };
}

export type Anchor = 'value' | 'key';

function offsetOf(node: Node | null): number {
  return node?.range?.[0] ?? 0;
}

/** 1-based line and column of the node at `path` (its key when anchor is 'key' and there is one). */
// Stryker disable next-line StringLiteral: equivalent: only anchor === 'key' is tested, so any other default means 'value'
export function positionOf(doc: Document, lc: LineIndex, path: FieldPath, anchor: Anchor = 'value'): { line: number; col: number } {
  const found = locate(doc, path);
  const target = anchor === 'key' && found.key !== null && found.depth === path.length ? found.key : found.node;
  return lc.linePos(offsetOf(target));
}

/** Quoted values longer than this are shortened in messages: a 20,000-character value helps nobody. */
const MAX_QUOTED = 80;

/** Shortens every long "quoted" value (and any other very long word) in a message to its first characters and an ellipsis. */
export function abbreviate(text: string): string {
  return text
    .replace(/"((?:[^"\\]|\\.)*)"/g, (whole, inner: string) => (inner.length > MAX_QUOTED ? `"${inner.slice(0, MAX_QUOTED - 20)}…"` : whole))
    .replace(/[^\s"]{161,}/g, (word) => `${word.slice(0, 120)}…`);
}

/** Options of a problem: a hint, which end of a key/value pair it points at, another place to point at. */
export interface ReportOptions {
  hint?: string;
  anchor?: Anchor;
  /** Position the problem here instead of at its path. */
  at?: FieldPath;
}

/** Where a value was written: file, line, column, and its field path in that file. */
export interface Place {
  file: string;
  line: number;
  col: number;
  path: string;
}

/**
 * Builds problems for one document, positioned from its sources. A topology merged from profiles is one
 * document with several sources: every path is traced to the file that wrote the value (profiles/
 * provenance.ts), and the problem names that file, the line and column there, and the field path there.
 */
export class Reporter {
  readonly problems: Problem[] = [];
  private readonly provenance: Provenance;
  constructor(source: Source, provenance?: Provenance) {
    this.provenance = provenance ?? { sources: [source], origin: IDENTITY };
  }

  /** The place of the value at `path` of the document (its key when anchor is 'key'). */
  place(path: FieldPath, anchor: Anchor = 'value'): Place {
    const traced = trace(this.provenance.origin, path);
    return this.placeIn(traced.src, traced.path, anchor);
  }

  private placeIn(src: number, path: FieldPath, anchor: Anchor): Place {
    const source = this.provenance.sources[src]!;
    const { line, col } = positionOf(source.doc, source.lineCounter, path, anchor);
    return { file: source.file, line, col, path: formatPath(path) };
  }

  private push(severity: Severity, rule: string, place: Place, shown: FieldPath, message: string, hint: string | undefined): void {
    this.problems.push({
      severity,
      file: place.file,
      line: place.line,
      col: place.col,
      path: abbreviate(formatPath(shown)),
      message: abbreviate(message),
      rule,
      ...(hint === undefined ? {} : { hint: abbreviate(hint) }),
    });
  }

  report(severity: Severity, rule: string, path: FieldPath, message: string, opts: ReportOptions = {}): void {
    const origin = this.provenance.origin;
    // Stryker disable next-line StringLiteral: equivalent: positionOf only tests anchor === 'key', so any other fallback means 'value'
    const place = this.place(opts.at ?? path, opts.anchor ?? 'value');
    this.push(severity, rule, place, trace(origin, path).path, message, opts.hint);
  }

  /** A problem at a path of one source itself (the merge's own findings, which the merged document no longer holds). */
  reportIn(src: number, severity: Severity, rule: string, path: FieldPath, message: string, opts: { hint?: string; anchor?: Anchor } = {}): void {
    // Stryker disable next-line StringLiteral: equivalent: positionOf only tests anchor === 'key', so any other fallback means 'value'
    this.push(severity, rule, this.placeIn(src, path, opts.anchor ?? 'value'), path, message, opts.hint);
  }

  /**
   * The line of the node at `path`, for messages that point at a second place: "12", or "12 of <file>"
   * when that node was written in another file than the node at `from` (the problem's own path; default:
   * the document's own file).
   */
  lineOf(path: FieldPath, from?: FieldPath): string {
    const place = this.place(path);
    const here = from === undefined ? this.provenance.sources[0]!.file : this.place(from).file;
    return place.file === here ? String(place.line) : `${place.line} of ${place.file}`;
  }

  error(rule: string, path: FieldPath, message: string, opts?: ReportOptions): void {
    this.report('error', rule, path, message, opts);
  }

  warning(rule: string, path: FieldPath, message: string, opts?: ReportOptions): void {
    this.report('warning', rule, path, message, opts);
  }
}
