// Schema sets in the pipeline (TOPOLOGY.md §9): each cluster's rendered resources are validated against the
// set its topology (spec.crds) or gwtopo.yaml (spec.crds.default / clusters) names — a builtin set or the
// cluster's own CRDs — in generate, check, validate and diff. One failing case per rule: exit code, the
// exact file:line:col line, the message; generate writes nothing.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { chooseSet } from '../generator/conform/choice.js';
import { originOf } from '../generator/conform/stage.js';
import type { CrdsConfig, SetRef } from '../generator/topology/config.js';
import { clusterEntry, patternMatches } from '../generator/topology/config.js';
import { ANYTHING, crd, crdList, OPENCHOREO_CRDS } from './crd.js';
import { problemLines, removeTemp, run, spawnCli, tempRepo, topologyYaml, which, writeFiles, yaml } from './helpers.js';

const T = 'topologies/prod-eu/topology.yaml';

/** A topology of prod-eu with one external gateway (kgateway's default Service: no parameters object). */
function topology(crds: string | undefined, service = ''): string {
  return topologyYaml(
    'prod-eu',
    `${crds === undefined ? '' : `crds: ${crds}\n`}gateways:\n  - name: edge\n    direction: ingress\n    networking: external\n    scope: dataplane\n${service}    listeners:\n      - {protocol: HTTP, port: 80, host: edge.example.com}\n`,
  );
}

/** Gateway API as an old cluster might run it: a Gateway without spec.infrastructure. */
const OLD_GATEWAY = crd({
  group: 'gateway.networking.k8s.io',
  kind: 'Gateway',
  version: 'v1',
  spec: { type: 'object', required: ['gatewayClassName', 'listeners'], properties: { gatewayClassName: { type: 'string' }, listeners: { type: 'array', items: ANYTHING } } },
});
const GATEWAY = crd({ group: 'gateway.networking.k8s.io', kind: 'Gateway', version: 'v1' });
/** kgateway's ListenerPolicy: every managed kgateway Gateway has one (WebSocket upgrades, TOPOLOGY.md §10). */
const LISTENERS = crd({ group: 'gateway.kgateway.dev', kind: 'ListenerPolicy' });

describe('a cluster on its own CRDs (spec.crds: a path)', () => {
  test('crd-invalid: a Gateway CRD without spec.infrastructure fails generate, naming the field, the cluster and the set; nothing is written', async () => {
    const root = tempRepo({ [T]: topology('crds/prod-eu.yaml'), 'crds/prod-eu.yaml': crdList([OLD_GATEWAY, LISTENERS, ...OPENCHOREO_CRDS]) });
    try {
      const r = spawnCli(['generate'], root);
      assert.equal(r.code, 2, r.stderr);
      assert.deepEqual(problemLines(r.stderr), [
        `${T}:8:7: error: spec.gateways[0]: Gateway openchoreo-data-plane/edge (overlays/prod-eu/data-plane/edge.gateway.yaml): spec.infrastructure: unknown field "spec.infrastructure" (cluster prod-eu, schema set crds/prod-eu.yaml) [crd-invalid]`,
      ]);
      assert.match(
        r.stderr,
        /hint: gwtopo renders this itself \(it is not in the topology\), and the cluster's own CRDs \(crds\/prod-eu\.yaml\) refuse it: upgrade Gateway API's standard-channel CRDs .* on the cluster and capture them again/,
      );
      assert.match(r.stderr, /gwtopo: 1 error in 1 file; nothing written\n$/);
      assert.equal(existsSync(join(root, 'overlays')), false);
      // check and validate refuse it the same way
      for (const command of ['check', 'validate']) assert.deepEqual(problemLines((await run([command], root)).stderr).length, 1, command);
    } finally {
      removeTemp(root);
    }
  });

  test('crd-missing: a set without GatewayParameters names the kind and what installs it', async () => {
    const service = '    service:\n      annotations: {example.com/team: edge}\n';
    const root = tempRepo({ [T]: topology('crds', service), 'crds/gateway-api.yaml': crdList([GATEWAY, LISTENERS]), 'crds/openchoreo.yaml': crdList(OPENCHOREO_CRDS) });
    try {
      const r = await run(['generate'], root);
      assert.equal(r.code, 2, r.stderr);
      assert.deepEqual(problemLines(r.stderr), [
        `${T}:12:7: error: spec.gateways[0].service: GatewayParameters openchoreo-data-plane/edge-params (overlays/prod-eu/data-plane/edge-params.gatewayparameters.yaml): schema set crds has no CustomResourceDefinition for gateway.kgateway.dev/v1alpha1, Kind=GatewayParameters (cluster prod-eu, schema set crds) [crd-missing]`,
      ]);
      assert.match(
        r.stderr,
        /hint: install kgateway's CRDs \(the kgateway-crds Helm chart.*\) on the cluster and capture its CRDs into crds again, or choose the set the cluster runs \(spec\.crds, https:\/\/github\.com\/gwtopo\/gwtopo\/blob\/main\/docs\/schema-sets\.md\)/,
      );
    } finally {
      removeTemp(root);
    }
  });

  test('crd-missing: a kgateway without ListenerPolicy refuses the WebSocket policy; websocket: false renders none', async () => {
    const root = tempRepo({ [T]: topology('crds'), 'crds/gateway-api.yaml': crdList([GATEWAY]), 'crds/openchoreo.yaml': crdList(OPENCHOREO_CRDS) });
    try {
      const r = await run(['validate'], root);
      assert.equal(r.code, 2, r.stderr);
      assert.deepEqual(problemLines(r.stderr), [
        `${T}:8:7: error: spec.gateways[0]: ListenerPolicy openchoreo-data-plane/edge-listeners (overlays/prod-eu/data-plane/edge-listeners.listenerpolicy.yaml): schema set crds has no CustomResourceDefinition for gateway.kgateway.dev/v1alpha1, Kind=ListenerPolicy (cluster prod-eu, schema set crds) [crd-missing]`,
      ]);
      assert.match(r.stderr, /; or set websocket: false on the gateway, which then renders no ListenerPolicy/);
      writeFiles(root, { [T]: topology('crds', '    websocket: false\n') });
      const off = await run(['validate'], root);
      assert.equal(off.code, 0, off.stderr);
    } finally {
      removeTemp(root);
    }
  });

  test('crd-not-checked: a rule the evaluator cannot compile is a warning, never a silent pass', async () => {
    const dataPlane = crd({
      group: 'openchoreo.dev',
      kind: 'DataPlane',
      spec: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true, 'x-kubernetes-validations': [{ rule: 'self.gateway.frobnicate()', message: 'gateways are frobnicated' }] },
    });
    const root = tempRepo({ [T]: topology('crds/prod-eu.yaml'), 'crds/prod-eu.yaml': crdList([GATEWAY, LISTENERS, dataPlane]) });
    try {
      const r = await run(['generate'], root);
      assert.equal(r.code, 0, r.stderr);
      const lines = problemLines(r.stderr);
      assert.equal(lines.length, 1, r.stderr);
      assert.equal(
        lines[0],
        `${T}:4:3: warning: metadata.name: DataPlane default/default (overlays/prod-eu/control-plane/default.dataplane.yaml): spec: rule not checked: the function frobnicate is not available offline (rule: self.gateway.frobnicate()) (cluster prod-eu, schema set crds/prod-eu.yaml) [crd-not-checked]`,
      );
      assert.match(r.stderr, /hint: gwtopo could not evaluate this rule/);
    } finally {
      removeTemp(root);
    }
  });

  for (const [name, files, line] of [
    ['a missing path', {}, `${T}:6:9: error: spec.crds: no file or folder crds/prod-eu.yaml in the repository [schema-set]`],
    [
      'a file that is not YAML',
      { 'crds/prod-eu.yaml': 'a: [\n' },
      `${T}:6:9: error: spec.crds: crds/prod-eu.yaml:2:1 is not valid YAML: Flow sequence in block collection must be sufficiently indented and end with a ] [schema-set]`,
    ],
    [
      'a file without CRDs',
      { 'crds/prod-eu.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n' },
      /^topologies\/prod-eu\/topology\.yaml:6:9: error: spec\.crds: crds\/prod-eu\.yaml: .*CustomResourceDefinition.* \[schema-set\]$/,
    ],
  ] as const) {
    test(`schema-set: ${name} is an error at the spec.crds value`, async () => {
      const root = tempRepo({ [T]: topology('crds/prod-eu.yaml'), ...files });
      try {
        const r = await run(['validate'], root);
        assert.equal(r.code, 2);
        const lines = problemLines(r.stderr);
        assert.equal(lines.length, 1, r.stderr);
        if (typeof line === 'string') assert.equal(lines[0], line);
        else assert.match(lines[0]!, line);
      } finally {
        removeTemp(root);
      }
    });
  }

  test('schema-set: an unknown builtin name gets a did-you-mean', async () => {
    const root = tempRepo({ [T]: topology('openchoreo-v1.3') });
    try {
      const r = await run(['validate'], root);
      assert.equal(r.code, 2);
      assert.deepEqual(problemLines(r.stderr), [
        `${T}:6:9: error: spec.crds: unknown schema set "openchoreo-v1.3": not a builtin set (openchoreo-v1.1, openchoreo-v1.2), and no file or folder of that name [schema-set]`,
      ]);
      assert.match(r.stderr, /hint: did you mean "openchoreo-v1\.2"\?/);
    } finally {
      removeTemp(root);
    }
  });
});

describe("choosing a cluster's set", () => {
  const config = (crds: string): string => `apiVersion: gwtopo/v1alpha1\nkind: Repository\nspec:\n  crds:\n${crds.replace(/^/gm, '    ')}\n`;
  const cluster = (name: string, crds?: string): Record<string, string> => ({
    [`topologies/${name}/topology.yaml`]: topologyYaml(name, `${crds === undefined ? '' : `crds: ${crds}\n`}gateways: []\n`),
  });

  test('topology spec.crds, then the most specific gwtopo.yaml pattern, then spec.crds.default, then openchoreo-v1.2', async () => {
    const root = tempRepo({
      ...cluster('prod-eu-1'),
      ...cluster('prod-us-1'),
      ...cluster('prod-eu-2', 'openchoreo-v1.2'),
      ...cluster('dev'),
      ...cluster('lab'),
      'gwtopo.yaml': config('default: openchoreo-v1.1\nclusters:\n  "prod-*": openchoreo-v1.2\n  "prod-eu-*": openchoreo-v1.1\n  "*-eu-*": openchoreo-v1.2\n  dev: openchoreo-v1.2'),
    });
    try {
      const r = await run(['validate', '--format', 'json'], root);
      assert.equal(r.code, 0, r.stdout);
      assert.deepEqual((JSON.parse(r.stdout) as { schemaSets: unknown }).schemaSets, {
        dev: 'openchoreo-v1.2',
        lab: 'openchoreo-v1.1',
        'prod-eu-1': 'openchoreo-v1.1',
        'prod-eu-2': 'openchoreo-v1.2',
        'prod-us-1': 'openchoreo-v1.2',
      });
      removeTemp(join(root, 'gwtopo.yaml'));
      const bare = JSON.parse((await run(['validate', '--format', 'json'], root)).stdout) as { schemaSets: Record<string, string> };
      assert.deepEqual(Object.values(bare.schemaSets), ['openchoreo-v1.2', 'openchoreo-v1.2', 'openchoreo-v1.2', 'openchoreo-v1.2', 'openchoreo-v1.2']);
    } finally {
      removeTemp(root);
    }
  });

  test('gwtopo.yaml: a set that does not load is reported once, at gwtopo.yaml; a pattern that matches no cluster is a warning', async () => {
    const root = tempRepo({ ...cluster('a'), ...cluster('b'), 'gwtopo.yaml': config('default: openchoreo-v1.0\nclusters:\n  "prod-*": crds/prod.yaml\n  a: openchoreo-v1.1') });
    try {
      const r = await run(['validate'], root);
      assert.equal(r.code, 2);
      assert.deepEqual(problemLines(r.stderr), [
        'gwtopo.yaml:5:14: error: spec.crds.default: unknown schema set "openchoreo-v1.0": not a builtin set (openchoreo-v1.1, openchoreo-v1.2), and no file or folder of that name [schema-set]',
        'gwtopo.yaml:7:17: error: spec.crds.clusters["prod-*"]: no file or folder crds/prod.yaml in the repository [schema-set]',
        'gwtopo.yaml:7:17: warning: spec.crds.clusters["prod-*"]: the pattern "prod-*" matches no cluster under topologies/ [schema-set-unused]',
      ]);
    } finally {
      removeTemp(root);
    }
  });

  test('the schemas: spec.crds takes a set or a path, never an absolute path or one with ..', async () => {
    const root = tempRepo({ ...cluster('a', '/etc/crds'), 'gwtopo.yaml': config('clusters:\n  "Prod_*": openchoreo-v1.1') });
    try {
      const r = await run(['validate'], root);
      assert.equal(r.code, 2);
      assert.deepEqual(problemLines(r.stderr), [
        `gwtopo.yaml:6:7: error: spec.crds.clusters["Prod_*"]: key must be a cluster name or a pattern of one: lower-case letters, digits, '-', and the wildcards * and ? [schema]`,
        `topologies/a/topology.yaml:6:9: error: spec.crds: must be a builtin schema set (openchoreo-v1.1, openchoreo-v1.2) or a path relative to the repository root, without '..' (e.g. crds/prod-eu.yaml) (got "/etc/crds") [schema]`,
      ]);
    } finally {
      removeTemp(root);
    }
  });

  test('the engine objects are validated against spec.crds.default, their problems at the engine in spec.engines', async () => {
    const root = tempRepo({
      ...cluster('a'),
      'crds/control-plane.yaml': crdList([...OPENCHOREO_CRDS, GATEWAY]),
      'gwtopo.yaml': `apiVersion: gwtopo/v1alpha1\nkind: Repository\nspec:\n  repository: {url: https://git.example.com/r.git}\n  engines: [flux, argocd]\n  crds:\n    default: crds/control-plane.yaml\n    clusters: {a: openchoreo-v1.2}\n`,
    });
    try {
      const r = await run(['validate'], root);
      assert.equal(r.code, 2);
      assert.deepEqual(
        problemLines(r.stderr).map((l) => l.replace(/ \(overlays\/_gitops\/.*$/, '')),
        [
          'gwtopo.yaml:5:19: error: spec.engines[1]: ApplicationSet argocd/gwtopo-control-plane',
          'gwtopo.yaml:5:19: error: spec.engines[1]: ApplicationSet argocd/gwtopo-data-plane',
          'gwtopo.yaml:5:13: error: spec.engines[0]: GitRepository flux-system/gwtopo',
          'gwtopo.yaml:5:13: error: spec.engines[0]: Kustomization flux-system/gwtopo-a-control-plane',
          'gwtopo.yaml:5:13: error: spec.engines[0]: Kustomization flux-system/gwtopo-a-data-plane',
        ].sort(),
      );
      assert.match(
        r.stderr,
        /ApplicationSet argocd\/gwtopo-data-plane \(overlays\/_gitops\/argocd\/gwtopo-data-plane\.applicationset\.yaml\): schema set crds\/control-plane\.yaml has no CustomResourceDefinition for argoproj\.io\/v1alpha1, Kind=ApplicationSet \(the engine objects, schema set crds\/control-plane\.yaml\) \[crd-missing\]/,
      );
      assert.match(r.stderr, /hint: install Argo CD \(/);
    } finally {
      removeTemp(root);
    }
  });

  test('patterns: * any characters, ? one; a name without wildcards wins, then the most literal characters, then the first written', () => {
    assert.ok(patternMatches('prod-*', 'prod-eu'));
    assert.ok(patternMatches('prod-?', 'prod-1'));
    assert.ok(!patternMatches('prod-?', 'prod-12'));
    assert.ok(!patternMatches('prod', 'prod-eu'));
    assert.ok(patternMatches('*', 'anything'));
    assert.ok(!patternMatches('p.d', 'pxd'), 'a dot is literal');
    const ref = (value: string): SetRef => ({ value, file: 'gwtopo.yaml', line: 1, col: 1, path: '' });
    const crds: CrdsConfig = {
      default: ref('d'),
      clusters: [
        { pattern: '*-eu', set: ref('tail') },
        { pattern: 'prod-*', set: ref('head') },
        { pattern: 'prod-e?', set: ref('head2') },
        { pattern: 'prod-eu', set: ref('exact') },
        { pattern: 'x*', set: ref('x1') },
        { pattern: '*x', set: ref('x2') },
      ],
    };
    assert.equal(clusterEntry(crds.clusters, 'prod-eu')?.set.value, 'exact');
    assert.equal(clusterEntry(crds.clusters, 'prod-ea')?.set.value, 'head2', 'prod-e? has 6 literal characters, prod-* 5');
    assert.equal(clusterEntry(crds.clusters, 'dev-eu')?.set.value, 'tail');
    assert.equal(clusterEntry(crds.clusters, 'xx')?.set.value, 'x1', 'a tie goes to the first written');
    assert.equal(clusterEntry(crds.clusters, 'other'), undefined);
    assert.deepEqual(chooseSet('other', undefined, crds), { value: 'd', ref: ref('d'), own: false });
    assert.deepEqual(chooseSet('other', ref('mine'), crds), { value: 'mine', ref: ref('mine'), own: true });
    assert.deepEqual(chooseSet('other', undefined, undefined), { value: 'openchoreo-v1.2', own: false });
  });
});

describe('origins: a value in the output maps back to the topology', () => {
  test("the longest matching field wins; anything else is the resource's own path", () => {
    const origin = {
      path: ['spec', 'gateways', 2],
      fields: [
        { at: ['spec', 'listeners', 0], from: ['spec', 'gateways', 2, 'listeners', 1] },
        { at: ['spec'], from: ['x'] },
      ],
    };
    assert.deepEqual(originOf(origin, ['spec', 'listeners', 0, 'port']), ['spec', 'gateways', 2, 'listeners', 1]);
    assert.deepEqual(originOf(origin, ['spec', 'listeners', 1]), ['x']);
    assert.deepEqual(originOf(origin, ['metadata', 'name']), ['spec', 'gateways', 2]);
    assert.deepEqual(originOf({ path: ['metadata', 'name'] }, []), ['metadata', 'name']);
  });

  test("a listener's value points at that listener (listeners are rendered sorted by name)", async () => {
    const listenerCrd = crd({
      group: 'gateway.networking.k8s.io',
      kind: 'Gateway',
      version: 'v1',
      spec: {
        type: 'object',
        'x-kubernetes-preserve-unknown-fields': true,
        properties: { listeners: { type: 'array', items: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true, properties: { port: { type: 'integer', maximum: 1000 } } } } },
      },
    });
    const spec = yaml`
      crds: crds.yaml
      gateways:
        - name: edge
          direction: ingress
          networking: external
          scope: dataplane
          listeners:
            - {protocol: HTTPS, port: 8443, host: edge.example.com, tls: {certificateRefs: [{name: c}]}}
            - {protocol: HTTP, port: 80, host: edge.example.com}
    `;
    const root = tempRepo({ [T]: topologyYaml('prod-eu', spec), 'crds.yaml': crdList([listenerCrd, LISTENERS, ...OPENCHOREO_CRDS]) });
    try {
      const r = await run(['validate'], root);
      assert.equal(r.code, 2);
      assert.deepEqual(problemLines(r.stderr), [
        `${T}:13:11: error: spec.gateways[0].listeners[0]: Gateway openchoreo-data-plane/edge (overlays/prod-eu/data-plane/edge.gateway.yaml): spec.listeners[1].port: Invalid value: 8443: should be less than or equal to 1000 (cluster prod-eu, schema set crds.yaml) [crd-invalid]`,
      ]);
    } finally {
      removeTemp(root);
    }
  });
});

describe('diff: transition rules (oldSelf) between the base and the head', () => {
  const git = (cwd: string, ...args: string[]): void => {
    const r = spawnSync('git', ['-c', 'commit.gpgsign=false', '-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], {
      cwd,
      encoding: 'utf8',
      env: { ...process.env, GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1' },
    });
    assert.equal(r.status, 0, r.stderr);
  };
  // A cluster whose DataPlane CRD makes the external ingress gateway immutable once registered.
  const dataPlane = crd({
    group: 'openchoreo.dev',
    kind: 'DataPlane',
    spec: {
      type: 'object',
      'x-kubernetes-preserve-unknown-fields': true,
      properties: {
        gateway: {
          type: 'object',
          'x-kubernetes-preserve-unknown-fields': true,
          properties: {
            ingress: {
              type: 'object',
              'x-kubernetes-preserve-unknown-fields': true,
              properties: {
                external: {
                  type: 'object',
                  'x-kubernetes-preserve-unknown-fields': true,
                  properties: { name: { type: 'string' } },
                  'x-kubernetes-validations': [{ rule: 'self.name == oldSelf.name', message: 'the external ingress gateway cannot be replaced' }],
                },
              },
            },
          },
        },
      },
    },
  });
  const withGateway = (name: string, port = 80): string =>
    topologyYaml(
      'prod-eu',
      `crds: crds.yaml\ngateways:\n  - name: ${name}\n    direction: ingress\n    networking: external\n    scope: dataplane\n    listeners:\n      - {protocol: HTTP, port: ${port}, host: edge.example.com}\n`,
    );

  test('a change the API server would refuse on update is an error naming the resource and the rule', { skip: which('git') ? false : 'git is not installed' }, async () => {
    const root = tempRepo({ [T]: withGateway('edge'), 'crds.yaml': crdList([GATEWAY, LISTENERS, dataPlane]) });
    try {
      git(root, 'init', '-q');
      git(root, 'add', '-A');
      git(root, 'commit', '-qm', 'base');
      // Another port: an update the rule allows.
      writeFiles(root, { [T]: withGateway('edge', 8080) });
      const allowed = await run(['diff', '--base', 'HEAD'], root);
      assert.equal(allowed.code, 0, allowed.stderr);
      // Another gateway in the slot: refused on update (a create of the same object would pass).
      writeFiles(root, { [T]: withGateway('edge2') });
      assert.equal((await run(['validate'], root)).code, 0);
      const refused = await run(['diff', '--base', 'HEAD'], root);
      assert.equal(refused.code, 2);
      assert.deepEqual(problemLines(refused.stderr), [
        `${T}:8:7: error: spec.gateways[0]: DataPlane default/default (overlays/prod-eu/control-plane/default.dataplane.yaml): spec.gateway.ingress.external: the external ingress gateway cannot be replaced (on update from the base revision; cluster prod-eu, schema set crds.yaml) [crd-invalid]`,
      ]);
    } finally {
      removeTemp(root);
    }
  });

  test("the base revision's CRD problems are reported as base problems, not errors of the diff", { skip: which('git') ? false : 'git is not installed' }, async () => {
    const root = tempRepo({ [T]: withGateway('edge'), 'crds.yaml': crdList([OLD_GATEWAY, LISTENERS, ...OPENCHOREO_CRDS]) });
    try {
      git(root, 'init', '-q');
      git(root, 'add', '-A');
      git(root, 'commit', '-qm', 'base');
      writeFiles(root, { 'crds.yaml': crdList([GATEWAY, LISTENERS, ...OPENCHOREO_CRDS]) });
      const r = await run(['diff', '--base', 'HEAD'], root);
      assert.equal(r.code, 0, r.stderr);
      assert.match(
        r.stderr,
        /^base HEAD: topologies\/prod-eu\/topology\.yaml:8:7: error: spec\.gateways\[0\]: Gateway openchoreo-data-plane\/edge .*unknown field "spec\.infrastructure".* \[crd-invalid\]$/m,
      );
    } finally {
      removeTemp(root);
    }
  });
});
