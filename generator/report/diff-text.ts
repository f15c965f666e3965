// `gwtopo diff` for a terminal, in the order of a review (contract §13): the summary, the impact notes (destructive
// first), the acknowledgement lines, then the resource diffs (left out with --notes-only).
// Colour only when the caller says the output is a terminal that wants it (main.ts decides).

import { clusterList, formatProblem, RUN_FILE } from '../diagnostics/problem.js';
import { ackPatterns, groupGlob, type NoteGroup, profileLine } from '../diff/fleet.js';
import { ACK_PREFIX, ackLine, gateFails } from '../diff/gate.js';
import type { DiffSide, ResourceChange } from '../diff/types.js';
import { GITOPS_DIR } from '../topology/layout.js';
import type { Printed } from './printed.js';
import { acceptedNote } from './printed.js';
import type { DiffReport, LiveSummary } from './types.js';

export interface TextOptions {
  /** ANSI colours (stdout is a terminal and NO_COLOR is unset). */
  color?: boolean;
  /** Width to wrap prose to (explain); 80 by default. */
  width?: number;
  /** quiet: errors only; verbose: every file written and every accepted warning. */
  verbosity?: 'quiet' | 'verbose';
  /** diff --notes-only: everything but the resource diffs. */
  notesOnly?: boolean;
  /** The root as seen from the working directory ('' or absent: the same folder): import's paths are printed from there. */
  rootFromCwd?: string;
}

const CODES = { bold: 1, dim: 2, red: 31, green: 32, yellow: 33, cyan: 36 } as const;

type Paint = (style: keyof typeof CODES, text: string) => string;

function painter(color: boolean): Paint {
  return color ? (style, text) => `\u001b[${CODES[style]}m${text}\u001b[0m` : (_style, text) => text;
}

export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** `origin/main (1a2b3c4)`, or `the working tree`. */
export function sideLabel(side: DiffSide): string {
  return side.ref === null ? 'the working tree' : side.commit === null ? side.ref : `${side.ref} (${side.commit.slice(0, 7)})`;
}

/** A group's label: its id, or for several clusters the glob of their ids (listener-port-changed:&ast;/edge). */
export function groupLabel(g: NoteGroup): string {
  return g.ids.length === 1 ? g.ids[0]! : (g.pattern ?? groupGlob(g));
}

/** `30 clusters: a, b, … +20 more`, for a group of several clusters; '' for one. */
function groupClusters(g: NoteGroup): string {
  return g.clusters.length < 2 ? '' : `${plural(g.clusters.length, 'cluster')}: ${clusterList(g.clusters)}`;
}

/** Of a destructive group: how much of it is acknowledged. */
export function groupStatus(g: NoteGroup): 'acknowledged' | 'not acknowledged' | `${number} of ${number} not acknowledged` {
  const open = g.unacknowledged?.length ?? 0;
  return open === 0 ? 'acknowledged' : open === g.ids.length ? 'not acknowledged' : `${open} of ${g.ids.length} not acknowledged`;
}

/** Destructive groups first (acknowledged or not), then the others; each kept in its order. */
function destructiveFirst(groups: readonly NoteGroup[]): NoteGroup[] {
  return [...groups.filter((g) => g.severity === 'destructive'), ...groups.filter((g) => g.severity !== 'destructive')];
}

/**
 * "200 clusters", the clusters the diff changes: those with a changed resource and those added or removed. The
 * engine objects (overlays/_gitops) are no cluster: "199 clusters and the engine objects".
 */
export function clusterCount(r: Pick<DiffReport, 'resources' | 'notes'>): string {
  const clusters = new Set([...r.resources.map((c) => c.cluster), ...r.notes.filter((n) => n.kind === 'cluster-added' || n.kind === 'cluster-removed').map((n) => n.cluster)]);
  const engines = clusters.delete(GITOPS_DIR);
  if (engines && clusters.size === 0) return 'the engine objects';
  return `${plural(clusters.size, 'cluster')}${engines ? ' and the engine objects' : ''}`;
}

/** "3 impact notes", or "2 impact notes (61 across clusters)" when identical notes were grouped. */
export function noteCount(r: Pick<DiffReport, 'notes' | 'groups'>): string {
  return `${plural(r.groups.length, 'impact note')}${r.groups.length === r.notes.length ? '' : ` (${r.notes.length} across clusters)`}`;
}

/** `Gateway openchoreo-data-plane/gateway-internal` */
export function resourceLabel(r: Pick<ResourceChange, 'kind' | 'namespace' | 'name'>): string {
  return `${r.kind} ${r.namespace === undefined ? '' : `${r.namespace}/`}${r.name}`;
}

/** What a note's id does not say: its environment and listener. */
function noteDetail(n: Pick<NoteGroup, 'environment' | 'listener'>): string {
  return [...(n.environment === undefined ? [] : [`environment ${n.environment}`]), ...(n.listener === undefined ? [] : [`listener ${n.listener}`])].join(', ');
}

function paintDiff(diff: string, paint: Paint): string[] {
  return diff
    .replace(/\n$/, '')
    .split('\n')
    .map((line) =>
      line.startsWith('+++') || line.startsWith('---')
        ? paint('bold', line)
        : line.startsWith('+')
          ? paint('green', line)
          : line.startsWith('-')
            ? paint('red', line)
            : line.startsWith('@@')
              ? paint('cyan', line)
              : line.startsWith('\\')
                ? paint('dim', line)
                : line,
    );
}

/** The impact notes (destructive first) and the acknowledgement lines for the groups not acknowledged yet. */
function notesSection(r: DiffReport, paint: Paint): string[] {
  const out: string[] = [];
  // The impact notes, destructive first.
  if (r.groups.length > 0) {
    out.push('', paint('bold', 'impact notes:'));
    for (const n of destructiveFirst(r.groups)) {
      const where = noteDetail(n);
      const status = groupStatus(n);
      const tag = n.severity === 'info' ? paint('dim', '[info]') : n.acknowledged === true ? paint('green', '[destructive, acknowledged]') : paint('red', `[destructive, ${status}]`);
      const clusters = groupClusters(n);
      out.push(`  ${paint('yellow', groupLabel(n))}${where === '' ? '' : ` (${where})`} ${tag}: ${n.message}`, ...(clusters === '' ? [] : [`    ${clusters}`]), `    check: ${n.check}`);
      for (const command of n.commands ?? []) out.push(`    run: ${command}`);
    }
  }
  // The acknowledgement lines: one per group that is not acknowledged yet.
  const acks = ackPatterns(r.groups);
  if (acks.length > 0) {
    out.push('', paint('bold', 'to acknowledge the destructive notes after review, add these lines to the pull-request description:'), ...acks.map((a) => `  ${ackLine(a)}`));
  }
  return out;
}

/** A value of a field diff, as one line of YAML flow (absent: "(absent)"). */
export function fieldValue(v: unknown): string {
  return v === undefined ? '(absent)' : typeof v === 'string' ? v : JSON.stringify(v);
}

/** `kubectl get` resource names of the registration kinds (the control plane's). */
const CONTROL_PLANE_RESOURCES: Record<string, string> = { DataPlane: 'dataplanes', ClusterDataPlane: 'clusterdataplanes', Environment: 'environments' };

/**
 * The ownership lines: registration objects the capture does not hold (not compared, ownership not checked — with
 * the kubectl get that captures them), and captured ones without managedFields (ownership not checked).
 */
export function ownershipLines(live: LiveSummary): string[] {
  const out: string[] = [];
  const absent = live.ownership.notCaptured;
  if (absent.length > 0) {
    const kinds = [...new Set(absent.map((l) => CONTROL_PLANE_RESOURCES[l.split(' ')[0]!] ?? l.split(' ')[0]!.toLowerCase()))];
    out.push(
      `control plane not captured: ${absent.join(', ')} ${absent.length === 1 ? 'is' : 'are'} not in the capture, so ${absent.length === 1 ? 'its' : 'their'} registrations were not compared and registration ownership (orphaned registrations) was not checked (capture the control plane with kubectl get ${kinds.join(',')} -A --show-managed-fields -o yaml)`,
    );
  }
  const missing = live.ownership.notChecked;
  if (missing.length > 0) {
    out.push(
      `registration ownership not checked for ${missing.join(', ')}: the capture has no managedFields, so orphaned registrations cannot be found (capture with kubectl get … --show-managed-fields -o yaml)`,
    );
  }
  return out;
}

/** The summary line of a first-sync preview. */
export function liveSummaryLine(r: DiffReport, live: LiveSummary): string {
  const g = r.gate;
  const destructive = g.destructive === 0 ? '' : ` (${g.destructive} destructive, ${g.unacknowledged.length === 0 ? 'all acknowledged' : `${plural(g.unacknowledged.length, 'id')} not acknowledged`})`;
  return `${plural(r.resources.length, 'rendered object')} against ${plural(live.captured, 'captured object')}: ${live.created} created, ${live.updated} updated, ${live.unchanged} unchanged${live.notCaptured === 0 ? '' : `, ${live.notCaptured} not captured`}; ${noteCount(r)}${destructive}${acceptedNote(r.accepted)}`;
}

/** `gwtopo diff --live` for a terminal: the summary, the ownership line, the notes, every object with its change, then the diffs. */
function liveText(r: DiffReport, live: LiveSummary, paint: Paint, notesOnly: boolean): string {
  const out: string[] = [paint('bold', `gwtopo diff --live: ${live.inputs.join(', ')} → the working tree`), '', `gwtopo: ${liveSummaryLine(r, live)}`];
  for (const line of ownershipLines(live)) out.push(`gwtopo: ${line}`);
  if (gateFails(r.gate)) {
    out.push(
      `gwtopo: --fail-on destructive: ${plural(r.gate.unacknowledged.length, 'destructive change')} not acknowledged; after review, acknowledge each with --ack ID or a line "${ACK_PREFIX} ID" in the pull-request description`,
    );
  }
  out.push(...notesSection(r, paint));
  if (r.resources.length > 0) out.push('', paint('bold', 'objects:'));
  for (const c of r.resources) {
    const tag = c.change === 'created' ? paint('green', c.change) : c.change === 'updated' ? paint('yellow', c.change) : paint('dim', c.change === 'not-captured' ? 'not captured' : c.change);
    out.push(`  ${tag} ${resourceLabel(c)} (${c.path})`);
    for (const f of c.fields ?? []) out.push(`    ${f.path}: ${fieldValue(f.live)} → ${fieldValue(f.rendered)}`);
  }
  const diffs = r.resources.filter((c) => c.diff !== '');
  if (!notesOnly) for (const c of diffs) out.push('', paint('bold', `${c.change} ${c.path} (${resourceLabel(c)})`), ...paintDiff(c.diff, paint));
  else if (diffs.length > 0) out.push('', paint('dim', `(${plural(diffs.length, 'resource diff')} left out: --notes-only)`));
  return out.map((l) => `${l}\n`).join('');
}

export function formatDiffText(r: DiffReport, options: TextOptions = {}): Printed {
  const paint = painter(options.color === true);
  const problems = r.problems.map((p) => `${formatProblem(p)}\n`).join('');
  if (r.outcome === 'invalid') {
    const errors = r.problems.filter((p) => p.severity === 'error');
    const files = new Set(errors.filter((p) => p.file !== RUN_FILE).map((p) => p.file)).size;
    const summary = files === 0 ? '' : `gwtopo: ${plural(errors.length, 'error')} in ${plural(files, 'file')}\n`;
    return { stdout: '', stderr: `${problems}${summary}` };
  }
  const stderr = problems + r.baseProblems.map((p) => `base ${r.base.ref}: ${formatProblem(p)}\n`).join('');
  if (r.live !== undefined) return { stdout: liveText(r, r.live, paint, options.notesOnly === true), stderr };
  const out: string[] = [paint('bold', `gwtopo diff: ${sideLabel(r.base)} → ${sideLabel(r.head)}`), ''];
  // The summary.
  for (const p of r.profiles) out.push(`gwtopo: ${profileLine(p)}`);
  const t = r.totals;
  if (!r.changed) {
    out.push(`gwtopo: no changes: ${sideLabel(r.base)} and ${sideLabel(r.head)} render the same resources (${plural(r.clusters.length, 'cluster')})${acceptedNote(r.accepted)}`);
  } else {
    const g = r.gate;
    const destructive =
      g.destructive === 0 ? '' : ` (${g.destructive} destructive, ${g.unacknowledged.length === 0 ? 'all acknowledged' : `${plural(g.unacknowledged.length, 'id')} not acknowledged`})`;
    out.push(
      `gwtopo: ${clusterCount(r)} changed: ${plural(t.added + t.removed + t.changed, 'resource')} (${t.added} added, ${t.removed} removed, ${t.changed} changed); ${noteCount(r)}${destructive}${acceptedNote(r.accepted)}`,
    );
  }
  if (gateFails(r.gate)) {
    out.push(
      `gwtopo: --fail-on destructive: ${plural(r.gate.unacknowledged.length, 'destructive change')} not acknowledged; after review, acknowledge each with --ack ID or a line "${ACK_PREFIX} ID" in the pull-request description`,
    );
  }
  out.push(...notesSection(r, paint));
  // The resource diffs.
  if (options.notesOnly !== true) {
    for (const c of r.resources) out.push('', paint('bold', `${c.change} ${c.path} (${resourceLabel(c)})`), ...paintDiff(c.diff, paint));
  } else if (r.resources.length > 0) {
    out.push('', paint('dim', `(${plural(r.resources.length, 'resource diff')} left out: --notes-only)`));
  }
  return { stdout: out.map((l) => `${l}\n`).join(''), stderr };
}
