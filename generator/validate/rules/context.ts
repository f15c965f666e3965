import type { Reporter } from '../../diagnostics/position.js';
import type { TopologyView } from '../../topology/view.js';

interface RuleContext {
  view: TopologyView;
  /** The folder under topologies/ the file was found in. */
  folder: string;
  r: Reporter;
}

/** A semantic rule: reads the lenient view and reports problems; never throws on bad input. */
export type Rule = (ctx: RuleContext) => void;

/** Groups items by a key, keeping input order; items whose key is undefined are skipped. */
export function groupBy<T>(items: readonly T[], key: (item: T) => string | undefined): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    if (k === undefined) continue;
    const group = groups.get(k);
    if (group === undefined) groups.set(k, [item]);
    else group.push(item);
  }
  return groups;
}

/** Reports every item after the first of each group that has more than one. */
export function eachDuplicate<T>(items: readonly T[], key: (item: T) => string | undefined, onDuplicate: (dup: T, first: T) => void): void {
  for (const group of groupBy(items, key).values()) {
    for (const dup of group.slice(1)) onDuplicate(dup, group[0]!);
  }
}
