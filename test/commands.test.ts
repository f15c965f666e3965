// build, init, --shard and --format github.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { validateWorkflow } from '@action-validator/core';
import { parse, parseAllDocuments } from 'yaml';
import { schemaPathFrom } from '../generator/commands/init.js';
import { shardOf } from '../generator/pipeline/selection.js';
import { MODULE_IDS } from '../generator/topology/modules/index.js';
import { PROVIDER_IDS } from '../generator/topology/providers.js';
import { copyTree, FIXTURES, REPO_ROOT, readTree, removeTemp, run, tempRepo, writeFiles } from './helpers.js';

function goldenRepo(name: string): string {
  const root = tempRepo();
  copyTree(join(FIXTURES, 'golden', name, 'topologies'), root, 'topologies');
  return root;
}

describe('gwtopo build', () => {
  test('one YAML stream: the resources of the overlay folders, without headers', async () => {
    const root = goldenRepo('openchoreo-page');
    try {
      const expected = readTree(join(FIXTURES, 'golden', 'openchoreo-page', 'expected', 'overlays', 'k3d'));
      for (const [plane, argv] of [
        ['data-plane', ['--plane', 'data-plane']],
        ['control-plane', ['--plane', 'control-plane']],
        [undefined, []],
      ] as const) {
        const r = await run(['build', 'k3d', ...argv], root);
        assert.equal(r.code, 0, r.stderr);
        assert.doesNotMatch(r.stdout, /^#/m);
        const docs = parseAllDocuments(r.stdout).map((d) => d.toJS() as unknown);
        const want = [...expected]
          .filter(([path]) => !path.endsWith('kustomization.yaml') && (plane === undefined || path.startsWith(plane)))
          .sort(([a], [b]) => (a.startsWith('data-plane') === b.startsWith('data-plane') ? (a < b ? -1 : 1) : a.startsWith('data-plane') ? -1 : 1))
          .map(([, text]) => parseAllDocuments(text)[0]!.toJS() as unknown);
        assert.deepEqual(docs, want, plane ?? 'both planes');
      }
    } finally {
      removeTemp(root);
    }
  });

  test('writes nothing, and fails cleanly for an unknown or invalid cluster', async () => {
    const root = goldenRepo('openchoreo-page');
    try {
      await run(['build', 'k3d'], root);
      assert.deepEqual(
        [...readTree(root).keys()].filter((p) => p.startsWith('overlays')),
        [],
      );
      const unknown = await run(['build', 'nope'], root);
      assert.equal(unknown.code, 2);
      assert.equal(unknown.stdout, '');
      assert.equal(unknown.stderr, 'gwtopo: error: no topology for cluster nope (topologies/nope/topology.yaml does not exist) [cluster-not-found]\n  hint: gwtopo init nope scaffolds one\n');
      writeFiles(root, { 'topologies/k3d/topology.yaml': readFileSync(join(root, 'topologies/k3d/topology.yaml'), 'utf8').replace('port: 9080', 'port: 0') });
      const invalid = await run(['build', 'k3d'], root);
      assert.equal(invalid.code, 2);
      assert.equal(invalid.stdout, '');
    } finally {
      removeTemp(root);
    }
  });
});

describe('gwtopo init', () => {
  test('scaffolds a valid topology for every provider and module, and its commented examples are valid too', async () => {
    for (const provider of PROVIDER_IDS) {
      for (const module of MODULE_IDS) {
        const root = tempRepo();
        try {
          const r = await run(['init', 'edge-1', '--provider', provider, '--module', module], root);
          assert.equal(r.code, 0, r.stderr);
          assert.equal(r.stdout, 'created topologies/edge-1/topology.yaml\nnext: edit topologies/edge-1/topology.yaml, then run gwtopo generate\n');
          const text = readFileSync(join(root, 'topologies/edge-1/topology.yaml'), 'utf8');
          assert.match(text, /^# yaml-language-server: \$schema=\.\.\/\.\.\/node_modules\/gwtopo\/schemas\/topology\.schema\.json\n/, 'where a development dependency puts the schema');
          const valid = await run(['validate'], root);
          assert.equal(valid.code, 0, `${provider}/${module}: ${valid.stderr}`);
          assert.equal(valid.stderr, '', `${provider}/${module}: no warnings`);
          writeFiles(root, { 'topologies/edge-1/topology.yaml': text.replace(/^ {4}# (?=[- ])/gm, '    ') });
          const examples = await run(['generate', '--verbose'], root);
          assert.equal(examples.code, 0, `${provider}/${module} with the examples uncommented: ${examples.stderr}`);
          assert.match(examples.stdout, /gateway-production\.gateway\.yaml/);
        } finally {
          removeTemp(root);
        }
      }
    }
  });

  test('never scaffolds a registration conflict: default while free, else the cluster name, and says so', async () => {
    const root = tempRepo();
    try {
      const first = await run(['init', 'edge-1'], root);
      assert.equal(first.stdout, 'created topologies/edge-1/topology.yaml\nnext: edit topologies/edge-1/topology.yaml, then run gwtopo generate\n');
      assert.match(readFileSync(join(root, 'topologies/edge-1/topology.yaml'), 'utf8'), /\n {2}dataPlane:\n {4}kind: DataPlane\n {4}name: default\n/);
      const second = await run(['init', 'edge-2'], root);
      assert.equal(second.code, 0, second.stderr);
      assert.equal(
        second.stdout,
        'created topologies/edge-2/topology.yaml\nDataPlane default/default is registered by edge-1 (topologies/edge-1/topology.yaml:16): edge-2 registers as DataPlane default/edge-2\nnext: edit topologies/edge-2/topology.yaml, then run gwtopo generate\n',
      );
      assert.match(readFileSync(join(root, 'topologies/edge-2/topology.yaml'), 'utf8'), /\n {4}name: edge-2\n/);
      const json = JSON.parse((await run(['init', 'edge-3', '--data-plane-kind', 'ClusterDataPlane', '--format', 'json'], root)).stdout) as { dataPlane: unknown; note?: string };
      assert.deepEqual(json.dataPlane, { kind: 'ClusterDataPlane', name: 'default' }, 'a ClusterDataPlane default is another object');
      assert.equal(json.note, undefined);
      assert.equal((await run(['validate'], root)).code, 0, 'the scaffolds do not conflict');
      const taken = await run(['init', 'edge-4', '--data-plane-name', 'edge-2'], root);
      assert.equal(taken.code, 2);
      assert.match(
        taken.stderr,
        /^gwtopo: error: --data-plane-name edge-2: DataPlane default\/edge-2 is registered by edge-2 \(topologies\/edge-2\/topology\.yaml:16\) already \[registration-conflict\]\n/,
      );
      assert.equal(existsSync(join(root, 'topologies/edge-4')), false);
      const bad = await run(['init', 'edge-5', '--data-plane-kind', 'Dataplane', '--data-plane-name', 'Not_A_Name'], root);
      assert.equal(bad.code, 2);
      assert.equal(bad.stderr, 'gwtopo: error: --data-plane-kind must be one of: DataPlane, ClusterDataPlane (got "Dataplane") [usage]\n  hint: did you mean "DataPlane"?\n');
      const badName = await run(['init', 'edge-5', '--data-plane-name', 'Not_A_Name'], root);
      assert.equal(badName.code, 2);
      assert.equal(badName.stderr, "gwtopo: error: --data-plane-name must be a DNS-1123 subdomain (got \"Not_A_Name\") [usage]\n  hint: lower-case letters, digits, '-' and '.'\n");
      assert.equal(existsSync(join(root, 'topologies/edge-5')), false, 'nothing written');
    } finally {
      removeTemp(root);
    }
  });

  test('a data plane that comes from a profile is taken too', async () => {
    const root = tempRepo({
      'topologies/_profiles/base.yaml': 'apiVersion: gwtopo/v1alpha1\nkind: GatewayProfile\nmetadata: {name: base}\nspec:\n  dataPlane: {name: edge}\n',
      'topologies/a/topology.yaml': 'apiVersion: gwtopo/v1alpha1\nkind: GatewayTopology\nmetadata: {name: a}\nspec:\n  profiles: [base]\n  gateways: []\n',
    });
    try {
      const r = await run(['init', 'b', '--data-plane-name', 'edge'], root);
      assert.equal(r.code, 2);
      assert.match(r.stderr, /DataPlane default\/edge is registered by a \(topologies\/_profiles\/base\.yaml:5\) already/);
    } finally {
      removeTemp(root);
    }
  });

  test('the schema modeline points at the schema of the gwtopo that runs when it is in the repository', () => {
    const here = join(REPO_ROOT, 'topologies', 'x');
    assert.equal(schemaPathFrom(here, REPO_ROOT), '../../schemas/topology.schema.json', "gwtopo's own repository");
    assert.equal(schemaPathFrom('/elsewhere/topologies/x', '/elsewhere'), '../../node_modules/gwtopo/schemas/topology.schema.json', 'gwtopo installed outside the repository');
  });

  test('never overwrites, and refuses unknown providers and modules', async () => {
    const root = tempRepo({ 'topologies/a/topology.yaml': 'mine\n' });
    try {
      const exists = await run(['init', 'a', '--with-ci'], root);
      assert.equal(exists.code, 2);
      assert.equal(
        exists.stderr,
        'topologies/a/topology.yaml:1:1: error: exists already; gwtopo init never overwrites a topology [topology-exists]\n  hint: edit the file, or delete it first\ngwtopo: 1 error in 1 file\n',
      );
      assert.equal(readFileSync(join(root, 'topologies/a/topology.yaml'), 'utf8'), 'mine\n');
      const bad = await run(['init', 'b', '--provider', 'awz'], root);
      assert.deepEqual(
        [bad.code, bad.stderr],
        [2, 'gwtopo: error: --provider must be one of: alibaba, aws, aws-lbc, azure, digitalocean, gcp, generic, ibm, k3d, oci, openstack (got "awz") [usage]\n  hint: did you mean "aws"?\n'],
      );
      assert.deepEqual([...readTree(root).keys()], ['topologies/a/topology.yaml'], 'nothing written, CI files neither');
    } finally {
      removeTemp(root);
    }
  });

  test('--with-ci writes .gitattributes and the GitHub workflow (npx gwtopo), and leaves existing ones alone', async () => {
    const root = tempRepo();
    try {
      const r = await run(['init', 'a', '--with-ci'], root);
      assert.deepEqual([r.code, r.stderr], [0, '']);
      assert.equal(r.stdout, 'created topologies/a/topology.yaml\ncreated .gitattributes\ncreated .github/workflows/gwtopo.yml\nnext: edit topologies/a/topology.yaml, then run gwtopo generate\n');
      assert.match(readFileSync(join(root, '.gitattributes'), 'utf8'), /^overlays\/\*\* text eol=lf linguist-generated=true$/m);
      const written = readFileSync(join(root, '.github/workflows/gwtopo.yml'), 'utf8');
      const shipped = readFileSync(join(REPO_ROOT, '.github/workflows/gwtopo.yml'), 'utf8');
      assert.match(written, /^# Written by gwtopo init --with-ci/);
      assert.match(written, /run: npx gwtopo check --format github$/m);
      assert.doesNotMatch(written, /\$GWTOPO|dist\/generator|Locate gwtopo/);
      assert.deepEqual(validateWorkflow(written).errors, []);
      // Everything else is the shipped workflow: the same jobs, triggers and permissions.
      const jobs = (text: string) =>
        JSON.stringify(
          parse(text.replace(/\$GWTOPO/g, 'npx gwtopo'), (_k: unknown, v: unknown) => (Array.isArray(v) ? v.filter((s) => (s as { name?: string } | null)?.name !== 'Locate gwtopo') : v)),
        );
      assert.equal(jobs(written), jobs(shipped));
      const again = await run(['init', 'b', '--with-ci'], root);
      assert.equal(again.code, 0);
      assert.equal(
        again.stdout,
        'created topologies/b/topology.yaml\n' +
          'left alone .gitattributes (it exists; make sure it holds: overlays/** text eol=lf linguist-generated=true; topologies/** text eol=lf)\n' +
          'left alone .github/workflows/gwtopo.yml (it exists; compare it with node_modules/gwtopo/.github/workflows/gwtopo.yml)\n' +
          'DataPlane default/default is registered by a (topologies/a/topology.yaml:16): b registers as DataPlane default/b\n' +
          'next: edit topologies/b/topology.yaml, then run gwtopo generate\n',
      );
      assert.equal(readFileSync(join(root, '.github/workflows/gwtopo.yml'), 'utf8'), written);
    } finally {
      removeTemp(root);
    }
  });
});

describe('--shard', () => {
  test('shards split the clusters deterministically and completely', async () => {
    const root = goldenRepo('providers');
    try {
      await run(['generate'], root);
      const all = (JSON.parse((await run(['validate', '--format', 'json'], root)).stdout) as { clusters: string[] }).clusters;
      const seen: string[] = [];
      for (let i = 1; i <= 3; i++) {
        const r = JSON.parse((await run(['check', '--shard', `${i}/3`, '--format', 'json'], root)).stdout) as { clusters: string[]; exitCode: number };
        assert.equal(r.exitCode, 0);
        assert.deepEqual(
          r.clusters,
          all.filter((c) => shardOf(c, 3) === i),
        );
        seen.push(...r.clusters);
      }
      assert.deepEqual(seen.sort(), all);
      // A change in one cluster is drift in its shard only.
      writeFiles(root, { 'topologies/gcp/topology.yaml': readFileSync(join(root, 'topologies/gcp/topology.yaml'), 'utf8').replace('port: 8080', 'port: 8081') });
      for (let i = 1; i <= 3; i++) assert.equal((await run(['check', '--shard', `${i}/3`], root)).code, shardOf('gcp', 3) === i ? 1 : 0);
    } finally {
      removeTemp(root);
    }
  });
});

describe('--format github', () => {
  test('one ::error annotation per problem, with file, line and column', async () => {
    const root = tempRepo({
      'topologies/a/topology.yaml':
        'apiVersion: gwtopo/v1alpha1\nkind: GatewayTopology\nmetadata: {name: a}\nspec:\n  gateways:\n    - {name: g, direction: up, networking: external, scope: dataplane, listeners: [{protocol: HTTP, port: 80, host: a.b}]}\n',
    });
    try {
      const r = await run(['validate', '--format', 'github'], root);
      assert.equal(r.code, 2);
      assert.equal(r.stderr, '');
      assert.equal(
        r.stdout,
        '::error file=topologies/a/topology.yaml,line=6,col=28,title=gwtopo schema::spec.gateways[0].direction: must be one of: ingress, egress (got the string "up")\ngwtopo: 1 error in 1 file\n',
      );
    } finally {
      removeTemp(root);
    }
  });

  test('one ::error annotation per drifted file', async () => {
    const root = goldenRepo('openchoreo-page');
    try {
      await run(['generate'], root);
      writeFiles(root, { 'overlays/k3d/data-plane/gateway-production.gateway.yaml': '# Code generated by gwtopo from topologies/k3d/topology.yaml. DO NOT EDIT.\n' });
      const r = await run(['check', '--format', 'github'], root);
      assert.equal(r.code, 1);
      const lines = r.stdout.trimEnd().split('\n');
      assert.match(
        lines[0]!,
        /^::error file=overlays\/k3d\/data-plane\/gateway-production\.gateway\.yaml,title=gwtopo drift::overlays\/k3d\/data-plane\/gateway-production\.gateway\.yaml differs from what its topology renders: run gwtopo generate and commit the result%0A--- a\//,
      );
      assert.equal(lines.at(-1), 'gwtopo: overlays/ is out of date: 1 changed, 0 missing, 0 stale. Run gwtopo generate and commit the result.');
      assert.equal(lines.length, 2);
    } finally {
      removeTemp(root);
    }
  });
});
