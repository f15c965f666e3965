// The fleet step of the pipeline, after every cluster: the conflicts between what topologies claim
// (fleet/conflicts.ts) and the problems of the profile files, named with the clusters that use them.
import { Reporter } from '../diagnostics/position.js';
import type { Problem } from '../diagnostics/problem.js';
import type { ProfileSet } from '../expand/set.js';
import type { FleetIdentity } from '../fleet/identity.js';

/**
 * The problems of the profile files themselves, once per run, naming the clusters that use each profile:
 * in runs that own the fleet (warnings for profiles nobody uses, too), and in any run one of whose
 * clusters uses the profile.
 */
export function profileProblems(set: ProfileSet, identities: readonly FleetIdentity[], selected: ReadonlySet<string>, ownsFleet: boolean): Problem[] {
  const users = new Map<string, string[]>();
  for (const identity of identities) {
    for (const name of new Set(identity.profiles)) {
      const list = users.get(name);
      if (list === undefined) users.set(name, [identity.cluster]);
      else list.push(identity.cluster);
    }
  }
  const problems: Problem[] = [];
  for (const name of set.names) {
    const profile = set.byName.get(name)!;
    const clusters = (users.get(name) ?? []).sort();
    if (!ownsFleet && !clusters.some((c) => selected.has(c))) continue;
    problems.push(...profile.problems.map((p) => (clusters.length === 0 ? p : { ...p, clusters })));
    if (ownsFleet && clusters.length === 0) {
      const at = profile.parsed === undefined ? { line: 1, col: 1, path: '' } : new Reporter(profile.parsed).place(['metadata', 'name']);
      problems.push({
        severity: 'warning',
        file: profile.file,
        line: at.line,
        col: at.col,
        path: at.path,
        rule: 'profile-unused',
        message: `profile ${JSON.stringify(name)} is not used: no topology lists it in spec.profiles`,
        hint: `add it to the spec.profiles of the topologies it is meant for, or delete ${profile.file}`,
      });
    }
  }
  return problems;
}
