// How many worker threads a stage may use besides the main thread: one place for the rule and its
// override, shared by the pipeline (parse, validate, render) and the writer (write/apply.ts).
import { availableParallelism } from 'node:os';

/** At most this many extra threads: past it, the file system and the merge cost more than they save. */
const MAX_EXTRA_THREADS = 3;

/**
 * Extra threads for `items` units of work: none below `threshold` (starting a thread costs more than it
 * saves), otherwise one per further core, less `spare` cores left to V8's own threads (see pipeline/pool.ts).
 * GWTOPO_WORKERS=N forces N (0 disables threads).
 */
export function extraThreads(items: number, threshold: number, spare = 0): number {
  const forced = process.env.GWTOPO_WORKERS;
  if (forced !== undefined && /^\d+$/.test(forced)) return Math.min(Number(forced), Math.max(0, items - 1));
  if (items < threshold) return 0;
  return Math.max(0, Math.min(availableParallelism() - 1 - spare, MAX_EXTRA_THREADS));
}
