// Which schema set a cluster is validated against: its topology's spec.crds, else the gwtopo.yaml
// spec.crds.clusters pattern that matches its name best, else gwtopo.yaml's spec.crds.default, else the
// builtin default set.
import type { CrdsConfig, SetRef } from '../topology/config.js';
import { DEFAULT_SET } from './index.js';

export interface SetChoice {
  /** The builtin set's name or the path, as written. */
  value: string;
  /** Where it is written; absent for the builtin default. */
  ref?: SetRef;
  /** Written in the topology itself (its problems are the topology's), not in gwtopo.yaml. */
  own: boolean;
}

const WILDCARD = /[*?]/;

/** A cluster-name pattern: `*` any characters, `?` one character; everything else literal. */
export function patternMatches(pattern: string, name: string): boolean {
  const source = pattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${source}$`).test(name);
}

/** How specific a pattern is: names without wildcards first, then the most literal characters. */
function specificity(pattern: string): number {
  return WILDCARD.test(pattern) ? pattern.replace(/[*?]/g, '').length : Number.MAX_SAFE_INTEGER;
}

/** The entry of spec.crds.clusters for a cluster: the most specific match; on a tie the first written. */
export function clusterEntry(crds: CrdsConfig, cluster: string): CrdsConfig['clusters'][number] | undefined {
  let best: CrdsConfig['clusters'][number] | undefined;
  for (const entry of crds.clusters) {
    if (!patternMatches(entry.pattern, cluster)) continue;
    if (best === undefined || specificity(entry.pattern) > specificity(best.pattern)) best = entry;
  }
  return best;
}

export function chooseSet(cluster: string, own: SetRef | undefined, crds: CrdsConfig | undefined): SetChoice {
  if (own !== undefined) return { value: own.value, ref: own, own: true };
  const ref = (crds === undefined ? undefined : clusterEntry(crds, cluster)?.set) ?? crds?.default;
  return ref === undefined ? { value: DEFAULT_SET, own: false } : { value: ref.value, ref, own: false };
}
