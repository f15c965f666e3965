// Compares the rendered files with what is on disk. Pure: `generate` applies the plan, `check`
// reports it as drift.
import { isGenerated, type OutputFile } from '../serialize/files.js';
import type { ExistingFile } from './scan.js';

export interface Plan {
  /** Rendered files that do not exist yet. */
  create: OutputFile[];
  /** Rendered files whose content on disk differs. */
  update: { file: OutputFile; current: string }[];
  /** Rendered files identical on disk. */
  unchanged: number;
  /** Rendered files that differ on disk only in line endings (CRLF): not rewritten, reported. */
  lineEndings: string[];
  /** Generated files on disk that are no longer rendered. */
  stale: string[];
  /** Files on disk without gwtopo's header that are not rendered: never touched, reported. */
  foreign: string[];
  /** Files on disk without gwtopo's header at a path gwtopo would write: a hard stop. */
  conflicts: string[];
}

export function planWrite(desired: readonly OutputFile[], existing: ReadonlyMap<string, ExistingFile>): Plan {
  const plan: Plan = { create: [], update: [], unchanged: 0, lineEndings: [], stale: [], foreign: [], conflicts: [] };
  const rendered = new Set<string>();
  for (const file of desired) {
    rendered.add(file.path);
    const current = existing.get(file.path);
    if (current === undefined) plan.create.push(file);
    else if (current.content === file.content) plan.unchanged++;
    else if (!isGenerated(current.content)) plan.conflicts.push(file.path);
    else if (current.content.replace(/\r\n/g, '\n') === file.content) plan.lineEndings.push(file.path);
    else plan.update.push({ file, current: current.content });
  }
  for (const [path, file] of existing) {
    if (rendered.has(path)) continue;
    (isGenerated(file.content) ? plan.stale : plan.foreign).push(path);
  }
  plan.stale.sort();
  plan.foreign.sort();
  return plan;
}

export function isInSync(plan: Plan): boolean {
  return plan.create.length === 0 && plan.update.length === 0 && plan.stale.length === 0;
}
