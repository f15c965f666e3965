// What import reads from a capture: the objects by role (data-plane Gateways and their parameters, policies and
// Services; control-plane DataPlanes, ClusterDataPlanes and Environments), the registrations the control-plane
// objects hold in spec.gateway, and positions for problems and comments. Pure.
import type { FieldPath, Problem } from '../diagnostics/problem.js';
import type { Captured } from '../parse/capture.js';
import { fieldPosition, problemAt } from '../parse/objects.js';
import type { DataPlaneKind, Direction, ModuleId, Networking, Protocol } from '../topology/types.js';

export const isMap = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
export const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

/** The value at a path of an object (undefined when any step is missing). */
export function at(object: unknown, ...path: (string | number)[]): unknown {
  let v: unknown = object;
  for (const key of path) {
    if (typeof key === 'number') v = Array.isArray(v) ? v[key] : undefined;
    else v = isMap(v) ? v[key] : undefined;
  }
  return v;
}

/** A map of strings at a path (non-string values are left out). */
export function stringMap(v: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (isMap(v)) for (const [k, x] of Object.entries(v)) if (typeof x === 'string') out[k] = x;
  return out;
}

const GATEWAY_GROUP = 'gateway.networking.k8s.io';
const OPENCHOREO_GROUP = 'openchoreo.dev';

/** The parameters kinds gwtopo renders, by group/kind, with their module. */
export const PARAMETERS_KINDS = {
  'gateway.kgateway.dev/GatewayParameters': 'kgateway',
  'gateway.envoyproxy.io/EnvoyProxy': 'envoy-gateway',
  'gateway.nginx.org/NginxProxy': 'nginx-gateway-fabric',
} as const;

const POLICY_KINDS = ['gateway.kgateway.dev/ListenerPolicy', 'gateway.kgateway.dev/HTTPListenerPolicy'] as const;

export type Role = 'gateway' | 'class' | 'parameters' | 'policy' | 'service' | 'data-plane' | 'environment' | 'other';

/**
 * The controller each module's GatewayClass names (docs/modules.md's implementations; the sources are in
 * ../shared/reference/gateway-modules-and-providers.md): a Gateway of a class with another name is still known.
 */
export const CONTROLLERS: Readonly<Record<string, ModuleId>> = {
  'kgateway.dev/kgateway': 'kgateway',
  'gateway.envoyproxy.io/gatewayclass-controller': 'envoy-gateway',
  'gateway.nginx.org/nginx-gateway-controller': 'nginx-gateway-fabric',
  'istio.io/gateway-controller': 'istio',
  'io.cilium/gateway-controller': 'cilium',
  'traefik.io/gateway-controller': 'traefik',
  'konghq.com/kic-gateway-controller': 'kong',
};

export function roleOf(c: Captured): Role {
  const key = `${c.group}/${c.kind}`;
  if (key === `${GATEWAY_GROUP}/Gateway`) return 'gateway';
  if (key === `${GATEWAY_GROUP}/GatewayClass`) return 'class';
  if (key in PARAMETERS_KINDS) return 'parameters';
  if ((POLICY_KINDS as readonly string[]).includes(key)) return 'policy';
  if (c.group === '' && c.kind === 'Service') return 'service';
  if (c.group === OPENCHOREO_GROUP && (c.kind === 'DataPlane' || c.kind === 'ClusterDataPlane')) return 'data-plane';
  if (c.group === OPENCHOREO_GROUP && c.kind === 'Environment') return 'environment';
  return 'other';
}

/** `Kind namespace/name` (or `Kind name`), as messages name objects. */
export function describe(c: Pick<Captured, 'kind' | 'namespace' | 'name'>): string {
  return `${c.kind} ${c.namespace === undefined ? '' : `${c.namespace}/`}${c.name}`;
}

/** A problem at a field of a captured object (the path is relative to the object). */
export function problemOn(c: Captured, severity: Problem['severity'], path: FieldPath, rule: string, message: string, hint?: string): Problem {
  // The formats print the object and the field before the message: it does not repeat the object.
  const own = `${describe(c)}: `;
  return problemAt(severity, c.at, [...c.prefix, ...path], rule, message.startsWith(own) ? message.slice(own.length) : message, {
    resource: `${c.kind}/${c.name}`,
    objectPath: path,
    ...(hint === undefined ? {} : { hint }),
  });
}

/** `file:line` of a captured object (or of a field of it). */
export function whereIs(c: Captured, path: FieldPath = []): string {
  return `${c.at.file}:${fieldPosition(c.at, [...c.prefix, ...path]).line}`;
}

export const SLOTS = { http: 'HTTP', https: 'HTTPS', tls: 'TLS' } as const satisfies Record<string, Protocol>;
type Slot = keyof typeof SLOTS;

/** One listener slot of a registered endpoint: `spec.gateway.<direction>.<networking>.<slot>`. */
export interface SlotEntry {
  slot: Slot;
  listenerName?: string;
  port?: number;
  host?: string;
}

/** One endpoint registered in a control-plane object's spec.gateway. */
export interface Registered {
  object: Captured;
  direction: Direction;
  networking: Networking;
  name: string;
  namespace?: string;
  slots: SlotEntry[];
  /** The endpoint's path in its object. */
  path: FieldPath;
}

/** The endpoints a DataPlane, ClusterDataPlane or Environment registers, in a fixed order. */
export function registeredEndpoints(c: Captured): Registered[] {
  const out: Registered[] = [];
  for (const direction of ['ingress', 'egress'] as const) {
    for (const networking of ['external', 'internal'] as const) {
      const path = ['spec', 'gateway', direction, networking];
      const e = at(c.object, ...path);
      if (!isMap(e)) continue;
      const name = str(e.name);
      if (name === undefined) continue;
      const slots: SlotEntry[] = [];
      for (const slot of Object.keys(SLOTS) as Slot[]) {
        const s = e[slot];
        if (!isMap(s)) continue;
        const entry: SlotEntry = { slot };
        const listenerName = str(s.listenerName);
        if (listenerName !== undefined) entry.listenerName = listenerName;
        if (typeof s.port === 'number') entry.port = s.port;
        const host = str(s.host);
        if (host !== undefined) entry.host = host;
        slots.push(entry);
      }
      const namespace = str(e.namespace);
      out.push({ object: c, direction, networking, name, ...(namespace === undefined ? {} : { namespace }), slots, path });
    }
  }
  return out;
}

/**
 * The data plane an Environment is served by: spec.dataPlaneRef; without one, the DataPlane `default` of its
 * namespace, or — when the capture holds none there but a ClusterDataPlane `default` — that one (OpenChoreo's
 * GetDataPlaneOrClusterDataPlaneOfEnv, internal/controller: v1.2 falls back to the ClusterDataPlane).
 */
export function environmentDataPlane(c: Captured, planes: readonly Captured[]): { kind: DataPlaneKind; name: string; namespace?: string } {
  const ref = at(c.object, 'spec', 'dataPlaneRef');
  const namespace = c.namespace ?? 'default';
  if (!isMap(ref)) {
    const own = planes.some((p) => p.kind === 'DataPlane' && p.name === 'default' && (p.namespace ?? 'default') === namespace);
    const cluster = planes.some((p) => p.kind === 'ClusterDataPlane' && p.name === 'default');
    return !own && cluster ? { kind: 'ClusterDataPlane', name: 'default' } : { kind: 'DataPlane', name: 'default', namespace };
  }
  const kind = ref.kind === 'ClusterDataPlane' ? 'ClusterDataPlane' : 'DataPlane';
  const name = str(ref.name) ?? 'default';
  return kind === 'ClusterDataPlane' ? { kind, name } : { kind, name, namespace };
}
