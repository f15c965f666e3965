// Places the claims of a fleet conflict: a claim carries the file and field path that wrote it (identity.ts),
// and only the sides of a conflict need a line and column. The thread that found the claim may have been a
// worker, and a topology read by the fast path has no yaml document, so the file is read and parsed again
// here — once per file, for the few files that take part in a conflict. Profiles are parsed by the run already.

import { type Place, positionOf } from '../diagnostics/position.js';
import { formatPath } from '../diagnostics/problem.js';
import type { ProfileSet } from '../expand/set.js';
import { parseTopology, readText } from '../parse/parse.js';
import type { ParsedTopology } from '../parse/parsed.js';
import type { TopologyRef } from '../topology/layout.js';
import type { Placer, Written } from './identity.js';

/**
 * A placer for the files of a run: its topologies (by file) and its profiles. A file that can no longer be
 * read or parsed (it changed during the run) is placed at its first line.
 */
export function filePlacer(root: string, topologies: readonly TopologyRef[], profiles: ProfileSet): Placer {
  const refs = new Map(topologies.map((t) => [t.file, t]));
  const parsed = new Map<string, ParsedTopology | undefined>();
  for (const profile of profiles.byName.values()) parsed.set(profile.file, profile.parsed);
  const sourceOf = (file: string): ParsedTopology | undefined => {
    if (parsed.has(file)) return parsed.get(file);
    const ref = refs.get(file);
    let topology: ParsedTopology | undefined;
    if (ref !== undefined) {
      const read = readText(root, ref);
      if (read.ok) {
        try {
          const result = parseTopology(ref, read.text);
          if (result.ok) topology = result.topology;
        } catch {
          // placed at the first line
        }
      }
    }
    parsed.set(file, topology);
    return topology;
  };
  return (at: Written): Place => {
    const source = sourceOf(at.file);
    const { line, col } = source === undefined ? { line: 1, col: 1 } : positionOf(source.doc, source.lineCounter, at.path);
    return { file: at.file, line, col, path: formatPath(at.path) };
  };
}
