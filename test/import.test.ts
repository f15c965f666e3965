// gwtopo import (contract §14) through the real executable: captures of OpenChoreo's real objects → a topology
// whose generate reproduces every managed field of the captured Gateways and parameters and every captured
// registration, with a warning naming object and field for everything else; never over an existing topology.
import assert from 'node:assert/strict';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { parseAllDocuments } from 'yaml';
import { MODULES } from '../generator/topology/modules/index.js';
import { PLAIN_STYLE, toYamlText, validTopology } from './arbitraries.js';
import { FIXTURES, problemLines, run, spawnCli, tempRepo } from './helpers.js';

const IMPORT = join(FIXTURES, 'import');

/** A temp repository holding topologies/ and the fixture's capture files. */
function repoWith(fixture: string, files: string[]): string {
  const root = tempRepo({ 'topologies/.keep': '' });
  for (const f of files) copyFileSync(join(IMPORT, fixture, f), join(root, f));
  return root;
}

type Obj = Record<string, unknown> & { kind: string; metadata: { name: string; namespace?: string } };

/** Every object of a capture file (List items one by one). */
function objects(path: string): Obj[] {
  return parseAllDocuments(readFileSync(path, 'utf8')).flatMap((d) => {
    const o = d.toJS() as Obj | null;
    if (o === null) return [];
    return o.kind === 'List' ? ((o as unknown as { items: Obj[] }).items ?? []) : [o];
  });
}

const get = (o: unknown, ...path: string[]): unknown => path.reduce<unknown>((v, k) => (v !== null && typeof v === 'object' ? (v as Record<string, unknown>)[k] : undefined), o);

describe('gwtopo import: the topology page on k3d (kgateway: Gateway + GatewayParameters + DataPlane/Environment registrations)', () => {
  test('writes the topology: gateway-default managed: false, the parameters keep their name, websocket false with a warning', () => {
    const root = repoWith('page-k3d', ['data-plane.yaml', 'control-plane.yaml']);
    const r = spawnCli(['import', 'data-plane.yaml', 'control-plane.yaml', '--cluster', 'k3d-local'], root);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^created topologies\/k3d-local\/topology\.yaml: 3 gateways \(2 managed, 1 managed: false\)$/m);
    const text = readFileSync(join(root, 'topologies/k3d-local/topology.yaml'), 'utf8');
    assert.match(text, /# Gateway openchoreo-data-plane\/gateway-default, captured at data-plane\.yaml:\d+; installed by OpenChoreo's data-plane Helm chart/);
    assert.match(text, /# registered on DataPlane default\/default gateway\.ingress\.internal, captured at control-plane\.yaml:\d+/);
    assert.match(text, /- name: gateway-default\n {6}direction: ingress\n {6}networking: external\n {6}scope: dataplane\n {6}managed: false\n/);
    assert.match(text, /parametersName: internal-gateway-params\n/);
    assert.match(text, /provider: k3d/);
    assert.match(text, /scope: environment\n {6}environment: production\n {6}websocket: false\n/);
    const lines = problemLines(r.stderr);
    assert.ok(
      lines.some((l) =>
        /^data-plane\.yaml:\d+:\d+: warning: Gateway\/gateway-internal: metadata\.name: no ListenerPolicy or HTTPListenerPolicy enables WebSocket upgrades on it: imported with websocket: false \[import-websocket\]$/.test(
          l,
        ),
      ),
      r.stderr,
    );
    // The page's Gateways lack the system-component label gwtopo always renders: named, field and object.
    assert.ok(
      lines.some((l) => /^data-plane\.yaml:\d+:\d+: warning: Gateway\/gateway-internal: spec\.infrastructure\.labels: does not round-trip/.test(l)),
      r.stderr,
    );
  });

  test('generate renders the captured Gateways, the GatewayParameters and the registrations', () => {
    const root = repoWith('page-k3d', ['data-plane.yaml', 'control-plane.yaml']);
    assert.equal(spawnCli(['import', 'data-plane.yaml', 'control-plane.yaml', '--cluster', 'k3d-local'], root).code, 0);
    const g = spawnCli(['generate'], root);
    assert.equal(g.code, 0, g.stderr);
    const captured = [...objects(join(root, 'data-plane.yaml')), ...objects(join(root, 'control-plane.yaml'))];
    const find = (kind: string, name: string): Obj => captured.find((o) => o.kind === kind && o.metadata.name === name)!;
    const out = (file: string): Obj => objects(join(root, 'overlays/k3d-local', file))[0]!;
    // Every managed field of the Gateways and parameters, as captured (the system-component label aside: warned).
    const internal = out('data-plane/gateway-internal.gateway.yaml');
    assert.deepEqual(get(internal, 'spec', 'listeners'), [{ name: 'http', port: 9080, protocol: 'HTTP', allowedRoutes: { namespaces: { from: 'All' } } }]);
    assert.deepEqual(get(internal, 'spec', 'infrastructure', 'parametersRef'), get(find('Gateway', 'gateway-internal'), 'spec', 'infrastructure', 'parametersRef'));
    assert.deepEqual(get(out('data-plane/internal-gateway-params.gatewayparameters.yaml'), 'spec'), get(find('GatewayParameters', 'internal-gateway-params'), 'spec'));
    assert.deepEqual(get(out('data-plane/gateway-production.gateway.yaml'), 'spec', 'listeners'), get(find('Gateway', 'gateway-production'), 'spec', 'listeners'));
    assert.equal(existsSync(join(root, 'overlays/k3d-local/data-plane/gateway-default.gateway.yaml')), false);
    // The same registrations: the DataPlane's spec.gateway whole, and the Environment's own slot.
    assert.deepEqual(get(out('control-plane/default.dataplane.yaml'), 'spec', 'gateway'), get(find('DataPlane', 'default'), 'spec', 'gateway'));
    assert.deepEqual(get(out('control-plane/production.environment.yaml'), 'spec', 'gateway', 'ingress', 'external'), get(find('Environment', 'production'), 'spec', 'gateway', 'ingress', 'external'));
  });

  test('never overwrites a topology: exit 2, the file unchanged', () => {
    const root = repoWith('page-k3d', ['data-plane.yaml', 'control-plane.yaml']);
    assert.equal(spawnCli(['import', 'data-plane.yaml', 'control-plane.yaml', '--cluster', 'k3d-local'], root).code, 0);
    const before = readFileSync(join(root, 'topologies/k3d-local/topology.yaml'), 'utf8');
    const again = spawnCli(['import', 'data-plane.yaml', 'control-plane.yaml', '--cluster', 'k3d-local'], root);
    assert.equal(again.code, 2);
    assert.match(again.stderr, /topologies\/k3d-local\/topology\.yaml:1:1: error: exists already; gwtopo import never overwrites a topology \[topology-exists\]/);
    assert.equal(readFileSync(join(root, 'topologies/k3d-local/topology.yaml'), 'utf8'), before);
  });

  test('a folder of captures holds -o json files too; a path that is missing is a capture-input error', () => {
    const root = repoWith('page-k3d', []);
    const asJson = (file: string) => JSON.stringify({ apiVersion: 'v1', kind: 'List', items: objects(join(IMPORT, 'page-k3d', file)) });
    mkdirSync(join(root, 'captured'));
    writeFileSync(join(root, 'captured', 'data-plane.json'), asJson('data-plane.yaml'));
    writeFileSync(join(root, 'captured', 'control-plane.json'), asJson('control-plane.yaml'));
    const r = spawnCli(['import', 'captured', '--cluster', 'k3d-local'], root);
    assert.equal(r.code, 0, r.stderr);
    assert.ok(existsSync(join(root, 'topologies/k3d-local/topology.yaml')));
    const missing = spawnCli(['import', 'nothing.yaml', '--cluster', 'x'], root);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /^nothing\.yaml:1:1: error: no such file or folder \[capture-input\]$/m);
    mkdirSync(join(root, 'empty'));
    const empty = spawnCli(['import', 'empty', '--cluster', 'x'], root);
    assert.equal(empty.code, 2);
    assert.match(empty.stderr, /error: the folder holds no \.yaml, \.yml and \.json files \[capture-input\]\n {2}hint: gwtopo reads \*\.yaml, \*\.yml and \*\.json files/);
  });
});

/** Imports the fixture's files in a fresh repository; returns the run, the topology text and the root. */
function importFixture(fixture: string, files: string[], args: string[] = []): { r: ReturnType<typeof spawnCli>; root: string; text: () => string } {
  const root = repoWith(fixture, files);
  const r = spawnCli(['import', ...files, ...args], root);
  const text = (): string => {
    const dir = join(root, 'topologies');
    const cluster = readdirSync(dir).find((d) => d !== '.keep')!;
    return readFileSync(join(dir, cluster, 'topology.yaml'), 'utf8');
  };
  return { r, root, text };
}

describe('gwtopo import: OpenChoreo captures', () => {
  test("the chart's gateway-default with its default values: managed: false, the unregistered HTTPS listener named, another data plane left out", () => {
    const { r, root, text } = importFixture('chart-defaults', ['data-plane.yaml', 'control-plane.yaml'], ['--cluster', 'prod']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(text(), /dataPlane:\n {4}kind: ClusterDataPlane\n {4}name: prod\n/);
    assert.match(text(), /- name: gateway-default\n(?: {6}.*\n)* {6}managed: false\n {6}listeners:\n {8}- protocol: HTTP\n {10}port: 80\n {10}host: apis\.example\.com\n/);
    assert.deepEqual(problemLines(r.stderr), [
      'control-plane.yaml:26:7: warning: ClusterDataPlane/staging: spec.gateway: ClusterDataPlane staging is another data plane: its registrations are not imported (this topology is ClusterDataPlane/prod) [import-left-out]',
      'control-plane.yaml:50:7: warning: Environment/staging: spec.dataPlaneRef: Environment default/staging is served by ClusterDataPlane/staging, not ClusterDataPlane/prod: not imported [import-left-out]',
      `data-plane.yaml:31:7: warning: Gateway/gateway-default: spec.listeners[1]: listener "https" is registered nowhere; the gateway is not gwtopo's (managed: false), so the topology leaves it out [import-listener]`,
    ]);
    assert.match(r.stdout, /round trip: generate reproduces 1 of 1 captured object in every field gwtopo manages/);
    const g = spawnCli(['generate'], root);
    assert.equal(g.code, 0, g.stderr);
    assert.deepEqual(get(objects(join(root, 'overlays/prod/control-plane/prod.clusterdataplane.yaml'))[0], 'spec', 'gateway'), get(objects(join(root, 'control-plane.yaml'))[0], 'spec', 'gateway'));
  });

  test("the installer's ClusterDataPlane default (k3d-install.sh) without the data plane: gateway-default managed: false, provider k3d", () => {
    const { r, root, text } = importFixture('installer-k3d', ['control-plane.yaml'], ['--cluster', 'k3d-local']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(text(), /provider: k3d {2}# the registered hosts are under localhost/);
    assert.match(text(), /kind: ClusterDataPlane\n {4}name: default\n/);
    assert.match(text(), /managed: false\n {6}listeners:\n {8}- protocol: HTTP\n {10}port: 19080\n {10}host: openchoreoapis\.localhost\n/);
    assert.match(
      r.stderr,
      /^control-plane\.yaml:13:9: warning: ClusterDataPlane\/default: spec\.gateway\.ingress\.external\.name: .*which the capture does not hold: imported as managed: false .*\[import-not-captured\]$/m,
    );
    assert.equal(spawnCli(['generate'], root).code, 0);
    assert.deepEqual(
      get(objects(join(root, 'overlays/k3d-local/control-plane/default.clusterdataplane.yaml'))[0], 'spec', 'gateway'),
      get(objects(join(root, 'control-plane.yaml'))[0], 'spec', 'gateway'),
    );
  });

  test('Envoy Gateway: the EnvoyProxy keeps its name, its other settings are named, an unregistered Gateway is commented out', () => {
    const { r, root, text } = importFixture('envoy-gateway', ['data-plane.yaml', 'control-plane.yaml']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /created topologies\/gke-envoy\/topology\.yaml: 1 gateway \(1 managed, 0 managed: false\), 1 registered nowhere \(commented out\)/);
    // The capture is hand-written: no CRD defaults the API server would store, no gwtopo labels. The round trip says
    // so as diff --live does (the first sync adds them).
    assert.match(r.stdout, /round trip: generate reproduces 1 of 3 captured objects/);
    assert.match(text(), /module: envoy-gateway\n/);
    assert.match(text(), /parametersName: internal-proxy\n {6}service:\n {8}labels:\n {10}gateway: internal\n/);
    assert.match(text(), /\n {4}# - name: gateway-canary\n/);
    assert.deepEqual(problemLines(r.stderr), [
      'data-plane.yaml:18:5: warning: EnvoyProxy/internal-proxy: spec.logging: does not round-trip: generate renders {"level":{"default":"warn"}}, the capture holds nothing [import-round-trip]',
      'data-plane.yaml:22:11: warning: EnvoyProxy/internal-proxy: spec.provider.kubernetes.envoyService.externalTrafficPolicy: does not round-trip: generate renders "Local", the capture holds nothing [import-round-trip]',
      "data-plane.yaml:27:11: warning: EnvoyProxy/internal-proxy: spec.provider.kubernetes.envoyDeployment: spec.provider.kubernetes.envoyDeployment is not a field gwtopo manages (gwtopo renders only the proxy Service's name, type, annotations and labels) [import-unmanaged-field]",
      'data-plane.yaml:31:5: warning: Gateway/gateway-internal: metadata.labels: does not round-trip: generate renders {"app.kubernetes.io/component":"gateway","app.kubernetes.io/managed-by":"gwtopo","app.kubernetes.io/part-of":"openchoreo"}, the capture holds nothing [import-round-trip]',
      'data-plane.yaml:53:7: warning: Gateway/gateway-canary: metadata.name: Gateway openchoreo-data-plane/gateway-canary is registered on no DataPlane, ClusterDataPlane or Environment of DataPlane/default/gke-envoy: written commented out (every gateway gwtopo renders is registered) [import-unregistered]',
    ]);
    assert.equal(spawnCli(['generate'], root).code, 0);
    const proxy = objects(join(root, 'overlays/gke-envoy/data-plane/internal-proxy.envoyproxy.yaml'))[0];
    assert.deepEqual(get(proxy, 'spec', 'provider', 'kubernetes', 'envoyService', 'type'), 'ClusterIP');
  });

  test("Envoy Gateway's Services elsewhere: spec.envoyGateway.namespace, and the registered host is the default", () => {
    const { r, root, text } = importFixture('envoy-namespace', ['capture.yaml']);
    assert.equal(r.code, 0, r.stderr);
    // What diff --live reports for this hand-written capture: the CRD defaults and gwtopo's labels it lacks.
    assert.deepEqual(
      problemLines(r.stderr).map((l) => l.replace(/: does not round-trip: .*/, '')),
      [
        'capture.yaml:6:1: warning: EnvoyProxy/gateway-internal-params: spec.logging',
        'capture.yaml:10:7: warning: EnvoyProxy/gateway-internal-params: spec.provider.kubernetes.envoyService.externalTrafficPolicy',
        'capture.yaml:14:1: warning: Gateway/gateway-internal: metadata.labels',
      ],
    );
    assert.match(r.stdout, /round trip: generate reproduces 1 of 3 captured objects/);
    assert.match(text(), /\n {2}envoyGateway:\n {4}namespace: eg\n/);
    assert.doesNotMatch(text(), /host:/);
    assert.equal(spawnCli(['generate'], root).code, 0);
    assert.equal(get(objects(join(root, 'overlays/eg/control-plane/eg.clusterdataplane.yaml'))[0], 'spec', 'gateway', 'ingress', 'internal', 'http', 'host'), 'gateway-internal.eg');
  });

  test('NGINX Gateway Fabric, both planes in one file: a TCP listener and a ConfigMap are named and left out', () => {
    const { r, root, text } = importFixture('nginx', ['capture.yaml']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(text(), /module: nginx-gateway-fabric\n/);
    assert.match(text(), /service:\n {8}labels:\n {10}gateway: internal\n/);
    assert.doesNotMatch(text(), /postgres|5432/);
    assert.deepEqual(problemLines(r.stderr), [
      'capture.yaml:12:5: warning: NginxProxy/gateway-internal-params: spec.ipFamily: does not round-trip: generate renders "dual", the capture holds nothing [import-round-trip]',
      'capture.yaml:14:9: warning: NginxProxy/gateway-internal-params: spec.kubernetes.service.externalTrafficPolicy: does not round-trip: generate renders "Local", the capture holds nothing [import-round-trip]',
      'capture.yaml:18:5: warning: Gateway/gateway-internal: metadata.labels: does not round-trip: generate renders {"app.kubernetes.io/component":"gateway","app.kubernetes.io/managed-by":"gwtopo","app.kubernetes.io/part-of":"openchoreo"}, the capture holds nothing [import-round-trip]',
      'capture.yaml:40:11: warning: Gateway/gateway-internal: spec.listeners[1].protocol: listener "postgres" is left out: protocol "TCP" is not one gwtopo models (HTTP, HTTPS, TLS) [import-listener]',
      'capture.yaml:41:5: warning: ConfigMap/stray: ConfigMap openchoreo-data-plane/stray (v1) is not read by import: it reads GatewayClasses, Gateways, their parameters, listener policies and Services, DataPlanes, ClusterDataPlanes and Environments [import-left-out]',
    ]);
    assert.equal(spawnCli(['generate'], root).code, 0);
    assert.deepEqual(get(objects(join(root, 'overlays/nginx-dp/data-plane/gateway-internal-params.nginxproxy.yaml'))[0], 'spec', 'kubernetes', 'service', 'type'), 'ClusterIP');
  });
});

describe('gwtopo import: one failing case per rule, formats, standard input', () => {
  const PLANE = (name: string, extra = ''): string =>
    `apiVersion: openchoreo.dev/v1alpha1\nkind: ClusterDataPlane\nmetadata:\n  name: ${name}\nspec:\n  gateway:\n    ingress:\n      external:\n        name: gw\n        namespace: openchoreo-data-plane\n        http: {host: a.example.com, listenerName: http, port: 80}\n${extra}`;
  const GATEWAY = (name: string, listeners = '    - {name: http, protocol: HTTP, port: 80}\n'): string =>
    `apiVersion: gateway.networking.k8s.io/v1\nkind: Gateway\nmetadata:\n  name: ${name}\n  namespace: openchoreo-data-plane\nspec:\n  gatewayClassName: kgateway\n  listeners:\n${listeners}`;
  const imp = (files: Record<string, string>, args: string[], input?: string): ReturnType<typeof spawnCli> & { root: string } => {
    const root = tempRepo({ 'topologies/.keep': '', ...files });
    return { ...spawnCli(['import', ...args], root, {}, input), root };
  };

  test('import-data-plane: none captured, several that qualify (listed), --data-plane not captured; exit 2, nothing written', () => {
    const none = imp({ 'dp.yaml': GATEWAY('gw') }, ['dp.yaml']);
    assert.equal(none.code, 2);
    assert.match(none.stderr, /^gwtopo: error: the capture holds no DataPlane or ClusterDataPlane: .* \[import-data-plane\]$/m);
    assert.equal(readdirSync(join(none.root, 'topologies')).length, 1);
    const two = imp({ 'cp.yaml': `${PLANE('a')}---\n${PLANE('b')}`, 'dp.yaml': GATEWAY('gw') }, ['dp.yaml', 'cp.yaml']);
    assert.equal(two.code, 2);
    assert.match(two.stderr, /the data plane is ambiguous: these register captured Gateways ClusterDataPlane\/a \(cp\.yaml:1\), ClusterDataPlane\/b \(cp\.yaml:13\) \[import-data-plane\]/);
    assert.match(two.stderr, /hint: choose one: --data-plane KIND\/\[NAMESPACE\/\]NAME/);
    const chosen = imp({ 'cp.yaml': `${PLANE('a')}---\n${PLANE('b')}`, 'dp.yaml': GATEWAY('gw') }, ['dp.yaml', 'cp.yaml', '--data-plane', 'ClusterDataPlane/b']);
    assert.equal(chosen.code, 0, chosen.stderr);
    assert.match(readFileSync(join(chosen.root, 'topologies/b/topology.yaml'), 'utf8'), /name: b\n/);
    const byCluster = imp({ 'cp.yaml': `${PLANE('a')}---\n${PLANE('b')}`, 'dp.yaml': GATEWAY('gw') }, ['dp.yaml', 'cp.yaml', '--cluster', 'a']);
    assert.equal(byCluster.code, 0, byCluster.stderr);
    const missing = imp({ 'cp.yaml': PLANE('a') }, ['cp.yaml', '--data-plane', 'DataPlane/x/y']);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /--data-plane: --data-plane DataPlane\/x\/y is not in the capture; it holds ClusterDataPlane\/a \(cp\.yaml:1\) \[import-data-plane\]/);
    const bad = imp({}, ['x.yaml', '--data-plane', 'Environment/x']);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /--data-plane must be KIND\/\[NAMESPACE\/\]NAME with KIND DataPlane or ClusterDataPlane \(got "Environment\/x"\) \[usage\]/);
  });

  test('import-registration: a gateway registered twice, in another namespace, naming a listener the Gateway lacks', () => {
    const cp = `${PLANE('a', '    egress:\n      external:\n        name: gw\n        namespace: openchoreo-data-plane\n        http: {host: b.example.com, listenerName: http, port: 80}\n      internal:\n        name: other\n        namespace: elsewhere\n        http: {host: c.example.com, port: 80}\n')}`;
    const r = imp({ 'cp.yaml': cp, 'dp.yaml': GATEWAY('gw') }, ['dp.yaml', 'cp.yaml']);
    assert.equal(r.code, 0, r.stderr);
    const lines = problemLines(r.stderr);
    assert.ok(
      lines.some((l) => /^cp\.yaml:\d+:\d+: warning: ClusterDataPlane\/a: spec\.gateway\.egress\.external: .*registers gw again .*\[import-registration\]$/.test(l)),
      r.stderr,
    );
    assert.ok(
      lines.some((l) => /^cp\.yaml:\d+:\d+: warning: ClusterDataPlane\/a: spec\.gateway\.egress\.internal\.namespace: .*names a gateway in namespace "elsewhere".*\[import-registration\]$/.test(l)),
      r.stderr,
    );
    const lacking = imp({ 'cp.yaml': PLANE('a').replace('listenerName: http', 'listenerName: web'), 'dp.yaml': GATEWAY('gw') }, ['dp.yaml', 'cp.yaml']);
    assert.match(lacking.stderr, /ClusterDataPlane\/a: spec\.gateway\.ingress\.external\.http: .*names listener "web" that Gateway openchoreo-data-plane\/gw does not have .*\[import-registration\]/);
    assert.match(lacking.stderr, /Gateway\/gw: spec\.listeners\[0\]: listener "http" is left out: it is registered in no slot .*\[import-listener\]/);
  });

  test('import-unmanaged-field, import-listener: fields and listeners a topology cannot carry, each at its line', () => {
    const listeners =
      '    - name: http\n      protocol: HTTP\n      port: 80\n      allowedRoutes:\n        namespaces: {from: All}\n        kinds: [{kind: HTTPRoute}]\n    - {name: selected, protocol: HTTPS, port: 443, allowedRoutes: {namespaces: {from: Selector}}, tls: {certificateRefs: [{name: c}]}}\n';
    const r = imp({ 'cp.yaml': PLANE('a'), 'dp.yaml': GATEWAY('gw', listeners) }, ['dp.yaml', 'cp.yaml']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(
      r.stderr,
      /^dp\.yaml:14:9: warning: Gateway\/gw: spec\.listeners\[0\]\.allowedRoutes\.kinds: listener "http": allowedRoutes\.kinds is not a field gwtopo manages \[import-unmanaged-field\]$/m,
    );
    assert.match(
      r.stderr,
      /^dp\.yaml:15:\d+: warning: Gateway\/gw: spec\.listeners\[1\]\.allowedRoutes\.namespaces\.from: listener "selected" is left out: routes from "Selector" namespaces: gwtopo models All and Same \[import-listener\]$/m,
    );
  });

  test('import-round-trip and import-invalid: what generate would change, and an internal load balancer without a private annotation', () => {
    const cp = PLANE('a').replace('ingress:\n      external:', 'ingress:\n      internal:');
    const params = 'apiVersion: gateway.kgateway.dev/v1alpha1\nkind: GatewayParameters\nmetadata: {name: p, namespace: openchoreo-data-plane}\nspec:\n  kube:\n    service: {type: LoadBalancer}\n';
    const gw = GATEWAY('gw').replace(
      '  gatewayClassName: kgateway\n',
      '  gatewayClassName: kgateway\n  infrastructure:\n    parametersRef: {group: gateway.kgateway.dev, kind: GatewayParameters, name: p}\n',
    );
    const r = imp({ 'cp.yaml': cp, 'dp.yaml': `${gw}---\n${params}` }, ['dp.yaml', 'cp.yaml', '--provider', 'generic']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /warning: spec\.gateways\[0\]\.service\.type: the imported topology does not validate yet: .*\[internal-lb-private\] \[import-invalid\]/);
    const page = importFixture('page-k3d', ['data-plane.yaml', 'control-plane.yaml'], ['--cluster', 'k3d-local']);
    assert.match(
      page.r.stderr,
      /^data-plane\.yaml:\d+:\d+: warning: Gateway\/gateway-production: spec\.infrastructure: does not round-trip: generate renders \{"labels":\{"openchoreo\.dev\/system-component":"gateway"\}\}, the capture holds nothing \[import-round-trip\]$/m,
    );
  });

  test('capture-input and capture-duplicate: unreadable objects are errors (exit 2, nothing written), an object captured twice a warning', () => {
    const bad = imp({ 'x.yaml': 'items: [1]\n' }, ['x.yaml']);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /^x\.yaml:1:1: error: not a Kubernetes object: a map with apiVersion, kind and metadata\.name is expected \[capture-input\]$/m);
    assert.equal(readdirSync(join(bad.root, 'topologies')).length, 1);
    const twice = imp({ 'cp.yaml': PLANE('a'), 'again.yaml': PLANE('a') }, ['cp.yaml', 'again.yaml']);
    assert.equal(twice.code, 0, twice.stderr);
    assert.match(twice.stderr, /^again\.yaml:4:3: warning: metadata\.name: ClusterDataPlane\/a is captured twice; the later one is read \[capture-duplicate\]$/m);
    const missing = imp({}, ['nope.yaml']);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /nope\.yaml:1:1: error: no such file or folder/);
  });

  test("import-left-out for Services, parameters and policies of no gateway; the provider from gateway-default's load balancer", () => {
    const lb = (name: string, annotations: string): string =>
      `apiVersion: v1\nkind: Service\nmetadata:\n  name: ${name}\n  namespace: openchoreo-data-plane\n  annotations:\n${annotations}spec:\n  type: LoadBalancer\n`;
    const chartService = lb(
      'gw',
      '    service.beta.kubernetes.io/aws-load-balancer-type: external\n    service.beta.kubernetes.io/aws-load-balancer-nlb-target-type: ip\n    service.beta.kubernetes.io/aws-load-balancer-scheme: internet-facing\n',
    );
    const gw = GATEWAY('gw').replace('  namespace: openchoreo-data-plane\n', '  namespace: openchoreo-data-plane\n  labels: {app.kubernetes.io/managed-by: Helm}\n');
    const strayParams = 'apiVersion: gateway.kgateway.dev/v1alpha1\nkind: GatewayParameters\nmetadata: {name: unused, namespace: openchoreo-data-plane}\nspec: {}\n';
    const strayPolicy =
      'apiVersion: gateway.kgateway.dev/v1alpha1\nkind: ListenerPolicy\nmetadata: {name: old, namespace: openchoreo-data-plane}\nspec:\n  targetRefs: [{group: gateway.networking.k8s.io, kind: Gateway, name: gone}]\n';
    const r = imp({ 'cp.yaml': PLANE('a'), 'dp.yaml': [gw, chartService, lb('other', '    x: y\n'), strayParams, strayPolicy].join('---\n') }, ['dp.yaml', 'cp.yaml']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(readFileSync(join(r.root, 'topologies/a/topology.yaml'), 'utf8'), /provider: aws-lbc {2}# the load balancers' annotations carry its preset \(3 annotations\)/);
    const lines = problemLines(r.stderr).filter((l) => l.includes('[import-left-out]'));
    assert.equal(lines.length, 3, r.stderr);
    assert.match(lines[0]!, /^dp\.yaml:\d+:3: warning: Service\/other: metadata\.name: Service openchoreo-data-plane\/other belongs to no imported gateway: not read \[import-left-out\]$/);
    assert.match(lines[1]!, /GatewayParameters\/unused: metadata\.name: GatewayParameters openchoreo-data-plane\/unused is the parameters of no captured Gateway: not imported \[import-left-out\]$/);
    assert.match(lines[2]!, /ListenerPolicy\/old: spec\.targetRefs: ListenerPolicy openchoreo-data-plane\/old targets no captured Gateway: not imported \[import-left-out\]$/);
  });

  test('standard input and --format json: the report as data', () => {
    const r = imp({}, ['-', '--format', 'json'], JSON.stringify({ apiVersion: 'v1', kind: 'List', items: [JSON.parse(JSON.stringify(parseAllDocuments(PLANE('a'))[0]!.toJS()))] }));
    assert.equal(r.code, 0, r.stderr);
    const doc = JSON.parse(r.stdout) as Record<string, unknown>;
    assert.equal(doc.command, 'import');
    assert.equal(doc.exitCode, 0);
    assert.deepEqual(doc.clusters, ['a']);
    assert.equal(doc.file, 'topologies/a/topology.yaml');
    assert.deepEqual(doc.written, ['topologies/a/topology.yaml']);
    assert.deepEqual(doc.gateways, [{ name: 'gw', managed: false, registered: true }]);
    assert.deepEqual(doc.roundTrip, { compared: 1, equal: 1, created: [] });
    assert.match(readFileSync(join(r.root, 'topologies/a/topology.yaml'), 'utf8'), /# Imported by gwtopo import from:\n# {3}<stdin>\n/);
  });
});

// ---------------------------------------------------------------------------------------------------
// The round trip as a property: for random valid topologies, render → capture (the rendered objects as the cluster
// holds them, with the data plane and each Environment's dataPlaneRef that the live objects carry) → import →
// render gives the same objects.

/** The rendered objects of a cluster's overlays, by plane/kind/namespace/name (kustomization files aside). */
function renderedObjects(root: string, cluster: string): Map<string, Obj> {
  const out = new Map<string, Obj>();
  for (const plane of ['data-plane', 'control-plane']) {
    const dir = join(root, 'overlays', cluster, plane);
    if (!existsSync(dir)) continue;
    for (const f of readdirSync(dir).sort()) {
      if (f === 'kustomization.yaml') continue;
      for (const o of objects(join(dir, f))) out.set(`${plane}/${o.kind}/${o.metadata.namespace ?? ''}/${o.metadata.name}`, o);
    }
  }
  return out;
}

const CONTROLLER: Record<string, string> = {
  kgateway: 'kgateway.dev/kgateway',
  'envoy-gateway': 'gateway.envoyproxy.io/gatewayclass-controller',
  'nginx-gateway-fabric': 'gateway.nginx.org/nginx-gateway-controller',
  istio: 'istio.io/gateway-controller',
  cilium: 'io.cilium/gateway-controller',
  traefik: 'traefik.io/gateway-controller',
  kong: 'konghq.com/kic-gateway-controller',
};

/** What the cluster would return for these objects: control-plane objects as full objects (the data plane, dataPlaneRef). */
function captureOf(doc: Record<string, unknown>, rendered: Map<string, Obj>): string {
  const spec = (doc.spec ?? {}) as Record<string, unknown>;
  const dp = (spec.dataPlane ?? {}) as { kind?: string; name?: string; namespace?: string };
  const kind = dp.kind ?? 'DataPlane';
  const name = dp.name ?? 'default';
  const items: Obj[] = [];
  let planeSeen = false;
  for (const [key, o] of rendered) {
    const copy = JSON.parse(JSON.stringify(o)) as Obj;
    if (key.startsWith('control-plane/')) {
      // The engines' sync annotations belong to the partials, not to the live objects.
      delete (copy.metadata as Record<string, unknown>).annotations;
      if (copy.kind === kind) planeSeen = true;
      if (copy.kind === 'Environment') (copy as Record<string, unknown>).spec = { ...(copy.spec as object), dataPlaneRef: { kind, name } };
    }
    items.push(copy);
  }
  // The cluster's GatewayClasses, each naming its implementation's controller.
  const classes = new Map<string, string>();
  for (const g of (spec.gateways ?? []) as Record<string, unknown>[]) {
    const module = String(g.module ?? spec.module ?? 'kgateway');
    classes.set(String(g.gatewayClassName ?? MODULES[module as keyof typeof MODULES].defaultGatewayClass), CONTROLLER[module]!);
  }
  for (const [name, controllerName] of classes) items.push({ apiVersion: 'gateway.networking.k8s.io/v1', kind: 'GatewayClass', metadata: { name }, spec: { controllerName } } as Obj);
  if (!planeSeen) items.push({ apiVersion: 'openchoreo.dev/v1alpha1', kind, metadata: { name, ...(kind === 'DataPlane' ? { namespace: dp.namespace ?? 'default' } : {}) }, spec: {} } as Obj);
  return JSON.stringify({ apiVersion: 'v1', kind: 'List', items }, null, 1);
}

describe('gwtopo import: render → capture → import → render gives the same objects (property)', () => {
  test('random valid topologies of the kgateway, Envoy Gateway, NGINX, Istio, Traefik and Kong modules', async () => {
    let imported = 0;
    await fc.assert(
      fc.asyncProperty(validTopology(fc.constant('c')), async (t) => {
        const doc = t.doc as Record<string, unknown>;
        const spec = doc.spec as Record<string, unknown>;
        const gateways = spec.gateways as Record<string, unknown>[];
        // Cilium's Service type lives in its GatewayClass configuration (spec.gatewayClasses), which no captured object holds.
        const modules = new Set([spec.module ?? 'kgateway', ...gateways.map((g) => g.module).filter((m) => m !== undefined)]);
        // A DataPlane serves the Environments of its own namespace only (OpenChoreo resolves dataPlaneRef there): a topology
        // naming Environments elsewhere describes no cluster there is to capture.
        const planeRef = (spec.dataPlane ?? {}) as { kind?: string; namespace?: string };
        const envs = (spec.environments ?? []) as { namespace?: string }[];
        const reachable = planeRef.kind === 'ClusterDataPlane' || envs.every((e) => (e.namespace ?? 'default') === (planeRef.namespace ?? 'default'));
        fc.pre(gateways.length > 0 && !modules.has('cilium') && reachable);
        const a = tempRepo({ 'topologies/c/topology.yaml': toYamlText(t.doc, PLAIN_STYLE) });
        const generated = await run(['generate'], a);
        assert.equal(generated.code, 0, generated.stderr);
        const before = renderedObjects(a, 'c');
        const b = tempRepo({ 'topologies/.keep': '', 'capture.json': captureOf(doc, before) });
        const dataPlane = (spec.dataPlane ?? {}) as { kind?: string; name?: string; namespace?: string };
        const ref = dataPlane.kind === 'ClusterDataPlane' ? `ClusterDataPlane/${dataPlane.name ?? 'default'}` : `DataPlane/${dataPlane.namespace ?? 'default'}/${dataPlane.name ?? 'default'}`;
        const r = await run(['import', 'capture.json', '--cluster', 'c', '--provider', String(spec.provider ?? 'generic'), '--data-plane', ref], b);
        assert.equal(r.code, 0, r.stderr);
        assert.doesNotMatch(r.stderr, /\[import-(invalid|round-trip|listener|registration|unregistered)\]/, `${r.stderr}\n${readFileSync(join(b, 'topologies/c/topology.yaml'), 'utf8')}`);
        const again = await run(['generate'], b);
        assert.equal(again.code, 0, again.stderr);
        const after = renderedObjects(b, 'c');
        // Patch mode's partials carry no engine annotations; import writes apply mode: compare without them.
        const strip = (m: Map<string, Obj>): Record<string, unknown> =>
          Object.fromEntries([...m].map(([k, o]) => [k, k.startsWith('control-plane/') ? { ...o, metadata: { ...o.metadata, annotations: undefined } } : o]));
        assert.deepEqual(JSON.parse(JSON.stringify(strip(after))), JSON.parse(JSON.stringify(strip(before))), readFileSync(join(b, 'topologies/c/topology.yaml'), 'utf8'));
        imported++;
      }),
      { numRuns: Number(process.env.GWTOPO_IMPORT_RUNS ?? 60), seed: Number(process.env.GWTOPO_FUZZ_SEED ?? 20261207), includeErrorInReport: true },
    );
    assert.ok(imported >= 30, `${imported} topologies imported`);
  });
});

describe('gwtopo import: what the load balancers and the round trip say', () => {
  const imp = (files: Record<string, string>, args: string[]): ReturnType<typeof spawnCli> & { root: string } => {
    const root = tempRepo({ 'topologies/.keep': '', ...files });
    return { ...spawnCli(['import', ...args], root), root };
  };
  const INTERNAL_PLANE =
    'apiVersion: openchoreo.dev/v1alpha1\nkind: DataPlane\nmetadata: {name: default, namespace: default}\nspec:\n  gateway:\n    ingress:\n      internal:\n        name: gw-a\n        namespace: openchoreo-data-plane\n        http: {host: a.internal.example.com, listenerName: http, port: 80}\n';

  test("the provider from the Gateway's infrastructure and the Service's annotations; the Service's other annotations are named", () => {
    const gw =
      'apiVersion: gateway.networking.k8s.io/v1\nkind: Gateway\nmetadata: {name: gw-a, namespace: openchoreo-data-plane}\nspec:\n  gatewayClassName: kgateway\n  infrastructure:\n    annotations: {service.beta.kubernetes.io/aws-load-balancer-internal: "true", team: a}\n  listeners:\n    - {name: http, protocol: HTTP, port: 80}\n';
    const svc =
      'apiVersion: v1\nkind: Service\nmetadata:\n  name: gw-a\n  namespace: openchoreo-data-plane\n  labels: {gateway.networking.k8s.io/gateway-name: gw-a}\n  annotations: {service.beta.kubernetes.io/aws-load-balancer-internal: "true", hand-added: "yes"}\nspec: {type: LoadBalancer}\nstatus: {loadBalancer: {ingress: [{hostname: x.elb.amazonaws.com}]}}\n';
    const r = imp({ 'cap.yaml': [INTERNAL_PLANE, gw, svc].join('---\n') }, ['cap.yaml']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(readFileSync(join(r.root, 'topologies/default/topology.yaml'), 'utf8'), /provider: aws {2}# the load balancers' annotations carry its preset \(1 annotation\)/);
    assert.doesNotMatch(r.stderr, /import-invalid/);
    assert.match(r.stderr, /^cap\.yaml:\d+:\d+: warning: Service\/gw-a: metadata\.annotations\.hand-added: .*is not an annotation gwtopo renders for gw-a .*\[import-unmanaged-field\]$/m);
    assert.doesNotMatch(r.stderr, /Service\/gw-a: metadata\.annotations\["service\.beta/);
    assert.equal(spawnCli(['generate'], r.root).code, 0);
  });

  test("the round trip is diff --live's comparison: CRD defaults the capture holds are no warnings, the ones it lacks and gwtopo's labels are", () => {
    const gw =
      'apiVersion: gateway.networking.k8s.io/v1\nkind: Gateway\nmetadata: {name: gw-a, namespace: openchoreo-data-plane}\nspec:\n  gatewayClassName: nginx\n  infrastructure:\n    parametersRef: {group: gateway.nginx.org, kind: NginxProxy, name: ngx}\n  listeners:\n    - {name: http, protocol: HTTP, port: 80}\n';
    const proxy = (spec: string): string => `apiVersion: gateway.nginx.org/v1alpha2\nkind: NginxProxy\nmetadata: {name: ngx, namespace: openchoreo-data-plane}\nspec:\n${spec}`;
    const withDefaults = imp({ 'cap.yaml': [INTERNAL_PLANE, gw, proxy('  ipFamily: dual\n  kubernetes:\n    service: {type: ClusterIP, externalTrafficPolicy: Local}\n')].join('---\n') }, [
      'cap.yaml',
    ]);
    assert.equal(withDefaults.code, 0, withDefaults.stderr);
    assert.doesNotMatch(withDefaults.stderr, /import-unmanaged-field|NginxProxy\/ngx/);
    const without = imp({ 'cap.yaml': [INTERNAL_PLANE, gw, proxy('  kubernetes:\n    service: {type: ClusterIP}\n')].join('---\n') }, ['cap.yaml']);
    assert.equal(without.code, 0, without.stderr);
    assert.doesNotMatch(without.stderr, /import-unmanaged-field/);
    const tripped = problemLines(without.stderr)
      .filter((l) => l.includes('[import-round-trip]'))
      .map((l) => /warning: (\w+)\/[^:]+: ([^:]+): does not round-trip(?: \(([^)]+)\))?/.exec(l)!)
      .map((m) => `${m[1]} ${m[3] ?? m[2]}`);
    // diff --live on the same capture, after generate: the same fields, no more, no fewer.
    assert.equal(spawnCli(['generate'], without.root).code, 0);
    const live = spawnCli(['diff', '--live', 'cap.yaml', '--format', 'json'], without.root);
    const doc = JSON.parse(live.stdout) as { resources: { kind: string; fields?: { path: string }[] }[] };
    const reported = doc.resources.flatMap((r) => (r.fields ?? []).map((f) => `${r.kind} ${f.path}`));
    assert.deepEqual([...tripped].sort(), [...reported].sort());
    assert.ok(reported.includes('NginxProxy spec.ipFamily') && reported.includes('Gateway metadata.labels'), live.stdout);
  });

  test('NGINX with a LoadBalancer NginxProxy: no parametersName (generate renders no NginxProxy then), and a warning that it is not managed', () => {
    const plane = INTERNAL_PLANE.replace('internal:\n        name', 'external:\n        name');
    const gw =
      'apiVersion: gateway.networking.k8s.io/v1\nkind: Gateway\nmetadata: {name: gw-a, namespace: openchoreo-data-plane}\nspec:\n  gatewayClassName: nginx\n  infrastructure:\n    parametersRef: {group: gateway.nginx.org, kind: NginxProxy, name: ngx}\n  listeners:\n    - {name: http, protocol: HTTP, port: 80}\n';
    const proxy =
      'apiVersion: gateway.nginx.org/v1alpha2\nkind: NginxProxy\nmetadata: {name: ngx, namespace: openchoreo-data-plane}\nspec:\n  kubernetes:\n    service: {type: LoadBalancer, loadBalancerSourceRanges: [10.0.0.0/8]}\n';
    const r = imp({ 'cap.yaml': [plane, gw, proxy].join('---\n') }, ['cap.yaml']);
    assert.equal(r.code, 0, r.stderr);
    assert.doesNotMatch(readFileSync(join(r.root, 'topologies/default/topology.yaml'), 'utf8'), /parametersName/);
    assert.match(
      r.stderr,
      /^cap\.yaml:\d+:\d+: warning: NginxProxy\/ngx: metadata\.name: gwtopo renders no NginxProxy for a LoadBalancer gateway \(nor a parametersRef on gw-a\), so this one is not managed: .*spec\.kubernetes\.service\.loadBalancerSourceRanges.* \[import-unmanaged-field\]$/m,
    );
    assert.equal(spawnCli(['generate'], r.root).code, 0);
  });

  test('a gateway registered on another data plane\'s Environment: commented and counted as such, not "registered nowhere"', () => {
    const plane =
      'apiVersion: openchoreo.dev/v1alpha1\nkind: ClusterDataPlane\nmetadata: {name: a}\nspec:\n  gateway:\n    ingress:\n      external:\n        name: gw\n        namespace: openchoreo-data-plane\n        http: {host: a.example.com, listenerName: http, port: 80}\n';
    const env =
      'apiVersion: openchoreo.dev/v1alpha1\nkind: Environment\nmetadata: {name: qa, namespace: default}\nspec:\n  dataPlaneRef: {kind: DataPlane, name: default}\n  gateway:\n    ingress:\n      external:\n        name: gw-qa\n        namespace: openchoreo-data-plane\n        http: {host: qa.example.com, port: 80}\n';
    const gateway = (name: string): string =>
      `apiVersion: gateway.networking.k8s.io/v1\nkind: Gateway\nmetadata: {name: ${name}, namespace: openchoreo-data-plane}\nspec:\n  gatewayClassName: kgateway\n  listeners:\n    - {name: http, protocol: HTTP, port: 80}\n`;
    const r = imp({ 'cap.yaml': [plane, env, gateway('gw'), gateway('gw-qa')].join('---\n') }, ['cap.yaml', '--data-plane', 'ClusterDataPlane/a']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /created topologies\/a\/topology\.yaml: 1 gateway \(1 managed, 0 managed: false\), 1 registered only on another data plane \(commented out\)\n/);
    const text = readFileSync(join(r.root, 'topologies/a/topology.yaml'), 'utf8');
    assert.match(text, /# registered on Environment qa of DataPlane\/default\/default, not the imported data plane: /);
    assert.doesNotMatch(text, /registered nowhere/);
    const json = spawnCli(['import', 'cap.yaml', '--data-plane', 'ClusterDataPlane/a', '--cluster', 'b', '--format', 'json'], r.root);
    const doc = JSON.parse(json.stdout) as { gateways: unknown[] };
    assert.deepEqual(doc.gateways[1], { name: 'gw-qa', managed: true, registered: false, registeredOn: 'Environment qa of DataPlane/default/default' });
  });

  test('the report prints paths usable from the working directory (--root elsewhere)', () => {
    const r = imp({ 'cap.yaml': INTERNAL_PLANE }, ['cap.yaml']);
    const root = tempRepo({ 'topologies/.keep': '' });
    const parent = join(root, '..');
    const name = root.slice(parent.length + 1);
    const elsewhere = spawnCli(['import', join(r.root, 'cap.yaml'), '--root', name], parent);
    assert.equal(elsewhere.code, 0, elsewhere.stderr);
    assert.match(elsewhere.stdout, new RegExp(`^created ${name}/topologies/default/topology\\.yaml: `, 'm'));
    assert.match(
      elsewhere.stdout,
      new RegExp(
        `^next: review ${name}/topologies/default/topology\\.yaml, run gwtopo generate --root ${name}, then gwtopo diff --live ${join(r.root, 'cap.yaml').replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} --root ${name} before`,
        'm',
      ),
    );
    assert.ok(existsSync(join(parent, name, 'topologies/default/topology.yaml')));
    assert.match(r.stdout, /^next: review topologies\/default\/topology\.yaml, run gwtopo generate, then gwtopo diff --live cap\.yaml before/m);
  });

  test('another data plane that registers nothing is named too (import-left-out), not dropped', () => {
    const other = '\n---\napiVersion: openchoreo.dev/v1alpha1\nkind: ClusterDataPlane\nmetadata: {name: unrelated}\nspec: {}\n';
    const r = imp({ 'cap.yaml': INTERNAL_PLANE + other }, ['cap.yaml', '--data-plane', 'DataPlane/default/default']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(
      r.stderr,
      /^cap\.yaml:16:1: warning: ClusterDataPlane\/unrelated: spec\.gateway: ClusterDataPlane unrelated is another data plane \(it registers no gateway\): not imported .*\[import-left-out\]$/m,
    );
  });

  test("a proxy Service the implementation would re-create under gwtopo's name is named; an invalid topology says the round trip was not checked", () => {
    const capture = [
      'apiVersion: v1',
      'kind: List',
      'items:',
      '- apiVersion: gateway.networking.k8s.io/v1',
      '  kind: GatewayClass',
      '  metadata: {name: eg}',
      '  spec: {controllerName: gateway.envoyproxy.io/gatewayclass-controller}',
      '- apiVersion: gateway.networking.k8s.io/v1',
      '  kind: Gateway',
      '  metadata: {name: gw-int, namespace: openchoreo-data-plane}',
      '  spec:',
      '    gatewayClassName: eg',
      '    listeners: [{name: http, protocol: HTTP, port: 8080}]',
      '- apiVersion: v1',
      '  kind: Service',
      '  metadata:',
      '    name: envoy-openchoreo-data-plane-gw-int-abc123',
      '    namespace: envoy-gateway-system',
      '    labels: {gateway.envoyproxy.io/owning-gateway-name: gw-int, gateway.envoyproxy.io/owning-gateway-namespace: openchoreo-data-plane}',
      '  spec: {type: LoadBalancer, loadBalancerSourceRanges: [10.0.0.0/8]}',
      '- apiVersion: openchoreo.dev/v1alpha1',
      '  kind: DataPlane',
      '  metadata: {name: default, namespace: default}',
      '  spec:',
      '    gateway:',
      '      ingress:',
      '        internal: {name: gw-int, namespace: openchoreo-data-plane, http: {host: gw.internal.example, listenerName: http, port: 8080}}',
    ].join('\n');
    const r = imp({ 'cap.yaml': capture }, ['cap.yaml']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(
      r.stderr,
      /^cap\.yaml:17:5: warning: Service\/envoy-openchoreo-data-plane-gw-int-abc123: metadata\.name: Service envoy-gateway-system\/envoy-openchoreo-data-plane-gw-int-abc123 is the proxy Service of gateway gw-int, and gwtopo's envoy-gateway gateway names it gw-int: the first sync makes the implementation create Service gw-int \(a new load balancer, a new address\) and remove this one \[import-unmanaged-field\]$/m,
    );
    assert.match(r.stderr, /^cap\.yaml:20:\d+: warning: .*spec\.loadBalancerSourceRanges is not a field a topology sets.*\[import-unmanaged-field\]$/m);
    // The service type the Gateway renders (an internal LoadBalancer without a provider) does not validate: no round trip, and it says so.
    assert.match(r.stderr, /\[import-invalid\]/);
    assert.match(r.stdout, /^round trip: not checked — the written topology does not validate yet/m);
    // Without parameters, the Service type is what the captured proxy Service shows (here ClusterIP): valid, checked.
    const clusterIp = imp({ 'cap.yaml': capture.replace('type: LoadBalancer, ', 'type: ClusterIP, ') }, ['cap.yaml']);
    assert.equal(clusterIp.code, 0, clusterIp.stderr);
    assert.doesNotMatch(readFileSync(join(clusterIp.root, 'topologies/default/topology.yaml'), 'utf8'), /type: LoadBalancer/, 'ClusterIP, the default of an internal gateway');
    assert.doesNotMatch(clusterIp.stderr, /import-invalid/);
    assert.match(clusterIp.stdout, /^round trip: generate reproduces /m);
  });

  test("import's help says what --cluster and --provider do for import (one cluster; the provider inferred)", () => {
    const text = spawnCli(['import', '--help'], tempRepo({})).stdout.replace(/\n {3,}/g, ' ');
    assert.match(text, /--cluster NAME +the cluster to write \(once\): topologies\/NAME\/topology\.yaml; .*\(default: the data plane's name\)/);
    assert.doesNotMatch(text, /repeat for more|default: generic\)/);
    assert.match(text, /\(default: read from the load balancers' annotations \(a cloud's preset\), else k3d for hosts under localhost, else generic\)/);
    const two = spawnCli(['import', 'x.yaml', '--cluster', 'a', '--cluster', 'b'], tempRepo({ 'topologies/.keep': '' }));
    assert.equal(two.code, 2);
    assert.match(two.stderr, /import writes one cluster: give --cluster once \[usage\]/);
  });

  test('objects of a kind import does not read: one import-left-out each while few, one for the kind beyond three', () => {
    const cm = (i: number): string => `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: cm${i}, namespace: x}\ndata: {a: b}\n`;
    const many = imp({ 'cap.yaml': [INTERNAL_PLANE, ...Array.from({ length: 2000 }, (_, i) => cm(i))].join('---\n') }, ['cap.yaml']);
    assert.equal(many.code, 0, many.stderr);
    const left = problemLines(many.stderr).filter((l) => l.includes('[import-left-out]'));
    assert.deepEqual(left, [
      'cap.yaml:12:1: warning: ConfigMap/cm0: ConfigMap (v1): 2,000 objects (cap.yaml:12, cap.yaml:17, cap.yaml:22, …) are not read by import: it reads GatewayClasses, Gateways, their parameters, listener policies and Services, DataPlanes, ClusterDataPlanes and Environments [import-left-out]',
    ]);
    const few = imp({ 'cap.yaml': [INTERNAL_PLANE, cm(0), cm(1), cm(2)].join('---\n') }, ['cap.yaml']);
    assert.equal(problemLines(few.stderr).filter((l) => l.includes('[import-left-out]')).length, 3, few.stderr);
  });

  test('two Gateways sharing one GatewayParameters: the second gets parameters of its own, with a warning; generate accepts it', () => {
    const r = imp({ 'cap.yaml': readFileSync(join(IMPORT, 'shared-parameters.yaml'), 'utf8') }, ['cap.yaml']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(
      r.stderr,
      /^cap\.yaml:33:\d+: warning: Gateway\/gw2: spec\.infrastructure\.parametersRef\.name: shares its parameters shared with gw1; a gwtopo gateway has parameters of its own, so it is imported with gw2-params .*\[import-unmanaged-field\]$/m,
    );
    assert.doesNotMatch(r.stderr, /parameters-name|import-invalid/);
    const text = readFileSync(join(r.root, 'topologies/a/topology.yaml'), 'utf8');
    assert.equal(text.match(/parametersName:/g)?.length, 1, text);
    const g = spawnCli(['generate'], r.root);
    assert.equal(g.code, 0, g.stderr);
    assert.ok(existsSync(join(r.root, 'overlays/a/data-plane/shared.gatewayparameters.yaml')));
    assert.ok(existsSync(join(r.root, 'overlays/a/data-plane/gw2-params.gatewayparameters.yaml')));
    // With the module's default Service (LoadBalancer, nothing else), gwtopo renders no parameters: no parametersName.
    const lb = imp({ 'cap.yaml': readFileSync(join(IMPORT, 'shared-parameters.yaml'), 'utf8').replaceAll('internal:', 'external:').replace('type: ClusterIP', 'type: LoadBalancer') }, ['cap.yaml']);
    assert.equal(lb.code, 0, lb.stderr);
    assert.doesNotMatch(readFileSync(join(lb.root, 'topologies/a/topology.yaml'), 'utf8'), /parametersName/);
    assert.match(lb.stderr, /Gateway\/gw1: spec\.infrastructure\.parametersRef\.name: its Service settings are kgateway's defaults, so gwtopo renders no parameters .*\[import-unmanaged-field\]/);
    assert.equal(spawnCli(['generate'], lb.root).code, 0);
  });
});
