// GitLab Code Quality report (the `artifacts:reports:codequality` file): a JSON array with one issue per
// finding — description, check_name, fingerprint, severity, location.path, location.lines.begin.
// https://docs.gitlab.com/ci/testing/code_quality/ ("Code Quality report format")
import { createHash } from 'node:crypto';
import type { Severity } from '../diagnostics/problem.js';
import { findings, summaryLines } from './findings.js';
import type { Printed } from './printed.js';
import type { Report } from './types.js';

/**
 * GitLab's scale is info, minor, major, critical, blocker. An error stops gwtopo (nothing is rendered, or
 * overlays/ is not what the topologies render, and CI fails): critical. A warning never fails a run: minor.
 */
const GITLAB_SEVERITY: Readonly<Record<Severity, 'critical' | 'minor'>> = { error: 'critical', warning: 'minor' };

interface Issue {
  description: string;
  check_name: string;
  fingerprint: string;
  severity: string;
  location: { path: string; lines: { begin: number } };
}

/**
 * The report on stdout; the text summary on stderr, for the job log. Fingerprints hash the rule, file, field
 * path and message — never the line, so an issue keeps its identity when lines above it move; identical
 * findings get an occurrence number in the hash, since GitLab takes one fingerprint for one issue.
 */
export function formatGitlab(report: Report, text: Printed, rootFromRepository = ''): Printed {
  const seen = new Map<string, number>();
  const issues: Issue[] = findings(report, rootFromRepository).map((f) => {
    const path = f.file ?? (rootFromRepository === '' ? '.' : rootFromRepository);
    const key = [f.rule, path, f.message].join('\0');
    const n = seen.get(key) ?? 0;
    seen.set(key, n + 1);
    return {
      description: f.message,
      check_name: `gwtopo/${f.rule}`,
      fingerprint: createHash('sha256')
        .update(n === 0 ? key : `${key}\0${n}`)
        .digest('hex'),
      severity: GITLAB_SEVERITY[f.severity],
      location: { path, lines: { begin: f.line ?? 1 } },
    };
  });
  const stderr = summaryLines(text)
    .map((l) => `${l}\n`)
    .join('');
  return { stdout: `${JSON.stringify(issues, null, 2)}\n`, stderr };
}
