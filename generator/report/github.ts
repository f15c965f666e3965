// GitHub Actions workflow commands: one ::error (or ::warning) annotation per problem, and per drifted
// file, so GitHub shows them on the pull request's diff.
// https://docs.github.com/actions/reference/workflow-commands-for-github-actions
import { posix } from 'node:path';
import type { CheckReport, Report } from '../commands/report.js';
import type { Problem } from '../validate/problem.js';
import type { Printed } from './text.js';

/** Escapes a message (data) of a workflow command. */
function data(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** Escapes a property value of a workflow command. */
function property(text: string): string {
  return data(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

export function annotation(level: 'error' | 'warning', props: Record<string, string | number | undefined>, message: string): string {
  const list = Object.entries(props)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${k}=${property(String(v))}`)
    .join(',');
  return `::${level} ${list}::${data(message)}`;
}

function problemAnnotation(p: Problem, at: (file: string) => string): string {
  const message = `${p.path === '' ? '' : `${p.path}: `}${p.message}${p.hint === undefined ? '' : `\nhint: ${p.hint}`}`;
  return annotation(p.severity, { file: at(p.file), line: p.line, col: p.col, title: `gwtopo ${p.rule}` }, message);
}

function driftAnnotations(r: CheckReport, at: (file: string) => string): string[] {
  const fix = 'run gwtopo generate and commit the result';
  return [
    ...r.changed.map((c) => annotation('error', { file: at(c.path), title: 'gwtopo drift' }, `${c.path} differs from what its topology renders: ${fix}\n${c.diff}`)),
    ...r.missing.map((p) => annotation('error', { file: at(p), title: 'gwtopo drift' }, `${p} is missing: ${fix}`)),
    ...r.stale.map((p) => annotation('error', { file: at(p), title: 'gwtopo drift' }, `${p} is no longer rendered: ${fix}`)),
  ];
}

/**
 * Annotations on stdout, then the plain text summary line. GitHub places an annotation by its path from
 * the repository root, where a workflow step runs: `rootFromCwd` (the --root folder as seen from the
 * working directory, e.g. "gitops") is put in front of the root-relative paths gwtopo reports.
 */
export function formatGithub(report: Report, text: Printed, rootFromCwd = ''): Printed {
  const at = (file: string): string => (rootFromCwd === '' ? file : posix.join(rootFromCwd, file));
  const lines = report.problems.map((p) => problemAnnotation(p, at));
  if (report.command === 'check') lines.push(...driftAnnotations(report, at));
  const summary = [text.stdout, text.stderr].join('').trimEnd().split('\n').filter((l) => l.startsWith('gwtopo: '));
  return { stdout: [...lines, ...summary].map((l) => `${l}\n`).join(''), stderr: '' };
}
