import { runPipeline } from '../pipeline.js';
import type { CommandOptions, ValidateReport } from './report.js';

/** `gwtopo validate`: load and validate only. */
export async function validate(opts: CommandOptions): Promise<ValidateReport> {
  opts.progress?.('validating topologies');
  const validated = await runPipeline(opts.root, opts.selection, { render: false });
  return { command: 'validate', outcome: validated.ok ? 'ok' : 'invalid', clusters: validated.clusters, problems: validated.problems, accepted: validated.accepted };
}
