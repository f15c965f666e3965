// GitHub Actions workflow commands: one ::error (or ::warning) annotation per finding (problem, drifted
// file), so GitHub shows them on the pull request's diff.
// https://docs.github.com/actions/reference/workflow-commands-for-github-actions

import { type Finding, findings, summaryLines } from './findings.js';
import type { Printed } from './printed.js';
import type { Report } from './types.js';

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

/** A finding without a position (a drifted file) annotates the whole file. */
function findingAnnotation(f: Finding): string {
  return annotation(f.severity, { file: f.file, line: f.line, col: f.col, title: `gwtopo ${f.rule}` }, f.detail === undefined ? f.message : `${f.message}\n${f.detail}`);
}

/**
 * Annotations on stdout, then the plain text summary line. GitHub places an annotation by its path from
 * the repository root, where a workflow step runs: `rootFromCwd` (the --root folder as seen from the
 * working directory, e.g. "gitops") is put in front of the root-relative paths gwtopo reports.
 */
export function formatGithub(report: Report, text: Printed, rootFromCwd = ''): Printed {
  const lines = findings(report, rootFromCwd).map(findingAnnotation);
  return { stdout: [...lines, ...summaryLines(text)].map((l) => `${l}\n`).join(''), stderr: '' };
}
