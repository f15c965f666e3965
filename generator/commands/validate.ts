import { loadModels } from '../pipeline.js';
import type { CommandOptions, ValidateReport } from './report.js';

/** `gwtopo validate`: load and validate only. */
export async function validate(opts: CommandOptions): Promise<ValidateReport> {
  opts.progress?.('validating topologies');
  const loaded = await loadModels(opts.root, opts.clusters);
  return { command: 'validate', outcome: loaded.ok ? 'ok' : 'invalid', clusters: loaded.clusters, problems: loaded.problems };
}
