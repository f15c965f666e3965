import { DEFAULT_SET } from '../conform/index.js';
import { conformInThreads } from '../conform/parallel.js';
import { loadSchemaSet } from '../conform/schema-set.js';
import { hasErrors, type Problem, RUN_FILE, sortProblems } from '../diagnostics/problem.js';
import { readManifests } from '../parse/manifests.js';
import type { CommandOptions, ConformReport } from '../report/types.js';

/** `gwtopo conform PATH|-... [--crds SET|PATH] [--strict]`: any Kubernetes YAML against a schema set. */
export async function conform(opts: CommandOptions): Promise<ConformReport> {
  const setName = opts.crds ?? DEFAULT_SET;
  const report: ConformReport = { command: 'conform', outcome: 'invalid', clusters: [], problems: [], accepted: [], set: setName, files: 0, resources: 0, invalid: 0, notChecked: [] };
  const set = loadSchemaSet(opts.root, setName, false);
  if (!set.ok) return { ...report, problems: [{ severity: 'error', file: RUN_FILE, line: 1, col: 1, path: '--crds', rule: 'schema-set', message: set.message, hint: set.hint }] };
  const notices = (set.notices ?? []).map((message): Problem => ({ severity: 'warning', file: RUN_FILE, line: 1, col: 1, path: '--crds', rule: 'schema-set-notice', message }));
  opts.progress?.('reading');
  const read = await readManifests(opts.root, opts.paths ?? [], opts.stdin ?? (async () => new Uint8Array()));
  opts.progress?.(`validating against ${setName}`);
  const result = await conformInThreads(opts.root, setName, set.set, read.inputs, opts.strict === true, opts.fieldValidation ?? 'Strict');
  const problems = sortProblems([...notices, ...read.problems, ...result.problems]);
  return {
    ...report,
    outcome: hasErrors(problems) ? 'invalid' : 'ok',
    problems,
    files: read.inputs.length,
    resources: result.resources,
    invalid: result.invalid,
    notChecked: result.notChecked,
  };
}
