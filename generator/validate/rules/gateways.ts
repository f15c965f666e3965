// Rules about gateways: names, scope and environment, registration slots, Service exposure.

import { closest } from '../../diagnostics/suggest.js';
import { DEFAULTS, HELM_GATEWAY, K3D_MAPPED_PORTS, SYSTEM_COMPONENT_LABEL, SYSTEM_COMPONENT_VALUE } from '../../topology/defaults.js';
import { moduleFor } from '../../topology/modules/index.js';
import { cloudNetworking, presetAnnotations, presetOverrideEffect, privateLoadBalancerAnnotation, publicLoadBalancerAnnotation } from '../../topology/providers.js';
import type { GatewayView } from '../../topology/view.js';
import { eachDuplicate, type Rule } from './context.js';

const q = JSON.stringify;

export const uniqueGateways: Rule = ({ view, r }) => {
  eachDuplicate(
    view.gateways,
    (g) => g.name,
    (dup, first) => {
      r.error('unique-gateways', [...dup.path, 'name'], `gateway ${q(dup.name)} is defined twice (first on line ${r.lineOf([...first.path, 'name'], dup.path)})`, {
        hint: 'gateway names are unique within a cluster: rename or remove one of them',
      });
    },
  );
};

/**
 * Two managed gateways whose module renders parameters of one kind may not name them alike (parametersName, or the
 * default <gateway>-params): both would render one object, and the later would overwrite the earlier.
 */
export const uniqueParametersNames: Rule = ({ view, r }) => {
  const seen = new Map<string, GatewayView>();
  for (const g of view.gateways) {
    if (!g.managed || g.name === undefined || g.module === undefined) continue;
    const kind = moduleFor(g.module).expresses.parametersKind;
    if (kind === undefined) continue;
    const name = g.parametersName ?? `${g.name}-params`;
    const first = seen.get(`${kind}/${name}`);
    if (first === undefined) {
      seen.set(`${kind}/${name}`, g);
      continue;
    }
    if (first.name === g.name) continue; // one gateway defined twice: unique-gateways says so
    const at = g.parametersName !== undefined ? [...g.path, 'parametersName'] : [...g.path, 'name'];
    r.error('parameters-name', at, `gateway ${q(g.name)} renders its ${kind} as ${q(name)}, and so does gateway ${q(first.name)}`, {
      hint: 'give each gateway parameters of its own: change parametersName',
    });
  }
};

/** `environment` is required with scope environment, forbidden otherwise, and must name a listed environment. */
export const environmentScope: Rule = ({ view, r }) => {
  const names = [...new Set(view.environments.flatMap((e) => (e.name === undefined ? [] : [e.name])))];
  const listed = names.length === 0 ? 'spec.environments lists none yet' : `listed: ${[...names].sort().join(', ')}`;
  for (const g of view.gateways) {
    if (g.scope === 'environment' && !g.hasEnvironment) {
      r.error('environment-scope', [...g.path, 'environment'], 'required when scope is environment', {
        at: g.path,
        hint: `add environment: <name> (${listed})`,
      });
    } else if (g.scope === 'dataplane' && g.hasEnvironment) {
      r.error('environment-scope', [...g.path, 'environment'], 'only allowed when scope is environment', {
        anchor: 'key',
        hint: 'remove it, or set scope: environment to dedicate the gateway to that environment',
      });
    } else if (g.scope === 'environment' && g.environment !== undefined && !names.includes(g.environment)) {
      const guess = closest(g.environment, names);
      r.error('environment-reference', [...g.path, 'environment'], `${q(g.environment)} is not listed in spec.environments`, {
        hint: guess !== undefined ? `did you mean "${guess}"?` : `add it to spec.environments (- name: ${g.environment}); ${listed}`,
      });
    }
  }
};

function slotOwner(g: GatewayView): string | undefined {
  if (g.scope === 'dataplane') return 'the data plane';
  if (g.scope === 'environment' && g.environment !== undefined) return `environment ${q(g.environment)}`;
  return undefined;
}

/** A DataPlane or Environment `spec.gateway` holds one gateway per (direction, networking). */
export const oneGatewayPerSlot: Rule = ({ view, r }) => {
  eachDuplicate(
    view.gateways,
    (g) => (g.direction === undefined || g.networking === undefined || slotOwner(g) === undefined ? undefined : `${slotOwner(g)}|${g.direction}|${g.networking}`),
    (dup, first) => {
      r.error(
        'gateway-slot',
        [...dup.path, 'name'],
        `${dup.direction}/${dup.networking} slot of ${slotOwner(dup)} is already taken by gateway ${q(first.name)} (line ${r.lineOf([...first.path, 'name'], dup.path)}); spec.gateway.${dup.direction}.${dup.networking} holds one gateway`,
        { hint: 'dedicate one of them to an environment (scope: environment), change its direction or networking, or remove it' },
      );
    },
  );
};

export const externalNotClusterIP: Rule = ({ view, r }) => {
  for (const g of view.gateways) {
    if (g.networking === 'external' && g.serviceType === 'ClusterIP') {
      r.error('external-clusterip', [...g.path, 'service', 'type'], 'an external gateway must be reachable from outside the cluster, and a ClusterIP Service is not', {
        hint: 'use type: LoadBalancer (or NodePort), or set networking: internal',
      });
    }
  }
};

/** An internal LoadBalancer must be private: the provider's preset or the user's annotation makes it so. */
export const internalLoadBalancerPrivate: Rule = ({ view, r }) => {
  if (view.provider !== 'generic') return;
  for (const g of view.gateways) {
    if (g.networking === 'internal' && g.serviceType === 'LoadBalancer' && privateLoadBalancerAnnotation(g.annotations) === undefined) {
      r.error(
        'internal-lb-private',
        [...g.path, 'service', 'type'],
        'an internal LoadBalancer needs a private load balancer, and provider generic adds no annotation for one: the cloud might create an internet-facing load balancer',
        {
          hint: 'set spec.provider to your cloud (aws, aws-lbc, gcp, azure, oci, digitalocean, ibm, alibaba, openstack), or add its internal annotation under service.annotations, e.g. service.beta.kubernetes.io/aws-load-balancer-internal: "true"',
        },
      );
    }
  }
};

/**
 * Your annotations win over the provider's preset — but not against the gateway's networking: an internal
 * gateway whose load balancer the cloud would make internet-facing under its annotations, or an external one it
 * would make private, is a contradiction gwtopo refuses. For a provider that names a cloud, gwtopo reads the
 * annotations as that cloud's controller does (cloudNetworking); for generic and k3d it looks for the annotation
 * values known to make a load balancer private or public on any cloud.
 */
export const loadBalancerNetworking: Rule = ({ view, r }) => {
  for (const g of view.gateways) {
    const networking = g.networking;
    if (g.serviceType !== 'LoadBalancer' || networking === undefined) continue;
    const provider = view.provider ?? DEFAULTS.provider;
    const preset = presetAnnotations(provider, networking);
    const cloud = cloudNetworking(provider, { ...preset, ...g.annotations });
    const effect = g.networking === 'internal' ? 'internet-facing' : 'private (reachable only inside the network)';
    const hint =
      g.networking === 'internal'
        ? 'remove the annotation (the provider preset makes internal load balancers private), or set networking: external'
        : 'remove the annotation, or set networking: internal';
    if (cloud !== undefined) {
      if (cloud.networking === g.networking) continue;
      // The preset alone agrees with the networking, so one of the gateway's own annotations turned it.
      const blamed = cloud.by.find((key) => key in g.annotations) ?? Object.keys(g.annotations).find((key) => key in preset) ?? Object.keys(g.annotations)[0]!;
      r.error(
        'lb-networking',
        [...g.path, 'service', 'annotations', blamed],
        `gateway ${q(g.name)} is ${g.networking}, but with this annotation (${q(g.annotations[blamed])}) provider ${provider}'s load balancer would be ${effect}: ${cloud.why}`,
        { anchor: 'key', hint },
      );
      continue;
    }
    const contrary = g.networking === 'internal' ? publicLoadBalancerAnnotation(g.annotations) : privateLoadBalancerAnnotation(g.annotations);
    if (contrary === undefined) continue;
    r.error(
      'lb-networking',
      [...g.path, 'service', 'annotations', contrary],
      `gateway ${q(g.name)} is ${g.networking}, but this annotation (${q(g.annotations[contrary])}) makes its load balancer ${effect}`,
      { anchor: 'key', hint },
    );
  }
};

/**
 * Your annotations win over the provider's preset — say so whenever one replaces a preset value, with what the
 * cloud controller then does. A value that contradicts the gateway's networking is lb-networking's error instead.
 */
export const presetOverridden: Rule = ({ view, r }) => {
  if (view.provider === undefined) return;
  for (const g of view.gateways) {
    if (!g.managed || g.serviceType !== 'LoadBalancer' || g.networking === undefined) continue;
    const preset = presetAnnotations(view.provider, g.networking);
    const effective = { ...preset, ...g.annotations };
    for (const [key, presetValue] of Object.entries(preset)) {
      const value = g.annotations[key];
      if (value === undefined || value === presetValue) continue;
      const cloud = cloudNetworking(view.provider, effective);
      const contrary =
        cloud !== undefined
          ? cloud.networking !== g.networking
          : (g.networking === 'internal' ? publicLoadBalancerAnnotation({ [key]: value }) : privateLoadBalancerAnnotation({ [key]: value })) !== undefined;
      if (contrary) continue; // lb-networking
      r.warning(
        'preset-overridden',
        [...g.path, 'service', 'annotations', key],
        `provider ${view.provider}'s preset sets ${key}: ${q(presetValue)} for an ${g.networking} load balancer, and this annotation replaces it with ${q(value)}: ${presetOverrideEffect(key, value)}`,
        { anchor: 'key', hint: `remove the annotation to keep the preset's ${q(presetValue)}, or accept this warning if the replacement is intended` },
      );
    }
  }
};

/**
 * A managed gateway named like the one OpenChoreo's data-plane chart installs, in the chart's namespace: the chart
 * owns that Gateway (install/helm/openchoreo-data-plane/templates/gateway/gateway.yaml), so gwtopo would render a
 * second owner of it.
 */
export const helmOwnedGateway: Rule = ({ view, r }) => {
  if (view.gatewayNamespace !== DEFAULTS.gatewayNamespace) return;
  for (const g of view.gateways) {
    if (!g.managed || g.managedUnknown === true || g.name !== HELM_GATEWAY) continue;
    r.warning(
      'helm-owned-gateway',
      [...g.path, 'name'],
      `OpenChoreo's data-plane Helm chart installs Gateway ${HELM_GATEWAY} in namespace ${DEFAULTS.gatewayNamespace}: gwtopo would render a second owner of it, and the two would overwrite each other`,
      {
        hint: "register the chart's Gateway with managed: false (configure it through the chart's gateway values), or give this gateway another name",
      },
    );
  }
};

/**
 * On k3d every LoadBalancer port is bound twice: k3s's service load balancer binds the Service port (the
 * listener port) on the nodes, and k3d's load balancer node binds the host port clients use (the advertised
 * port) and forwards it to one listener port. Two LoadBalancer gateways may share neither.
 */
export const k3dPorts: Rule = ({ view, r }) => {
  if (view.provider !== 'k3d') return;
  const byPort = new Map<number, GatewayView>();
  const byHostPort = new Map<number, GatewayView>();
  const other = (owners: Map<number, GatewayView>, port: number, g: GatewayView): GatewayView | undefined => {
    const owner = owners.get(port);
    if (owner === undefined) owners.set(port, g);
    return owner === g ? undefined : owner;
  };
  for (const g of view.gateways) {
    if (g.serviceType !== 'LoadBalancer') continue;
    for (const l of g.listeners) {
      if (l.port === undefined) continue;
      const hostPort = l.advertisedPort ?? l.port;
      const onPort = other(byPort, l.port, g);
      const onHostPort = other(byHostPort, hostPort, g);
      const lineOf = (owner: GatewayView): string => r.lineOf([...owner.path, 'name'], l.path);
      if (onPort !== undefined && onPort === onHostPort && hostPort === l.port) {
        r.error(
          'k3d-port-conflict',
          [...l.path, 'port'],
          `LoadBalancer gateways ${q(onPort.name)} and ${q(g.name)} both listen on port ${l.port}; k3d's load balancer binds each port on the host once`,
          {
            hint: `give one of them another port (gateway ${q(onPort.name)} is on line ${lineOf(onPort)})`,
          },
        );
        continue;
      }
      if (onPort !== undefined) {
        r.error(
          'k3d-port-conflict',
          [...l.path, 'port'],
          `LoadBalancer gateways ${q(onPort.name)} and ${q(g.name)} both listen on port ${l.port}; k3s's service load balancer binds each LoadBalancer port on the nodes once`,
          {
            hint: `give one of them another port (gateway ${q(onPort.name)} is on line ${lineOf(onPort)})`,
          },
        );
      }
      if (onHostPort !== undefined) {
        r.error(
          'k3d-port-conflict',
          [...l.path, l.advertisedPort === undefined ? 'port' : 'advertisedPort'],
          `LoadBalancer gateways ${q(onHostPort.name)} and ${q(g.name)} are both advertised on port ${hostPort}; k3d's load balancer forwards each host port to one gateway`,
          { hint: `give one of them another advertisedPort (gateway ${q(onHostPort.name)} is on line ${lineOf(onHostPort)})` },
        );
      }
    }
  }
};

/**
 * OpenChoreo's k3d setup maps host ports 19080 and 19443 to the same ports of the load balancer: a listener
 * advertised on one of them must listen on it, or its clients reach another port.
 */
export const k3dDefaultPorts: Rule = ({ view, r }) => {
  if (view.provider !== 'k3d') return;
  for (const g of view.gateways) {
    if (g.serviceType !== 'LoadBalancer') continue;
    for (const l of g.listeners) {
      if (l.advertisedPort === undefined || l.port === undefined || l.advertisedPort === l.port || !K3D_MAPPED_PORTS.has(l.advertisedPort)) continue;
      r.warning(
        'k3d-default-port',
        [...l.path, 'advertisedPort'],
        `OpenChoreo's k3d setup maps host port ${l.advertisedPort} to port ${l.advertisedPort} of the load balancer, but this listener listens on ${l.port}: clients on ${l.advertisedPort} would not reach it`,
        {
          hint: `listen on port ${l.advertisedPort}, or advertise a port k3d does not map yet (gwtopo then prints the k3d node edit command that maps it to ${l.port})`,
        },
      );
    }
  }
};

export const reservedLabel: Rule = ({ view, r }) => {
  for (const g of view.gateways) {
    if (SYSTEM_COMPONENT_LABEL in g.labels) {
      r.error(
        'reserved-label',
        [...g.path, 'service', 'labels', SYSTEM_COMPONENT_LABEL],
        `is set by gwtopo on every gateway (${SYSTEM_COMPONENT_LABEL}: ${SYSTEM_COMPONENT_VALUE}); OpenChoreo's NetworkPolicy admits gateway traffic by it`,
        {
          anchor: 'key',
          hint: 'remove this label',
        },
      );
    }
  }
};

/** Settings gwtopo would not render because the Gateway is not managed by it. */
export const unmanagedUnused: Rule = ({ view, r }) => {
  const hint = 'remove it; configure the existing Gateway where it is installed (e.g. its Helm values)';
  for (const g of view.gateways) {
    if (g.managed) continue;
    const because = `has no effect: gateway ${q(g.name)} has managed: false, so gwtopo renders no Gateway for it`;
    if (g.fields.has('gatewayClassName')) r.warning('unmanaged-unused', [...g.path, 'gatewayClassName'], because, { anchor: 'key', hint });
    if (g.fields.has('parametersName')) r.warning('unmanaged-unused', [...g.path, 'parametersName'], because, { anchor: 'key', hint });
    if (g.fields.has('websocket')) r.warning('unmanaged-unused', [...g.path, 'websocket'], because, { anchor: 'key', hint });
    for (const field of ['annotations', 'labels'] as const) {
      if (g.serviceFields.has(field)) r.warning('unmanaged-unused', [...g.path, 'service', field], because, { anchor: 'key', hint });
    }
    for (const l of g.listeners) {
      for (const field of ['hostname', 'allowedRoutes', 'tls'] as const) {
        if (l.fields.has(field)) r.warning('unmanaged-unused', [...l.path, field], because, { anchor: 'key', hint });
      }
    }
  }
};
