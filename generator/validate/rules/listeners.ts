// Rules about listeners: names, protocols, ports, TLS and the registered host.
import { moduleFor } from '../../topology/modules/index.js';
import type { GatewayView, ListenerView } from '../../topology/view.js';
import { effectiveHost } from '../../topology/view.js';
import { eachDuplicate, type Rule } from './context.js';

const q = JSON.stringify;

function label(g: GatewayView, l: ListenerView): string {
  return `listener ${q(l.name ?? l.protocol ?? '?')} of gateway ${q(g.name ?? '?')}`;
}

export const uniqueListenerNames: Rule = ({ view, r }) => {
  for (const g of view.gateways) {
    eachDuplicate(
      g.listeners,
      (l) => l.name,
      (dup, first) => {
        if (dup.protocol !== undefined && dup.protocol === first.protocol) return; // reported as a second listener of that protocol
        const explicit = dup.fields.has('name');
        r.error('unique-listener-names', [...dup.path, 'name'], `listener name ${q(dup.name)} is used twice in gateway ${q(g.name)} (line ${r.lineOf(first.path, dup.path)})`, {
          // Stryker disable next-line ObjectLiteral: equivalent: without an explicit name the path's 'name' segment does not resolve, so the problem is placed at dup.path either way
          ...(explicit ? {} : { at: dup.path }),
          hint: explicit ? 'give the listeners different names' : `this listener has its default name; give it a name: (e.g. name: ${dup.name}-2)`,
        });
      },
    );
  }
};

/** OpenChoreo registers one listener per protocol: spec.gateway.<dir>.<net>.{http,https,tls}. */
export const oneListenerPerProtocol: Rule = ({ view, r }) => {
  for (const g of view.gateways) {
    eachDuplicate(
      g.listeners,
      (l) => l.protocol,
      (dup, first) => {
        r.error(
          'listener-protocol',
          [...dup.path, 'protocol'],
          `gateway ${q(g.name)} already has a ${dup.protocol} listener (line ${r.lineOf(first.path, dup.path)}); OpenChoreo registers one listener per protocol (spec.gateway.*.${dup.protocol!.toLowerCase()})`,
          { hint: 'remove one of them, or move it to another gateway' },
        );
      },
    );
  }
};

/** Two listeners may share a port only when both are HTTPS/TLS and their hostnames differ. */
export const listenerPorts: Rule = ({ view, r }) => {
  for (const g of view.gateways) {
    // Stryker disable next-line ArrayDeclaration: equivalent: a seeded string has no port, so it never matches a listener's port
    const seen: ListenerView[] = [];
    for (const l of g.listeners) {
      if (l.port === undefined) continue;
      const other = seen.find((o) => o.port === l.port);
      seen.push(l);
      if (other === undefined || l.protocol === undefined || other.protocol === undefined || l.protocol === other.protocol) continue;
      const secure = (x: ListenerView) => x.protocol === 'HTTPS' || x.protocol === 'TLS';
      if (secure(l) && secure(other) && l.hostname !== undefined && other.hostname !== undefined && l.hostname !== other.hostname) continue;
      r.error(
        'listener-port',
        [...l.path, 'port'],
        `port ${l.port} is also used by listener ${q(other.name)} (line ${r.lineOf(other.path, l.path)}); two listeners may share a port only if both are HTTPS or TLS with different hostnames`,
        { hint: secure(l) && secure(other) ? 'give both listeners a hostname, and make them differ' : 'use another port' },
      );
    }
  }
};

/**
 * The advertised port is the port clients use, mapped onto the listener port by something in front of the
 * gateway. One client port reaches one listener port: two listeners of a gateway advertised on one port must
 * listen on one port (HTTPS/TLS with different hostnames, as listener-port allows). A ClusterIP Service is
 * reached on its own port, so advertising another one there is almost certainly a mistake.
 */
export const advertisedPorts: Rule = ({ view, r }) => {
  for (const g of view.gateways) {
    const seen: ListenerView[] = [];
    for (const l of g.listeners) {
      if (l.port === undefined) continue;
      const advertised = l.advertisedPort ?? l.port;
      const other = seen.find((o) => (o.advertisedPort ?? o.port) === advertised && o.port !== l.port);
      seen.push(l);
      if (other !== undefined) {
        r.error(
          'advertised-port',
          [...l.path, l.advertisedPort === undefined ? 'port' : 'advertisedPort'],
          `clients of ${label(g, l)} would use port ${advertised}, like those of listener ${q(other.name)} (line ${r.lineOf(other.path, l.path)}), which listens on port ${other.port}; one client port reaches one listener port`,
          { hint: 'give the listeners different advertised ports, or let them listen on one port (HTTPS or TLS with different hostnames)' },
        );
      }
      if (g.serviceType === 'ClusterIP' && l.advertisedPort !== undefined && l.advertisedPort !== l.port) {
        r.warning(
          'advertised-port-clusterip',
          [...l.path, 'advertisedPort'],
          `gateway ${q(g.name)} has a ClusterIP Service, which in-cluster clients reach on the listener port ${l.port}, not on the advertised port ${l.advertisedPort}`,
          {
            hint: 'remove advertisedPort: it is for ports that something in front of the gateway maps (a NodePort, k3d or a load balancer that forwards another port)',
          },
        );
      }
    }
  }
};

export const listenerTls: Rule = ({ view, r }) => {
  for (const g of view.gateways) {
    if (!g.managed) continue; // the existing Gateway's TLS is configured where it is installed
    for (const l of g.listeners) {
      const tls = l.tls;
      if (l.protocol === 'HTTP') {
        if (l.fields.has('tls')) r.error('listener-tls', [...l.path, 'tls'], 'an HTTP listener does not take tls', { anchor: 'key', hint: 'use protocol: HTTPS, or remove tls' });
        continue;
      }
      if (l.protocol === undefined) continue;
      if (l.protocol === 'HTTPS' && !l.fields.has('tls')) {
        r.error('listener-tls', [...l.path, 'tls'], `required for ${label(g, l)}: an HTTPS listener terminates TLS with a certificate`, {
          at: l.path,
          hint: 'add tls: {certificateRefs: [{name: <secret with tls.crt and tls.key>}]}',
        });
        continue;
      }
      if (tls === undefined) continue;
      if (l.protocol === 'HTTPS' && tls.mode === 'Passthrough') {
        r.error('listener-tls', [...l.path, 'tls', 'mode'], 'an HTTPS listener terminates TLS; mode must be Terminate', { hint: 'use protocol: TLS to pass TLS through to the backend' });
        continue;
      }
      if (tls.mode === 'Terminate' && !tls.hasCertificateRefs) {
        r.error('listener-tls', [...l.path, 'tls', 'certificateRefs'], 'required when TLS is terminated (mode Terminate)', {
          at: [...l.path, 'tls'],
          hint: 'add certificateRefs: [{name: <secret with tls.crt and tls.key>}]',
        });
      } else if (tls.mode === 'Passthrough' && tls.hasCertificateRefs) {
        r.error('listener-tls', [...l.path, 'tls', 'certificateRefs'], 'not allowed with mode Passthrough: the backend terminates TLS', {
          anchor: 'key',
          hint: 'remove certificateRefs, or set mode: Terminate',
        });
      }
    }
  }
};

function hostExplanation(g: GatewayView): string {
  const module = g.module === undefined ? undefined : moduleFor(g.module);
  if (module !== undefined && module.defaultServiceType === undefined) {
    return `the DNS name clients use to reach the shared Service of the ${g.module} install (for an internal gateway its in-cluster name, e.g. <service>.<namespace>)`;
  }
  if (g.networking === 'external') return 'the public DNS name clients use to reach this gateway, e.g. api.example.com (the record that points at its load balancer)';
  if (g.serviceType === 'NodePort') return 'a DNS name that resolves to the cluster nodes the NodePort Service is reachable on';
  if (g.serviceType === 'ClusterIP') {
    return module?.serviceNamedByParameters === true && !g.managed
      ? `the in-cluster DNS name of the gateway's Service (<service>.<namespace>): with managed: false its ${module.expresses.parametersKind ?? 'parameters'} is not gwtopo's, so neither is the Service's name`
      : `the in-cluster DNS name of the gateway's Service (<service>.<namespace>): module ${g.module} does not name it predictably`;
  }
  return `a private DNS name that resolves to the internal load balancer (cloud-assigned, or a record in a private zone; external-dns can manage it). Only internal ClusterIP gateways default to the in-cluster name of their Service`;
}

function serviceDescription(g: GatewayView): string {
  return g.serviceType === undefined ? `Service from the ${g.module} install` : `Service type ${g.serviceType}`;
}

export const hostRequired: Rule = ({ view, r }) => {
  for (const g of view.gateways) {
    if (g.name === undefined || g.networking === undefined || g.module === undefined) continue;
    if (g.serviceType === undefined && moduleFor(g.module).defaultServiceType !== undefined) continue; // invalid Service type: reported already
    for (const l of g.listeners) {
      if (l.hasHost || effectiveHost(view, g, l) !== undefined) continue;
      r.error('host-required', [...l.path, 'host'], `required for ${label(g, l)} (${g.networking}, ${serviceDescription(g)})`, {
        at: l.path,
        hint: `set host to ${hostExplanation(g)}`,
      });
    }
  }
};

/** Gateway API hostname matching: `*.example.com` matches any name ending in `.example.com`. */
export function hostnameMatches(filter: string, host: string): boolean {
  return filter.startsWith('*.') ? host.endsWith(filter.slice(1)) && host.length > filter.length - 1 : filter === host;
}

export const hostMatchesHostname: Rule = ({ view, r }) => {
  for (const g of view.gateways) {
    if (!g.managed) continue;
    for (const l of g.listeners) {
      const host = effectiveHost(view, g, l);
      if (host === undefined || l.hostname === undefined || hostnameMatches(l.hostname, host)) continue;
      r.warning('host-hostname', [...l.path, 'hostname'], `the listener accepts only ${q(l.hostname)}, but OpenChoreo registers host ${q(host)} on it: its routes would not match`, {
        hint: 'make host match the hostname filter, or remove hostname',
      });
    }
  }
};

export const certificateNamespace: Rule = ({ view, r }) => {
  for (const g of view.gateways) {
    if (!g.managed) continue;
    for (const l of g.listeners) {
      l.tls?.certificateRefs.forEach((c, i) => {
        if (c.namespace === undefined || c.namespace === view.gatewayNamespace) return;
        r.warning(
          'certificate-namespace',
          [...l.path, 'tls', 'certificateRefs', i, 'namespace'],
          `the Secret is in namespace ${q(c.namespace)}, the Gateway in ${q(view.gatewayNamespace)}: Gateway API requires a ReferenceGrant in ${q(c.namespace)} for this reference`,
          {
            hint: `create a ReferenceGrant in ${c.namespace} from Gateways in ${view.gatewayNamespace} to Secrets, or move the Secret`,
          },
        );
      });
    }
  }
};
