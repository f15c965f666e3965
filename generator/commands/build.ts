import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { TOPOLOGIES_DIR, TOPOLOGY_FILE } from '../load/discover.js';
import { runPipeline } from '../pipeline.js';
import type { Problem } from '../validate/problem.js';
import { PLANES } from '../render/resource.js';
import { KUSTOMIZATION_FILE, OVERLAYS_DIR } from '../serialize/files.js';
import type { BuildReport, CommandOptions } from './report.js';

/**
 * `gwtopo build CLUSTER [--plane P]`: the cluster's rendered resources as one multi-document YAML stream
 * (data plane first, then control plane; files in name order), for engines that render in place (an Argo CD
 * config management plugin). The stream holds what `kubectl kustomize` builds from the overlay folders.
 */
export async function build(opts: CommandOptions): Promise<BuildReport> {
  const cluster = opts.cluster!;
  const file = `${TOPOLOGIES_DIR}/${cluster}/${TOPOLOGY_FILE}`;
  if (!existsSync(join(opts.root, file))) {
    const problem: Problem = { severity: 'error', file, line: 1, col: 1, path: '', rule: 'cluster-not-found', message: `no topology for cluster ${cluster}`, hint: `gwtopo init ${cluster} scaffolds one` };
    return { command: 'build', outcome: 'invalid', clusters: [cluster], problems: [problem], stream: '' };
  }
  const rendered = await runPipeline(opts.root, { clusters: [cluster] }, { render: true });
  const report: BuildReport = { command: 'build', outcome: 'invalid', clusters: [cluster], problems: rendered.problems, stream: '' };
  if (!rendered.ok) return report;
  const documents: string[] = [];
  for (const plane of PLANES) {
    if (opts.plane !== undefined && opts.plane !== plane) continue;
    const dir = `${OVERLAYS_DIR}/${cluster}/${plane}/`;
    for (const file of rendered.files) {
      if (!file.path.startsWith(dir) || file.path.endsWith(`/${KUSTOMIZATION_FILE}`)) continue;
      documents.push(file.content.slice(file.content.indexOf('\n') + 1)); // without the generated header
    }
  }
  return { ...report, outcome: 'ok', stream: documents.join('---\n') };
}
