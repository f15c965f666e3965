// The model step of one topology without errors: the model (model/build.ts), then the checks that need it —
// what a module would put in the Gateway's spec.infrastructure, what a patch-mode base must hold, what an
// Environment's overrides do to the data plane's slots. Problems go to the same Reporter as validation's.
import type { Reporter } from '../diagnostics/position.js';
import { hasErrors } from '../diagnostics/problem.js';
import type { BaseObject, BaseRead } from '../repository/base.js';
import type { ChartValues } from '../repository/chart.js';
import { SYSTEM_COMPONENT_LABEL } from '../topology/defaults.js';
import { moduleFor } from '../topology/modules/index.js';
import type { ClusterModel } from '../topology/types.js';
import type { TopologyView } from '../topology/view.js';
import { buildModel } from './build.js';
import { checkChart } from './chart.js';
import { baseSlots, checkEnvironmentOverrides } from './environment-overrides.js';
import { registrations } from './registrations.js';

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
    // Stryker disable next-line StringLiteral: equivalent: only the keys are counted; the placeholder value is never read
    const labels = Object.keys({ ...infra.labels, [SYSTEM_COMPONENT_LABEL]: '' }).length;
    const annotations = Object.keys(infra.annotations ?? {}).length;
    const hint = 'keep 8 or fewer, or use a module with a parameters resource for Service metadata (kgateway, envoy-gateway)';
    if (labels > INFRASTRUCTURE_LIMIT) {
      r.error(
        'infrastructure-limits',
        [...g.path, 'service', 'labels'],
        `module ${g.module} puts the Service labels of gateway ${JSON.stringify(g.name)} in the Gateway's spec.infrastructure.labels, which Gateway API limits to ${INFRASTRUCTURE_LIMIT}: it would hold ${labels} (with ${SYSTEM_COMPONENT_LABEL})`,
        { anchor: 'key', hint },
      );
    }
    if (annotations > INFRASTRUCTURE_LIMIT) {
      r.error(
        'infrastructure-limits',
        [...g.path, 'service', 'annotations'],
        `module ${g.module} puts the Service annotations of gateway ${JSON.stringify(g.name)} in the Gateway's spec.infrastructure.annotations, which Gateway API limits to ${INFRASTRUCTURE_LIMIT}: it would hold ${annotations} (with provider ${model.provider}'s preset)`,
        {
          anchor: 'key',
          hint,
        },
      );
    }
  }
}

/** What the model step needs from outside the topology file (read by the repository step). */
export interface ModelInputs {
  /** Patch mode: what the base kustomization yields. */
  base?: BaseRead;
  /** The data-plane chart's values, when the topology or gwtopo.yaml names them. */
  chart?: ChartValues;
}

/** In patch mode every object the overlay patches must exist in the base, or kustomize fails to build it. */
function checkPatchBase(model: ClusterModel, base: BaseRead | undefined, r: Reporter): void {
  if (model.controlPlane.mode !== 'patch') return;
  const at = ['spec', 'controlPlane', 'base'];
  if (base === undefined || !base.ok) {
    r.error('patch-base', at, base?.message ?? 'the base could not be read', { hint: base?.hint ?? 'check the folder' });
    return;
  }
  const describe = (o: { kind: string; name: string; namespace?: string }): string => `${o.kind} ${o.name}${o.namespace === undefined ? '' : ` (namespace ${o.namespace})`}`;
  const holds = base.objects.filter((o) => ['DataPlane', 'ClusterDataPlane', 'Environment'].includes(o.kind)).map(describe);
  for (const target of registrations(model)) {
    const found = base.objects.some((o) => o.kind === target.kind && o.name === target.name && o.namespace === target.namespace);
    if (found) continue;
    r.error('patch-base', at, `the base holds no ${describe(target)}, which gateways ${target.gateways.map((g) => JSON.stringify(g.name)).join(', ')} register on`, {
      hint:
        holds.length === 0 ? 'the base holds no DataPlane, ClusterDataPlane or Environment at all' : `it holds: ${holds.join(', ')}; add the object there, or fix spec.dataPlane / spec.environments`,
    });
  }
  warnKeptRegistrations(model, base.objects, r);
}

/**
 * A strategic merge only adds and overwrites: a registration the base holds and the topology does not
 * declare survives the merge. Worth a warning, since the topology is meant to say what is registered.
 */
function warnKeptRegistrations(model: ClusterModel, base: readonly BaseObject[], r: Reporter): void {
  const objects = [
    { kind: model.dataPlane.kind, name: model.dataPlane.name, namespace: model.dataPlane.namespace, scope: 'dataplane' as const, environment: undefined },
    ...model.environments.map((e) => ({ kind: 'Environment', name: e.name, namespace: e.namespace as string | undefined, scope: 'environment' as const, environment: e.name })),
  ];
  for (const target of objects) {
    const object = base.find((o) => o.kind === target.kind && o.name === target.name && o.namespace === target.namespace);
    if (object === undefined) continue;
    const declared = new Set(model.gateways.filter((g) => g.scope === target.scope && g.environment === target.environment).map((g) => `${g.direction}.${g.networking}`));
    for (const [slot, gateway] of baseSlots(object.object)) {
      if (declared.has(slot)) continue;
      r.warning(
        'patch-base-kept',
        ['spec', 'controlPlane', 'base'],
        `the base's ${target.kind} ${target.name} registers gateway ${JSON.stringify(gateway)} at spec.gateway.${slot}, which no gateway of this topology takes: the strategic merge keeps it`,
        {
          hint: `declare that gateway here (managed: false registers it without rendering it), or remove spec.gateway.${slot} from the base`,
        },
      );
    }
  }
}

/**
 * The model of a topology whose validation found no error, and the checks that need it; undefined when one
 * of them finds an error. `r` already holds the validate step's problems.
 */
export function modelTopology(cluster: string, file: string, view: TopologyView, inputs: ModelInputs, r: Reporter): ClusterModel | undefined {
  const model = buildModel(cluster, file, view);
  checkInfrastructureLimits(model, r);
  checkPatchBase(model, inputs.base, r);
  if (inputs.chart !== undefined) checkChart(model, inputs.chart, r);
  if (hasErrors(r.problems)) return undefined;
  // It reads the data plane's slots from a patch-mode base: only once the base is right.
  checkEnvironmentOverrides(model, inputs.base, r);
  return model;
}
