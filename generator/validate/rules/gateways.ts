// Rules about gateways: names, scope and environment, registration slots, Service exposure.
import { SYSTEM_COMPONENT_LABEL, SYSTEM_COMPONENT_VALUE } from '../../model/defaults.js';
import { privateLoadBalancerAnnotation, publicLoadBalancerAnnotation } from '../../model/providers.js';
import { closest } from '../suggest.js';
import type { GatewayView } from '../view.js';
import { type Rule, eachDuplicate } from './context.js';

const q = JSON.stringify;

export const uniqueGateways: Rule = ({ view, r }) => {
  eachDuplicate(view.gateways, (g) => g.name, (dup, first) => {
    r.error('unique-gateways', [...dup.path, 'name'], `gateway ${q(dup.name)} is defined twice (first on line ${r.lineOf([...first.path, 'name'], dup.path)})`, {
      hint: 'gateway names are unique within a cluster: rename or remove one of them',
    });
  });
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
 * gateway whose annotations make its load balancer internet-facing, or an external one whose annotations
 * make it private, is a contradiction gwtopo refuses.
 */
export const loadBalancerNetworking: Rule = ({ view, r }) => {
  for (const g of view.gateways) {
    if (g.serviceType !== 'LoadBalancer' || g.networking === undefined) continue;
    const contrary = g.networking === 'internal' ? publicLoadBalancerAnnotation(g.annotations) : privateLoadBalancerAnnotation(g.annotations);
    if (contrary === undefined) continue;
    const effect = g.networking === 'internal' ? 'internet-facing' : 'private (reachable only inside the network)';
    r.error('lb-networking', [...g.path, 'service', 'annotations', contrary], `gateway ${q(g.name)} is ${g.networking}, but this annotation (${q(g.annotations[contrary])}) makes its load balancer ${effect}`, {
      anchor: 'key',
      hint: g.networking === 'internal' ? 'remove the annotation (the provider preset makes internal load balancers private), or set networking: external' : 'remove the annotation, or set networking: internal',
    });
  }
};

/** k3d's load balancer binds every LoadBalancer port on the host once. */
export const k3dPorts: Rule = ({ view, r }) => {
  if (view.provider !== 'k3d') return;
  const byPort = new Map<number, GatewayView>();
  for (const g of view.gateways) {
    if (g.serviceType !== 'LoadBalancer') continue;
    const seen = new Set<number>();
    for (const l of g.listeners) {
      if (l.port === undefined || seen.has(l.port)) continue;
      seen.add(l.port);
      const owner = byPort.get(l.port);
      if (owner === undefined) {
        byPort.set(l.port, g);
      } else {
        r.error(
          'k3d-port-conflict',
          [...l.path, 'port'],
          `LoadBalancer gateways ${q(owner.name)} and ${q(g.name)} both listen on port ${l.port}; k3d's load balancer binds each port on the host once`,
          { hint: `give one of them another port (gateway ${q(owner.name)} is on line ${r.lineOf([...owner.path, 'name'], l.path)})` },
        );
      }
    }
  }
};

export const reservedLabel: Rule = ({ view, r }) => {
  for (const g of view.gateways) {
    if (SYSTEM_COMPONENT_LABEL in g.labels) {
      r.error('reserved-label', [...g.path, 'service', 'labels', SYSTEM_COMPONENT_LABEL], `is set by gwtopo on every gateway (${SYSTEM_COMPONENT_LABEL}: ${SYSTEM_COMPONENT_VALUE}); OpenChoreo's NetworkPolicy admits gateway traffic by it`, {
        anchor: 'key',
        hint: 'remove this label',
      });
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
