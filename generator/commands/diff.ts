import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hasErrors, type Problem, RUN_FILE, sortProblems } from '../diagnostics/problem.js';
import { assignGroups, groupNotes, type ProfileSide, profileChanges } from '../diff/fleet.js';
import { type Ack, applyAcks, type FailOn, gateFails, parseAckFile } from '../diff/gate.js';
import { type GitFailure, openRepository, type Repository, resolveCommit, snapshot } from '../diff/git.js';
import { baseInvalidNote, impactNotes, sortNotes } from '../diff/impact.js';
import { diffResources, resourcesOf, summarize, totals } from '../diff/resources.js';
import { changedClusters } from '../diff/select.js';
import { FLEET_RULES } from '../fleet/conflicts.js';
import type { PipelineOptions } from '../pipeline/cluster.js';
import { type PipelineResult, runPipeline } from '../pipeline/run.js';
import { type Selection, selects } from '../pipeline/selection.js';
import type { CommandOptions, DiffReport } from '../report/types.js';
import { readProfiles } from '../repository/profiles.js';
import { shellWord } from '../support/shell.js';
import { TOPOLOGIES_DIR, TOPOLOGY_FILE } from '../topology/layout.js';
import { liveDiff } from './diff-live.js';

function gitProblem(option: string, failure: GitFailure): Problem {
  // Not about a file: "." is the repository.
  return { severity: 'error', file: RUN_FILE, line: 1, col: 1, path: option, rule: 'git', message: failure.message, hint: failure.hint };
}

function isFailure<T extends object>(value: T | GitFailure): value is GitFailure {
  return 'message' in value && 'hint' in value;
}

/** The command that prints the whole diff locally (from the top of the repository). */
export function rerunCommand(base: string, head: string | undefined, selection: Selection, prefix: string): string {
  const words = ['npx', 'gwtopo', 'diff', '--base', shellWord(base)];
  if (head !== undefined) words.push('--head', shellWord(head));
  for (const c of selection.clusters ?? []) words.push('--cluster', c);
  if (selection.shard !== undefined) words.push('--shard', `${selection.shard.index}/${selection.shard.count}`);
  if (prefix !== '') words.push('--root', shellWord(prefix.replace(/\/$/, '')));
  words.push('--format', 'text');
  return words.join(' ');
}

/** The cluster a cluster-not-found problem names. */
function notFound(p: Problem): string | undefined {
  return p.rule === 'cluster-not-found' ? /^--cluster (.+)$/.exec(p.path)?.[1] : undefined;
}

/** Clusters whose topology file exists under root (the pipeline's list also holds leftover overlay folders). */
function topologyClusters(root: string, result: PipelineResult): string[] {
  return result.clusters.filter((c) => existsSync(join(root, TOPOLOGIES_DIR, c, TOPOLOGY_FILE)));
}

/** Temp paths never reach the output: they would differ per run and mean nothing to a reader. */
function scrub(problem: Problem, dir: string, label: string): Problem {
  const clean = (text: string): string => text.split(dir).join(label);
  return { ...problem, message: clean(problem.message), ...(problem.hint === undefined ? {} : { hint: clean(problem.hint) }) };
}

/**
 * Renders a revision's snapshot; file-system failures there become one problem (without the temp path).
 * `previous`: the base's files, against which the head's changed resources are checked as updates.
 */
async function renderSnapshot(
  dir: string,
  selection: Selection,
  label: string,
  previous: PipelineOptions['previous'] | undefined,
  fleet: Pick<PipelineOptions, 'ownsFleet' | 'fleetScope'>,
): Promise<PipelineResult | Problem> {
  try {
    const result = await runPipeline(dir, selection, { models: true, partial: true, ...fleet, ...(previous === undefined ? {} : { previous }) });
    return { ...result, problems: result.problems.map((p) => scrub(p, dir, label)) };
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    const what = typeof e.code === 'string' ? `${e.syscall ?? 'read'}: ${e.code}` : e instanceof Error ? e.message.split(dir).join(label) : String(err);
    return {
      severity: 'error',
      file: RUN_FILE,
      line: 1,
      col: 1,
      path: '',
      rule: 'git',
      message: `could not render ${label}: ${what}`,
      hint: 'check free space and permissions of the temp directory (TMPDIR)',
    };
  }
}

/**
 * `gwtopo diff --base REF [--head REF]`: renders the topologies at REF (read from git objects into a temp
 * directory) and at head (the working tree, or --head REF read the same way) with this gwtopo, then
 * compares resource by resource and derives impact notes from the two models. Writes nothing in the
 * repository; changes exit 0, or 1 with --exit-code.
 */
export async function diff(opts: CommandOptions): Promise<DiffReport> {
  const baseRef = opts.base ?? '';
  const report: DiffReport = {
    command: 'diff',
    outcome: 'invalid',
    clusters: [],
    problems: [],
    accepted: [],
    base: { ref: baseRef, commit: null },
    head: { ref: opts.head ?? null, commit: null },
    changed: false,
    totals: { added: 0, removed: 0, changed: 0 },
    summary: [],
    profiles: [],
    notes: [],
    groups: [],
    gate: { failOn: opts.failOn ?? 'none', destructive: 0, unacknowledged: [], acks: [] },
    resources: [],
    baseProblems: [],
    rerun: rerunCommand(baseRef, opts.head, opts.selection, ''),
  };
  const acks = readAcks(opts.acks ?? [], opts.ackFile, opts.ackFileGiven);
  if ('severity' in acks) return { ...report, problems: [acks] };
  if (opts.live !== undefined) return liveDiff(opts, report, acks);
  opts.progress?.('reading the base revision');
  const repo = await openRepository(opts.root);
  if (isFailure(repo)) return { ...report, problems: [gitProblem('', repo)] };
  report.rerun = rerunCommand(baseRef, opts.head, opts.selection, repo.prefix);
  const base = await resolveCommit(repo, baseRef, '--base');
  const head = opts.head === undefined ? undefined : await resolveCommit(repo, opts.head, '--head');
  const refProblems = [...(isFailure(base) ? [gitProblem('--base', base)] : []), ...(head !== undefined && isFailure(head) ? [gitProblem('--head', head)] : [])];
  if (isFailure(base) || (head !== undefined && isFailure(head))) return { ...report, problems: refProblems };
  report.base = { ref: baseRef, commit: base.commit };
  if (head !== undefined) report.head = { ref: opts.head!, commit: head.commit };
  const temps: string[] = [];
  try {
    const baseSnap = await materialize(repo, base.commit, temps, baseRef);
    const headSnap = head === undefined ? { dir: opts.root, skipped: [] } : await materialize(repo, head.commit, temps, opts.head!);
    // Only the clusters whose inputs differ are rendered (diff/select.ts): the others render the same on both sides.
    // Fleet rules still read every topology, and the engine objects are rendered as the user's selection owns them.
    // GWTOPO_DIFF_RENDER=all renders every cluster (the tests compare both ways; docs/performance.md).
    const selective = opts.selection.clusters === undefined && process.env.GWTOPO_DIFF_RENDER !== 'all';
    const selected = selective ? await changedClusters(baseSnap.dir, headSnap.dir) : { changed: 'all' as const, clusters: [] };
    const ownsFleet = opts.selection.clusters === undefined && (opts.selection.shard === undefined || opts.selection.shard.index === 1);
    const selection: Selection = selected.changed === 'all' ? opts.selection : { ...opts.selection, clusters: [...selected.changed].filter((c) => selects(opts.selection, c)).sort() };
    const all = selected.changed === 'all' ? undefined : selected.clusters.filter((c) => selects(opts.selection, c));
    const fleet = { ownsFleet, ...(selected.changed === 'all' ? {} : { fleetScope: opts.selection }) };
    opts.progress?.('validating and rendering both sides');
    const baseResult = await renderSnapshot(baseSnap.dir, selection, `the base ${baseRef}`, undefined, fleet);
    if ('severity' in baseResult) return { ...report, problems: [baseResult] };
    // A changed resource must also pass its CRD's transition rules (oldSelf): the API server checks them on update.
    const previous = new Map(baseResult.files.map((f) => [f.path, f.content]));
    const headResult =
      head === undefined
        ? await runPipeline(opts.root, selection, { models: true, partial: true, previous, ...fleet })
        : await renderSnapshot(headSnap.dir, selection, `the head ${opts.head!}`, previous, fleet);
    if ('severity' in headResult) return { ...report, problems: [headResult] };
    return compareSides(
      report,
      { exitCode: opts.exitCode === true, failOn: opts.failOn ?? 'none', acks: acks.acks, ackProblems: acks.problems },
      { root: baseSnap.dir, result: baseResult, skipped: baseSnap.skipped, profiles: await profileSide(baseSnap.dir, baseResult) },
      { root: headSnap.dir, result: headResult, skipped: headSnap.skipped, profiles: await profileSide(headSnap.dir, headResult) },
      all,
    );
  } finally {
    for (const dir of temps) rmSync(dir, { recursive: true, force: true });
  }
}

/** A revision's snapshot in a new temp folder; entries it cannot write become warnings, never silent skips. */
async function materialize(repo: Repository, commit: string, temps: string[], ref: string): Promise<{ dir: string; skipped: Problem[] }> {
  const dir = mkdtempSync(join(tmpdir(), 'gwtopo-diff-'));
  temps.push(dir);
  const snap = await snapshot(repo, commit, dir);
  const skipped = snap.skipped.map(
    ({ path, reason }): Problem => ({
      severity: 'warning',
      file: path,
      line: 1,
      col: 1,
      path: '',
      rule: 'git-entry-skipped',
      message: `not read at ${ref}: ${reason}`,
      hint: 'gwtopo reads regular files, and symbolic links to files or folders inside the root',
    }),
  );
  return { dir, skipped };
}

interface Side {
  root: string;
  result: PipelineResult;
  /** Warnings for entries of a revision that were not read. */
  skipped: Problem[];
  /** The side's profile files and which profiles every topology lists. */
  profiles: ProfileSide;
}

/** The texts of a side's profiles ('' when unreadable) and the profiles each of its topologies lists. */
async function profileSide(root: string, result: PipelineResult): Promise<ProfileSide> {
  const files = await readProfiles(root);
  return {
    texts: new Map(files.profiles.filter((p) => p.unread !== true).map((p) => [p.name, p.text ?? ''])),
    uses: new Map(result.identities.map((i) => [i.cluster, i.profiles])),
  };
}

/** How the outcome is decided: --exit-code, and the review gate. */
interface Verdict {
  exitCode: boolean;
  failOn: FailOn;
  acks: readonly Ack[];
  /** Warnings about lines of --ack-file. */
  ackProblems: readonly Problem[];
}

/** The report from two rendered sides. Pure apart from checking which topology files exist. */
function compareSides(report: DiffReport, verdict: Verdict, base: Side, head: Side, all?: string[]): DiffReport {
  const baseClusters = topologyClusters(base.root, base.result);
  const headClusters = topologyClusters(head.root, head.result);
  // A --cluster named on one side only is an addition or a removal, not an error; on neither side it is one.
  const problems = sortProblems([...head.skipped, ...head.result.problems.filter((p) => !baseClusters.includes(notFound(p) ?? ''))]);
  // The clusters of the report: every cluster in the user's selection (`all`: a selective render's), not only those rendered.
  const clusters = all ?? [...new Set([...baseClusters, ...headClusters])].sort();
  if (hasErrors(problems)) return { ...report, clusters, problems };
  // Warnings at base are the base's business; its errors explain why a cluster is compared against nothing.
  // The fleet's conflicts are the head's business: at base they stop nothing from rendering.
  const baseProblems = sortProblems([...base.skipped, ...base.result.problems.filter((p) => p.severity === 'error' && notFound(p) === undefined && !FLEET_RULES.has(p.rule))]);
  const headResources = resourcesOf(head.result.files);
  const resources = diffResources(resourcesOf(base.result.files), headResources);
  const perCluster = new Map<string, number>();
  for (const r of headResources) perCluster.set(r.cluster, (perCluster.get(r.cluster) ?? 0) + 1);
  const validBase = new Set(base.result.models.map((m) => m.cluster));
  const notes = impactNotes(
    { clusters: baseClusters, models: base.result.models, identities: base.result.identities },
    {
      clusters: head.result.models.map((m) => m.cluster),
      models: head.result.models,
      identities: head.result.identities,
      engines: (head.result.config?.engines.length ?? 0) > 0,
      sync: { unorderedArgoCD: head.result.config?.engines.includes('argocd') === true && head.result.config.argocd.ordering !== 'progressive' },
    },
    perCluster,
  );
  const invalid = baseClusters
    .filter((c) => !validBase.has(c) && headClusters.includes(c))
    .map((c) =>
      baseInvalidNote(
        c,
        baseProblems.filter((p) => p.file.startsWith(`${TOPOLOGIES_DIR}/${c}/`)),
      ),
    );
  const allNotes = [...notes, ...invalid];
  const changed = resources.length > 0 || allNotes.some((n) => n.kind === 'cluster-added' || n.kind === 'cluster-removed');
  const gated = applyAcks(assignGroups(sortNotes(allNotes)), verdict.acks, verdict.failOn);
  const profiles = profileChanges(base.profiles, head.profiles, new Set(clusters));
  return {
    ...report,
    outcome: gateFails(gated.gate) ? 'blocked' : changed && verdict.exitCode ? 'drift' : 'ok',
    clusters,
    problems: sortProblems([...problems, ...verdict.ackProblems, ...gated.problems]),
    accepted: head.result.accepted,
    changed,
    totals: totals(resources),
    summary: summarize(resources),
    profiles,
    notes: gated.notes,
    groups: groupNotes(
      gated.notes,
      gated.notes.filter((n) => n.severity === 'destructive'),
    ),
    gate: gated.gate,
    resources,
    baseProblems,
  };
}

/** The acknowledgements of --ack and --ack-file; an unreadable file is an error (exit 2), never an empty list. */
/** The acknowledgements of --ack and --ack-file; `shown`: the file as the user gave it (messages name it so). */
function readAcks(flags: readonly string[], file: string | undefined, shown = file): { acks: Ack[]; problems: Problem[] } | Problem {
  const acks: Ack[] = flags.map((pattern) => ({ pattern, source: '--ack' }));
  if (file === undefined) return { acks, problems: [] };
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'unreadable';
    return {
      severity: 'error',
      file: RUN_FILE,
      line: 1,
      col: 1,
      path: '--ack-file',
      rule: 'ack-file',
      message: `cannot read ${shown}: ${code}`,
      hint: 'pass the file the workflow wrote the pull-request description to',
    };
  }
  const parsed = parseAckFile(text, shown ?? file);
  return { acks: [...acks, ...parsed.acks], problems: parsed.problems };
}
