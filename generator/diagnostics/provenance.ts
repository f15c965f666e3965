// Provenance: where each value of an effective (merged) topology was written. A topology that lists
// profiles is validated as one document, the merge of its profiles' specs and its own; every problem must
// still point at the file and line where the offending value was written. The merge (merge.ts) therefore
// returns, beside the merged data, a tree of origins that maps any path of the merged document to a file
// and a path inside that file, where the usual locator (diagnostics/position.ts) finds line and column.
//
// The tree is sparse: a node has children only where layers were merged. A subtree that one layer wrote
// as a whole (a replaced list, a new gateway, a scalar) is one leaf, and paths below it are that layer's
// paths below the leaf's. A topology without profiles is a single leaf: the identity.
import type { Document } from 'yaml';
import type { LineIndex } from './line-index.js';
import type { FieldPath } from './problem.js';

/** Where a node of the merged document was written: a source (by index) and the path inside it. */
export interface Origin {
  src: number;
  path: FieldPath;
  /** For merged maps and lists: the origin of each key or index of the merged node. */
  children?: Map<string | number, Origin>;
}

/** What a path of the merged document traces back to. */
export interface Traced {
  src: number;
  path: FieldPath;
}

/**
 * The source and source path of a merged-document path. Segments the merged document does not hold
 * (a missing required field, an index past the end) are appended to the deepest origin reached, so they
 * point into the layer that last wrote that node — the way they would in an unmerged document.
 */
export function trace(root: Origin, path: FieldPath): Traced {
  let node = root;
  let i = 0;
  for (; i < path.length; i++) {
    const child = node.children?.get(path[i]!);
    if (child === undefined) break;
    node = child;
  }
  return { src: node.src, path: i === path.length ? node.path : [...node.path, ...path.slice(i)] };
}

/** A parsed file values come from: its path (relative to the root), its YAML document and line index. */
export interface Source {
  file: string;
  doc: Document;
  lineCounter: LineIndex;
}

/** Where the values of a document come from: its sources (the topology first) and the origin tree. */
export interface Provenance {
  sources: readonly Source[];
  origin: Origin;
}

/** The origin of a document that is its own source (no profiles): every path maps to itself. */
export const IDENTITY: Origin = { src: 0, path: [] };
