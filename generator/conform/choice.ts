// Which schema set a cluster is validated against: its topology's spec.crds, else the gwtopo.yaml
// spec.crds.clusters pattern that matches its name best, else gwtopo.yaml's spec.crds.default, else the
// builtin default set.
import { type CrdsConfig, clusterEntry, type SetRef } from '../topology/config.js';
import { DEFAULT_SET } from './index.js';

export interface SetChoice {
  /** The builtin set's name or the path, as written. */
  value: string;
  /** Where it is written; absent for the builtin default. */
  ref?: SetRef;
  /** Written in the topology itself (its problems are the topology's), not in gwtopo.yaml. */
  own: boolean;
}

export function chooseSet(cluster: string, own: SetRef | undefined, crds: CrdsConfig | undefined): SetChoice {
  if (own !== undefined) return { value: own.value, ref: own, own: true };
  const ref = (crds === undefined ? undefined : clusterEntry(crds.clusters, cluster)?.set) ?? crds?.default;
  return ref === undefined ? { value: DEFAULT_SET, own: false } : { value: ref.value, ref, own: false };
}
