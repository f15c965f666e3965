import { runPipeline } from '../pipeline/run.js';
import { renderControlPlane } from '../render/control-plane.js';
import type { BuildReport, CommandOptions } from '../report/types.js';
import { readBase } from '../repository/base.js';
import { KUSTOMIZATION_FILE } from '../serialize/files.js';
import { toYaml } from '../serialize/yaml.js';
import { OVERLAYS_DIR } from '../topology/layout.js';
import { PLANES } from '../topology/resource.js';
import type { ClusterModel } from '../topology/types.js';
import { clusterNotFound } from './cluster-arg.js';

type Raw = Record<string, unknown>;
const isMap = (v: unknown): v is Raw => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Strategic merge of a patch into an object whose type kustomize has no schema for: maps merge, the rest is replaced. */
export function mergePatch(target: unknown, patch: unknown): unknown {
  if (!isMap(target) || !isMap(patch)) return patch;
  const out: Raw = { ...target };
  for (const [k, v] of Object.entries(patch)) out[k] = k in target ? mergePatch(target[k], v) : v;
  return out;
}

/** Patch mode: the base's objects with the gateway patches merged — what kustomize builds from the overlay. */
function patchedBase(root: string, model: ClusterModel & { controlPlane: { mode: 'patch'; base: string } }): string[] {
  const base = readBase(root, model.controlPlane.base);
  if (!base.ok) return []; // validation already failed on it
  const patches = renderControlPlane(model);
  return base.objects.map((o) => {
    const patch = patches.find((p) => p.kind === o.kind && p.metadata.name === o.name && p.metadata.namespace === o.namespace);
    return toYaml(patch === undefined ? o.object : mergePatch(o.object, patch));
  });
}

/**
 * `gwtopo build CLUSTER [--plane P]`: the cluster's rendered resources as one multi-document YAML stream
 * (data plane first, then control plane; files in name order), for engines that render in place (an Argo CD
 * config management plugin). The stream holds what `kubectl kustomize` builds from the overlay folders.
 */
export async function build(opts: CommandOptions): Promise<BuildReport> {
  const cluster = opts.cluster!;
  const missing = clusterNotFound(opts.root, cluster);
  if (missing !== undefined) return { command: 'build', outcome: 'invalid', clusters: [cluster], problems: [missing], accepted: [], stream: '' };
  // One cluster alone (build runs as an engine's plugin, per application): the fleet is validate's and check's business.
  const rendered = await runPipeline(opts.root, { clusters: [cluster] }, { models: true, fleet: false });
  const report: BuildReport = { command: 'build', outcome: 'invalid', clusters: [cluster], problems: rendered.problems, accepted: rendered.accepted, stream: '' };
  const model = rendered.models[0];
  if (!rendered.ok || model === undefined) return report;
  const documents: string[] = [];
  for (const plane of PLANES) {
    if (opts.plane !== undefined && opts.plane !== plane) continue;
    if (plane === 'control-plane' && model.controlPlane.mode === 'patch') {
      documents.push(...patchedBase(opts.root, model as ClusterModel & { controlPlane: { mode: 'patch'; base: string } }));
      continue;
    }
    const dir = `${OVERLAYS_DIR}/${cluster}/${plane}/`;
    for (const f of rendered.files) {
      if (!f.path.startsWith(dir) || f.path.endsWith(`/${KUSTOMIZATION_FILE}`)) continue;
      documents.push(f.content.slice(f.content.indexOf('\n') + 1)); // without the generated header
    }
  }
  return { ...report, outcome: 'ok', stream: documents.join('---\n') };
}
