// The fleet stage (TOPOLOGY.md §8): topologies share one OpenChoreo control plane, so a DataPlane,
// ClusterDataPlane or Environment written by two of them is a registration-conflict, and a Gateway two of
// them render into one GitOps destination a gateway-conflict — reported at both sides, each naming the other,
// in every command that validates, and in every --cluster or --shard run that holds one side.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { parseAllDocuments } from 'yaml';
import { shardOf } from '../generator/pipeline/selection.js';
import { MODULE_IDS } from '../generator/topology/modules/index.js';
import { problemLines, removeTemp, run, spawnCli, tempRepo, topologyYaml, which, writeFiles, yaml } from './helpers.js';

/**
 * A cluster with a data-plane gateway and a gateway dedicated to production; `first` is written as the
 * spec's first line (then the identities move down a line: metadata.name is line 4, the environment line 7).
 */
function cluster(name: string, first = ''): string {
  return topologyYaml(
    name,
    `${first}${yaml`
    environments:
      - name: production
    gateways:
      - {name: edge, direction: ingress, networking: external, scope: dataplane, listeners: [{protocol: HTTP, port: 80, host: ${name}.example.com}]}
      - {name: prod, direction: ingress, networking: external, scope: environment, environment: production, listeners: [{protocol: HTTP, port: 80, host: api.${name}.example.com}]}
  `}`,
  );
}

const REGISTERED_TOO = "OpenChoreo's one control plane holds one such object, and two GitOps syncs writing its spec.gateway would undo each other";

describe('registration-conflict', () => {
  test('two topologies writing DataPlane default/default and Environment default/production: both sides, each naming the other (real executable)', () => {
    const root = tempRepo({ 'topologies/a/topology.yaml': cluster('a'), 'topologies/b/topology.yaml': cluster('b') });
    try {
      const r = spawnCli(['validate'], root);
      assert.equal(r.code, 2);
      assert.deepEqual(problemLines(r.stderr), [
        `topologies/a/topology.yaml:4:9: error: metadata.name: DataPlane default/default is also registered by cluster b (topologies/b/topology.yaml:4): ${REGISTERED_TOO} [registration-conflict]`,
        `topologies/a/topology.yaml:7:13: error: spec.environments[0].name: Environment default/production is also registered by cluster b (topologies/b/topology.yaml:7): ${REGISTERED_TOO} [registration-conflict]`,
        `topologies/b/topology.yaml:4:9: error: metadata.name: DataPlane default/default is also registered by cluster a (topologies/a/topology.yaml:4): ${REGISTERED_TOO} [registration-conflict]`,
        `topologies/b/topology.yaml:7:13: error: spec.environments[0].name: Environment default/production is also registered by cluster a (topologies/a/topology.yaml:7): ${REGISTERED_TOO} [registration-conflict]`,
      ]);
      assert.match(r.stderr, /^ {2}hint: each cluster is a data plane of its own: give this one its own name \(spec\.dataPlane\.name: a\)$/m);
      assert.match(r.stderr, /^ {2}hint: an Environment is served by one data plane: register its gateways from one cluster only, or give the environment another name or namespace here$/m);
      const json = JSON.parse(spawnCli(['validate', '--format', 'json'], root).stdout) as { problems: { rule: string }[] };
      assert.deepEqual(
        json.problems.map((p) => p.rule),
        ['registration-conflict', 'registration-conflict', 'registration-conflict', 'registration-conflict'],
      );
    } finally {
      removeTemp(root);
    }
  });

  test('a written data-plane name is where the conflict is reported; a ClusterDataPlane and a DataPlane of one name are different objects', async () => {
    const root = tempRepo({
      'topologies/a/topology.yaml': cluster('a', 'dataPlane: {name: shared}\n').replace('- name: production', '- {name: production, namespace: team-a}'),
      'topologies/b/topology.yaml': cluster('b', 'dataPlane: {name: shared}\n'),
      'topologies/c/topology.yaml': cluster('c', 'dataPlane: {kind: ClusterDataPlane, name: shared}\n')
        .replace('- name: production', '- name: production-c')
        .replace('environment: production,', 'environment: production-c,'),
    });
    try {
      const r = await run(['validate'], root);
      assert.equal(r.code, 2);
      assert.deepEqual(problemLines(r.stderr), [
        `topologies/a/topology.yaml:6:21: error: spec.dataPlane.name: DataPlane default/shared is also registered by cluster b (topologies/b/topology.yaml:6): ${REGISTERED_TOO} [registration-conflict]`,
        `topologies/b/topology.yaml:6:21: error: spec.dataPlane.name: DataPlane default/shared is also registered by cluster a (topologies/a/topology.yaml:6): ${REGISTERED_TOO} [registration-conflict]`,
      ]);
    } finally {
      removeTemp(root);
    }
  });

  test('only what a topology writes counts: an environment without a gateway of its own, a data plane without data-plane gateways', async () => {
    const onlyEnvironment = topologyYaml(
      'b',
      yaml`
      environments:
        - name: production
        - name: staging
      gateways:
        - {name: stage, direction: ingress, networking: external, scope: environment, environment: staging, listeners: [{protocol: HTTP, port: 80, host: staging.example.com}]}
    `,
    );
    const root = tempRepo({ 'topologies/a/topology.yaml': cluster('a'), 'topologies/b/topology.yaml': onlyEnvironment });
    try {
      const r = await run(['validate'], root);
      assert.equal(r.code, 0, r.stderr);
    } finally {
      removeTemp(root);
    }
  });

  test('more than three other writers: three are named, the rest counted', async () => {
    const files: Record<string, string> = {};
    for (const c of ['a', 'b', 'c', 'd', 'e'])
      files[`topologies/${c}/topology.yaml`] = topologyYaml(c, 'gateways:\n  - {name: edge, direction: ingress, networking: internal, scope: dataplane, listeners: [{protocol: HTTP, port: 80}]}\n');
    const root = tempRepo(files);
    try {
      const lines = problemLines((await run(['validate'], root)).stderr);
      assert.equal(lines.length, 5);
      assert.equal(
        lines[0],
        `topologies/a/topology.yaml:4:9: error: metadata.name: DataPlane default/default is also registered by clusters b (topologies/b/topology.yaml:4), c (topologies/c/topology.yaml:4), d (topologies/d/topology.yaml:4) and 1 more: ${REGISTERED_TOO} [registration-conflict]`,
      );
      assert.match(
        lines[4]!,
        /^topologies\/e\/topology\.yaml:4:9: error: metadata\.name: DataPlane default\/default is also registered by clusters a \(topologies\/a\/topology\.yaml:4\), b \(topologies\/b\/topology\.yaml:4\), c \(topologies\/c\/topology\.yaml:4\) and 1 more: /,
      );
    } finally {
      removeTemp(root);
    }
  });
});

describe('registration-conflict through a profile', () => {
  test('twelve clusters registering the data plane a profile names: one error at the profile line naming all of them, a hint for the topologies', async () => {
    const files: Record<string, string> = {
      'topologies/_profiles/shared.yaml':
        'apiVersion: gwtopo/v1alpha1\nkind: GatewayProfile\nmetadata:\n  name: shared\nspec:\n  dataPlane: {name: fleet}\n  gateways:\n    - {name: gi, direction: ingress, networking: internal, scope: dataplane, listeners: [{protocol: HTTP, port: 9080}]}\n',
      'topologies/solo/topology.yaml': topologyYaml(
        'solo',
        'dataPlane: {name: fleet}\ngateways:\n  - {name: gi, direction: ingress, networking: internal, scope: dataplane, listeners: [{protocol: HTTP, port: 9080}]}\n',
      ),
    };
    const names = Array.from({ length: 12 }, (_, i) => `e${String(i + 1).padStart(2, '0')}`);
    for (const c of names) files[`topologies/${c}/topology.yaml`] = topologyYaml(c, 'profiles: [shared]\n');
    const root = tempRepo(files);
    try {
      const r = await run(['validate'], root);
      assert.equal(r.code, 2);
      assert.equal(
        r.stderr
          .split('\n')
          .filter((l) => l.startsWith('topologies/'))
          .join('\n'),
        [
          `topologies/_profiles/shared.yaml:6:21: error: spec.dataPlane.name: DataPlane default/fleet is registered by 12 clusters through this one value (e01, e02, e03, e04, e05, e06, e07, e08, e09, e10 +2 more), and by cluster solo (topologies/solo/topology.yaml:6): ${REGISTERED_TOO} [registration-conflict]`,
          `topologies/solo/topology.yaml:6:21: error: spec.dataPlane.name: DataPlane default/fleet is also registered by clusters e01, e02, e03 and 9 more through topologies/_profiles/shared.yaml:6: ${REGISTERED_TOO} [registration-conflict]`,
        ].join('\n'),
      );
      assert.match(
        r.stderr,
        /hint: each cluster is a data plane of its own: set spec\.dataPlane\.name in each topology that lists this profile \(e\.g\. its cluster's name\), not in the profile\n {2}12 clusters: e01, e02, e03, e04, e05, e06, e07, e08, e09, e10 \+2 more\n/,
      );
      // A shard holding one of the profile's clusters reports the profile's error too.
      assert.match((await run(['validate', '--cluster', 'e07'], root)).stderr, /^topologies\/_profiles\/shared\.yaml:6:21: error: .* 12 clusters through this one value/m);
    } finally {
      removeTemp(root);
    }
  });
});

describe('registration-conflict: writers that share a profile line are named once with it', () => {
  test('a topology and two profile lines: each line once, its clusters before it; single writers with their own file:line', async () => {
    const gi = 'gateways:\n  - {name: gi, direction: ingress, networking: internal, scope: dataplane, listeners: [{protocol: HTTP, port: 9080}]}\n';
    const shared = (name: string): string => `apiVersion: gwtopo/v1alpha1\nkind: GatewayProfile\nmetadata:\n  name: ${name}\nspec:\n  dataPlane: {name: fleet}\n`;
    const files: Record<string, string> = {
      'topologies/_profiles/one.yaml': shared('one'),
      'topologies/_profiles/two.yaml': shared('two'),
      'topologies/solo/topology.yaml': topologyYaml('solo', `dataPlane: {name: fleet}\n${gi}`),
      'topologies/zed/topology.yaml': topologyYaml('zed', `dataPlane: {name: fleet}\n${gi}`),
    };
    for (const c of ['a1', 'a2']) files[`topologies/${c}/topology.yaml`] = topologyYaml(c, `profiles: [one]\n${gi}`);
    for (const c of ['b1', 'b2', 'b3', 'b4']) files[`topologies/${c}/topology.yaml`] = topologyYaml(c, `profiles: [two]\n${gi}`);
    const root = tempRepo(files);
    try {
      const r = await run(['validate'], root);
      assert.equal(r.code, 2);
      const lines = problemLines(r.stderr);
      assert.deepEqual(
        lines.filter((l) => l.startsWith('topologies/solo/')),
        [
          `topologies/solo/topology.yaml:6:21: error: spec.dataPlane.name: DataPlane default/fleet is also registered by clusters a1 and a2 through topologies/_profiles/one.yaml:6, b1, b2, b3 and 1 more through topologies/_profiles/two.yaml:6, and zed (topologies/zed/topology.yaml:6): ${REGISTERED_TOO} [registration-conflict]`,
        ],
      );
      assert.deepEqual(
        lines.filter((l) => l.startsWith('topologies/_profiles/one.yaml')),
        [
          `topologies/_profiles/one.yaml:6:21: error: spec.dataPlane.name: DataPlane default/fleet is registered by 2 clusters through this one value (a1, a2), and by clusters b1, b2, b3 and 1 more through topologies/_profiles/two.yaml:6, solo (topologies/solo/topology.yaml:6), and zed (topologies/zed/topology.yaml:6): ${REGISTERED_TOO} [registration-conflict]`,
        ],
      );
    } finally {
      removeTemp(root);
    }
  });
});

describe('gateway-conflict', () => {
  const inCluster = (name: string, namespace = ''): string =>
    topologyYaml(
      name,
      yaml`
      destination: in-cluster
      dataPlane: {name: ${name}}
      ${namespace === '' ? '' : `gatewayNamespace: ${namespace}`}
      gateways:
        - {name: edge, direction: ingress, networking: internal, scope: dataplane, listeners: [{protocol: HTTP, port: 80}]}
        - {name: helm, managed: false, direction: ingress, networking: external, scope: dataplane, listeners: [{protocol: HTTP, port: 80, host: apis.example.com}]}
    `,
    );

  test('two topologies rendering one Gateway into one destination: both sides, each naming the other (real executable)', () => {
    const root = tempRepo({ 'topologies/x/topology.yaml': inCluster('x'), 'topologies/y/topology.yaml': inCluster('y') });
    try {
      const r = spawnCli(['validate'], root);
      assert.equal(r.code, 2);
      const why = 'two GitOps applications would apply the same Gateway and the objects named after it';
      assert.deepEqual(problemLines(r.stderr), [
        `topologies/x/topology.yaml:10:14: error: spec.gateways[0].name: Gateway openchoreo-data-plane/edge is also rendered into cluster "in-cluster" by cluster y (topologies/y/topology.yaml:10): ${why} [gateway-conflict]`,
        `topologies/y/topology.yaml:10:14: error: spec.gateways[0].name: Gateway openchoreo-data-plane/edge is also rendered into cluster "in-cluster" by cluster x (topologies/x/topology.yaml:10): ${why} [gateway-conflict]`,
      ]);
      assert.match(r.stderr, /^ {2}hint: give one of the gateways another name or spec\.gatewayNamespace; if the topologies mean different clusters, set spec\.destination$/m);
    } finally {
      removeTemp(root);
    }
  });

  test('another namespace, another destination or a gateway gwtopo does not render (managed: false) is no conflict', async () => {
    const root = tempRepo({
      'topologies/x/topology.yaml': inCluster('x'),
      'topologies/y/topology.yaml': inCluster('y', 'team-y'),
      'topologies/z/topology.yaml': inCluster('z').replace('destination: in-cluster', 'destination: other'),
    });
    try {
      const r = await run(['validate'], root);
      assert.equal(r.code, 0, r.stderr);
    } finally {
      removeTemp(root);
    }
  });

  test("every data-plane object lives in its Gateway's namespace, named after the Gateway with one suffix per kind (so a Gateway conflict covers them)", async () => {
    const suffixes = new Map<string, Set<string>>();
    for (const module of MODULE_IDS) {
      for (const service of ['service: {type: NodePort, labels: {tier: edge}, annotations: {a.example.com/b: c}}', 'service: {labels: {tier: edge}}', '']) {
        const root = tempRepo({
          'topologies/m/topology.yaml': topologyYaml(
            'm',
            `module: ${module}\ngatewayNamespace: gw\ngatewayClasses: [{name: cilium, serviceType: NodePort}]\ngateways:\n  - {name: g, direction: ingress, networking: external, scope: dataplane, ${service}${service === '' ? '' : ', '}listeners: [{protocol: HTTP, port: 80, host: g.example.com}]}\n`,
          ),
        });
        try {
          const r = await run(['build', 'm', '--plane', 'data-plane'], root);
          if (r.code !== 0) continue; // a setting this module cannot express
          for (const doc of parseAllDocuments(r.stdout)) {
            const o = doc.toJS() as { kind: string; metadata: { name: string; namespace: string } };
            assert.equal(o.metadata.namespace, 'gw', `${module}: ${o.kind}`);
            assert.ok(o.metadata.name.startsWith('g'), `${module}: ${o.kind} ${o.metadata.name}`);
            suffixes.set(o.kind, new Set([...(suffixes.get(o.kind) ?? []), o.metadata.name.slice(1)]));
          }
        } finally {
          removeTemp(root);
        }
      }
    }
    assert.deepEqual(suffixes.get('Gateway'), new Set(['']));
    assert.ok(suffixes.size >= 4, [...suffixes.keys()].join(', '));
    for (const [kind, s] of suffixes) assert.equal(s.size, 1, `${kind}: ${[...s].join(', ')}`);
  });
});

/** Two names in different shards of two. */
function namesInShards(): [string, string] {
  const names = Array.from({ length: 20 }, (_, i) => `c${i}`);
  const first = names.find((n) => shardOf(n, 2) === 1)!;
  const second = names.find((n) => shardOf(n, 2) === 2)!;
  return [first, second];
}

describe('the fleet in every run', () => {
  test('--shard and --cluster: every run that holds one side reports it; a run with neither side is clean', async () => {
    const [one, two] = namesInShards();
    const root = tempRepo({
      [`topologies/${one}/topology.yaml`]: cluster(one),
      [`topologies/${two}/topology.yaml`]: cluster(two),
      'topologies/calm/topology.yaml': cluster('calm', 'dataPlane: {name: calm}\n').replace('- name: production', '- name: calm').replace('environment: production,', 'environment: calm,'),
    });
    try {
      const files = (stderr: string) => [...new Set(problemLines(stderr).map((l) => l.split(':')[0]))];
      for (const [shard, own] of [
        ['1/2', one],
        ['2/2', two],
      ] as const) {
        const r = await run(['validate', '--shard', shard], root);
        assert.equal(r.code, 2, shard);
        assert.deepEqual(files(r.stderr), [`topologies/${own}/topology.yaml`], shard);
        assert.match(r.stderr, new RegExp(`registered by cluster ${own === one ? two : one} \\(topologies/${own === one ? two : one}/topology\\.yaml:4\\)`));
      }
      const single = await run(['check', '--cluster', two], root);
      assert.equal(single.code, 2);
      assert.deepEqual(files(single.stderr), [`topologies/${two}/topology.yaml`]);
      assert.equal((await run(['validate', '--cluster', 'calm'], root)).code, 0);
    } finally {
      removeTemp(root);
    }
  });

  test('generate writes nothing (exit 2); check exits 2; build, one cluster alone, renders', async () => {
    const root = tempRepo({ 'topologies/a/topology.yaml': cluster('a'), 'topologies/b/topology.yaml': cluster('b') });
    try {
      const g = await run(['generate'], root);
      assert.equal(g.code, 2);
      assert.match(g.stderr, /^gwtopo: 4 errors in 2 files; nothing written$/m);
      assert.equal(existsSync(join(root, 'overlays')), false);
      assert.equal((await run(['check'], root)).code, 2);
      const build = await run(['build', 'a'], root);
      assert.equal(build.code, 0, 'build reads its cluster alone (an engine plugin runs it per application)');
    } finally {
      removeTemp(root);
    }
  });

  const hasGit = which('git');
  test('diff: a conflict at head fails (exit 2); one only at base does not', { skip: hasGit ? false : 'git is not installed' }, async () => {
    const git = (cwd: string, ...args: string[]): void => {
      const r = spawnSync('git', ['-c', 'commit.gpgsign=false', '-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], { cwd, encoding: 'utf8' });
      assert.equal(r.status, 0, r.stderr);
    };
    const root = tempRepo({ 'topologies/a/topology.yaml': cluster('a'), 'topologies/b/topology.yaml': cluster('b', 'dataPlane: {name: b}\n').replace(/production/g, 'staging') });
    try {
      git(root, 'init', '-q');
      git(root, 'add', '-A');
      git(root, 'commit', '-q', '-m', 'base');
      writeFiles(root, { 'topologies/b/topology.yaml': cluster('b') });
      const head = await run(['diff', '--base', 'HEAD'], root);
      assert.equal(head.code, 2);
      assert.equal(problemLines(head.stderr).filter((l) => l.includes('registration-conflict') || l.includes('is also registered by')).length, 4);
      git(root, 'add', '-A');
      git(root, 'commit', '-q', '-m', 'conflict');
      writeFiles(root, { 'topologies/b/topology.yaml': cluster('b', 'dataPlane: {name: b}\n').replace(/production/g, 'staging') });
      const fixed = JSON.parse((await run(['diff', '--base', 'HEAD', '--format', 'json'], root)).stdout) as { exitCode: number; baseProblems: unknown[] };
      assert.equal(fixed.exitCode, 0);
      assert.deepEqual(fixed.baseProblems, []);
    } finally {
      removeTemp(root);
    }
  });
});
