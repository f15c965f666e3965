// `gwtopo diff --format markdown`: a pull-request comment (and job summary), in the order of a review (contract
// §13): the summary, the impact notes (destructive first), the acknowledgement lines, then the per-cluster table
// and one collapsed <details> per resource with its diff. The cap cuts the table and the resources first: notes
// and acknowledgement lines are cut only when they alone would not fit.
//
// GitHub refuses comment bodies over 65,536 characters, so the output never exceeds `maxChars` (default
// 65,000), counted in UTF-16 code units — never fewer than the characters GitHub counts — on every path,
// "no changes" and invalid input included. It is cut at whole resources and then says how many were left
// out and which local command prints everything. Text from topologies (annotation values, hosts) is
// escaped, and code blocks are fenced longer than any backtick run inside them.

import { clusterList, formatProblem, RUN_FILE } from '../diagnostics/problem.js';
import { ackPatterns, type NoteGroup, profileLine } from '../diff/fleet.js';
import { ackLine, type Gate } from '../diff/gate.js';
import type { ResourceChange } from '../diff/types.js';
import { clusterCount, fieldValue, formatDiffText, groupStatus, liveSummaryLine, ownershipLine, plural, resourceLabel } from './diff-text.js';
import { escapeHtml } from './html.js';
import type { Printed } from './printed.js';
import { formatText } from './text.js';
import type { DiffReport, Report } from './types.js';

export const DEFAULT_MAX_CHARS = 65_000;
/** First line of every comment: the workflow finds its previous comment by it and updates it in place. */
export const MARKER = '<!-- gwtopo-diff -->';
/** In a comment that left something out: the workflow then links the full HTML report. */
const TRUNCATED_MARKER = '<!-- gwtopo-diff:truncated -->';

export interface MarkdownOptions {
  maxChars?: number;
  /** diff --notes-only: no table, no resource diffs. */
  notesOnly?: boolean;
}

/** Escapes text for Markdown prose: punctuation that could start markup is backslash-escaped. */
export function escapeMarkdown(text: string): string {
  return text.replace(/\r?\n/g, ' ').replace(/[\\`*_[\]<>|~&#!]/g, '\\$&');
}

function longestRun(text: string, char: string): number {
  let longest = 0;
  let run = 0;
  for (const c of text) {
    run = c === char ? run + 1 : 0;
    if (run > longest) longest = run;
  }
  return longest;
}

/** An inline code span holding any text (CommonMark: a fence longer than every backtick run inside). */
export function inlineCode(text: string): string {
  const t = text.replace(/\r?\n/g, ' ');
  const fence = '`'.repeat(longestRun(t, '`') + 1);
  const pad = t.startsWith('`') || t.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${t}${pad}${fence}`;
}

/** A fenced code block that no line of `body` can close early. */
export function codeBlock(lang: string, body: string, indent = ''): string {
  const fence = '`'.repeat(Math.max(3, longestRun(body, '`') + 1));
  const lines = body.replace(/\n$/, '').split('\n');
  return [`${fence}${lang}`, ...lines, fence].map((l) => `${indent}${l}`).join('\n');
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|');
}

function sides(r: DiffReport): string {
  const label = (s: DiffReport['base']): string => (s.ref === null ? 'the working tree' : `${inlineCode(s.ref)}${s.commit === null ? '' : ` (${inlineCode(s.commit.slice(0, 7))})`}`);
  return `${label(r.base)} → ${label(r.head)}`;
}

/** `cluster `a`, gateway `g``: the names a note applies to, as code (several clusters: how many, and the first ten). */
function subject(n: NoteGroup): string {
  const clusters = n.clusters.length === 1 ? '' : `${plural(n.clusters.length, 'cluster')} (${clusterList(n.clusters.map(inlineCode))})`;
  const parts: [string, string | undefined][] = [
    ['cluster', n.clusters.length === 1 ? n.clusters[0] : undefined],
    ['gateway', n.gateway],
    ['environment', n.environment],
    ['listener', n.listener],
  ];
  const named = parts.filter((p): p is [string, string] => p[1] !== undefined).map(([what, name]) => `${what} ${inlineCode(name)}`);
  return [...(clusters === '' ? [] : [clusters]), ...named].join(', ');
}

/** The acknowledgements that matched a note's ids, for "acknowledged by …". */
function acknowledgedBy(n: NoteGroup, gate: Gate): string[] {
  return [...new Set(n.ids.map((id) => gate.acks.find((a) => a.matches.includes(id))?.pattern).filter((p): p is string => p !== undefined))];
}

function noteBlock(n: NoteGroup, gate: Gate): string {
  const by = n.acknowledged === true ? acknowledgedBy(n, gate) : [];
  const status =
    n.severity === 'info' ? '' : n.acknowledged === true ? ` — acknowledged${by.length === 0 ? '' : ` by ${by.map((p) => inlineCode(ackLine(p))).join(', ')}`}` : ` — **${groupStatus(n)}**`;
  const commands = n.commands !== undefined && n.commands.length > 0 ? codeBlock('sh', n.commands.join('\n'), '  ') : undefined;
  // Two trailing spaces: a line break inside the list item. The acknowledgement lines follow the notes, once.
  const lines = [`- **${escapeMarkdown(n.kind)}** — ${subject(n)}${status}: ${escapeMarkdown(n.message)}  `, `  Check: ${escapeMarkdown(n.check)}`];
  if (commands !== undefined) lines.push(commands);
  return `${lines.join('\n')}\n`;
}

/** Stale acknowledgements (they match no destructive note), for the summary. */
function staleText(r: DiffReport): string {
  const stale = r.gate.acks.filter((a) => a.matches.length === 0);
  return stale.length === 0
    ? ''
    : `Stale acknowledgements (they match no destructive note; remove them): ${stale.map((a) => `${inlineCode(ackLine(a.pattern))}${a.source === '--ack' ? '' : ` (${escapeMarkdown(a.source)})`}`).join(', ')}.\n\n`;
}

/** The review gate, in the summary: how many destructive changes are not acknowledged, or that all are. */
function gateHeadline(r: DiffReport): string {
  const g = r.gate;
  const stale = staleText(r);
  if (g.destructive === 0) return r.changed || stale !== '' ? `No destructive changes.\n\n${stale}` : stale;
  const ids = g.unacknowledged;
  if (ids.length === 0) return `**All ${plural(g.destructive, 'destructive change')} acknowledged.**\n\n${stale}`;
  const inAll = g.destructive === ids.length ? '' : ` (${g.destructive} destructive notes in all)`;
  const fails = g.failOn === 'destructive' ? `: ${inlineCode('gwtopo diff --fail-on destructive')} fails until each is` : '';
  return `**${plural(ids.length, 'destructive change')} not acknowledged**${inAll}${fails}. The acknowledgement lines follow the notes.\n\n${stale}`;
}

/**
 * The acknowledgement lines, after the notes: one per group that is not acknowledged yet (its glob, narrowed to
 * the group when it must be), as one code block to copy. At most `budget` characters: lines that do not fit are
 * counted, with the command that lists them all.
 */
function ackBlock(r: DiffReport, budget: number): string {
  const lines = ackPatterns(r.groups);
  if (lines.length === 0) return '';
  const head = `#### Acknowledge (${lines.length})\n\nAfter review, add ${lines.length === 1 ? 'this line' : 'these lines'} to the pull-request description:\n\n`;
  const more = (n: number): string => `… and ${n} more: ${inlineCode(r.rerun)} lists every line\n${TRUNCATED_MARKER}\n\n`;
  for (let keep = lines.length; keep >= 0; keep--) {
    const block = keep === 0 ? '' : `${codeBlock('text', lines.slice(0, keep).map(ackLine).join('\n'))}\n\n`;
    const text = `${head}${block}${keep < lines.length ? more(lines.length - keep) : ''}`;
    if (text.length <= budget || keep === 0) return text;
  }
  return head;
}

function resourceBlock(c: ResourceChange): string {
  const summary = `${c.change} <code>${escapeHtml(c.path)}</code> (${escapeHtml(resourceLabel(c))})`;
  // diff --live: the fields an update changes, before its diff.
  const fields = (c.fields ?? []).map((f) => `- ${inlineCode(f.path)}: ${inlineCode(fieldValue(f.live))} → ${inlineCode(fieldValue(f.rendered))}\n`).join('');
  return `<details>\n<summary>${summary}</summary>\n\n${fields === '' ? '' : `${fields}\n`}${codeBlock('diff', c.diff)}\n\n</details>\n\n`;
}

/** Appends blocks while they fit in `budget` characters; returns how many were taken. */
function fill(out: string[], blocks: readonly string[], budget: number): number {
  let used = out.reduce((n, s) => n + s.length, 0);
  let taken = 0;
  for (const block of blocks) {
    if (used + block.length > budget) break;
    out.push(block);
    used += block.length;
    taken++;
  }
  return taken;
}

function size(parts: readonly string[]): number {
  return parts.reduce((n, s) => n + s.length, 0);
}

/** The last resort for absurdly small caps: a code-point-safe cut. */
function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  let out = '';
  for (const ch of text) {
    if (out.length + ch.length > max) break;
    out += ch;
  }
  return out;
}

function invalidMarkdown(r: DiffReport, cap: number): string {
  const errors = r.problems.filter((p) => p.severity === 'error');
  const git = errors.find((p) => p.file === RUN_FILE);
  const head = [`${MARKER}\n`, '### gwtopo diff\n\n'];
  if (git !== undefined) {
    head.push(`**gwtopo diff could not run**${git.path === '' ? '' : ` (${inlineCode(git.path)})`}: ${escapeMarkdown(git.message)}.${git.hint === undefined ? '' : ` ${escapeMarkdown(git.hint)}.`}\n`);
    return clip(head.join(''), cap);
  }
  head.push(`**The topologies at head are invalid** (${plural(errors.length, 'error')}): nothing was compared. Run ${inlineCode('gwtopo validate')} for every problem.\n\n`);
  const tail = '\n';
  const lines = r.problems.map((p) => formatProblem(p).split('\n')[0]!);
  // Keep as many problem lines as fit, with a line saying how many were left out.
  const withLines = (keep: number): string => {
    const shown = [...lines.slice(0, keep), ...(keep < lines.length ? [`… ${lines.length - keep} more`] : [])];
    return `${head.join('')}${codeBlock('text', shown.join('\n'))}\n${tail}`;
  };
  const all = withLines(lines.length);
  if (all.length <= cap) return all;
  // Below all lines, one more line (never shorter than the digit the count loses) makes the text longer: the
  // longest that fits is found by bisection, not by building every length (thousands of problems).
  if (withLines(0).length > cap) return clip(head.join(''), cap);
  let fits = 0;
  let tooLong = lines.length;
  while (tooLong - fits > 1) {
    const mid = (fits + tooLong) >> 1;
    if (withLines(mid).length <= cap) fits = mid;
    else tooLong = mid;
  }
  return withLines(fits);
}

function diffMarkdown(r: DiffReport, cap: number, notesOnly: boolean): string {
  // diff --live: the objects that change get a block; the unchanged ones are named in one line.
  const changedResources = r.live === undefined ? r.resources : r.resources.filter((c) => c.change !== 'unchanged');
  const total = changedResources.length;
  const t = r.totals;
  const header = [`${MARKER}\n`, '### gwtopo diff\n\n'];
  if (r.live !== undefined) {
    const ownership = ownershipLine(r.live);
    header.push(`**First-sync preview** (${inlineCode('gwtopo diff --live')} ${escapeMarkdown(r.live.inputs.join(', '))}): ${escapeMarkdown(liveSummaryLine(r, r.live))}.\n\n`);
    if (ownership !== undefined) header.push(`${escapeMarkdown(ownership)}.\n\n`);
  } else if (!r.changed) {
    header.push(`**No changes**: ${sides(r)} render the same resources (${plural(r.clusters.length, 'cluster')}).\n\n`);
  } else {
    header.push(`**${t.added} added, ${t.removed} removed, ${t.changed} changed** ${total === 1 ? 'resource' : 'resources'} in ${clusterCount(r)}: ${sides(r)}.\n\n`);
  }
  if (r.profiles.length > 0) header.push(`${r.profiles.map((p) => `- ${escapeMarkdown(profileLine(p))}\n`).join('')}\n`);
  header.push(gateHeadline(r));
  const footer = (leftOut: number): string =>
    leftOut === 0
      ? ''
      : `\n---\n\n${TRUNCATED_MARKER}\n**${leftOut} of ${total} ${total === 1 ? 'resource' : 'resources'} left out** to stay under ${cap} characters. Run ${inlineCode(r.rerun)} locally to see everything.\n`;
  const out = [...header];
  // Room kept for the footer that says how many resources were left out, so notes never push it over the cap.
  const reserve = footer(total).length;
  // Notes and acknowledgement lines are kept whole whenever they fit; in a flood (thousands of distinct notes) the
  // acknowledgement lines get at most 40 % of the room, the notes the rest, each cut with a line saying how many more.
  // The notes (and problems at base), with `budget` the size the comment may reach with them; how many were left out.
  const notesSection = (budget: number, acks: string): string[] => {
    const part: string[] = [];
    if (r.groups.length === 0 && r.baseProblems.length === 0) return part;
    const used = (): number => size(out) + size(part);
    // Destructive notes first, those not acknowledged at their head; then the others.
    const destructive = r.groups.filter((n) => n.severity === 'destructive');
    const sections = (
      [
        [`#### Destructive changes (${destructive.length})\n\n`, [...destructive.filter((n) => n.acknowledged !== true), ...destructive.filter((n) => n.acknowledged === true)]],
        [`#### ${destructive.length === 0 ? 'Impact notes' : 'Other impact notes'} (${r.groups.length - destructive.length})\n\n`, r.groups.filter((n) => n.severity !== 'destructive')],
      ] as [string, NoteGroup[]][]
    ).filter(([, notes]) => notes.length > 0);
    const more = (n: number): string => `- … ${n} more impact ${n === 1 ? 'note' : 'notes'}: ${inlineCode(r.rerun)} prints them\n${TRUNCATED_MARKER}\n`;
    let left = 0;
    sections.forEach(([heading, notes], i) => {
      if (left > 0) {
        left += notes.length;
        return;
      }
      if (i > 0) part.push('\n');
      part.push(heading);
      const blocks = notes.map((n) => noteBlock(n, r.gate));
      let taken = 0;
      for (const block of blocks) {
        if (used() + block.length > budget - more(r.groups.length).length) break;
        part.push(block);
        taken++;
      }
      left += notes.length - taken;
    });
    if (left > 0) part.push(more(left));
    if (r.baseProblems.length > 0) {
      const lines = r.baseProblems.map((p) => formatProblem(p).split('\n')[0]!);
      const block = `\n<details>\n<summary>Problems at base (${r.baseProblems.length})</summary>\n\n${codeBlock('text', lines.join('\n'))}\n\n</details>\n`;
      if (used() + block.length + acks.length + reserve <= budget) part.push(block);
    }
    part.push('\n');
    return part;
  };
  // Notes and acknowledgement lines whole whenever they fit with the footer; else (a flood of thousands of distinct
  // notes) the acknowledgement lines get at most 40 % of the room and the notes the rest, each cut with how many more.
  const fullAcks = ackBlock(r, Number.POSITIVE_INFINITY);
  const whole = notesSection(Number.POSITIVE_INFINITY, fullAcks);
  const fits = size(out) + size(whole) + fullAcks.length + reserve <= cap;
  const acks = fits ? fullAcks : ackBlock(r, Math.floor((cap - size(out) - reserve) * 0.4));
  out.push(...(fits ? whole : notesSection(cap - reserve - acks.length, acks)));
  out.push(acks);
  if (notesOnly) {
    if (total > 0) out.push(`${plural(total, 'resource diff')} left out (${inlineCode('--notes-only')}).\n`);
  } else {
    // The per-cluster table takes at most a third of what is left, the resources the rest (whole ones only); a
    // section starts only where it has room for more than its heading.
    const tableHead = '#### Clusters\n\n| cluster | plane | added | removed | changed |\n| --- | --- | ---: | ---: | ---: |\n';
    const moreRows = (n: number): string => `| … ${n} more rows | | | | |\n`;
    if (r.live === undefined && r.summary.length > 0 && size(out) + tableHead.length + moreRows(r.summary.length).length + 200 <= cap - reserve) {
      out.push(tableHead);
      const rows = r.summary.map((s) => `| ${cell(inlineCode(s.cluster))} | ${cell(escapeMarkdown(s.plane))} | ${s.added} | ${s.removed} | ${s.changed} |\n`);
      const taken = fill(out, rows, size(out) + Math.floor((cap - reserve - size(out)) / 3) - moreRows(rows.length).length);
      if (taken < rows.length) out.push(moreRows(rows.length - taken));
      out.push('\n');
    }
    if (total > 0) {
      const heading = `#### Resources (${total})\n\n`;
      let taken = 0;
      if (size(out) + heading.length + reserve <= cap) {
        out.push(heading);
        taken = fill(out, changedResources.map(resourceBlock), cap - reserve);
      }
      out.push(footer(total - taken));
    }
    const unchanged = r.live === undefined ? [] : r.resources.filter((c) => c.change === 'unchanged');
    if (unchanged.length > 0) {
      const line = `Unchanged (${unchanged.length}): ${unchanged.map((c) => inlineCode(resourceLabel(c))).join(', ')}.\n`;
      if (size(out) + line.length <= cap) out.push(line);
    }
  }
  const text = out.join('');
  if (text.length <= cap) return text;
  // Only a tiny --max-chars gets here: the header alone does not fit. The longest whole line that fits.
  const counts = `${t.added} added, ${t.removed} removed, ${t.changed} changed`;
  const fallbacks = [`${MARKER}\ngwtopo diff: ${counts}. Run ${inlineCode(r.rerun)} to see them.\n`, `${MARKER}\ngwtopo diff: ${counts}.\n`, `gwtopo diff: ${counts}.\n`];
  return fallbacks.find((f) => f.length <= cap) ?? clip(fallbacks[fallbacks.length - 1]!, cap);
}

/** The Markdown of a diff report (stdout) plus the usual problem lines (stderr). */
export function formatMarkdown(report: Report, options: MarkdownOptions = {}): Printed {
  if (report.command !== 'diff') return formatText(report);
  const cap = options.maxChars ?? DEFAULT_MAX_CHARS;
  const text = formatDiffText(report);
  const stdout = report.outcome === 'invalid' ? invalidMarkdown(report, cap) : diffMarkdown(report, cap, options.notesOnly === true);
  return { stdout, stderr: text.stderr };
}
