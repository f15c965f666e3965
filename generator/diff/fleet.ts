// Review at fleet scale (TOPOLOGY.md §8): which profiles a change touches and how many clusters each
// affects, and identical impact notes on several clusters folded into one group that lists its clusters.
// Pure functions: the diff command reads the profile files of both sides and hands their texts in.

import { createHash } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import { parse } from 'yaml';
import { ackMatches } from './gate.js';
import type { ImpactNote } from './types.js';

type ProfileStatus = 'added' | 'removed' | 'changed' | 'renamed';

/**
 * A profile whose file differs between base and head, and the clusters in scope that list it: at head (a removed
 * profile: at base). A cluster removed, or no longer listing it, is a change of its own (contract §13).
 */
export interface ProfileChange {
  name: string;
  status: ProfileStatus;
  /** Renamed: the name at base (the same spec under another name). */
  from?: string;
  /** Clusters in scope of the run that list it in spec.profiles at head (removed: at base), sorted. */
  clusters: string[];
}

/** A side's profiles: name → file text ('' when it could not be read), and which profiles each cluster lists. */
export interface ProfileSide {
  texts: ReadonlyMap<string, string>;
  uses: ReadonlyMap<string, readonly string[]>;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The spec a profile file holds, for recognizing a rename; undefined when unreadable. */
function specOf(text: string): unknown {
  try {
    const doc = parse(text, { maxAliasCount: 100 }) as { spec?: unknown } | null;
    return doc?.spec ?? undefined;
  } catch {
    return undefined;
  }
}

function users(side: ProfileSide, profile: string, scope: ReadonlySet<string>): string[] {
  return [...side.uses].filter(([cluster, listed]) => scope.has(cluster) && listed.includes(profile)).map(([cluster]) => cluster);
}

/**
 * The profiles added, removed, changed (any byte of the file) or renamed between base and head, by name. A
 * rename is a removed and an added profile with the same spec, one to one. `scope`: the clusters the run
 * compares (--cluster, --shard); only those are counted.
 */
export function profileChanges(base: ProfileSide, head: ProfileSide, scope: ReadonlySet<string>): ProfileChange[] {
  const removed = [...base.texts.keys()].filter((n) => !head.texts.has(n));
  const added = [...head.texts.keys()].filter((n) => !base.texts.has(n));
  const renames = new Map<string, string>(); // new name → old name
  for (const old of removed) {
    const spec = specOf(base.texts.get(old)!);
    if (spec === undefined) continue;
    const same = added.filter((n) => isDeepStrictEqual(specOf(head.texts.get(n)!), spec));
    const rivals = removed.filter((o) => o !== old && isDeepStrictEqual(specOf(base.texts.get(o)!), spec));
    if (same.length === 1 && rivals.length === 0) renames.set(same[0]!, old);
  }
  const renamedFrom = new Set(renames.values());
  const out: ProfileChange[] = [];
  const sorted = (list: Iterable<string>): string[] => [...new Set(list)].sort(compare);
  for (const name of removed) {
    if (!renamedFrom.has(name)) out.push({ name, status: 'removed', clusters: sorted(users(base, name, scope)) });
  }
  for (const name of added) {
    const old = renames.get(name);
    out.push(old === undefined ? { name, status: 'added', clusters: sorted(users(head, name, scope)) } : { name, status: 'renamed', from: old, clusters: sorted(users(head, name, scope)) });
  }
  for (const [name, text] of head.texts) {
    // The clusters that list it at head: a cluster removed, or no longer listing it, is a change of its own.
    if (base.texts.has(name) && base.texts.get(name) !== text) out.push({ name, status: 'changed', clusters: sorted(users(head, name, scope)) });
  }
  return out.sort((a, b) => compare(a.name, b.name));
}

/** One line per profile change: `profile eks-standard changed: 30 clusters`. */
export function profileLine(p: ProfileChange): string {
  const what = p.status === 'renamed' ? `renamed from ${p.from}` : p.status;
  return `profile ${p.name} ${what}: ${p.clusters.length} cluster${p.clusters.length === 1 ? '' : 's'}`;
}

/**
 * Identical impact notes on several clusters, shown once. The notes of a group have the same kind, gateway,
 * environment, listener, from/to, and the same message, check and commands once the cluster's name is
 * replaced by `<cluster>`.
 */
export interface NoteGroup extends Pick<ImpactNote, 'kind' | 'severity' | 'gateway' | 'environment' | 'listener' | 'from' | 'to' | 'check' | 'commands'> {
  /** Destructive groups only: true when every id is acknowledged. */
  acknowledged?: boolean;
  /** The clusters, in the order of the notes (sorted). */
  clusters: string[];
  /** Each cluster's note id, in the same order (every one is gated on its own). */
  ids: string[];
  /** Destructive groups: the ids no acknowledgement matches. */
  unacknowledged?: string[];
  /**
   * Destructive groups with unacknowledged ids: the acknowledgements to paste — the group's pattern when it has
   * one, otherwise the unacknowledged ids.
   */
  ack?: string[];
  /**
   * Destructive groups of several notes: the one pattern that matches exactly the group's notes among every
   * destructive note of the run — its glob, or the glob narrowed by #group — when there is one.
   */
  pattern?: string;
  /** With several clusters, `<cluster>` stands for each cluster's name (so in check and commands too). */
  message: string;
}

/** Stands for the cluster's name in a grouped note's text. */
const CLUSTER_PLACEHOLDER = '<cluster>';

/**
 * A text split into words and what lies between them (odd indexes are words; joined, the text again). A word
 * is a whole name: `overlays/the/` holds the word `the`, `the.example.com` does not (nor does it hold `example`).
 */
function words(text: string): string[] {
  return text.split(/(?<![A-Za-z0-9_.-])([A-Za-z0-9_-]+(?:\.[A-Za-z0-9_-]+)*)/);
}

/** The texts of a note that grouping compares (message, check, commands), split into words. */
function texts(n: ImpactNote): string[][] {
  return [n.message, n.check, ...(n.commands ?? [])].map(words);
}

/** What two notes of one group share exactly; the texts are compared word by word (sameText). */
function groupKey(n: ImpactNote): string {
  return JSON.stringify([n.kind, n.gateway ?? null, n.environment ?? null, n.listener ?? null, n.from ?? null, n.to ?? null, texts(n).map((t) => t.length)]);
}

/**
 * True when note b's texts are note a's with a's cluster name replaced by b's where a names its cluster: word
 * by word, each the same, or a's cluster name against b's. (Replacing every occurrence of the name would make
 * a cluster named "the" or "a" differ from the others, since the fixed text holds those words too.)
 */
function sameText(a: ImpactNote, ta: readonly string[][], b: ImpactNote, tb: readonly string[][]): boolean {
  return ta.every((wa, t) => wa.every((w, i) => w === tb[t]![i] || (i % 2 === 1 && w === a.cluster && tb[t]![i] === b.cluster)));
}

/**
 * Each note with its group (ImpactNote.group): 8 hex digits of what the group's notes share — kind, gateway,
 * environment, listener, from, to and the texts with the cluster names left out — the same for every note of a
 * group and different between groups, so `<glob>#<group>` acknowledges exactly one group.
 */
export function assignGroups(notes: readonly ImpactNote[]): ImpactNote[] {
  const group = new Map<ImpactNote, string>();
  for (const members of grouped(notes)) {
    const first = members.members[0]!;
    const several = members.members.length > 1 && new Set(members.members.map((n) => n.cluster)).size > 1;
    const texts = [0, 1, ...(first.commands ?? []).map((_, i) => 2 + i)].map((i) => (several ? template(members.texts.map((m) => m[i]!)) : members.texts[0]![i]!.join('')));
    const key = JSON.stringify([first.kind, first.gateway ?? null, first.environment ?? null, first.listener ?? null, first.from ?? null, first.to ?? null, texts]);
    const digest = createHash('sha256').update(key).digest('hex').slice(0, 8);
    for (const n of members.members) group.set(n, digest);
  }
  return notes.map((n) => ({ ...n, group: group.get(n)! }));
}

/** The notes in groups of identical notes (see NoteGroup), in the order of each group's first note. */
function grouped(notes: readonly ImpactNote[]): { members: ImpactNote[]; texts: string[][][] }[] {
  const groups: { members: ImpactNote[]; texts: string[][][] }[] = [];
  const byKey = new Map<string, (typeof groups)[number][]>();
  for (const n of notes) {
    const key = groupKey(n);
    const t = texts(n);
    const candidates = byKey.get(key) ?? [];
    const group = candidates.find((g) => sameText(g.members[0]!, g.texts[0]!, n, t));
    if (group !== undefined) {
      group.members.push(n);
      group.texts.push(t);
      continue;
    }
    const created = { members: [n], texts: [t] };
    groups.push(created);
    byKey.set(key, [...candidates, created]);
  }
  return groups;
}

/**
 * The notes grouped: a group per distinct note (see NoteGroup), in the order of each group's first note.
 * A note that no other cluster shares stays a group of one, its text unchanged. `destructive`: every
 * destructive note of the run, to decide whether a glob acknowledges exactly a group.
 */
export function groupNotes(notes: readonly ImpactNote[], destructive: readonly ImpactNote[]): NoteGroup[] {
  return grouped(notes).map((g) => groupOf(g.members, g.texts, destructive));
}

/**
 * The first note's text with `<cluster>` where the members' words differ: the places that name the cluster
 * (a word that is the same in every member, "the" in a note of cluster "the" too, stays).
 */
function template(members: readonly string[][]): string {
  const first = members[0]!;
  return first.map((w, i) => (members.some((m) => m[i] !== w) ? CLUSTER_PLACEHOLDER : w)).join('');
}

function groupOf(members: readonly ImpactNote[], texts: readonly string[][][], destructive: readonly ImpactNote[]): NoteGroup {
  const first = members[0]!;
  const clusters = [...new Set(members.map((n) => n.cluster))];
  const several = clusters.length > 1;
  // Text t of the group: the first note's, with <cluster> where the members name their clusters.
  const t = (index: number, text: string): string => (several ? template(texts.map((m) => m[index]!)) : text);
  const ids = [...new Set(members.map((n) => n.id))];
  const group: NoteGroup = { kind: first.kind, severity: first.severity, clusters, ids, message: '', check: '' };
  if (first.severity === 'destructive') {
    const open = [...new Set(members.filter((n) => n.acknowledged !== true).map((n) => n.id))];
    group.acknowledged = open.length === 0;
    group.unacknowledged = open;
    const pattern = members.length < 2 ? undefined : exactPattern(first, members, destructive);
    if (pattern !== undefined) group.pattern = pattern;
    if (open.length > 0) group.ack = pattern === undefined ? open : [pattern];
  }
  for (const key of ['gateway', 'environment', 'listener', 'from', 'to'] as const) {
    if (first[key] !== undefined) group[key] = first[key];
  }
  group.message = t(0, first.message);
  group.check = t(1, first.check);
  if (first.commands !== undefined) group.commands = first.commands.flatMap((c, i) => (several ? runnable(texts.map((m) => m[2 + i]!)) : [c]));
  return group;
}

/** A word a shell reads as itself (no quoting needed). */
const PLAIN_WORD = /^[A-Za-z0-9._/-]+$/;

/**
 * A grouped note's command as it runs (contract §13: never a `<cluster>` placeholder): a loop over the members'
 * values when every member differs in one value only (a cluster or object name, possibly repeated) and that
 * value stands outside quotes; else each member's own command, one line each.
 */
function runnable(members: readonly string[][]): string[] {
  const first = members[0]!;
  const varying = first.map((_, i) => i).filter((i) => members.some((m) => m[i] !== first[i]));
  const own = [...new Set(members.map((m) => m.join('')))];
  if (varying.length === 0) return [first.join('')];
  const values = members.map((m) => m[varying[0]!]!);
  const oneValue = members.every((m, k) => varying.every((i) => m[i] === values[k]));
  // Outside single quotes: an even number of ' before the place (the shell expands "$name" only there).
  const unquoted = varying.every((i) => (first.slice(0, i).join('').match(/'/g)?.length ?? 0) % 2 === 0);
  if (!oneValue || !unquoted || !values.every((v) => PLAIN_WORD.test(v))) return own;
  const body = first.map((w, i) => (varying.includes(i) ? '"$name"' : w)).join('');
  return [`for name in ${[...new Set(values)].join(' ')}; do ${body}; done`];
}

/** The glob of a group's ids: <kind>:&ast; and the gateway, as ids are built (types.ts, noteId). */
export function groupGlob(n: Pick<ImpactNote, 'kind' | 'gateway'>): string {
  return `${n.kind}:*${n.gateway === undefined ? '' : `/${n.gateway}`}`;
}

/**
 * The pattern that matches exactly a group's notes among every destructive note of the run: its glob, else the glob
 * narrowed by the group's digest (ImpactNote.group); undefined when neither does (a group whose notes share an id
 * with notes of another group of the same digest cannot happen: the digest covers all that groups them).
 */
function exactPattern(first: ImpactNote, members: readonly ImpactNote[], destructive: readonly ImpactNote[]): string | undefined {
  const exactly = (pattern: string): boolean => destructive.every((n) => ackMatches(pattern, n) === members.includes(n));
  const glob = groupGlob(first);
  if (exactly(glob)) return glob;
  const narrowed = `${glob}#${first.group}`;
  return first.group !== undefined && exactly(narrowed) ? narrowed : undefined;
}

/**
 * The acknowledgement patterns that cover every unacknowledged id, for a pull-request description: the
 * groups' suggestions (a glob for a group when it matches exactly its ids), sorted, each once.
 */
export function ackPatterns(groups: readonly NoteGroup[]): string[] {
  return [...new Set(groups.flatMap((g) => g.ack ?? []))].sort(compare);
}
