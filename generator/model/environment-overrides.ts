// Complete Environment overrides (TOPOLOGY.md §10). OpenChoreo resolves an environment's endpoint URLs from the
// Environment's spec.gateway alone once it has any ingress slot (resolveGatewayEndpointByVisibility,
// internal/controller/releasebinding/controller.go), so the renderer copies the data plane's other ingress
// gateways onto it (render/control-plane.ts, inheritedIngress). It can copy only what it knows: this check warns
// where the data plane may register an ingress gateway the topology does not declare.

import type { Reporter } from '../diagnostics/position.js';
import type { BaseObject, BaseRead } from '../repository/base.js';
import type { ClusterModel, Networking } from '../topology/types.js';
import { registrations } from './registrations.js';

const q = JSON.stringify;

/** spec.gateway.<direction>.<networking> slots an object registers: "direction.networking" → gateway name. */
export function baseSlots(object: Record<string, unknown>): Map<string, string> {
  const slots = new Map<string, string>();
  const gateway = (object.spec as { gateway?: unknown } | undefined)?.gateway;
  if (typeof gateway !== 'object' || gateway === null) return slots;
  for (const [direction, byNetworking] of Object.entries(gateway)) {
    if (typeof byNetworking !== 'object' || byNetworking === null) continue;
    for (const [networking, entry] of Object.entries(byNetworking)) {
      const name = (entry as { name?: unknown } | null)?.name;
      slots.set(`${direction}.${networking}`, typeof name === 'string' ? name : '?');
    }
  }
  return slots;
}

/** The endpoint URLs OpenChoreo resolves from an ingress slot: external visibility from external, every other from internal. */
const URLS: Record<Networking, string> = { external: 'external', internal: 'internal, namespace and project' };

/**
 * Warns for each Environment with an ingress gateway of its own and an ingress networking that neither it nor a
 * copied data-plane gateway (nor, in patch mode, the base's Environment) covers, where the data plane may register a gateway there: when this topology
 * registers no data-plane gateway at all (the data plane's registration is someone else's, its slots unknown),
 * or when a patch-mode base shows the data plane holding one the topology does not declare.
 */
export function checkEnvironmentOverrides(model: ClusterModel, base: BaseRead | undefined, r: Reporter): void {
  const shared = model.gateways.filter((g) => g.scope === 'dataplane');
  /** In patch mode, the object of the base the overlay merges into (its undeclared slots survive the merge). */
  const inBaseOf = (kind: string, name: string, namespace: string | undefined): BaseObject | undefined =>
    model.controlPlane.mode === 'patch' && base?.ok === true ? base.objects.find((o) => o.kind === kind && o.name === name && o.namespace === namespace) : undefined;
  const dataPlane = inBaseOf(model.dataPlane.kind, model.dataPlane.name, model.dataPlane.namespace);
  const known = shared.length > 0 || dataPlane !== undefined;
  const inBase = dataPlane === undefined ? new Map<string, string>() : baseSlots(dataPlane.object);
  const dataPlaneName = `${model.dataPlane.kind} ${model.dataPlane.name}`;
  for (const reg of registrations(model)) {
    if (reg.kind !== 'Environment') continue;
    const own = reg.gateways.find((g) => g.direction === 'ingress');
    if (own === undefined) continue;
    const covered = new Set([...reg.gateways, ...reg.inherited].filter((g) => g.direction === 'ingress').map((g) => g.networking));
    const environment = inBaseOf('Environment', reg.name, reg.namespace);
    for (const slot of environment === undefined ? [] : baseSlots(environment.object).keys()) if (slot.startsWith('ingress.')) covered.add(slot.slice('ingress.'.length) as Networking);
    for (const networking of ['external', 'internal'] as const) {
      if (covered.has(networking)) continue;
      const foreign = inBase.get(`ingress.${networking}`);
      if (known && foreign === undefined) continue; // the data plane registers nothing there
      const because = `gateway ${q(own.name)} gives environment ${q(reg.name)} an ingress slot of its own, so OpenChoreo resolves its endpoint URLs from the Environment's spec.gateway alone`;
      r.warning(
        'environment-override',
        [...own.path, 'environment'],
        foreign === undefined
          ? `${because}; this topology registers no data-plane gateway, so gwtopo has no ingress ${networking} gateway of the data plane to copy onto it: if the data plane has one, the ${URLS[networking]} endpoint URLs of ${reg.name} will be missing`
          : `${because}; the base's ${dataPlaneName} registers gateway ${q(foreign)} at spec.gateway.ingress.${networking}, which this topology does not declare and so does not copy: the ${URLS[networking]} endpoint URLs of ${reg.name} will be missing`,
        {
          hint:
            foreign === undefined
              ? "declare the data plane's gateways here (managed: false registers an existing one, such as the chart's gateway-default, without rendering it): gwtopo then copies them onto the Environment"
              : `declare gateway ${q(foreign)} here as a data-plane gateway (managed: false registers it without rendering it): gwtopo then copies it onto the Environment`,
        },
      );
    }
  }
}
