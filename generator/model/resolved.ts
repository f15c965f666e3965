// The effective topology with every default filled in from the model: what `gwtopo show` prints, so that
// users see every value that applies, and which of them nobody wrote.
import type { FieldPath } from '../diagnostics/problem.js';
import { defaultListenerName } from '../topology/defaults.js';
import type { ClusterModel, Protocol, TlsMode } from '../topology/types.js';

type Raw = Record<string, unknown>;

const isMap = (v: unknown): v is Raw => typeof v === 'object' && v !== null && !Array.isArray(v);

export interface Resolved {
  /** A copy of the document with the defaults added (after the keys that were written). */
  document: Raw;
  /** The paths of the values gwtopo filled in. */
  defaulted: FieldPath[];
}

/** Adds `defaults` (key → value, undefined: no default) to `target` where a key is absent. */
function fill(target: Raw, at: FieldPath, defaults: Record<string, unknown>, defaulted: FieldPath[]): void {
  for (const [k, v] of Object.entries(defaults)) {
    if (k in target || v === undefined) continue;
    target[k] = v;
    defaulted.push([...at, k]);
  }
}

/** A map at `key` of `parent` (created when absent, so that its defaults have a place). */
function child(parent: Raw, key: string): Raw {
  const v = parent[key];
  if (isMap(v)) return v;
  const created: Raw = {};
  parent[key] = created;
  return created;
}

/** The document of a valid topology (as merged from its profiles) with the defaults its model applied. */
export function resolvedDocument(data: unknown, model: ClusterModel): Resolved {
  const document = structuredClone(data) as Raw;
  const defaulted: FieldPath[] = [];
  const spec = child(document, 'spec');
  const at: FieldPath = ['spec'];
  fill(spec, at, { module: model.module, provider: model.provider, gatewayNamespace: model.gatewayNamespace, destination: model.destination }, defaulted);
  fill(child(spec, 'dataPlane'), [...at, 'dataPlane'], { kind: model.dataPlane.kind, name: model.dataPlane.name, namespace: model.dataPlane.namespace }, defaulted);
  fill(child(spec, 'controlPlane'), [...at, 'controlPlane'], { mode: model.controlPlane.mode }, defaulted);
  if (model.k3d !== undefined) fill(child(spec, 'k3d'), [...at, 'k3d'], { clusterName: model.k3d.clusterName }, defaulted);
  const environments = Array.isArray(spec.environments) ? spec.environments : [];
  environments.forEach((e: unknown, i) => {
    const env = model.environments.find((m) => isMap(e) && m.name === e.name);
    if (isMap(e) && env !== undefined) fill(e, [...at, 'environments', i], { namespace: env.namespace }, defaulted);
  });
  const gateways = Array.isArray(spec.gateways) ? spec.gateways : [];
  gateways.forEach((g: unknown, i) => {
    const gateway = model.gateways.find((m) => isMap(g) && m.name === g.name);
    if (!isMap(g) || gateway === undefined) return;
    const gAt = [...at, 'gateways', i];
    fill(g, gAt, { module: gateway.module, managed: gateway.managed, gatewayClassName: gateway.managed ? gateway.gatewayClassName : undefined }, defaulted);
    if (gateway.managed && gateway.service.type !== undefined) fill(child(g, 'service'), [...gAt, 'service'], { type: gateway.service.type }, defaulted);
    const listeners = Array.isArray(g.listeners) ? g.listeners : [];
    listeners.forEach((l: unknown, j) => {
      if (!isMap(l)) return;
      // The name it renders with: a TLS listener's default name depends on its mode (tls or tls-passthrough).
      const mode = isMap(l.tls) ? (l.tls.mode as TlsMode | undefined) : undefined;
      const name = typeof l.name === 'string' ? l.name : defaultListenerName(l.protocol as Protocol, mode);
      const listener = gateway.listeners.find((m) => m.name === name);
      if (listener === undefined) return;
      const lAt = [...gAt, 'listeners', j];
      fill(l, lAt, { name: listener.name, host: listener.host, allowedRoutes: gateway.managed ? listener.allowedRoutes : undefined }, defaulted);
      if (gateway.managed && listener.tls !== undefined) fill(child(l, 'tls'), [...lAt, 'tls'], { mode: listener.tls.mode }, defaulted);
    });
  });
  return { document, defaulted };
}
