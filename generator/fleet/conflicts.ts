// The fleet stage: checks across topologies. Every data-plane cluster registers on ONE OpenChoreo control
// plane, so a DataPlane/ClusterDataPlane/Environment written by two topologies is a conflict
// (registration-conflict), and so is a Gateway two topologies render into one GitOps destination
// (gateway-conflict): two GitOps syncs applying one object undo each other's changes for ever.
// Objects are grouped by identity in maps: linear in the number of objects, whatever the fleet's size.
import { PROFILES_PATH } from '../load/profiles.js';
import type { Place } from '../validate/locate.js';
import type { Problem } from '../validate/problem.js';
import { describeObject, type FleetIdentity } from './identity.js';

/** The rules of this stage. */
export const FLEET_RULES: ReadonlySet<string> = new Set(['registration-conflict', 'gateway-conflict']);

interface Side {
  cluster: string;
  at: Place;
}

interface Claimed {
  what: string;
  kind: string;
  /** Gateways: the destination cluster. */
  destination?: string;
  sides: Side[];
}

/** Other claimants named in a message; the rest are counted. */
const NAMED = 3;

function others(sides: readonly Side[], self: Side): string {
  const rest = sides.filter((s) => s !== self);
  const named = rest.slice(0, NAMED).map((s) => `${s.cluster} (${s.at.file}:${s.at.line})`);
  const more = rest.length - named.length;
  const list = more > 0 ? `${named.join(', ')} and ${more} more` : named.length === 1 ? named[0]! : `${named.slice(0, -1).join(', ')} and ${named.at(-1)!}`;
  return `${rest.length === 1 ? 'cluster' : 'clusters'} ${list}`;
}

function claim(groups: Map<string, Claimed>, key: string, make: () => Omit<Claimed, 'sides'>, side: Side): void {
  let group = groups.get(key);
  if (group === undefined) {
    group = { ...make(), sides: [] };
    groups.set(key, group);
  }
  if (!group.sides.some((s) => s.cluster === side.cluster)) group.sides.push(side);
}

function problemAt(side: Side, rule: string, message: string, hint: string): Problem {
  return {
    severity: 'error',
    file: side.at.file,
    line: side.at.line,
    col: side.at.col,
    path: side.at.path,
    rule,
    message,
    hint,
    ...(side.at.file.startsWith(`${PROFILES_PATH}/`) ? { clusters: [side.cluster] } : {}),
  };
}

/**
 * The conflicts of the fleet that involve a selected cluster, each reported at the selected side's place
 * and naming the others: a sharded CI run reports every conflict one of its clusters takes part in.
 */
export function fleetProblems(identities: readonly FleetIdentity[], selected: (cluster: string) => boolean): Problem[] {
  const registrations = new Map<string, Claimed>();
  const gateways = new Map<string, Claimed>();
  const sorted = [...identities].sort((a, b) => (a.cluster < b.cluster ? -1 : a.cluster > b.cluster ? 1 : 0));
  for (const identity of sorted) {
    for (const r of identity.registrations) {
      claim(registrations, JSON.stringify([r.kind, r.namespace ?? '', r.name]), () => ({ what: describeObject(r), kind: r.kind }), { cluster: identity.cluster, at: r.at });
    }
    for (const g of identity.gateways) {
      claim(gateways, JSON.stringify([g.destination, g.namespace, g.name]), () => ({ what: describeObject({ kind: 'Gateway', ...g }), kind: 'Gateway', destination: g.destination }), { cluster: identity.cluster, at: g.at });
    }
  }
  const problems: Problem[] = [];
  for (const group of registrations.values()) {
    if (group.sides.length < 2) continue;
    for (const side of group.sides) {
      if (!selected(side.cluster)) continue;
      const hint =
        group.kind === 'Environment'
          ? 'an Environment is served by one data plane: register its gateways from one cluster only, or give the environment another name or namespace here'
          : `each cluster is a data plane of its own: give this one its own name (spec.dataPlane.name: ${side.cluster})`;
      problems.push(
        problemAt(side, 'registration-conflict', `${group.what} is also registered by ${others(group.sides, side)}: OpenChoreo's one control plane holds one such object, and two GitOps syncs writing its spec.gateway would undo each other`, hint),
      );
    }
  }
  for (const group of gateways.values()) {
    if (group.sides.length < 2) continue;
    for (const side of group.sides) {
      if (!selected(side.cluster)) continue;
      problems.push(
        problemAt(
          side,
          'gateway-conflict',
          `${group.what} is also rendered into cluster ${JSON.stringify(group.destination)} by ${others(group.sides, side)}: two GitOps applications would apply the same Gateway and the objects named after it`,
          'give one of the gateways another name or spec.gatewayNamespace; if the topologies mean different clusters, set spec.destination',
        ),
      );
    }
  }
  return problems;
}
