import { runPipeline } from '../pipeline/run.js';
import type { CommandOptions, ValidateReport } from '../report/types.js';

/** `gwtopo validate`: validate the topologies and what they render (against each cluster's schema set); writes nothing. */
export async function validate(opts: CommandOptions): Promise<ValidateReport> {
  opts.progress?.('validating topologies');
  const validated = await runPipeline(opts.root, opts.selection, {});
  return { command: 'validate', outcome: validated.ok ? 'ok' : 'invalid', clusters: validated.topologies, problems: validated.problems, accepted: validated.accepted, schemaSets: validated.sets };
}
