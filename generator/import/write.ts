// The text of an imported topology: the fields that differ from the defaults, each gateway under comments that say
// where it came from, gateways registered nowhere commented out. Pure.
import { scalar } from '../serialize/yaml.js';
import { DEFAULTS, defaultServiceType } from '../topology/defaults.js';
import type { ImportedGateway, ImportedListener, ImportedTopology } from './import.js';

function map(key: string, values: Readonly<Record<string, string>>, indent: string): string[] {
  const keys = Object.keys(values).sort();
  if (keys.length === 0) return [];
  return [`${indent}${key}:`, ...keys.map((k) => `${indent}  ${scalar(k)}: ${scalar(values[k]!)}`)];
}

function listener(l: ImportedListener): string[] {
  const fields: string[] = [];
  if (l.name !== undefined) fields.push(`name: ${scalar(l.name)}`);
  fields.push(`protocol: ${l.protocol}`, `port: ${l.port}`);
  if (l.advertisedPort !== undefined) fields.push(`advertisedPort: ${l.advertisedPort}`);
  if (l.host !== undefined) fields.push(`host: ${scalar(l.host)}`);
  if (l.hostname !== undefined) fields.push(`hostname: ${scalar(l.hostname)}`);
  if (l.allowedRoutes !== undefined) fields.push(`allowedRoutes: ${l.allowedRoutes}`);
  if (l.tls !== undefined) {
    fields.push('tls:');
    if (l.tls.mode !== undefined) fields.push(`  mode: ${l.tls.mode}`);
    if (l.tls.certificateRefs !== undefined) {
      fields.push('  certificateRefs:');
      for (const c of l.tls.certificateRefs) {
        fields.push(`    - name: ${scalar(c.name)}`);
        if (c.namespace !== undefined) fields.push(`      namespace: ${scalar(c.namespace)}`);
      }
    }
  }
  return fields.map((f, i) => `${i === 0 ? '- ' : '  '}${f}`);
}

function gateway(g: ImportedGateway, module: string): string[] {
  const lines = [`- name: ${scalar(g.name)}`, `  direction: ${g.direction}`, `  networking: ${g.networking}`, `  scope: ${g.scope}`];
  if (g.environment !== undefined) lines.push(`  environment: ${scalar(g.environment)}`);
  if (g.module !== module) lines.push(`  module: ${g.module}`);
  if (!g.managed) lines.push('  managed: false');
  if (g.managed && !g.websocket) lines.push('  websocket: false');
  if (g.gatewayClassName !== undefined) lines.push(`  gatewayClassName: ${scalar(g.gatewayClassName)}`);
  if (g.parametersName !== undefined) lines.push(`  parametersName: ${scalar(g.parametersName)}`);
  if (g.managed) {
    const service: string[] = [];
    if (g.service.type !== undefined && g.service.type !== defaultServiceType(g.networking)) service.push(`    type: ${g.service.type}`);
    service.push(...map('annotations', g.service.annotations, '    '), ...map('labels', g.service.labels, '    '));
    if (service.length > 0) lines.push('  service:', ...service);
  }
  lines.push('  listeners:', ...g.listeners.flatMap(listener).map((l) => `    ${l}`));
  return lines;
}

/** The topology.yaml of an import; `schemaPath` is the modeline's path to the schema, `inputs` the capture's files. */
export function topologyText(t: ImportedTopology, schemaPath: string, inputs: readonly string[]): string {
  const lines = [
    `# yaml-language-server: $schema=${schemaPath}`,
    '#',
    '# Imported by gwtopo import from:',
    ...inputs.map((i) => `#   ${i}`),
    '# Review it, then run gwtopo generate and gwtopo diff --live before the first sync (docs/adoption.md).',
    'apiVersion: gwtopo/v1alpha1',
    'kind: GatewayTopology',
    'metadata:',
    `  name: ${t.cluster}`,
    'spec:',
  ];
  if (t.module !== DEFAULTS.module) lines.push(`  module: ${t.module}`);
  lines.push(`  provider: ${t.provider}  # ${t.providerFrom}`);
  if (t.gatewayNamespace !== DEFAULTS.gatewayNamespace) lines.push(`  gatewayNamespace: ${scalar(t.gatewayNamespace)}`);
  lines.push(`  # ${t.dataPlaneFrom}`, '  dataPlane:', `    kind: ${t.dataPlane.kind}`, `    name: ${scalar(t.dataPlane.name)}`);
  if (t.dataPlane.namespace !== undefined && t.dataPlane.namespace !== DEFAULTS.dataPlaneNamespace) lines.push(`    namespace: ${scalar(t.dataPlane.namespace)}`);
  if (t.environments.length > 0) {
    lines.push('  environments:');
    for (const e of t.environments) {
      lines.push(`    # ${e.from}`, `    - name: ${scalar(e.name)}`);
      if (e.namespace !== DEFAULTS.environmentNamespace) lines.push(`      namespace: ${scalar(e.namespace)}`);
    }
  }
  const registered = t.gateways.filter((g) => g.registered);
  lines.push(registered.length === 0 ? '  gateways: []' : '  gateways:');
  for (const g of t.gateways) {
    lines.push(...g.comments.map((c) => `    # ${c}`));
    const body = gateway(g, t.module).map((l) => `    ${l}`);
    lines.push(...(g.registered ? body : body.map((l) => `    # ${l.slice(4)}`)));
  }
  return `${lines.join('\n')}\n`;
}
