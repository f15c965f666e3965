// The profiles of a run, parsed and checked on their own: each file is a GatewayProfile whose
// metadata.name is its file name and whose spec has the shape of a topology's spec (schema: profile,
// derived from the topology schema). Parsed once per thread from the texts the run read.

import { Reporter } from '../diagnostics/position.js';
import { formatPath, type Problem } from '../diagnostics/problem.js';
import { withData } from '../parse/fast-yaml.js';
import { parseText } from '../parse/parse.js';
import type { ParsedTopology } from '../parse/parsed.js';
import type { ProfileFile } from '../repository/profiles.js';
import { validateSchema } from '../schema/schema.js';
import { patchEntries, patchProblem } from './merge.js';

const isMap = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** What a profile name is: a DNS-1123 label (the name of its file, without .yaml). */
export const DNS_LABEL = /^(?=.{1,63}$)[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

interface Profile {
  name: string;
  file: string;
  /** The parsed file, when it is YAML holding one document. */
  parsed?: ParsedTopology;
  /** The spec to merge, when the file has one that is a map. */
  spec?: Record<string, unknown>;
  /** Problems of the file itself. */
  problems: Problem[];
}

export interface ProfileSet {
  byName: ReadonlyMap<string, Profile>;
  /** Sorted. */
  names: readonly string[];
  /** The files of topologies/_profiles/ that are not read as profiles (c.yml, notes.md), by name without their last extension. */
  unread: ReadonlyMap<string, string>;
}

/** The document without its map keys whose value is null (their paths, and so their positions, are unchanged for the rest). */
function withoutNullKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutNullKeys);
  if (typeof value !== 'object' || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) if (v !== null) out[k] = withoutNullKeys(v);
  return out;
}

/** The document with the null-valued keys inside its spec removed (a spec that is not a map is kept as it is). */
function withNullSpecKeysRemoved(data: unknown): unknown {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return data;
  const spec = (data as Record<string, unknown>).spec;
  if (typeof spec !== 'object' || spec === null || Array.isArray(spec)) return data;
  return { ...data, spec: withoutNullKeys(spec) };
}

function checkProfile(file: ProfileFile): Profile {
  const profile: Profile = { name: file.name, file: file.file, problems: [...file.problems] };
  if (file.text === undefined) return profile;
  const loaded = parseText({ cluster: '', file: file.file, kind: 'GatewayProfile' }, file.text);
  profile.problems.push(...loaded.problems);
  if (!loaded.ok) return profile;
  profile.parsed = loaded.topology;
  const r = new Reporter(loaded.topology);
  const data = loaded.topology.data as { metadata?: { name?: unknown }; spec?: unknown } | null;
  // A key of the spec set to null removes what an earlier profile wrote (§8): a directive of the merge, not a
  // value to check. A null outside the spec (an empty spec: or metadata:) is a missing value, as in a topology.
  const schema = new Reporter(loaded.topology);
  validateSchema(withData(loaded.topology, withNullSpecKeysRemoved(loaded.topology.data)), schema, 'profile');
  // An entry holding $patch is a directive of the merge too: its form is checked as the merge checks it in a
  // topology (profile-merge, at the same places), and the schema's findings inside it are not reported twice.
  const patches = isMap(data?.spec) ? patchEntries(data.spec, ['spec']) : [];
  const inside = patches.map((p) => formatPath(p.path));
  r.problems.push(...schema.problems.filter((p) => !inside.some((e) => p.path === e || p.path.startsWith(`${e}.`) || p.path.startsWith(`${e}[`))));
  for (const p of patches) {
    const problem = patchProblem(p.entry, p.what);
    if (problem !== undefined) r.error('profile-merge', [...p.path, ...problem.path], problem.message, { hint: problem.hint, anchor: problem.anchor });
  }
  if (!DNS_LABEL.test(file.name)) {
    r.error('profile-name', [], `the file name ${JSON.stringify(file.name)} is not a DNS-1123 label; a profile is named by its file`, {
      hint: 'rename the file: lower-case letters, digits and "-", at most 63 characters, starting and ending with a letter or digit',
    });
  } else if (typeof data?.metadata?.name === 'string' && data.metadata.name !== file.name) {
    r.error('profile-name', ['metadata', 'name'], `${JSON.stringify(data.metadata.name)} must equal the file name ${JSON.stringify(file.name)}`, {
      hint: `set metadata.name: ${file.name}, or rename the file to ${data.metadata.name}.yaml (and the topologies that list it)`,
    });
  }
  profile.problems.push(...r.problems);
  if (isMap(data?.spec)) profile.spec = data.spec;
  return profile;
}

const parsedSets = new WeakMap<readonly ProfileFile[], ProfileSet>();

/** The profile set of these files, parsed once per thread. */
export function profileSet(files: readonly ProfileFile[]): ProfileSet {
  let set = parsedSets.get(files);
  if (set === undefined) {
    const profiles = files.filter((f) => f.unread !== true).map(checkProfile);
    const unread = new Map(files.filter((f) => f.unread === true).map((f) => [f.name, f.file]));
    set = { byName: new Map(profiles.map((p) => [p.name, p])), names: profiles.map((p) => p.name).sort(), unread };
    parsedSets.set(files, set);
  }
  return set;
}
