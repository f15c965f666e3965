// OpenChoreo runtime parity (TOPOLOGY.md §10): what OpenChoreo's controllers and chart do with the output
// decides defaults, extra objects and warnings. Topologies are validated, modelled and rendered in memory;
// the CLI failing cases of the new rules are in validation.test.ts, the rendered files in the golden case
// runtime-parity.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { BaseRead } from '../generator/load/base.js';
import { parseTopology } from '../generator/load/parse.js';
import { defaultListenerName } from '../generator/model/defaults.js';
import type { ClusterModel } from '../generator/model/types.js';
import { renderCluster } from '../generator/render/index.js';
import { k3dPortCommands } from '../generator/render/k3d.js';
import type { Resource } from '../generator/render/resource.js';
import { validateTopology, type Validated } from '../generator/validate/index.js';
import { formatProblem, sortProblems } from '../generator/validate/problem.js';

const HEAD = 'apiVersion: gwtopo/v1alpha1\nkind: GatewayTopology\nmetadata:\n  name: c\nspec:\n';
const text = (body: string): string => `${HEAD}${body.replace(/^(?=.)/gm, '  ')}`;

function validated(body: string, base?: BaseRead): Validated {
  const r = parseTopology({ cluster: 'c', file: 't.yaml' }, text(body));
  assert.ok(r.ok, JSON.stringify(r.problems));
  return validateTopology(r.topology, base === undefined ? {} : { base });
}

/** `line:col: severity: path: message` and hint lines of one rule's problems. */
function only(rule: string, body: string, base?: BaseRead): string[] {
  return sortProblems(validated(body, base).problems.filter((p) => p.rule === rule)).flatMap((p) => formatProblem(p).replace(/^t\.yaml:/, '').split('\n'));
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
  assert.ok(found, `no ${kind} ${name} in ${renderCluster(model).map((p) => `${p.resource.kind}/${p.resource.metadata.name}`).join(', ')}`);
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
    assert.deepEqual(rendered(m, 'Gateway', 'a').spec.listeners.map((l: { port: number }) => l.port), [19080, 19443]);
    const slots = rendered(m, 'DataPlane', 'default').spec.gateway.ingress.external;
    assert.deepEqual([slots.http.port, slots.https.port], [29080, 19443]);
  });

  test('k3d maps the advertised host port onto the listener port; 19080 and 19443 are mapped already', () => {
    const m = modelOf(k3d('{protocol: HTTP, port: 19080, advertisedPort: 29080, host: a.localhost}, {protocol: HTTPS, port: 19443, host: a.localhost, tls: {certificateRefs: [{name: s}]}}', '', 'name: b, direction: egress, networking: external, scope: dataplane, listeners: [{protocol: HTTP, port: 8080, advertisedPort: 18080, host: b.localhost}]'));
    assert.deepEqual(k3dPortCommands(m), ['k3d node edit k3d-openchoreo-serverlb --port-add 18080:8080/tcp', 'k3d node edit k3d-openchoreo-serverlb --port-add 29080:19080/tcp']);
    const mapped = modelOf(k3d('{protocol: HTTP, port: 80, advertisedPort: 19080, host: a.localhost}'));
    assert.deepEqual(k3dPortCommands(mapped), [], 'a host port k3d maps already gets no command (k3d-default-port warns)');
  });

  test('k3d-port-conflict: two LoadBalancer gateways share neither a listener port nor an advertised port', () => {
    const samePort = k3d('{protocol: HTTP, port: 19080, advertisedPort: 29080, host: a.localhost}', '', 'name: b, direction: egress, networking: external, scope: dataplane, listeners: [{protocol: HTTP, port: 19080, advertisedPort: 29081, host: b.localhost}]');
    assert.deepEqual(only('k3d-port-conflict', samePort), [
      `${at(samePort, '19080', 1)}: error: spec.gateways[1].listeners[0].port: LoadBalancer gateways "a" and "b" both listen on port 19080; k3s's service load balancer binds each LoadBalancer port on the nodes once`,
      '  hint: give one of them another port (gateway "a" is on line 8)',
    ]);
    const sameAdvertised = k3d('{protocol: HTTP, port: 19080, advertisedPort: 29080, host: a.localhost}', '', 'name: b, direction: egress, networking: external, scope: dataplane, listeners: [{protocol: HTTP, port: 19081, advertisedPort: 29080, host: b.localhost}]');
    assert.deepEqual(only('k3d-port-conflict', sameAdvertised), [
      `${at(sameAdvertised, '29080', 1)}: error: spec.gateways[1].listeners[0].advertisedPort: LoadBalancer gateways "a" and "b" are both advertised on port 29080; k3d's load balancer forwards each host port to one gateway`,
      '  hint: give one of them another advertisedPort (gateway "a" is on line 8)',
    ]);
    // An advertised port equal to another gateway's listener port (not advertised elsewhere) is a host port of its own.
    const crossed = k3d('{protocol: HTTP, port: 19081, advertisedPort: 29081, host: a.localhost}', '', 'name: b, direction: egress, networking: external, scope: dataplane, listeners: [{protocol: HTTP, port: 29081, advertisedPort: 39081, host: b.localhost}]');
    assert.deepEqual(only('k3d-port-conflict', crossed), []);
    const defaulted = k3d('{protocol: HTTP, port: 8080, advertisedPort: 29080, host: a.localhost}', '', 'name: b, direction: egress, networking: external, scope: dataplane, listeners: [{protocol: HTTP, port: 29080, host: b.localhost}]');
    assert.deepEqual(only('k3d-port-conflict', defaulted), [
      `${at(defaulted, '29080', 1)}: error: spec.gateways[1].listeners[0].port: LoadBalancer gateways "a" and "b" are both advertised on port 29080; k3d's load balancer forwards each host port to one gateway`,
      '  hint: give one of them another advertisedPort (gateway "a" is on line 8)',
    ]);
  });

  test('k3d-default-port: a listener advertised on 19080 or 19443 must listen there', () => {
    const body = k3d('{protocol: HTTP, port: 18080, advertisedPort: 19080, host: a.localhost}');
    assert.deepEqual(only('k3d-default-port', body), [
      `${at(body, '19080')}: warning: spec.gateways[0].listeners[0].advertisedPort: OpenChoreo's k3d setup maps host port 19080 to port 19080 of the load balancer, but this listener listens on 18080: clients on 19080 would not reach it`,
      '  hint: listen on port 19080, or advertise a port k3d does not map yet (gwtopo then prints the k3d node edit command that maps it to 18080)',
    ]);
    assert.deepEqual(only('k3d-default-port', k3d('{protocol: HTTP, port: 19080, advertisedPort: 19080, host: a.localhost}')), []);
    assert.deepEqual(only('k3d-default-port', k3d('{protocol: HTTP, port: 18080, advertisedPort: 19080, host: a.localhost}', ', service: {type: NodePort}')), [], 'not a LoadBalancer');
    assert.deepEqual(only('k3d-default-port', k3d('{protocol: HTTP, port: 18080, advertisedPort: 19080, host: a.localhost}').replace('provider: k3d', 'provider: aws')), [], 'not k3d');
  });

  test('advertised-port: one client port reaches one listener port of a gateway', () => {
    const body = gws('name: g, direction: ingress, networking: external, scope: dataplane, listeners: [{protocol: HTTP, port: 8080, advertisedPort: 443, host: a.example.com}, {protocol: HTTPS, port: 8443, advertisedPort: 443, host: a.example.com, tls: {certificateRefs: [{name: s}]}}]');
    assert.deepEqual(only('advertised-port', body), [
      `${at(body, '443, host: a.example.com, tls')}: error: spec.gateways[0].listeners[1].advertisedPort: clients of listener "https" of gateway "g" would use port 443, like those of listener "http" (line 7), which listens on port 8080; one client port reaches one listener port`,
      '  hint: give the listeners different advertised ports, or let them listen on one port (HTTPS or TLS with different hostnames)',
    ]);
    const implicit = gws('name: g, direction: ingress, networking: external, scope: dataplane, listeners: [{protocol: HTTP, port: 8080, advertisedPort: 443, host: a.example.com}, {protocol: HTTPS, port: 443, host: a.example.com, tls: {certificateRefs: [{name: s}]}}]');
    assert.match(only('advertised-port', implicit)[0]!, /^7:\d+: error: spec\.gateways\[0\]\.listeners\[1\]\.port: clients of listener "https" of gateway "g" would use port 443/);
    const shared = gws(
      'name: g, direction: ingress, networking: external, scope: dataplane, listeners: [{protocol: TLS, port: 8443, advertisedPort: 443, host: b.example.com, hostname: b.example.com}, {protocol: HTTPS, port: 8443, advertisedPort: 443, host: a.example.com, hostname: a.example.com, tls: {certificateRefs: [{name: s}]}}]',
    );
    assert.deepEqual(only('advertised-port', shared), [], 'two listeners on one port may share the advertised port');
    const onOthersPort = gws('name: g, direction: ingress, networking: external, scope: dataplane, listeners: [{protocol: HTTP, port: 80, advertisedPort: 8080, host: a.example.com}, {protocol: HTTPS, port: 8080, host: a.example.com, tls: {certificateRefs: [{name: s}]}}]');
    assert.deepEqual(only('advertised-port', onOthersPort), [
      `${at(onOthersPort, '8080', 1)}: error: spec.gateways[0].listeners[1].port: clients of listener "https" of gateway "g" would use port 8080, like those of listener "http" (line 7), which listens on port 80; one client port reaches one listener port`,
      '  hint: give the listeners different advertised ports, or let them listen on one port (HTTPS or TLS with different hostnames)',
    ]);
  });

  test('advertised-port: a ClusterIP Service is reached on the listener port (warning)', () => {
    const body = gws('name: g, direction: ingress, networking: internal, scope: dataplane, listeners: [{protocol: HTTP, port: 9080, advertisedPort: 80}]');
    assert.deepEqual(only('advertised-port', body), [
      `${at(body, '80}')}: warning: spec.gateways[0].listeners[0].advertisedPort: gateway "g" has a ClusterIP Service, which in-cluster clients reach on the listener port 9080, not on the advertised port 80`,
      '  hint: remove advertisedPort: it is for ports that something in front of the gateway maps (a NodePort, k3d or a load balancer that forwards another port)',
    ]);
    assert.deepEqual(only('advertised-port', gws('name: g, direction: ingress, networking: internal, scope: dataplane, listeners: [{protocol: HTTP, port: 9080, advertisedPort: 9080}]')), []);
    assert.deepEqual(only('advertised-port', gws('name: g, direction: ingress, networking: internal, scope: dataplane, service: {type: NodePort}, listeners: [{protocol: HTTP, port: 9080, advertisedPort: 30080, host: nodes.example.internal}]')), [], 'a NodePort is what advertisedPort is for');
  });
});
