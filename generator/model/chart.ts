// The Helm-owned gateway against the chart's values (contract §12): the topology registers gateway-default with
// managed: false and says which listeners it has; OpenChoreo's data-plane chart, with the cluster's values, decides
// which listeners it really has (topology/chart.ts). A registered listener the chart does not open would send
// OpenChoreo's URLs to nothing; one the chart opens and the registration leaves out goes unused; on k3d the chart's
// Gateway binds its ports on the nodes like any LoadBalancer gateway.
import type { Reporter } from '../diagnostics/position.js';
import type { ChartValues } from '../repository/chart.js';
import { type ChartGateway, type ChartListener, chartGateway } from '../topology/chart.js';
import { DEFAULTS, HELM_GATEWAY } from '../topology/defaults.js';
import type { ClusterModel, GatewayModel } from '../topology/types.js';

const q = (s: string): string => JSON.stringify(s);

/** "values a.yaml, b.yaml" or "its default values". */
function valuesNamed(chart: ChartValues): string {
  return chart.files.length === 0 ? "the chart's default values" : `values ${chart.files.join(', ')}`;
}

/** Where a value comes from: "gateway.httpsPort: 19443 in a.yaml" or "gateway.httpsPort, the chart's default 443". */
function source(chart: ChartValues, key: string, shown: unknown): string {
  const file = chart.setBy(key);
  return file === undefined ? `${key}, the chart's default ${JSON.stringify(shown)}` : `${key}: ${JSON.stringify(shown)} in ${file}`;
}

function describe(l: { name: string; protocol: string; port: number }): string {
  return `${q(l.name)} (${l.protocol} on port ${l.port})`;
}

/** The registered gateway-default's listeners against the chart's. */
function checkRegistration(g: GatewayModel, gateway: ChartGateway, chart: ChartValues, r: Reporter): void {
  const values = valuesNamed(chart);
  if (!gateway.enabled) {
    r.error(
      'chart-mismatch',
      [...g.path, 'name'],
      `${HELM_GATEWAY} is registered, but OpenChoreo's data-plane chart with ${values} installs no Gateway (${source(chart, 'gateway.enabled', false)}): the registration would point at nothing`,
      {
        hint: `remove the ${HELM_GATEWAY} gateway from this topology, or set gateway.enabled: true in the chart's values`,
      },
    );
    return;
  }
  for (const l of g.listeners) {
    const same = gateway.listeners.find((c) => c.name === l.name && c.protocol === l.protocol);
    if (same !== undefined && same.port === l.port) continue;
    const omitted = gateway.omitted.find((o) => o.name === l.name && o.protocol === l.protocol);
    const why =
      same !== undefined
        ? `the chart opens ${q(same.name)} on port ${same.port} (${source(chart, same.portKey, same.port)})`
        : omitted !== undefined
          ? `the chart opens no ${q(omitted.name)} listener (${source(chart, omitted.key, false)})`
          : `the chart opens only ${gateway.listeners.map(describe).join(', ')}`;
    r.error(
      'chart-mismatch',
      [...l.path, same !== undefined ? 'port' : 'protocol'],
      `${HELM_GATEWAY} registers listener ${describe(l)}, but OpenChoreo's data-plane chart with ${values} does not open it: ${why}; OpenChoreo's URLs through it would lead nowhere`,
      {
        hint:
          same !== undefined
            ? `set port: ${same.port} here, or ${same.portKey}: ${l.port} in the chart's values`
            : omitted !== undefined
              ? `remove this listener, or set ${omitted.key}: true in the chart's values`
              : 'register only the listeners the chart opens',
      },
    );
  }
  for (const c of gateway.listeners) {
    if (g.listeners.some((l) => l.name === c.name && l.protocol === c.protocol)) continue;
    r.warning(
      'chart-listener-unregistered',
      [...g.path, 'listeners'],
      `OpenChoreo's data-plane chart with ${values} opens listener ${describe(c)} on ${HELM_GATEWAY}, which this registration leaves out: OpenChoreo will not route through it`,
      {
        anchor: 'key',
        hint: `register it: {protocol: ${c.protocol}, port: ${c.port}${c.protocol === 'HTTP' ? '' : ', host: …'}}, or turn it off in the chart's values`,
      },
    );
  }
}

/**
 * On k3d the chart's Gateway is a LoadBalancer like any other: a managed LoadBalancer gateway on one of its ports
 * conflicts with it. A port the topology's own gateway-default registers is the k3d-port-conflict rule's already.
 */
function checkK3dPorts(model: ClusterModel, gateway: ChartGateway, registered: GatewayModel | undefined, chart: ChartValues, r: Reporter): void {
  const taken = new Map<number, ChartListener>();
  for (const c of gateway.listeners) if (!registered?.listeners.some((l) => l.port === c.port)) taken.set(c.port, c);
  for (const g of model.gateways) {
    if (!g.managed || g.service.type !== 'LoadBalancer') continue;
    for (const l of g.listeners) {
      const c = taken.get(l.port);
      if (c === undefined) continue;
      r.error(
        'k3d-port-conflict',
        [...l.path, 'port'],
        `OpenChoreo's data-plane chart's Gateway ${HELM_GATEWAY} listens on port ${l.port} (${source(chart, c.portKey, c.port)}) and gateway ${q(g.name)} does too; k3s's service load balancer binds each LoadBalancer port on the nodes once`,
        { hint: `give this listener another port, or move the chart's listener (${c.portKey} in its values)` },
      );
    }
  }
}

/** The checks of a cluster whose chart values are known. */
export function checkChart(model: ClusterModel, chart: ChartValues, r: Reporter): void {
  const gateway = chartGateway(chart.values);
  const registered = model.gatewayNamespace === DEFAULTS.gatewayNamespace ? model.gateways.find((g) => g.name === HELM_GATEWAY && !g.managed) : undefined;
  if (registered !== undefined) checkRegistration(registered, gateway, chart, r);
  if (model.provider === 'k3d' && gateway.enabled) checkK3dPorts(model, gateway, registered, chart, r);
}
