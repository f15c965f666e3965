// Validation of one parsed topology: the schema (shape), then the semantic rules, then — for a
// document without errors — the model, and the checks that need it. Every problem is positioned in
// the source.
import type { ParsedTopology } from '../load/parse.js';
import { SYSTEM_COMPONENT_LABEL } from '../model/defaults.js';
import { buildModel } from '../model/build.js';
import type { ClusterModel } from '../model/types.js';
import { moduleFor } from '../render/modules/index.js';
import { Reporter } from './locate.js';
import { hasErrors, type Problem } from './problem.js';
import { RULES } from './rules/index.js';
import { validateSchema } from './schema.js';
import { readView } from './view.js';

export interface Validated {
  problems: Problem[];
  /** Present when the topology has no errors. */
  model?: ClusterModel;
}

/** Gateway API allows at most this many spec.infrastructure labels, and as many annotations. */
export const INFRASTRUCTURE_LIMIT = 8;

/**
 * Gateway API caps spec.infrastructure at 8 labels and 8 annotations. Modules that carry the Service's
 * labels or annotations there (NGINX Gateway Fabric, Istio, Cilium) must fit, with gwtopo's
 * system-component label and the provider's preset annotations counted.
 */
function checkInfrastructureLimits(model: ClusterModel, r: Reporter): void {
  for (const g of model.gateways) {
    if (!g.managed) continue;
    const infra = moduleFor(g.module).render(g, model.gatewayNamespace).infrastructure;
    const labels = Object.keys({ ...infra.labels, [SYSTEM_COMPONENT_LABEL]: '' }).length;
    const annotations = Object.keys(infra.annotations ?? {}).length;
    const hint = 'keep 8 or fewer, or use a module with a parameters resource for Service metadata (kgateway, envoy-gateway)';
    if (labels > INFRASTRUCTURE_LIMIT) {
      r.error('infrastructure-limits', [...g.path, 'service', 'labels'], `module ${g.module} puts the Service labels of gateway ${JSON.stringify(g.name)} in the Gateway's spec.infrastructure.labels, which Gateway API limits to ${INFRASTRUCTURE_LIMIT}: it would hold ${labels} (with ${SYSTEM_COMPONENT_LABEL})`, { anchor: 'key', hint });
    }
    if (annotations > INFRASTRUCTURE_LIMIT) {
      r.error('infrastructure-limits', [...g.path, 'service', 'annotations'], `module ${g.module} puts the Service annotations of gateway ${JSON.stringify(g.name)} in the Gateway's spec.infrastructure.annotations, which Gateway API limits to ${INFRASTRUCTURE_LIMIT}: it would hold ${annotations} (with provider ${model.provider}'s preset)`, {
        anchor: 'key',
        hint,
      });
    }
  }
}

export function validateTopology(topology: ParsedTopology): Validated {
  const r = new Reporter(topology);
  validateSchema(topology, r);
  const view = readView(topology.data);
  for (const rule of RULES) rule({ view, folder: topology.cluster, r });
  if (hasErrors(r.problems)) return { problems: r.problems };
  const model = buildModel(topology.cluster, topology.file, view);
  checkInfrastructureLimits(model, r);
  if (hasErrors(r.problems)) return { problems: r.problems };
  return { problems: r.problems, model };
}
