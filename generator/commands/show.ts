import { Reporter } from '../diagnostics/position.js';
import type { FieldPath } from '../diagnostics/problem.js';
import { resolvedDocument } from '../model/resolved.js';
import { runPipeline } from '../pipeline/run.js';
import type { CommandOptions, ShowReport } from '../report/types.js';
import { annotatedYaml } from '../serialize/annotated.js';
import { TOPOLOGIES_DIR, TOPOLOGY_FILE } from '../topology/layout.js';
import { clusterNotFound } from './cluster-arg.js';

/** Where a value was written, as show names it: relative to topologies/, e.g. `_profiles/eks.yaml:14`. */
function label(file: string, line: number): string {
  return `${file.startsWith(`${TOPOLOGIES_DIR}/`) ? file.slice(TOPOLOGIES_DIR.length + 1) : file}:${line}`;
}

/**
 * `gwtopo show CLUSTER`: the cluster's effective topology — its profiles and its own spec merged — as YAML,
 * each value followed by the file and line it was written at, and the defaults gwtopo applies marked as
 * such (a topology with errors: without defaults, its problems beside). `--format json`: the document alone.
 */
export async function show(opts: CommandOptions): Promise<ShowReport> {
  const cluster = opts.cluster!;
  const file = `${TOPOLOGIES_DIR}/${cluster}/${TOPOLOGY_FILE}`;
  const missing = clusterNotFound(opts.root, cluster);
  if (missing !== undefined) return { command: 'show', outcome: 'invalid', clusters: [cluster], problems: [missing], accepted: [], file, profiles: [] };
  // The fleet rules apply as in validate --cluster: a cluster validate refuses is not shown as valid.
  const result = await runPipeline(opts.root, { clusters: [cluster] }, { models: true, expanded: true });
  const report: ShowReport = { command: 'show', outcome: result.ok ? 'ok' : 'invalid', clusters: [cluster], problems: result.problems, accepted: result.accepted, file, profiles: [] };
  const expanded = result.expanded[0];
  if (expanded === undefined) return report;
  const topology = expanded.topology.data as Record<string, unknown>;
  const model = result.models[0];
  const resolved = model === undefined ? { document: topology, defaulted: [] } : resolvedDocument(topology, model);
  const defaulted = new Set(resolved.defaulted.map((p) => JSON.stringify(p)));
  const reporter = new Reporter(expanded.topology, expanded.provenance);
  const note = (path: FieldPath): string => {
    if (defaulted.has(JSON.stringify(path))) return 'default';
    const place = reporter.place(path);
    return label(place.file, place.line);
  };
  const over = expanded.profiles.length === 0 ? 'no profiles' : `the profiles ${expanded.profiles.join(', ')}`;
  const head = [
    `# The effective topology of cluster ${cluster}: ${file} with ${over}.`,
    `# Each value names the file and line it was written at (relative to ${TOPOLOGIES_DIR}/); "default" marks gwtopo's defaults${model === undefined ? ' (not shown: the topology has errors)' : ''}.`,
  ];
  return { ...report, profiles: expanded.profiles, topology, yaml: `${head.join('\n')}\n${annotatedYaml(resolved.document, note)}` };
}
