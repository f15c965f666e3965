// Compares the rendered files with what is on disk. Pure: `generate` applies the plan, `check`
// reports it as drift.
import { isGenerated, type OutputFile } from '../serialize/files.js';
import type { Scanned } from './scan.js';

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
  /** Files on disk without gwtopo's header, and symbolic links, that are not rendered: never touched, reported. */
  foreign: string[];
  /** What stands where gwtopo would write: a file without gwtopo's header, or a symbolic link. A hard stop. */
  conflicts: { path: string; reason: 'foreign' | 'link'; link?: string }[];
}

/**
 * What generate and check both say of a file gwtopo renders but whose content on disk lacks the generated header
 * on its first line: gwtopo no longer treats it as its own (it never overwrites such a file), and how to recover.
 */
export const NOT_GENERATED = {
  message: "exists and is not gwtopo's: its first line is not gwtopo's generated header, so gwtopo never overwrites it",
  hint: 'if gwtopo wrote it and the header line was removed, delete the file (or restore its first line with git) and run gwtopo generate again; if it is yours, move it out of overlays/',
} as const;

export function planWrite(desired: readonly OutputFile[], scanned: Scanned): Plan {
  const plan: Plan = { create: [], update: [], unchanged: 0, lineEndings: [], stale: [], foreign: [], conflicts: [] };
  const existing = scanned.files;
  const rendered = new Set<string>();
  const usedLinks = new Set<string>();
  for (const file of desired) {
    rendered.add(file.path);
    // Writing at or below a symbolic link would follow it: never.
    const link = scanned.links.find((l) => file.path === l || file.path.startsWith(`${l}/`));
    if (link !== undefined) {
      plan.conflicts.push({ path: file.path, reason: 'link', link });
      usedLinks.add(link);
      continue;
    }
    const current = existing.get(file.path);
    if (current === undefined) plan.create.push(file);
    else if (current.content === file.content) plan.unchanged++;
    else if (!isGenerated(current.content)) plan.conflicts.push({ path: file.path, reason: 'foreign' });
    else if (current.content.replace(/\r\n/g, '\n') === file.content) plan.lineEndings.push(file.path);
    else plan.update.push({ file, current: current.content });
  }
  for (const [path, file] of existing) {
    if (rendered.has(path)) continue;
    (isGenerated(file.content) ? plan.stale : plan.foreign).push(path);
  }
  for (const link of scanned.links) if (!usedLinks.has(link)) plan.foreign.push(link);
  plan.stale.sort();
  plan.foreign.sort();
  return plan;
}

export function isInSync(plan: Plan): boolean {
  return plan.create.length === 0 && plan.update.length === 0 && plan.stale.length === 0;
}
