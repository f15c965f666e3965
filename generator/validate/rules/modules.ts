// Rules about gateway modules: what a module cannot express is refused, never dropped silently.

import { moduleFor } from '../../topology/modules/index.js';
import type { ServiceRequest } from '../../topology/modules/module.js';
import { presetAnnotations } from '../../topology/providers.js';
import type { ServiceType } from '../../topology/types.js';
import { eachDuplicate, type Rule } from './context.js';

const q = JSON.stringify;

/** The Service of the Envoy Gateway controller (its Helm chart), in Envoy Gateway's namespace. */
const ENVOY_GATEWAY_SERVICE = 'envoy-gateway';

/** A managed gateway's Service settings must be expressible by its module. */
export const moduleCapabilities: Rule = ({ view, r }) => {
  const classes = new Map<string, ServiceType>();
  // Stryker disable next-line LogicalOperator: equivalent: a class without a name is never looked up (gateways always have a class here), and a class without a type reads as undefined, the same as no entry
  for (const c of view.gatewayClasses) if (c.name !== undefined && c.serviceType !== undefined) classes.set(c.name, c.serviceType);
  for (const g of view.gateways) {
    if (!g.managed || g.module === undefined || g.gatewayClass === undefined) continue;
    const request: ServiceRequest = {
      gateway: g.name ?? '?',
      gatewayClassName: g.gatewayClass,
      annotations: g.serviceFields.has('annotations'),
      labels: g.serviceFields.has('labels'),
      classes,
    };
    if (g.explicitServiceType !== undefined) request.type = g.explicitServiceType;
    if (g.serviceType !== undefined) request.effectiveType = g.serviceType;
    for (const refusal of moduleFor(g.module).refuse(request)) {
      const explicit = refusal.field === 'type' ? g.serviceFields.has('type') : true;
      const path = explicit ? [...g.path, 'service', refusal.field] : [...g.path, 'networking'];
      r.error('module-unsupported', path, refusal.message, { hint: refusal.hint, anchor: refusal.field === 'type' ? 'value' : 'key' });
    }
  }
};

/**
 * `websocket: false` asks gwtopo to leave WebSocket upgrades off; only a module that enables them through a
 * policy gwtopo renders (kgateway) can. Every other implementation upgrades them on its own.
 */
export const websocketSwitch: Rule = ({ view, r }) => {
  for (const g of view.gateways) {
    if (!g.managed || g.websocket || g.module === undefined || moduleFor(g.module).websocket === 'policy') continue;
    r.error(
      'module-unsupported',
      [...g.path, 'websocket'],
      `module ${g.module} upgrades WebSocket connections on every Gateway by itself, and gwtopo has no setting that turns that off for gateway ${q(g.name ?? '?')}`,
      {
        hint: "remove websocket: false (it only switches the ListenerPolicy gwtopo renders for kgateway gateways), or refuse upgrades in the implementation's own configuration",
      },
    );
  }
};

/** spec.envoyGateway configures envoy-gateway gateways only; elsewhere it would be silently ignored. */
export const envoyGatewaySettings: Rule = ({ view, r }) => {
  if (!view.hasEnvoyGateway || view.gateways.some((g) => g.module === 'envoy-gateway') || (view.module === 'envoy-gateway' && view.gateways.length === 0)) return;
  r.warning('envoy-gateway-settings', ['spec', 'envoyGateway'], 'has no effect: no gateway of this topology uses module envoy-gateway', {
    anchor: 'key',
    hint: 'remove spec.envoyGateway, or set module: envoy-gateway on the gateways it is meant for',
  });
};

/**
 * Envoy Gateway's own controller Service is called envoy-gateway, in the namespace where every EnvoyProxy gwtopo
 * renders puts a Service named after its gateway: a gateway of that name would take over the controller's Service.
 * Only gateways that get an EnvoyProxy (any Service but the default, preset annotations counted) are affected.
 */
export const envoyServiceName: Rule = ({ view, r }) => {
  for (const g of view.gateways) {
    if (!g.managed || g.module !== 'envoy-gateway' || g.name !== ENVOY_GATEWAY_SERVICE || g.networking === undefined || view.provider === undefined) continue;
    const preset = g.serviceType === 'LoadBalancer' ? presetAnnotations(view.provider, g.networking) : {};
    const proxy = g.serviceType !== 'LoadBalancer' || Object.keys({ ...preset, ...g.annotations }).length > 0 || Object.keys(g.labels).length > 0;
    if (!proxy) continue;
    r.error(
      'envoy-service-name',
      [...g.path, 'name'],
      `an EnvoyProxy names gateway ${q(g.name)}'s Service after it, in namespace ${q(view.envoyGatewayNamespace)}, where Envoy Gateway's own controller Service has that name`,
      {
        hint: 'rename the gateway',
      },
    );
  }
};

/** Provider presets cannot reach a Service that the module's install owns: say so. */
export const presetNotApplied: Rule = ({ view, r }) => {
  if (view.provider === undefined) return;
  for (const g of view.gateways) {
    if (!g.managed || g.module === undefined || g.networking === undefined) continue;
    const module = moduleFor(g.module);
    if (module.defaultServiceType !== undefined) continue;
    const preset = Object.entries(presetAnnotations(view.provider, g.networking));
    if (preset.length === 0) continue;
    r.warning(
      'preset-not-applied',
      [...g.path, 'name'],
      `provider ${view.provider}'s annotations for an ${g.networking} load balancer are not applied: module ${g.module} uses the Service of its install`,
      { hint: `set them on that Service (its Helm values): ${preset.map(([k, v]) => `${k}: ${q(v)}`).join(', ')}` },
    );
  }
};

/** spec.gatewayClasses declares classes with a class-level Service type, read by cilium gateways. */
export const gatewayClasses: Rule = ({ view, r }) => {
  eachDuplicate(
    view.gatewayClasses,
    (c) => c.name,
    (dup) => {
      r.error('gateway-classes', [...dup.path, 'name'], `GatewayClass ${q(dup.name)} is declared twice`, { hint: 'remove one of the entries' });
    },
  );
  const used = new Set(view.gateways.filter((g) => g.module !== undefined && moduleFor(g.module).expresses.type === 'gateway-class').map((g) => g.gatewayClass));
  const warned = new Set<string>();
  for (const c of view.gatewayClasses) {
    if (c.name === undefined || used.has(c.name) || warned.has(c.name)) continue;
    warned.add(c.name);
    r.warning(
      'gateway-class-unused',
      [...c.path, 'name'],
      `GatewayClass ${q(c.name)} is not used by any cilium gateway; only modules that set the Service type per GatewayClass read spec.gatewayClasses`,
      {
        hint: 'remove it, or set gatewayClassName on the cilium gateway that should use it',
      },
    );
  }
};
