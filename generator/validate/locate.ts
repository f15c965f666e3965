// Maps a field path inside a topology to a position in its YAML source.
import { isAlias, isMap, isScalar, isSeq, type Document, type Node, type Pair } from 'yaml';
import type { LineIndex, ParsedTopology } from '../load/parse.js';
import type { FieldPath, Problem, Severity } from './problem.js';
import { formatPath } from './problem.js';

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

/** Builds problems for one parsed topology, positioned from its source. */
export class Reporter {
  readonly problems: Problem[] = [];
  constructor(private readonly topology: ParsedTopology) {}

  report(severity: Severity, rule: string, path: FieldPath, message: string, opts: { hint?: string; anchor?: Anchor; at?: FieldPath } = {}): void {
    // Stryker disable next-line StringLiteral: equivalent: positionOf only tests anchor === 'key', so any other fallback means 'value'
    const { line, col } = positionOf(this.topology.doc, this.topology.lineCounter, opts.at ?? path, opts.anchor ?? 'value');
    this.problems.push({
      severity,
      file: this.topology.file,
      line,
      col,
      path: abbreviate(formatPath(path)),
      message: abbreviate(message),
      rule,
      ...(opts.hint === undefined ? {} : { hint: abbreviate(opts.hint) }),
    });
  }

  /** The 1-based line of the node at `path`, for messages that point at a second place. */
  lineOf(path: FieldPath): number {
    return positionOf(this.topology.doc, this.topology.lineCounter, path).line;
  }

  error(rule: string, path: FieldPath, message: string, opts?: { hint?: string; anchor?: Anchor; at?: FieldPath }): void {
    this.report('error', rule, path, message, opts);
  }

  warning(rule: string, path: FieldPath, message: string, opts?: { hint?: string; anchor?: Anchor; at?: FieldPath }): void {
    this.report('warning', rule, path, message, opts);
  }
}
