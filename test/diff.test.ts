// gwtopo diff against real git repositories in temp directories: the base is read from git objects only
// (the working tree, index, HEAD and branches stay untouched), resources are compared by identity, every
// impact note kind is triggered by the fixture test/fixtures/diff/impact, and the Markdown stays under the
// comment limit. Golden outputs: test/fixtures/diff/impact/expected (refresh with UPDATE_GOLDEN=1 npm test).
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Gate } from '../generator/diff/gate.js';
import { openRepository, type Repository, resolveCommit, snapshot } from '../generator/diff/git.js';
import { type ImpactNote, NOTE_KINDS, NOTE_TABLE, type ResourceChange } from '../generator/diff/types.js';
import { main } from '../generator/main.js';
import { commitAll, git, gitRepo, skip } from './git.js';
import { copyTree, FIXTURES, readTree, removeTemp, run, tempRepo, topologyYaml, writeFiles, yaml } from './helpers.js';

const IMPACT = join(FIXTURES, 'diff', 'impact');
const UPDATE = process.env.UPDATE_GOLDEN === '1';

/** Everything a diff must leave alone: HEAD, branches, index, status and the working tree's bytes. */
function repoState(root: string): Record<string, unknown> {
  const index = existsSync(join(root, '.git', 'index'))
    ? createHash('sha256')
        .update(readFileSync(join(root, '.git', 'index')))
        .digest('hex')
    : '';
  return {
    index,
    head: git(root, 'rev-parse', 'HEAD'),
    symbolicHead: git(root, 'symbolic-ref', 'HEAD'),
    refs: git(root, 'for-each-ref'),
    status: git(root, 'status', '--porcelain=v1', '--untracked-files=all'),
    tree: [...readTree(root)].filter(([p]) => !p.startsWith('.git/')),
  };
}

function topology(cluster: string, port = 80, extra = ''): string {
  return (
    topologyYaml(
      cluster,
      yaml`
    dataPlane: {name: ${cluster}}
    gateways:
      - name: edge
        direction: ingress
        networking: external
        scope: dataplane
        listeners:
          - {protocol: HTTP, port: ${port}, host: ${cluster}.example.com}
  `,
    ) + extra
  );
}

interface DiffJson {
  command: string;
  ok: boolean;
  exitCode: number;
  clusters: string[];
  problems: { file: string; rule: string; message: string }[];
  base: { ref: string; commit: string };
  head: { ref: string | null; commit: string | null };
  changed: boolean;
  totals: { added: number; removed: number; changed: number };
  summary: { cluster: string; plane: string; added: number; removed: number; changed: number }[];
  notes: ImpactNote[];
  gate: Gate;
  resources: ResourceChange[];
  baseProblems: { severity: string; file: string; line: number; col: number; rule: string }[];
  rerun: string;
}

async function diffJson(root: string, ...argv: string[]): Promise<DiffJson> {
  const r = await run(['diff', ...argv, '--format', 'json'], root);
  assert.equal(r.stderr, '', 'json prints nothing on stderr');
  return JSON.parse(r.stdout) as DiffJson;
}

/** Runs with TMPDIR pointing at a fresh folder, and returns what was left in it. */
async function withTmpdir<T>(fn: () => Promise<T>): Promise<{ value: T; left: string[] }> {
  const dir = mkdtempSync(join(tmpdir(), 'gwtopo-tmpdir-'));
  const saved = process.env.TMPDIR;
  process.env.TMPDIR = dir;
  try {
    const value = await fn();
    return { value, left: readdirSync(dir) };
  } finally {
    if (saved === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = saved;
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('gwtopo diff: reading git', { skip }, () => {
  test('reads the base from git objects only: working tree, index, HEAD and branches stay untouched, temp folders go away', async () => {
    const root = gitRepo({ 'topologies/a/topology.yaml': topology('a', 80), 'README.md': 'hello\n' });
    try {
      writeFiles(root, { 'topologies/a/topology.yaml': topology('a', 81) });
      commitAll(root, 'port 81');
      git(root, 'branch', 'feature');
      // Uncommitted work of every kind: a staged change, an unstaged change, an untracked cluster.
      writeFiles(root, { 'README.md': 'staged\n' });
      git(root, 'add', 'README.md');
      writeFiles(root, { 'topologies/a/topology.yaml': topology('a', 82), 'topologies/b/topology.yaml': topology('b') });
      const stateBefore = repoState(root);
      const { value, left } = await withTmpdir(async () => ({
        worktree: await diffJson(root, '--base', 'HEAD~1'),
        commits: await diffJson(root, '--base', 'HEAD~1', '--head', 'main'),
        markdown: await run(['diff', '--base', 'feature~1', '--format', 'markdown'], root),
        text: await run(['diff', '--base', 'main'], root),
      }));
      assert.deepEqual(left, [], 'temp folders are removed');
      assert.deepEqual(repoState(root), stateBefore, 'the repository is exactly as it was');

      // The working tree is head, as it is on disk (untracked cluster b included).
      assert.deepEqual(value.worktree.head, { ref: null, commit: null });
      assert.match(value.worktree.base.commit, /^[0-9a-f]{40}$/);
      assert.deepEqual(value.worktree.clusters, ['a', 'b']);
      assert.deepEqual(value.worktree.totals, { added: 3, removed: 0, changed: 2 });
      const gateway = value.worktree.resources.find((r) => r.path === 'overlays/a/data-plane/edge.gateway.yaml')!;
      assert.equal(gateway.change, 'changed');
      assert.match(gateway.diff, /^- {6}port: 80\n\+ {6}port: 82\n/m);
      // Between two commits, the working tree does not matter.
      assert.equal(value.commits.head.ref, 'main');
      assert.deepEqual(value.commits.totals, { added: 0, removed: 0, changed: 2 });
      assert.match(value.commits.resources[0]!.diff, /^- {6}port: 80\n\+ {6}port: 81\n/m);
      assert.equal(value.markdown.code, 0, value.markdown.stderr);
      assert.match(value.markdown.stdout, /^<!-- gwtopo-diff -->\n/);
      assert.equal(value.text.code, 0, value.text.stderr);
      assert.match(value.text.stdout, /^gwtopo diff: main \([0-9a-f]{7}\) → the working tree\n/);
      for (const out of [JSON.stringify(value), value.markdown.stderr, value.text.stderr]) {
        assert.doesNotMatch(out, /gwtopo-diff-|gwtopo-tmpdir-/, 'no temp path is ever printed');
      }
    } finally {
      removeTemp(root);
    }
  });

  test('--head REF compares two commits, whatever the working tree holds', async () => {
    const root = gitRepo({ 'topologies/a/topology.yaml': topology('a', 80) });
    try {
      writeFiles(root, { 'topologies/a/topology.yaml': topology('a', 81) });
      commitAll(root, 'port 81');
      writeFiles(root, { 'topologies/a/topology.yaml': 'not: [a topology\n' });
      const r = await diffJson(root, '--base', 'HEAD~1', '--head', 'HEAD');
      assert.equal(r.exitCode, 0);
      assert.deepEqual(r.totals, { added: 0, removed: 0, changed: 2 });
      assert.equal(r.rerun, "npx gwtopo diff --base 'HEAD~1' --head HEAD --format text");
      const unknown = await run(['diff', '--base', 'HEAD~1', '--head', 'no-such-branch'], root);
      assert.equal(unknown.code, 2);
      assert.match(unknown.stderr, /^gwtopo: error: --head: "no-such-branch" is not a commit in this repository \[git\]\n {2}hint: /);
    } finally {
      removeTemp(root);
    }
  });

  test('--root in a subdirectory of the repository, and run from inside it', async () => {
    const root = gitRepo({ 'gitops/topologies/a/topology.yaml': topology('a', 80), 'topologies/decoy/topology.yaml': topology('decoy', 80) });
    try {
      writeFiles(root, { 'gitops/topologies/a/topology.yaml': topology('a', 81), 'topologies/decoy/topology.yaml': topology('decoy', 99) });
      const fromTop = await diffJson(root, '--base', 'HEAD', '--root', 'gitops');
      const fromInside = await diffJson(join(root, 'gitops'), '--base', 'HEAD');
      assert.deepEqual(fromTop, fromInside);
      assert.deepEqual(fromTop.clusters, ['a']);
      assert.deepEqual(fromTop.totals, { added: 0, removed: 0, changed: 2 });
      assert.equal(fromTop.rerun, 'npx gwtopo diff --base HEAD --root gitops --format text');
    } finally {
      removeTemp(root);
    }
  });

  test('a missing base revision, a revision that looks like an option and a root outside git are clear errors (exit 2)', async () => {
    const root = gitRepo({ 'topologies/a/topology.yaml': topology('a') });
    const bare = tempRepo({ 'topologies/a/topology.yaml': topology('a') });
    try {
      const missing = await run(['diff', '--base', 'origin/main'], root);
      assert.equal(missing.code, 2);
      assert.equal(missing.stdout, '');
      assert.equal(
        missing.stderr,
        'gwtopo: error: --base: "origin/main" is not a commit in this repository [git]\n  hint: name a branch, tag or commit that exists locally; in CI fetch the history first (actions/checkout with fetch-depth: 0) and use origin/<branch>\n',
      );
      const option = await run(['diff', '--base=--output=/tmp/x'], root);
      assert.equal(option.code, 2);
      assert.match(option.stderr, /^gwtopo: error: --base: "--output=\/tmp\/x" is not a git revision \[git\]\n/);
      const json = await diffJson(root, '--base', 'nope');
      assert.equal(json.exitCode, 2);
      assert.deepEqual(
        json.problems.map((p) => [p.file, p.rule]),
        [['.', 'git']],
      );
      const markdown = await run(['diff', '--base', 'nope', '--format', 'markdown'], root);
      assert.equal(markdown.code, 2);
      assert.match(markdown.stdout, /^<!-- gwtopo-diff -->\n### gwtopo diff\n\n\*\*gwtopo diff could not run\*\* \(`--base`\): "nope" is not a commit in this repository\./);
      const outside = await run(['diff', '--base', 'HEAD'], bare);
      assert.equal(outside.code, 2);
      assert.match(outside.stderr, /^gwtopo: error: the root is not inside a git repository \(/);
    } finally {
      removeTemp(root);
      removeTemp(bare);
    }
  });

  test('git output larger than 1 MiB is streamed, not buffered into a limit', async () => {
    const big = `${'x'.repeat(1023)}\n`.repeat(3 * 1024); // 3 MiB
    const root = gitRepo({ 'topologies/a/topology.yaml': topology('a', 80), 'topologies/a/notes.txt': big });
    try {
      writeFiles(root, { 'topologies/a/topology.yaml': topology('a', 81) });
      const r = await diffJson(root, '--base', 'HEAD');
      assert.equal(r.exitCode, 0);
      assert.deepEqual(r.totals, { added: 0, removed: 0, changed: 2 });
    } finally {
      removeTemp(root);
    }
  });

  test('snapshot reads topologies/, gwtopo.yaml and the control-plane bases topologies name — nothing else', async () => {
    const patchMode = topology('a', 80, '  controlPlane:\n    mode: patch\n    base: platform/control-plane/\n');
    const root = gitRepo({
      'topologies/a/topology.yaml': patchMode,
      'topologies/loose.txt': 'loose\n',
      'gwtopo.yaml': 'engines: []\n',
      'platform/control-plane/kustomization.yaml': 'resources:\n  - dataplane.yaml\n  - ../shared\n  - ../single/env.yaml\n  - https://example.com/remote.yaml\n  - ../../outside\n',
      'platform/control-plane/dataplane.yaml': 'kind: DataPlane\n',
      'platform/shared/kustomization.yaml': 'resources: [env.yaml]\n',
      'platform/shared/env.yaml': 'kind: Environment\n',
      'platform/single/env.yaml': 'kind: Environment\n',
      'platform/single/unrelated.yaml': 'kind: Secret\n',
      'overlays/a/data-plane/edge.gateway.yaml': 'generated\n',
      'apps/other.yaml': 'other\n',
    });
    const target = tempRepo();
    try {
      const repo = (await openRepository(root)) as Repository;
      const { commit } = (await resolveCommit(repo, 'HEAD', '--base')) as { commit: string };
      const snap = await snapshot(repo, commit, target);
      const expected = [
        'gwtopo.yaml',
        'platform/control-plane/dataplane.yaml',
        'platform/control-plane/kustomization.yaml',
        'platform/shared/env.yaml',
        'platform/shared/kustomization.yaml',
        'platform/single/env.yaml',
        'topologies/a/topology.yaml',
        'topologies/loose.txt',
      ];
      assert.deepEqual(snap.files, expected);
      assert.deepEqual([...readTree(target).keys()], expected);
      assert.equal(readTree(target).get('topologies/a/topology.yaml'), patchMode);
    } finally {
      removeTemp(root);
      removeTemp(target);
    }
  });

  test('symbolic links at base are read when they stay inside the root, and reported when they do not', async () => {
    const root = gitRepo({ 'topologies/a/topology.yaml': topology('a'), 'shared/b/topology.yaml': topology('b'), 'shared/c.yaml': topology('c') });
    try {
      symlinkSync('../shared/b', join(root, 'topologies/b')); // a linked folder
      symlinkSync('c.yaml', join(root, 'shared/c-link.yaml'));
      mkdirSync(join(root, 'topologies/c'));
      symlinkSync('../../shared/c-link.yaml', join(root, 'topologies/c/topology.yaml')); // a link to a link to a file
      symlinkSync('b/topology.yaml', join(root, 'topologies/through.yaml')); // through the linked folder
      mkdirSync(join(root, 'topologies/out'));
      symlinkSync('../../../outside.yaml', join(root, 'topologies/out/topology.yaml'));
      mkdirSync(join(root, 'topologies/dangling'));
      symlinkSync('nowhere.yaml', join(root, 'topologies/dangling/topology.yaml'));
      commitAll(root, 'links');
      const repo = (await openRepository(root)) as Repository;
      const { commit } = (await resolveCommit(repo, 'HEAD', '--base')) as { commit: string };
      const target = tempRepo();
      try {
        const snap = await snapshot(repo, commit, target);
        assert.deepEqual(snap.files, ['topologies/a/topology.yaml', 'topologies/b/topology.yaml', 'topologies/c/topology.yaml', 'topologies/through.yaml']);
        assert.equal(readTree(target).get('topologies/b/topology.yaml'), topology('b'));
        assert.equal(readTree(target).get('topologies/c/topology.yaml'), topology('c'));
        assert.equal(readTree(target).get('topologies/through.yaml'), topology('b'));
        assert.deepEqual(snap.skipped, [
          { path: 'topologies/dangling/topology.yaml', reason: 'a symbolic link to nowhere.yaml, which does not exist' },
          { path: 'topologies/out/topology.yaml', reason: 'a symbolic link to ../../../outside.yaml, outside the root' },
        ]);
      } finally {
        removeTemp(target);
      }
      const r = await diffJson(root, '--base', 'HEAD', '--cluster', 'b', '--cluster', 'c');
      assert.equal(r.exitCode, 0);
      assert.equal(r.changed, false, 'linked topologies read the same at base and in the working tree');
      const warnings = r.baseProblems.filter((p) => p.rule === 'git-entry-skipped');
      assert.deepEqual(
        warnings.map((p) => [p.file, p.severity]),
        [
          ['topologies/dangling/topology.yaml', 'warning'],
          ['topologies/out/topology.yaml', 'warning'],
        ],
      );
    } finally {
      removeTemp(root);
    }
  });

  test('a revision without topologies/ is an empty base: every cluster is added', async () => {
    const root = gitRepo({ 'README.md': 'before gwtopo\n' });
    try {
      writeFiles(root, { 'topologies/a/topology.yaml': topology('a') });
      const r = await diffJson(root, '--base', 'HEAD');
      assert.equal(r.exitCode, 0);
      assert.deepEqual(r.totals, { added: 3, removed: 0, changed: 0 });
      assert.deepEqual(
        r.notes.map((n) => [n.kind, n.cluster]),
        [['cluster-added', 'a']],
      );
    } finally {
      removeTemp(root);
    }
  });
});

describe('gwtopo diff: outcomes', { skip }, () => {
  test('an invalid base topology is reported as a note, not fatal', async () => {
    const root = gitRepo({ 'topologies/a/topology.yaml': topology('a', 0), 'topologies/b/topology.yaml': topology('b', 80) });
    try {
      writeFiles(root, { 'topologies/a/topology.yaml': topology('a', 80) });
      const r = await diffJson(root, '--base', 'HEAD');
      assert.equal(r.exitCode, 0);
      assert.deepEqual(r.problems, []);
      assert.deepEqual(
        r.baseProblems.map((p) => [p.file, p.line, p.rule]),
        [['topologies/a/topology.yaml', 13, 'schema']],
      );
      assert.deepEqual(
        r.notes.map((n) => [n.kind, n.cluster]),
        [['base-invalid', 'a']],
      );
      assert.deepEqual(r.totals, { added: 3, removed: 0, changed: 0 });
      const text = await run(['diff', '--base', 'HEAD'], root);
      assert.equal(text.code, 0);
      assert.match(text.stderr, /^base HEAD: topologies\/a\/topology\.yaml:13:\d+: error: spec\.gateways\[0\]\.listeners\[0\]\.port: must be at least 1/);
    } finally {
      removeTemp(root);
    }
  });

  test('an invalid head exits 2 with the usual problem lines; markdown says so within the cap', async () => {
    const root = gitRepo({ 'topologies/a/topology.yaml': topology('a', 80) });
    try {
      writeFiles(root, { 'topologies/a/topology.yaml': topology('a', 70000) });
      const validate = await run(['validate'], root);
      const r = await run(['diff', '--base', 'HEAD'], root);
      assert.equal(r.code, 2);
      assert.equal(r.stdout, '');
      assert.equal(r.stderr, validate.stderr, 'the same lines as gwtopo validate');
      assert.match(r.stderr, /^topologies\/a\/topology\.yaml:13:\d+: error: spec\.gateways\[0\]\.listeners\[0\]\.port: must be at most 65535/);
      const md = await run(['diff', '--base', 'HEAD', '--format', 'markdown', '--max-chars', '400'], root);
      assert.equal(md.code, 2);
      assert.equal(md.stderr, validate.stderr);
      assert.ok(md.stdout.length <= 400, `${md.stdout.length} characters`);
      assert.match(md.stdout, /\*\*The topologies at head are invalid\*\* \(1 error\)/);
      const json = await diffJson(root, '--base', 'HEAD');
      assert.equal(json.exitCode, 2);
      assert.deepEqual(json.resources, []);
    } finally {
      removeTemp(root);
    }
  });

  test('--exit-code: 1 when something changed, 0 when nothing did; without it changes exit 0', async () => {
    const root = gitRepo({ 'topologies/a/topology.yaml': topology('a', 80) });
    try {
      assert.equal((await run(['diff', '--base', 'HEAD', '--exit-code'], root)).code, 0);
      assert.equal((await run(['diff', '--base', 'HEAD'], root)).code, 0);
      writeFiles(root, { 'topologies/a/topology.yaml': topology('a', 81) });
      assert.equal((await run(['diff', '--base', 'HEAD'], root)).code, 0);
      assert.equal((await run(['diff', '--base', 'HEAD', '--exit-code'], root)).code, 1);
      assert.equal((await run(['diff', '--base', 'HEAD', '--exit-code', '--format', 'markdown'], root)).code, 1);
      const json = await diffJson(root, '--base', 'HEAD', '--exit-code');
      assert.deepEqual([json.ok, json.exitCode, json.changed], [false, 1, true]);
    } finally {
      removeTemp(root);
    }
  });

  test('no changes is said clearly in every format', async () => {
    const root = gitRepo({ 'topologies/a/topology.yaml': topology('a'), 'topologies/b/topology.yaml': topology('b') });
    try {
      writeFiles(root, { 'topologies/a/topology.yaml': `# a comment changes nothing rendered\n${topology('a')}` });
      const text = await run(['diff', '--base', 'HEAD'], root);
      assert.equal(text.code, 0);
      assert.match(text.stdout, /\ngwtopo: no changes: HEAD \([0-9a-f]{7}\) and the working tree render the same resources \(2 clusters\)\n$/);
      const md = await run(['diff', '--base', 'HEAD', '--format', 'markdown'], root);
      assert.match(md.stdout, /^<!-- gwtopo-diff -->\n### gwtopo diff\n\n\*\*No changes\*\*: `HEAD` \(`[0-9a-f]{7}`\) → the working tree render the same resources \(2 clusters\)\.\n/);
      const tiny = await run(['diff', '--base', 'HEAD', '--format', 'markdown', '--max-chars', '30'], root);
      assert.ok(tiny.stdout.length <= 30, tiny.stdout);
      const json = await diffJson(root, '--base', 'HEAD');
      assert.deepEqual([json.changed, json.resources, json.notes, json.summary], [false, [], [], []]);
    } finally {
      removeTemp(root);
    }
  });

  test('--cluster and --shard select the same clusters on both sides', async () => {
    const clusters = ['a', 'b', 'c', 'd', 'e', 'f'];
    const root = gitRepo(Object.fromEntries(clusters.map((c) => [`topologies/${c}/topology.yaml`, topology(c, 80)])));
    try {
      for (const c of clusters) writeFiles(root, { [`topologies/${c}/topology.yaml`]: topology(c, 81) });
      rmSync(join(root, 'topologies/b'), { recursive: true });
      writeFiles(root, { 'topologies/g/topology.yaml': topology('g') });
      const all = await diffJson(root, '--base', 'HEAD');
      assert.deepEqual(all.clusters, [...clusters, 'g']);
      const one = await diffJson(root, '--base', 'HEAD', '--cluster', 'a');
      assert.deepEqual([...new Set(one.resources.map((r) => r.cluster))], ['a']);
      const removed = await diffJson(root, '--base', 'HEAD', '--cluster', 'b');
      assert.equal(removed.exitCode, 0, 'a cluster that exists only at base is a removal, not an error');
      assert.deepEqual(
        removed.notes.map((n) => n.kind),
        ['cluster-removed'],
      );
      const added = await diffJson(root, '--base', 'HEAD', '--cluster', 'g');
      assert.deepEqual([added.exitCode, added.notes.map((n) => n.kind)], [0, ['cluster-added']]);
      const nowhere = await run(['diff', '--base', 'HEAD', '--cluster', 'zz'], root);
      assert.equal(nowhere.code, 2);
      assert.match(nowhere.stderr, /^gwtopo: error: --cluster zz: no such topology \(topologies\/zz\/topology\.yaml does not exist\) \[cluster-not-found\]\n/);
      const shards: DiffJson[] = [];
      for (let i = 1; i <= 3; i++) shards.push(await diffJson(root, '--base', 'HEAD', '--shard', `${i}/3`));
      assert.deepEqual(
        shards.flatMap((s) => s.resources).sort((x, y) => (x.path < y.path ? -1 : 1)),
        [...all.resources].sort((x, y) => (x.path < y.path ? -1 : 1)),
        'the shards together are the whole diff',
      );
      assert.deepEqual(shards.flatMap((s) => s.notes.map((n) => n.cluster)).sort(), all.notes.map((n) => n.cluster).sort());
      assert.ok(shards.every((s) => s.rerun.includes('--shard')));
    } finally {
      removeTemp(root);
    }
  });

  test('an environment that moves to another namespace on the same gateway: one note that says so', async () => {
    const env = (namespace: string): string =>
      topologyYaml(
        'a',
        `environments:\n  - {name: staging${namespace === '' ? '' : `, namespace: ${namespace}`}}\ngateways:\n  - {name: stg, direction: ingress, networking: external, scope: environment, environment: staging, listeners: [{protocol: HTTP, port: 80, host: stg.example.com}]}\n`,
      );
    const root = gitRepo({ 'topologies/a/topology.yaml': env('') });
    try {
      writeFiles(root, { 'topologies/a/topology.yaml': env('stg-ns') });
      const r = await diffJson(root, '--base', 'HEAD');
      const added = r.notes.filter((n) => n.kind === 'dedicated-gateway-added');
      assert.equal(added.length, 1);
      assert.equal(added[0]!.message, 'environment staging is now registered in namespace stg-ns instead of default, still on dedicated gateway stg for ingress/external');
      assert.deepEqual([added[0]!.from, added[0]!.to], ['namespace default', 'namespace stg-ns']);
      assert.equal(r.notes.filter((n) => n.kind === 'dedicated-gateway-removed').length, 1, 'the old namespace still loses the registration');
    } finally {
      removeTemp(root);
    }
  });

  test('colour only when the caller asks for it', async () => {
    const root = gitRepo({ 'topologies/a/topology.yaml': topology('a', 80) });
    try {
      writeFiles(root, { 'topologies/a/topology.yaml': topology('a', 81) });
      const capture = async (color: boolean | undefined): Promise<string> => {
        let stdout = '';
        await main(['diff', '--base', 'HEAD'], { stdout: (t) => (stdout += t), stderr: () => undefined, interactive: false, cwd: root, ...(color === undefined ? {} : { color }) });
        return stdout;
      };
      const colored = await capture(true);
      assert.match(colored, /\u001b\[32m\+ {6}port: 81\u001b\[0m/);
      assert.match(colored, /\u001b\[31m- {6}port: 80\u001b\[0m/);
      const plain = await capture(false);
      assert.doesNotMatch(plain, /\u001b\[/);
      assert.equal(colored.replace(/\u001b\[\d+m/g, ''), plain);
      const markdown = await run(['diff', '--base', 'HEAD', '--format', 'markdown'], root);
      assert.doesNotMatch(markdown.stdout, /\u001b\[/);
    } finally {
      removeTemp(root);
    }
  });
});

describe('gwtopo diff: impact fixture (every note kind)', { skip }, () => {
  let root: string;
  let baseCommit: string;
  let headCommit: string;
  before(() => {
    root = tempRepo();
    copyTree(join(IMPACT, 'base', 'topologies'), root, 'topologies');
    writeFiles(root, { 'gwtopo.yaml': readFileSync(join(IMPACT, 'base', 'gwtopo.yaml'), 'utf8') });
    git(root, 'init', '-q');
    git(root, 'symbolic-ref', 'HEAD', 'refs/heads/main');
    baseCommit = commitAll(root, 'base');
    rmSync(join(root, 'topologies'), { recursive: true });
    copyTree(join(IMPACT, 'head', 'topologies'), root, 'topologies');
    writeFiles(root, { 'gwtopo.yaml': readFileSync(join(IMPACT, 'head', 'gwtopo.yaml'), 'utf8') });
    headCommit = commitAll(root, 'head');
  });
  after(() => removeTemp(root));

  /**
   * `gwtopo diff --base HEAD~1 --head HEAD --format json` of the fixture: no test here changes the repository,
   * so the tests that read this report share one run (each gets its own copy).
   */
  let commitsReport: Promise<DiffJson> | undefined;
  const commitsJson = async (): Promise<DiffJson> => structuredClone(await (commitsReport ??= diffJson(root, '--base', 'HEAD~1', '--head', 'HEAD')));

  /** Commit ids differ with the git version's object format; golden files hold placeholders. */
  function normalize(text: string): string {
    return text.split(baseCommit).join('<base-commit>').split(headCommit).join('<head-commit>').split(baseCommit.slice(0, 7)).join('<base>').split(headCommit.slice(0, 7)).join('<head>');
  }

  function golden(name: string, actual: string): void {
    const file = join(IMPACT, 'expected', name);
    if (UPDATE) {
      writeFiles(join(IMPACT, 'expected'), { [name]: actual });
      return;
    }
    assert.equal(actual, readFileSync(file, 'utf8'), `${name} (refresh with UPDATE_GOLDEN=1 npm test and review the change)`);
  }

  test('golden Markdown, JSON and text', async () => {
    for (const [format, name] of [
      ['markdown', 'diff.md'],
      ['json', 'diff.json'],
      ['text', 'diff.txt'],
    ] as const) {
      const r = await run(['diff', '--base', 'HEAD~1', '--head', 'main', '--format', format], root);
      assert.equal(r.code, 0, r.stderr);
      golden(name, normalize(r.stdout));
      if (format === 'text') golden('diff.stderr.txt', normalize(r.stderr));
    }
  });

  test('the working tree as head gives the same report as the head commit', async () => {
    const worktree = await diffJson(root, '--base', 'HEAD~1');
    const commits = await commitsJson();
    assert.deepEqual({ ...worktree, head: null, rerun: null }, { ...commits, head: null, rerun: null });
  });

  test('every note kind is triggered, with what a reviewer needs', async () => {
    const r = await commitsJson();
    assert.deepEqual([...new Set(r.notes.map((n) => n.kind))].sort(), NOTE_KINDS.filter((k) => !('liveOnly' in NOTE_TABLE[k])).sort(), 'every kind but those only diff --live reports');
    const note = (kind: string, where: Partial<ImpactNote> = {}): ImpactNote => {
      const found = r.notes.filter((n) => n.kind === kind && Object.entries(where).every(([k, v]) => n[k as keyof ImpactNote] === v));
      assert.equal(found.length, 1, `one ${kind} note ${JSON.stringify(where)}: ${JSON.stringify(r.notes.filter((n) => n.kind === kind))}`);
      return found[0]!;
    };
    // The installer's gateway-default (managed: false) keeps its slot: the commands leave it, the note says so.
    const removedCluster = note('cluster-removed');
    assert.deepEqual(removedCluster.commands, [
      `kubectl patch dataplane gone -n default --type json -p '[{"op":"remove","path":"/spec/gateway/ingress/internal"}]'`,
      // production carries a copy of the data plane's ingress/internal gateway edge: gwtopo wrote it there, it goes too.
      `kubectl patch environment production -n gone --type json -p '[{"op":"remove","path":"/spec/gateway/ingress/external"},{"op":"remove","path":"/spec/gateway/ingress/internal"}]'`,
    ]);
    assert.match(
      removedCluster.check,
      /ingress\/external of DataPlane default\/gone registers gateway-default \(managed: false: installed and registered by something else, e\.g\. OpenChoreo's Helm chart\), so no command removes it; only if that gateway goes too, run kubectl patch dataplane gone -n default --type json -p '\[\{"op":"remove","path":"\/spec\/gateway\/ingress\/external"\}\]'$/,
    );
    assert.equal(removedCluster.id, 'cluster-removed:gone');
    assert.equal(note('cluster-added').cluster, 'fresh');
    const moved = note('destination-changed');
    assert.deepEqual([moved.cluster, moved.from, moved.to], ['listeners', 'edge-eu-1', 'edge-eu-2']);
    assert.match(moved.check, /delete gwtopo's Gateways from edge-eu-1 by hand/);
    assert.match(note('base-invalid').message, /topologies\/broken\/topology\.yaml:15:34: error: spec\.gateways\[0\]\.listeners\[0\]\.port: must be at least 1/);
    const annotation = note('loadbalancer-recreated', { gateway: 'edge' });
    assert.deepEqual(
      [annotation.cluster, annotation.from, annotation.to],
      ['lb', 'service.beta.kubernetes.io/aws-load-balancer-type=nlb', 'service.beta.kubernetes.io/aws-load-balancer-type=external'],
    );
    const serviceType = note('loadbalancer-recreated', { gateway: 'egress' });
    assert.deepEqual([serviceType.from, serviceType.to], ['Service type LoadBalancer', 'Service type ClusterIP']);
    assert.deepEqual([note('networking-changed').gateway, note('networking-changed').from, note('networking-changed').to], ['egress', 'external', 'internal']);
    const recreated = note('gateway-recreated');
    assert.deepEqual([recreated.gateway, recreated.from, recreated.to], ['api', 'class kgateway, module kgateway', 'class envoy-gateway, module envoy-gateway']);
    assert.deepEqual([note('tls-removed').gateway, note('tls-removed').listener], ['web', 'https']);
    assert.deepEqual([note('listener-removed').gateway, note('listener-removed').listener], ['inner', 'http']);
    assert.deepEqual([note('listener-port-changed', { cluster: 'listeners' }).from, note('listener-port-changed', { cluster: 'listeners' }).to], ['80', '8080']);
    assert.deepEqual([note('listener-host-changed', { from: 'a.example.com' }).to], ['b.example.com']);
    assert.deepEqual([note('listener-host-changed', { from: '(any)' }).to], ['*.example.com']);
    assert.equal(note('gateway-deleted', { cluster: 'envs' }).gateway, 'staging-edge');
    assert.equal(note('gateway-unmanaged').gateway, 'owned');
    assert.equal(note('gateway-managed').gateway, 'helm');
    const moved2 = note('endpoints-moved');
    assert.deepEqual([moved2.environment, moved2.gateway, moved2.from, moved2.to], ['production', 'prod-edge', 'shared', 'prod-edge']);
    assert.match(moved2.message, /published on prod\.example\.com instead of shared\.example\.com$/);
    const added = note('dedicated-gateway-added');
    assert.deepEqual([added.environment, added.gateway, added.from, added.severity], ['production', 'prod-egress', undefined, 'info'], 'a slot nothing served before: nothing moves');
    assert.deepEqual([note('nodeport-removed').gateway, note('nodeport-removed').from, note('nodeport-removed').to], ['np', 'Service type NodePort', 'Service type ClusterIP']);
    assert.deepEqual([note('allowed-routes-narrowed').gateway, note('allowed-routes-narrowed').listener, note('allowed-routes-narrowed').to], ['web', 'http', 'Same']);
    // Renames: one note each, carrying the old and the new name; no registration note for the renamed
    // dedicated gateway; a gateway replaced by one on another port is a deletion.
    const renamed = r.notes.filter((n) => n.cluster === 'renames');
    assert.deepEqual(
      renamed.map((n) => [n.id, n.from ?? null, n.to ?? null]),
      [
        ['gateway-deleted:renames/egress-a', null, null],
        ['gateway-renamed:renames/new-edge', 'old-edge', 'new-edge'],
        ['gateway-renamed:renames/stg-new', 'stg-old', 'stg-new'],
      ],
    );
    assert.match(
      note('gateway-renamed', { gateway: 'new-edge' }).message,
      /^gateway old-edge is renamed to new-edge: the GitOps engine deletes Gateway old-edge \(with its Service and load balancer\) and creates new-edge with a new Service and a new load balancer address; the registration moves to new-edge$/,
    );
    const removed = note('dedicated-gateway-removed');
    assert.deepEqual([removed.environment, removed.gateway], ['staging', 'staging-edge']);
    // The data plane's ingress/internal slot copied onto staging goes with its last own ingress slot.
    assert.deepEqual(removed.commands, [
      `kubectl patch environment staging -n default --type json -p '[{"op":"remove","path":"/spec/gateway/ingress/external"},{"op":"remove","path":"/spec/gateway/ingress/internal"}]'`,
    ]);
    const copied = note('environment-copies', { cluster: 'envs' });
    assert.deepEqual([copied.environment, copied.gateway, copied.from, copied.to], ['production', 'owned', undefined, 'owned']);
    const replaced = note('environment-copies', { cluster: 'parity' });
    assert.deepEqual([replaced.environment, replaced.from, replaced.to], ['production', 'inner-a', 'inner-b']);
    assert.match(replaced.message, /internal, namespace and project endpoint URLs are published on inner-b\.openchoreo-data-plane$/);
    const advertised = note('advertised-port-changed');
    assert.deepEqual([advertised.cluster, advertised.gateway, advertised.listener, advertised.from, advertised.to], ['parity', 'edge', 'http', '29080', '39080']);
    const remapped = note('listener-port-changed', { cluster: 'parity' });
    assert.deepEqual([remapped.listener, remapped.from, remapped.to], ['https', '19443', '19444']);
    assert.match(remapped.message, /clients use port 29443: whatever maps that port onto the listener must forward to 19444 now$/);
    assert.deepEqual([note('websocket-disabled').cluster, note('websocket-disabled').gateway], ['parity', 'out']);
    const stale = note('stale-registration');
    assert.deepEqual(stale.commands, [
      `kubectl patch dataplane default -n default --type json -p '[{"op":"remove","path":"/spec/gateway/ingress/external"},{"op":"remove","path":"/spec/gateway/ingress/internal"}]'`,
    ]);
    assert.match(stale.check, /egress\/external of DataPlane default\/default registers helm \(managed: false/);
  });

  test('every note has its severity and a stable id; destructive ones wait for an acknowledgement', async () => {
    const r = await commitsJson();
    for (const n of r.notes) {
      assert.equal(n.severity, NOTE_TABLE[n.kind].severity, n.kind);
      assert.equal(n.id, n.gateway === undefined ? `${n.kind}:${n.cluster}` : `${n.kind}:${n.cluster}/${n.gateway}`);
      assert.equal(n.acknowledged, n.severity === 'destructive' ? false : undefined, n.id);
    }
    const destructive = [...new Set(r.notes.filter((n) => n.severity === 'destructive').map((n) => n.kind))].sort();
    assert.deepEqual(destructive, NOTE_KINDS.filter((k) => NOTE_TABLE[k].severity === 'destructive' && !('liveOnly' in NOTE_TABLE[k])).sort(), 'every destructive kind is in the fixture');
    assert.deepEqual(r.gate.unacknowledged, [...new Set(r.notes.filter((n) => n.severity === 'destructive').map((n) => n.id))].sort());
    assert.equal(r.gate.failOn, 'none');
    assert.equal(r.exitCode, 0, 'without --fail-on the gate reports and never fails');
  });

  test('resources: identity is cluster, plane, kind, namespace and name; kustomization.yaml is not a resource', async () => {
    const r = await commitsJson();
    assert.ok(r.resources.every((c) => !c.path.endsWith('/kustomization.yaml')));
    const envs = r.resources.filter((c) => c.cluster === 'envs').map((c) => [c.change, c.plane, c.kind, c.namespace ?? null, c.name]);
    assert.deepEqual(envs, [
      ['added', 'data-plane', 'Gateway', 'openchoreo-data-plane', 'helm'],
      ['removed', 'data-plane', 'Gateway', 'openchoreo-data-plane', 'owned'],
      ['added', 'data-plane', 'Gateway', 'openchoreo-data-plane', 'prod-edge'],
      ['added', 'data-plane', 'Gateway', 'openchoreo-data-plane', 'prod-egress'],
      ['removed', 'data-plane', 'Gateway', 'openchoreo-data-plane', 'staging-edge'],
      ['removed', 'data-plane', 'GatewayParameters', 'openchoreo-data-plane', 'owned-params'],
      ['added', 'data-plane', 'GatewayParameters', 'openchoreo-data-plane', 'prod-egress-params'],
      ['added', 'data-plane', 'ListenerPolicy', 'openchoreo-data-plane', 'helm-listeners'],
      ['removed', 'data-plane', 'ListenerPolicy', 'openchoreo-data-plane', 'owned-listeners'],
      ['added', 'data-plane', 'ListenerPolicy', 'openchoreo-data-plane', 'prod-edge-listeners'],
      ['added', 'data-plane', 'ListenerPolicy', 'openchoreo-data-plane', 'prod-egress-listeners'],
      ['removed', 'data-plane', 'ListenerPolicy', 'openchoreo-data-plane', 'staging-edge-listeners'],
      ['removed', 'control-plane', 'DataPlane', 'default', 'default'],
      ['added', 'control-plane', 'DataPlane', 'default', 'west'],
      ['added', 'control-plane', 'Environment', 'default', 'production'],
      ['removed', 'control-plane', 'Environment', 'default', 'staging'],
    ]);
    const total = r.totals.added + r.totals.removed + r.totals.changed;
    assert.equal(total, r.resources.length);
    assert.deepEqual(
      r.summary.reduce((t, s) => [t[0]! + s.added, t[1]! + s.removed, t[2]! + s.changed], [0, 0, 0]),
      [r.totals.added, r.totals.removed, r.totals.changed],
    );
    const added = r.resources.find((c) => c.change === 'added')!;
    assert.match(added.diff, /^--- \/dev\/null\n\+\+\+ b\/overlays\//);
    assert.doesNotMatch(added.diff, /Code generated by gwtopo/, 'the generated header is not part of the resource');
    const engine = r.resources.filter((c) => c.cluster === '_gitops');
    assert.deepEqual(
      engine.map((c) => [c.change, c.plane, c.kind, c.name]),
      [['changed', 'argocd', 'ApplicationSet', 'gwtopo-data-plane']],
      'rendered at base too, though a base topology is broken',
    );
    assert.doesNotMatch(engine[0]!.diff, /Code generated by gwtopo/, 'nor the header of an engine object (from gwtopo.yaml)');
  });
});

describe('gwtopo diff: comment size', { skip }, () => {
  test('500 changed clusters: the Markdown stays under the cap, cut at whole resources, with the exact count left out', async () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 500; i++) files[`topologies/c${String(i).padStart(3, '0')}/topology.yaml`] = topology(`c${String(i).padStart(3, '0')}`, 80);
    const root = gitRepo(files);
    try {
      for (const path of Object.keys(files)) writeFiles(root, { [path]: files[path]!.replace('port: 80', 'port: 81') });
      const json = await diffJson(root, '--base', 'HEAD');
      assert.equal(json.resources.length, 1000, 'json carries every resource');
      for (const cap of [undefined, 20_000]) {
        const r = await run(['diff', '--base', 'HEAD', '--format', 'markdown', ...(cap === undefined ? [] : ['--max-chars', String(cap)])], root);
        assert.equal(r.code, 0, r.stderr);
        const limit = cap ?? 65_000;
        assert.ok([...r.stdout].length <= limit, `${[...r.stdout].length} characters > ${limit}`);
        assert.ok(r.stdout.length <= limit, 'UTF-16 length too');
        const shown = r.stdout.match(/^<summary>changed <code>/gm)?.length ?? 0;
        assert.ok(shown > 0, 'some resources are shown');
        assert.equal(r.stdout.match(/^<details>$/gm)?.length, r.stdout.match(/^<\/details>$/gm)?.length, 'no resource is cut in half');
        const footer = /\*\*(\d+) of (\d+) resources left out\*\* to stay under (\d+) characters\. Run `npx gwtopo diff --base HEAD --format text` locally to see everything\.\n$/.exec(r.stdout);
        assert.ok(footer !== null, r.stdout.slice(-300));
        assert.deepEqual([Number(footer[1]), Number(footer[2]), Number(footer[3])], [1000 - shown, 1000, limit]);
        // The summary line counts everything, even what is left out.
        assert.match(r.stdout, /\*\*0 added, 0 removed, 1000 changed\*\* resources in 500 clusters/);
      }
    } finally {
      removeTemp(root);
    }
  });
});
