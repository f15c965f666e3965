// A parsed topology file (or gwtopo.yaml, or a profile): its document, positions and data.
import type { Document } from 'yaml';
import type { LineIndex } from '../diagnostics/line-index.js';
import type { Problem } from '../diagnostics/problem.js';
import type { TopologyRef } from '../topology/layout.js';

export interface ParsedTopology extends TopologyRef {
  doc: Document.Parsed;
  lineCounter: LineIndex;
  /** The document as plain data (aliases expanded). */
  data: unknown;
}

export type ParseResult = { ok: true; topology: ParsedTopology; problems: Problem[] } | { ok: false; problems: Problem[] };
