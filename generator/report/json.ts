// Machine-readable output: one JSON document on stdout, keys in a fixed order (documented in the README).

import { EXIT_CODES } from './exit.js';
import type { Report } from './types.js';

export function formatJson(report: Report): { stdout: string; stderr: string } {
  // show: the effective document, without the text output's comments.
  const { command, outcome, clusters, problems, accepted, ...rest } = report.command === 'show' ? { ...report, yaml: undefined } : report;
  const doc = { command, ok: outcome === 'ok', exitCode: EXIT_CODES[outcome], clusters, problems, accepted, ...rest };
  return { stdout: `${JSON.stringify(doc, null, 2)}\n`, stderr: '' };
}
