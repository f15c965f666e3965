import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Problem, RUN_FILE } from '../diagnostics/problem.js';
import { describeObject, type FleetIdentity, type Placer } from '../fleet/identity.js';
import { runPipeline } from '../pipeline/run.js';
import type { CommandOptions, InitReport } from '../report/types.js';
import { readChartValues } from '../repository/chart.js';
import { GITATTRIBUTES_FILE, GITATTRIBUTES_LINES, gitattributes, WORKFLOW_FILE, workflow } from '../scaffold/ci.js';
import { docUrl } from '../support/docs.js';
import { packageFile } from '../support/paths.js';
import { type ChartGateway, chartGateway } from '../topology/chart.js';
import { DEFAULTS, HELM_GATEWAY } from '../topology/defaults.js';
import { TOPOLOGIES_DIR, TOPOLOGY_FILE } from '../topology/layout.js';
import { moduleFor } from '../topology/modules/index.js';
import { serviceHost } from '../topology/modules/module.js';
import type { DataPlaneKind, DataPlaneRef, ModuleId, ProviderId } from '../topology/types.js';

function usage(file: string, rule: string, message: string, hint: string): Problem {
  return { severity: 'error', file, line: 1, col: 1, path: '', rule, message, hint };
}

/** schemas/topology.schema.json of this gwtopo installation. */
const SCHEMA = fileURLToPath(packageFile('schemas/topology.schema.json'));

/**
 * The schema modeline's path, from the topology's folder: to this installation's schema when it lies in
 * the repository (node_modules/gwtopo/schemas/…, or schemas/ in gwtopo's own repository), else where a
 * development dependency puts it.
 */
export function schemaPathFrom(folder: string, root: string): string {
  const inRoot = relative(root, SCHEMA);
  const target = inRoot.startsWith('..') || isAbsolute(inRoot) ? join(root, 'node_modules', 'gwtopo', 'schemas', 'topology.schema.json') : SCHEMA;
  return relative(folder, target).split(sep).join('/');
}

/** The scaffold: valid as written, with commented examples that are valid when uncommented. */
/** The data-plane chart's values init --chart-values read: the files (relative to the root) and their Gateway. */
export interface ScaffoldChart {
  files: string[];
  gateway: ChartGateway;
}

/** gateway-default's listeners: the chart's (init --chart-values), or its usual HTTP listener. */
function chartListeners(chart: ScaffoldChart | undefined, k3d: boolean): string[] {
  const host = k3d ? '          host: openchoreoapis.localhost' : '          host: apis.example.com  # the DNS name clients use: replace it';
  if (chart === undefined) return ['        - protocol: HTTP', `          port: ${k3d ? 19080 : 80}`, host];
  return chart.gateway.listeners.flatMap((l) => [
    `        - protocol: ${l.protocol}  # ${l.name}, from ${l.portKey} in ${chart.files.join(', ')} (or the chart's default)`,
    `          port: ${l.port}`,
    host,
  ]);
}

export function scaffold(cluster: string, provider: ProviderId, module: ModuleId, dataPlane: DataPlaneRef, schemaPath = '../../schemas/topology.schema.json', chart?: ScaffoldChart): string {
  const k3d = provider === 'k3d';
  const m = moduleFor(module);
  // Modules whose Service name gwtopo cannot know need a host even for an in-cluster gateway.
  const defaultInternalHost = serviceHost(m, 'gateway-internal', m.defaultGatewayClass, { gateway: DEFAULTS.gatewayNamespace, envoyGateway: DEFAULTS.envoyGatewayNamespace }, true);
  const internalHost = m.defaultServiceType === undefined || defaultInternalHost === undefined;
  const cilium = m.expresses.type === 'gateway-class';
  const lines = [
    `# yaml-language-server: $schema=${schemaPath}`,
    '#',
    `# The API gateways of data-plane cluster ${cluster}. Edit it, then run gwtopo generate.`,
    `# Reference: ${docUrl('topology.md')} and the schema named on the first line.`,
    'apiVersion: gwtopo/v1alpha1',
    'kind: GatewayTopology',
    'metadata:',
    `  name: ${cluster}`,
    'spec:',
    `  module: ${module}`,
    `  provider: ${provider}`,
    ...(chart === undefined
      ? []
      : ["  # The data-plane chart's values this cluster is installed with: gateway-default's listeners are checked against them.", '  chart:', `    values: [${chart.files.join(', ')}]`]),
    '  # What this cluster registers as on the OpenChoreo control plane. Every cluster of the fleet is a data',
    '  # plane of its own, and each Environment below is served (has gateways registered) by one cluster only.',
    '  dataPlane:',
    `    kind: ${dataPlane.kind}`,
    `    name: ${dataPlane.name}`,
    '  environments:',
    '    - name: development',
    '    - name: production',
    '  gateways:',
    "    # The shared gateway OpenChoreo's Helm chart installs: gwtopo registers it on the DataPlane",
    '    # and leaves the Gateway itself to Helm.',
    '    - name: gateway-default',
    '      direction: ingress',
    '      networking: external',
    '      scope: dataplane',
    '      managed: false',
    '      listeners:',
    ...chartListeners(chart, k3d),
    internalHost ? '    # An internal gateway, reachable only inside the cluster:' : `    # An internal gateway, reachable only inside the cluster (its host defaults to ${defaultInternalHost}):`,
    '    # - name: gateway-internal',
    '    #   direction: ingress',
    '    #   networking: internal',
    '    #   scope: dataplane',
    ...(cilium ? ['    #   service:', '    #     type: LoadBalancer  # Cilium has no ClusterIP gateways; the provider makes the load balancer private'] : []),
    ...(cilium && provider === 'generic'
      ? ["    #     annotations:  # provider generic adds none: use your cloud's internal load-balancer annotation", '    #       service.beta.kubernetes.io/aws-load-balancer-internal: "true"']
      : []),
    '    #   listeners:',
    '    #     - protocol: HTTP',
    '    #       port: 9080',
    ...(internalHost || cilium ? ['    #       host: gateway-internal.example.internal'] : []),
    '    # A gateway dedicated to the production environment, terminating TLS:',
    '    # - name: gateway-production',
    '    #   direction: ingress',
    '    #   networking: external',
    '    #   scope: environment',
    '    #   environment: production',
    '    #   listeners:',
    '    #     - protocol: HTTPS',
    `    #       port: ${k3d ? 19443 : 443}`,
    '    #       host: api.example.com',
    '    #       tls:',
    '    #         certificateRefs:',
    '    #           - name: production-tls',
  ];
  return `${lines.join('\n')}\n`;
}

/** The topologies that are registered as this data plane (declared or defaulted). */
function holders(identities: readonly FleetIdentity[], d: DataPlaneRef): FleetIdentity[] {
  return identities.filter((i) => i.dataPlane !== undefined && i.dataPlane.kind === d.kind && i.dataPlane.namespace === d.namespace && i.dataPlane.name === d.name);
}

function heldBy(identities: readonly FleetIdentity[], d: DataPlaneRef, place: Placer): string {
  return holders(identities, d)
    .map((i) => `${i.cluster} (${i.dataPlane!.at.file}:${place(i.dataPlane!.at).line})`)
    .join(', ');
}

/** Writes a file that does not exist yet; false when one does (it is left alone). */
function writeNew(root: string, file: string, content: string): boolean {
  const path = join(root, file);
  if (existsSync(path)) return false;
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, content, { flag: 'wx' });
  return true;
}

/**
 * `gwtopo init CLUSTER [--provider P] [--module M] [--data-plane-kind K] [--data-plane-name N] [--chart-values FILE] [--with-ci]`:
 * scaffold a topology (and, with --with-ci, .gitattributes and the GitHub workflow); never overwrites, and
 * never registers a data plane another topology already is: the data plane is `default` while no topology is
 * registered as it, else named after the cluster (and init says so). Option values are checked by cli/args.ts.
 */
export async function init(opts: CommandOptions): Promise<InitReport> {
  const cluster = opts.cluster!;
  const file = `${TOPOLOGIES_DIR}/${cluster}/${TOPOLOGY_FILE}`;
  const kind = (opts.dataPlaneKind ?? DEFAULTS.dataPlaneKind) as DataPlaneKind;
  const namespaced = (name: string): DataPlaneRef => ({ kind, ...(kind === 'DataPlane' ? { namespace: DEFAULTS.dataPlaneNamespace } : {}), name });
  const report: InitReport = {
    command: 'init',
    outcome: 'invalid',
    clusters: [cluster],
    problems: [],
    accepted: [],
    file,
    written: [],
    leftAlone: [],
    dataPlane: namespaced(opts.dataPlaneName ?? DEFAULTS.dataPlaneName),
  };
  const provider = (opts.provider ?? DEFAULTS.provider) as ProviderId;
  const module = (opts.module ?? DEFAULTS.module) as ModuleId;
  const path = join(opts.root, file);
  if (existsSync(path) || existsSync(join(opts.root, TOPOLOGIES_DIR, cluster, 'topology.yml'))) {
    report.problems.push(usage(file, 'topology-exists', 'exists already; gwtopo init never overwrites a topology', 'edit the file, or delete it first'));
    return report;
  }
  // Every topology's data plane, read the cheap way the fleet stage reads unselected clusters.
  const { identities: fleet, place } = await runPipeline(opts.root, { clusters: [] }, {});
  if (opts.dataPlaneName !== undefined) {
    if (holders(fleet, report.dataPlane).length > 0) {
      report.problems.push(
        usage(
          RUN_FILE,
          'registration-conflict',
          `--data-plane-name ${opts.dataPlaneName}: ${describeObject(report.dataPlane)} is registered by ${heldBy(fleet, report.dataPlane, place)} already`,
          'every cluster is a data plane of its own on the control plane: choose another name',
        ),
      );
      return report;
    }
  } else if (holders(fleet, report.dataPlane).length > 0) {
    const taken = report.dataPlane;
    report.dataPlane = namespaced(cluster);
    if (holders(fleet, report.dataPlane).length > 0) {
      report.problems.push(
        usage(
          RUN_FILE,
          'registration-conflict',
          `${describeObject(taken)} and ${describeObject(report.dataPlane)} are registered by ${heldBy(fleet, taken, place)} and ${heldBy(fleet, report.dataPlane, place)} already`,
          'choose a data plane name of its own: --data-plane-name NAME',
        ),
      );
      return report;
    }
    report.note = `${describeObject(taken)} is registered by ${heldBy(fleet, taken, place)}: ${cluster} registers as ${describeObject(report.dataPlane)}`;
  }
  let chart: ScaffoldChart | undefined;
  if (opts.chartValues !== undefined) {
    const shown = opts.chartValues.map((f) => relative(opts.root, f).split(sep).join('/'));
    const outside = opts.chartValues.find((_, i) => shown[i]!.startsWith('..') || isAbsolute(shown[i]!));
    const read = outside === undefined ? readChartValues(opts.root, shown) : undefined;
    if (read === undefined || !read.ok) {
      const message = read === undefined ? `${outside} is outside the repository` : read.message;
      report.problems.push(
        usage(
          RUN_FILE,
          'chart-values',
          `--chart-values: ${message}`,
          'name values files inside the repository: the topology names them relative to the repository root, so every clone reads the same',
        ),
      );
      return report;
    }
    const gateway = chartGateway(read.chart.values);
    if (!gateway.enabled) {
      const turns = `${shown.join(', ')} turn${shown.length === 1 ? 's' : ''}`;
      report.problems.push(
        usage(
          RUN_FILE,
          'chart-values',
          `--chart-values: ${turns} the chart's Gateway off (gateway.enabled: false): there is no ${HELM_GATEWAY} to register`,
          'run gwtopo init without --chart-values, and declare the gateways this cluster has',
        ),
      );
      return report;
    }
    chart = { files: shown, gateway };
  }
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, scaffold(cluster, provider, module, report.dataPlane, schemaPathFrom(dirname(path), opts.root), chart), { flag: 'wx' });
  report.written.push(file);
  if (opts.withCi === true) {
    for (const [ciFile, content, note] of [
      [GITATTRIBUTES_FILE, gitattributes(), `make sure it holds: ${GITATTRIBUTES_LINES.join('; ')}`],
      [WORKFLOW_FILE, workflow(), 'compare it with node_modules/gwtopo/.github/workflows/gwtopo.yml'],
    ] as const) {
      if (writeNew(opts.root, ciFile, content)) report.written.push(ciFile);
      else report.leftAlone.push({ file: ciFile, note });
    }
  }
  return { ...report, outcome: 'ok' };
}
