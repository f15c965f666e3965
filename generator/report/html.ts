// `gwtopo diff --format html`: one self-contained page for diffs too big for a pull-request comment (the
// workflow uploads it as an artifact). Inline CSS only, no script, no request: a Content-Security-Policy of
// `default-src 'none'` admits exactly the page's own stylesheet (by its hash). Every text from topologies
// is escaped. Resources collapse with <details>; diff lines and YAML keys are coloured; light and dark
// colour schemes follow the reader's setting. Deterministic: the same report gives the same bytes.
import { createHash } from 'node:crypto';
import { clusterList, formatProblem } from '../diagnostics/problem.js';
import { ackPatterns, type NoteGroup, profileLine } from '../diff/fleet.js';
import { ackLine } from '../diff/gate.js';
import type { ResourceChange } from '../diff/types.js';
import { clusterCount, fieldValue, formatDiffText, groupLabel, groupStatus, liveSummaryLine, noteCount, ownershipLine, plural, resourceLabel, sideLabel } from './diff-text.js';
import type { Printed } from './printed.js';
import { formatText } from './text.js';
import type { DiffReport, Report } from './types.js';

/** Escapes text for HTML content and double- or single-quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

const STYLE = `
:root { color-scheme: light dark; --bg: #ffffff; --fg: #1f2328; --muted: #59636e; --border: #d1d9e0; --panel: #f6f8fa;
  --add-bg: #dafbe1; --add-fg: #116329; --del-bg: #ffebe9; --del-fg: #a40e26; --hunk: #0550ae; --key: #6639ba; --comment: #59636e;
  --danger: #cf222e; --danger-bg: #ffebe9; --ok: #1a7f37; --ok-bg: #dafbe1; --info: #0969da; }
@media (prefers-color-scheme: dark) {
  :root { --bg: #0d1117; --fg: #e6edf3; --muted: #9198a1; --border: #3d444d; --panel: #151b23;
    --add-bg: #12261e; --add-fg: #7ee787; --del-bg: #25171c; --del-fg: #ffa198; --hunk: #79c0ff; --key: #d2a8ff; --comment: #9198a1;
    --danger: #ff7b72; --danger-bg: #2d1214; --ok: #3fb950; --ok-bg: #12261e; --info: #58a6ff; }
}
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 72rem; padding: 1.5rem; background: var(--bg); color: var(--fg);
  font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
h1 { font-size: 1.6rem; margin: 0 0 .25rem; } h2 { font-size: 1.25rem; margin: 2rem 0 .75rem; border-bottom: 1px solid var(--border); padding-bottom: .25rem; }
code, pre, .id { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: .875rem; }
.muted { color: var(--muted); }
table { border-collapse: collapse; margin: .5rem 0; } th, td { border: 1px solid var(--border); padding: .25rem .75rem; text-align: left; }
td.n { text-align: right; font-variant-numeric: tabular-nums; }
.gate { border: 1px solid var(--border); border-left-width: .35rem; border-radius: .4rem; padding: .75rem 1rem; margin: 1rem 0; background: var(--panel); }
.gate.blocked { border-left-color: var(--danger); } .gate.clear { border-left-color: var(--ok); } .gate p { margin: .25rem 0 .5rem; }
pre { margin: 0; padding: .75rem; overflow-x: auto; background: var(--panel); border-radius: .4rem; }
.note { border: 1px solid var(--border); border-left-width: .35rem; border-radius: .4rem; padding: .6rem 1rem; margin: .6rem 0; }
.note.destructive { border-left-color: var(--danger); } .note.destructive.acknowledged { border-left-color: var(--ok); } .note.info { border-left-color: var(--info); }
.note p { margin: .25rem 0; }
.badge { display: inline-block; border-radius: 1rem; padding: 0 .55rem; font-size: .8rem; font-weight: 600; margin-right: .35rem; border: 1px solid currentColor; }
.badge.destructive { color: var(--danger); } .badge.acknowledged { color: var(--ok); } .badge.info { color: var(--info); }
.id { font-weight: 600; }
details.resource { border: 1px solid var(--border); border-radius: .4rem; margin: .5rem 0; }
details.resource > summary { cursor: pointer; padding: .45rem .75rem; background: var(--panel); border-radius: .4rem; }
details.resource[open] > summary { border-bottom: 1px solid var(--border); border-radius: .4rem .4rem 0 0; }
details.resource > pre { border-radius: 0 0 .4rem .4rem; background: var(--bg); }
.change { font-weight: 600; text-transform: uppercase; font-size: .75rem; margin-right: .4rem; }
.change.added, .change.created, .stat .a { color: var(--add-fg); } .change.removed, .stat .d { color: var(--del-fg); } .change.changed, .change.updated { color: var(--hunk); }
.stat { float: right; font-family: ui-monospace, monospace; font-size: .8rem; }
.diff span { display: block; white-space: pre; } .diff .add { background: var(--add-bg); color: var(--add-fg); } .diff .del { background: var(--del-bg); color: var(--del-fg); }
.diff .hunk { color: var(--hunk); } .diff .file { color: var(--muted); font-weight: 600; } .diff .meta { color: var(--muted); font-style: italic; }
.diff .k { color: var(--key); font-weight: 600; display: inline; } .diff .c { color: var(--comment); display: inline; }
.add .k, .del .k { color: inherit; }
footer { margin-top: 2.5rem; color: var(--muted); font-size: .85rem; }
`;

/** The Content-Security-Policy: nothing but the stylesheet above, identified by its hash. */
function policy(): string {
  const hash = createHash('sha256').update(STYLE).digest('base64');
  return `default-src 'none'; style-src 'sha256-${hash}'; base-uri 'none'; form-action 'none'`;
}

function page(title: string, body: string): string {
  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${escapeHtml(policy())}">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<meta name="color-scheme" content="light dark">',
    '<meta name="referrer" content="no-referrer">',
    `<title>${escapeHtml(title)}</title>`,
    `<style>${STYLE}</style>`,
    '</head>',
    '<body>',
    body,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

/** A YAML line's key (`  name:`, `- name:`) as a span; comments dimmed; the rest as text. */
function yamlLine(text: string): string {
  const m = /^(\s*(?:- )*)([^\s#:'"][^:#]*?|"[^"]*"|'[^']*')(:)(?=\s|$)(.*)$/.exec(text);
  if (m === null) return /^\s*#/.test(text) ? `<span class="c">${escapeHtml(text)}</span>` : escapeHtml(text);
  return `${escapeHtml(m[1]!)}<span class="k">${escapeHtml(m[2]!)}</span>${escapeHtml(m[3]!)}${escapeHtml(m[4]!)}`;
}

/** A unified diff, one span per line, coloured by its first character; YAML keys inside. */
function diffHtml(diff: string): string {
  return diff
    .replace(/\n$/, '')
    .split('\n')
    .map((line) => {
      if (line.startsWith('+++') || line.startsWith('---')) return `<span class="file">${escapeHtml(line)}</span>`;
      if (line.startsWith('@@')) return `<span class="hunk">${escapeHtml(line)}</span>`;
      if (line.startsWith('\\')) return `<span class="meta">${escapeHtml(line)}</span>`;
      const kind = line.startsWith('+') ? ' class="add"' : line.startsWith('-') ? ' class="del"' : '';
      return `<span${kind}>${escapeHtml(line.slice(0, 1))}${yamlLine(line.slice(1))}</span>`;
    })
    .join('');
}

function stat(diff: string): string {
  const lines = diff.split('\n');
  const added = lines.filter((l) => l.startsWith('+') && !l.startsWith('+++')).length;
  const removed = lines.filter((l) => l.startsWith('-') && !l.startsWith('---')).length;
  return `<span class="stat"><span class="a">+${added}</span> <span class="d">−${removed}</span></span>`;
}

function resourceHtml(c: ResourceChange, i: number): string {
  // diff --live: the fields an update changes, before its diff.
  const fields = (c.fields ?? []).map((f) => `<li><code>${escapeHtml(f.path)}</code>: <code>${escapeHtml(fieldValue(f.live))}</code> → <code>${escapeHtml(fieldValue(f.rendered))}</code></li>`);
  return [
    `<details class="resource ${c.change}" id="resource-${i + 1}">`,
    `<summary><span class="change ${c.change}">${c.change}</span><code>${escapeHtml(c.path)}</code> <span class="muted">${escapeHtml(resourceLabel(c))}</span>${stat(c.diff)}</summary>`,
    ...(fields.length === 0 ? [] : [`<ul class="fields">${fields.join('')}</ul>`]),
    `<pre class="diff">${diffHtml(c.diff)}</pre>`,
    '</details>',
  ].join('\n');
}

function noteHtml(n: NoteGroup, r: DiffReport): string {
  const where = [
    n.clusters.length === 1 ? `cluster <code>${escapeHtml(n.clusters[0]!)}</code>` : `${plural(n.clusters.length, 'cluster')} (${clusterList(n.clusters.map((c) => `<code>${escapeHtml(c)}</code>`))})`,
    ...(n.gateway === undefined ? [] : [`gateway <code>${escapeHtml(n.gateway)}</code>`]),
    ...(n.environment === undefined ? [] : [`environment <code>${escapeHtml(n.environment)}</code>`]),
    ...(n.listener === undefined ? [] : [`listener <code>${escapeHtml(n.listener)}</code>`]),
  ].join(', ');
  const state = n.severity === 'info' ? 'info' : n.acknowledged === true ? 'destructive acknowledged' : 'destructive';
  const badges =
    n.severity === 'info'
      ? '<span class="badge info">info</span>'
      : `<span class="badge destructive">destructive</span>${n.acknowledged === true ? '<span class="badge acknowledged">acknowledged</span>' : ''}`;
  const by = n.acknowledged === true ? n.ids.map((id) => r.gate.acks.find((a) => a.matches.includes(id))?.pattern).find((p) => p !== undefined) : undefined;
  const out = [
    `<article class="note ${state}">`,
    `<p>${badges}<span class="id">${escapeHtml(groupLabel(n))}</span> <span class="muted">${where}</span></p>`,
    `<p>${escapeHtml(n.message)}</p>`,
    `<p><strong>Check:</strong> ${escapeHtml(n.check)}</p>`,
  ];
  if (n.commands !== undefined && n.commands.length > 0) out.push(`<pre><code>${escapeHtml(n.commands.join('\n'))}</code></pre>`);
  if (n.severity === 'destructive') {
    out.push(
      n.acknowledged === true
        ? `<p class="muted">Acknowledged${by === undefined ? '' : ` by <code>${escapeHtml(ackLine(by))}</code>`}.</p>`
        : `<p class="muted">${escapeHtml(groupStatus(n))}: see Acknowledge below.</p>`,
    );
  }
  out.push('</article>');
  return out.join('\n');
}

function gateHtml(r: DiffReport): string {
  const g = r.gate;
  const stale = g.acks.filter((a) => a.matches.length === 0);
  const staleHtml =
    stale.length === 0
      ? ''
      : `<p>Stale acknowledgements (they match no destructive note; remove them): ${stale.map((a) => `<code>${escapeHtml(ackLine(a.pattern))}</code>${a.source === '--ack' ? '' : ` (${escapeHtml(a.source)})`}`).join(', ')}.</p>`;
  if (g.destructive === 0) return `<section class="gate clear" id="gate"><p>No destructive changes.</p>${staleHtml}</section>`;
  if (g.unacknowledged.length === 0) return `<section class="gate clear" id="gate"><p><strong>All ${plural(g.destructive, 'destructive change')} acknowledged.</strong></p>${staleHtml}</section>`;
  return [
    '<section class="gate blocked" id="gate">',
    `<p><strong>${plural(g.unacknowledged.length, 'destructive change')} not acknowledged</strong>${g.destructive === g.unacknowledged.length ? '' : ` (${g.destructive} destructive notes in all)`}${
      g.failOn === 'destructive' ? ': <code>gwtopo diff --fail-on destructive</code> fails until each is' : ''
    }. The acknowledgement lines follow the notes.</p>`,
    ...(staleHtml === '' ? [] : [staleHtml]),
    '</section>',
  ].join('\n');
}

/** The acknowledgement lines, after the notes: one per group not acknowledged yet. */
function ackHtml(r: DiffReport): string {
  const lines = ackPatterns(r.groups);
  if (lines.length === 0) return '';
  return [
    `<section id="acknowledge"><h2>Acknowledge (${lines.length})</h2>`,
    `<p>After review, add ${lines.length === 1 ? 'this line' : 'these lines'} to the pull-request description:</p>`,
    `<pre><code>${escapeHtml(lines.map(ackLine).join('\n'))}</code></pre>`,
    '</section>',
  ].join('\n');
}

function summaryHtml(r: DiffReport): string {
  if (r.live !== undefined) {
    const ownership = ownershipLine(r.live);
    return `<p><strong>First-sync preview</strong> (<code>gwtopo diff --live</code>): ${escapeHtml(liveSummaryLine(r, r.live))}.</p>${ownership === undefined ? '' : `\n<p>${escapeHtml(ownership)}.</p>`}`;
  }
  const t = r.totals;
  const counts = r.changed
    ? `<p><strong>${t.added} added, ${t.removed} removed, ${t.changed} changed</strong> ${r.resources.length === 1 ? 'resource' : 'resources'} in ${escapeHtml(clusterCount(r))}; ${noteCount(r)}.</p>`
    : `<p><strong>No changes</strong>: both sides render the same resources (${plural(r.clusters.length, 'cluster')}).</p>`;
  const profiles = r.profiles.length === 0 ? '' : `\n<ul class="profiles">${r.profiles.map((p) => `<li>${escapeHtml(profileLine(p))}</li>`).join('')}</ul>`;
  return counts + profiles;
}

/** The per-cluster table, with the resources (after the notes). */
function clustersHtml(r: DiffReport): string {
  if (r.summary.length === 0) return '';
  const rows = r.summary.map(
    (s) => `<tr><td><code>${escapeHtml(s.cluster)}</code></td><td>${escapeHtml(s.plane)}</td><td class="n">${s.added}</td><td class="n">${s.removed}</td><td class="n">${s.changed}</td></tr>`,
  );
  return [
    '<section id="clusters"><h2>Clusters</h2>',
    '<table>',
    '<thead><tr><th>cluster</th><th>plane</th><th>added</th><th>removed</th><th>changed</th></tr></thead>',
    `<tbody>${rows.join('')}</tbody>`,
    '</table>',
    '</section>',
  ].join('\n');
}

function diffPage(r: DiffReport, notesOnly: boolean): string {
  const sides = r.live === undefined ? `${sideLabel(r.base)} → ${sideLabel(r.head)}` : `${r.live.inputs.join(', ')} (live) → ${sideLabel(r.head)}`;
  const destructive = r.groups.filter((n) => n.severity === 'destructive');
  const ordered = [...destructive.filter((n) => n.acknowledged !== true), ...destructive.filter((n) => n.acknowledged === true)];
  const others = r.groups.filter((n) => n.severity !== 'destructive');
  const body = ['<header>', '<h1>gwtopo diff</h1>', `<p class="muted">${escapeHtml(sides)}</p>`, '</header>', '<section id="summary">', summaryHtml(r), '</section>', gateHtml(r)];
  if (ordered.length > 0) body.push(`<section id="destructive"><h2>Destructive changes (${ordered.length})</h2>`, ...ordered.map((n) => noteHtml(n, r)), '</section>');
  if (others.length > 0)
    body.push(`<section id="notes"><h2>${ordered.length === 0 ? 'Impact notes' : 'Other impact notes'} (${others.length})</h2>`, ...others.map((n) => noteHtml(n, r)), '</section>');
  if (r.baseProblems.length > 0) {
    body.push(
      `<section id="base-problems"><h2>Problems at base (${r.baseProblems.length})</h2>`,
      `<pre>${escapeHtml(r.baseProblems.map((p) => formatProblem(p).split('\n')[0]).join('\n'))}</pre>`,
      '</section>',
    );
  }
  const acks = ackHtml(r);
  if (acks !== '') body.push(acks);
  if (!notesOnly) {
    const clusters = r.live === undefined ? clustersHtml(r) : '';
    if (clusters !== '') body.push(clusters);
    // diff --live: the objects that change get a block; the unchanged ones are named in one line.
    const shown = r.live === undefined ? r.resources : r.resources.filter((c) => c.change !== 'unchanged');
    if (shown.length > 0) body.push(`<section id="resources"><h2>Resources (${shown.length})</h2>`, ...shown.map(resourceHtml), '</section>');
    const unchanged = r.live === undefined ? [] : r.resources.filter((c) => c.change === 'unchanged');
    if (unchanged.length > 0)
      body.push(`<section id="unchanged"><h2>Unchanged (${unchanged.length})</h2>`, `<p>${unchanged.map((c) => `<code>${escapeHtml(resourceLabel(c))}</code>`).join(', ')}</p>`, '</section>');
  }
  body.push(`<footer>Rendered by gwtopo. The same report as text: <code>${escapeHtml(r.rerun)}</code></footer>`);
  return page(`gwtopo diff: ${sides}`, body.join('\n'));
}

function invalidPage(r: DiffReport): string {
  const lines = r.problems.map((p) => formatProblem(p).split('\n')[0]!);
  const body = [
    '<header>',
    '<h1>gwtopo diff</h1>',
    '</header>',
    '<section class="gate blocked" id="gate">',
    '<p><strong>gwtopo diff could not compare</strong>: the head is invalid or a revision could not be read.</p>',
    `<pre>${escapeHtml(lines.join('\n'))}</pre>`,
    '</section>',
  ];
  return page('gwtopo diff: invalid', body.join('\n'));
}

/** The page of a diff report (stdout) plus the usual problem lines (stderr). */
export function formatHtml(report: Report, notesOnly = false): Printed {
  if (report.command !== 'diff') return formatText(report);
  return { stdout: report.outcome === 'invalid' ? invalidPage(report) : diffPage(report, notesOnly), stderr: formatDiffText(report).stderr };
}
