import { lstatSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Problem } from '../diagnostics/problem.js';
import { runPipeline } from '../pipeline/run.js';
import type { CommandOptions, GenerateReport } from '../report/types.js';
import { OVERLAYS_DIR } from '../topology/layout.js';
import { type Applied, applyPlan } from '../write/apply.js';
import { acquireLock, type Lock, LockTimeout } from '../write/lock.js';
import { NOT_GENERATED, type Plan, planWrite } from '../write/plan.js';
import { scanOverlays } from '../write/scan.js';

function isSymbolicLink(path: string): boolean {
  try {
    return lstatSync(path).isSymbolicLink();
  } catch {
    return false;
  }
}

function problem(file: string, rule: string, message: string, hint: string): Problem {
  return { severity: 'error', file, line: 1, col: 1, path: '', rule, message, hint };
}

function conflict(c: Plan['conflicts'][number]): Problem {
  if (c.reason === 'link') {
    return problem(
      c.path,
      'symlink',
      `would be written through the symbolic link ${c.link}; gwtopo never follows links in overlays/`,
      `replace ${c.link} with a real folder or file (or remove it), then run gwtopo generate again`,
    );
  }
  return problem(c.path, 'foreign-file', NOT_GENERATED.message, NOT_GENERATED.hint);
}

/** `gwtopo generate`: validate everything, then write only what changed and prune what is no longer rendered. */
export async function generate(opts: CommandOptions): Promise<GenerateReport> {
  opts.progress?.('validating and rendering topologies');
  const rendered = await runPipeline(opts.root, opts.selection, {});
  const report: GenerateReport = {
    command: 'generate',
    outcome: 'invalid',
    clusters: rendered.clusters,
    problems: rendered.problems,
    accepted: rendered.accepted,
    written: [],
    removed: [],
    unchanged: 0,
    foreign: [],
    lineEndings: [],
    k3d: {},
  };
  if (!rendered.ok) return report;
  if (isSymbolicLink(join(opts.root, OVERLAYS_DIR))) {
    report.problems = [problem(OVERLAYS_DIR, 'symlink', 'is a symbolic link; gwtopo never writes through links', 'make overlays/ a real folder of the repository')];
    return report;
  }
  // Validation and rendering are done: from here on this run writes, so it holds the lock.
  let lock: Lock;
  try {
    lock = await acquireLock(opts.root);
  } catch (err) {
    if (!(err instanceof LockTimeout)) throw err;
    report.problems = [
      ...report.problems,
      problem(err.path, 'lock', `another gwtopo generate is writing overlays/: ${err.message}`, `wait for it to finish and run again; if no gwtopo runs, delete ${err.path}`),
    ];
    return report;
  }
  let applied: Applied;
  let plan: Plan;
  try {
    const scanned = await scanOverlays(opts.root, rendered.scope);
    // A killed run's temporary files: this run holds the lock, so no other gwtopo is writing them.
    for (const leftover of scanned.leftovers) rmSync(join(opts.root, leftover), { force: true, recursive: true });
    plan = planWrite(rendered.files, scanned);
    if (plan.conflicts.length > 0) {
      report.problems = [...report.problems, ...plan.conflicts.map(conflict)];
      return report;
    }
    opts.progress?.('writing overlays');
    applied = await applyPlan(opts.root, plan);
  } finally {
    lock.release();
  }
  return {
    ...report,
    outcome: 'ok',
    written: applied.written,
    removed: applied.removed,
    unchanged: plan.unchanged,
    foreign: plan.foreign,
    lineEndings: plan.lineEndings,
    k3d: rendered.k3d,
  };
}
