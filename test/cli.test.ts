// The real executable: exit codes, where output goes, usage errors, no stack traces, no terminal chrome in CI.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { CLI, REPO_ROOT, removeTemp, spawnCli, tempRepo, writeFiles, yaml } from './helpers.js';

const VALID = yaml`
  apiVersion: gwtopo/v1alpha1
  kind: GatewayTopology
  metadata:
    name: a
  spec:
    gateways:
      - {name: edge, direction: ingress, networking: external, scope: dataplane, listeners: [{protocol: HTTP, port: 80, host: edge.example.com}]}
`;

let root: string;
before(() => {
  root = tempRepo({ 'topologies/a/topology.yaml': VALID });
});
after(() => removeTemp(root));

const NO_STACK = /\n\s+at [^\n]+:\d+:\d+/;

describe('usage', () => {
  test('--help prints usage to stdout, exit 0', () => {
    const r = spawnCli(['--help'], root);
    assert.equal(r.code, 0);
    assert.match(r.stdout, /^gwtopo — render OpenChoreo API-gateway topologies into GitOps overlays\n\nUsage: gwtopo <command> \[options\]/);
    assert.match(r.stdout, /Exit codes: 0 success, 1 drift \(check\), changes \(diff --exit-code\) or unacknowledged destructive changes \(diff --fail-on destructive\), 2 invalid input or usage error\./);
    assert.equal(r.stderr, '');
  });

  test('--version prints the package version', () => {
    const pkg = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string };
    const r = spawnCli(['--version'], root);
    assert.deepEqual([r.code, r.stdout], [0, `gwtopo ${pkg.version}\n`]);
  });

  for (const [argv, message, hint] of [
    [[], 'gwtopo: no command given', '  hint: run gwtopo generate, gwtopo check or gwtopo validate (gwtopo --help lists all)'],
    [['generat'], 'gwtopo: unknown command "generat"', '  hint: did you mean "generate"?'],
    [['check', '--rot', '.'], 'gwtopo: unknown option --rot', '  hint: did you mean --root?'],
    [['check', '--format', 'yaml'], 'gwtopo: --format for check must be one of: text, json, github, gitlab, sarif (got "yaml")', '  hint: run gwtopo --help'],
    [['generate', '--format', 'github'], 'gwtopo: --format for generate must be one of: text, json (got "github")', '  hint: run gwtopo --help'],
    [['generate', '--shard', '1/2'], 'gwtopo: --shard does not apply to generate', '  hint: --shard is for check, validate, diff'],
    [['check', '--shard', '3/2'], 'gwtopo: --shard must be I/N with 1 ≤ I ≤ N (got "3/2")', '  hint: e.g. --shard 2/4 for the second of four CI jobs'],
    [['build'], 'gwtopo: build needs a cluster: gwtopo build CLUSTER', '  hint: the cluster is the folder name under topologies/'],
    [['build', 'a', '--plane', 'both'], 'gwtopo: --plane must be one of: data-plane, control-plane (got "both")', '  hint: run gwtopo --help'],
    [['init', 'a', 'b'], 'gwtopo: unexpected argument "b"', '  hint: gwtopo init takes one cluster'],
    [['diff'], 'gwtopo: diff needs --base REF', '  hint: e.g. gwtopo diff --base origin/main'],
    [['check', 'a'], 'gwtopo: unexpected argument "a"', '  hint: select clusters with --cluster NAME'],
    [['check', '--cluster', '../x'], 'gwtopo: "../x" is not a cluster name', '  hint: cluster names are DNS-1123 labels: lower-case letters, digits and "-"'],
    [['check', '--root'], "gwtopo: Option '--root <value>' argument missing", '  hint: run gwtopo --help'],
  ] as const) {
    test(`usage error: gwtopo ${argv.join(' ')}`, () => {
      const r = spawnCli([...argv], root);
      assert.equal(r.code, 2);
      assert.equal(r.stdout, '');
      assert.equal(r.stderr, `${message}\n${hint}\n`);
    });
  }
});

describe('package', () => {
  test('bin.gwtopo is the built CLI, executable with a node shebang', { skip: process.platform === 'win32' ? 'POSIX file modes' : false }, () => {
    const pkg = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { bin: Record<string, string> };
    const bin = join(REPO_ROOT, pkg.bin.gwtopo!);
    assert.equal(bin, CLI);
    assert.match(readFileSync(bin, 'utf8'), /^#!\/usr\/bin\/env node\n/);
    assert.notEqual(statSync(bin).mode & 0o111, 0, 'executable');
    const r = spawnSync(bin, ['--version'], { encoding: 'utf8' });
    assert.equal(r.status, 0);
  });
});

describe('exit codes', () => {
  test('validate 0, generate 0, check 0, then drift 1, then invalid 2', () => {
    const repo = tempRepo({ 'topologies/a/topology.yaml': VALID });
    try {
      assert.equal(spawnCli(['validate'], repo).code, 0);
      assert.equal(spawnCli(['generate'], repo).code, 0);
      assert.equal(spawnCli(['check'], repo).code, 0);
      writeFiles(repo, { 'topologies/a/topology.yaml': VALID.replace('port: 80', 'port: 81') });
      assert.equal(spawnCli(['check'], repo).code, 1);
      writeFiles(repo, { 'topologies/a/topology.yaml': VALID.replace('port: 80', 'port: eighty') });
      for (const cmd of ['validate', 'generate', 'check']) assert.equal(spawnCli([cmd], repo).code, 2, cmd);
    } finally {
      removeTemp(repo);
    }
  });

  test('--root points at the repository', () => {
    const r = spawnCli(['validate', '--root', root], REPO_ROOT);
    assert.deepEqual([r.code, r.stdout], [0, 'gwtopo: 1 topology valid (a)\n']);
  });

  test('a --root that is missing or a file: exit 2, one line and a hint, for every command; init creates nothing', () => {
    const missing = join(root, 'no', 'such');
    const file = join(root, 'topologies', 'a', 'topology.yaml');
    const hint = '  hint: pass the folder of the GitOps repository (the one holding topologies/), or leave --root out to use the current one\n';
    for (const argv of [['init', 'x'], ['diff', '--base', 'HEAD'], ['generate'], ['check'], ['validate'], ['build', 'a']]) {
      const r = spawnCli([...argv, '--root', missing], REPO_ROOT);
      assert.deepEqual([r.code, r.stdout, r.stderr], [2, '', `gwtopo: --root ${missing}: no such folder\n${hint}`], argv.join(' '));
      const f = spawnCli([...argv, '--root', file], REPO_ROOT);
      assert.deepEqual([f.code, f.stderr], [2, `gwtopo: --root ${file}: not a folder\n${hint}`], argv.join(' '));
    }
    assert.equal(existsSync(join(root, 'no')), false, 'init created nothing');
  });

  test('no topologies/ folder: exit 2 with a hint, no stack trace', () => {
    const empty = tempRepo();
    try {
      const r = spawnCli(['generate'], empty);
      assert.equal(r.code, 2);
      assert.equal(r.stderr, `topologies/:1:1: error: no topologies/ folder in ${empty} [layout]\n  hint: run gwtopo in the root of the GitOps repository, or pass --root DIR\ngwtopo: 1 error in 1 file; nothing written\n`);
    } finally {
      removeTemp(empty);
    }
  });
});

describe('hostile input never yields a stack trace', () => {
  const inputs: Record<string, string | Uint8Array> = {
    binary: new Uint8Array([0, 1, 2, 3, 255, 254, 10]),
    'deep nesting': `${'['.repeat(20000)}${']'.repeat(20000)}\n`,
    'huge number': 'apiVersion: gwtopo/v1alpha1\nkind: GatewayTopology\nmetadata: {name: a}\nspec: {gateways: [{name: g, direction: ingress, networking: external, scope: dataplane, listeners: [{protocol: HTTP, port: 1e400, host: a.b}]}]}\n',
    'a scalar document': 'just a string\n',
    'a list document': '- a\n- b\n',
    'null values everywhere': 'apiVersion:\nkind:\nmetadata:\nspec:\n',
    'unicode keys': 'apiVersion: gwtopo/v1alpha1\nkind: GatewayTopology\nmetadata: {name: a}\nspec: {gateways: [], ünïcödé: 🚀}\n',
    'a merge key': 'apiVersion: gwtopo/v1alpha1\nkind: GatewayTopology\nmetadata: {name: a}\nspec:\n  <<: {gateways: []}\n',
  };
  for (const [name, content] of Object.entries(inputs)) {
    test(name, () => {
      const repo = tempRepo();
      try {
        writeFiles(repo, { 'topologies/a/topology.yaml': content as string });
        const r = spawnCli(['generate'], repo);
        assert.equal(r.code, 2, r.stderr);
        assert.doesNotMatch(r.stderr, NO_STACK);
        assert.doesNotMatch(r.stderr, /internal error/);
        assert.match(r.stderr, /^topologies\/a\/topology\.yaml:\d+:\d+: error: /);
      } finally {
        removeTemp(repo);
      }
    });
  }
});

describe('output streams', () => {
  test('--format json: one JSON document on stdout, nothing on stderr', () => {
    const repo = tempRepo({ 'topologies/a/topology.yaml': VALID });
    try {
      const r = spawnCli(['generate', '--format', 'json'], repo);
      assert.equal(r.code, 0);
      assert.equal(r.stderr, '');
      const doc = JSON.parse(r.stdout) as Record<string, unknown>;
      assert.deepEqual(Object.keys(doc), ['command', 'ok', 'exitCode', 'clusters', 'problems', 'written', 'removed', 'unchanged', 'foreign', 'lineEndings', 'k3d']);
      assert.equal((doc.written as string[]).length, 4);
      const check = JSON.parse(spawnCli(['check', '--format', 'json'], repo).stdout) as Record<string, unknown>;
      assert.deepEqual([check.command, check.ok, check.exitCode], ['check', true, 0]);
    } finally {
      removeTemp(repo);
    }
  });

  test('plain lines without terminal escapes when not on a TTY', () => {
    const r = spawnCli(['check'], REPO_ROOT, { CI: '' });
    assert.equal(r.code, 0, r.stdout + r.stderr);
    // eslint-disable-next-line no-control-regex
    assert.doesNotMatch(r.stdout + r.stderr, /\u001b\[/);
  });
});
