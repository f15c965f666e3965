// What OpenChoreo's data-plane Helm chart makes of its values (contract §12): the Gateway `gateway-default` it
// installs, as install/helm/openchoreo-data-plane/templates/gateway/gateway.yaml renders it (openchoreo/openchoreo
// v1.2.3). gwtopo registers that Gateway with managed: false; the chart, not gwtopo, decides its listeners.
import type { Protocol } from './types.js';

/** The chart's own defaults for the values the Gateway template reads (values.yaml, the `gateway:` section). */
export const CHART_DEFAULTS = {
  gateway: {
    enabled: true,
    gatewayClassName: 'kgateway',
    httpPort: 80,
    httpsPort: 443,
    tls: { enabled: true, hostname: '*.openchoreoapis.invalid' },
    tlsPassthrough: { enabled: false, hostname: '*.openchoreoapis.invalid', port: 8443 },
  },
} as const;

export interface ChartListener {
  name: 'http' | 'https' | 'tls-passthrough';
  protocol: Protocol;
  port: number;
  hostname?: string;
  /** The values that decide this listener's port. */
  portKey: string;
}

/** A listener the template leaves out, and the value that leaves it out. */
interface ChartOmission {
  name: 'https' | 'tls-passthrough';
  protocol: Protocol;
  /** The value that is off, e.g. gateway.tls.enabled. */
  key: string;
}

export interface ChartGateway {
  /** gateway.enabled: false renders no Gateway at all. */
  enabled: boolean;
  className: string;
  listeners: ChartListener[];
  omitted: ChartOmission[];
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** A value at a dotted path of the merged values. */
export function valueAt(values: unknown, key: string): unknown {
  let node = values;
  for (const part of key.split('.')) {
    if (!isObject(node)) return undefined;
    node = node[part];
  }
  return node;
}

/** Helm's truthiness (`if`, `default`): false, 0, "", null, empty lists and maps are empty. */
function truthy(value: unknown): boolean {
  if (value === undefined || value === null || value === false || value === 0 || value === '') return false;
  if (Array.isArray(value)) return value.length > 0;
  if (isObject(value)) return Object.keys(value).length > 0;
  return true;
}

/** `{{ value | default fallback }}`: the value unless it is empty. */
function orDefault<T>(value: unknown, fallback: T): unknown {
  return truthy(value) ? value : fallback;
}

/** A port as the template prints it: numbers as they are, numeric strings as numbers. */
function port(value: unknown, fallback: number): number {
  const v = orDefault(value, fallback);
  return typeof v === 'number' ? v : typeof v === 'string' && /^[0-9]+$/.test(v) ? Number(v) : Number.NaN;
}

/** The Gateway the chart renders from `values` (already merged over CHART_DEFAULTS, as Helm does). */
export function chartGateway(values: unknown): ChartGateway {
  const at = (key: string): unknown => valueAt(values, key);
  const listeners: ChartListener[] = [{ name: 'http', protocol: 'HTTP', port: port(at('gateway.httpPort'), 80), portKey: 'gateway.httpPort' }];
  const omitted: ChartOmission[] = [];
  if (truthy(at('gateway.tls.enabled'))) {
    const hostname = at('gateway.tls.hostname');
    listeners.push({ name: 'https', protocol: 'HTTPS', port: port(at('gateway.httpsPort'), 443), portKey: 'gateway.httpsPort', ...(truthy(hostname) ? { hostname: String(hostname) } : {}) });
  } else omitted.push({ name: 'https', protocol: 'HTTPS', key: 'gateway.tls.enabled' });
  if (truthy(at('gateway.tlsPassthrough.enabled'))) {
    const hostname = at('gateway.tlsPassthrough.hostname');
    listeners.push({
      name: 'tls-passthrough',
      protocol: 'TLS',
      port: port(at('gateway.tlsPassthrough.port'), 8443),
      portKey: 'gateway.tlsPassthrough.port',
      ...(truthy(hostname) ? { hostname: String(hostname) } : {}),
    });
  } else omitted.push({ name: 'tls-passthrough', protocol: 'TLS', key: 'gateway.tlsPassthrough.enabled' });
  return { enabled: truthy(at('gateway.enabled')), className: String(orDefault(at('gateway.gatewayClassName'), 'kgateway')), listeners, omitted };
}

/**
 * Values files merged in order, as `helm -f a.yaml -f b.yaml` merges them over the chart's values: maps merge key
 * by key, anything else replaces, and null deletes the key (the chart's default for it is gone too).
 */
export function mergeValues(base: unknown, over: unknown): unknown {
  if (!isObject(base) || !isObject(over)) return over;
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(over)) {
    if (value === null) delete out[key];
    else out[key] = mergeValues(key in out ? out[key] : {}, value);
  }
  return out;
}
