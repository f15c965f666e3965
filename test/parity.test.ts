// OpenChoreo runtime parity (TOPOLOGY.md §10): what OpenChoreo's controllers and chart do with the output
// decides defaults, extra objects and warnings. Topologies are validated, modelled and rendered in memory;
// the CLI failing cases of the new rules are in validation.test.ts, the rendered files in the golden case
// runtime-parity.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { formatProblem, sortProblems } from '../generator/diagnostics/problem.js';
import { clusterNotes } from '../generator/diff/impact.js';
import { parseTopology } from '../generator/parse/parse.js';
import { type Validated, validateTopology } from '../generator/pipeline/cluster.js';
import { renderCluster } from '../generator/render/index.js';
import { k3dPortCommands } from '../generator/render/k3d.js';
import type { BaseRead } from '../generator/repository/base.js';
import { defaultListenerName } from '../generator/topology/defaults.js';
import type { Resource } from '../generator/topology/resource.js';
import type { ClusterModel } from '../generator/topology/types.js';

const HEAD = 'apiVersion: gwtopo/v1alpha1\nkind: GatewayTopology\nmetadata:\n  name: c\nspec:\n';
const text = (body: string): string => `${HEAD}${body.replace(/^(?=.)/gm, '  ')}`;

function validated(body: string, base?: BaseRead): Validated {
  const r = parseTopology({ cluster: 'c', file: 't.yaml' }, text(body));
  assert.ok(r.ok, JSON.stringify(r.problems));
  return validateTopology(r.topology, base === undefined ? {} : { base });
}

/** `line:col: severity: path: message` and hint lines of one rule's problems. */
function only(rule: string, body: string, base?: BaseRead): string[] {
  return sortProblems(validated(body, base).problems.filter((p) => p.rule === rule)).flatMap((p) =>
    formatProblem(p)
      .replace(/^t\.yaml:/, '')
      .split('\n'),
  );
}

/** The model of a valid topology (warnings allowed). */
function modelOf(body: string, base?: BaseRead): ClusterModel {
  const v = validated(body, base);
  assert.ok(v.model, v.problems.map((p) => formatProblem(p)).join('\n'));
  return v.model;
}

/** `line:col` of the nth occurrence of `needle` in the document of `body`. */
function at(body: string, needle: string, nth = 0): string {
  const doc = text(body);
  let offset = -1;
  for (let i = 0; i <= nth; i++) {
    offset = doc.indexOf(needle, offset + 1);
    assert.ok(offset >= 0, `${needle} #${nth} not in\n${doc}`);
  }
  const before = doc.slice(0, offset).split('\n');
  return `${before.length}:${before.at(-1)!.length + 1}`;
}

const gws = (...lines: string[]): string => `gateways:\n${lines.map((l) => `  - {${l}}\n`).join('')}`;

/** The rendered object of that kind and name. */
function rendered(model: ClusterModel, kind: string, name: string): Resource & { spec: any } {
  const found = renderCluster(model).find((p) => p.resource.kind === kind && p.resource.metadata.name === name);
  assert.ok(
    found,
    `no ${kind} ${name} in ${renderCluster(model)
      .map((p) => `${p.resource.kind}/${p.resource.metadata.name}`)
      .join(', ')}`,
  );
  return found.resource as Resource & { spec: any };
}

describe('default listener names', () => {
  test('TLS passthrough is tls-passthrough; a TLS listener that terminates, and every other protocol, the protocol in lower case', () => {
    assert.equal(defaultListenerName('TLS'), 'tls-passthrough');
    assert.equal(defaultListenerName('TLS', 'Passthrough'), 'tls-passthrough');
    assert.equal(defaultListenerName('TLS', 'Terminate'), 'tls');
    assert.equal(defaultListenerName('HTTPS'), 'https');
    assert.equal(defaultListenerName('HTTPS', 'Terminate'), 'https');
    assert.equal(defaultListenerName('HTTP'), 'http');
  });

  test('the slot registers the default name the Gateway listener has', () => {
    const m = modelOf(gws('name: g, direction: ingress, networking: external, scope: dataplane, listeners: [{protocol: TLS, port: 8443, host: db.example.com}]'));
    assert.equal(rendered(m, 'Gateway', 'g').spec.listeners[0].name, 'tls-passthrough');
    assert.equal(rendered(m, 'DataPlane', 'default').spec.gateway.ingress.external.tls.listenerName, 'tls-passthrough');
  });
});

describe('advertised ports', () => {
  const k3d = (listeners: string, rest = '', more = ''): string =>
    `provider: k3d\n${gws(`name: a, direction: ingress, networking: external, scope: dataplane${rest}, listeners: [${listeners}]`, ...(more === '' ? [] : [more]))}`;

  test('the slot registers the advertised port, the Gateway listens on port; the default is port', () => {
    const m = modelOf(k3d('{protocol: HTTP, port: 19080, advertisedPort: 29080, host: a.localhost}, {protocol: HTTPS, port: 19443, host: a.localhost, tls: {certificateRefs: [{name: s}]}}'));
    assert.deepEqual(
      rendered(m, 'Gateway', 'a').spec.listeners.map((l: { port: number }) => l.port),
      [19080, 19443],
    );
    const slots = rendered(m, 'DataPlane', 'default').spec.gateway.ingress.external;
    assert.deepEqual([slots.http.port, slots.https.port], [29080, 19443]);
  });

  test('k3d maps the advertised host port onto the listener port; 19080 and 19443 are mapped already', () => {
    const m = modelOf(
      k3d(
        '{protocol: HTTP, port: 19080, advertisedPort: 29080, host: a.localhost}, {protocol: HTTPS, port: 19443, host: a.localhost, tls: {certificateRefs: [{name: s}]}}',
        '',
        'name: b, direction: egress, networking: external, scope: dataplane, listeners: [{protocol: HTTP, port: 8080, advertisedPort: 18080, host: b.localhost}]',
      ),
    );
    assert.deepEqual(k3dPortCommands(m), ['k3d node edit k3d-openchoreo-serverlb --port-add 18080:8080/tcp', 'k3d node edit k3d-openchoreo-serverlb --port-add 29080:19080/tcp']);
    const mapped = modelOf(k3d('{protocol: HTTP, port: 80, advertisedPort: 19080, host: a.localhost}'));
    assert.deepEqual(k3dPortCommands(mapped), [], 'a host port k3d maps already gets no command (k3d-default-port warns)');
  });

  test('k3d-port-conflict: two LoadBalancer gateways share neither a listener port nor an advertised port', () => {
    const samePort = k3d(
      '{protocol: HTTP, port: 19080, advertisedPort: 29080, host: a.localhost}',
      '',
      'name: b, direction: egress, networking: external, scope: dataplane, listeners: [{protocol: HTTP, port: 19080, advertisedPort: 29081, host: b.localhost}]',
    );
    assert.deepEqual(only('k3d-port-conflict', samePort), [
      `${at(samePort, '19080', 1)}: error: spec.gateways[1].listeners[0].port: LoadBalancer gateways "a" and "b" both listen on port 19080; k3s's service load balancer binds each LoadBalancer port on the nodes once [k3d-port-conflict]`,
      '  hint: give one of them another port (gateway "a" is on line 8)',
    ]);
    const sameAdvertised = k3d(
      '{protocol: HTTP, port: 19080, advertisedPort: 29080, host: a.localhost}',
      '',
      'name: b, direction: egress, networking: external, scope: dataplane, listeners: [{protocol: HTTP, port: 19081, advertisedPort: 29080, host: b.localhost}]',
    );
    assert.deepEqual(only('k3d-port-conflict', sameAdvertised), [
      `${at(sameAdvertised, '29080', 1)}: error: spec.gateways[1].listeners[0].advertisedPort: LoadBalancer gateways "a" and "b" are both advertised on port 29080; k3d's load balancer forwards each host port to one gateway [k3d-port-conflict]`,
      '  hint: give one of them another advertisedPort (gateway "a" is on line 8)',
    ]);
    // An advertised port equal to another gateway's listener port (not advertised elsewhere) is a host port of its own.
    const crossed = k3d(
      '{protocol: HTTP, port: 19081, advertisedPort: 29081, host: a.localhost}',
      '',
      'name: b, direction: egress, networking: external, scope: dataplane, listeners: [{protocol: HTTP, port: 29081, advertisedPort: 39081, host: b.localhost}]',
    );
    assert.deepEqual(only('k3d-port-conflict', crossed), []);
    const defaulted = k3d(
      '{protocol: HTTP, port: 8080, advertisedPort: 29080, host: a.localhost}',
      '',
      'name: b, direction: egress, networking: external, scope: dataplane, listeners: [{protocol: HTTP, port: 29080, host: b.localhost}]',
    );
    assert.deepEqual(only('k3d-port-conflict', defaulted), [
      `${at(defaulted, '29080', 1)}: error: spec.gateways[1].listeners[0].port: LoadBalancer gateways "a" and "b" are both advertised on port 29080; k3d's load balancer forwards each host port to one gateway [k3d-port-conflict]`,
      '  hint: give one of them another advertisedPort (gateway "a" is on line 8)',
    ]);
  });

  test('k3d-default-port: a listener advertised on 19080 or 19443 must listen there', () => {
    const body = k3d('{protocol: HTTP, port: 18080, advertisedPort: 19080, host: a.localhost}');
    assert.deepEqual(only('k3d-default-port', body), [
      `${at(body, '19080')}: warning: spec.gateways[0].listeners[0].advertisedPort: OpenChoreo's k3d setup maps host port 19080 to port 19080 of the load balancer, but this listener listens on 18080: clients on 19080 would not reach it [k3d-default-port]`,
      '  hint: listen on port 19080, or advertise a port k3d does not map yet (gwtopo then prints the k3d node edit command that maps it to 18080)',
    ]);
    assert.deepEqual(only('k3d-default-port', k3d('{protocol: HTTP, port: 19080, advertisedPort: 19080, host: a.localhost}')), []);
    assert.deepEqual(only('k3d-default-port', k3d('{protocol: HTTP, port: 18080, advertisedPort: 19080, host: a.localhost}', ', service: {type: NodePort}')), [], 'not a LoadBalancer');
    assert.deepEqual(only('k3d-default-port', k3d('{protocol: HTTP, port: 18080, advertisedPort: 19080, host: a.localhost}').replace('provider: k3d', 'provider: aws')), [], 'not k3d');
  });

  test('advertised-port: one client port reaches one listener port of a gateway', () => {
    const body = gws(
      'name: g, direction: ingress, networking: external, scope: dataplane, listeners: [{protocol: HTTP, port: 8080, advertisedPort: 443, host: a.example.com}, {protocol: HTTPS, port: 8443, advertisedPort: 443, host: a.example.com, tls: {certificateRefs: [{name: s}]}}]',
    );
    assert.deepEqual(only('advertised-port', body), [
      `${at(body, '443, host: a.example.com, tls')}: error: spec.gateways[0].listeners[1].advertisedPort: clients of listener "https" of gateway "g" would use port 443, like those of listener "http" (line 7), which listens on port 8080; one client port reaches one listener port [advertised-port]`,
      '  hint: give the listeners different advertised ports, or let them listen on one port (HTTPS or TLS with different hostnames)',
    ]);
    const implicit = gws(
      'name: g, direction: ingress, networking: external, scope: dataplane, listeners: [{protocol: HTTP, port: 8080, advertisedPort: 443, host: a.example.com}, {protocol: HTTPS, port: 443, host: a.example.com, tls: {certificateRefs: [{name: s}]}}]',
    );
    assert.match(only('advertised-port', implicit)[0]!, /^7:\d+: error: spec\.gateways\[0\]\.listeners\[1\]\.port: clients of listener "https" of gateway "g" would use port 443/);
    const shared = gws(
      'name: g, direction: ingress, networking: external, scope: dataplane, listeners: [{protocol: TLS, port: 8443, advertisedPort: 443, host: b.example.com, hostname: b.example.com}, {protocol: HTTPS, port: 8443, advertisedPort: 443, host: a.example.com, hostname: a.example.com, tls: {certificateRefs: [{name: s}]}}]',
    );
    assert.deepEqual(only('advertised-port', shared), [], 'two listeners on one port may share the advertised port');
    const onOthersPort = gws(
      'name: g, direction: ingress, networking: external, scope: dataplane, listeners: [{protocol: HTTP, port: 80, advertisedPort: 8080, host: a.example.com}, {protocol: HTTPS, port: 8080, host: a.example.com, tls: {certificateRefs: [{name: s}]}}]',
    );
    assert.deepEqual(only('advertised-port', onOthersPort), [
      `${at(onOthersPort, '8080', 1)}: error: spec.gateways[0].listeners[1].port: clients of listener "https" of gateway "g" would use port 8080, like those of listener "http" (line 7), which listens on port 80; one client port reaches one listener port [advertised-port]`,
      '  hint: give the listeners different advertised ports, or let them listen on one port (HTTPS or TLS with different hostnames)',
    ]);
  });

  test('advertised-port-clusterip: a ClusterIP Service is reached on the listener port (warning)', () => {
    const body = gws('name: g, direction: ingress, networking: internal, scope: dataplane, listeners: [{protocol: HTTP, port: 9080, advertisedPort: 80}]');
    assert.deepEqual(only('advertised-port-clusterip', body), [
      `${at(body, '80}')}: warning: spec.gateways[0].listeners[0].advertisedPort: gateway "g" has a ClusterIP Service, which in-cluster clients reach on the listener port 9080, not on the advertised port 80 [advertised-port-clusterip]`,
      '  hint: remove advertisedPort: it is for ports that something in front of the gateway maps (a NodePort, k3d or a load balancer that forwards another port)',
    ]);
    assert.deepEqual(
      only('advertised-port-clusterip', gws('name: g, direction: ingress, networking: internal, scope: dataplane, listeners: [{protocol: HTTP, port: 9080, advertisedPort: 9080}]')),
      [],
    );
    assert.deepEqual(
      only(
        'advertised-port-clusterip',
        gws(
          'name: g, direction: ingress, networking: internal, scope: dataplane, service: {type: NodePort}, listeners: [{protocol: HTTP, port: 9080, advertisedPort: 30080, host: nodes.example.internal}]',
        ),
      ),
      [],
      'a NodePort is what advertisedPort is for',
    );
  });
});

describe('complete Environment overrides', () => {
  const dp = (name: string, direction: string, networking: string, listener = '{protocol: HTTP, port: 80, host: x.example.com}') =>
    `name: ${name}, direction: ${direction}, networking: ${networking}, scope: dataplane, listeners: [${listener}]`;
  const env = (name: string, environment: string, direction: string, networking: string) =>
    `name: ${name}, direction: ${direction}, networking: ${networking}, scope: environment, environment: ${environment}, listeners: [{protocol: HTTP, port: 81, host: ${name}.example.com}]`;
  const envs = 'environments: [{name: prod}, {name: dev}]\n';
  const slotsOf = (m: ClusterModel, kind: string, name: string): Record<string, Record<string, string>> => {
    const spec = rendered(m, kind, name).spec.gateway as Record<string, Record<string, { name: string }>>;
    return Object.fromEntries(Object.entries(spec).map(([direction, byNetworking]) => [direction, Object.fromEntries(Object.entries(byNetworking).map(([n, e]) => [n, e.name]))]));
  };

  test("an Environment with an ingress gateway of its own carries the data plane's other ingress gateways, identically", () => {
    const m = modelOf(
      `${envs}${gws(dp('shared-ext', 'ingress', 'external'), dp('shared-int', 'ingress', 'internal', '{protocol: HTTP, port: 9080}'), dp('shared-egress', 'egress', 'internal', '{protocol: HTTP, port: 3128}'), env('prod-edge', 'prod', 'ingress', 'external'))}`,
    );
    assert.deepEqual(slotsOf(m, 'Environment', 'prod'), { ingress: { external: 'prod-edge', internal: 'shared-int' } }, 'egress is not copied');
    assert.deepEqual(rendered(m, 'Environment', 'prod').spec.gateway.ingress.internal, rendered(m, 'DataPlane', 'default').spec.gateway.ingress.internal);
  });

  test('nothing is copied onto an Environment with only egress gateways, or one that overrides both ingress networkings', () => {
    const m = modelOf(
      `${envs}${gws(dp('shared-ext', 'ingress', 'external'), dp('shared-int', 'ingress', 'internal', '{protocol: HTTP, port: 9080}'), env('prod-out', 'prod', 'egress', 'internal'), env('dev-ext', 'dev', 'ingress', 'external'), env('dev-int', 'dev', 'ingress', 'internal'))}`,
    );
    assert.deepEqual(slotsOf(m, 'Environment', 'prod'), { egress: { internal: 'prod-out' } });
    assert.deepEqual(slotsOf(m, 'Environment', 'dev'), { ingress: { external: 'dev-ext', internal: 'dev-int' } });
  });

  test('an unmanaged data-plane gateway is copied like a managed one (it is registered)', () => {
    const m = modelOf(`${envs}${gws(`${dp('gateway-default', 'ingress', 'external')}, managed: false`, env('prod-int', 'prod', 'ingress', 'internal'))}`);
    assert.deepEqual(slotsOf(m, 'Environment', 'prod'), { ingress: { external: 'gateway-default', internal: 'prod-int' } });
    assert.deepEqual(only('environment-override', `${envs}${gws(`${dp('gateway-default', 'ingress', 'external')}, managed: false`, env('prod-int', 'prod', 'ingress', 'internal'))}`), []);
  });

  test("environment-override: without any data-plane gateway the data plane's slots are unknown", () => {
    const body = `${envs}${gws(env('prod-edge', 'prod', 'ingress', 'external'), env('dev-out', 'dev', 'egress', 'external'))}`;
    assert.deepEqual(only('environment-override', body), [
      `${at(body, 'prod, listeners')}: warning: spec.gateways[0].environment: gateway "prod-edge" gives environment "prod" an ingress slot of its own, so OpenChoreo resolves its endpoint URLs from the Environment's spec.gateway alone; this topology registers no data-plane gateway, so gwtopo has no ingress internal gateway of the data plane to copy onto it: if the data plane has one, the internal, namespace and project endpoint URLs of prod will be missing [environment-override]`,
      "  hint: declare the data plane's gateways here (managed: false registers an existing one, such as the chart's gateway-default, without rendering it): gwtopo then copies them onto the Environment",
    ]);
    assert.deepEqual(
      only('environment-override', `${envs}${gws(dp('shared-out', 'egress', 'external'), env('prod-edge', 'prod', 'ingress', 'external'))}`),
      [],
      "a topology that registers data-plane gateways is the data plane's registrar",
    );
    const internal = `${envs}${gws(env('prod-int', 'prod', 'ingress', 'internal'))}`;
    assert.match(
      only('environment-override', internal)[0]!,
      /no ingress external gateway of the data plane to copy onto it: if the data plane has one, the external endpoint URLs of prod will be missing \[environment-override\]$/,
    );
  });

  test("environment-override: in patch mode the base shows the data plane's slots", () => {
    const patch = 'controlPlane: {mode: patch, base: base}\n';
    const object = (kind: string, name: string, namespace: string | undefined, gateway: Record<string, unknown> = {}) => ({
      kind,
      name,
      ...(namespace === undefined ? {} : { namespace }),
      object: { apiVersion: 'openchoreo.dev/v1alpha1', kind, metadata: { name, namespace }, spec: { gateway } },
    });
    const prod = object('Environment', 'prod', 'default');
    const withInternal: BaseRead = { ok: true, objects: [prod, object('DataPlane', 'default', 'default', { ingress: { internal: { name: 'hand-made' } } })] };
    const body = `${patch}${envs}${gws(env('prod-edge', 'prod', 'ingress', 'external'))}`;
    assert.deepEqual(only('environment-override', body, withInternal), [
      `${at(body, 'prod, listeners')}: warning: spec.gateways[0].environment: gateway "prod-edge" gives environment "prod" an ingress slot of its own, so OpenChoreo resolves its endpoint URLs from the Environment's spec.gateway alone; the base's DataPlane default registers gateway "hand-made" at spec.gateway.ingress.internal, which this topology does not declare and so does not copy: the internal, namespace and project endpoint URLs of prod will be missing [environment-override]`,
      '  hint: declare gateway "hand-made" here as a data-plane gateway (managed: false registers it without rendering it): gwtopo then copies it onto the Environment',
    ]);
    const empty: BaseRead = { ok: true, objects: [prod, object('DataPlane', 'default', 'default')] };
    assert.deepEqual(only('environment-override', body, empty), [], 'the base data plane registers nothing there');
    const elsewhere: BaseRead = { ok: true, objects: [prod] };
    assert.equal(only('environment-override', body, elsewhere).length, 2, 'a base without the data plane: unknown');
    const keeps: BaseRead = { ok: true, objects: [object('Environment', 'prod', 'default', { ingress: { internal: { name: 'kept' } } })] };
    assert.deepEqual(only('environment-override', body, keeps), [], "the base Environment's own ingress.internal survives the merge: the merged Environment is complete");
  });
});

describe('impact notes of the new fields', () => {
  const notes = (base: string, head: string) => clusterNotes(modelOf(base), modelOf(head)).map((n) => [n.kind, n.gateway ?? '', n.listener ?? n.environment ?? '', n.from ?? '', n.to ?? '']);
  const edge = (listeners: string, rest = '') => `name: edge, direction: ingress, networking: external, scope: dataplane${rest}, listeners: [${listeners}]`;

  test('websocket-disabled: only when a gateway that upgraded WebSockets stops doing so', () => {
    const on = gws(edge('{protocol: HTTP, port: 80, host: a.example.com}'));
    const off = gws(edge('{protocol: HTTP, port: 80, host: a.example.com}', ', websocket: false'));
    assert.deepEqual(notes(on, off), [['websocket-disabled', 'edge', '', '', '']]);
    assert.deepEqual(notes(off, on), [], 'turning it on breaks nothing');
    assert.deepEqual(
      notes(gws(edge('{protocol: HTTP, port: 80, host: a.example.com}', ', module: envoy-gateway')), off).map((n) => n[0]),
      ['gateway-recreated', 'websocket-disabled'],
      'envoy-gateway upgrades always; kgateway without the policy does not',
    );
  });

  test('advertised-port-changed and listener-port-changed: clients follow the advertised port', () => {
    const l = (port: number, advertised?: number) => `{protocol: HTTP, port: ${port}${advertised === undefined ? '' : `, advertisedPort: ${advertised}`}, host: a.example.com}`;
    assert.deepEqual(notes(gws(edge(l(80))), gws(edge(l(8080)))), [['listener-port-changed', 'edge', 'http', '80', '8080']], 'without advertised ports: one note, as before');
    assert.deepEqual(notes(gws(edge(l(80, 29080))), gws(edge(l(80, 39080)))), [['advertised-port-changed', 'edge', 'http', '29080', '39080']]);
    assert.deepEqual(notes(gws(edge(l(80))), gws(edge(l(80, 8080)))), [['advertised-port-changed', 'edge', 'http', '80', '8080']], 'registering another port than the listener one');
    assert.deepEqual(notes(gws(edge(l(80, 29080))), gws(edge(l(81, 29080)))), [['listener-port-changed', 'edge', 'http', '80', '81']]);
    const both = clusterNotes(modelOf(gws(edge(l(80, 29080)))), modelOf(gws(edge(l(81, 39080)))));
    assert.deepEqual(
      both.map((n) => n.kind),
      ['listener-port-changed', 'advertised-port-changed'],
    );
    assert.match(both[0]!.message, /listens on port 81 instead of 80, and clients use port 39080: whatever maps that port onto the listener must forward to 81 now$/);
    assert.match(both[1]!.message, /is registered with port 39080 instead of 29080: OpenChoreo publishes its endpoint URLs with the new port, and clients of port 29080 fail$/);
  });

  test('environment-copies: the data plane loses the gateway an Environment carried a copy of', () => {
    const envs = 'environments: [{name: prod}]\n';
    const prod = 'name: prod-edge, direction: ingress, networking: external, scope: environment, environment: prod, listeners: [{protocol: HTTP, port: 81, host: prod.example.com}]';
    const inner = 'name: inner, direction: ingress, networking: internal, scope: dataplane, listeners: [{protocol: HTTP, port: 9080}]';
    const out = 'name: out, direction: egress, networking: internal, scope: dataplane, listeners: [{protocol: HTTP, port: 3128}]';
    const got = clusterNotes(modelOf(`${envs}${gws(inner, out, prod)}`), modelOf(`${envs}${gws(out, prod)}`));
    assert.deepEqual(
      got.map((n) => [n.kind, n.gateway, n.environment, n.from, n.to]),
      [
        ['gateway-deleted', 'inner', undefined, undefined, undefined],
        ['environment-copies', 'inner', 'prod', 'inner', undefined],
      ],
    );
    assert.match(
      got[1]!.message,
      /^environment prod no longer carries a copy of the data plane's ingress\/internal gateway inner: it has an ingress slot of its own, so OpenChoreo publishes no internal, namespace and project endpoint URLs for it$/,
    );
    // Explained by other notes: the Environment overrides the slot itself, or has no ingress slot of its own any more.
    const own = 'name: prod-int, direction: ingress, networking: internal, scope: environment, environment: prod, listeners: [{protocol: HTTP, port: 82}]';
    const overridden = clusterNotes(modelOf(`${envs}${gws(inner, prod)}`), modelOf(`${envs}${gws(inner, prod, own)}`));
    assert.deepEqual(
      overridden.map((n) => n.kind),
      ['endpoints-moved'],
    );
    assert.match(overridden[0]!.message, /moves onto dedicated gateway prod-int for ingress\/internal \(instead of the data plane's shared gateway inner\)/, "the copy was the data plane's gateway");
    const prodOut = 'name: prod-out, direction: egress, networking: internal, scope: environment, environment: prod, listeners: [{protocol: HTTP, port: 83}]';
    assert.deepEqual(
      clusterNotes(modelOf(`${envs}${gws(inner, prod, prodOut)}`), modelOf(`${envs}${gws(inner, prodOut)}`)).map((n) => n.kind),
      ['gateway-deleted', 'dedicated-gateway-removed'],
    );
    assert.deepEqual(
      clusterNotes(modelOf(`${envs}${gws(inner, own, prod)}`), modelOf(`${envs}${gws(inner, prod)}`)).map((n) => n.kind),
      ['gateway-deleted', 'dedicated-gateway-removed'],
      'back on the data plane gateway: the removal note says so',
    );
  });
});

describe('Envoy Gateway Service names', () => {
  const internal = (rest = '') => `name: gateway-internal, direction: ingress, networking: internal, scope: dataplane${rest}, listeners: [{protocol: HTTP, port: 9080}]`;

  test("an internal ClusterIP gateway's host defaults to <gateway>.<spec.envoyGateway.namespace>; its EnvoyProxy names the Service", () => {
    const m = modelOf(`module: envoy-gateway\n${gws(internal())}`);
    assert.equal(m.gateways[0]!.listeners[0]!.host, 'gateway-internal.envoy-gateway-system');
    assert.equal(rendered(m, 'EnvoyProxy', 'gateway-internal-params').spec.provider.kubernetes.envoyService.name, 'gateway-internal');
    assert.equal(modelOf(`module: envoy-gateway\nenvoyGateway: {namespace: eg}\n${gws(internal())}`).gateways[0]!.listeners[0]!.host, 'gateway-internal.eg');
    assert.equal(modelOf(`envoyGateway: {namespace: eg}\n${gws(internal(', module: envoy-gateway'))}`).gateways[0]!.listeners[0]!.host, 'gateway-internal.eg', 'per-gateway module');
    assert.equal(
      modelOf(`envoyGateway: {namespace: eg}\n${gws(internal(', module: envoy-gateway'), internal(', module: kgateway').replace('gateway-internal', 'kg').replace('ingress', 'egress'))}`).gateways[1]!
        .listeners[0]!.host,
      'kg.openchoreo-data-plane',
      'kgateway: the gateway namespace',
    );
    // An unmanaged gateway's EnvoyProxy is not gwtopo's: its Service name is unknown, a host is required.
    assert.match(
      only('host-required', `module: envoy-gateway\n${gws(internal(', managed: false'))}`)[0]!,
      /: error: spec\.gateways\[0\]\.listeners\[0\]\.host: required for listener "http" of gateway "gateway-internal" \(internal, Service type ClusterIP\) \[host-required\]$/,
    );
  });

  test('envoy-gateway-settings: spec.envoyGateway without an envoy-gateway gateway is a warning', () => {
    const body = `envoyGateway: {namespace: eg}\n${gws(internal())}`;
    assert.deepEqual(only('envoy-gateway-settings', body), [
      `${at(body, 'envoyGateway')}: warning: spec.envoyGateway: has no effect: no gateway of this topology uses module envoy-gateway [envoy-gateway-settings]`,
      '  hint: remove spec.envoyGateway, or set module: envoy-gateway on the gateways it is meant for',
    ]);
    assert.deepEqual(only('envoy-gateway-settings', `envoyGateway: {namespace: eg}\n${gws(internal(', module: envoy-gateway'))}`), []);
    assert.deepEqual(only('envoy-gateway-settings', 'module: envoy-gateway\nenvoyGateway: {}\ngateways: []\n'), [], 'a cluster on envoy-gateway without gateways yet');
  });

  test("envoy-service-name: a gateway whose EnvoyProxy would name its Service like Envoy Gateway's controller Service", () => {
    const body = `module: envoy-gateway\n${gws(internal().replace('gateway-internal', 'envoy-gateway'))}`;
    assert.deepEqual(only('envoy-service-name', body), [
      `${at(body, 'envoy-gateway,')}: error: spec.gateways[0].name: an EnvoyProxy names gateway "envoy-gateway"'s Service after it, in namespace "envoy-gateway-system", where Envoy Gateway's own controller Service has that name [envoy-service-name]`,
      '  hint: rename the gateway',
    ]);
    const external = 'name: envoy-gateway, direction: ingress, networking: external, scope: dataplane, listeners: [{protocol: HTTP, port: 80, host: a.example.com}]';
    assert.deepEqual(only('envoy-service-name', `module: envoy-gateway\n${gws(external)}`), [], 'the default LoadBalancer gets no EnvoyProxy: its Service keeps the hashed name');
    assert.equal(
      only('envoy-service-name', `module: envoy-gateway\nprovider: gcp\n${gws(external.replace('external', 'internal').replace('scope', 'service: {type: LoadBalancer}, scope'))}`).length,
      2,
      "the provider preset's annotations make an EnvoyProxy",
    );
    assert.deepEqual(only('envoy-service-name', `module: envoy-gateway\n${gws(`${internal().replace('gateway-internal', 'envoy-gateway')}, managed: false`)}`), [], 'unmanaged');
    assert.deepEqual(only('envoy-service-name', gws(internal().replace('gateway-internal', 'envoy-gateway'))), [], 'kgateway');
  });
});

describe('helm-owned-gateway', () => {
  const gatewayDefault = (rest = '') => `name: gateway-default, direction: ingress, networking: external, scope: dataplane${rest}, listeners: [{protocol: HTTP, port: 80, host: a.example.com}]`;

  test("a managed gateway-default in the chart's namespace is a warning; unmanaged, or in another namespace, it is not", () => {
    const body = gws(gatewayDefault());
    assert.deepEqual(only('helm-owned-gateway', body), [
      `${at(body, 'gateway-default')}: warning: spec.gateways[0].name: OpenChoreo's data-plane Helm chart installs Gateway gateway-default in namespace openchoreo-data-plane: gwtopo would render a second owner of it, and the two would overwrite each other [helm-owned-gateway]`,
      "  hint: register the chart's Gateway with managed: false (configure it through the chart's gateway values), or give this gateway another name",
    ]);
    assert.deepEqual(only('helm-owned-gateway', gws(gatewayDefault(', managed: false'))), []);
    assert.deepEqual(only('helm-owned-gateway', `gatewayNamespace: gateways\n${gws(gatewayDefault())}`), []);
    assert.deepEqual(
      only('helm-owned-gateway', `gatewayNamespace: openchoreo-data-plane\n${gws(gatewayDefault(', module: envoy-gateway'))}`).length,
      2,
      'whatever the module: the chart installs it for any class',
    );
  });
});

describe('preset-overridden', () => {
  const lb = (networking: string, annotations: string, rest = '') =>
    `name: g, direction: ingress, networking: ${networking}, scope: dataplane, service: {type: LoadBalancer, annotations: {${annotations}}}${rest}, listeners: [{protocol: HTTP, port: 80, host: a.example.com}]`;
  const TYPE = 'service.beta.kubernetes.io/aws-load-balancer-type';

  test('an annotation that replaces a preset value names both values and what the controller then does', () => {
    const body = `provider: aws-lbc\n${gws(lb('external', `${TYPE}: nlb`))}`;
    assert.deepEqual(only('preset-overridden', body), [
      `${at(body, TYPE)}: warning: spec.gateways[0].service.annotations["${TYPE}"]: provider aws-lbc's preset sets ${TYPE}: "external" for an external load balancer, and this annotation replaces it with "nlb": the AWS Load Balancer Controller provisions only Services annotated external (or given its loadBalancerClass): with "nlb" the in-tree cloud controller takes the Service back and creates a different load balancer, a Network Load Balancer with instance targets, which ignores the controller's nlb-target-type and scheme annotations [preset-overridden]`,
      `  hint: remove the annotation to keep the preset's "external", or accept this warning if the replacement is intended`,
    ]);
  });

  test('what each replaced value makes the controller do', () => {
    const effect = (provider: string, networking: string, annotations: string): string => {
      const lines = only('preset-overridden', `provider: ${provider}\n${gws(lb(networking, annotations))}`);
      assert.equal(lines.length, 2, lines.join('\n'));
      return /, and this annotation replaces it with "[^"]*": (.*) \[preset-overridden\]$/.exec(lines[0]!)![1]!;
    };
    // An internal gateway handed to the in-tree controller without its internal annotation is lb-networking's error.
    assert.equal(only('lb-networking', `provider: aws-lbc\n${gws(lb('internal', `${TYPE}: nlb`))}`).length, 2);
    assert.deepEqual(only('preset-overridden', `provider: aws-lbc\n${gws(lb('internal', `${TYPE}: nlb`))}`), []);
    assert.match(
      effect('aws-lbc', 'internal', `${TYPE}: nlb, service.beta.kubernetes.io/aws-load-balancer-internal: "true"`),
      /a Network Load Balancer with instance targets, which ignores the controller's nlb-target-type and scheme annotations$/,
      'the in-tree controller reads that one',
    );
    assert.match(effect('aws-lbc', 'external', `${TYPE}: classic`), /a Classic Load Balancer, which ignores/);
    assert.match(effect('aws-lbc', 'external', `${TYPE}: nlb-ip`), /^nlb-ip is the AWS Load Balancer Controller's deprecated spelling of external with IP targets/);
    assert.match(effect('aws-lbc', 'external', 'service.beta.kubernetes.io/aws-load-balancer-nlb-target-type: instance'), /NodePorts instead of the pods' IPs/);
    assert.match(effect('aws-lbc', 'external', 'service.beta.kubernetes.io/aws-load-balancer-nlb-target-type: pods'), /accepts ip or instance: with "pods" it does not provision the load balancer$/);
    assert.match(effect('aws-lbc', 'internal', 'service.beta.kubernetes.io/aws-load-balancer-scheme: private'), /accepts internal or internet-facing: with "private"/);
    // GKE reads only its own annotation: External makes the load balancer external, whatever another cloud's says.
    assert.equal(only('lb-networking', `provider: gcp\n${gws(lb('internal', 'networking.gke.io/load-balancer-type: External'))}`).length, 2);
    assert.equal(
      only('lb-networking', `provider: gcp\n${gws(lb('internal', 'networking.gke.io/load-balancer-type: External, service.beta.kubernetes.io/azure-load-balancer-internal: "true"'))}`).length,
      2,
    );
    assert.match(effect('gcp', 'internal', 'networking.gke.io/load-balancer-type: internal'), /the cloud controller still reads it as a request for a private load balancer/);
  });

  test('nothing to say: the preset value itself, no preset for that key, a contradiction lb-networking refuses, no LoadBalancer, unmanaged', () => {
    const none = (provider: string, gateway: string): void => assert.deepEqual(only('preset-overridden', `provider: ${provider}\n${gws(gateway)}`), [], gateway);
    none('aws-lbc', lb('external', `${TYPE}: external`));
    none('aws-lbc', lb('external', 'service.beta.kubernetes.io/aws-load-balancer-cross-zone-load-balancing-enabled: "true"'));
    none('aws', lb('external', 'service.beta.kubernetes.io/aws-load-balancer-internal: "false"'));
    none('aws-lbc', lb('internal', 'service.beta.kubernetes.io/aws-load-balancer-scheme: internet-facing'));
    none('aws-lbc', lb('external', 'service.beta.kubernetes.io/aws-load-balancer-scheme: internal'));
    none('azure', lb('internal', 'service.beta.kubernetes.io/azure-load-balancer-internal: "false"'));
    none('aws-lbc', lb('external', `${TYPE}: nlb`).replace('type: LoadBalancer', 'type: NodePort'));
    none('aws-lbc', lb('external', `${TYPE}: nlb`, ', managed: false'));
    assert.deepEqual(only('lb-networking', `provider: aws-lbc\n${gws(lb('internal', 'service.beta.kubernetes.io/aws-load-balancer-scheme: internet-facing'))}`).length, 2, 'reported there');
  });
});
