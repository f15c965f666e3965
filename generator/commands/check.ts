import { createTwoFilesPatch, FILE_HEADERS_ONLY } from 'diff';
import { runPipeline } from '../pipeline/run.js';
import { isEverything } from '../pipeline/selection.js';
import type { CheckReport, CommandOptions } from '../report/types.js';
import { isInSync, planWrite } from '../write/plan.js';
import { readAhead } from '../write/read-ahead.js';
import { scanOverlays } from '../write/scan.js';

/** A unified diff from the file on disk (a/) to the freshly rendered one (b/). */
export function unifiedDiff(path: string, current: string, rendered: string): string {
  return createTwoFilesPatch(`a/${path}`, `b/${path}`, current, rendered, undefined, undefined, { context: 3, headerOptions: FILE_HEADERS_ONLY });
}

/** `gwtopo check`: render in memory and compare with overlays/; drift is exit 1. */
export async function check(opts: CommandOptions): Promise<CheckReport> {
  // A run over every cluster reads overlays/ in a thread while it renders (read-ahead.ts).
  const scan = isEverything(opts.selection) ? readAhead(opts.root) : undefined;
  opts.progress?.('validating and rendering topologies');
  const rendered = await runPipeline(opts.root, opts.selection, {});
  const report: CheckReport = {
    command: 'check',
    outcome: 'invalid',
    clusters: rendered.clusters,
    problems: rendered.problems,
    accepted: rendered.accepted,
    files: 0,
    changed: [],
    missing: [],
    stale: [],
    lineEndings: [],
    foreign: [],
    notGenerated: [],
  };
  if (!rendered.ok) return report;
  opts.progress?.('comparing with overlays/');
  const scanned = scan !== undefined ? (await scan()).scanned : await scanOverlays(opts.root, rendered.scope);
  const existing = scanned.files;
  const plan = planWrite(rendered.files, scanned);
  return {
    ...report,
    outcome: isInSync(plan) && plan.conflicts.length === 0 ? 'ok' : 'drift',
    files: rendered.files.length,
    // A foreign file where gwtopo would write is drift too: its content is not the rendered one.
    changed: [
      ...plan.update.map((u) => ({ path: u.file.path, diff: unifiedDiff(u.file.path, u.current, u.file.content) })),
      ...plan.conflicts.map(({ path }) => ({ path, diff: unifiedDiff(path, existing.get(path)?.content ?? '', rendered.files.find((f) => f.path === path)!.content) })),
    ].sort((a, b) => (a.path < b.path ? -1 : 1)),
    missing: plan.create.map((f) => f.path),
    stale: plan.stale,
    lineEndings: plan.lineEndings,
    foreign: plan.foreign,
    notGenerated: plan.conflicts.map((c) => c.path).sort(),
  };
}
