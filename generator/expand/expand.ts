// Expand: a topology that lists profiles (spec.profiles) becomes its effective topology — the profiles'
// specs and then its own merged in order (merge.ts) — with the provenance of every value, so that the
// validate stage checks the effective document and positions each problem where its value was written.
// A topology without spec.profiles is its own effective topology (nothing is copied).

import { Reporter } from '../diagnostics/position.js';
import type { Problem } from '../diagnostics/problem.js';
import { IDENTITY, type Provenance, type Source } from '../diagnostics/provenance.js';
import { closest } from '../diagnostics/suggest.js';
import { withData } from '../parse/fast-yaml.js';
import type { ParsedTopology } from '../parse/parsed.js';
import { PROFILES_PATH } from '../repository/profiles.js';
import { type Layer, mergeLayers } from './merge.js';
import { DNS_LABEL, type ProfileSet } from './set.js';

type Raw = Record<string, unknown>;

const isMap = (v: unknown): v is Raw => typeof v === 'object' && v !== null && !Array.isArray(v);

export interface Expanded {
  /** The topology with its effective data (file, doc and positions stay the topology file's). */
  topology: ParsedTopology;
  provenance: Provenance;
  /** The profiles merged in, in order. */
  profiles: string[];
}

export interface Expansion {
  /** Absent when the profiles cannot be applied (an unknown or unreadable profile, a malformed list). */
  expanded?: Expanded;
  problems: Problem[];
  /** The profile names the topology lists (those that are names), for the fleet's record of who uses what. */
  listed: string[];
}

const PROFILES_KEY = 'profiles';

/** spec.profiles as written: the names among its entries (leniently: the entries that are strings). */
function listedProfiles(data: unknown): string[] {
  const spec = isMap(data) ? data.spec : undefined;
  const list = isMap(spec) ? spec[PROFILES_KEY] : undefined;
  return Array.isArray(list) ? list.filter((p): p is string => typeof p === 'string') : [];
}

/** The names in spec.profiles, checked: a list of known, readable profiles, each once. */
function resolve(list: unknown, set: ProfileSet, r: Reporter): string[] | undefined {
  const at = ['spec', PROFILES_KEY];
  if (!Array.isArray(list)) {
    r.error('profile', at, `must be a list of profile names (files in ${PROFILES_PATH}/)`, { hint: `e.g. ${PROFILES_KEY}: [eks-standard]` });
    return undefined;
  }
  const names: string[] = [];
  let ok = true;
  list.forEach((name, i) => {
    if (typeof name !== 'string') {
      r.error('profile', [...at, i], 'must be the name of a profile', { hint: `a profile is a file ${PROFILES_PATH}/<name>.yaml; list its name` });
      ok = false;
      return;
    }
    const first = names.indexOf(name);
    if (first !== -1) {
      r.error('profile', [...at, i], `profile ${JSON.stringify(name)} is listed twice (first on line ${r.lineOf([...at, first])})`, { hint: 'remove one of the entries' });
      ok = false;
      return;
    }
    names.push(name);
    const profile = set.byName.get(name);
    if (profile === undefined) {
      const guess = closest(name, set.names);
      const named = DNS_LABEL.test(name);
      const unread = named ? set.unread.get(name) : undefined;
      const hint =
        unread !== undefined
          ? `${unread} is not read (gwtopo reads profiles named <name>.yaml): rename it, git mv ${unread} ${PROFILES_PATH}/${name}.yaml`
          : guess !== undefined
            ? `did you mean "${guess}"?`
            : set.names.length === 0
              ? `there are no profiles yet: create ${PROFILES_PATH}/${named ? name : '<name>'}.yaml`
              : `profiles: ${set.names.join(', ')}`;
      if (named) r.error('profile', [...at, i], `no profile ${JSON.stringify(name)}: there is no ${PROFILES_PATH}/${name}.yaml`, { hint });
      // (A path, or a name with capitals or an extension: no file it might name is read.)
      else
        r.error(
          'profile',
          [...at, i],
          `${JSON.stringify(name)} is not a profile name: a profile is named by a DNS-1123 label, its file name without .yaml (${PROFILES_PATH}/<name>.yaml); no other file is read as a profile`,
          { hint },
        );
      ok = false;
    } else if (profile.spec === undefined) {
      ok = false; // its own problems say why it cannot be read; they are reported with this cluster's name
    }
  });
  return ok ? names : undefined;
}

/** The effective topology of `topology` under the profiles of the run. */
export function expandTopology(topology: ParsedTopology, set: ProfileSet): Expansion {
  const data = topology.data;
  const spec = isMap(data) ? data.spec : undefined;
  if (!isMap(spec) || !(PROFILES_KEY in spec)) return { expanded: { topology, provenance: { sources: [topology], origin: IDENTITY }, profiles: [] }, problems: [], listed: [] };
  const listed = listedProfiles(data);
  const r = new Reporter(topology);
  const names = resolve(spec[PROFILES_KEY], set, r);
  if (names === undefined) return { problems: r.problems, listed };
  const profiles = names.map((n) => set.byName.get(n)!);
  const sources: Source[] = [topology, ...profiles.map((p) => p.parsed!)];
  const without = (s: Raw): Raw => Object.fromEntries(Object.entries(s).filter(([k]) => k !== PROFILES_KEY));
  // A profile's $patch entries that cannot be read are reported by its own check (set.ts), once.
  const layers: Layer[] = [...profiles.map((p, i) => ({ src: i + 1, spec: without(p.spec!), path: ['spec'], patchesChecked: true })), { src: 0, spec: without(spec), path: ['spec'] }];
  const merged = mergeLayers(layers);
  const provenance: Provenance = { sources, origin: { src: 0, path: [], children: new Map([['spec', merged.origin]]) } };
  const reporter = new Reporter(topology, provenance);
  for (const n of merged.notes) reporter.reportIn(n.src, n.severity, n.severity === 'warning' ? 'profile-merge-noop' : 'profile-merge', n.path, n.message, { hint: n.hint, anchor: n.anchor });
  const effective = { ...(data as Raw), spec: merged.spec };
  return { expanded: { topology: withData(topology, effective), provenance, profiles: names }, problems: [...r.problems, ...reporter.problems], listed };
}
