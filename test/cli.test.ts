// The real executable: exit codes, where output goes, usage errors, no stack traces, no terminal chrome in CI.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { COMMANDS } from '../generator/cli/args.js';
import { CLI, REPO_ROOT, removeTemp, requirement, run, spawnCli, tempRepo, which, writeFiles, yaml } from './helpers.js';

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
  test('a shortened command gets its did-you-mean; an option without its value says what it takes', () => {
    const gen = spawnCli(['gen'], root);
    assert.equal(gen.code, 2);
    assert.match(gen.stderr, /^gwtopo: error: unknown command "gen" \[usage\]\n {2}hint: did you mean "generate"\?\n/);
    for (const argv of [
      ['validate', '--cluster'],
      ['check', '--cluster', '--quiet'],
    ]) {
      const r = spawnCli(argv, root);
      assert.equal(r.code, 2);
      assert.match(r.stderr, /^gwtopo: error: --cluster needs a value \(NAME\): only this cluster; repeat for more \[usage\]\n/, argv.join(' '));
      assert.doesNotMatch(r.stderr, /argument missing/);
    }
  });

  test('--help prints the overview to stdout, exit 0: every command with its summary', () => {
    const pkg = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string };
    const r = spawnCli(['--help'], root);
    assert.equal(r.code, 0);
    assert.match(
      r.stdout,
      new RegExp(`^gwtopo ${pkg.version.replace(/\./g, '\\.')} — render OpenChoreo API-gateway topologies into GitOps overlays\n\nUsage: gwtopo <command> \\[options\\]\n\nCommands:\n  generate  `),
    );
    for (const c of COMMANDS) assert.match(r.stdout, new RegExp(`^  ${c}\\b`, 'm'), c);
    assert.match(r.stdout, /^Exit codes: 0 success, 1 drift \(check\), changes \(diff --exit-code\) or$/m);
    assert.equal(r.stderr, '');
    assert.equal(spawnCli(['help'], root).stdout, r.stdout, 'gwtopo help');
  });

  test('--version prints the package version', () => {
    const pkg = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string };
    const r = spawnCli(['--version'], root);
    assert.deepEqual([r.code, r.stdout], [0, `gwtopo ${pkg.version}\n`]);
  });

  for (const [argv, message, hint] of [
    [[], 'gwtopo: error: no command given [usage]', '  hint: run gwtopo generate, gwtopo check or gwtopo validate (gwtopo --help lists all)'],
    [['generat'], 'gwtopo: error: unknown command "generat" [usage]', '  hint: did you mean "generate"?'],
    [['check', '--rot', '.'], 'gwtopo: error: unknown option --rot [usage]', '  hint: did you mean --root?'],
    [['check', '--format', 'yaml'], 'gwtopo: error: --format for check must be one of: text, json, github, gitlab, sarif (got "yaml") [usage]', '  hint: gwtopo help check lists its options'],
    [['generate', '--format', 'github'], 'gwtopo: error: --format for generate must be one of: text, json (got "github") [usage]', '  hint: gwtopo help generate lists its options'],
    [['generate', '--shard', '1/2'], 'gwtopo: error: --shard does not apply to generate [usage]', '  hint: --shard is for check, validate, diff'],
    [['check', '--shard', '3/2'], 'gwtopo: error: --shard must be I/N with 1 ≤ I ≤ N (got "3/2") [usage]', '  hint: e.g. --shard 2/4 for the second of four CI jobs'],
    [['build'], 'gwtopo: error: build needs a cluster: gwtopo build CLUSTER [usage]', '  hint: the cluster: its folder name under topologies/'],
    [['build', 'a', '--plane', 'both'], 'gwtopo: error: --plane must be one of: data-plane, control-plane (got "both") [usage]', '  hint: gwtopo help build lists its options'],
    [['init', 'a', 'b'], 'gwtopo: error: unexpected argument "b" [usage]', '  hint: gwtopo init takes one cluster'],
    [['diff'], 'gwtopo: error: diff needs --base REF [usage]', '  hint: e.g. gwtopo diff --base origin/main'],
    [['check', 'a'], 'gwtopo: error: unexpected argument "a" [usage]', '  hint: select clusters with --cluster NAME'],
    [['check', '--cluster', '../x'], 'gwtopo: error: "../x" is not a cluster name [usage]', '  hint: cluster names are DNS-1123 labels: lower-case letters, digits and "-"'],
    [['check', '--root'], 'gwtopo: error: --root needs a value (DIR): the GitOps repository (the folder holding topologies/) [usage]', '  hint: run gwtopo --help'],
    [
      ['init', 'a', '--provider', 'aws-lb'],
      'gwtopo: error: --provider must be one of: alibaba, aws, aws-lbc, azure, digitalocean, gcp, generic, ibm, k3d, oci, openstack (got "aws-lb") [usage]',
      '  hint: did you mean "aws-lbc"?',
    ],
    [
      ['init', 'a', '--module', 'envoy'],
      'gwtopo: error: --module must be one of: kgateway, envoy-gateway, nginx-gateway-fabric, istio, cilium, traefik, kong (got "envoy") [usage]',
      '  hint: gwtopo help init lists its options',
    ],
    [['generate', '--quiet', '--verbose'], 'gwtopo: error: --quiet and --verbose contradict each other [usage]', '  hint: give one of them'],
    [['diff', '--base', 'main', '--quiet'], 'gwtopo: error: --quiet does not apply to diff [usage]', '  hint: --quiet is for generate, check, validate'],
    [['explain', 'host-requird'], 'gwtopo: error: unknown rule "host-requird" [usage]', '  hint: did you mean "host-required"? gwtopo explain lists every rule'],
    [['explain', 'zzz'], 'gwtopo: error: unknown rule "zzz" [usage]', '  hint: gwtopo explain lists every rule'],
    [['explain', '--root', '.'], 'gwtopo: error: --root does not apply to explain [usage]', '  hint: --root is for generate, check, validate, diff, build, show, init, import'],
    [['completion'], 'gwtopo: error: completion needs a shell: gwtopo completion SHELL [usage]', '  hint: one of: bash, zsh, fish'],
    [['completion', 'powershell'], 'gwtopo: error: the shell must be one of: bash, zsh, fish (got "powershell") [usage]', '  hint: run gwtopo --help'],
    [['help', 'generat'], 'gwtopo: error: unknown command "generat" [usage]', '  hint: did you mean "generate"?'],
    [['generat', '--help'], 'gwtopo: error: unknown command "generat" [usage]', '  hint: did you mean "generate"?'],
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
  test('bin.gwtopo is the built CLI, executable with a node shebang', { skip: requirement(process.platform !== 'win32', 'POSIX file modes (not on Windows)') }, () => {
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
    const hint = '  hint: pass the folder of the GitOps repository (the one holding topologies/), or leave --root out to find it upwards from the current folder\n';
    for (const argv of [['init', 'x'], ['diff', '--base', 'HEAD'], ['generate'], ['check'], ['validate'], ['build', 'a']]) {
      const r = spawnCli([...argv, '--root', missing], REPO_ROOT);
      assert.deepEqual([r.code, r.stdout, r.stderr], [2, '', `gwtopo: error: --root ${missing}: no such folder [usage]\n${hint}`], argv.join(' '));
      const f = spawnCli([...argv, '--root', file], REPO_ROOT);
      assert.deepEqual([f.code, f.stderr], [2, `gwtopo: error: --root ${file}: not a folder [usage]\n${hint}`], argv.join(' '));
    }
    assert.equal(existsSync(join(root, 'no')), false, 'init created nothing');
  });

  test('no topologies/ folder: exit 2 with a hint, no stack trace', () => {
    const empty = tempRepo();
    try {
      const r = spawnCli(['generate'], empty);
      assert.equal(r.code, 2);
      assert.equal(
        r.stderr,
        `gwtopo: error: no topologies/ folder in ${empty} [layout]\n  hint: run gwtopo inside the GitOps repository (it looks upwards from the current folder for topologies/ or gwtopo.yaml), pass --root DIR, or start one with gwtopo init CLUSTER\n`,
      );
    } finally {
      removeTemp(empty);
    }
  });
});

describe('hostile input never yields a stack trace', () => {
  const inputs: Record<string, string | Uint8Array> = {
    binary: new Uint8Array([0, 1, 2, 3, 255, 254, 10]),
    'deep nesting': `${'['.repeat(20000)}${']'.repeat(20000)}\n`,
    'huge number':
      'apiVersion: gwtopo/v1alpha1\nkind: GatewayTopology\nmetadata: {name: a}\nspec: {gateways: [{name: g, direction: ingress, networking: external, scope: dataplane, listeners: [{protocol: HTTP, port: 1e400, host: a.b}]}]}\n',
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
      assert.deepEqual(Object.keys(doc), ['command', 'ok', 'exitCode', 'clusters', 'problems', 'accepted', 'written', 'removed', 'unchanged', 'foreign', 'lineEndings', 'k3d']);
      assert.equal((doc.written as string[]).length, 5);
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

describe('finding the repository (no --root)', () => {
  const USING = (path: string) => `gwtopo: using the repository at ${path} (the nearest folder upwards with topologies/ or gwtopo.yaml)\n`;

  test('from a sub-folder: the nearest folder upwards with topologies/; text output says which; paths stay relative to it', () => {
    const repo = tempRepo({ 'topologies/a/topology.yaml': VALID.replace('port: 80', 'port: 0') });
    try {
      const r = spawnCli(['validate'], join(repo, 'topologies', 'a'));
      assert.equal(r.code, 2);
      assert.ok(r.stderr.startsWith(`${USING(join('..', '..'))}topologies/a/topology.yaml:7:`), r.stderr);
      const json = spawnCli(['validate', '--format', 'json'], join(repo, 'topologies', 'a'));
      assert.equal(json.stderr, '', 'not in JSON output');
      assert.equal((JSON.parse(json.stdout) as { problems: { file: string }[] }).problems[0]?.file, 'topologies/a/topology.yaml');
      assert.equal(spawnCli(['validate', '--quiet'], join(repo, 'topologies')).stderr.startsWith('gwtopo: using'), false, 'not with --quiet');
      writeFiles(repo, { 'topologies/a/topology.yaml': VALID });
      const fromRoot = spawnCli(['generate'], repo);
      assert.deepEqual([fromRoot.code, fromRoot.stderr], [0, ''], 'not when the root is the working directory');
      const build = spawnCli(['build', 'a'], join(repo, 'overlays', 'a', 'data-plane'));
      assert.deepEqual([build.code, build.stderr], [0, USING(join('..', '..', '..'))]);
    } finally {
      removeTemp(repo);
    }
  });

  test('gwtopo.yaml marks a root too; the search stops at the top of a git repository', () => {
    const repo = tempRepo({ 'gwtopo.yaml': 'apiVersion: gwtopo/v1alpha1\nkind: Repository\nspec: {}\n', 'docs/x.md': 'x', 'nested/.git': 'gitdir: elsewhere\n', 'nested/deep/x.md': 'x' });
    try {
      const r = spawnCli(['check'], join(repo, 'docs'));
      assert.equal(r.stderr.split('\n')[1], `gwtopo: error: no topologies/ folder in ${repo} [layout]`);
      const nested = spawnCli(['check'], join(repo, 'nested', 'deep'));
      assert.equal(nested.stderr.split('\n')[0], `gwtopo: error: no topologies/ folder in ${join(repo, 'nested', 'deep')} [layout]`, 'not above nested/, the top of its git repository');
    } finally {
      removeTemp(repo);
    }
  });

  test('init creates topologies/ in the working directory when no root is found, else in the root', () => {
    const empty = tempRepo({ 'sub/x.md': 'x' });
    try {
      const r = spawnCli(['init', 'a'], join(empty, 'sub'));
      assert.deepEqual([r.code, r.stderr], [0, '']);
      assert.equal(existsSync(join(empty, 'sub', 'topologies', 'a', 'topology.yaml')), true);
      mkdirSync(join(empty, 'sub', 'topologies', 'a', 'deeper'));
      const again = spawnCli(['init', 'b'], join(empty, 'sub', 'topologies', 'a', 'deeper'));
      assert.deepEqual([again.code, again.stderr], [0, USING(join('..', '..', '..'))]);
      assert.equal(existsSync(join(empty, 'sub', 'topologies', 'b', 'topology.yaml')), true);
    } finally {
      removeTemp(empty);
    }
  });
});

describe('output at a glance', () => {
  const k3d = (name: string) =>
    VALID.replace('name: a', `name: ${name}`)
      .replace('scope: dataplane,', 'scope: dataplane, service: {type: LoadBalancer},')
      .replace('port: 80', 'port: 19081')
      .replace('spec:', `spec:\n  provider: k3d\n  dataPlane: {name: ${name}}`);

  test('generate: counts, the first changed clusters, each k3d command once with its clusters; --verbose lists every file', async () => {
    const files: Record<string, string> = {};
    for (let i = 1; i <= 12; i++) files[`topologies/c${String(i).padStart(2, '0')}/topology.yaml`] = k3d(`c${String(i).padStart(2, '0')}`);
    const repo = tempRepo(files);
    try {
      const r = await run(['generate'], repo);
      assert.equal(r.code, 0, r.stderr);
      assert.equal(
        r.stdout,
        'gwtopo: 12 clusters: 60 written, 0 unchanged, 0 removed (changed: c01, c02, c03, c04, c05, c06, c07, c08 +4 more)\n' +
          'k3d does not map these LoadBalancer ports; run this command once:\n' +
          '  k3d node edit k3d-openchoreo-serverlb --port-add 19081:19081/tcp  # c01, c02, c03, c04, c05, c06, c07, c08 +4 more\n',
      );
      writeFiles(repo, { 'topologies/c03/topology.yaml': k3d('c03').replace('edge.example.com', 'edge3.example.com') });
      const verbose = await run(['generate', '--verbose'], repo);
      assert.deepEqual(
        verbose.stdout.split('\n').filter((l) => l.startsWith('wrote ')),
        ['wrote overlays/c03/control-plane/c03.dataplane.yaml'],
      );
      assert.match(verbose.stdout, /^gwtopo: 12 clusters: 1 written, 59 unchanged, 0 removed \(changed: c03\)$/m);
    } finally {
      removeTemp(repo);
    }
  });

  test('--quiet: errors only — nothing for a clean run, no warnings, drift as the summary line alone', async () => {
    const warning = VALID.replace('host: edge.example.com', 'host: edge.example.com, hostname: "*.example.org"');
    const repo = tempRepo({ 'topologies/a/topology.yaml': warning });
    try {
      for (const command of ['generate', 'validate', 'check']) {
        const r = await run([command, '--quiet'], repo);
        assert.deepEqual([r.code, r.stdout, r.stderr], [0, '', ''], command);
      }
      assert.match((await run(['validate'], repo)).stderr, /\[host-hostname\]/, 'the warning, without --quiet');
      writeFiles(repo, { 'topologies/a/topology.yaml': warning.replace('port: 80', 'port: 81') });
      const drift = await run(['check', '--quiet'], repo);
      assert.deepEqual([drift.code, drift.stderr], [1, '']);
      assert.equal(drift.stdout, 'gwtopo: overlays/ is out of date: 2 changed, 0 missing, 0 stale. Run gwtopo generate and commit the result.\n');
      writeFiles(repo, { 'topologies/a/topology.yaml': warning.replace('port: 80', 'port: 0') });
      const invalid = await run(['validate', '--quiet'], repo);
      assert.equal(invalid.code, 2);
      assert.match(invalid.stderr, /^topologies\/a\/topology\.yaml:7:\d+: error: spec\.gateways\[0\]\.listeners\[0\]\.port: must be at least 1 \(got 0\) \[schema\]\ngwtopo: 1 error in 1 file\n$/);
    } finally {
      removeTemp(repo);
    }
  });

  const pty = requirement(process.platform === 'linux' && which('script'), 'a pseudo-terminal needs Linux and script(1) from util-linux');
  test('on a terminal: a spinner on stderr, uncoloured with NO_COLOR (a real pseudo-terminal through script(1))', { skip: pty }, () => {
    const { CI: _ci, NO_COLOR: _noColor, FORCE_COLOR: _forceColor, ...env } = process.env;
    const terminal = (vars: string) => {
      const r = spawnSync('script', ['-qec', `stty cols 80 rows 24; ${vars} "${process.execPath}" "${CLI}" validate --root "${root}"`, '/dev/null'], {
        encoding: 'utf8',
        env: { ...env, TERM: 'xterm' },
      });
      assert.equal(r.status, 0, r.stderr);
      return r.stdout;
    };
    const colored = terminal('');
    assert.match(colored, /⠋/, 'a spinner frame');
    assert.match(colored, /\u001b\[36m/, 'cyan without NO_COLOR');
    const plain = terminal('NO_COLOR=1');
    assert.match(plain, /⠋/);
    assert.doesNotMatch(plain, /\u001b\[3\dm/, 'no colour with NO_COLOR');
    assert.doesNotMatch(terminal('CI=true'), /⠋/, 'no spinner in CI');
  });
});
