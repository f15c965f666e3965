// The Helm-owned gateway against OpenChoreo's data-plane chart values (contract §12): what the chart's Gateway
// template makes of its values, and the topology's registration of gateway-default checked against them, through
// the real executable — with OpenChoreo's own k3d values (install/k3d/single-cluster/values-dp.yaml) and with the
// chart's defaults (install/helm/openchoreo-data-plane/values.yaml), both at openchoreo/openchoreo v1.2.3.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { CHART_DEFAULTS, chartGateway, mergeValues } from '../generator/topology/chart.js';
import { gitRepo, skip } from './git.js';
import { problemLines, removeTemp, run, spawnCli, tempRepo, topologyYaml, writeFiles } from './helpers.js';

/** OpenChoreo's k3d single-cluster values for the data-plane chart (install/k3d/single-cluster/values-dp.yaml). */
const K3D_VALUES =
  '# Helm values for OpenChoreo Data Plane in k3d single-cluster setup\n\n# Gateway configuration for single-cluster setup\ngateway:\n  httpPort: 19080\n  httpsPort: 19443\n  tls:\n    enabled: false\n';
const VALUES_FILE = 'install/k3d/values-dp.yaml';

/** gateway-default as the k3d installer registers it, plus what the test adds. */
function k3dTopology(listeners: string, extra = ''): string {
  return topologyYaml(
    'k3d-local',
    `provider: k3d\n${extra}dataPlane: {kind: ClusterDataPlane, name: default}\ngateways:\n  - name: gateway-default\n    direction: ingress\n    networking: external\n    scope: dataplane\n    managed: false\n    listeners:\n${listeners}`,
  );
}
const HTTP_19080 = '      - {protocol: HTTP, port: 19080, host: openchoreoapis.localhost}\n';
const HTTPS_19443 = '      - {protocol: HTTPS, port: 19443, host: openchoreoapis.localhost}\n';

describe("the chart's Gateway from its values", () => {
  test("the chart's defaults: http on 80 and https on 443 (hostname *.openchoreoapis.invalid), no passthrough", () => {
    const g = chartGateway(CHART_DEFAULTS);
    assert.equal(g.enabled, true);
    assert.equal(g.className, 'kgateway');
    assert.deepEqual(
      g.listeners.map((l) => [l.name, l.protocol, l.port, l.hostname]),
      [
        ['http', 'HTTP', 80, undefined],
        ['https', 'HTTPS', 443, '*.openchoreoapis.invalid'],
      ],
    );
    assert.deepEqual(g.omitted, [{ name: 'tls-passthrough', protocol: 'TLS', key: 'gateway.tlsPassthrough.enabled' }]);
  });

  test("OpenChoreo's k3d values: http on 19080 only (tls.enabled: false)", () => {
    const g = chartGateway(mergeValues(CHART_DEFAULTS, { gateway: { httpPort: 19080, httpsPort: 19443, tls: { enabled: false } } }));
    assert.deepEqual(
      g.listeners.map((l) => [l.name, l.port]),
      [['http', 19080]],
    );
    assert.deepEqual(
      g.omitted.map((o) => o.key),
      ['gateway.tls.enabled', 'gateway.tlsPassthrough.enabled'],
    );
  });

  test("Helm's merge and its `default`: null deletes a key, maps merge, lists replace, an empty port is the template's default", () => {
    assert.deepEqual(mergeValues({ a: { b: 1, c: [1, 2] }, d: 1 }, { a: { c: [3] }, d: null }), { a: { b: 1, c: [3] } });
    const g = chartGateway(mergeValues(CHART_DEFAULTS, { gateway: { httpPort: 0, tls: { enabled: null }, tlsPassthrough: { enabled: true, port: '9443' }, gatewayClassName: '' } }));
    assert.deepEqual(
      g.listeners.map((l) => [l.name, l.port]),
      [
        ['http', 80],
        ['tls-passthrough', 9443],
      ],
    );
    assert.equal(g.className, 'kgateway');
    assert.equal(chartGateway(mergeValues(CHART_DEFAULTS, { gateway: { enabled: false } })).enabled, false);
  });
});

describe('spec.chart.values: the registration of gateway-default against the chart', () => {
  test("k3d values turn the chart's TLS listener off: a registered HTTPS listener on 19443 is chart-mismatch at its line, naming the values file; nothing written", () => {
    const topology = k3dTopology(HTTP_19080 + HTTPS_19443, `chart:\n  values: [${VALUES_FILE}]\n`);
    const root = tempRepo({ 'topologies/k3d-local/topology.yaml': topology, [VALUES_FILE]: K3D_VALUES });
    const r = spawnCli(['generate'], root);
    assert.equal(r.code, 2, r.stderr);
    const line = topology.split('\n').findIndex((l) => l.includes('protocol: HTTPS')) + 1;
    assert.deepEqual(problemLines(r.stderr), [
      `topologies/k3d-local/topology.yaml:${line}:22: error: spec.gateways[0].listeners[1].protocol: gateway-default registers listener "https" (HTTPS on port 19443), but OpenChoreo's data-plane chart with values ${VALUES_FILE} does not open it: the chart opens no "https" listener (gateway.tls.enabled: false in ${VALUES_FILE}); OpenChoreo's URLs through it would lead nowhere [chart-mismatch]`,
    ]);
    assert.match(r.stderr, /hint: remove this listener, or set gateway\.tls\.enabled: true in the chart's values/);
    assert.ok(!existsSync(join(root, 'overlays')), 'nothing written');
    // An error: acceptWarnings cannot silence it.
    const accepting = tempRepo({ 'topologies/k3d-local/topology.yaml': topology.replace('spec:\n', 'spec:\n  acceptWarnings: [chart-listener-unregistered]\n'), [VALUES_FILE]: K3D_VALUES });
    assert.equal(spawnCli(['validate'], accepting).code, 2);
  });

  test('the same registration of http on 19080 alone agrees with the k3d values: exit 0', () => {
    const root = tempRepo({ 'topologies/k3d-local/topology.yaml': k3dTopology(HTTP_19080, `chart:\n  values: [${VALUES_FILE}]\n`), [VALUES_FILE]: K3D_VALUES });
    const r = spawnCli(['generate'], root);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(problemLines(r.stderr), []);
  });

  test("a port the chart's values put elsewhere: chart-mismatch at the port, naming the value and its default", () => {
    const topology = k3dTopology('      - {protocol: HTTP, port: 19080, host: openchoreoapis.localhost}\n', 'chart:\n  values: []\n');
    const root = tempRepo({ 'topologies/k3d-local/topology.yaml': topology });
    const r = spawnCli(['validate'], root);
    assert.equal(r.code, 2, r.stderr);
    const lines = problemLines(r.stderr);
    const line = topology.split('\n').findIndex((l) => l.includes('port: 19080')) + 1;
    assert.match(lines[1]!, new RegExp(`:${line}:34: error: spec`));
    assert.match(
      lines[1]!,
      /: error: spec\.gateways\[0\]\.listeners\[0\]\.port: gateway-default registers listener "http" \(HTTP on port 19080\), but OpenChoreo's data-plane chart with the chart's default values does not open it: the chart opens "http" on port 80 \(gateway\.httpPort, the chart's default 80\)/,
    );
    // The chart's defaults also open https on 443, which this registration leaves out.
    assert.match(
      lines[0]!,
      /warning: spec\.gateways\[0\]\.listeners: OpenChoreo's data-plane chart with the chart's default values opens listener "https" \(HTTPS on port 443\) on gateway-default, which this registration leaves out: OpenChoreo will not route through it \[chart-listener-unregistered\]$/,
    );
    assert.equal(lines.length, 2);
  });

  test("gwtopo.yaml spec.chart.clusters names the values by cluster pattern; the topology's own spec.chart wins", () => {
    const config = 'apiVersion: gwtopo/v1alpha1\nkind: Repository\nspec:\n  chart:\n    clusters:\n      "k3d-*": [install/k3d/values-dp.yaml]\n';
    const files = { 'gwtopo.yaml': config, [VALUES_FILE]: K3D_VALUES, 'topologies/k3d-local/topology.yaml': k3dTopology(HTTP_19080 + HTTPS_19443) };
    const r = spawnCli(['validate'], tempRepo(files));
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, /\[chart-mismatch\]/);
    const own = spawnCli(
      ['validate'],
      tempRepo({
        ...files,
        'topologies/k3d-local/topology.yaml': k3dTopology(HTTP_19080 + HTTPS_19443, 'chart:\n  values: [own.yaml]\n'),
        'own.yaml': 'gateway: {httpPort: 19080, httpsPort: 19443}\n',
      }),
    );
    assert.equal(own.code, 0, own.stderr);
  });

  test('a values file that is missing, a folder, or not a map: chart-values at the entry that names it', () => {
    for (const [files, message] of [
      [{}, 'no file missing.yaml in the repository'],
      [{ 'missing.yaml/x': '' }, 'missing.yaml is a folder, not a values file'],
      [{ 'missing.yaml': '- a\n' }, 'missing.yaml does not hold a map of values'],
    ] as const) {
      const topology = k3dTopology(HTTP_19080, 'chart:\n  values: [missing.yaml]\n');
      const r = spawnCli(['validate'], tempRepo({ 'topologies/k3d-local/topology.yaml': topology, ...files }));
      assert.equal(r.code, 2, r.stderr);
      const line = topology.split('\n').findIndex((l) => l.includes('values: [missing.yaml]')) + 1;
      assert.deepEqual(problemLines(r.stderr), [`topologies/k3d-local/topology.yaml:${line}:14: error: spec.chart.values[0]: ${message} [chart-values]`]);
    }
  });

  test('values the chart cannot render, and files that are no values files: chart-values, never an internal error or NaN', () => {
    for (const [content, message] of [
      ['gateway: &g {x: *g}\n', 'v.yaml holds itself through an alias'],
      [
        `a: &a [x, x, x, x, x, x, x, x, x, x]\n${Array.from(
          { length: 4 },
          (_, i) =>
            `${'b'.repeat(i + 1)}: &${'b'.repeat(i + 1)} [${Array(11)
              .fill(`*${i === 0 ? 'a' : 'b'.repeat(i)}`)
              .join(', ')}]`,
        ).join('\n')}\n`,
        'v.yaml expands more than 100 aliases',
      ],
      ['gateway:\n  httpPort: abc\n', 'v.yaml: gateway.httpPort is "abc", not a port (a whole number from 1 to 65535)'],
      ['gateway:\n  httpPort: true\n', 'v.yaml: gateway.httpPort is true, not a port (a whole number from 1 to 65535)'],
      ['gateway: hello\n', 'v.yaml: gateway is "hello", not a map of values'],
    ] as const) {
      const topology = k3dTopology(HTTP_19080, 'chart:\n  values: [v.yaml]\n');
      const r = spawnCli(['validate', '--format', 'json'], tempRepo({ 'topologies/k3d-local/topology.yaml': topology, 'v.yaml': content }));
      assert.equal(r.code, 2, r.stderr);
      const report = JSON.parse(r.stdout) as { problems: { rule: string; message: string; line: number }[] };
      assert.deepEqual(
        report.problems.map((p) => [p.rule, p.message, p.line]),
        [['chart-values', message, 8]],
      );
    }
    const absolute = spawnCli(['validate'], tempRepo({ 'topologies/k3d-local/topology.yaml': k3dTopology(HTTP_19080, 'chart:\n  values: [/etc/hostname, ""]\n') }));
    assert.deepEqual(
      problemLines(absolute.stderr).map((l) => l.replace(/^.*?: error: /, '')),
      ['spec.chart.values[0]: must be a path relative to the repository root (got "/etc/hostname") [schema]', 'spec.chart.values[1]: must be a path relative to the repository root (got "") [schema]'],
      'the schema alone says it, once per value',
    );
  });

  test("on k3d, a managed LoadBalancer gateway on a port the chart's Gateway binds is k3d-port-conflict", () => {
    const topology = topologyYaml(
      'k3d-local',
      `provider: k3d\nchart:\n  values: [${VALUES_FILE}]\ngateways:\n  - name: mine\n    direction: ingress\n    networking: external\n    scope: dataplane\n    listeners:\n      - {protocol: HTTP, port: 19080, host: mine.localhost}\n`,
    );
    const r = spawnCli(['validate'], tempRepo({ 'topologies/k3d-local/topology.yaml': topology, [VALUES_FILE]: K3D_VALUES }));
    assert.equal(r.code, 2, r.stderr);
    assert.deepEqual(problemLines(r.stderr), [
      `topologies/k3d-local/topology.yaml:15:34: error: spec.gateways[0].listeners[0].port: OpenChoreo's data-plane chart's Gateway gateway-default listens on port 19080 (gateway.httpPort: 19080 in ${VALUES_FILE}) and gateway "mine" does too; k3s's service load balancer binds each LoadBalancer port on the nodes once [k3d-port-conflict]`,
    ]);
  });

  test('values named by a profile: a problem points into the profile file', () => {
    const profile = 'apiVersion: gwtopo/v1alpha1\nkind: GatewayProfile\nmetadata:\n  name: k3d\nspec:\n  chart:\n    values: [nowhere.yaml]\n';
    const topology = k3dTopology(HTTP_19080).replace('spec:\n', 'spec:\n  profiles: [k3d]\n');
    const r = spawnCli(['validate'], tempRepo({ 'topologies/k3d-local/topology.yaml': topology, 'topologies/_profiles/k3d.yaml': profile }));
    assert.equal(r.code, 2, r.stderr);
    assert.deepEqual(problemLines(r.stderr), ['topologies/_profiles/k3d.yaml:7:14: error: spec.chart.values[0]: no file nowhere.yaml in the repository [chart-values]']);
  });
});

describe('gwtopo diff with chart values', { skip }, () => {
  test("the base revision's values files are read from git: a valid base stays valid, a values change alone is seen", async () => {
    const topology = k3dTopology(HTTP_19080, `chart:\n  values: [${VALUES_FILE}]\n`);
    const root = gitRepo({ 'topologies/k3d-local/topology.yaml': topology, [VALUES_FILE]: K3D_VALUES });
    try {
      const same = await run(['diff', '--base', 'HEAD', '--format', 'json'], root);
      assert.equal(same.code, 0, same.stderr);
      assert.deepEqual((JSON.parse(same.stdout) as { baseProblems: unknown[] }).baseProblems, []);
      // The values move http to 80: the unchanged topology's registration no longer matches at head.
      writeFiles(root, { [VALUES_FILE]: 'gateway:\n  tls: {enabled: false}\n' });
      const moved = await run(['diff', '--base', 'HEAD'], root);
      assert.equal(moved.code, 2);
      assert.match(moved.stderr, /\[chart-mismatch\]/);
    } finally {
      removeTemp(root);
    }
  });
});

describe('gwtopo init --chart-values', () => {
  test('registers gateway-default with the listeners the values open, names the file, and validates', () => {
    const root = tempRepo({ [VALUES_FILE]: K3D_VALUES });
    const r = spawnCli(['init', 'k3d-local', '--provider', 'k3d', '--chart-values', VALUES_FILE], root);
    assert.equal(r.code, 0, r.stderr);
    const written = readFileSync(join(root, 'topologies/k3d-local/topology.yaml'), 'utf8');
    assert.match(written, /\n {2}chart:\n {4}values: \[install\/k3d\/values-dp\.yaml\]\n/);
    assert.match(written, /- protocol: HTTP {2}# http, from gateway\.httpPort in install\/k3d\/values-dp\.yaml \(or the chart's default\)\n {10}port: 19080\n/);
    assert.doesNotMatch(written, /\n {8}- protocol: HTTPS/, 'the k3d values open no HTTPS listener');
    const v = spawnCli(['validate'], root);
    assert.equal(v.code, 0, v.stderr);
    assert.deepEqual(problemLines(v.stderr), []);
  });

  test('several values files merge in order; a TLS passthrough listener scaffolds without a warning', () => {
    const root = tempRepo({ 'a.yaml': 'gateway: {httpPort: 8080}\n', 'b.yaml': 'gateway:\n  tls: {enabled: false}\n  tlsPassthrough: {enabled: true}\n' });
    const r = spawnCli(['init', 'c', '--chart-values', 'a.yaml', '--chart-values', 'b.yaml'], root);
    assert.equal(r.code, 0, r.stderr);
    const written = readFileSync(join(root, 'topologies/c/topology.yaml'), 'utf8');
    assert.match(written, /\n {4}values: \[a\.yaml, b\.yaml\]\n/);
    assert.match(written, /port: 8080\n/);
    assert.match(written, /- protocol: TLS {2}# tls-passthrough/);
    const v = spawnCli(['validate'], root);
    assert.equal(v.code, 0, v.stderr);
    assert.deepEqual(problemLines(v.stderr), []);
  });

  test('a values file outside the repository, or one that turns the Gateway off, is refused and nothing is written', () => {
    const root = tempRepo({ 'off.yaml': 'gateway: {enabled: false}\n' });
    const outside = spawnCli(['init', 'c', '--chart-values', '/etc/hostname'], root);
    assert.equal(outside.code, 2);
    assert.match(outside.stderr, /--chart-values: \/etc\/hostname is outside the repository \[chart-values\]/);
    const off = spawnCli(['init', 'c', '--chart-values', 'off.yaml'], root);
    assert.equal(off.code, 2);
    assert.match(off.stderr, /turns the chart's Gateway off \(gateway\.enabled: false\): there is no gateway-default to register/);
    assert.ok(!existsSync(join(root, 'topologies')));
  });
});
