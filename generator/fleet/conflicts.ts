// The fleet stage: checks across topologies. Every data-plane cluster registers on ONE OpenChoreo control
// plane, so a DataPlane/ClusterDataPlane/Environment written by two topologies is a conflict
// (registration-conflict), and so is a Gateway two topologies render into one GitOps destination
// (gateway-conflict): two GitOps syncs applying one object undo each other's changes for ever.
// Objects are grouped by identity in maps: linear in the number of objects, whatever the fleet's size.
// Claims carry where they were written as file and field path; only the sides of a conflict are placed
// (line and column, by the placer the pipeline passes), so a fleet without conflicts needs no positions.

import type { Place } from '../diagnostics/position.js';
import { clusterList, type Problem } from '../diagnostics/problem.js';
import { PROFILES_PATH } from '../repository/profiles.js';
import { describeObject, type FleetIdentity, type Placer, type Written } from './identity.js';

/** The rules of this stage. */
export const FLEET_RULES: ReadonlySet<string> = new Set(['registration-conflict', 'gateway-conflict']);

interface Side {
  cluster: string;
  at: Place;
}

/** A side as claimed: where it was written, not yet placed. */
interface Claim {
  cluster: string;
  at: Written;
}

interface Claimed {
  what: string;
  kind: string;
  /** Gateways: the destination cluster. */
  destination?: string;
  sides: Claim[];
}

/** Other claimants named in a message; the rest are counted. */
const NAMED = 3;

/** `a, b and c`. */
function and(items: readonly string[], comma = false): string {
  return items.length === 1 ? items[0]! : `${items.slice(0, -1).join(', ')}${comma ? ',' : ''} and ${items.at(-1)!}`;
}

/**
 * The other writers of an object, by the file:line that wrote them: a writer of its own is `c (file:line)`;
 * writers that share a line (the clusters of a profile) are named once with it, `a, b, c and 9 more through
 * file:line`. The first three places are named, the clusters of the rest counted.
 */
function others(sides: readonly Side[], self: Side): string {
  const rest = sides.filter((s) => s !== self);
  const lines = new Map<string, Side[]>();
  for (const side of rest) {
    const at = `${side.at.file}:${side.at.line}`;
    const list = lines.get(at);
    if (list === undefined) lines.set(at, [side]);
    else list.push(side);
  }
  const places = [...lines.entries()];
  const named = places.slice(0, NAMED).map(([at, group]) => {
    if (group.length === 1) return `${group[0]!.cluster} (${at})`;
    const names = group.slice(0, NAMED).map((s) => s.cluster);
    return `${group.length > NAMED ? `${names.join(', ')} and ${group.length - NAMED} more` : and(names)} through ${at}`;
  });
  const more = places.slice(NAMED).reduce((n, [, group]) => n + group.length, 0);
  // Places that name several clusters hold "and" themselves: a comma sets the places apart.
  const grouped = places.slice(0, NAMED).some(([, group]) => group.length > 1);
  return `${rest.length === 1 ? 'cluster' : 'clusters'} ${and(more > 0 ? [...named, `${more} more`] : named, grouped)}`;
}

function claim(groups: Map<string, Claimed>, key: string, make: () => Omit<Claimed, 'sides'>, side: Claim): void {
  let group = groups.get(key);
  if (group === undefined) {
    group = { ...make(), sides: [] };
    groups.set(key, group);
  }
  if (!group.sides.some((s) => s.cluster === side.cluster)) group.sides.push(side);
}

function problemAt(side: Side, rule: string, message: string, hint: string, clusters: readonly string[] = [side.cluster]): Problem {
  return {
    severity: 'error',
    file: side.at.file,
    line: side.at.line,
    col: side.at.col,
    path: side.at.path,
    rule,
    message,
    hint,
    ...(side.at.file.startsWith(`${PROFILES_PATH}/`) ? { clusters: [...clusters].sort() } : {}),
  };
}

/** The sides of a group by the place that wrote them: several clusters share one place when a profile wrote it. */
function byPlace(sides: readonly Side[]): Side[][] {
  const places = new Map<string, Side[]>();
  for (const side of sides) {
    const key = `${side.at.file}:${side.at.line}:${side.at.col}`;
    const list = places.get(key);
    if (list === undefined) places.set(key, [side]);
    else list.push(side);
  }
  return [...places.values()];
}

/**
 * The problems of one conflict: one per place that wrote the object. A place one cluster wrote names the
 * others; a place many clusters share (a value of a profile they list) is one problem naming them all.
 */
function conflictProblems(
  group: Claimed,
  selected: (cluster: string) => boolean,
  placeOf: Placer,
  rule: string,
  conflict: (by: string, also: string) => string,
  hints: { own: (side: Side) => string; shared: string },
): Problem[] {
  const problems: Problem[] = [];
  if (!group.sides.some((s) => selected(s.cluster))) return problems;
  const sides: Side[] = group.sides.map((s) => ({ cluster: s.cluster, at: placeOf(s.at) }));
  for (const place of byPlace(sides)) {
    if (!place.some((s) => selected(s.cluster))) continue;
    if (place.length === 1) {
      problems.push(problemAt(place[0]!, rule, conflict(others(sides, place[0]!), 'also '), hints.own(place[0]!)));
      continue;
    }
    const elsewhere = sides.filter((s) => !place.includes(s));
    const names = place.map((s) => s.cluster).sort();
    const via = `${place.length} clusters through this one value (${clusterList(names)})${elsewhere.length === 0 ? '' : `, and by ${others([...elsewhere, place[0]!], place[0]!)}`}`;
    problems.push(problemAt(place[0]!, rule, conflict(via, ''), hints.shared, names));
  }
  return problems;
}

/**
 * The conflicts of the fleet that involve a selected cluster, each reported at the selected side's place
 * and naming the others: a sharded CI run reports every conflict one of its clusters takes part in.
 * `place` positions the sides of the conflicts (and only those).
 */
export function fleetProblems(identities: readonly FleetIdentity[], selected: (cluster: string) => boolean, place: Placer): Problem[] {
  const registrations = new Map<string, Claimed>();
  const gateways = new Map<string, Claimed>();
  const sorted = [...identities].sort((a, b) => (a.cluster < b.cluster ? -1 : a.cluster > b.cluster ? 1 : 0));
  for (const identity of sorted) {
    for (const r of identity.registrations) {
      claim(registrations, JSON.stringify([r.kind, r.namespace ?? '', r.name]), () => ({ what: describeObject(r), kind: r.kind }), { cluster: identity.cluster, at: r.at });
    }
    for (const g of identity.gateways) {
      claim(gateways, JSON.stringify([g.destination, g.namespace, g.name]), () => ({ what: describeObject({ kind: 'Gateway', ...g }), kind: 'Gateway', destination: g.destination }), {
        cluster: identity.cluster,
        at: g.at,
      });
    }
  }
  const problems: Problem[] = [];
  for (const group of registrations.values()) {
    if (group.sides.length < 2) continue;
    const environment = group.kind === 'Environment';
    problems.push(
      ...conflictProblems(
        group,
        selected,
        place,
        'registration-conflict',
        (by, also) => `${group.what} is ${also}registered by ${by}: OpenChoreo's one control plane holds one such object, and two GitOps syncs writing its spec.gateway would undo each other`,
        {
          own: (side) =>
            environment
              ? 'an Environment is served by one data plane: register its gateways from one cluster only, or give the environment another name or namespace here'
              : `each cluster is a data plane of its own: give this one its own name (spec.dataPlane.name: ${side.cluster})`,
          shared: environment
            ? 'an Environment is served by one data plane: move what registers it out of the profile into the one topology whose cluster serves it'
            : "each cluster is a data plane of its own: set spec.dataPlane.name in each topology that lists this profile (e.g. its cluster's name), not in the profile",
        },
      ),
    );
  }
  for (const group of gateways.values()) {
    if (group.sides.length < 2) continue;
    problems.push(
      ...conflictProblems(
        group,
        selected,
        place,
        'gateway-conflict',
        (by, also) =>
          `${group.what} is ${also}rendered into cluster ${JSON.stringify(group.destination)} by ${by}: two GitOps applications would apply the same Gateway and the objects named after it`,
        {
          own: () => 'give one of the gateways another name or spec.gatewayNamespace; if the topologies mean different clusters, set spec.destination',
          shared: "the clusters share a destination (spec.destination) and this profile's gateway: give each cluster a destination of its own, or move the gateway into one topology",
        },
      ),
    );
  }
  return problems;
}
